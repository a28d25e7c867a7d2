"""TOML: tomllib decides validity, then one pass over the text finds where each value stands.

tomllib returns values without positions, and no parser that keeps them ships with Python.
Since tomllib has already rejected malformed input, the pass below only follows well-formed
TOML to the end of each token (headers, dotted and quoted keys, the four kinds of string,
arrays and inline tables), tracking the key path. It never recurses, so nesting costs a list
entry, and it stops with a ParseError rather than guess if it ever disagrees with tomllib.

Key paths are joined with ":" and count array elements, as in `tool:apps:0:client_id`; array
indexes are dropped before the path is classified, so `scopes:1` is read as `scopes`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence

from linter.findings import Role, Span, Target
from linter.scanners import ParseError
from linter.scanners.config.values import Hits, comment_spans, role_of, value_spans

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# A date-time may hold one space (`1979-05-27 07:32:00Z`); any other scalar ends at a blank.
_SCALAR = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d[^\s,\]}#]*|[^\s,\]}#]+")
_BASIC_STOP = re.compile(r'[\\"]')
_BLANK = " \t"
_OWN_TABLE = ("tool", "first-party-lint")  # this tool's config in pyproject.toml


class _Table:
    """A node of the header tree: how many `[[...]]` elements it has, and its sub-tables."""

    __slots__ = ("children", "count")

    def __init__(self) -> None:
        self.children: dict[str, _Table] = {}
        self.count = 0


class _Frame:
    """An open array or inline table: its key path and, for an array, the next element's index."""

    __slots__ = ("index", "is_array", "path")

    def __init__(self, is_array: bool, path: tuple[str, ...]) -> None:
        self.is_array = is_array
        self.path = path
        self.index = 0


class _Walker:
    def __init__(self, text: str, targets: Sequence[Target]) -> None:
        self.text = text
        self.hits = Hits(targets)
        self.spans: list[Span] = []
        self.table: tuple[str, ...] = ()
        self.tree = _Table()

    def fail(self, pos: int, what: str) -> ParseError:
        line = self.text.count("\n", 0, pos) + 1
        return ParseError(f"line {line}: {what} (TOML position tracking)")

    def run(self) -> list[Span]:
        text, pos, size = self.text, 0, len(self.text)
        while pos < size:
            char = text[pos]
            if char in " \t\r\n":
                pos += 1
            elif char == "#":
                pos = self.comment(pos)
            elif char == "[":
                pos = self.header(pos)
            else:
                pos, keys = self.key(pos, self.table)
                pos = self.expect(pos, "=")
                pos = self.value(pos, self.table + keys)
        return self.spans

    def skip(self, pos: int, newlines: bool) -> int:
        """Past blanks, and inside arrays also past newlines and comments."""
        text, size = self.text, len(self.text)
        while pos < size:
            char = text[pos]
            if char in _BLANK or (newlines and char in "\r\n"):
                pos += 1
            elif newlines and char == "#":
                pos = self.comment(pos)
            else:
                break
        return pos

    def expect(self, pos: int, token: str) -> int:
        pos = self.skip(pos, newlines=False)
        if not self.text.startswith(token, pos):
            raise self.fail(pos, f"expected {token!r}")
        return self.skip(pos + len(token), newlines=False)

    def comment(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        end = len(self.text) if end == -1 else end
        self.spans.extend(comment_spans(self.hits, pos, end))
        return end

    def header(self, pos: int) -> int:
        """`[a.b]` or `[[a.b]]`: the new current table, with array elements counted."""
        is_array = self.text.startswith("[[", pos)
        pos, keys = self.key(pos + (2 if is_array else 1), ())
        pos = self.expect(pos, "]]" if is_array else "]")
        node, path = self.tree, []
        for depth, key in enumerate(keys):
            node = node.children.setdefault(key, _Table())
            path.append(key)
            if is_array and depth == len(keys) - 1:
                node.count += 1
            elif not node.count:
                continue
            index = str(node.count - 1)
            node = node.children.setdefault(index, _Table())
            path.append(index)
        self.table = tuple(path)
        return pos

    def key(self, pos: int, base: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        """A dotted key; a segment that is itself an ID is reported where it stands."""
        keys: list[str] = []
        text = self.text
        while True:
            pos = self.skip(pos, newlines=False)
            char = text[pos : pos + 1]
            if char in ("'", '"'):
                end = self.string_end(pos)
                segment = text[pos + 1 : end - 1]
            else:
                match = _BARE_KEY.match(text, pos)
                if match is None:
                    raise self.fail(pos, "expected a key")
                end, segment = match.end(), match.group()
            if self.hits.within(pos, end):
                where = ":".join(base + tuple(keys)) or "key"
                self.spans.append(Span(pos, end, Role.UNCLEAR, where))
            keys.append(segment)
            pos = self.skip(end, newlines=False)
            if text[pos : pos + 1] != ".":
                return pos, tuple(keys)
            pos += 1

    def string_end(self, pos: int) -> int:
        """The offset just past the string that opens at `pos`, of any of the four kinds."""
        text = self.text
        quote = text[pos]
        closer = quote * 3 if text.startswith(quote * 3, pos) else quote
        inner = pos + len(closer)
        if quote == "'":
            end = text.find(closer, inner)
        else:
            end = inner
            while True:
                stop = _BASIC_STOP.search(text, end)
                if stop is None:
                    end = -1
                    break
                end = stop.start()
                if text[end] == "\\":
                    end += 2
                elif text.startswith(closer, end):
                    break
                else:
                    end += 1
        if end == -1:
            raise self.fail(pos, "unterminated string")
        end += len(closer)
        if len(closer) == 3:  # up to two quotes of the content may precede the closing three
            extra = 0
            while extra < 2 and text[end : end + 1] == quote:
                end += 1
                extra += 1
        return end

    def value(self, pos: int, path: tuple[str, ...]) -> int:
        """One value with everything nested in it, iteratively: arrays and inline tables."""
        text = self.text
        stack: list[_Frame] = []
        expect_value = True
        while True:
            if expect_value:
                if stack:
                    pos = self.skip(pos, newlines=True)
                    top = stack[-1]
                    if text[pos : pos + 1] in ("]", "}"):
                        stack.pop()
                        pos += 1
                        expect_value = False
                        continue
                    if top.is_array:
                        path = (*top.path, str(top.index))
                    else:
                        pos, keys = self.key(pos, top.path)
                        pos = self.expect(pos, "=")
                        path = top.path + keys
                char = text[pos : pos + 1]
                if char in ("[", "{"):
                    stack.append(_Frame(char == "[", path))
                    pos += 1
                    continue
                if char in ("'", '"'):
                    end = self.string_end(pos)
                    self.string(pos, end, path)
                else:
                    match = _SCALAR.match(text, pos)
                    if match is None:
                        raise self.fail(pos, "expected a value")
                    end = match.end()
                pos, expect_value = end, False
            else:
                if not stack:
                    return pos
                pos = self.skip(pos, newlines=True)
                char = text[pos : pos + 1]
                if char == ",":
                    pos += 1
                    stack[-1].index += 1
                    expect_value = True
                elif char in ("]", "}"):
                    stack.pop()
                    pos += 1
                else:
                    raise self.fail(pos, "expected ',' or a closing bracket")

    def string(self, start: int, end: int, path: tuple[str, ...]) -> None:
        if not self.hits.within(start, end):
            return
        named = path
        while named and named[-1].isdigit():
            named = named[:-1]
        role, weak = role_of(named)
        if path[:2] == _OWN_TABLE:  # `allow` and `extra-ids` name IDs; none signs in
            role, weak = Role.RESOURCE, False
        self.spans.extend(value_spans(self.text, self.hits, start, end, role, ":".join(path), weak))


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"invalid TOML: {exc}") from None
    except RecursionError:
        raise ParseError("invalid TOML: nested too deeply to parse") from None
    yield from _Walker(text, targets).run()
