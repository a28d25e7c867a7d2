"""How reports name the files of a folder: each file's display path is built from its folder's
(one `relpath` per folder argument, not per file), and must equal `display_path` of the file
however the folder was spelled, with or without git's listing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from git_env import git, git_env

from linter import discovery

NAMES = ["a.py", "b c.json", "ünï.yaml", "sub/deep/x.ts", "sub/.hidden/y.md", "..dots/z.py"]
if sys.platform != "win32":
    NAMES += ["odd\nline.py", os.fsdecode(b"bad\xffbyte.py")]


def _tree(root: Path) -> None:
    for name in NAMES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n")


@pytest.mark.parametrize("in_git", [False, True], ids=["walk", "git-ls-files"])
@pytest.mark.parametrize(
    ("cwd_part", "given"),
    [
        pytest.param("proj", ".", id="dot"),
        pytest.param("proj", "./", id="dot-slash"),
        pytest.param("", "proj", id="folder"),
        pytest.param("", "proj/", id="folder-slash"),
        pytest.param("", "./proj", id="dot-folder"),
        pytest.param("", "proj/sub/../sub/..", id="dot-dot-inside"),
        pytest.param("proj/sub", "..", id="parent"),
        pytest.param("proj/sub", "../../proj", id="outside-the-cwd"),
        pytest.param("", "ABSOLUTE", id="absolute"),
    ],
)
def test_each_display_equals_display_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_git: bool, cwd_part: str, given: str
) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    _tree(project)
    if in_git:
        env = git_env(tmp_path)
        git(project, "init", "-q", env=env)
        monkeypatch.setenv("GIT_CONFIG_GLOBAL", env["GIT_CONFIG_GLOBAL"])
        monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    cwd = tmp_path / cwd_part
    monkeypatch.chdir(cwd)
    root = Path(str(project) if given == "ABSOLUTE" else given)
    refs = [r for r in discovery.iter_files([root], cwd=cwd) if isinstance(r, discovery.FileRef)]
    assert len(refs) == len(NAMES)
    for ref in refs:
        assert ref.display == discovery.display_path(ref.path, cwd)
    shown = {discovery.safe_name(n) for n in NAMES}
    if given in (".", "./"):
        assert {r.display for r in refs} == shown
    elif given.startswith("proj"):
        assert {r.display for r in refs} == {f"proj/{n}" for n in shown}
