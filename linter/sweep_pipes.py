"""A forked sweeper's two ends: the queue of units, the pipes, their messages, the worker's loop.

`linter.sweep_workers` decides what goes where; this module carries it. Every process takes
unit numbers from one queue (`claim`). A worker answers each unit with `UNIT, number, files,
kept, size, pickled` (8-byte integers), the `kept` indices, `size` bytes of the unit's paths
then report names (NUL-separated), and `pickled` bytes: its skips and the results of the files
it kept. This process sends a worker a file of its own to scan as `unit, index, size` and
`size` bytes (path NUL name), answered by `FILE, unit, index, 0, 0, pickled` and the result.
A unit whose report names are its paths (`discovery.Shown.many`) sends them once, as
`UNIT_NAMED_AS_WALKED`. A unit's kind carries `FLAGGED` once the sweeper's flag is set in
the worker (`sweep_workers.Flag`).
Writes to a worker never wait without reading its answers, so neither side waits for ever.
"""

from __future__ import annotations

import os
import sys
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from linter.sweep import sweep

if TYPE_CHECKING:
    from linter.sweep_workers import Convert, Key, Part, Sweeper

QUEUE_WORD = 4  # bytes per queued unit number (reads of up to PIPE_BUF bytes are atomic)
_WORD = 8  # bytes per integer in the messages (array "q")
_UNIT, _FILE, _UNIT_NAMED_AS_WALKED = 0, 1, 2  # the last: report names are the paths
_FLAGGED = 8  # or-ed into a unit's kind: the owner's flag is set in the worker
_ANSWER = 6  # integers in an answer's header


def claim(queue: int) -> int | None:
    """The next unit number from the queue, or None when it is empty."""
    taken = os.read(queue, QUEUE_WORD)
    return int.from_bytes(taken, sys.byteorder) if taken else None


class Worker:
    """This process's end of one forked sweeper: its pipes, and the files it was sent."""

    def __init__(self, pid: int, tasks: int, answers: int, owner: Sweeper) -> None:
        self.pid = pid
        self.tasks = tasks  # files of this process go out here
        self.answers = answers  # parts and results come back here
        self.tasks_out: dict[Key, None] = {}  # files sent, not yet answered
        self.parts: dict[int, Part] = {}
        self.flagged = False  # the owner's flag, set in the worker (`sweep_workers.Flag`)
        self.done: dict[Key, Any] = {}
        self._received = bytearray()
        self._unwire: Convert = owner.wire[1]
        self._encoding = owner.encoding

    @classmethod
    def start(cls, owner: Sweeper, queue: int, siblings: Sequence[Worker]) -> Worker | None:
        """Fork a worker that takes units from `queue`, and the files it is sent."""
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
                serve(owner, queue, task_read, answer_write)
                code = 0
            finally:
                os._exit(code)
        os.close(task_read)
        os.close(answer_write)
        os.set_blocking(answer_read, False)
        os.set_blocking(task_write, False)
        return cls(pid, task_write, answer_read, owner)

    def send(self, key: Key, path: str, display: str) -> bool:
        """Send one file to scan. While the pipe is full, the worker's answers are read: a
        worker blocked writing a large answer stops reading, and waiting for it without
        reading would wait for ever. False when the worker is gone."""
        if self.tasks < 0:
            return False
        names, errors = self._encoding
        payload = f"{path}\0{display}".encode(names, errors)
        view = memoryview(array("q", (*key, len(payload))).tobytes() + payload)
        try:
            while view:
                try:
                    view = view[os.write(self.tasks, view) :]
                except BlockingIOError:
                    import select  # only when the pipe is full: most runs never wait

                    readable, _, _ = select.select([self.answers], [self.tasks], [])
                    if readable and not self.collect():
                        return False
        except OSError:  # BrokenPipeError: the worker died
            return False
        self.tasks_out[key] = None
        return True

    def collect(self) -> bool:
        """Read what the worker has answered so far (all of it, once `answers` blocks);
        False when it has closed its end."""
        if self.answers < 0:
            return False
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

    def drain(self) -> tuple[dict[int, Part], dict[Key, Any], list[Key]]:
        """Every answer until the worker ends: its parts, its results, and the files it was
        sent and never answered (it died)."""
        if self.answers >= 0:
            os.set_blocking(self.answers, True)
            self.collect()
            os.close(self.answers)
            self.answers = -1
        if self.pid:
            os.waitpid(self.pid, 0)
            self.pid = 0
        return self.parts, self.done, list(self.tasks_out)

    def _unpack(self) -> None:
        """Each complete answer in what was received; a partial one waits for the rest."""
        from linter.sweep_workers import Part

        data = self._received
        while len(data) >= _ANSWER * _WORD:
            kind, first, second, kept_count, size, pickled = array("q", data[: _ANSWER * _WORD])
            kept_end = (_ANSWER + kept_count) * _WORD
            end = kept_end + size + pickled
            if len(data) < end:
                break
            kept = list(array("q", data[_ANSWER * _WORD : kept_end]))
            loaded: Any = None
            if pickled:
                import pickle  # only once a worker has parsed a file or met a skip

                loaded = pickle.loads(data[kept_end + size : end])
            if kind & _FLAGGED:
                self.flagged = True
                kind &= ~_FLAGGED
            if kind == _FILE:
                self.done[(first, second)] = self._unwire(loaded)
                self.tasks_out.pop((first, second), None)
            else:
                names, errors = self._encoding
                fields = bytes(data[kept_end : kept_end + size]).decode(names, errors).split("\0")
                count = second
                if not count:
                    paths, displays = [], []
                elif kind == _UNIT_NAMED_AS_WALKED:
                    paths = displays = fields
                else:
                    paths, displays = fields[:count], fields[count:]
                skips, results = loaded if loaded is not None else ([], None)
                self.parts[first] = Part(paths, displays, skips, kept)
                if results is not None:
                    for index, result in zip(kept, results, strict=True):
                        self.done[(first, index)] = self._unwire(result)
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


def serve(owner: Sweeper, queue: int, tasks: int, answers: int) -> None:
    """A worker's life: units from the queue (and, between two, the files this process
    sent), then the files sent until the pipe closes."""
    catalog, size, parse, wire, plan, flag = (
        owner.catalog,
        owner.size,
        owner.parse,
        owner.wire[0],
        owner.plan,
        owner.flag,
    )
    names, errors = owner.encoding
    received = bytearray()

    def scan_sent() -> bool:
        """Scan each complete file message received; False once the pipe is closed."""
        while True:
            try:
                data = os.read(tasks, 1 << 16)
            except BlockingIOError:
                return True
            if not data:
                return False
            received.extend(data)
            while len(received) >= 3 * _WORD:
                unit, index, length = array("q", received[: 3 * _WORD])
                if len(received) < 3 * _WORD + length:
                    break
                fields = bytes(received[3 * _WORD : 3 * _WORD + length]).decode(names, errors)
                del received[: 3 * _WORD + length]
                path, _, display = fields.partition("\0")
                assert parse is not None
                import pickle

                blob = pickle.dumps(wire(parse(path, display)), pickle.HIGHEST_PROTOCOL)
                header = array("q", (_FILE, unit, index, 0, 0, len(blob))).tobytes()
                _write_all(answers, header + blob)

    os.set_blocking(tasks, False)
    while (number := claim(queue)) is not None:
        scan_sent()
        paths, displays, skips = plan.listing(number)
        kept = sweep(paths, catalog, size)
        results = [wire(parse(paths[k], displays[k])) for k in kept] if parse else None
        same = displays is paths  # `Shown.many`: names printable below the current folder
        blob = "\0".join(paths if same else paths + displays).encode(names, errors)
        pickled = b""
        if skips or results:
            import pickle

            pickled = pickle.dumps((skips, results), pickle.HIGHEST_PROTOCOL)
        kind = _UNIT_NAMED_AS_WALKED if same else _UNIT
        if flag is not None and flag.is_set():
            kind |= _FLAGGED
        header = (kind, number, len(paths), len(kept), len(blob), len(pickled), *kept)
        _write_all(answers, array("q", header).tobytes() + blob + pickled)
    os.set_blocking(tasks, True)
    while scan_sent():
        pass
