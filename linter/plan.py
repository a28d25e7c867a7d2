"""A run's files as units of work that any process can take, put back in the walk's order.

One walk of a large tree was this process's job while forked workers swept what it listed:
it walked, named and handed out every file (60 ms of Python for 19k files), while the workers
waited for it. A `Plan` cuts the work before any worker exists: a folder's walk into the
subtrees found in its first levels (`discovery.Walk`), git's listing of a repository into
slices, any other list of files into chunks. Each unit gives its files with their report
names when called, in any process (forked workers inherit the plan), and the units in order
give exactly what one walk gives.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from linter import discovery, git_files
from linter.discovery import FileRef, Filter
from linter.findings import Skipped

# A file (as walked, and its report name), or what the walk did not scan, with the reason.
Item = tuple[str, str] | Skipped
Unit = Callable[[], list[Item]]

CHUNK = 256  # files per unit of a plain list
UNITS = 64  # units a folder's walk or git's listing is cut into, at least (if it has them)
_MOST = 4096  # units at most: their numbers are queued in one pipe (`linter.sweep_workers`)


class Plan:
    """The units (`items(n)`: the n-th unit's items), and how many files they hold when that
    is known before any is walked (`known`: None while folders are still to be listed)."""

    __slots__ = ("known", "units")

    def __init__(self, units: list[Unit], known: int | None) -> None:
        self.units = units
        self.known = known

    def items(self, number: int) -> list[Item]:
        return self.units[number]()

    def __iter__(self) -> Iterator[FileRef | Skipped]:
        """The files and skips of every unit in order, as `discovery.iter_files` gives them."""
        for unit in self.units:
            for item in unit():
                yield item if isinstance(item, Skipped) else FileRef(*item)

    def where(self, keep: Callable[[Item], bool]) -> Plan:
        """The same units with only the items `keep` accepts (`--shard`)."""

        def narrowed(unit: Unit) -> Unit:
            return lambda: [item for item in unit() if keep(item)]

        return Plan([narrowed(unit) for unit in self.units], self.known)

    @classmethod
    def of(cls, refs: Iterable[FileRef | Skipped], size: int | None = None) -> Plan:
        """Any list of files (named on the command line, staged, a library caller's), listed
        now and cut into units of `size` (`CHUNK`)."""
        size = size or CHUNK
        items: list[Item] = [r if isinstance(r, Skipped) else (r.file, r.display) for r in refs]
        parts = [items[start : start + size] for start in range(0, len(items), size)]
        files = sum(1 for item in items if not isinstance(item, Skipped))
        return cls([_fixed(part) for part in parts], files)


def _fixed(part: list[Item]) -> Unit:
    return lambda: part


def of_paths(
    paths: Sequence[Path],
    cwd: Path | None = None,
    rules: Filter | None = None,
    force_exclude: bool = False,
    want: int = UNITS,
) -> Plan:
    """What `discovery.iter_files` lists, as a plan: one folder (how a tree is scanned) is
    cut into parts of its walk or of git's listing; anything else is listed first."""
    if len(paths) != 1 or not paths[0].is_dir():
        return Plan.of(discovery.iter_files(paths, cwd, rules, force_exclude))
    root = paths[0]
    base = cwd or Path.cwd()
    judge = rules or discovery.DefaultFilter(str(base))
    show = discovery.shown_below(root, base)

    def named(part: Callable[[], Iterable[str | Skipped]]) -> Unit:
        def unit() -> list[Item]:
            return [
                (found, show(found))
                if type(found) is str
                else Skipped(discovery.display_path(Path(found.path), base), found.reason)  # type: ignore[union-attr]
                for found in part()
            ]

        return unit

    parts, known = _parts(root, judge, min(want, _MOST))
    return Plan([named(part) for part in parts], known)


def _parts(
    folder: Path, rules: Filter, want: int
) -> tuple[list[Callable[[], Iterable[str | Skipped]]], int | None]:
    """A folder's files in parts, as `discovery.files_below` chooses between git's listing
    and a walk; with how many files they hold, if known."""
    gitignore = rules.respect_gitignore(os.path.abspath(folder))  # noqa: PTH100
    if gitignore:
        listed = git_files.ls_files(folder)
        if listed is not None:
            parts = git_files.parts(
                folder, listed, rules, discovery.files_below, discovery.symlink_reason, want
            )
            return parts, len(listed.names)
    return _walk_parts(discovery.Walk(folder, rules, gitignore), want)


def _walk_parts(
    tree: discovery.Walk, want: int
) -> tuple[list[Callable[[], Iterable[str | Skipped]]], int | None]:
    """The walk cut into subtrees: folders are listed a level at a time, each replaced in
    place by its own files and its subfolders (which keeps the walk's order), until there are
    `want` subtrees or none left. Known: the count of files, when the tree ran out first."""
    parts: list[list[str | Skipped] | discovery.Folder] = [tree.start]
    while True:
        folders = sum(1 for part in parts if isinstance(part, tuple))
        if not folders or folders >= want:
            break
        expanded: list[list[str | Skipped] | discovery.Folder] = []
        for part in parts:
            if isinstance(part, tuple):
                found, subdirs = tree.folder(part)
                if found:
                    expanded.append(found)
                expanded += subdirs
            else:
                expanded.append(part)
        parts = expanded
    units: list[Callable[[], Iterable[str | Skipped]]] = []
    for part in parts:
        if isinstance(part, tuple):
            units.append(_subtree(tree, part))
        else:  # a folder's own files, in units of CHUNK (a flat folder of 10k files)
            units += [_fixed_names(part[at : at + CHUNK]) for at in range(0, len(part), CHUNK)]
    listed = [part for part in parts if not isinstance(part, tuple)]
    if len(listed) < len(parts):
        return units, None
    return units, sum(1 for part in listed for found in part if not isinstance(found, Skipped))


def _subtree(
    tree: discovery.Walk, folder: discovery.Folder
) -> Callable[[], Iterable[str | Skipped]]:
    return lambda: tree.below(folder)


def _fixed_names(part: list[str | Skipped]) -> Callable[[], Iterable[str | Skipped]]:
    return lambda: part
