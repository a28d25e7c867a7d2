"""linter.values: what the hand-written value classes keep of `@dataclass(frozen=True)`."""

from __future__ import annotations

import copy
import pickle

import pytest

from linter import values
from linter.cache import ResultCache
from linter.engine import ScanOptions
from linter.findings import AllowEntry, Failed, Location, Scanned, Skipped
from linter.sources import Source


def test_defaults_and_keywords_as_before() -> None:
    assert Scanned("a.py") == Scanned(path="a.py", findings=(), notes=(), suppressed=())
    assert AllowEntry("x", "why").root == "."
    assert ScanOptions(jobs=2).max_bytes == ScanOptions().max_bytes
    with pytest.raises(TypeError):
        Skipped("a.py")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Scanned("a.py", colour="red")  # type: ignore[call-arg]


def test_frozen() -> None:
    result = Scanned("a.py")
    with pytest.raises(AttributeError, match="cannot assign to field 'path'"):
        result.path = "b.py"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.other = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        del result.path  # type: ignore[misc]
    assert result.path == "a.py"


def test_equality_is_by_class_and_fields() -> None:
    assert Skipped("a.py", "binary") == Skipped("a.py", "binary")
    assert Skipped("a.py", "binary") != Skipped("a.py", "too large")
    assert Skipped("a.py", "x") != Failed("a.py", "x")  # same values, another class
    assert Skipped("a.py", "x") != ("a.py", "x")
    assert len({Skipped("a.py", "x"), Skipped("a.py", "x"), Failed("a.py", "x")}) == 2
    assert hash(Source(b"x", "utf-8")) == hash((b"x", "utf-8", 0, False))


def test_repr_names_every_field() -> None:
    assert repr(Skipped("a.py", "binary")) == "Skipped(path='a.py', reason='binary')"


def test_pickle_and_copy_round_trip() -> None:
    entry = AllowEntry("x", "why", ("src/*",), None, "/repo", Location("cfg.toml", 3, 1, 5))
    for value in (Scanned("a.py", notes=("parsed as text",)), entry, ScanOptions(jobs=0)):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value


def test_replace_keeps_the_other_fields_and_checks_names() -> None:
    before = Scanned("a.py", notes=("n",))
    after = before._replace(findings=())
    assert after == before and after is not before
    assert Source(b"x", "utf-8")._replace(binary=True) == Source(b"x", "utf-8", 0, True)
    with pytest.raises(TypeError):
        before._replace(colour="red")
    assert values.fields(before) == ("path", "findings", "notes", "suppressions", "suppressed")


def test_result_cache_is_compared_by_folder_alone() -> None:
    """As its dataclass was (`inputs` compare=False, repr=False); pickling: test_cache."""
    store = ResultCache("/cache", ("inputs",))
    assert store == ResultCache("/cache", ("others",))
    assert hash(store) == hash(ResultCache("/cache", ()))
    assert repr(store) == "ResultCache(directory='/cache')"
