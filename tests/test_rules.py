"""The rule docs' examples are tests: what a page shows is what the linter does."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import catalog as catalog_module
from linter import engine
from linter.discovery import FileRef
from linter.findings import Scanned
from linter.rules import RULES, Example

CAT = catalog_module.load()


def _rules_found(tmp_path: Path, example: Example) -> list[str]:
    path = tmp_path / example.filename
    path.write_text(example.code, encoding="utf-8")
    result = engine.scan_file(FileRef(path, example.filename), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned)
    assert result.notes == ()
    return [f.rule for f in result.findings]


@pytest.mark.parametrize("code", sorted(RULES))
def test_example_is_reported(tmp_path: Path, code: str) -> None:
    assert _rules_found(tmp_path, RULES[code].example) == [code]


@pytest.mark.parametrize("code", sorted(RULES))
def test_fixed_example_is_clean(tmp_path: Path, code: str) -> None:
    assert _rules_found(tmp_path, RULES[code].fixed) == []


@pytest.mark.parametrize(
    "example", [q for rule in RULES.values() for q in rule.quiet], ids=lambda e: e.filename
)
def test_quiet_examples_stay_quiet(tmp_path: Path, example: Example) -> None:
    assert _rules_found(tmp_path, example) == []


def test_docs_have_ruff_sections() -> None:
    for rule in RULES.values():
        doc = rule.doc()
        for section in ("## What it does", "## Why is this bad?", "## Example", "## How to fix"):
            assert section in doc, (rule.code, section)
