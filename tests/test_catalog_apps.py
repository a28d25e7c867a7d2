"""The catalog's app table, made lazily, holds exactly the entries of `catalog.json`."""

from __future__ import annotations

import json

from linter import catalog
from linter.findings import App


def test_the_lazy_table_is_every_row_of_the_document() -> None:
    rows = json.loads((catalog.data_dir() / catalog.CATALOG_FILE).read_text(encoding="utf-8"))
    expected = {
        row["id"]: App(
            app_id=row["id"],
            name=row.get("name", ""),
            owner_tenant=row.get("owner", ""),
            is_resource=bool(row.get("resource", False)),
            seen_as_client=bool(row.get("client", False)),
        )
        for row in rows["apps"]
    }
    apps = catalog.load().apps
    assert len(apps) == len(expected)
    assert list(apps) == list(expected)
    assert dict(apps) == expected
    some = next(iter(expected))
    assert apps[some] is apps[some]  # made once
    assert apps.get("00000000-0000-0000-0000-000000000000") is None


def test_a_later_row_with_the_same_id_wins_as_in_a_dict() -> None:
    first = {"id": "a", "name": "first"}
    second = {"id": "a", "name": "second"}
    assert catalog._Apps([first, second])["a"].name == "second"
