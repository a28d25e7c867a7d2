"""The catalog's app table, read entry by entry, holds exactly the entries of `catalog.json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linter import catalog
from linter.catalog_apps import AppTable, Extended, app
from linter.findings import App

DOCUMENT = catalog.data_dir() / catalog.CATALOG_FILE


def _expected(document: dict[str, Any]) -> dict[str, App]:
    return {
        row["id"]: App(
            app_id=row["id"],
            name=row.get("name", ""),
            owner_tenant=row.get("owner", ""),
            is_resource=bool(row.get("resource", False)),
            seen_as_client=bool(row.get("client", False)),
        )
        for row in document["apps"]
    }


def _table(text: str) -> AppTable:
    return AppTable(lambda: text, lambda: json.loads(text)["apps"])


def test_every_id_looked_up_alone_is_the_full_tables_entry() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    expected = _expected(json.loads(text))
    for app_id, entry in expected.items():
        table = _table(text)
        assert table.get(app_id) == entry
        assert table._rows is None  # found by its line: the document was not parsed
    table = _table(text)
    assert dict(table) == expected and list(table) == list(expected)
    many = _table(text)  # looked up one after another: the document is parsed after a few
    assert all(many.get(app_id) == entry for app_id, entry in expected.items())
    assert many._rows is not None


def test_the_shipped_catalog_loads_the_same_table() -> None:
    expected = _expected(json.loads(DOCUMENT.read_text(encoding="utf-8")))
    apps = catalog.load().apps
    some = next(iter(expected))
    assert apps.get(some) == expected[some] and apps[some] is apps[some]
    assert apps.get("00000000-0000-0000-0000-000000000000") is None
    assert len(apps) == len(expected) and dict(apps) == expected


@pytest.mark.parametrize("indent", [None, 2, "\t"])
def test_other_layouts_and_a_repeated_id_give_the_dicts_answer(indent: int | str | None) -> None:
    rows = [
        {"id": "a", "name": "first", "sources": ['"id": "a"']},
        {"id": "b", "name": 'says "id": "a"'},
        {"id": "a", "name": "second", "resource": True},
    ]
    document = {"tenants": {"a": "not an app"}, "apps": rows}
    text = json.dumps(document, indent=indent)
    for app_id in ("a", "b", "c"):
        assert _table(text).get(app_id) == _expected(document).get(app_id)


def test_a_corrupt_document_still_fails_when_the_table_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / catalog.IDS_FILE).write_text("# version=1 source_date=2026-01-01\nab\n")
    (tmp_path / catalog.CATALOG_FILE).write_text('{"apps": [\n  {"id": "ab"},\n')
    apps = catalog.load(tmp_path).apps
    with pytest.raises(catalog.CatalogError):
        len(apps)
    with pytest.raises(catalog.CatalogError):
        apps.get("cd")  # not on a line of its own: the whole document is parsed


def test_extended_is_the_merge_with_the_catalog_winning() -> None:
    base = {"a": app({"id": "a", "name": "catalog"})}
    added = {"a": app({"id": "a", "name": "own"}), "b": app({"id": "b", "name": "own"})}
    merged = Extended(added, base)
    assert dict(merged) == {**added, **base} and list(merged) == list({**added, **base})
    assert merged["a"].name == "catalog" and merged.get("b") == added["b"]
    assert merged.get("c") is None and len(merged) == 2
