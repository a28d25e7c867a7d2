"""`--jobs N`: a pool for the parse step where forked sweep workers are not available.

On Linux the sweep's forked workers (`linter.sweep_workers`) read, prefilter and scan every file
of a large run, so this pool only parses what they left to this process. Elsewhere (Windows,
macOS) it is the only parallel step:

Measured on 2 cores (README "Speed"): a pool does not speed up the prefilter over many small
files (sending work to a process costs more than one regex pass over a few KB), and a worker
pays about 0.3 s to import the parsers. So the parent keeps reading and prefiltering every file
itself, in order, and only files that hold an ID, and whose result is not cached, go to the
workers, as soon as they are found, while the parent reads on; the workers read and write
the result cache themselves (it is safe across processes). With `--jobs 0` (the default)
the pool starts only once more than `AUTO_AFTER` files have needed a parse: a pre-commit run
or a tree with a handful of IDs never pays for it.

Results come back in the order of the input, identical to the serial scan: each file is judged
alone either way, and the cross-module pass runs afterwards on the joined list.
"""

from __future__ import annotations

import argparse
import os
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from linter import sources
from linter.catalog import Catalog
from linter.discovery import FileRef
from linter.findings import App, Failed, FileResult, Skipped

if TYPE_CHECKING:  # concurrent.futures costs 15 ms to import: only a run with a pool pays
    from concurrent.futures import Future, ProcessPoolExecutor

    from linter.cache import ResultCache
    from linter.engine import ScanOptions

AUTO_AFTER = 200  # files needing a parse before `--jobs 0` starts workers (measured, README)
AUTO_MAX = 8  # workers `--jobs 0` starts at most
_WINDOW = 8  # files in flight per worker: bounds the memory of bytes waiting to be parsed

_state: dict[str, Any] = {}  # a worker's catalog and options, set once by `_start`


def add_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes that read and scan files, this one included; 1: this one only; 0: one "
        f"per CPU (at most {AUTO_MAX}, default). On Linux the others are forked once a run lists "
        f"1,000 files; elsewhere they parse files holding IDs once more than {AUTO_AFTER} need "
        "a parse",
    )


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {text!r}")
    return value


def workers(jobs: int) -> int:
    """How many processes `jobs` means: 0 is one per CPU, at most `AUTO_MAX` (each worker
    pays the parsers' import; a big machine's 64 CPUs rarely have 64 files' parses to share)."""
    return jobs or min(AUTO_MAX, max(1, os.cpu_count() or 1))


def _snapshot(catalog: Catalog) -> tuple[Any, ...]:
    """A catalog as plain data (its loaders are closures, which do not pickle)."""
    return (catalog.version, catalog.source_date, catalog.ids, dict(catalog.apps),
            dict(catalog.tenants), catalog.extra)  # fmt: skip


def _start(snapshot: tuple[Any, ...], options: ScanOptions) -> None:
    version, date, ids, apps, tenants, extra = snapshot

    def load_apps() -> dict[str, App]:
        return dict(apps)

    def load_tenants() -> dict[str, str]:
        return dict(tenants)

    _state["catalog"] = Catalog(version, date, ids, load_apps, load_tenants, extra)
    _state["options"] = options


def _parse(ref: FileRef, source: sources.Source) -> FileResult:
    """In a worker: the rest of one file's scan (cache included), never raising."""
    from linter import engine

    try:
        return engine.scan_read(ref, source, _state["catalog"], _state["options"], held=True)
    except Exception as exc:
        return Failed(ref.display, f"internal error: {type(exc).__name__}: {exc}")


def scan_files(
    items: Sequence[FileRef | Skipped], catalog: Catalog, options: ScanOptions
) -> list[FileResult]:
    """`engine.scan_files` with the parse of files holding IDs spread over worker processes."""
    from linter import engine

    count = workers(options.jobs)
    threshold = 0 if options.jobs else AUTO_AFTER
    store = options.cache
    results: list[FileResult | None] = []
    waiting: list[tuple[int, FileRef, Future[FileResult]]] = []
    inflight: deque[Future[FileResult]] = deque()
    pool: ProcessPoolExecutor | None = None
    parsed = 0
    try:
        for item in items:
            if isinstance(item, Skipped):
                results.append(item)
                continue
            try:
                source = sources.read(item.path, item.display, options.max_bytes)
                if not isinstance(source, sources.Source):
                    results.append(source)
                    continue
                held = engine.holds_id(source, catalog)
                parsed += held
                # Here: files without an ID, the first few to parse, and cached results (a
                # warm run must not start a pool to read the cache).
                if not held or count < 2 or parsed <= threshold or _cached(store, item, source):
                    results.append(engine.scan_read(item, source, catalog, options, held))
                    continue
            except Exception as exc:  # as engine.scan_file: the run goes on
                results.append(Failed(item.display, f"internal error: {type(exc).__name__}: {exc}"))
                continue
            if pool is None:
                from concurrent.futures import ProcessPoolExecutor

                portable = options._replace(cache=store.detached() if store else None)
                pool = ProcessPoolExecutor(count, initializer=_start,
                                           initargs=(_snapshot(catalog), portable))  # fmt: skip
            while inflight and (inflight[0].done() or len(inflight) >= count * _WINDOW):
                inflight.popleft().exception()  # wait for the oldest: bounded bytes in flight
            future = pool.submit(_parse, item, source)
            inflight.append(future)
            waiting.append((len(results), item, future))
            results.append(None)
        for index, ref, future in waiting:
            results[index] = _collect(future, ref, catalog, options)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return [r for r in results if r is not None]


def _cached(store: ResultCache | None, ref: FileRef, source: sources.Source) -> bool:
    return (
        store is not None
        and store.get(store.key(ref.display, source.data), ref.display) is not None
    )


def _collect(
    future: Future[FileResult], ref: FileRef, catalog: Catalog, options: ScanOptions
) -> FileResult:
    """A worker's result; if the worker died (a crash in a native parser), the file is scanned
    again here, so a pool never changes what is reported."""
    from concurrent.futures.process import BrokenProcessPool

    from linter import engine

    try:
        return future.result()
    except (BrokenProcessPool, OSError, RuntimeError):
        return engine.scan_file(ref, catalog, options)
