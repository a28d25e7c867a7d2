"""Choosing a scanner by file name matches as `fnmatch.fnmatchcase` does, without its regexes."""

from __future__ import annotations

import fnmatch

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.scanners import SCANNERS, TEXT_SCANNER, matches, module_for

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


def _first_match(name: str) -> str:
    """The table read as it always was: the first pattern that fnmatch matches."""
    lowered = name.lower()
    for pattern, module in SCANNERS:
        if fnmatch.fnmatchcase(lowered, pattern):
            return module
    return TEXT_SCANNER


_FILE_NAMES = st.lists(
    st.sampled_from(
        [".", "env", "py", "json", "toml", "tsx", "first-party-lint", "yml", "a", "B", "x.", "md"]
    ),
    max_size=6,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_FILE_NAMES)
def test_module_for_is_the_first_pattern_that_matches(name: str) -> None:
    assert module_for(name) == _first_match(name)


def test_module_for_on_every_shape_of_the_table() -> None:
    for pattern, _ in SCANNERS:
        for name in (pattern.replace("*", "x"), pattern.replace("*", "a.b").upper(), "." + pattern):
            assert module_for(name) == _first_match(name), name
    assert module_for(".env.local") == "linter.scanners.config.dotenv"
    assert module_for(".first-party-lint.toml") == "linter.scanners.config.own"
