"""What `check` needs of its git scopes before git runs: the flags, whether one was given, and
the error git's failures raise (`linter.gitio` re-exports it).

Apart from `gitscan` and `gitio` because every run parses these flags and catches this error,
and a pre-commit hook handed file names should not import the git machinery to do so.
"""

from __future__ import annotations

import argparse


class GitError(Exception):
    """git is missing, the folder is no repository, a ref is bad: one line, exit 2."""


def add_arguments(check: argparse.ArgumentParser) -> None:
    """`--staged` and `--diff REF` on `check`; either makes PATH a git pathspec."""
    group = check.add_mutually_exclusive_group()
    group.add_argument(
        "--staged",
        action="store_true",
        help="scan the staged content (the index, what `git commit` will record) of added, "
        "copied, modified and renamed files; PATHs restrict it",
    )
    group.add_argument(
        "--diff",
        metavar="REF",
        help="report only findings on lines added or changed since the merge-base of REF and "
        "HEAD, uncommitted changes included; PATHs restrict it",
    )


def active(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "staged", False) or getattr(args, "diff", None))
