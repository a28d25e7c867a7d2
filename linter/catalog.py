"""The catalog of Microsoft first-party app IDs and the prefilter that finds them.

Almost every file a linter sees holds no catalog ID, so the one question asked of every byte
is "is there a catalog GUID here?". It is answered by a regex anchored on the literal dashes of
a GUID's middle groups (`re` jumps between `-` characters), widened to 36 characters and looked
up in a set: linear in the input and flat in the catalog's size, which no alternation of IDs is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from linter.findings import App, Target

CATALOG_FILE = "catalog.json"
IDS_FILE = "ids.txt"
REMEDIATION_FILE = "remediation.md"

_MIDDLE = r"-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-"
_MIDDLE_STR = re.compile(_MIDDLE)
_MIDDLE_BYTES = re.compile(_MIDDLE.encode())
_HEX = frozenset("0123456789abcdefABCDEF")
_HEX_BYTES = frozenset(b"0123456789abcdefABCDEF")
_GUID = re.compile(
    r"\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?"
)


def _escaped_before(text: str | bytes, start: int) -> bool:
    """Whether the hex digits right before `start` belong to an escape, not to a longer value.

    `client_id%3D<id>` (a URL-encoded `=` in a redirect URL), `%22<id>%22`, `\\x22<id>`,
    `\\u0022<id>` and `"\\f<id>"` end in a hex digit, yet the ID stands alone: without this
    check the hex-neighbour rule dropped exactly the IDs hidden in encoded URLs and strings.
    """
    if start >= 3 and text[start - 3 : start - 2] in ("%", b"%"):
        return True
    if start >= 2 and text[start - 2 : start - 1] in ("\\", b"\\"):
        return True
    if start >= 4 and text[start - 4 : start - 2] in ("\\x", b"\\x"):
        return True
    return start >= 6 and text[start - 6 : start - 4] in ("\\u", b"\\u")


class CatalogError(Exception):
    """The shipped catalog is missing or corrupt: an installation problem, exit 2."""


def data_dir() -> Path:
    """Where `data/` is: inside the wheel (`linter/data`), or beside the package in a checkout.

    An editable install maps the package but not the wheel's force-included data, so the
    checkout's own `data/` is the fallback.
    """
    packaged = Path(__file__).resolve().parent / "data"
    if (packaged / IDS_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def canonical(guid: str) -> str | None:
    """The catalog spelling of a GUID written in any case, with or without braces."""
    match = _GUID.fullmatch(guid.strip())
    return match.group(1).lower() if match else None


class Catalog:
    """The set of IDs for the prefilter, and the full entries loaded only when a hit needs one.

    `ids.txt` (one GUID a line) is all a run over clean files reads; `catalog.json`, with names,
    owners and sources, is parsed the first time an app is looked up.
    """

    def __init__(
        self,
        version: str,
        source_date: str,
        ids: frozenset[str],
        load_apps: Callable[[], Mapping[str, App]],
        tenants: Callable[[], Mapping[str, str]] = dict,
        extra: tuple[App, ...] = (),
    ) -> None:
        self.version = version
        # What `with_apps` added, kept so a result cache can tell two extended catalogs apart.
        self.extra = extra
        self.source_date = source_date
        self.ids = ids
        self._load_apps = load_apps
        self._load_tenants = tenants

    @cached_property
    def apps(self) -> Mapping[str, App]:
        return self._load_apps()

    @cached_property
    def tenants(self) -> Mapping[str, str]:
        return self._load_tenants()

    # The prefilter's parts, for `linter.sweep`'s loop over a buffer.
    middle_bytes = _MIDDLE_BYTES

    @cached_property
    def ids_bytes(self) -> frozenset[bytes]:
        return frozenset(i.encode() for i in self.ids)

    @cached_property
    def tails_bytes(self) -> frozenset[bytes]:
        """Each ID without its first group and dash (`0000-0000-c000-000000000000`): what
        the sweep (`linter.sweep`) compares, a GUID's tail being what its pattern finds."""
        return frozenset(i[9:].encode() for i in self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, guid: str) -> App | None:
        key = canonical(guid)
        return self.apps.get(key) if key else None

    def contains_any(self, data: bytes) -> bool:
        """Cheap yes/no over raw bytes, so files without an ID are never decoded."""
        ids = self.ids_bytes
        size = len(data)
        for match in _MIDDLE_BYTES.finditer(data):
            start = match.start() - 8
            end = match.end() + 12
            if start < 0 or end > size:
                continue
            if data[start:end].lower() not in ids:
                continue
            if start > 0 and data[start - 1] in _HEX_BYTES and not _escaped_before(data, start):
                continue
            if end < size and data[end] in _HEX_BYTES:
                continue
            return True
        return False

    def targets(self, text: str) -> list[Target]:
        """Every catalog ID in `text`, in order, with braces folded into the span."""
        ids = self.ids
        size = len(text)
        found: list[Target] = []
        for match in _MIDDLE_STR.finditer(text):
            start = match.start() - 8
            end = match.end() + 12
            if start < 0 or end > size:
                continue
            app_id = text[start:end].lower()
            if app_id not in ids:
                continue
            if start > 0 and text[start - 1] in _HEX and not _escaped_before(text, start):
                continue
            if end < size and text[end] in _HEX:
                continue
            braced = start > 0 and end < size and text[start - 1] == "{" and text[end] == "}"
            span_start, span_end = (start - 1, end + 1) if braced else (start, end)
            found.append(Target(start, end, span_start, span_end, app_id))
        return found

    def search(self, query: str) -> list[App]:
        """Apps whose ID is `query`, or whose name contains it (case-insensitive)."""
        exact = self.lookup(query)
        if exact is not None:
            return [exact]
        needle = query.casefold().strip()
        if not needle:
            return []
        return [app for app in self.apps.values() if needle in app.name.casefold()]

    def with_apps(self, extra: Iterable[App]) -> Catalog:
        """A copy that also treats `extra` as first-party (an organisation's own list)."""
        added = {app.app_id: app for app in extra if app.app_id not in self.ids}
        base = self

        def apps() -> Mapping[str, App]:
            from linter.catalog_apps import Extended

            return Extended(added, base.apps) if added else base.apps

        return Catalog(
            self.version,
            self.source_date,
            self.ids | frozenset(added),
            apps,
            lambda: base.tenants,
            self.extra + tuple(added.values()),
        )


def load(directory: Path | None = None) -> Catalog:
    """Read the prefilter's ID list now and the full entries on first lookup."""
    base = directory or data_dir()
    ids_path = base / IDS_FILE
    try:
        lines = ids_path.read_text(encoding="ascii").splitlines()
        header = dict(part.split("=", 1) for part in lines[0].lstrip("# ").split())
        ids = frozenset(line for line in lines[1:] if line)
        version, date = header["version"], header["source_date"]
    except (OSError, ValueError, KeyError, IndexError) as exc:
        raise CatalogError(f"cannot load the catalog from {ids_path}: {exc}") from exc
    document: dict[str, Any] = {}
    text: list[str] = []
    path = base / CATALOG_FILE

    def read_text() -> str:
        if not text:
            try:
                text.append(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CatalogError(f"cannot load the catalog from {path}: {exc}") from exc
        return text[0]

    def read_document() -> dict[str, Any]:
        if not document:
            try:
                document.update(json.loads(read_text()))
            except ValueError as exc:
                raise CatalogError(f"cannot load the catalog from {path}: {exc}") from exc
        return document

    def apps() -> Mapping[str, App]:
        from linter.catalog_apps import AppTable

        return AppTable(read_text, lambda: list(read_document()["apps"]))

    def tenants() -> Mapping[str, str]:
        return dict(read_document().get("tenants", {}))

    return Catalog(version, date, ids, apps, tenants)


def load_remediation(directory: Path | None = None) -> str:
    path = (directory or data_dir()) / REMEDIATION_FILE
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise CatalogError(f"cannot load the remediation text from {path}: {exc}") from exc
