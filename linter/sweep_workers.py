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
in one process (and `--jobs` parses in a pool).
"""

from __future__ import annotations

import os
import sys
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from linter.catalog import Catalog
from linter.sweep import Name, buffer_size, sweep

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
_WORD = 8  # bytes per integer in the messages (array "q")

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
        self._workers: list[_Worker] = []
        self._sent = 0  # files handed out so far (to workers or swept here)
        self._kept: list[int] = []
        self._done: dict[int, Any] = {}
        self._deferred: list[int] = []  # kept here, scanned later here or by a worker
        self._encoding = (sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())

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

    def _room(self, waiting: int | None = None) -> _Worker | None:
        """The worker with the fewest chunks waiting, if fewer than `waiting` (`_BACKLOG`)."""
        for worker in self._workers:
            worker.collect()
        if not self._workers:
            return None
        idle = min(self._workers, key=lambda w: len(w.pending))
        return idle if len(idle.pending) < (_BACKLOG if waiting is None else waiting) else None

    def _send(self, worker: _Worker, begin: int, upto: int) -> bool:
        """Files `begin` to `upto` as one chunk: their paths, then their report names."""
        names, errors = self._encoding
        fields = self.paths[begin:upto] + self.displays[begin:upto]
        return worker.send(begin, upto - begin, "\0".join(fields).encode(names, errors))

    def _fork(self) -> None:
        """Workers share out what is listed so far, by chunk, from the memory they inherit."""
        listed = len(self.paths)
        chunks = [(s, min(CHUNK, listed - s)) for s in range(0, listed, CHUNK)]
        for number in range(self._processes):
            worker = _Worker.start(self, chunks[number :: self._processes])
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


class _Worker:
    """This process's end of one forked sweeper: its pipes, and the chunks it owes."""

    def __init__(
        self, pid: int, tasks: int, answers: int, pending: dict[int, int], unwire: Convert
    ) -> None:
        self.pid = pid
        self.tasks = tasks  # files go out here
        self.answers = answers  # kept indices and results come back here
        self.pending = pending  # first index -> count, of each chunk not yet answered
        self.kept: list[int] = []
        self.done: dict[int, Any] = {}
        self._received = bytearray()
        self._unwire = unwire

    @classmethod
    def start(cls, owner: Sweeper, chunks: list[tuple[int, int]]) -> _Worker | None:
        task_read, task_write = os.pipe()
        answer_read, answer_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (task_read, task_write, answer_read, answer_write):
                os.close(fd)
            return None
        if pid == 0:  # the child: serve, then leave without running any of the parent's exits
            code = 1
            try:
                for sibling in owner._workers:  # a sibling's pipes stay open in its owner only
                    sibling.close_fds()
                os.close(task_write)
                os.close(answer_read)
                _serve(owner, chunks, task_read, answer_write)
                code = 0
            finally:
                os._exit(code)
        os.close(task_read)
        os.close(answer_write)
        os.set_blocking(answer_read, False)
        os.set_blocking(task_write, False)
        return cls(pid, task_write, answer_read, dict(chunks), owner.wire[1])

    def send(self, begin: int, count: int, payload: bytes) -> bool:
        """Queue a chunk. While the pipe is full, the worker's answers are read: a worker
        blocked writing a large answer (a file with thousands of findings) stops reading
        its chunks, and waiting for it without reading would wait forever."""
        import select

        view = memoryview(array("q", (begin, count, len(payload))).tobytes() + payload)
        try:
            while view:
                try:
                    view = view[os.write(self.tasks, view) :]
                except BlockingIOError:
                    readable, _, _ = select.select([self.answers], [self.tasks], [])
                    if readable and not self.collect():
                        return False  # the worker is gone; `drain` sweeps what it owed
        except OSError:  # BrokenPipeError: the worker died; `drain` sweeps what it owed
            return False
        self.pending[begin] = count
        return True

    def collect(self) -> bool:
        """Read what the worker has answered so far (all of it, once `answers` blocks);
        False when it has closed its end."""
        while True:
            try:
                data = os.read(self.answers, 1 << 16)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if not data:
                return False
            self._received += data
            self._unpack()

    def drain(
        self, sweep_here: Callable[[int, int], list[int]]
    ) -> tuple[list[int], dict[int, Any]]:
        """Every answer until the worker ends; what it never answered is swept here."""
        os.set_blocking(self.answers, True)
        self.collect()
        os.close(self.answers)
        self.answers = -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.waitstatus_to_exitcode(status) != 0 or self.pending:
            for begin, count in sorted(self.pending.items()):
                self.kept += sweep_here(begin, begin + count)
            self.pending.clear()
        return self.kept, self.done

    def _unpack(self) -> None:
        """An answer is `start, count, size` as 8-byte integers, the `count` kept indices,
        then `size` bytes of pickled results (one per index, or none); a partial one waits."""
        data = self._received
        while len(data) >= 3 * _WORD:
            begin, count, size = array("q", data[: 3 * _WORD])
            indices_end = (3 + count) * _WORD
            end = indices_end + size
            if len(data) < end:
                break
            kept = list(array("q", data[3 * _WORD : indices_end]))
            self.kept += kept
            if size:
                import pickle  # only once a worker has parsed a file

                results = map(self._unwire, pickle.loads(data[indices_end:end]))
                self.done.update(zip(kept, results, strict=True))
            self.pending.pop(begin, None)
            del data[:end]

    def close_tasks(self) -> None:
        if self.tasks >= 0:
            os.close(self.tasks)
            self.tasks = -1

    def close_fds(self) -> None:
        self.close_tasks()
        if self.answers >= 0:
            os.close(self.answers)
            self.answers = -1

    def stop(self) -> None:
        import contextlib
        import signal

        self.close_fds()
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exact(fd: int, count: int) -> bytes:
    parts = []
    while count:
        data = os.read(fd, count)
        if not data:
            raise EOFError
        parts.append(data)
        count -= len(data)
    return b"".join(parts)


def _serve(owner: Sweeper, chunks: list[tuple[int, int]], tasks: int, answers: int) -> None:
    """A worker's life: its share of the inherited list, then chunks until the pipe closes."""
    catalog, size, parse, wire = owner.catalog, owner.size, owner.parse, owner.wire[0]

    names, errors = owner._encoding

    def shown(display: Name) -> str:  # decoded only for a kept file: most never are
        return display if isinstance(display, str) else display.decode(names, errors)

    def answer(begin: int, paths: Sequence[Name], displays: Sequence[Name], offset: int) -> None:
        kept = sweep(paths, catalog, size, offset, offset + len(displays))
        blob = b""
        if parse is not None and kept:
            import pickle

            results = [
                wire(parse(os.fsdecode(paths[k]), shown(displays[k - offset]))) for k in kept
            ]
            blob = pickle.dumps(results, pickle.HIGHEST_PROTOCOL)
        shift = begin - offset
        header = (begin, len(kept), len(blob), *(k + shift for k in kept))
        _write_all(answers, array("q", header).tobytes() + blob)

    for begin, count in chunks:
        answer(begin, owner.paths, owner.displays[begin : begin + count], begin)
    while True:
        try:
            header = _read_exact(tasks, 3 * _WORD)
        except EOFError:
            return
        begin, count, length = array("q", header)
        fields = _read_exact(tasks, length).split(b"\0")
        answer(begin, fields[:count], fields[count:], 0)
