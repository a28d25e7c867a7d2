"""The sweep (`linter.sweep`) spread over forked processes while discovery walks the tree.

Once a run has listed `FORK_AFTER` files, worker processes are forked: they inherit the list
so far (nothing is pickled) and then receive further files in chunks over pipes while this
process goes on walking, and they answer with the indices they kept and, for each, the file's
whole result (`parse`, the engine's `scan_file`), so that the rare expensive files are parsed
on every core too. When every worker is `_BACKLOG` chunks behind, this process sweeps a chunk
itself, so the work balances whatever the machine; what such a chunk keeps goes to a worker,
or waits for one (`_DEFER`) unless the tree is dense with IDs, when this process parses too.

A worker that dies, or fails to answer in full, has its unanswered chunks swept again here: a
fork never costs an ID. Workers are forked on Linux only: Windows has no fork, and macOS
forbids forking a process that may have touched its system frameworks; there the engine sweeps
in one process (and `--jobs` parses in a pool). The pipes, their messages and the worker's
loop are `linter.sweep_pipes`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from linter.catalog import Catalog
from linter.sweep import buffer_size, sweep
from linter.sweep_pipes import Worker

FORK_AFTER = 1000  # files listed before forking pays (measured: README "Speed")
CHUNK = 256  # files per message to a worker
_BACKLOG = 3  # chunks a worker may have waiting before this process sweeps one itself
# Kept files this process holds back, while workers are busy, rather than parse them itself:
# the first file of a kind costs a process its parser's imports (PyYAML, a tree-sitter
# grammar, the catalog's app table: 40-50 ms in all), which a worker that met such files
# has paid already. Up to this many go to a worker whenever it takes a chunk, or at the end;
# past it the tree is dense with IDs, and after the walk they are dealt out, one by one in
# turn, to this process and every worker (parsing during the walk starved the worker of
# chunks while this process spent 50 ms on one large file; sharing them on demand at the end
# let it run dry as well, as this process looks for room only between two files).
_DEFER = 16

Parse = Callable[[str, str], Any]  # (path, display) -> the file's result, picklable
Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Sweeper:
    """Files given one by one as discovery finds them (`add`); at the end (`finish`) the
    kept indices, with the results the workers already made of them. `close` (also on error)
    leaves no process behind."""

    def __init__(
        self,
        catalog: Catalog,
        max_bytes: int,
        processes: int,
        parse: Parse | None = None,
        wire: tuple[Convert, Convert] = (_same, _same),
    ) -> None:
        self.catalog = catalog
        self.size = buffer_size(max_bytes)
        self.parse = parse
        # How a worker's results cross the pipe: `wire[0]` before pickling, `wire[1]` after
        # (pickle calls Python code for every object of a class; plain tuples it writes in C).
        self.wire = wire
        self.paths: list[str] = []
        self.displays: list[str] = []
        # `processes` counts this one: it walks, and sweeps when the workers are behind.
        # Measured on 2 cores, one worker beside it beat two (0.27 s against 0.30 s on 100 MB
        # of few hits, 0.58 s against 0.61 s dense): three busy processes on two cores
        # only traded places.
        self._processes = processes - 1 if processes > 1 and can_fork() else 0
        self._workers: list[Worker] = []
        self._sent = 0  # files handed out so far (to workers or swept here)
        self._kept: list[int] = []
        self._done: dict[int, Any] = {}
        self._deferred: list[int] = []  # kept here, scanned later here or by a worker
        # How names cross a worker's pipe (as bytes; the worker decodes those it keeps).
        self.encoding = (sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())

    def add(self, path: str, display: str) -> None:
        self.paths.append(path)
        self.displays.append(display)
        if self._workers:
            if len(self.paths) - self._sent >= CHUNK:
                self._hand_out(len(self.paths))
        elif self._processes and len(self.paths) >= FORK_AFTER:
            self._fork()

    def finish(self) -> tuple[list[int], dict[int, Any]]:
        """The kept indices, and the results the workers (or this process) made of them."""
        if not self._workers:
            kept = sweep(self.paths, self.catalog, self.size)
            return kept, {}
        if self._sent < len(self.paths):
            self._hand_out(len(self.paths), here=True)
        self._deal_out()
        for worker in self._workers:
            worker.close_tasks()
        for worker in self._workers:
            kept, done = worker.drain(self._sweep_here)
            self._kept += kept
            self._done.update(done)
        self._workers = []
        self._kept.sort()
        return self._kept, self._done

    def _deal_out(self) -> None:
        """The deferred files: a few to the workers even when they are behind (the end is
        near), many in turn to each worker and this process (`_DEFER`)."""
        waiting, self._deferred = self._deferred, []
        if not waiting:
            return
        mine: list[int] = []
        if len(waiting) <= _DEFER:
            mine = [index for index in waiting if not self._delegate(index, sys.maxsize)]
        else:
            shares = len(self._workers) + 1
            for turn, index in enumerate(waiting):
                worker = self._workers[turn % shares - 1] if turn % shares else None
                if worker is None or not self._send(worker, index, index + 1):
                    mine.append(index)
        self._kept += self._parse_here(mine)

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def _sweep_here(self, begin: int, stop: int, delegate: bool = False) -> list[int]:
        """A chunk swept in this process (the workers are busy), and what it keeps scanned:
        with `delegate`, each kept file goes to a worker that has room, as a chunk of its own,
        or waits (`_DEFER`); else it is scanned here. Returns what was kept and scanned
        here: a worker's answer brings the rest, `finish` the deferred."""
        kept = sweep(self.paths, self.catalog, self.size, begin, stop)
        if self.parse is None:
            return kept
        if not delegate:
            return self._parse_here(kept)
        self._deferred += [index for index in kept if not self._delegate(index)]
        return []

    def _parse_here(self, indices: list[int]) -> list[int]:
        assert self.parse is not None
        for index in indices:
            self._done[index] = self.parse(self.paths[index], self.displays[index])
        return indices

    def _delegate(self, index: int, waiting: int | None = None) -> bool:
        worker = self._room(waiting)
        return worker is not None and self._send(worker, index, index + 1)

    def _room(self, waiting: int | None = None) -> Worker | None:
        """The worker with the fewest chunks waiting, if fewer than `waiting` (`_BACKLOG`)."""
        for worker in self._workers:
            worker.collect()
        if not self._workers:
            return None
        idle = min(self._workers, key=lambda w: len(w.pending))
        return idle if len(idle.pending) < (_BACKLOG if waiting is None else waiting) else None

    def _send(self, worker: Worker, begin: int, upto: int) -> bool:
        """Files `begin` to `upto` as one chunk: their paths, then their report names."""
        names, errors = self.encoding
        fields = self.paths[begin:upto] + self.displays[begin:upto]
        return worker.send(begin, upto - begin, "\0".join(fields).encode(names, errors))

    def _fork(self) -> None:
        """Workers share out what is listed so far, by chunk, from the memory they inherit."""
        listed = len(self.paths)
        chunks = [(s, min(CHUNK, listed - s)) for s in range(0, listed, CHUNK)]
        for number in range(self._processes):
            worker = Worker.start(self, chunks[number :: self._processes], self._workers)
            if worker is None:  # no fork today (out of processes)
                break
            self._workers.append(worker)
        for number in range(len(self._workers), self._processes):  # what failed forks owned
            for begin, count in chunks[number :: self._processes]:
                self._kept += self._sweep_here(begin, begin + count)
        self._sent = listed
        if not self._workers:
            self._processes = 0

    def _hand_out(self, upto: int, here: bool = False) -> None:
        begin = self._sent
        self._sent = upto
        worker = None if here else self._room()
        if worker is None:  # every worker is behind (or the last chunk): swept here
            self._kept += self._sweep_here(begin, upto, delegate=True)
        elif not self._send(worker, begin, upto):  # the worker is gone: its part, here
            self._kept += self._sweep_here(begin, upto)
        elif 0 < len(self._deferred) <= _DEFER:  # it has room: they go now, not at the end
            waiting, self._deferred = self._deferred, []
            for index in waiting:
                if not self._send(worker, index, index + 1):
                    self._kept += self._parse_here([index])
