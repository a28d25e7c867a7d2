"""`.env` files: one `KEY=value` a line, the variable's name saying what the value is.

There is no dotenv standard; python-dotenv, Node's dotenv, Docker Compose and dotenv-ruby each
accept a little more than the others (`export`, `KEY: value`, quotes spanning lines, inline
comments). So the reader is lenient line by line and gives up only when most lines are not
assignments at all: then the file is something else and the text scanner does better.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from linter import roles
from linter.findings import Role, Span, Target
from linter.scanners import ParseError
from linter.scanners.config.values import Hits, comment_spans, value_spans

_ASSIGNMENT = re.compile(
    r"[ \t\ufeff]*(?:export[ \t]+)?(?P<key>[A-Za-z_][\w.-]*)[ \t]*(?:=|:(?=[ \t]|\r?$))[ \t]*",
    re.MULTILINE,
)
_BARE_NAME = re.compile(r"[ \t\ufeff]*(?:export[ \t]+)?[A-Za-z_][\w.-]*[ \t]*\r?$", re.MULTILINE)
_BLANK = re.compile(r"[ \t\r\f\v\ufeff]*$", re.MULTILINE)
_FULL_COMMENT = re.compile(r"[ \t\ufeff]*#")
# A double-quoted value may run over several lines; escapes are pairs, so this never backtracks.
_DOUBLE_QUOTED = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"')
_INLINE_COMMENT = re.compile(r"[ \t]#")


class _Reader:
    """One pass over the lines; `spans` and the counts are what the pass learned."""

    def __init__(self, text: str, targets: Sequence[Target]) -> None:
        self.text = text
        self.hits = Hits(targets)
        self.spans: list[Span] = []
        self.assignments = 0
        self.strangers: list[int] = []  # offsets of lines that are not dotenv

    def read(self) -> None:
        text = self.text
        pos = 0
        while pos < len(text):
            eol = text.find("\n", pos)
            eol = len(text) if eol < 0 else eol
            pos = self._line(pos, eol) + 1

    def _line(self, start: int, eol: int) -> int:
        """Read the line at `start`; returns where the text it consumed ends (past a quote)."""
        text = self.text
        if _BLANK.match(text, start, eol):
            return eol
        comment = _FULL_COMMENT.match(text, start, eol)
        if comment is not None:
            self._comment(comment.end() - 1, eol)
            return eol
        assignment = _ASSIGNMENT.match(text, start, eol)
        if assignment is None:
            if _BARE_NAME.match(text, start, eol) is None:
                self.strangers.append(start)
            return eol
        self.assignments += 1
        key = assignment.group("key")
        value_start = assignment.end()
        value_end, rest = self._value_extent(value_start, eol)
        if value_end > value_start:
            self._value(key, value_start, value_end)
        line_end = text.find("\n", rest)
        line_end = len(text) if line_end < 0 else line_end
        inline = _INLINE_COMMENT.search(text, rest, line_end)
        if inline is not None:
            self._comment(inline.end() - 1, line_end)
        return line_end

    def _value_extent(self, start: int, eol: int) -> tuple[int, int]:
        """Where the value ends, and where the rest of its (last) line begins."""
        text = self.text
        quote = text[start : start + 1]
        if quote == '"':
            # A quote that finds no partner searched to the end once; no later line can open
            # another (an opening quote follows `=`, never a backslash), so this stays linear.
            closed = _DOUBLE_QUOTED.match(text, start)
            if closed is not None:
                return closed.end(), closed.end()
        elif quote == "'":
            close = text.find("'", start + 1, eol)
            if close >= 0:
                return close + 1, close + 1
        inline = _INLINE_COMMENT.search(text, start, eol)
        end = inline.start() if inline is not None else eol
        while end > start and text[end - 1] in " \t\r":
            end -= 1
        return end, end

    def _value(self, key: str, start: int, end: int) -> None:
        if self.hits.within(start, end):
            role, weak = roles.name_role(key) or (Role.UNCLEAR, False)
            self.spans.extend(value_spans(self.text, self.hits, start, end, role, key, weak))

    def _comment(self, start: int, end: int) -> None:
        self.spans.extend(comment_spans(self.hits, start, end))


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    reader = _Reader(text, targets)
    reader.read()
    if reader.strangers and len(reader.strangers) > reader.assignments:
        line = text.count("\n", 0, reader.strangers[0]) + 1
        raise ParseError(
            f"line {line}: not a KEY=value line, nor are most lines: not a dotenv file"
        )
    yield from reader.spans
