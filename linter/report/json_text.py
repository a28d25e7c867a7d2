"""`json.dumps(value, indent=2, ensure_ascii=False)`, the same text, faster (SARIF: about half).

With `indent`, the standard library encodes in pure Python through a generator per container
and a `yield` per piece: for the JSON or SARIF report of a few thousand findings that was most
of the time after the scan. Here each container is one list of its lines, joined once, and
strings go straight to the encoder's C escaping function. Anything but the plain JSON types
(dict with str keys, list, str, int, float, bool, None; no subclasses, no tuples) goes to
`json.dumps` whole, so the text is always the standard library's.

A report of thousands of findings lays out thousands of objects of one shape; for those a
format gives a `Laid` value (its own text in pieces, and the plain value it stands for) and
fills a `template`: the shape laid out once, by this module, with `%s` where each value's
JSON goes. The pieces join the rest of the document once, at the end: a few megabytes of
findings are copied once, not once per level of nesting.
"""

from __future__ import annotations

import json.encoder
from collections.abc import Callable

# Where a `template` leaves room for a value; laid out as a string, then found as its text.
SLOT = "\x00slot\x00"
string = json.encoder.encode_basestring  # a str as JSON: the encoder's own C function


class Laid:
    """A value whose JSON text a format writes itself, faster than laying out `value()`.

    `"".join(pieces(depth))` must be exactly what `dumps` gives for `value()` standing at
    `depth` (the nesting level of the container it is in, plus one): the property tests of
    each format compare the two. `value()` is only called when `dumps` falls back to the
    standard library.
    """

    __slots__ = ("pieces", "value")

    def __init__(self, pieces: Callable[[int], list[str]], value: Callable[[], object]) -> None:
        self.pieces = pieces
        self.value = value


def listed(rows: list[str], depth: int) -> list[str]:
    """The pieces of a list at `depth` whose items, laid out, are `rows`, each of them
    starting with `separator(depth)` (the first one's comma and newline are dropped here)."""
    if not rows:
        return ["[]"]
    return ["[\n", rows[0][2:], *rows[1:], "\n", "  " * depth, "]"]


def separator(depth: int) -> str:
    """What goes before each item of a list at `depth` but the first, and its indentation
    (the first item's starts after the comma, see `listed`)."""
    return ",\n" + "  " * (depth + 1)


def template(shape: object, depth: int = 0) -> str:
    """`shape` laid out at `depth` as a %-format string: `%s` where a leaf is `SLOT`, to be
    filled with each value's JSON text (`string(...)`, `int.__repr__`) in document order."""
    return dumps(shape, depth).replace("%", "%%").replace(string(SLOT), "%s")


def _plain(value: object) -> object:
    """json.dumps's `default`: a Laid value as the plain value it stands for."""
    if isinstance(value, Laid):
        return value.value()
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


class _Unusual(Exception):
    """A value this module does not lay out itself."""


_MARK = "\x00"  # stands for a Laid value in the layout: JSON text never holds a raw NUL


def dumps(value: object, depth: int = 0, end: str = "") -> str:
    """The text of `json.dumps(value, indent=2, ensure_ascii=False)` followed by `end`; with
    `depth`, as it stands nested that deep (every line but the first indented by `depth` more
    levels)."""
    return "".join(pieces(value, depth, end))


def pieces(value: object, depth: int = 0, end: str = "") -> list[str]:
    """`dumps(value, depth, end)` in pieces, for a writer to write one by one: the text of a
    report of thousands of findings is megabytes, and joining it, then encoding it whole,
    copied it twice more."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # floats as json writes them
    laid: list[list[str]] = []

    def lay_out(item: object, depth: int) -> str:
        kind = type(item)
        if kind is str:
            assert isinstance(item, str)
            return string(item)
        if kind is dict:
            assert isinstance(item, dict)
            if not item:
                return "{}"
            if any(type(key) is not str for key in item):
                raise _Unusual  # json turns numbers and None into keys its own way
            inner = "  " * (depth + 1)
            lines = [
                f"{inner}{string(k)}: {string(v) if type(v) is str else lay_out(v, depth + 1)}"
                for k, v in item.items()
            ]
            return "{\n" + ",\n".join(lines) + "\n" + "  " * depth + "}"
        if kind is list:
            assert isinstance(item, list)
            if not item:
                return "[]"
            inner = "  " * (depth + 1)
            lines = [inner + (string(v) if type(v) is str else lay_out(v, depth + 1)) for v in item]
            return "[\n" + ",\n".join(lines) + "\n" + "  " * depth + "]"
        if kind is int:
            assert isinstance(item, int)
            return int.__repr__(item)
        if kind is bool:
            return "true" if item else "false"
        if item is None:
            return "null"
        if kind is float:
            return encode(item)  # repr, or NaN / Infinity as json writes them
        if kind is Laid:
            assert isinstance(item, Laid)
            laid.append(item.pieces(depth))
            return _MARK
        raise _Unusual

    try:
        text = lay_out(value, depth)
    except _Unusual:
        text = json.dumps(value, indent=2, ensure_ascii=False, default=_plain)
        return [(text.replace("\n", "\n" + "  " * depth) if depth else text) + end]
    if not laid:
        return [text + end]
    around = text.split(_MARK)
    out = [around[0]]
    for inside, after in zip(laid, around[1:], strict=True):
        out += inside
        out.append(after)
    out.append(end)
    return out
