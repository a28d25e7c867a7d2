"""A forked sweeper's two ends: the pipes, the messages on them, and the worker's loop.

`linter.sweep_workers` decides what goes where; this module carries it. A chunk goes out as
`begin, count, size` (8-byte integers) and `size` bytes of NUL-separated paths then report
names; an answer comes back as `begin, count, size`, the `count` kept indices, and `size` bytes
of pickled results. Writes to a worker never block (its answers are read meanwhile), so
neither side can wait on the other for ever.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from linter.sweep import Name, sweep

if TYPE_CHECKING:
    from linter.sweep_workers import Convert, Sweeper

_WORD = 8  # bytes per integer in the messages (array "q")


class Worker:
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
    def start(
        cls, owner: Sweeper, chunks: list[tuple[int, int]], siblings: Sequence[Worker]
    ) -> Worker | None:
        """Fork a worker that sweeps `chunks` of the owner's list, then what it is sent."""
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
                for sibling in siblings:  # a sibling's pipes stay open in the owner only
                    sibling.close_fds()
                os.close(task_write)
                os.close(answer_read)
                serve(owner, chunks, task_read, answer_write)
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


def serve(owner: Sweeper, chunks: list[tuple[int, int]], tasks: int, answers: int) -> None:
    """A worker's life: its share of the inherited list, then chunks until the pipe closes."""
    catalog, size, parse, wire = owner.catalog, owner.size, owner.parse, owner.wire[0]

    names, errors = owner.encoding

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
