"""`allow` entries read from a pyproject.toml in tests, until the config loader is merged.

The config loader (another branch) owns the real parsing and validation; this reads only what
the suppression tests and the FPA101 rule example need: `id` or `name`, `paths`, `reason`,
`expires`, with `origin` at the entry's line and column 1, as the loader records it.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from linter.findings import AllowEntry, Location

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def read(config: Path, display: str) -> tuple[AllowEntry, ...]:
    """The entries of `config`; `display` is its path as reports show it, `root` its folder."""
    text = config.read_text(encoding="utf-8")
    raw = tomllib.loads(text).get("tool", {}).get("first-party-lint", {}).get("allow", [])
    lines = text.splitlines()
    entries = []
    for item in raw:
        app = str(item.get("id") or item.get("name"))
        number = next(n for n, line in enumerate(lines, 1) if app in line)
        expires = item.get("expires")
        entries.append(
            AllowEntry(
                app=app.lower() if item.get("id") else app,
                reason=str(item.get("reason", "")),
                paths=tuple(item.get("paths", ())),
                expires=expires if isinstance(expires, date) else None,
                root=str(config.parent),
                origin=Location(display, number, 1, 1),
            )
        )
    return tuple(entries)
