"""Inputs that crashed a native parser: each must now scan, in a child process.

A segfault kills the whole interpreter, so these run the real CLI in a subprocess: a crash
shows up as a negative return code instead of taking the test run down with it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AZ_CLI

ROOT = Path(__file__).resolve().parents[2]

CRASHERS = [
    # tree-sitter-bash's external scanner on a brace followed by a code point >= U+E0000.
    pytest.param("x.sh", "''a{\U0010ffff\n", id="bash-brace-plane-16"),
    pytest.param("x.sh", "''a{\U000e0000\n", id="bash-brace-tag-character"),
    pytest.param("x.bash", f"a{{\U000fffff\nclient_id={AZ_CLI}\n", id="bash-with-an-id"),
]
EXTENSIONS = ["cs", "js", "ts", "ps1", "go", "java", "tf", "bicep", "sh"]


def _scan(tmp_path: Path, name: str, text: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "linter", "check", "--format", "json", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        timeout=120,
    )


@pytest.mark.parametrize(("name", "text"), CRASHERS)
def test_known_crasher_scans(tmp_path: Path, name: str, text: str) -> None:
    for _ in range(3):  # the crash depended on memory layout: it did not fire every time
        result = _scan(tmp_path, name, text)
        assert result.returncode in (0, 1), result.stderr
    if AZ_CLI in text:
        assert '"rule": "FPA001"' in result.stdout


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_high_plane_characters_around_braces_in_every_grammar(
    tmp_path: Path, extension: str
) -> None:
    text = "".join(f"''a{{{chr(c)} ${{{chr(c)}}} {chr(c)}{{x}}\n" for c in (0xE0000, 0x10FFFF))
    result = _scan(tmp_path, f"x.{extension}", text + f'client_id = "{AZ_CLI}"\n')
    assert result.returncode in (0, 1), result.stderr
