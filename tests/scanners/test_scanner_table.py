"""Choosing a scanner by file name matches as `fnmatch.fnmatchcase` does, without its regexes."""

from __future__ import annotations

import fnmatch

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.scanners import SCANNERS, matches

_PIECES = st.sampled_from(
    [".", "env", "py", "json", "toml", "first-party-lint", "-", "a", "*", "?", "[", "]", "x"]
)
_NAMES = st.lists(_PIECES, max_size=6).map("".join) | st.sampled_from(
    [pattern.replace("*", "") for pattern, _ in SCANNERS]
)
_PATTERNS = st.sampled_from([pattern for pattern, _ in SCANNERS]) | st.sampled_from(
    ["*", "**", "a*b*c", "?.py", "[ab].py", "*.p?", ".env*", ""]
)


@settings(max_examples=500, deadline=None)
@given(_NAMES, _PATTERNS)
def test_matches_is_fnmatchcase(name: str, pattern: str) -> None:
    assert matches(name, pattern) == fnmatch.fnmatchcase(name, pattern)


def test_every_table_pattern_against_its_own_shapes() -> None:
    for pattern, _ in SCANNERS:
        for name in (pattern.replace("*", ""), pattern.replace("*", "x.y"), "x" + pattern, ""):
            assert matches(name, pattern) == fnmatch.fnmatchcase(name, pattern), (name, pattern)
