"""The sweep (`linter.sweep`) over the units of a plan (`linter.plan`), on forked processes.

The unit numbers are queued in one pipe before the workers are forked; this process and
each worker take the next number whenever they are free (a 4-byte read from a pipe is atomic
on Linux), walk that unit, sweep its files and scan the ones the sweep keeps. So the walk,
the reads and the parsing all share the cores, whatever the shape of the tree, and nothing
is sent to a worker but the rare file this process kept: workers inherit the plan, and answer
with each unit's files, the positions they kept and the results they made of them.

A file this process keeps goes to a worker to be scanned: the first file of a kind costs a
process its parser's imports (PyYAML, a tree-sitter grammar, the catalog's app table: 40-50
ms in all), which a worker that met such files has paid already. Past `_DEFER` of them the
tree is dense with IDs and this process scans what it keeps: the workers take units from
the queue on their own, so nobody waits while it parses (kept for the end and dealt out,
they made a 140 ms tail on a dense tree).

A worker that dies, or fails to answer in full, costs nothing: the units it took and never
answered are swept again here, and the files sent to it are scanned here. Workers are forked
on Linux only: Windows has no fork, and macOS forbids forking a process that may have
touched its system frameworks; there every unit is swept here (and `--jobs` parses in a
pool). The pipes and the worker's loop are `linter.sweep_pipes`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from linter.catalog import Catalog
from linter.findings import Skipped
from linter.plan import Item, Plan, items_of
from linter.sweep import buffer_size, sweep
from linter.sweep_pipes import QUEUE_WORD, Worker, claim

FORK_AFTER = 1000  # files a plan must hold (if known) before forking pays (README "Speed")
_DEFER = 16  # files this process keeps that go to a worker; past them, it scans its own

Parse = Callable[[str, str], Any]  # (path, display) -> the file's result, picklable
Convert = Callable[[Any], Any]
Key = tuple[int, int]  # (unit, index among the unit's files)


class Flag(Protocol):
    """Something a worker may learn while it walks that this process must know too: asked in
    each worker after each unit, set here when a worker's was (the CLI's: a config with
    `allow` entries was read, `config.Resolver.allow_read`)."""

    def is_set(self) -> bool: ...

    def set(self) -> None: ...


def _same(value: Any) -> Any:
    return value


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Part:
    """One unit swept: its files (as walked, and their report names), its skips with their
    places among the unit's items, and the indices of the files the sweep kept. A plain
    class: a NamedTuple compiles its string annotations at every start-up."""

    __slots__ = ("displays", "kept", "paths", "skips")

    def __init__(
        self,
        paths: list[str],
        displays: list[str],
        skips: list[tuple[int, Skipped]],
        kept: list[int],
    ) -> None:
        self.paths = paths
        self.displays = displays
        self.skips = skips
        self.kept = kept

    def places(self) -> Sequence[int]:
        """Each file's place among the unit's items (its skips come between them)."""
        if not self.skips:
            return range(len(self.paths))
        skipped = {place for place, _ in self.skips}
        total = len(self.paths) + len(self.skips)
        return [place for place in range(total) if place not in skipped]

    def items(self) -> list[Item]:
        """The unit's items in order, as the plan gives them."""
        return items_of(self.paths, self.displays, self.skips)


class Sweeper:
    """`run(plan)`: every unit's `Part` and the results of the files kept (by `Key`).
    `close` (also on error) leaves no process behind."""

    def __init__(
        self,
        catalog: Catalog,
        max_bytes: int,
        processes: int,
        parse: Parse | None = None,
        wire: tuple[Convert, Convert] = (_same, _same),
        flag: Flag | None = None,
    ) -> None:
        self.catalog = catalog
        self.size = buffer_size(max_bytes)
        self.parse = parse
        # How a worker's results cross the pipe: `wire[0]` before pickling, `wire[1]` after
        # (pickle calls Python code for every object of a class; plain tuples it writes in C).
        self.wire = wire
        self.flag = flag
        # `processes` counts this one. Measured on 2 cores, one worker beside it beat two
        # (three busy processes on two cores only traded places).
        self._processes = processes - 1 if processes > 1 and can_fork() else 0
        self.plan = Plan([], 0)
        self._workers: list[Worker] = []
        self._parts: dict[int, Part] = {}
        self._done: dict[Key, Any] = {}
        self._sent = 0  # kept files sent to a worker
        # How names cross a pipe (as bytes: a name that is not valid UTF-8 survives).
        self.encoding = (sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())

    def run(self, plan: Plan) -> tuple[list[Part], dict[Key, Any]]:
        self.plan = plan
        count = len(plan.units)
        known = plan.known
        forked = bool(self._processes) and count > 1 and (known is None or known >= FORK_AFTER)
        if forked:
            queue = self._fork(count)
            try:
                while (number := claim(queue)) is not None:
                    self._sweep_here(number, delegate=True)
                    for worker in self._workers:
                        worker.collect()
            finally:
                os.close(queue)
            self._drain()
        # Without workers, every unit (the caller scans what they keep); else what a dead
        # worker took and never answered, scanned here.
        for number in range(count):
            if number not in self._parts:
                self._sweep_here(number, scan=forked)
        parts = [self._parts[number] for number in range(count)]
        return parts, self._done

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def _fork(self, count: int) -> int:
        """Queue every unit's number, then fork the workers that share the queue with this
        process; returns the queue's reading end."""
        queue, feed = os.pipe()
        try:
            numbers = b"".join(n.to_bytes(QUEUE_WORD, sys.byteorder) for n in range(count))
            os.write(feed, numbers)  # at most `plan.MOST` units: 16 KiB, within a pipe's hold
        finally:
            os.close(feed)
        for _ in range(self._processes):
            worker = Worker.start(self, queue, self._workers)
            if worker is None:  # no fork today (out of processes): this process does the rest
                break
            self._workers.append(worker)
        return queue

    def _sweep_here(self, number: int, delegate: bool = False, scan: bool = True) -> None:
        """A unit swept here. What it keeps is scanned here (`parse`), or with `delegate`
        sent to a worker while fewer than `_DEFER` were; not at all without `scan`."""
        paths, displays, skips = self.plan.listing(number)
        kept = sweep(paths, self.catalog, self.size)
        self._parts[number] = Part(paths, displays, skips, kept)
        if self.parse is None or not scan:
            return
        for index in kept:
            if not (delegate and self._sent < _DEFER and self._delegate((number, index))):
                self._parse_here((number, index))

    def _delegate(self, key: Key) -> bool:
        """`key`'s file to the worker with the fewest files waiting, if any takes it."""
        for worker in sorted(self._workers, key=lambda w: len(w.tasks_out)):
            part = self._parts[key[0]]
            if worker.send(key, part.paths[key[1]], part.displays[key[1]]):
                self._sent += 1
                return True
        return False

    def _parse_here(self, key: Key) -> None:
        assert self.parse is not None
        part = self._parts[key[0]]
        self._done[key] = self.parse(part.paths[key[1]], part.displays[key[1]])

    def _drain(self) -> None:
        """Every worker's answers until it ends; the files sent to one that died, here."""
        for worker in self._workers:
            worker.close_tasks()
        for worker in self._workers:
            parts, done, unanswered = worker.drain()
            if worker.flagged and self.flag is not None:
                self.flag.set()
            self._parts.update(parts)
            self._done.update(done)
            for key in unanswered:
                if key not in self._done:
                    self._parse_here(key)
        self._workers = []
