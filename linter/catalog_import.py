"""`catalog import` and `catalog diff`: keeping the catalog current without waiting for a release.

A tenant's own list of service principals holds every Microsoft app consented or provisioned
there, with the tenant that owns each (`appOwnerOrganizationId`). `import` keeps those owned by
Microsoft's tenants and writes them as an extra-ids file (one `<app ID> <name>` a line, sorted:
a re-import shows in a diff as the apps added and removed), which `extra-ids` in a config reads.
The file records where it came from and the export's date (`--date`, else the export file's
modification time), never the time of the import, so importing twice writes the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from linter import catalog
from linter.config_schema import ConfigError, parse_date, read_extra_ids

COMMANDS = ("import", "diff")
# Tenants the catalog lists but that own no Microsoft app: every personal Microsoft account's
# app registrations live in the consumer tenant, so its apps are anybody's, not Microsoft's.
NOT_OWNERS = "not an app-owner tenant"


class ExportError(ConfigError):
    """An export file that is not a list of service principals: one line, exit 2."""


def add_parsers(actions: Any) -> None:
    """`catalog import` and `catalog diff` (argparse's subparsers action is untyped)."""
    imp = actions.add_parser(
        "import", help="turn an export of service principals into an extra-ids file"
    )
    imp.add_argument(
        "export",
        type=Path,
        metavar="EXPORT.json",
        help="JSON of `az ad sp list --all` or of a Graph servicePrincipals "
        "query (one page, a list of pages, or pages one after another)",
    )
    imp.add_argument("--output", "-o", type=Path, required=True, metavar="FILE")
    imp.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the export's date (default: the export file's modification time)",
    )
    diff = actions.add_parser("diff", help="what an extra-ids file adds to the shipped catalog")
    diff.add_argument("file", type=Path, metavar="FILE")


def _documents(path: Path) -> Iterator[Any]:
    """Each JSON document of the file: Graph pages saved one after another are several."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path}: cannot read the export: {exc}") from exc
    decoder = json.JSONDecoder()
    index = 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index >= len(text):
            return
        try:
            document, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise ExportError(f"{path}: not JSON: {exc}") from exc
        yield document


def _principals(path: Path, document: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(document, dict) and "value" in document:  # a Graph page
        document = document["value"]
    if not isinstance(document, list):
        raise ExportError(
            f"{path}: expected a list of service principals or a Graph page with a `value` list"
        )
    for item in document:
        if isinstance(item, dict) and "value" in item and "appId" not in item:
            yield from _principals(path, item)  # a list of pages
        elif isinstance(item, dict):
            yield item
        else:
            raise ExportError(
                f"{path}: expected service principals (objects), found {type(item).__name__}"
            )


def _one_line(name: object) -> str:
    text = " ".join(str(name or "").split())
    return "".join(c for c in text if c.isprintable())


def import_export(path: Path, tenants: Mapping[str, str]) -> tuple[dict[str, str], int]:
    """Microsoft-owned apps of the export, ID -> name, and how many principals it held."""
    owners = {t.lower() for t, note in tenants.items() if NOT_OWNERS not in note}
    kept: dict[str, str] = {}
    total = with_owner = 0
    for document in _documents(path):
        for principal in _principals(path, document):
            total += 1
            app_id = catalog.canonical(str(principal.get("appId") or ""))
            if app_id is None:
                raise ExportError(f"{path}: service principal {total} has no appId GUID")
            owner = principal.get("appOwnerOrganizationId")
            if owner is None:
                continue
            with_owner += 1
            if str(owner).lower() in owners:
                kept[app_id] = _one_line(principal.get("displayName"))
    if total and not with_owner:
        raise ExportError(
            f"{path}: no service principal has appOwnerOrganizationId (a Graph "
            "query with $select must include it)"
        )
    if not total:
        raise ExportError(f"{path}: holds no service principals")
    return kept, total


def _export_date(path: Path, given: str | None) -> tuple[date, str]:
    if given is not None:
        parsed = parse_date(given)
        if parsed is None:
            raise ExportError(f"--date: expected YYYY-MM-DD, got {given!r}")
        return parsed, "--date"
    mtime = os.stat(path).st_mtime  # noqa: PTH116
    return datetime.fromtimestamp(mtime, tz=timezone.utc).date(), "the export file's mtime"


def render(apps: Mapping[str, str], source: str, when: date, how: str, total: int) -> str:
    lines = [
        "# first-party-lint extra-ids: apps owned by Microsoft's tenants",
        f"# source: {_one_line(source)} ({total} service principals)",
        f"# exported: {when.isoformat()} (from {how})",
        "# written by `first-party-lint catalog import`; read by the `extra-ids` config key",
        *(f"{app_id} {name}".rstrip() for app_id, name in sorted(apps.items())),
    ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, out: TextIO) -> int:
    cat = catalog.load()
    if args.catalog_command == "import":
        apps, total = import_export(args.export, cat.tenants)
        when, how = _export_date(args.export, args.date)
        text = render(apps, args.export.name, when, how, total)
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ExportError(f"{args.output}: cannot write: {exc}") from exc
        shipped = sum(app_id in cat.ids for app_id in apps)
        out.write(
            f"{args.output}: {len(apps)} Microsoft-owned app IDs of {total} service principals "
            f"({len(apps) - shipped} not in the shipped catalog), export of {when} "
            f"(from {how})\n"
        )
        return 0
    listed = read_extra_ids(args.file, lambda problem: ExportError(problem))
    new = sorted({app.app_id: app for app in listed if app.app_id not in cat.ids}.items())
    for app_id, app in new:
        out.write(f"+ {app_id}  {app.name}\n")
    shipped = len({app.app_id for app in listed}) - len(new)
    out.write(
        f"{args.file}: {len(new)} app IDs not in the shipped catalog {cat.version}; "
        f"{shipped} already in it\n"
    )
    return 0
