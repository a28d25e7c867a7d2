"""A run's files as units of work that any process can take, put back in the walk's order.

One walk of a large tree was this process's job while forked workers swept what it listed:
it walked, named and handed out every file (60 ms of Python for 19k files), while the workers
waited for it. A `Plan` cuts the work before any worker exists: a folder's walk into the
subtrees found in its first levels (`linter.walk`), git's listing of a repository into
slices, any other list of files into chunks. Each unit gives its files with their report
names when called, in any process (forked workers inherit the plan), and the units in order
give exactly what one walk gives.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from linter import discovery, git_files, walk
from linter.discovery import FileRef
from linter.findings import Skipped
from linter.walk import Filter

# A file (as walked, and its report name), or what the walk did not scan, with the reason.
Item = tuple[str, str] | Skipped
# A unit's items as lists: the files as walked, their report names (often the same list),
# and the skips, each with its place among the unit's items.
Listing = tuple[list[str], list[str], list[tuple[int, Skipped]]]
Unit = Callable[[], Listing]

CHUNK = 256  # files per unit of a plain list
UNITS = 64  # units a folder's walk or git's listing is cut into, at least (if it has them)
# Units at most: their numbers are queued in one pipe before any process reads it (4 bytes
# each, `linter.sweep_workers`), which holds 64 KiB; past it, neighbours are joined.
MOST = 4096


class Plan:
    """The units (`items(n)`: the n-th unit's items), and how many files they hold when that
    is known before any is walked (`known`: None while folders are still to be listed)."""

    __slots__ = ("known", "units")

    def __init__(self, units: list[Unit], known: int | None) -> None:
        self.units = units if len(units) <= MOST else _grouped(units, MOST)
        self.known = known

    def listing(self, number: int) -> Listing:
        return self.units[number]()

    def items(self, number: int) -> list[Item]:
        """The n-th unit's items in order."""
        return items_of(*self.units[number]())

    def __iter__(self) -> Iterator[FileRef | Skipped]:
        """The files and skips of every unit in order, as `discovery.iter_files` gives them."""
        for number in range(len(self.units)):
            for item in self.items(number):
                yield item if isinstance(item, Skipped) else FileRef(*item)

    def where(self, keep: Callable[[Item], bool]) -> Plan:
        """The same units with only the items `keep` accepts (`--shard`)."""

        def narrowed(unit: Unit) -> Unit:
            return lambda: _listing([item for item in items_of(*unit()) if keep(item)])

        return Plan([narrowed(unit) for unit in self.units], self.known)

    @classmethod
    def of(cls, refs: Iterable[FileRef | Skipped], size: int | None = None) -> Plan:
        """Any list of files (named on the command line, staged, a library caller's), listed
        now and cut into units of `size` (`CHUNK`)."""
        size = size or CHUNK
        items: list[Item] = [r if isinstance(r, Skipped) else (r.file, r.display) for r in refs]
        parts = [items[start : start + size] for start in range(0, len(items), size)]
        files = sum(1 for item in items if not isinstance(item, Skipped))
        return cls([_fixed(_listing(part)) for part in parts], files)


def items_of(paths: list[str], displays: list[str], skips: list[tuple[int, Skipped]]) -> list[Item]:
    """A listing's items in order."""
    files = zip(paths, displays, strict=True)
    found: list[Item] = []
    for place, skipped in skips:
        found += itertools.islice(files, place - len(found))
        found.append(skipped)
    found += files
    return found


def _listing(items: list[Item]) -> Listing:
    paths: list[str] = []
    displays: list[str] = []
    skips: list[tuple[int, Skipped]] = []
    for place, item in enumerate(items):
        if isinstance(item, Skipped):
            skips.append((place, item))
        else:
            paths.append(item[0])
            displays.append(item[1])
    return paths, displays, skips


def _fixed(listing: Listing) -> Unit:
    return lambda: listing


def _grouped(units: list[Unit], most: int) -> list[Unit]:
    """`units` joined into at most `most` units of neighbours, in order."""
    size = -(-len(units) // most)
    return [_joined(units[at : at + size]) for at in range(0, len(units), size)]


def _joined(units: list[Unit]) -> Unit:
    def unit() -> Listing:
        paths: list[str] = []
        displays: list[str] = []
        skips: list[tuple[int, Skipped]] = []
        for part in units:
            files, names, skipped = part()
            start = len(paths) + len(skips)
            skips += [(start + place, skip) for place, skip in skipped]
            paths += files
            displays += names
        return paths, displays, skips

    return unit


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

    def named(part: Callable[[], tuple[list[str], list[tuple[int, Skipped]]]]) -> Unit:
        def unit() -> Listing:
            files, skips = part()
            shown = [
                (place, Skipped(discovery.display_path(Path(s.path), base), s.reason))
                for place, s in skips
            ]
            return files, show.many(files), shown

        return unit

    parts, known = _parts(root, judge, min(want, MOST))
    return Plan([named(part) for part in parts], known)


Collect = Callable[[], tuple[list[str], list[tuple[int, Skipped]]]]


def _parts(folder: Path, rules: Filter, want: int) -> tuple[list[Collect], int | None]:
    """A folder's files in parts, as `discovery.files_below` chooses between git's listing
    and a walk; with how many files they hold, if known."""
    gitignore, listed = discovery.listing_source(folder, rules)
    if listed is not None:
        parts = git_files.parts(
            folder, listed, rules, discovery.files_below, walk.symlink_reason, want
        )
        return [_collected(part) for part in parts], len(listed.names)
    return _walk_parts(walk.Walk(folder, rules, gitignore), want)


def _collected(part: Callable[[], Iterable[str | Skipped]]) -> Collect:
    def collect() -> tuple[list[str], list[tuple[int, Skipped]]]:
        files: list[str] = []
        skips: list[tuple[int, Skipped]] = []
        for found in part():
            if type(found) is str:
                files.append(found)
            else:
                assert isinstance(found, Skipped)
                skips.append((len(files) + len(skips), found))
        return files, skips

    return collect


class _Listed:
    """A folder's own files and skips, listed while the walk was cut."""

    __slots__ = ("files", "skips")

    def __init__(self, files: list[str], skips: list[tuple[int, Skipped]]) -> None:
        self.files = files
        self.skips = skips


class _Node:
    """A folder of the cut: not listed yet (`children` None: a subtree unit), or listed."""

    __slots__ = ("children", "folder")

    def __init__(self, folder: walk.Folder) -> None:
        self.folder = folder
        self.children: list[_Listed | _Node] | None = None


def _walk_parts(tree: walk.Walk, want: int) -> tuple[list[Collect], int | None]:
    """The walk cut into subtrees: folders are listed breadth first, each replaced by its own
    files and its subfolders, until `want` folders are left unlisted or none is; the tree of
    the cut read depth first then gives the walk's order. Each folder is listed once (a
    chain of single folders thousands deep costs what its walk costs). Known: the count of
    files, when the tree ran out first."""
    root = _Node(tree.start)
    waiting = collections.deque([root])
    while waiting and len(waiting) < want:
        node = waiting.popleft()
        files, skips, subdirs = tree.folder(node.folder)
        children: list[_Listed | _Node] = [_Listed(files, skips)] if files or skips else []
        for subdir in subdirs:
            child = _Node(subdir)
            children.append(child)
            waiting.append(child)
        node.children = children
    parts: list[_Listed | walk.Folder] = []
    stack: list[_Listed | _Node] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, _Listed):
            parts.append(item)
        elif item.children is None:
            parts.append(item.folder)
        else:
            stack.extend(reversed(item.children))
    units: list[Collect] = []
    for part in parts:
        if not isinstance(part, _Listed):
            units.append(_subtree(tree, part))
        elif part.skips:  # rare (links, unreadable folders): one unit, places kept
            units.append(_fixed_files(part.files, part.skips))
        else:  # a folder's own files, in units of CHUNK (a flat folder of 10k files)
            files = part.files
            units += [
                _fixed_files(files[at : at + CHUNK], []) for at in range(0, len(files), CHUNK)
            ]
    if waiting:
        return units, None
    return units, sum(len(part.files) for part in parts if isinstance(part, _Listed))


def _subtree(tree: walk.Walk, folder: walk.Folder) -> Collect:
    return lambda: tree.collect(folder)


def _fixed_files(files: list[str], skips: list[tuple[int, Skipped]]) -> Collect:
    return lambda: (files, skips)
