"""Run the real CLI in a subprocess, as a hook or a CI job does, and read what it printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PROG = "first-party-lint"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def doc(self) -> dict[str, Any]:
        """The JSON report (for runs with `--format json`)."""
        return dict(json.loads(self.stdout))

    def notes_for(self, path: str) -> list[str]:
        """The stderr lines about one file: each must be exactly one line naming it."""
        prefix = f"{PROG}: {path}: "
        return [line[len(prefix) :] for line in self.stderr.splitlines() if line.startswith(prefix)]


def run(
    *args: str,
    cwd: Path,
    timeout: float = 120,
    python: tuple[str, ...] = ("-m", "linter"),
    user: int | None = None,
    executable: str = sys.executable,
) -> Run:
    """`python -m linter ARGS` in `cwd`; `python` replaces `-m linter` with a `-c` wrapper."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [executable, *python, *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        check=False,
        timeout=timeout,
        user=user,
        group=user,
    )
    # Decoded strictly: output that is not UTF-8 is itself a bug (an unprintable file name).
    return Run(result.returncode, result.stdout.decode(), result.stderr.decode())


def findings(run: Run) -> list[tuple[str, int, int, str]]:
    """(path, line, column, rule) of every finding in a JSON run."""
    return [(f["path"], f["line"], f["column"], f["rule"]) for f in run.doc["findings"]]


def interpreter_for(user: int) -> str | None:
    """A Python (3.10+) that `user` may run, for tests that must not run as root; or None."""
    for candidate in (sys.executable, "/usr/bin/python3", "/usr/local/bin/python3"):
        try:
            probe = subprocess.run(
                [candidate, "-c", "import sys; assert sys.version_info >= (3, 10)"],
                cwd="/",
                capture_output=True,
                check=False,
                user=user,
                group=user,
            )
        except OSError:  # not there, or not executable by `user`
            continue
        if probe.returncode == 0:
            return candidate
    return None
