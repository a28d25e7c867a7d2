"""Nothing written, nothing fetched: the scan of a hostile tree is read-only and offline.

The tree (every hostile file of test_files.py, plus XML that names external entities and DTDs
by URL) is copied and made read-only, then scanned in every output mode, in-process through
`linter.cli.main` and in a subprocess. Socket creation is patched to fail, and a
`sys.addaudithook` hook sees every file the interpreter opens (including from C), every
file-system change and every socket call. The proof: no socket event, no open for writing and
no change inside the tree, and the tree is byte-for-byte and timestamp-for-timestamp the same
afterwards. Permissions bind nobody when the tests run as root, so the snapshot comparison is
what proves "nothing written" there; the read-only copy adds the operating system's word
elsewhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from runner import run
from test_files import CASES, XXE

from linter import cli

CACHE_ENV = "FIRST_PARTY_LINT_CACHE_DIR"
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
MUTATIONS = (
    "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.utime",
    "os.truncate", "os.symlink", "os.link", "shutil.rmtree", "shutil.move", "shutil.copyfile",
)  # fmt: skip
COMMANDS = (
    ("check", "--format", "json", "."),
    ("check", "."),
    ("check", "-q", "-v", "--max-file-size", "0", "."),
    ("rule", "FPA001"),
    ("catalog", "show", "azure cli"),
    ("--version",),
)


def _snapshot(root: Path) -> dict[str, tuple[int, int, int, str]]:
    state = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        state[str(path)] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
    return state


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "tree"
    root.mkdir()
    for case in CASES:
        (root / case.name).write_bytes(case.data)
    (root / "xxe-url.config").write_bytes(XXE.replace(b"127.0.0.1:9", b"example.invalid"))
    for path in [*root.rglob("*"), root]:
        path.chmod(path.stat().st_mode & ~0o222)
    yield root
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)


_EVENTS: list[tuple[str, str]] = []
_WATCH: list[str] = []  # the tree being watched; empty when no test is watching


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _WATCH or _in_cache(args):
        return
    if event.startswith("socket."):
        _EVENTS.append((event, repr(args)[:200]))
    elif event == "open" and args and isinstance(args[0], str | bytes):
        _path, mode, flags = [*args, None, None][:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        )
        if writing:
            _EVENTS.append((event, repr(args)[:200]))
    elif event in MUTATIONS and _WATCH[0] in repr(args):
        _EVENTS.append((event, repr(args)[:200]))


def _in_cache(args: tuple[object, ...]) -> bool:
    """The result cache (conftest points it at a temporary folder) is the one place the tool
    writes, and only outside the tree; `--no-cache` runs are checked without this exception."""
    folder = os.environ.get(CACHE_ENV, "")
    return bool(folder) and folder in repr(args)


sys.addaudithook(_audit)


def _no_socket(*_args: object, **_kwargs: object) -> socket.socket:
    raise OSError("network access is blocked in this test")


def test_in_process_scans_write_nothing_and_open_no_socket(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socket, "socket", _no_socket)
    monkeypatch.setattr(socket, "create_connection", _no_socket)
    monkeypatch.setattr(socket, "getaddrinfo", _no_socket)
    monkeypatch.chdir(tree)
    before = _snapshot(tree)
    _EVENTS.clear()
    _WATCH.append(str(tree))
    try:
        for command in COMMANDS:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                assert cli.main(list(command)) in (0, 1), command
    finally:
        _WATCH.clear()
    assert _EVENTS == []
    assert _snapshot(tree) == before


# Installed before the linter is imported, like a sitecustomize: any socket call or any write
# anywhere ends the process with exit 99 and the event on stderr.
GUARD = f"""
import os, sys
W = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
def guard(event, args):
    bad = event.startswith("socket.") or event in {set(MUTATIONS)!r}
    if event == "open" and args:
        mode, flags = (list(args) + [None, None])[1:3]
        bad = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and bool(flags & W))
    allowed = os.environ.get("SANDBOX_ALLOW_WRITES")  # the result cache's folder, if any
    if bad and allowed and allowed in repr(args):
        bad = False
    if bad:
        os.write(2, f"forbidden: {{event}} {{args!r}}\\n".encode())
        os._exit(99)
sys.addaudithook(guard)
from linter import cli
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_the_cli_process_writes_nothing_and_opens_no_socket(
    tree: Path, command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_ALLOW_WRITES", os.environ[CACHE_ENV])
    before = _snapshot(tree)
    result = run(*command, cwd=tree, python=("-c", GUARD))
    assert "forbidden" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    assert _snapshot(tree) == before


def test_no_cache_writes_nothing_anywhere(tree: Path) -> None:
    """With `--no-cache` not even the cache folder is written: the guard allows nothing."""
    assert "SANDBOX_ALLOW_WRITES" not in os.environ
    before = _snapshot(tree)
    result = run("check", "--no-cache", "--format", "json", ".", cwd=tree, python=("-c", GUARD))
    assert "forbidden" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert _snapshot(tree) == before


def test_the_guard_catches_a_write(tmp_path: Path) -> None:
    """The guard itself works: a process that writes a file is stopped with exit 99."""
    script = GUARD.replace("from linter import cli", "open('x', 'w')\nfrom linter import cli")
    result = run("--version", cwd=tmp_path, python=("-c", script))
    assert result.returncode == 99
    assert "forbidden: open" in result.stderr
    shutil.rmtree(tmp_path, ignore_errors=True)
