"""A run over many files: the sweep, its workers, and the pass across Python modules.

`linter.engine` turns one file into one result. A run over a tree settles almost every file
with the sweep (`linter.sweep`), spread over forked workers while discovery walks
(`linter.sweep_workers`), sends the files the sweep keeps through `engine.scan_file` (in the
workers, or here), then follows constants across the Python modules of the set
(`linter.flows`), the one step that needs more than one file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from linter import scanners
from linter.catalog import Catalog
from linter.discovery import FileRef
from linter.engine import ScanOptions, scan_file, scan_files
from linter.findings import FileResult, Finding, Location, Scanned, Skipped

if TYPE_CHECKING:
    from linter.flows import Constant


def swept(
    refs: Iterable[FileRef | Skipped], catalog: Catalog, options: ScanOptions
) -> tuple[list[FileRef | Skipped], list[FileResult], dict[str, list[Constant]], list[int]]:
    """The items and each one's own result. The sweep (`linter.sweep`) settles the clean
    files, in worker processes while discovery still walks the tree (`linter.sweep_workers`),
    which also scan the files they keep; what this process swept and kept (and discovery's
    skips) goes through `scan_file` here, or in a pool with `--jobs`. The third part: what
    the cross-module pass needs of the Python files scanned by `parse` (`flows.constants_of`),
    computed there, so that a worker's parse is not repeated here. The fourth: the positions
    of the items that went through `scan_file`, the only ones whose result can hold a
    finding (or a note, a skip, a failure)."""
    from linter import parallel, sweep_workers

    def parse(path: str, display: str) -> tuple[FileResult, list[Constant] | None]:
        ref = FileRef(path, display)  # in a forked worker, or here for a chunk swept here
        result = scan_file(ref, catalog, options)
        try:
            from linter import flows  # a file the sweep kept: not a clean run's import

            return result, flows.constants_of(ref, result, options.max_bytes)
        except Exception:  # the second pass only adds precision: it runs again, or not at all
            return result, None

    processes = 1 if options.jobs == 1 else parallel.workers(options.jobs)
    sweeper = sweep_workers.Sweeper(
        catalog, options.max_bytes, processes, parse, (_to_wire, _from_wire)
    )
    items: list[FileRef | Skipped] = []
    files: list[int] = []  # the position in `items` of each path given to the sweeper
    results: list[FileResult] = []

    try:
        for item in refs:
            if isinstance(item, FileRef):
                files.append(len(items))
                sweeper.add(item.file, item.display)
                # Clean until the sweep says otherwise: made while the workers sweep, not
                # after, when they would wait for it (13 ms of 19k files).
                results.append(Scanned(item.display))
            else:
                results.append(item)
            items.append(item)
        kept, done = sweeper.finish()
    finally:
        sweeper.close()
    known: dict[str, list[Constant]] = {}
    for k, (found, constants) in done.items():
        results[files[k]] = found
        if constants is not None:
            known[found.path] = constants  # a result's path is its file's display
    todo = [files[k] for k in kept if k not in done]
    todo_items = [items[n] for n in todo]
    if options.jobs == 1:
        here = list(scan_files(todo_items, catalog, options))
    else:
        here = parallel.scan_files(todo_items, catalog, options)
    for n, result in zip(todo, here, strict=True):
        results[n] = result
    return items, results, known, [files[k] for k in kept]


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
    set (`linter.flows`): what the CLI runs, for library users who want the same answer."""
    items, results, known, scanned = swept(refs, catalog, options)
    defining = [n for n in scanned if _may_define(items[n], results[n], known)]
    if not defining:
        return results  # nothing to follow: the pass (and its 5 ms of imports) is skipped
    from linter import flows

    try:
        changed = flows.upgrades(items, results, defining, options.max_bytes, known)
    except Exception:  # the second pass only adds precision; its failure must cost nothing else
        return results
    for number, result in changed.items():
        results[number] = result
    return results


def _may_define(
    item: FileRef | Skipped, result: FileResult, known: dict[str, list[Constant]]
) -> bool:
    """Whether a file may hold a constant for the cross-module pass: a Python file with
    findings, unless where it was scanned `flows.constants_of` found none in it."""
    if not (isinstance(result, Scanned) and result.findings and isinstance(item, FileRef)):
        return False
    return scanners.is_python(item.name) and known.get(item.display) != []
