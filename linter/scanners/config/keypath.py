"""Key paths of JSON and YAML values, whose nesting has no practical bound.

A value 100,000 levels down must cost no more than one at the top, and its context must still
fit on a line: so a deep path is shown by its ends and judged by its innermost keys (no
realistic file holds a `requiredResourceAccess` 64 levels above the ID it describes).
"""

from __future__ import annotations

from collections.abc import Sequence

from linter.findings import Role
from linter.scanners.config.values import role_of

Segment = str | int
"""A mapping key, or a list index (kept an int so that it is never formatted for nothing)."""

_SHOWN_HEAD, _SHOWN_TAIL = 2, 8
_JUDGED = 64


def join(path: Sequence[Segment]) -> str:
    """The context users read: `AzureAd:ClientId`, `apps:3:appId`, as ASP.NET spells paths."""
    if len(path) > _SHOWN_HEAD + _SHOWN_TAIL:
        path = [*path[:_SHOWN_HEAD], "...", *path[-_SHOWN_TAIL:]]
    return ":".join(map(str, path))


def role(path: Sequence[Segment]) -> tuple[Role, bool]:
    """Role of a value by its key path, reading an item of a list as its list's key.

    `"scopes": ["<id>"]` and `"knownClientApplications": ["<id>"]` are named by the key that
    holds the list; an index says nothing (the TOML scanner reads arrays the same way).
    """
    end = len(path)
    while end and isinstance(path[end - 1], int):
        end -= 1
    return role_of([str(segment) for segment in path[max(0, end - _JUDGED) : end]])


def named(path: Sequence[Segment], name: str) -> list[Segment]:
    """`env:2` plus `AZURE_CLIENT_ID` reads `env:AZURE_CLIENT_ID`: the name replaces the index."""
    if path and isinstance(path[-1], int):
        return [*path[:-1], name]
    return [*path, name]
