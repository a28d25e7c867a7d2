"""The JSON fast path (`json_valid`) gives the tokenizer's spans on every valid document.

Documents are generated (nesting, IDs as keys, values and inside values, escapes, every
layout `json.dumps` writes) and both paths must agree span for span; text the standard
parser rejects must be left to the tokenizer.
"""

from __future__ import annotations

import json
from typing import Any

from helpers import ARM, AZ_CLI, GRAPH, OFFICE
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import catalog as catalog_module
from linter.scanners.config import json as json_scanner
from linter.scanners.config import json_valid

CAT = catalog_module.load()

_TEXTS = st.sampled_from(
    [
        AZ_CLI,
        GRAPH,
        f"{{{OFFICE}}}",
        f"api://{ARM}/.default",
        f"client_id={AZ_CLI}&scope={GRAPH}/.default",
        f"{AZ_CLI} {GRAPH}",
        "plain",
        "",
        'with "quotes" and \\ and [brackets], {braces}: commas',
        "\u00e9\u2028\U0001f600",
        "11111111-2222-3333-4444-555555555555",
    ]
)
_KEYS = (
    st.sampled_from(
        ["ClientId", "clientId", "scopes", "AzureAd", "knownClientApplications", "a", AZ_CLI]
    )
    | _TEXTS
)
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | _TEXTS


def _documents() -> st.SearchStrategy[Any]:
    return st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
        max_leaves=30,
    )


def _same(text: str) -> None:
    targets = CAT.targets(text)
    fast = json_valid.spans(text, targets)
    assert fast is not None
    assert fast == list(json_scanner.tokenized(text, targets))


@settings(max_examples=300, deadline=None)
@given(
    _documents(),
    st.sampled_from([None, 0, 1, 2, "\t"]),
    st.booleans(),
    st.sampled_from([None, (",", ":"), (" , ", " : ")]),
)
def test_valid_documents_give_the_tokenizers_spans(
    document: Any, indent: int | str | None, ascii_only: bool, separators: Any
) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only, separators=separators)
    _same(text)
    _same(f" \n{text}\r\n")


@settings(max_examples=200, deadline=None)
@given(_documents(), st.sampled_from([None, 1]))
def test_objects_stepped_member_by_member_give_the_same_spans(
    document: Any, indent: int | None
) -> None:
    """Objects longer than `_OBJECT_REACH` are not skipped whole: force that on every one."""
    reach = json_valid._OBJECT_REACH
    json_valid._OBJECT_REACH = 0
    try:
        _same(json.dumps(document, indent=indent))
    finally:
        json_valid._OBJECT_REACH = reach


def test_a_table_keyed_by_ids_with_nested_values() -> None:
    rows = [f'  "{app}": {{"name": "n", "scopes": ["{GRAPH}/.default"]}}' for app in (ARM, OFFICE)]
    _same("{\n" + ",\n".join(rows) + "\n}\n")


def test_deep_nesting_beyond_what_one_step_skips() -> None:
    _same(json.dumps({"a": [[[[{"ClientId": AZ_CLI}]]]], "b": [[[[1]]]], "c": GRAPH}))


def test_text_the_standard_parser_rejects_is_the_tokenizers() -> None:
    for text in (
        f'{{"ClientId": "{AZ_CLI}", }}',  # a trailing comma
        f'{{// comment\n"ClientId": "{AZ_CLI}"}}',
        f"{{'ClientId': '{AZ_CLI}'}}",
        f'\ufeff{{"ClientId": "{AZ_CLI}"}}',
        f'{{"ClientId": "{AZ_CLI}"',
        "[" * 100_000 + "]" * 100_000,
    ):
        assert json_valid.spans(text, CAT.targets(text)) is None
