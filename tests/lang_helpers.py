"""Test helpers for the language scanners: what each ID resolved to, with the sink it reaches."""

from __future__ import annotations

from typing import NamedTuple

from helpers import AZ_CLI, AZ_PS, GRAPH, OFFICE, resolved

PLACEHOLDERS = {"@CLI": AZ_CLI, "@PS": AZ_PS, "@GRAPH": GRAPH, "@OFFICE": OFFICE}
NAMES = {app_id: name for name, app_id in PLACEHOLDERS.items()}


class Seen(NamedTuple):
    """One ID occurrence: line and column of the ID text, role, context, sink and resource."""

    line: int
    column: int
    role: str
    context: str
    sink: str = ""
    resource: str = ""


def fill(snippet: str) -> str:
    """Snippets name IDs as `@CLI`, `@PS`, `@GRAPH`, `@OFFICE`; columns are of the filled text."""
    for name, app_id in PLACEHOLDERS.items():
        snippet = snippet.replace(name, app_id)
    return snippet


def scan(module: str, snippet: str) -> list[Seen]:
    """Run `module`'s scanner over `snippet` (placeholders filled) and resolve every ID."""
    return [
        Seen(line, column, span.role.value, span.context, span.sink, span.resource)
        for line, column, span in resolved(module, fill(snippet))
    ]
