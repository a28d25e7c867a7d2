"""The rule docs' examples are tests: what a page shows is what the linter does."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import catalog as catalog_module
from linter import config_files, engine, suppress
from linter.discovery import FileRef
from linter.findings import Scanned
from linter.rules import RULES, Example

CAT = catalog_module.load()


def _rules_found(tmp_path: Path, example: Example) -> list[str]:
    """The example scanned and put through the suppression stage, as `check --require-reason`
    runs it, with the `allow` entries of a pyproject.toml example."""
    path = tmp_path / example.filename
    path.write_text(example.code, encoding="utf-8")
    result = engine.scan_file(FileRef(path, example.filename), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned)
    assert result.notes == ()
    loaded = config_files.load_file(path, str(tmp_path)) if path.suffix == ".toml" else None
    entries = loaded.allow if loaded is not None else ()
    (judged,) = suppress.apply([result], lambda _: entries, require_reason=True)
    assert isinstance(judged, Scanned)
    return [f.rule for f in judged.findings]


def _cases(kind: str) -> list[object]:
    return [
        pytest.param(rule.code, example, id=f"{rule.code}-{example.filename}")
        for rule in RULES.values()
        for example in getattr(rule, kind)
    ]


@pytest.mark.parametrize(("code", "example"), _cases("examples"))
def test_examples_are_reported(tmp_path: Path, code: str, example: Example) -> None:
    assert _rules_found(tmp_path, example) == [code]


@pytest.mark.parametrize(("code", "example"), _cases("fixed"))
def test_fixed_examples_are_clean(tmp_path: Path, code: str, example: Example) -> None:
    assert _rules_found(tmp_path, example) == []


@pytest.mark.parametrize(("code", "example"), _cases("quiet"))
def test_quiet_examples_stay_quiet(tmp_path: Path, code: str, example: Example) -> None:
    assert _rules_found(tmp_path, example) == []


def test_docs_quote_every_example() -> None:
    for rule in RULES.values():
        doc = rule.doc()
        for example in (*rule.examples, *rule.fixed, *rule.quiet):
            assert example.code in doc, (rule.code, example.filename)


def test_every_example_needs_a_fix() -> None:
    with pytest.raises(ValueError, match="fixed version"):
        RULES["FPA001"]._replace(fixed=())


def test_docs_have_ruff_sections() -> None:
    for rule in RULES.values():
        doc = rule.doc()
        for section in ("## What it does", "## Why is this bad?", "## Example", "## How to fix"):
            assert section in doc, (rule.code, section)
