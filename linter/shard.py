"""`--shard K/N`: one of N deterministic parts of a scan, for CI matrices over big trees.

A file belongs to shard `1 + blake2b(path) mod N`, where the path is the file's posix path
relative to the scan argument it was found under: the same on every machine, OS and Python
(unlike `hash()`, which is salted per process), wherever the repository is checked out. Every
file is in exactly one shard, so the shards' reports merged (`first-party-lint merge`) are the
full scan's, with one exception said in the README: the cross-module Python pass only sees
the files of its own shard.
"""

# Annotations are evaluated here, no `from __future__ import annotations`: the NamedTuple
# below would compile each string annotation at every start-up (see linter/findings.py).
import argparse
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from linter.discovery import FileRef
from linter.findings import Skipped
from linter.plan import Item, Plan


class Shard(NamedTuple):
    part: int  # 1-based, as users write it
    total: int


def parse(text: str) -> Shard:
    """`K/N` with 1 <= K <= N, or ValueError with the reason (argparse shows it)."""
    index, sep, count = text.partition("/")
    try:
        shard = Shard(int(index), int(count))
    except ValueError:
        shard = Shard(0, 0)
    if not sep or shard.total < 1 or not 1 <= shard.part <= shard.total:
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N, got {text!r}")
    return shard


def add_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--shard",
        type=parse,
        metavar="K/N",
        help="scan only part K of N (deterministic by path; join the reports with 'merge')",
    )


def bucket(relative: str, count: int) -> int:
    """The 0-based shard of a `/`-separated relative path."""
    from linter import digests  # not at the top: a run without --shard does not pay for it

    digest = digests.blake2b(relative.encode("utf-8", "surrogateescape"), digest_size=8)
    return int.from_bytes(digest.digest(), "big") % count


def relative_to_root(path: str | Path, roots: Sequence[Path]) -> str:
    """The path below the scan argument it came from, `/`-separated; else as given."""
    text = os.fspath(path)
    for root in roots:
        base = os.fspath(root)
        if text == base:
            return os.path.basename(text)  # noqa: PTH119
        prefix = base if base.endswith(os.sep) else base + os.sep
        if text.startswith(prefix):
            return text[len(prefix) :].replace(os.sep, "/")
    return text.replace(os.sep, "/")


def select(
    items: Plan | Iterable[FileRef | Skipped], roots: Sequence[Path], shard: Shard | None
) -> Plan:
    """The items of `shard` (all of them when None), in their original order, as a plan
    (whose units are narrowed where they are walked)."""
    plan = items if isinstance(items, Plan) else Plan.of(items)
    if shard is None or shard.total == 1:
        return plan
    want, total = shard.part - 1, shard.total

    def mine(item: Item) -> bool:
        # A skip (a symlink, an unreadable folder) is listed by exactly one shard too.
        key = item.path if isinstance(item, Skipped) else relative_to_root(item[0], roots)
        return bucket(key, total) == want

    return plan.where(mine)
