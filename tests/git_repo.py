"""A real git repository in a temp dir, and the CLI run inside it, for the git-aware scans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from git_env import git_env

ROOT = Path(__file__).resolve().parent.parent


class Repo:
    """Hermetic git (fixed identity and dates, so commit ids are the same on every run)."""

    def __init__(self, path: Path, config_dir: Path) -> None:
        self.path = path
        self.env = git_env(config_dir)
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q")

    def git(self, *args: str | bytes) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=self.env, capture_output=True, check=True
        )
        return done.stdout.decode()

    def write(self, name: str | bytes, text: str | bytes) -> None:
        target = self.path / os.fsdecode(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode() if isinstance(text, str) else text)

    def commit(self, message: str, *, date: str = "", add_all: bool = True) -> str:
        """Stage everything (unless told not to) and commit; the new commit's sha. `date`
        spreads commits apart."""
        if add_all:
            self.git("add", "-A")
        env = dict(self.env)
        if date:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
        subprocess.run(
            ["git", "commit", "-q", "--allow-empty", "-m", message],
            cwd=self.path,
            env=env,
            check=True,
            capture_output=True,
        )
        return self.sha("HEAD")

    def sha(self, rev: str) -> str:
        return self.git("rev-parse", rev).strip()

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`python -m linter ARGS` in the repository, with the hermetic git environment."""
        full = {**(env or self.env), "PYTHONPATH": str(ROOT)}
        return subprocess.run(
            [sys.executable, "-m", "linter", *args],
            cwd=self.path,
            env=full,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    def json(self, *args: str) -> tuple[int, dict[str, Any]]:
        done = self.run(*args, "--format", "json")
        assert done.stdout, done.stderr
        return done.returncode, json.loads(done.stdout)


def located(doc: dict[str, Any], *keys: str) -> list[tuple[Any, ...]]:
    """(path, line, column, rule, severity, *keys) of each finding of a JSON report."""
    return [
        (f["path"], f["line"], f["column"], f["rule"], f["severity"], *(f[k] for k in keys))
        for f in doc["findings"]
    ]
