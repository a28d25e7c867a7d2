"""The catalog's app table: `catalog.json`'s entries by ID, read as far as a run needs them.

A run judges the few IDs it found, yet parsing the whole 480 KB document and making all 2,000
entries cost every process that judged a hit about 5 ms. The document writes one entry a line,
so an entry is found by its `"id": "<id>"` text and only that line is parsed; anything else
(an ID the text does not show so, a line that is not one whole entry, iterating the table)
parses the whole document as before, with its errors. Each such search reads the text
(0.1 ms), so a run that looks up many IDs parses the whole document after the first few.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from linter.findings import App

# Line searches before the whole document is parsed instead (3 ms, then lookups are free).
_SEARCHES = 8


def app(row: Mapping[str, Any]) -> App:
    return App(
        app_id=str(row["id"]),
        name=str(row.get("name", "")),
        owner_tenant=str(row.get("owner", "")),
        is_resource=bool(row.get("resource", False)),
        seen_as_client=bool(row.get("client", False)),
    )


class AppTable(Mapping[str, App]):
    """`{row["id"]: app(row) for row in document["apps"]}`, made one entry at a time."""

    def __init__(
        self, text: Callable[[], str], rows: Callable[[], list[Mapping[str, Any]]]
    ) -> None:
        self._text = text  # the document's text (raises CatalogError)
        self._load_rows = rows  # its parsed `apps` list (raises CatalogError)
        self._rows: dict[str, Mapping[str, Any]] | None = None
        self._made: dict[str, App] = {}

    def get(self, app_id: str, default: App | None = None) -> App | None:  # type: ignore[override]
        made = self._made.get(app_id)
        if made is not None:
            return made
        row = self._line(app_id) if self._rows is None and len(self._made) < _SEARCHES else None
        if row is None:
            row = self._all().get(app_id)
            if row is None:
                return default
        made = self._made[app_id] = app(row)
        return made

    def __getitem__(self, app_id: str) -> App:
        made = self.get(app_id)
        if made is None:
            raise KeyError(app_id)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def _all(self) -> dict[str, Mapping[str, Any]]:
        if self._rows is None:
            self._rows = {row["id"]: row for row in self._load_rows()}
        return self._rows

    def _line(self, app_id: str) -> Mapping[str, Any] | None:
        """The entry on the line of the last `"id": "<app_id>"` (the one a dict keeps)."""
        text = self._text()
        at = text.rfind(f'"id": "{app_id}"')
        if at == -1:
            return None
        end = text.find("\n", at)
        line = text[text.rfind("\n", 0, at) + 1 : len(text) if end == -1 else end]
        try:
            row = json.loads(line.strip().removesuffix(","))
        except ValueError:
            return None
        return row if isinstance(row, dict) and row.get("id") == app_id else None


class Extended(Mapping[str, App]):
    """`{**added, **base}` without making it: `base` wins a lookup, as it wins the merge."""

    def __init__(self, added: Mapping[str, App], base: Mapping[str, App]) -> None:
        self._added = added
        self._base = base

    def get(self, app_id: str, default: App | None = None) -> App | None:  # type: ignore[override]
        found = self._base.get(app_id)
        return found if found is not None else self._added.get(app_id, default)

    def __getitem__(self, app_id: str) -> App:
        found = self.get(app_id)
        if found is None:
            raise KeyError(app_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter({**self._added, **self._base})

    def __len__(self) -> int:
        return len({**self._added, **self._base})
