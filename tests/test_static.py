"""Type checking and lint are part of the test command, so CI and a laptop agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [
        pytest.param([sys.executable, "-m", "mypy", "--strict"], id="mypy-strict"),
        pytest.param([sys.executable, "-m", "ruff", "check", "."], id="ruff-check"),
        pytest.param([sys.executable, "-m", "ruff", "format", "--check", "."], id="ruff-format"),
    ],
)
def test_static_checks(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_rule_docs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_rule_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
