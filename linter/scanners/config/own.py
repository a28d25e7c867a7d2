"""The tool's own config file, `.first-party-lint.toml`: every ID in it is a reference.

Its `allow` entries name the IDs a team accepts and `extra-ids` those it forbids; neither is
an app signing in. `pyproject.toml` gets the same answer from the key path (the TOML scanner
knows `tool.first-party-lint`); this file has no such prefix, so its name decides.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from linter.findings import Role, Span, Target


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    for target in targets:
        yield Span(target.span_start, target.span_end, Role.RESOURCE, "first-party-lint config")
