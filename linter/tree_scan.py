"""A run over many files: the sweep, its workers, and the pass across Python modules.

`linter.engine` turns one file into one result. A run over a tree settles almost every file
with the sweep (`linter.sweep`), over the units of a plan (`linter.plan`) that this process
and forked workers walk and sweep (`linter.sweep_workers`), sends the files the sweep keeps
through `engine.scan_file` (in the workers, or here), then follows constants across the
Python modules of the set (`linter.flows`), the one step that needs more than one file.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast, overload

from linter import scanners
from linter.catalog import Catalog
from linter.discovery import FileRef
from linter.engine import ScanOptions, scan_file, scan_files
from linter.findings import FileResult, Finding, Location, Scanned, Skipped
from linter.plan import Plan

if TYPE_CHECKING:
    from linter.flows import Constant
    from linter.sweep_workers import Flag, Key, Part


_FIRST = itemgetter(0)


class Swept:
    """A run's files after the sweep: each unit's `Part`, and the results of the files it
    kept (by `sweep_workers.Key`). Every other file is clean, and is not given an object of its
    own unless asked (`every`): 19k results and file records made one by one were 20 ms of
    this process's time after the workers were done. `known`: what the cross-module pass
    needs of the Python files scanned in a worker (`flows.constants_of`), by report name."""

    def __init__(
        self,
        parts: list[Part],
        done: dict[Key, FileResult],
        known: dict[str, list[Constant]],
        max_bytes: int,
    ) -> None:
        self.parts = parts
        self.done = done
        self.known = known
        self.max_bytes = max_bytes
        self.starts: list[int] = []  # the position of each unit's first item
        count = 0
        for part in parts:
            self.starts.append(count)
            count += len(part.paths) + len(part.skips)
        self.count = count

    def kept(self) -> list[tuple[int, Key]]:
        """The position (among all items) and key of each file the sweep kept, in order."""
        found = []
        for number, part in enumerate(self.parts):
            places = part.places()
            start = self.starts[number]
            found += [(start + places[index], (number, index)) for index in part.kept]
        return found

    def item(self, position: int) -> FileRef | Skipped:
        number = bisect.bisect_right(self.starts, position) - 1
        found = self.parts[number].items()[position - self.starts[number]]
        return found if isinstance(found, Skipped) else FileRef(*found)

    def items(self) -> Iterator[FileRef | Skipped]:
        for part in self.parts:
            for found in part.items():
                yield found if isinstance(found, Skipped) else FileRef(*found)

    def every(self) -> list[FileResult]:
        """Every item's result, in order: a clean file's is `Scanned(name)`."""
        results: list[FileResult] = []
        for number, part in enumerate(self.parts):
            unit: list[FileResult] = [
                found if isinstance(found, Skipped) else Scanned(found[1]) for found in part.items()
            ]
            places = part.places()
            for index in part.kept:
                unit[places[index]] = self.done[(number, index)]
            results += unit
        return results

    def compact(self) -> tuple[list[FileResult], list[str]]:
        """The results of the kept files and the skips, in order, and the report names of the
        clean files: what a report needs, without an object per clean file."""
        results: list[FileResult] = []
        clean: list[str] = []
        for number, part in enumerate(self.parts):
            if not part.kept:
                clean += part.displays
                results += [skipped for _, skipped in part.skips]
                continue
            kept = set(part.kept)
            clean += [name for index, name in enumerate(part.displays) if index not in kept]
            places = part.places()
            found: list[tuple[int, FileResult]] = [
                (places[index], self.done[(number, index)]) for index in part.kept
            ]
            if part.skips:
                found = sorted([*part.skips, *found], key=_FIRST)
            results += [result for _, result in found]
        return results, clean


def swept(
    refs: Iterable[FileRef | Skipped],
    catalog: Catalog,
    options: ScanOptions,
    flag: Flag | None = None,
) -> Swept:
    """The sweep (`linter.sweep`) over the units of a plan (`linter.plan`; any other list of
    files is made one), in worker processes (`linter.sweep_workers`) that walk, sweep and scan
    what they keep; what this process kept and no worker scanned goes through `scan_file`
    here, or in a pool with `--jobs` where there are no forks. `flag`: set here when it is
    set in a worker (`sweep_workers.Flag`)."""
    from linter import parallel, sweep_workers

    def parse(path: str, display: str) -> tuple[FileResult, list[Constant] | None]:
        ref = FileRef(path, display)  # in a forked worker, or here for a unit swept here
        result = scan_file(ref, catalog, options)
        try:
            from linter import flows  # a file the sweep kept: not a clean run's import

            return result, flows.constants_of(ref, result, options.max_bytes)
        except Exception:  # the second pass only adds precision: it runs again, or not at all
            return result, None

    processes = 1 if options.jobs == 1 else parallel.workers(options.jobs)
    sweeper = sweep_workers.Sweeper(
        catalog, options.max_bytes, processes, parse, (_to_wire, _from_wire), flag
    )
    plan = refs if isinstance(refs, Plan) else Plan.of(refs)
    try:
        parts, parsed = sweeper.run(plan)
    finally:
        sweeper.close()
    done: dict[Key, FileResult] = {}
    known: dict[str, list[Constant]] = {}
    for key, (found, constants) in parsed.items():
        done[key] = found
        if constants is not None:
            known[found.path] = constants  # a result's path is its file's display
    todo = [
        (number, index)
        for number, part in enumerate(parts)
        for index in part.kept
        if (number, index) not in done
    ]
    refs_todo = [FileRef(parts[n].paths[i], parts[n].displays[i]) for n, i in todo]
    if options.jobs == 1:
        here = list(scan_files(refs_todo, catalog, options))
    else:
        here = parallel.scan_files(refs_todo, catalog, options)
    done.update(zip(todo, here, strict=True))
    return Swept(parts, done, known, options.max_bytes)


# Findings a result holds before it crosses a worker's pipe as plain tuples: pickle calls
# Python code for each Finding and Location (12-15 ms for a data file's 3,400 findings, in the
# worker) and writes tuples of strings and numbers in C (3 ms; rebuilding them here, 5 ms).
_WIRE_FROM = 64


def _to_wire(parsed: tuple[FileResult, list[Constant] | None]) -> object:
    result, constants = parsed
    if not isinstance(result, Scanned) or len(result.findings) < _WIRE_FROM:
        return parsed
    path = result.path
    if any(finding.location.path != path for finding in result.findings):
        return parsed  # never so today; the plain tuples leave the path out
    rows = [(*finding.location[1:], *finding[1:]) for finding in result.findings]
    fields = (path, rows, result.notes, result.suppressions, result.suppressed)
    return ("rows", fields, constants)


def _from_wire(sent: Any) -> tuple[FileResult, list[Constant] | None]:
    if len(sent) == 2:  # as `parse` returned it
        return cast("tuple[FileResult, list[Constant] | None]", sent)
    _, (path, rows, notes, suppressions, suppressed), constants = sent
    findings = tuple(
        [Finding(Location(path, line, column, end), *rest) for line, column, end, *rest in rows]
    )
    return Scanned(path, findings, notes, suppressions, suppressed), constants


def scan_all(
    refs: Iterable[FileRef | Skipped], catalog: Catalog, options: ScanOptions
) -> list[FileResult]:
    """Every file scanned on its own, then constants followed across the Python modules of the
    set (`linter.flows`): each item's result, in order (library callers, tests)."""
    run = swept(refs, catalog, options)
    _follow(run)
    return run.every()


def scan_tree(
    refs: Iterable[FileRef | Skipped],
    catalog: Catalog,
    options: ScanOptions,
    flag: Flag | None = None,
) -> tuple[list[FileResult], list[str]]:
    """What the CLI runs: `scan_all` in the compact form of `Swept.compact` (the results that
    carry something, and the report names of the clean files)."""
    run = swept(refs, catalog, options, flag)
    _follow(run)
    return run.compact()


def _follow(run: Swept) -> None:
    """The cross-module pass, its changes made to `run.done`; skipped (with its imports)
    when no Python file the workers scanned defines a constant."""
    kept = run.kept()
    by_position = {position: run.done[key] for position, key in kept}
    defining = [
        position
        for position, key in kept
        if _may_define(run.parts[key[0]].paths[key[1]], run.done[key], run.known)
    ]
    if not defining:
        return  # nothing to follow: the pass (and its 5 ms of imports) is skipped
    from linter import flows

    keys = dict(kept)
    try:
        changed = flows.upgrades(_Items(run), by_position, defining, run.max_bytes, run.known)
    except Exception:  # the second pass only adds precision; its failure must cost nothing else
        return
    for position, result in changed.items():
        run.done[keys[position]] = result


def _may_define(path: str, result: FileResult, known: dict[str, list[Constant]]) -> bool:
    """Whether a file may hold a constant for the cross-module pass: a Python file with
    findings, unless where it was scanned `flows.constants_of` found none in it."""
    if not (isinstance(result, Scanned) and result.findings):
        return False
    return scanners.is_python(os.path.basename(path)) and known.get(result.path) != []  # noqa: PTH119


class _Items(Sequence[FileRef | Skipped]):
    """Every item of a run, made on demand: the cross-module pass asks for few of them (the
    files that define a constant) and lists the Python files among the rest."""

    def __init__(self, run: Swept) -> None:
        self.run = run

    def __len__(self) -> int:
        return self.run.count

    @overload
    def __getitem__(self, index: int) -> FileRef | Skipped: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[FileRef | Skipped]: ...

    def __getitem__(self, index: int | slice) -> FileRef | Skipped | Sequence[FileRef | Skipped]:
        if isinstance(index, slice):
            return list(self.run.items())[index]
        return self.run.item(index)

    def __iter__(self) -> Iterator[FileRef | Skipped]:
        return self.run.items()
