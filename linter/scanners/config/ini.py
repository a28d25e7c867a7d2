"""INI, .cfg, setup.cfg and tox.ini: a lenient line parser, since configparser keeps no positions.

Leniency is deliberate. The dialects disagree (`key = value` or `key: value`, indented
continuation lines, `;` or `#` comments, git's indented keys, keys with no value, keys before
the first section), and configparser rejects files that the tools reading them accept, such as
duplicate keys. So a line that is none of section, key/value, continuation, comment or blank is
tolerated and its IDs are still reported by their section. Only text that is clearly something
else is a ParseError, handing it to the text scanner: its first such line comes before any
section header, and such lines are more than half of its non-blank lines.

As in configparser, a key ends at the first `=` or `:`, and a line indented deeper than its key
continues the key's value. Unlike configparser, `;` or `#` after whitespace starts a comment
inside a value too (tox and many INI readers allow that), so an ID mentioned there is a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from linter.findings import Role, Span, Target
from linter.scanners import ParseError
from linter.scanners.config.values import Hits, comment_spans, role_of, value_spans

_DELIMITER = re.compile(r"[=:]")
_INLINE_COMMENT = re.compile(r"\s[;#]")
_COMMENT_PREFIXES = (";", "#")


class _Parser:
    def __init__(self, text: str, targets: Sequence[Target]) -> None:
        self.text = text
        self.hits = Hits(targets)
        self.spans: list[Span] = []
        self.section: str | None = None
        self.key: str | None = None
        self.key_indent = 0
        self.nonblank = 0
        self.unknown = 0
        self.first_unknown = 0  # line number of the first unknown line before any section

    def run(self) -> list[Span]:
        text = self.text
        start, number = 0, 0
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            number += 1
            self.line(number, start, end - 1 if end > start and text[end - 1] == "\r" else end)
            start = end + 1
        if self.first_unknown and self.unknown * 2 > self.nonblank:
            raise ParseError(
                f"line {self.first_unknown}: not INI ({self.unknown} of {self.nonblank} lines"
                " are neither sections, keys nor comments)"
            )
        return self.spans

    def line(self, number: int, start: int, end: int) -> None:
        text = self.text
        raw = text[start:end]
        stripped = raw.lstrip()
        if not stripped:
            return
        self.nonblank += 1
        indent = len(raw) - len(stripped)
        first = start + indent
        if stripped.startswith(_COMMENT_PREFIXES):
            self.spans.extend(comment_spans(self.hits, first, end))
        elif self.key is not None and indent > self.key_indent:
            self.value(first, end)
        elif stripped.startswith("[") and "]" in stripped:
            close = text.index("]", first)
            self.section, self.key = text[first + 1 : close].strip(), None
            if self.hits.within(first, close):
                self.spans.append(Span(first, close + 1, Role.UNCLEAR, "section"))
            self.spans.extend(comment_spans(self.hits, close + 1, end))
        else:
            found = _DELIMITER.search(text, first, end)
            key = text[first : found.start()].strip() if found else ""
            if found is None or not key:
                self.unknown_line(number, first, end)
                return
            self.key, self.key_indent = key, indent
            if self.hits.within(first, found.start()):
                self.spans.append(Span(first, found.start(), Role.UNCLEAR, self.section or "key"))
            self.value(found.end(), end)

    def unknown_line(self, number: int, start: int, end: int) -> None:
        """A line that is no INI construct: tolerated, and counted against the file."""
        self.unknown += 1
        if self.section is None and not self.first_unknown:
            self.first_unknown = number
        # A key without a value, as configparser's allow_no_value has it: nothing continues it.
        self.key, self.key_indent = None, 0
        if self.hits.within(start, end):
            self.spans.append(Span(start, end, Role.UNCLEAR, self.section or ""))

    def value(self, start: int, end: int) -> None:
        """The current key's value from `start` to `end`, up to a trailing comment."""
        text = self.text
        comment = _INLINE_COMMENT.search(text, start, end)
        if comment is not None:
            self.spans.extend(comment_spans(self.hits, comment.start() + 1, end))
            end = comment.start()
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t":
            end -= 1
        if start >= end or self.key is None:
            return
        path = [self.section, self.key] if self.section is not None else [self.key]
        role, weak = role_of(path)
        self.spans.extend(value_spans(text, self.hits, start, end, role, ":".join(path), weak))


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    yield from _Parser(text, targets).run()
