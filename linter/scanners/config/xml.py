"""XML (web.config, .csproj, .resx, .plist): expat for positions, with every entity refused.

expat ships with Python and reports where each tag starts, which ElementTree throws away. XML
is also the format that can make a parser fetch a URL or expand a few bytes into gigabytes, so
an entity declaration is a ParseError (the text scanner still reports the IDs, unexpanded), the
external DTD subset is never read, and nothing outside `text` is ever opened.

Spans are cut from the raw text between markup, not from expat's decoded character data, so
entity references and CDATA never shift a position: each attribute value, each run of text
between two tags and each comment is one span, classified by the element path.

The path names an element by what it means: `<add key="ida:ClientId" value=.../>` and resx's
`<data name="ClientId"><value>...` by their key, a plist value by the `<key>` before it, so
that `roles.key_path_role` sees `appSettings:ida:ClientId`, `root:ClientId`, `dict:ClientId`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from xml.parsers import expat

from linter.findings import Span, Target
from linter.scanners import ParseError
from linter.scanners.config.values import Hits, comment_spans, role_of, value_spans

# A start tag that expat has already accepted: `[^"]*` and `[^']*` cannot backtrack.
_START_TAG = re.compile(r"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NAMING_ATTRIBUTES = ("key", "name")
# Pathological nesting must cost no more per element than a handful of levels does.
_MAX_PATH = 16


class _CharOffsets:
    """expat counts bytes of UTF-8; spans count characters. Markup starts at ASCII `<`, so only
    the runs of non-ASCII characters before an offset matter: one bisection per lookup."""

    __slots__ = ("_ends", "_extra")

    def __init__(self, text: str) -> None:
        self._ends: list[int] = []  # byte offset just past each non-ASCII run
        self._extra: list[int] = []  # bytes beyond one per character, up to that run's end
        extra = 0
        for run in _NON_ASCII.finditer(text):
            extra += len(run.group().encode("utf-8", "surrogatepass")) - len(run.group())
            self._ends.append(run.end() + extra)
            self._extra.append(extra)

    def char(self, byte: int) -> int:
        runs = bisect_right(self._ends, byte)
        return byte - self._extra[runs - 1] if runs else byte


class _Element:
    __slots__ = ("content", "empty", "named", "pending_key", "segment", "tag")

    def __init__(self, tag: str, segment: str, named: bool, content: int, empty: bool) -> None:
        self.tag = tag
        self.segment = segment  # the element's name in key paths
        self.named = named  # the segment came from a `key` or `name` attribute
        self.content = content  # offset just past the start tag
        self.empty = empty
        self.pending_key: str | None = None  # a plist <dict>'s last <key>


class _Scanner:
    def __init__(self, text: str, targets: Sequence[Target]) -> None:
        self.text = text
        self.hits = Hits(targets)
        self.offsets = _CharOffsets(text)
        self.spans: list[Span] = []
        self.stack: list[_Element] = []
        self.text_start = 0  # where the run of text after the last markup begins
        parser = expat.ParserCreate(encoding="utf-8")  # `text` is decoded: ignore the prolog
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.specified_attributes = True  # no defaults injected from a DTD
        parser.EntityDeclHandler = self.refuse_entities
        parser.UnparsedEntityDeclHandler = self.refuse_entities
        parser.ExternalEntityRefHandler = self.refuse_entities
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CommentHandler = self.comment
        self.parser = parser

    def run(self) -> list[Span]:
        try:
            data = self.text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError(f"invalid XML: undecodable character at offset {exc.start}") from None
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise ParseError(f"invalid XML: {exc}") from None
        return self.spans

    def refuse_entities(self, *_: object) -> int:
        line = self.parser.CurrentLineNumber
        raise ParseError(f"line {line}: entity declarations are not expanded")

    def here(self) -> int:
        return self.offsets.char(self.parser.CurrentByteIndex)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        begin = self.here()
        self.close_text(begin)
        match = _START_TAG.match(self.text, begin)
        if match is None:  # expat accepted what the pattern does not: never guess
            line = self.parser.CurrentLineNumber
            raise ParseError(f"line {line}: start tag <{tag}> not understood")
        parent = self.stack[-1] if self.stack else None
        named = next((attributes[a] for a in attributes if a.lower() in _NAMING_ATTRIBUTES), None)
        if parent is not None and parent.pending_key is not None and tag != "key":
            segment, parent.pending_key = parent.pending_key, None
        else:
            segment = named or tag
        element = _Element(tag, segment, bool(named), match.end(), bool(match.group(1)))
        self.stack.append(element)
        self.text_start = match.end()
        if self.hits.within(begin, match.end()):
            self.attributes(element, begin + 1 + len(tag), match.end())

    def attributes(self, element: _Element, pos: int, end: int) -> None:
        path = self.path()
        outer = [*path[:-1], element.tag]
        for attribute in _ATTRIBUTE.finditer(self.text, pos, end):
            name = attribute.group(1)
            group = 2 if attribute.group(2) is not None else 3
            start, stop = attribute.start(group), attribute.end(group)
            if not self.hits.within(start, stop):
                continue
            if name.lower() in _NAMING_ATTRIBUTES:
                where, role_path = f"{':'.join(outer)}@{name}", [*outer, name]
            elif name.lower() == "value" and element.named:
                where, role_path = ":".join(path), path
            else:
                where, role_path = f"{':'.join(path)}@{name}", [*path, name]
            role, weak = role_of(role_path)
            self.spans.extend(value_spans(self.text, self.hits, start, stop, role, where, weak))

    def end(self, tag: str) -> None:
        element = self.stack[-1]
        if not element.empty:
            begin = self.here()
            self.close_text(begin)
            close = self.text.find(">", begin)
            self.text_start = len(self.text) if close == -1 else close + 1
            if tag == "key" and len(self.stack) > 1 and self.stack[-2].tag == "dict":
                self.stack[-2].pending_key = self.text[element.content : begin].strip()
        self.stack.pop()

    def comment(self, _data: str) -> None:
        begin = self.here()
        self.close_text(begin)
        close = self.text.find("-->", begin + 4)
        end = len(self.text) if close == -1 else close + 3
        self.spans.extend(comment_spans(self.hits, begin, end))
        self.text_start = end

    def close_text(self, end: int) -> None:
        """The run of text ending at a markup offset belongs to the innermost open element."""
        start = self.text_start
        if not self.stack or start >= end or not self.hits.within(start, end):
            return
        path = self.path()
        parent = self.stack[-2] if len(self.stack) > 1 else None
        if parent is not None and (
            parent.tag == "array" or (parent.named and self.stack[-1].tag.lower() == "value")
        ):
            # A plist <array>'s items, and the <value> of <data name="ClientId">, are named
            # by their parent.
            path = path[:-1]
        role, weak = role_of(path)
        self.spans.extend(value_spans(self.text, self.hits, start, end, role, ":".join(path), weak))

    def path(self) -> list[str]:
        return [element.segment for element in self.stack[-_MAX_PATH:]]


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    yield from _Scanner(text, targets).run()
