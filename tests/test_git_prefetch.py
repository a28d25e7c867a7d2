"""git's file list asked for at start-up (linter.git_prefetch): used when the run lists that
folder, identical to asking git then, never started where no listing follows, and never left
running."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from git_env import git, use_git_env
from helpers import AZ_CLI, run_python

from linter import git_files, git_prefetch

LINUX = pytest.mark.skipif(
    not hasattr(os, "memfd_create"), reason="prefetched where memory files exist (Linux)"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    env = use_git_env(monkeypatch, tmp_path)
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    git(root, "init", "-q", env=env)
    (root / "src" / "a.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    (root / "b.txt").write_text("x\n")
    (root / "ignored.log").write_text("x\n")
    (root / ".gitignore").write_text("*.log\n")
    git(root, "add", "src/a.py", ".gitignore", env=env)  # b.txt stays untracked
    monkeypatch.chdir(root)
    yield root
    git_prefetch.stop()


@LINUX
@pytest.mark.parametrize("argv", [["check"], ["check", "."], ["check", "-q", "."], ["baseline"]])
def test_the_listing_git_gives_at_start_is_the_one_it_gives_later(
    repo: Path, argv: list[str]
) -> None:
    expected = git_files.ls_files(Path())
    git_prefetch.start(argv)
    assert len(git_prefetch._running) == 1
    assert git_files.ls_files(Path()) == expected
    assert expected is not None
    assert sorted(expected.names) == [".gitignore", "b.txt", "src/a.py"]
    assert git_prefetch._running == []  # taken once


@LINUX
@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["check", "src/a.py"], id="a-named-file"),
        pytest.param(["check", "--staged"], id="staged"),
        pytest.param(["check", "--diff=HEAD", "."], id="diff"),
        pytest.param(["check", "--no-respect-gitignore", "."], id="every-file"),
        pytest.param(["history"], id="another-command"),
        pytest.param([], id="no-command"),
    ],
)
def test_no_git_is_started_where_no_listing_follows(repo: Path, argv: list[str]) -> None:
    git_prefetch.start(argv)
    assert git_prefetch._running == []


@LINUX
def test_nothing_is_started_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    if git_prefetch.in_repository("."):
        pytest.skip("the temporary folder is inside a repository")
    git_prefetch.start(["check", "."])
    assert git_prefetch._running == []


@LINUX
def test_a_wrong_guess_is_stopped_and_reaped(repo: Path) -> None:
    git_prefetch.start(["check", "."])
    listed = git_files.ls_files(Path("src"))  # another folder: git runs again, for it
    assert listed is not None and listed.names == ["a.py"]
    assert len(git_prefetch._running) == 1
    git_prefetch.stop()
    assert git_prefetch._running == []
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@LINUX
def test_the_command_line_run_reports_the_same_with_the_prefetch(repo: Path) -> None:
    """Through `python -m linter` (which prefetches) and the CLI in a child without it."""
    command = ["check", "--no-cache", "--format", "json", "."]
    plain = "import sys; from linter import cli; sys.exit(cli.main())"
    with_it = run_python("-m", "linter", *command)
    without = run_python("-c", plain, *command)
    assert with_it.returncode == without.returncode == 1, with_it.stderr
    assert json.loads(with_it.stdout) == json.loads(without.stdout)
    paths = [f["path"] for f in json.loads(with_it.stdout)["findings"]]
    assert paths == ["src/a.py"]


@LINUX
@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "polled"])
def test_waiting_for_git_ends_when_it_ends_or_at_the_timeout(
    monkeypatch: pytest.MonkeyPatch, pidfd: bool
) -> None:
    """git is waited for with a pidfd (woken when it exits), else by looking every half
    millisecond; one that outlives the timeout is given up on, then stopped."""
    if not pidfd:
        monkeypatch.delattr(os, "pidfd_open", raising=False)
    quick = subprocess.Popen([sys.executable, "-c", "pass"])
    assert git_prefetch._ended_within(quick.pid, 30.0)
    assert quick.wait() == 0
    slow = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert not git_prefetch._ended_within(slow.pid, 0.2)
    finally:
        slow.kill()
        slow.wait()
