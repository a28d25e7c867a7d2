"""Discovery inside a git repository: git's own list of files instead of a walk.

`git ls-files --cached --others --exclude-standard` names the tracked files and the untracked
ones that no `.gitignore`, `.git/info/exclude` or global excludes file ignores: exactly what the
user's git considers the project, for the price of reading the index (no walk of ignored
folders such as a 100k-file `node_modules`). Anything unusual falls back to the plain walk:
no git on PATH, a folder outside any repository, a repository git refuses (`safe.directory`).
"""

# Annotations are evaluated here, no `from __future__ import annotations`: the NamedTuple
# below would compile each string annotation at every start-up (see linter/findings.py).
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from linter import git_prefetch
from linter.findings import Skipped
from linter.walk import VCS_DIRS, is_venv

if TYPE_CHECKING:
    from linter.walk import Filter

# git's words for a folder it could not list; the walk reports such folders, so this does too.
_UNREADABLE = r"could not open directory '(.*)': (.*)"  # compiled by `re` on use, not import
_TIMEOUT = 300.0
_ALONE = 8  # a folder's listing is read at the 8th name git gives in it; those before, alone


class Listed(NamedTuple):
    names: list[str]  # `/`-separated, relative to the folder git ran in
    unreadable: list[tuple[str, str]]  # (relative folder, git's reason)


def ls_files(folder: Path) -> Listed | None:
    """git's list of the project's files below `folder`, or None to fall back to a walk."""
    if not git_prefetch.in_repository(str(folder)):
        return None
    prefetched = git_prefetch.take(os.path.abspath(folder))  # noqa: PTH100
    if prefetched is not None:  # started with the process (linter.git_prefetch)
        answer = prefetched.result(_TIMEOUT)
        prefetched.stop()
    else:
        answer = _run(["git", "-C", str(folder), *git_prefetch.COMMAND])
    if answer is None or answer[0] != 0:  # not a repository (128), or one git will not read
        return None
    _code, stdout, stderr = answer
    listed = dict.fromkeys(os.fsdecode(stdout).split("\0"))  # a conflict lists a name 3x
    listed.pop("", None)
    names = sorted(listed, key=walk_order)
    unreadable = []
    for line in stderr.decode("utf-8", "replace").splitlines():
        match = re.search(_UNREADABLE, line)
        if match:
            unreadable.append((match.group(1).rstrip("/"), match.group(2)))
    return Listed(names, unreadable)


def _run(command: list[str]) -> tuple[int, bytes, bytes] | None:
    """git's exit status, stdout and stderr; None when it cannot run or hangs."""
    import subprocess  # here: a hook given file names never lists a folder

    try:
        done = subprocess.run(command, capture_output=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):  # no git, or git hanging on a broken repo
        return None
    return done.returncode, done.stdout, done.stderr


def walk_order(name: str) -> str:
    """The order of `discovery.walk`: in each folder its files by name, then its folders.

    As one string, cheap to compare: each folder part marked \x02 and the file \x01, joined
    by \x00, which sorts below any character a name can hold ("a" before "a-b", as by name).
    """
    folder, _, file = name.rstrip("/").rpartition("/")
    if not folder:
        return "\x01" + file
    return "\x02" + folder.replace("/", "\x00\x02") + "\x00\x01" + file


def files(
    folder: Path,
    listed: Listed,
    rules: "Filter",
    below: "Callable[[Path, Filter], Iterator[str | Skipped]]",
    symlink_reason: Callable[[str, str], str],
) -> Iterator[str | Skipped]:
    """git's list with the walk's guarantees: excluded and virtual-environment folders left
    out, symbolic links noted and not followed, files deleted since they were staged dropped,
    submodules and nested repositories listed through `below` (their own git, or a walk)."""
    top = os.path.abspath(folder)  # noqa: PTH100
    real_root = os.path.realpath(folder)
    for rel, reason in listed.unreadable:
        why = "permission denied" if "denied" in reason else f"cannot be read: {reason}"
        yield Skipped(str(folder / rel), f"folder {why}")
    if not listed.names and _has_entries(folder, VCS_DIRS):
        yield Skipped(str(folder), "folder ignored by git (--no-respect-gitignore scans it)")
    pruned: dict[str, bool] = {"": False}
    # Each file as `folder / rel` spells it, without a Path per file (a large tree's cost).
    base = os.fspath(folder)
    head = "" if base == os.curdir else base if base.endswith(os.sep) else base + os.sep

    def left_out(rel_dir: str) -> bool:
        known = pruned.get(rel_dir)
        if known is None:
            parent, _, name = rel_dir.rpartition("/")
            full = os.path.join(top, rel_dir)  # noqa: PTH118
            known = left_out(parent) or (
                name in VCS_DIRS or is_venv(full) or rules.excluded(full, True)
            )
            pruned[rel_dir] = known
        return known

    # One listing per folder instead of an lstat per file: git names each folder's files
    # together (`walk_order`), and the folder's entries tell a file from a link, a folder (a
    # submodule) or a device without a system call each (19k lstats of absolute paths in this
    # process were most of a repository scan's time). A folder git names fewer than `_ALONE`
    # files in has them looked at alone (it may hold a few tracked files among thousands of
    # ignored ones), and so is a name its listing lacks: deleted since it was staged, or
    # spelled otherwise on a case-insensitive disk.
    folder_of: str | None = None
    kinds: dict[str, os.DirEntry[str]] | None = None
    absolute = top
    skip_folder = judge_files = False
    seen = 0
    names = listed.names
    for at, name in enumerate(names):
        rel = name.rstrip("/")
        rel_dir, _, leaf = rel.rpartition("/")
        if rel_dir != folder_of:
            folder_of, kinds, seen = rel_dir, None, 0
            skip_folder = left_out(rel_dir)
            if skip_folder:
                continue
            absolute = os.path.join(top, rel_dir) if rel_dir else top  # noqa: PTH118
            judge_files = rules.files_excluded_in(absolute)
            # A folder's names are neighbours in walk order: its `_ALONE`-th one says at once
            # whether to list it (7 lstats a folder were a tenth of a repository's scan).
            ahead = at + _ALONE - 1
            if ahead < len(names) and names[ahead].rstrip("/").rpartition("/")[0] == rel_dir:
                kinds, seen = _entries(absolute), _ALONE
        elif skip_folder:
            continue
        seen += 1
        if seen == _ALONE:
            kinds = _entries(absolute)
        given = head + (rel if os.sep == "/" else rel.replace("/", os.sep))
        entry = None if kinds is None else kinds.get(leaf)
        if entry is not None and entry.is_file(follow_symlinks=False):
            if not judge_files or not rules.excluded(os.path.join(top, rel), False):  # noqa: PTH118
                yield given  # most names end here
            continue
        full = os.path.join(top, rel)  # noqa: PTH118
        try:
            mode = os.lstat(full).st_mode
        except FileNotFoundError:  # staged, then deleted from the working tree
            continue
        except OSError as exc:
            yield Skipped(given, f"cannot be examined: {exc.strerror or exc}")
            continue
        is_dir = stat.S_ISDIR(mode)
        if rules.excluded(full, is_dir):
            continue
        if stat.S_ISLNK(mode):
            yield Skipped(given, symlink_reason(given, real_root))
        elif is_dir:  # a submodule or a nested repository
            if not left_out(rel):
                yield from below(Path(given), rules)
        elif stat.S_ISREG(mode):
            yield given
        else:
            yield Skipped(str(given), "not a regular file (a device, FIFO or socket)")


def parts(
    folder: Path,
    listed: Listed,
    rules: "Filter",
    below: "Callable[[Path, Filter], Iterator[str | Skipped]]",
    symlink_reason: Callable[[str, str], str],
    want: int,
) -> list[Callable[[], Iterable[str | Skipped]]]:
    """`files` in `want` slices of git's list (`linter.plan`), in order: the first also says
    which folders git could not read, or that it listed nothing."""
    size = max(1, -(-len(listed.names) // want))
    slices = [listed.names[start : start + size] for start in range(0, len(listed.names), size)]

    def part(number: int, names: list[str]) -> Callable[[], Iterable[str | Skipped]]:
        piece = Listed(names, listed.unreadable if number == 0 else [])
        return lambda: files(folder, piece, rules, below, symlink_reason)

    return [part(number, names) for number, names in enumerate(slices or [[]])]


def _entries(folder: str) -> dict[str, os.DirEntry[str]] | None:
    """A folder's entries by name (None when it cannot be listed: each name is then looked up
    alone, as a folder readable but not listable still lets one open its files)."""
    try:
        with os.scandir(folder) as listing:
            return {entry.name: entry for entry in listing}
    except OSError:
        return None


def _has_entries(folder: Path, ignored: frozenset[str]) -> bool:
    """Whether a folder git listed nothing in holds anything, so the user learns why it was
    not scanned (an empty repository has only `.git`)."""
    try:
        with os.scandir(folder) as listing:
            return any(entry.name not in ignored for entry in listing)
    except OSError:
        return False
