"""git's file list, asked for while the interpreter is still importing the linter.

Inside a repository a scan starts with `git ls-files` (`linter.git_files`): 20-25 ms on a
20k-file tree, during which this process could only wait. `start` runs it at the very start
of a `check` or `baseline` run whose last argument is a folder (or that names none: the
current folder), before the 25 ms of imports, on the other core; `git_files.ls_files` takes
the answer when it asks about that same folder, and otherwise runs git itself as before. A
guess that is never used costs the other core a few ms: the child is stopped at exit.

Only where `os.posix_spawn` and `os.memfd_create` exist (Linux): git writes into memory
files, so it never waits for this process to read a pipe. Nothing here imports more than
`os`: this module runs before the rest of the linter is imported.
"""

from __future__ import annotations

import os
import time

COMMAND = ("ls-files", "-z", "--cached", "--others", "--exclude-standard")
_COMMANDS = ("check", "baseline")
# Runs that list no folder with git: what was changed (`gitscan`), or every file (a walk).
_NOT_A_LISTING = ("--staged", "--diff", "--no-respect-gitignore")


class Prefetch:
    """A running `git -C folder ls-files ...` and the memory files it writes into."""

    def __init__(self, folder: str, pid: int, out: int, err: int) -> None:
        self.folder = folder  # absolute
        self.pid = pid
        self.out = out
        self.err = err

    def result(self, timeout: float) -> tuple[int, bytes, bytes] | None:
        """git's exit status, stdout and stderr; None when it ran past `timeout`."""
        if not _ended_within(self.pid, timeout):
            self.stop()
            return None
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = 0
        code = os.waitstatus_to_exitcode(status)
        out, err = _read_all(self.out), _read_all(self.err)
        return code, out, err

    def stop(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        for fd in (self.out, self.err):
            if fd >= 0:
                os.close(fd)
        self.out = self.err = -1


_running: list[Prefetch] = []


def start(argv: list[str]) -> None:
    """Start git for the folder a `check` run will most likely list (see the module)."""
    if not (hasattr(os, "posix_spawnp") and hasattr(os, "memfd_create")):
        return
    if not argv or argv[0] not in _COMMANDS or any(a.startswith(_NOT_A_LISTING) for a in argv):
        return
    last = argv[-1] if len(argv) > 1 else "."
    folder = "." if last.startswith("-") or last in _COMMANDS else last
    if not os.path.isdir(folder) or not in_repository(folder):  # noqa: PTH112
        return
    out = os.memfd_create("git-ls-files-out")
    err = os.memfd_create("git-ls-files-err")
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        try:
            actions = [
                (os.POSIX_SPAWN_DUP2, null, 0),
                (os.POSIX_SPAWN_DUP2, out, 1),
                (os.POSIX_SPAWN_DUP2, err, 2),
            ]
            command = ["git", "-C", folder, *COMMAND]
            pid = os.posix_spawnp("git", command, os.environ, file_actions=actions)
        finally:
            os.close(null)
    except OSError:  # no git on PATH: ls_files finds out again, and falls back to a walk
        os.close(out)
        os.close(err)
        return
    _running.append(Prefetch(os.path.abspath(folder), pid, out, err))  # noqa: PTH100
    import atexit

    atexit.register(stop)


def take(folder: str) -> Prefetch | None:
    """The prefetch for `folder` (absolute), once: None if there is none."""
    for prefetch in _running:
        if prefetch.folder == folder:
            _running.remove(prefetch)
            return prefetch
    return None


def stop() -> None:
    """Stop and reap what nobody took (the guess was wrong: another folder, or no git)."""
    while _running:
        _running.pop().stop()


def _ended_within(pid: int, timeout: float) -> bool:
    """Whether the child `pid` ends within `timeout` seconds: woken when it does (a pidfd,
    Linux 5.3 and later), else by looking every half millisecond."""
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):
        handle = -1
    if handle >= 0:
        import select

        try:
            ready, _, _ = select.select([handle], [], [], timeout)
        finally:
            os.close(handle)
        return bool(ready)
    deadline = time.monotonic() + timeout
    while not os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.0005)
    return True


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    parts = []
    while chunk := os.read(fd, 1 << 20):
        parts.append(chunk)
    return b"".join(parts)


def in_repository(folder: str) -> bool:
    """Whether git could find a repository for `folder`: a `.git` (folder or file) in it or
    above, or GIT_DIR set. Outside any repository this spares starting git (and importing
    subprocess): a few ms of every scan of a plain folder."""
    if os.environ.get("GIT_DIR"):
        return True
    current = os.path.abspath(folder)  # noqa: PTH100 (no pathlib before the imports)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):  # noqa: PTH118
            return True
        parent = os.path.dirname(current)  # noqa: PTH120
        if parent == current:
            return False
        current = parent
