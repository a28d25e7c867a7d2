"""Golden files: each output format of the real CLI over one fixed tree (tests/output_tree.py).

A format change shows up as a diff of tests/golden/ in review. To regenerate them after an
intended change, run `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and review the diff.
The tool's and catalog's versions are replaced by `<version>` and `<catalog-version>`, so a
release or a catalog refresh does not touch them (a changed remediation text or rule doc does).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import run_cli as run
from output_tree import write_tree

from linter import __version__, catalog

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

FORMATS = {
    "text": "report.txt",
    "json": "report.json",
    "sarif": "report.sarif",
    "github": "report.github.txt",
    "gitlab": "report.gitlab.json",
    "junit": "report.junit.xml",
}


def normalise(text: str) -> str:
    text = text.replace(f'"{__version__}"', '"<version>"')
    return text.replace(catalog.load().version, "<catalog-version>")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("golden"))


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_matches_golden_file(tree: Path, fmt: str) -> None:
    result = run("check", "--format", fmt, cwd=tree)
    assert result.returncode == 1, result.stderr  # the tree holds FPA001 findings
    compare(FORMATS[fmt], normalise(result.stdout))
    if fmt == "text":
        compare("report.txt.stderr", result.stderr)
    else:
        assert result.stderr == ""  # machine formats carry their notes inside


@pytest.mark.slow
def test_output_file_matches_stdout_and_terminal_gets_the_summary(
    tree: Path, tmp_path: Path
) -> None:
    for fmt, name in FORMATS.items():
        target = tmp_path / f"out-{name}"
        result = run("check", "--format", fmt, "--output", str(target), cwd=tree)
        assert result.returncode == 1
        assert normalise(target.read_text(encoding="utf-8")) == (GOLDEN / name).read_text()
        assert result.stdout.splitlines() == [
            "6 files scanned; 4 errors and 2 warnings (FPA001: 4, FPA002: 2); "
            "1 skipped (binary: 1); 1 parsed as text.",
            f"report written to {target} ({fmt})",
        ]
        assert result.stderr == (GOLDEN / "report.txt.stderr").read_text()
