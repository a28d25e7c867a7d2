"""The Python fast path's test for a bound name used elsewhere, pinned against the old one.

`python_names.mentioned` replaced listing every identifier with one regex and intersecting with
the bound names; both must agree on every text, or a file would change paths (ast or libcst).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.scanners.python_names import mentioned

# The test as it was: every whole identifier not followed by a binding `=`.
_OLD = re.compile(r"(?<!\w)([^\W\d]\w*)(?!\w)(?!\s*=(?!=))")

_PIECES = st.sampled_from(
    [
        "a",
        "b",
        "ab",
        "_",
        "1",
        "é",
        "\u0301",
        "x\u0301",
        "\uff46",
        " ",
        "\n",
        "=",
        "==",
        ".",
        "(",
        "#",
    ]
)
_NAMES = st.sets(
    st.sampled_from(["a", "b", "ab", "_a", "é", "x\u0301", "\uff46", "a1"]), min_size=1
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), _NAMES)
def test_mentioned_agrees_with_listing_every_identifier(source: str, names: set[str]) -> None:
    assert mentioned(source, names) == (not names.isdisjoint(_OLD.findall(source)))


def test_a_binding_is_no_mention_but_a_comparison_is() -> None:
    assert not mentioned("CLIENT = 1\nOTHER_CLIENT(x)\n", {"CLIENT"})
    assert mentioned("CLIENT = 1\nif CLIENT == 2: pass\n", {"CLIENT"})
    assert mentioned("CLIENT = 1\nf(CLIENT)\n", {"CLIENT"})
