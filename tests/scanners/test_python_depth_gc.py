"""`parse_quietly` pauses the cyclic garbage collector only for the parse, never for good."""

from __future__ import annotations

import gc

import pytest

from linter.scanners.python_depth import parse_quietly


def test_the_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    parse_quietly("x = 1\n")
    assert gc.isenabled()
    with pytest.raises(SyntaxError):
        parse_quietly("x = (\n")
    assert gc.isenabled()
    gc.disable()
    try:
        parse_quietly("x = 1\n")
        assert not gc.isenabled()  # a caller's choice is not overridden
    finally:
        gc.enable()
