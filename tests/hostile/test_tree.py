"""The file system as an adversary: links, permissions, odd names, files that change mid-run.

Every case runs the real CLI in a subprocess. Files that change while the scan runs are
changed by a `-c` wrapper around `linter.cli.main` that acts the moment discovery hands the
file over, which is the widest window a real race has.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import AZ_CLI
from runner import findings, interpreter_for, run

CLIENT = f'client_id = "{AZ_CLI}"\n'
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file system semantics")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@POSIX
def test_symlinks_are_not_followed_and_each_is_noted(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.ts").write_text(CLIENT)
    tree = tmp_path / "tree"
    (tree / "d").mkdir(parents=True)
    (tree / "d" / "a.ts").write_text(CLIENT)
    (tree / "d" / "loop").symlink_to(tree, target_is_directory=True)
    (tree / "self").symlink_to("self")
    (tree / "escape").symlink_to(outside, target_is_directory=True)
    (tree / "escape.ts").symlink_to(outside / "secret.ts")
    (tree / "alias.ts").symlink_to(tree / "d" / "a.ts")
    (tree / "dangling.ts").symlink_to(tmp_path / "nowhere")
    result = run("check", ".", cwd=tree)
    assert result.returncode == 1
    assert result.stdout.startswith("d/a.ts:1:14: FPA001")
    assert "secret" not in result.stdout
    assert (
        result.notes_for("d/loop")
        == ["skipped, symbolic link not followed (target inside the scanned tree)"]
        or result.notes_for("d/loop") == []
    )
    outside_note = ["skipped, symbolic link not followed (points outside the scanned tree)"]
    assert result.notes_for("escape") == outside_note
    assert result.notes_for("escape.ts") == outside_note
    broken = ["skipped, symbolic link not followed (broken or a loop)"]
    assert result.notes_for("self") == broken
    assert result.notes_for("dangling.ts") == broken
    assert result.notes_for("alias.ts") == []  # its target is scanned where it stands
    listed = {s["path"] for s in run("check", "--format", "json", cwd=tree).doc["skipped"]}
    assert listed == {"d/loop", "self", "escape", "escape.ts", "alias.ts", "dangling.ts"}


@POSIX
def test_a_symlink_named_on_the_command_line_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "real.ts").write_text(CLIENT)
    (tmp_path / "link.ts").symlink_to(tmp_path / "real.ts")
    assert run("check", "link.ts", cwd=tmp_path).stdout.startswith("link.ts:1:14: FPA001")


@POSIX
def test_broken_links_named_on_the_command_line_are_noted(tmp_path: Path) -> None:
    (tmp_path / "dangling.ts").symlink_to(tmp_path / "nowhere.ts")
    (tmp_path / "self.ts").symlink_to("self.ts")
    result = run("check", "dangling.ts", "self.ts", cwd=tmp_path)
    assert result.returncode == 0
    assert result.notes_for("dangling.ts") == [
        "skipped, symbolic link to a file that does not exist"
    ]
    assert result.notes_for("self.ts") == [
        "skipped, cannot be read: Too many levels of symbolic links"
    ]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder that another user can enter: root ignores permissions, `nobody` does not."""
    path = Path(tempfile.mkdtemp(prefix="fpl-hostile-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for folder in [path, *path.rglob("*")]:
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o755)
        shutil.rmtree(path)


@POSIX
def test_unreadable_files_and_folders_are_noted_and_the_run_goes_on(shared_dir: Path) -> None:
    tree = shared_dir
    (tree / "locked").mkdir()
    (tree / "locked" / "hidden.ts").write_text(CLIENT)
    (tree / "secret.ts").write_text(CLIENT)
    (tree / "open.ts").write_text(CLIENT)
    (tree / "locked").chmod(0)
    (tree / "secret.ts").chmod(0)
    # As root every file is readable, so the CLI runs as `nobody`, whom permissions bind.
    user = 65534 if IS_ROOT else None
    python = interpreter_for(user) if user is not None else sys.executable
    if python is None:
        pytest.skip("running as root and no Python that user nobody may run")
    result = run("check", ".", cwd=tree, user=user, executable=python)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("open.ts:1:14: FPA001")
    assert result.notes_for("locked") == ["skipped, folder permission denied"]
    assert result.notes_for("secret.ts") == ["skipped, permission denied"]
    assert "2 skipped (folder permission denied: 1, permission denied: 1)" in result.stdout
    named = run("check", "secret.ts", "open.ts", cwd=tree, user=user, executable=python)
    assert named.returncode == 1
    assert named.notes_for("secret.ts") == ["skipped, permission denied"]


@POSIX
def test_fifos_are_skipped_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "a.ts").write_text(CLIENT)
    walked = run("check", ".", cwd=tmp_path, timeout=30)
    assert walked.returncode == 1
    assert walked.notes_for("pipe.json") == [
        "skipped, not a regular file (a device, FIFO or socket)"
    ]
    named = run("check", "pipe.json", cwd=tmp_path, timeout=30)
    assert named.returncode == 0
    assert named.notes_for("pipe.json") == [
        "skipped, not a regular file (a device, FIFO or socket)"
    ]


@POSIX
def test_a_device_is_not_read_forever(tmp_path: Path) -> None:
    result = run("check", "--max-file-size", "0", "/dev/zero", cwd=tmp_path, timeout=30)
    assert result.returncode == 0
    assert result.notes_for("/dev/zero") == [
        "skipped, not a regular file (a device, FIFO or socket)"
    ]


@POSIX
@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"bad\xffname.ts", "bad\\xffname.ts"),
        (b"new\nline.ts", "new\\nline.ts"),
        (b"esc\x1b[31mred.ts", "esc\\x1b[31mred.ts"),
        ("rtl\u202eevil.ts".encode(), "rtl\\u202eevil.ts"),
        ("café.ts".encode(), "café.ts"),
    ],
)
def test_odd_file_names_are_shown_on_one_printable_line(
    tmp_path: Path, raw: bytes, shown: str
) -> None:
    if sys.platform == "darwin" and b"\xff" in raw:
        pytest.skip("APFS refuses names that are not UTF-8")
    with open(os.path.join(os.fsencode(tmp_path), raw), "wb") as handle:  # noqa: PTH118, PTH123
        handle.write(CLIENT.encode() + b"\x00")  # NUL: the file is also noted
    result = run("check", "-q", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{shown}:1:14: FPA001 Microsoft Azure CLI ({AZ_CLI}) used as client ID in client_id"
    )
    assert result.stderr.splitlines() == [
        f"first-party-lint: {shown}: contains NUL bytes; scanned as plain text"
    ]
    assert findings(run("check", "--format", "json", cwd=tmp_path)) == [(shown, 1, 14, "FPA001")]


def test_a_missing_path_is_a_usage_error_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.ts").write_text(CLIENT)
    result = run("check", "a.ts", "no\nsuch.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "first-party-lint: error: no such file or directory: no\\nsuch.py\n"


# Acts on a file the moment a unit of the plan is listed, before any process reads it: the
# widest window a race has.
RACE = """
import os, sys
from linter import cli, plan
listing = plan.Plan.listing
def changed(self, number):
    paths, displays, skips = listing(self, number)
    for path in paths:
        name = os.path.basename(path)
        if name == "gone.ts":
            os.remove(path)
        elif name == "emptied.ts":
            open(path, "w").close()
        elif name == "grown.ts":
            with open(path, "a") as f:
                f.write("x" * (2 * 1024 * 1024))
        elif name == "now-a-folder.ts":
            os.remove(path); os.mkdir(path)
        elif name == "now-a-fifo.ts":
            os.remove(path); os.mkfifo(path)
        elif name == "now-binary.ts":
            with open(path, "wb") as f:
                f.write(b"\\x00" * 100)
    return paths, displays, skips
plan.Plan.listing = changed
sys.exit(cli.main(sys.argv[1:]))
"""


@POSIX
def test_files_that_change_during_the_scan(tmp_path: Path) -> None:
    for name in ("gone", "emptied", "grown", "now-a-folder", "now-a-fifo", "now-binary", "kept"):
        (tmp_path / f"{name}.ts").write_text(CLIENT)
    result = run("check", "--max-file-size", "1", ".", cwd=tmp_path, python=("-c", RACE))
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("kept.ts:1:14: FPA001")
    assert result.notes_for("gone.ts") == ["skipped, no longer exists"]
    assert result.notes_for("emptied.ts") == []
    assert result.notes_for("grown.ts") == ["skipped, larger than the size cap (2.0 MiB > 1.0 MiB)"]
    assert result.notes_for("now-a-folder.ts") == ["skipped, is a directory"]
    fifo = ["skipped, not a regular file (a device, FIFO or socket)"]
    assert result.notes_for("now-a-fifo.ts") == fifo
    assert result.notes_for("now-binary.ts") == ["contains NUL bytes; scanned as plain text"]
    assert "Traceback" not in result.stderr


def test_a_file_over_the_size_cap_is_listed(tmp_path: Path) -> None:
    (tmp_path / "big.ts").write_bytes(CLIENT.encode() + b"x" * (2 * 1024 * 1024))
    (tmp_path / "small.ts").write_text(CLIENT)
    result = run("check", "--max-file-size", "1", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.doc["skipped"] == [
        {"path": "big.ts", "reason": "larger than the size cap (2.0 MiB > 1.0 MiB)"}
    ]
    assert findings(result) == [("small.ts", 1, 14, "FPA001")]
    text = run("check", "--max-file-size", "1", ".", cwd=tmp_path)
    assert text.notes_for("big.ts") == ["skipped, larger than the size cap (2.0 MiB > 1.0 MiB)"]
    asked = run("check", "--max-file-size", "0", ".", cwd=tmp_path, python=("-m", "linter"))
    assert asked.stdout.startswith("big.ts:1:14: FPA001")
