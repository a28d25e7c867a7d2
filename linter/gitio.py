"""Talking to `git` itself: subprocesses, NUL-separated output, one `cat-file --batch` pipe.

Git's own binary, not a library (GitPython, dulwich), because it is what users already trust
with their repository and it reads every object format, pack and extension there is. Three
habits keep that safe and exact:

- every listing is read with `-z`, as bytes: a path may hold spaces, newlines or bytes that are
  not UTF-8, and only NUL cannot appear in it;
- the repository is never modified: `GIT_OPTIONAL_LOCKS=0` stops `git diff` from refreshing
  the index behind the user's back, and nothing is ever checked out;
- settings that would run other programs or change the output format are switched off on the
  command line (`core.fsmonitor`, external diff and textconv drivers, prefixes, colour), and a
  partial clone is never allowed to fetch a missing blob: a linter must not touch the network.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

from linter.gitscan_args import GitError as GitError

# subprocess, shutil and tempfile are imported where git runs: `check` catches GitError on
# every run, and a pre-commit hook given file names should not pay for them.
_CHUNK = 64 * 1024
GITLINK = "160000"  # a submodule: the entry names a commit of another repository
SYMLINK = "120000"
# What each invocation needs whatever the user's or the repository's configuration says.
_SETTINGS = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.quotepath=true",
    "-c",
    "log.showRoot=true",
    "-c",
    "diff.noprefix=false",
    "-c",
    "diff.mnemonicPrefix=false",
    "-c",
    "color.ui=false",
)


def decode_path(raw: bytes) -> str:
    """A path from git (bytes, UTF-8 by git's convention) as str: bytes that are not UTF-8
    become surrogate escapes, which `os.fsencode` turns back into the same bytes on POSIX and
    `discovery.safe_name` prints as `\\xNN`. Not `os.fsdecode`: on Windows it would raise."""
    return raw.decode("utf-8", errors="surrogateescape")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_OPTIONAL_LOCKS="0",  # `git diff` must not rewrite .git/index
        GIT_NO_LAZY_FETCH="1",  # a partial clone must not download missing blobs
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C",  # git's messages as documented, whatever the user's language
    )
    return env


def _executable() -> str:
    import shutil

    found = shutil.which("git")
    if found is None:
        raise GitError("git is not installed or not on PATH (needed by --staged, --diff, history)")
    return found


def _reason(stderr: bytes) -> str:
    """git's own reason, on one line: its last `fatal:`/`error:` line, else its first line."""
    text = stderr.decode("utf-8", errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        for prefix in ("fatal: ", "error: "):
            if line.startswith(prefix):
                return line[len(prefix) :]
    return lines[0] if lines else "git failed without a message"


@dataclass(frozen=True)
class Repo:
    """A working tree: `top` is its root (git's paths are relative to it), `cwd` where the
    user stands (pathspecs and the report's paths are relative to it)."""

    top: Path
    cwd: Path
    executable: str

    def command(self, *args: str) -> list[str]:
        return [self.executable, *_SETTINGS, *args]

    def run(self, *args: str, ok: Sequence[int] = (0,)) -> bytes:
        """stdout of `git args`, or GitError with git's reason."""
        import subprocess

        done = subprocess.run(
            self.command(*args),
            cwd=self.cwd,
            env=_env(),
            capture_output=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if done.returncode not in ok:
            raise GitError(_reason(done.stderr))
        return done.stdout

    @contextmanager
    def fields(self, *args: str) -> Iterator[Iterator[bytes]]:
        """The NUL-separated fields of `git args -z ...`, read as git writes them (a history
        is larger than memory should hold). git's stderr goes to a temporary file, so a
        chatty git can never block on a full pipe; an exception stops the process."""
        import subprocess
        import tempfile

        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                self.command(*args),
                cwd=self.cwd,
                env=_env(),
                stdout=subprocess.PIPE,
                stderr=errors,
                stdin=subprocess.DEVNULL,
            )
            assert process.stdout is not None
            try:
                yield _split(process.stdout)
            except BaseException:
                process.kill()
                raise
            finally:
                process.stdout.close()
                code = process.wait()
            if code != 0:
                errors.seek(0)
                raise GitError(_reason(errors.read()))

    def has_commits(self) -> bool:
        return bool(self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok=(0, 1)))

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def path(self, name: bytes) -> Path:
        """Where a repository path (bytes, `/`-separated, relative to `top`) is on disk."""
        return self.top / decode_path(name)


def open_repo(cwd: Path, *, bare_ok: bool = False) -> Repo:
    """The working tree around `cwd`, or GitError saying it is none. With `bare_ok`, a bare
    repository (a `git clone --mirror` a reviewer made) is accepted too; its `top` is `cwd`."""
    import subprocess

    executable = _executable()
    done = subprocess.run(
        [executable, *_SETTINGS, "rev-parse", "--is-bare-repository", "--show-toplevel"],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    if bare_ok and lines[:1] == [b"true"]:
        return Repo(cwd, cwd, executable)
    if done.returncode != 0 or len(lines) != 2:
        reason = _reason(done.stderr)
        if "not a git repository" in reason:
            raise GitError(f"not inside a git repository: {cwd}")
        raise GitError(reason)
    return Repo(Path(decode_path(lines[1])), cwd, executable)


def _split(stream: IO[bytes]) -> Iterator[bytes]:
    """NUL-separated fields, read in chunks: memory stays bounded."""
    rest = b""
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


class Change(NamedTuple):
    """One `--raw` entry: modes, blob ids, status letter and path(s) as bytes."""

    old_mode: str
    new_mode: str
    old_blob: str
    new_blob: str
    status: str
    path: bytes
    old_path: bytes | None = None


def is_rename(meta: bytes) -> bool:
    """Whether a `--raw` entry names two paths (a rename or a copy)."""
    return meta.rstrip().rsplit(b" ", 1)[-1][:1] in (b"R", b"C")


def parse_change(meta: bytes, first: bytes, second: bytes | None = None) -> Change:
    """`:old new oldsha newsha S` and its path (old and new path for a rename or copy)."""
    old_mode, new_mode, old_blob, new_blob, status = meta.lstrip(b"\n:").decode().split(" ")
    if second is not None:
        return Change(old_mode, new_mode, old_blob, new_blob, status[0], second, first)
    return Change(old_mode, new_mode, old_blob, new_blob, status[:1], first)


def changes(parts: Iterator[bytes]) -> Iterator[Change]:
    """Every entry of a `--raw -z` listing (`git diff --raw -z`, `git log --raw -z`)."""
    for part in parts:
        if part.lstrip(b"\n").startswith(b":"):
            first = next(parts)
            yield parse_change(part, first, next(parts) if is_rename(part) else None)


class Blob(NamedTuple):
    size: int
    data: bytes | None  # None: larger than the cap asked for, read past and dropped


class CatFile:
    """One `git cat-file --batch` process for a whole run, asked one object at a time.

    A process per blob costs milliseconds each, which is minutes on a real history; a single
    pipe costs microseconds per request. Requests are answered in order, so asking and then
    reading the answer at once can never deadlock.
    """

    def __init__(self, repo: Repo) -> None:
        import subprocess

        self._process = subprocess.Popen(
            repo.command("cat-file", "--batch"),
            cwd=repo.cwd,
            env=_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self) -> CatFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        if self._process.stdout:
            self._process.stdout.close()
        self._process.wait()

    def get(self, sha: str, max_bytes: int = 0) -> Blob | None:
        """The blob `sha`, or None when the repository does not have it (a shallow or
        partial clone); over `max_bytes` (0: no cap) its bytes are read past, not kept."""
        stdin, stdout = self._process.stdin, self._process.stdout
        if stdin is None or stdout is None:
            raise GitError("git cat-file is not running")
        try:
            stdin.write(sha.encode() + b"\n")
            stdin.flush()
        except BrokenPipeError as exc:
            raise GitError("git cat-file stopped unexpectedly") from exc
        header = stdout.readline().split()
        if len(header) != 3:
            if header[-1:] == [b"missing"]:
                return None
            raise GitError(f"git cat-file answered {b' '.join(header)!r} for {sha}")
        size = int(header[2])
        if max_bytes and size > max_bytes:
            left = size + 1
            while left:
                chunk = stdout.read(min(left, _CHUNK))
                if not chunk:
                    raise GitError("git cat-file stopped unexpectedly")
                left -= len(chunk)
            return Blob(size, None)
        data = stdout.read(size)
        stdout.read(1)  # the newline after the content
        return Blob(size, data)
