"""The JSON scanner's fast path: a document the standard library's parser accepts.

The tokenizer in `json` visits every token in Python: a 300 KB file with 3,400 IDs is 48,000
tokens and cost 28 ms. A document that `json.loads` (C, 1.4 ms there) accepts is strict JSON:
no comment, no stray token, every ID inside a string. Its key path at an ID depends only on
the brackets around the ID and on the key or index of each, so one regex steps from bracket
to comma to bracket (strings and scalars pass inside the match, in C), and the key of an
object is read only when an ID below it asks for its path.

The spans are the tokenizer's, span for span (`tests/scanners/test_json_valid.py` pins them
on generated documents); anything unexpected answers None and the tokenizer decides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from linter.findings import Role, Span, Target
from linter.scanners.config import keypath
from linter.scanners.config.keypath import Segment
from linter.scanners.config.values import Hits, value_spans

_STRING = r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"'
# Everything up to the next bracket or comma outside a string, which is captured.
_STRUCTURE = re.compile(rf'[^"\[\]{{}},]*(?:{_STRING}[^"\[\]{{}},]*)*([\[\]{{}},])')
# A bracket closed within three levels, strings and all: skipped in one step when no ID is
# inside (the match may not reach the next ID), so that only the brackets around IDs cost
# Python steps.
_OPEN, _BODY, _CLOSE = r"[\[{]", rf'[^"\[\]{{}}]*(?:{_STRING}[^"\[\]{{}}]*)*', r"[\]}]"
_FLAT = f"{_OPEN}{_BODY}{_CLOSE}"
_NESTED = rf'{_OPEN}[^"\[\]{{}}]*(?:(?:{_STRING}|{_FLAT})[^"\[\]{{}}]*)*{_CLOSE}'
_BLOCK_SOURCE = rf'{_OPEN}[^"\[\]{{}}]*(?:(?:{_STRING}|{_NESTED})[^"\[\]{{}}]*)*{_CLOSE}'
_BLOCK = re.compile(_BLOCK_SOURCE)
# How far a block is looked for after an object's `{`: a larger object goes member by member
# (`_MEMBERS` skips them), since a block that holds the next ID fails only at that ID, and
# failing after 20 KB cost more than the members' steps. An array has no such second way.
_OBJECT_REACH = 512
# Whole members of an object up to the last comma before the next ID (or an unclosed
# bracket): a table of a thousand entries is one step up to the entry holding the ID.
_MEMBERS = re.compile(rf'[^"\[\]{{}}]*(?:(?:{_STRING}|{_BLOCK_SOURCE})[^"\[\]{{}}]*)*(?<=,)')
_WHITE = "[ \t\n\r]*"
_KEY_AT = re.compile(rf"{_WHITE}({_STRING}){_WHITE}:{_WHITE}")
_STRING_AT = re.compile(rf"{_WHITE}({_STRING})")
_ROOT = "key"  # as in `json`


class _Unexpected(Exception):
    """The document is not shaped as valid JSON is: the tokenizer decides."""


class _Frames:
    """The open brackets: kind, where the current member begins, its index, its key."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.objects: list[bool] = []
        self.members: list[int] = []
        self.indices: list[int] = []
        self.keys: list[str | None] = []

    def key(self, level: int) -> tuple[int, int, int]:
        """The current member's key token of the object at `level`, and where its value begins."""
        found = _KEY_AT.match(self.text, self.members[level])
        if found is None:
            raise _Unexpected
        return found.start(1), found.end(1), found.end()

    def path(self, depth: int) -> list[Segment]:
        path: list[Segment] = []
        for level in range(depth):
            if not self.objects[level]:
                path.append(self.indices[level])
                continue
            name = self.keys[level]
            if name is None:
                start, end, _ = self.key(level)
                name = self.keys[level] = key_text(self.text[start:end])
            path.append(name)
        return path


def key_text(token: str) -> str:
    """A key token's text: escapes decoded when it is a double-quoted JSON string."""
    inner = token[1:-1]
    if "\\" not in inner or token[0] != '"':
        return inner
    try:
        return str(json.loads(token))
    except ValueError:
        return inner


def spans(text: str, targets: Sequence[Target]) -> list[Span] | None:
    """The tokenizer's spans for a valid JSON document; None for any other text."""
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return None
    try:
        return _spans(text, targets)
    except _Unexpected:
        return None


def _spans(text: str, targets: Sequence[Target]) -> list[Span]:
    found: list[Span] = []
    hits = Hits(targets)
    starts = [target.start for target in targets]
    starts.append(len(text))  # a sentinel: the end, where no ID starts
    frames = _Frames(text)
    objects, members, indices, keys = frames.objects, frames.members, frames.indices, frames.keys
    upcoming, count, pos = 0, len(targets), 0
    step, block, run = _STRUCTURE.match, _BLOCK.match, _MEMBERS.match
    while upcoming < count:
        match = step(text, pos)
        if match is None:
            break
        at = match.end() - 1
        if starts[upcoming] < at:
            upcoming = _place(frames, hits, starts, upcoming, at, found)
        char = text[at]
        if char == "{" or char == "[":
            reach = starts[upcoming] if char == "[" else min(starts[upcoming], at + _OBJECT_REACH)
            skipped = block(text, at, reach)
            if skipped is not None:
                pos = skipped.end()
                continue
            objects.append(char == "{")
            members.append(at + 1)
            indices.append(0)
            keys.append(None)
        elif char == ",":
            members[-1] = at + 1
            indices[-1] += 1
            keys[-1] = None
        else:
            objects.pop()
            members.pop()
            indices.pop()
            keys.pop()
            pos = at + 1
            continue
        pos = at + 1
        # An object's index is never read, so its members may go in one step; not without a
        # comma before the next ID (a table keyed by IDs has none).
        if objects[-1] and text.find(",", pos, starts[upcoming]) != -1:
            skipped = run(text, pos, starts[upcoming])
            if skipped is not None:
                pos = members[-1] = skipped.end()
                keys[-1] = None
    if upcoming < count:
        _place(frames, hits, starts, upcoming, len(text), found)
    return found


def _place(
    frames: _Frames, hits: Hits, starts: list[int], upcoming: int, limit: int, found: list[Span]
) -> int:
    """Spans for the strings holding the hits before `limit`, all in the innermost member.

    `starts` ends with a sentinel no hit reaches, `len(text)`.
    """
    text = frames.text
    depth = len(frames.objects)
    value_at = frames.members[-1] if depth else 0
    if depth and frames.objects[-1]:
        key_start, key_end, value_at = frames.key(depth - 1)
        if starts[upcoming] < key_end:
            # An ID as a key: a lookup table of apps, whose purpose the key can't say.
            context = keypath.join(frames.path(depth - 1)) or _ROOT
            found.append(Span(key_start, key_end, Role.UNCLEAR, context))
            while starts[upcoming] < key_end:
                upcoming += 1
    if starts[upcoming] < limit:
        value = _STRING_AT.match(text, value_at)
        if value is None or not value.start(1) <= starts[upcoming] < value.end(1):
            raise _Unexpected
        start, end = value.span(1)
        path = frames.path(depth)
        role, weak = keypath.role(path)
        found.extend(value_spans(text, hits, start, end, role, keypath.join(path), weak))
        while starts[upcoming] < end:
            upcoming += 1
        if starts[upcoming] < limit:
            raise _Unexpected  # a second string in one member: not valid JSON
    return upcoming
