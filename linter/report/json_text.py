"""`json.dumps(value, indent=2, ensure_ascii=False)`, the same text, several times faster.

With `indent`, the standard library encodes in pure Python, a generator per value: for a
report of a few thousand findings that was most of the time after the scan. Here the
containers are laid out in Python and everything inside a container that holds no other
container (a finding, a region, a string) is encoded by the C encoder, whose item separator
is given the newline and indentation: the C encoder escapes newlines inside strings, so a
separator is the only place a raw newline can appear. Anything other than the JSON types
(dict with str keys, list, str, int, float, bool, None) goes to `json.dumps` whole, so the
text is always the standard library's.
"""

from __future__ import annotations

import json
from collections.abc import Callable

_SCALARS = (str, int, float, bool, type(None))


class _Unusual(Exception):
    """A value this module does not lay out itself (a tuple, a non-str key, a subclass)."""


def dumps(value: object) -> str:
    """The text of `json.dumps(value, indent=2, ensure_ascii=False)`."""
    flat: dict[int, Callable[[object], str]] = {}  # per depth: the C encoder, indented

    def encoder(depth: int) -> Callable[[object], str]:
        found = flat.get(depth)
        if found is None:
            separator = ",\n" + "  " * depth
            found = json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode
            flat[depth] = found
        return found

    scalar = json.JSONEncoder(ensure_ascii=False).encode

    def lay_out(item: object, depth: int) -> str:
        inner, outer = "  " * (depth + 1), "  " * depth
        if isinstance(item, dict) and type(item) is dict:
            if not item:
                return "{}"
            if any(type(key) is not str for key in item):
                raise _Unusual
            if all(type(v) in _SCALARS for v in item.values()):
                return f"{{\n{inner}{encoder(depth + 1)(item)[1:-1]}\n{outer}}}"
            parts = [
                f"{scalar(k)}: {scalar(v) if type(v) is str else lay_out(v, depth + 1)}"
                for k, v in item.items()
            ]
        elif isinstance(item, list) and type(item) is list:
            if not item:
                return "[]"
            if all(type(v) in _SCALARS for v in item):
                return f"[\n{inner}{encoder(depth + 1)(item)[1:-1]}\n{outer}]"
            parts = [lay_out(v, depth + 1) for v in item]
        elif type(item) in _SCALARS:
            return scalar(item)
        else:
            raise _Unusual
        opening, closing = ("{", "}") if isinstance(item, dict) else ("[", "]")
        return f"{opening}\n{inner}" + f",\n{inner}".join(parts) + f"\n{outer}{closing}"

    try:
        return lay_out(value, 0)
    except _Unusual:
        return json.dumps(value, indent=2, ensure_ascii=False)
