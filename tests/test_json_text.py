"""`json_text.dumps` is `json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte: the
JSON, SARIF, GitLab and baseline outputs are written by it, and CI scripts and golden files
rely on the standard library's text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.findings import Severity
from linter.report import json_text

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # newlines, quotes, control characters, lone surrogates
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def standard(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_same_text_as_the_standard_library(value: Any) -> None:
    assert json_text.dumps(value) == standard(value)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": [], "b": {}},
        [[], [{}]],
        {"severity": Severity.ERROR},  # a str subclass: the standard library's own path
        {1: "int key"},
        {"tuple": (1, 2)},
        {"line\nbreak": "a,\n  b", "nested": [{"k": [1, "x"]}, None]},
    ],
)
def test_edge_cases(value: Any) -> None:
    assert json_text.dumps(value) == standard(value)
