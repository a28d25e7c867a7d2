"""The sweep: which files of a run need more than a glance.

Almost every file of a tree holds no catalog ID, and the whole cost of such a file used to be
the machinery around it (a Path, a `Source`, a result object built and judged, a fresh
256 KiB allocation per read). The sweep reads each file into one reused buffer, in a loop that
does nothing else, and keeps the index of every file that might need the full pipeline: one
holding a catalog ID or the suppression marker (an unused comment is FPA100 even without an
ID), a NUL byte in its head or a byte-order mark (binary, or a wide encoding a bytes search
cannot see), one too large for the buffer, an empty one that is not a regular file, and one
that failed to open or read. Every other file is clean by the very tests `engine` applies, so
its result is known; a kept file goes through `engine.scan_file` as before, which reads it
again and decides everything (a second read of the rare file is cheaper than carrying bytes
around for the common one).

On Linux, once a run has listed `FORK_AFTER` files, worker processes are forked: they inherit
the list so far (nothing pickled) and then receive further paths in chunks over pipes while
this process goes on walking the tree, and they answer with the indices they kept. When every
worker is `_BACKLOG` chunks behind, this process sweeps the chunk itself, so the work balances
whatever the machine. A worker that dies has its unanswered chunks swept again here: a fork
never costs an ID. Elsewhere (Windows, and macOS where forking a running interpreter is not
safe) the sweep runs in this process. Figures: README "Speed".
"""

from __future__ import annotations

import os
import re
import stat
import sys
from array import array
from collections.abc import Sequence

from linter.catalog import Catalog

BUFFER = 256 * 1024  # files this size or larger take the full path (sources.read's one call)
FORK_AFTER = 2000  # files listed before workers pay for their fork (measured, README "Speed")
CHUNK = 256  # paths per message to a worker
_BACKLOG = 3  # chunks a worker may have waiting before this process sweeps one itself
_SNIFF = 8192  # the head sources.decode_kind judges: a NUL there means binary or UTF-16/32
_BOM_FIRST = frozenset({0xEF, 0xFE, 0xFF})  # first bytes of the UTF-8/16/32 marks (00: a NUL)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
# One pass finds both a GUID's middle and the suppression marker (`first-party-lint:`, see
# linter.inline): both start with a literal dash, which `re` scans for at memchr speed.
_PROBE = re.compile(rb"-(?:[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-|party-lint:)")
_WORD = 8  # bytes per integer in the messages (array "q")

Name = str | bytes  # as listed (str), or as a worker receives it (bytes)


def _fill(buffer: bytearray, path: Name) -> int:
    """Read a file into `buffer`: its length, or the buffer's size (which every caller takes
    as "keep") when it does not fit or cannot be judged from a read."""
    try:
        fd = os.open(path, _FLAGS)
        try:
            n = os.readv(fd, (buffer,))
            # Empty: a regular file is clean; a FIFO or a device the walk did not see (a race,
            # a named path) reads as nothing too, and the full path names it.
            if n == 0 and not stat.S_ISREG(os.fstat(fd).st_mode):
                return len(buffer)
            return n
        finally:
            os.close(fd)
    except OSError:  # the full path says why, in the user's words
        return len(buffer)


def _opaque(buffer: bytearray, n: int) -> bool:
    """Too large, a byte-order mark, or a NUL in the head (binary, or UTF-16/32): bytes that
    a search of ASCII cannot judge. Bytes past `n` are the previous file's: never looked at."""
    return (
        n == len(buffer)
        or (n > 0 and buffer[0] in _BOM_FIRST)
        or buffer.find(0, 0, min(n, _SNIFF)) >= 0
    )


def sweep(
    paths: Sequence[Name], catalog: Catalog, size: int, start: int = 0, stop: int | None = None
) -> list[int]:
    """The loop every file of a run passes through, kept as bare as Python allows: the
    indices (into `paths`, from `start` to `stop`) of the files that need the full scan."""
    buffer = bytearray(size)
    ids = catalog.ids_bytes
    probe = _PROBE.finditer
    fill, opaque = _fill, _opaque
    kept = []
    for index in range(start, len(paths) if stop is None else stop):
        n = fill(buffer, paths[index])
        if opaque(buffer, n):
            kept.append(index)
            continue
        for match in probe(buffer, 0, n):
            start_at = match.start()
            if buffer[start_at + 1] == 0x70:  # "p": the marker, if "first" comes before it
                if buffer[max(0, start_at - 5) : start_at] == b"first":
                    kept.append(index)
                    break
                continue
            begin = start_at - 8
            end = begin + 36
            if begin >= 0 and end <= n and bytes(buffer[begin:end]).lower() in ids:
                kept.append(index)
                break
    return kept


def mentioning(paths: Sequence[str], needles: Sequence[tuple[bytes, bytes]]) -> list[int]:
    """The indices of files that hold both bytes of a needle, or that bytes cannot judge:
    `linter.flows` looks for importers of a constant in every Python file of the run."""
    buffer = bytearray(BUFFER)
    kept = []
    for index, path in enumerate(paths):
        n = _fill(buffer, path)
        if _opaque(buffer, n) or any(
            buffer.find(first, 0, n) >= 0 and buffer.find(second, 0, n) >= 0
            for first, second in needles
        ):
            kept.append(index)
    return kept


def buffer_size(max_bytes: int) -> int:
    """A file filling the buffer is kept: so is one over the size cap, which `sources.read`
    then skips with its reason."""
    return min(BUFFER, max_bytes + 1) if max_bytes else BUFFER


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Sweeper:
    """Paths given one by one as discovery finds them (`add`), the kept indices at the end
    (`finish`); `close` (also on error) leaves no process behind."""

    def __init__(self, catalog: Catalog, max_bytes: int, processes: int) -> None:
        self.catalog = catalog
        self.size = buffer_size(max_bytes)
        self.paths: list[str] = []
        self._processes = processes if processes > 1 and can_fork() else 0
        self._workers: list[_Worker] = []
        self._sent = 0  # paths handed out so far (to workers or swept here)
        self._kept: list[int] = []
        self._encoding = (sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())

    def add(self, path: str) -> None:
        self.paths.append(path)
        if self._workers:
            if len(self.paths) - self._sent >= CHUNK:
                self._hand_out(len(self.paths))
        elif self._processes and len(self.paths) >= FORK_AFTER:
            self._fork()

    def finish(self) -> list[int]:
        if not self._workers:
            return sweep(self.paths, self.catalog, self.size)
        if self._sent < len(self.paths):
            self._hand_out(len(self.paths), here=True)
        for worker in self._workers:
            os.close(worker.tasks)
            worker.tasks = -1
        for worker in self._workers:
            self._kept.extend(worker.drain(self.paths, self.catalog, self.size))
        self._workers = []
        self._kept.sort()
        return self._kept

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def _fork(self) -> None:
        """Workers share out what is listed so far, by chunk, from the memory they inherit."""
        listed = len(self.paths)
        chunks = [(s, min(CHUNK, listed - s)) for s in range(0, listed, CHUNK)]
        for number in range(self._processes):
            mine = chunks[number :: self._processes]
            worker = _Worker.start(self.paths, mine, self.catalog, self.size, self._workers)
            if worker is None:  # no fork today (out of processes): sweep here
                break
            self._workers.append(worker)
        if not self._workers:
            self._processes = 0
            return
        for number in range(len(self._workers), self._processes):  # forks that failed
            for begin, count in chunks[number :: self._processes]:
                self._kept.extend(sweep(self.paths, self.catalog, self.size, begin, begin + count))
        self._sent = listed

    def _hand_out(self, upto: int, here: bool = False) -> None:
        begin, count = self._sent, upto - self._sent
        self._sent = upto
        for worker in self._workers:
            worker.collect()
        idle = min(self._workers, key=lambda w: len(w.pending))
        if here or len(idle.pending) >= _BACKLOG:
            self._kept.extend(sweep(self.paths, self.catalog, self.size, begin, upto))
            return
        names, errors = self._encoding
        payload = "\0".join(self.paths[begin:upto]).encode(names, errors)
        if not idle.send(begin, count, payload):  # the worker is gone: its part, here
            self._kept.extend(sweep(self.paths, self.catalog, self.size, begin, upto))


class _Worker:
    """This process's end of one forked sweeper: its pipes, and the chunks it owes."""

    def __init__(self, pid: int, tasks: int, answers: int, pending: dict[int, int]) -> None:
        self.pid = pid
        self.tasks = tasks  # paths go out here
        self.answers = answers  # kept indices come back here
        self.pending = pending  # first index -> count, of each chunk not yet answered
        self.kept: list[int] = []  # what it answered so far
        self._received = bytearray()

    @classmethod
    def start(
        cls,
        paths: list[str],
        chunks: list[tuple[int, int]],
        catalog: Catalog,
        size: int,
        others: list[_Worker],
    ) -> _Worker | None:
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
                for other in others:  # a sibling's pipes stay open only in their owner
                    other.close_fds()
                os.close(task_write)
                os.close(answer_read)
                _serve(paths, chunks, catalog, size, task_read, answer_write)
                code = 0
            finally:
                os._exit(code)
        os.close(task_read)
        os.close(answer_write)
        os.set_blocking(answer_read, False)
        return cls(pid, task_write, answer_read, dict(chunks))

    def send(self, begin: int, count: int, payload: bytes) -> bool:
        message = array("q", (begin, count, len(payload))).tobytes() + payload
        try:
            _write_all(self.tasks, message)
        except OSError:  # BrokenPipeError: the worker died; `drain` sweeps what it owed
            return False
        self.pending[begin] = count
        return True

    def collect(self) -> None:
        """Read what the worker has answered so far, without waiting."""
        while True:
            try:
                data = os.read(self.answers, 65536)
            except BlockingIOError:
                return
            if not data:
                return
            self._received += data
            self._parse()

    def drain(self, paths: list[str], catalog: Catalog, size: int) -> list[int]:
        """Every answer until the worker ends; what it never answered is swept here."""
        os.set_blocking(self.answers, True)
        while True:
            try:
                data = os.read(self.answers, 65536)
            except OSError:
                break
            if not data:
                break
            self._received += data
            self._parse()
        os.close(self.answers)
        self.answers = -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        kept = self.kept
        if os.waitstatus_to_exitcode(status) != 0 or self.pending:
            for begin, count in sorted(self.pending.items()):
                kept.extend(sweep(paths, catalog, size, begin, begin + count))
            self.pending.clear()
        return kept

    def _parse(self) -> None:
        """Answers are `start, count, kept...` as 8-byte integers; a partial one waits."""
        kept = self.kept
        data = self._received
        while len(data) >= 2 * _WORD:
            begin, count = array("q", data[: 2 * _WORD])
            end = (2 + count) * _WORD
            if len(data) < end:
                break
            kept.extend(array("q", data[2 * _WORD : end]))
            self.pending.pop(begin, None)
            del data[:end]

    def close_fds(self) -> None:
        for fd in (self.tasks, self.answers):
            if fd >= 0:
                os.close(fd)

    def stop(self) -> None:
        import contextlib
        import signal

        self.close_fds()
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)


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


def _serve(
    paths: list[str],
    chunks: list[tuple[int, int]],
    catalog: Catalog,
    size: int,
    tasks: int,
    answers: int,
) -> None:
    """A worker's life: its share of the inherited list, then chunks until the pipe closes."""

    def answer(begin: int, listed: Sequence[Name], offset: int, stop: int) -> None:
        kept = sweep(listed, catalog, size, offset, stop)
        shift = begin - offset
        message = array("q", (begin, len(kept), *(k + shift for k in kept)))
        _write_all(answers, message.tobytes())

    for begin, count in chunks:
        answer(begin, paths, begin, begin + count)
    while True:
        try:
            header = _read_exact(tasks, 3 * _WORD)
        except EOFError:
            return
        begin, count, length = array("q", header)
        received = _read_exact(tasks, length).split(b"\0")
        answer(begin, received, 0, len(received))
