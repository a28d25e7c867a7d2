"""YAML (GitHub workflows, Kubernetes, Compose, Helm values): every document, by key path.

The scanner reads PyYAML's event stream, not its node graph: events are flat, so the key path
is an explicit stack and an alias is one event, never an expansion (a "billion laughs" file
costs what its text costs). Composing nodes instead recurses per level: libyaml's composer
crashed the interpreter at 100,000 nested brackets and PyYAML's raised RecursionError at 1,000.
Both parsers are also quadratic in flow nesting, so depth is capped and deeper text is left to
the text scanner.

Two shapes name a value from beside it rather than above it: `- name: AZURE_CLIENT_ID` with
`value: <id>` (Kubernetes env, pipeline variables) and `AZURE_CLIENT_ID=<id>` as a list item
(Compose `environment:`). Comments are not events; an ID left between values is looked up on
its own line instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, cast

import yaml

from linter import roles
from linter.findings import Role, Span, Target
from linter.scanners import ParseError
from linter.scanners.config import keypath
from linter.scanners.config.keypath import Segment
from linter.scanners.config.values import Hits, value_spans


class _EventSource(Protocol):
    def get_event(self) -> yaml.Event | None: ...

    def dispose(self) -> None: ...


# libyaml when PyYAML was built with it: about twenty times faster than the pure parser.
_LOADER: Callable[[str], _EventSource] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_DEPTH = 100
_ASSIGNMENT = re.compile(r"""["']?[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)=""")
_COMMENT = re.compile(r"(?:^|[ \t])#", re.MULTILINE)
_COMMENT_REACH = 2000
_ROOT = "key"  # the context of an ID used as a top-level key, as the TOML scanner says

_Deferred = tuple[int, int, list[Segment]]


class _Frame:
    """An open mapping or sequence: where the reader is inside it."""

    __slots__ = ("deferred", "expect_key", "index", "is_map", "key", "name")

    def __init__(self, is_map: bool) -> None:
        self.is_map = is_map
        self.key = ""
        self.index = 0
        self.expect_key = is_map
        # A mapping's scalar `name:`, and its `value:` IDs waiting for it (it may come later).
        self.name: str | None = None
        self.deferred: list[_Deferred] = []


class _Walker:
    """Turns the event stream into spans, keeping the key path on `stack`."""

    def __init__(self, text: str, targets: Sequence[Target], shift: int) -> None:
        self.text = text
        self.shift = shift
        self.targets = targets
        self.hits = Hits(targets)
        self.covered: set[int] = set()  # starts of the targets inside some scalar
        self.stack: list[_Frame] = []
        self.anchors: set[str] = set()
        self.spans: list[Span] = []

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._scalar(cast(yaml.ScalarEvent, event))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._open(cast(yaml.CollectionStartEvent, event))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self._close()
        elif kind is yaml.AliasEvent:
            anchor = cast(yaml.AliasEvent, event).anchor
            if anchor not in self.anchors:
                raise ParseError(f"line {_line(event)}: undefined alias {anchor!r}")
            self._advance()
        elif kind is yaml.DocumentStartEvent:
            self.anchors.clear()

    def finish(self) -> list[Span]:
        """Spans for IDs in comments, the only text that holds IDs and yields no event."""
        text = self.text
        for hit in self.targets:
            if hit.start in self.covered:
                continue
            reach = max(0, hit.span_start - _COMMENT_REACH)
            line_start = text.rfind("\n", reach, hit.span_start) + 1
            found = _COMMENT.search(text, max(line_start, reach), hit.span_start)
            if found is not None:
                self.spans.append(Span(found.end() - 1, hit.span_end, Role.UNCLEAR, "comment"))
        return self.spans

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        if len(self.stack) >= _MAX_DEPTH:
            raise ParseError(f"line {_line(event)}: nested deeper than {_MAX_DEPTH} levels")
        if event.anchor is not None:
            self.anchors.add(event.anchor)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.is_map and frame.expect_key:
            frame.key = "?"  # a mapping or list used as a key
        self.stack.append(_Frame(type(event) is yaml.MappingStartEvent))

    def _close(self) -> None:
        frame = self.stack.pop()
        for start, end, path in frame.deferred:
            if frame.name is None:
                self._value(start, end, path)
            else:
                role, weak = roles.name_role(frame.name) or (Role.UNCLEAR, False)
                context = keypath.join(keypath.named(path[:-1], frame.name))
                spans = value_spans(self.text, self.hits, start, end, role, context, weak)
                self.spans.extend(spans)
        self._advance()

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        if event.anchor is not None:
            self.anchors.add(event.anchor)
        start, end = self._extent(event)
        hits = self.hits.within(start, end)
        if hits:
            self.covered.update(hit.start for hit in hits)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.is_map:
            if frame.expect_key:
                frame.key = event.value
                if hits:
                    # An ID as a key: a lookup table of apps, whose purpose the key can't say.
                    parent = keypath.join(self._path()[:-1]) or _ROOT
                    self.spans.append(Span(start, end, Role.UNCLEAR, parent))
            elif frame.key == "name":
                frame.name = event.value
            elif frame.key == "value" and hits:
                frame.deferred.append((start, end, self._path()))
                hits = ()
        if hits:
            self._value(start, end, self._path())
        self._advance()

    def _value(self, start: int, end: int, path: list[Segment]) -> None:
        """Spans for a scalar value holding hits; `AZURE_CLIENT_ID=<id>` is named by its key."""
        assignment = _ASSIGNMENT.match(self.text, start, end)
        if assignment is not None and self.hits.within(start, end)[0].start >= assignment.end():
            name = assignment.group(1)
            start = assignment.end()
            role, weak = roles.name_role(name) or (Role.UNCLEAR, False)
            context = keypath.join(keypath.named(path, name))
        else:
            role, weak = keypath.role(path)
            context = keypath.join(path)
        self.spans.extend(value_spans(self.text, self.hits, start, end, role, context, weak))

    def _advance(self) -> None:
        """A node is complete: its mapping now expects the other half, its list the next item."""
        if self.stack:
            frame = self.stack[-1]
            if frame.is_map:
                frame.expect_key = not frame.expect_key
            else:
                frame.index += 1

    def _path(self) -> list[Segment]:
        return [frame.key if frame.is_map else frame.index for frame in self.stack]

    def _extent(self, event: yaml.Event) -> tuple[int, int]:
        start, end = event.start_mark, event.end_mark
        if start is None or end is None:
            return (0, 0)
        return (start.index + self.shift, end.index + self.shift)


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


def _message(text: str, exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        return f"line {mark.line + 1}: {problem}" if mark is not None else problem
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return f"line {line}: {exc.reason}"
    return str(exc).splitlines()[0] if str(exc) else "invalid YAML"


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    # libyaml drops a leading BOM from its offsets, PyYAML does not: strip it for both.
    shift = 1 if text.startswith("\ufeff") else 0
    walker = _Walker(text, targets, shift)
    try:
        # The pure-Python reader checks the whole text for unprintable characters at once.
        source = _LOADER(text[shift:])
        try:
            while (event := source.get_event()) is not None:
                walker.feed(event)
        finally:
            source.dispose()
    except yaml.YAMLError as exc:
        raise ParseError(_message(text, exc)) from None
    except RecursionError:
        raise ParseError("YAML nested too deeply to parse") from None
    yield from walker.finish()
