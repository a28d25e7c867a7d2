"""The language-agnostic scanner: the nearest key or identifier on the line decides.

It serves every file without a structured scanner (C#, TypeScript, PowerShell, shell,
Terraform, docs) and every file whose parser failed, so it must never raise and must give each
hit a span. It looks only at the line around each hit, which keeps it linear and cheap, and it
errs towards "unclear": a warning costs a reader a second, a false error costs the hook.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from linter import roles
from linter.findings import Role, Span, Target

# A comment opener that is not inside a string on this line: `#`, `//`, `--`, `;`, `<!--`,
# `/*`, a leading `*` of a block comment, `REM` in batch files.
_LINE_COMMENT = re.compile(r"^\s*(?:#|//|--|;|<!--|/\*|\*|rem\s|')", re.IGNORECASE)
_TRAILING_COMMENT = re.compile(r"(?:^|\s)(?:#|//|<!--|/\*|--\s)")
_QUOTES = "\"'`"


def _in_comment(prefix: str) -> bool:
    """Whether the ID after `prefix` sits in a comment, judged from its own line only."""
    if _LINE_COMMENT.match(prefix):
        return True
    for match in _TRAILING_COMMENT.finditer(prefix):
        before = prefix[: match.start()]
        if all(before.count(q) % 2 == 0 for q in _QUOTES):
            return True
    return False


def classify(text: str, line_start: int, start: int) -> tuple[Role, str, bool]:
    """Role, context and weakness of an ID at `start`, from the text of its line before it."""
    prefix = text[line_start:start]
    if _in_comment(prefix):
        return (Role.UNCLEAR, "comment", False)
    guess = roles.guess_from_prefix(prefix)
    if guess is None:
        return (Role.UNCLEAR, "", False)
    (role, weak), context = guess
    return (role, context, weak)


# How far back a line is read: bounded so that a minified single-line file with many IDs
# costs linear time, not hits x line length.
_LOOKBACK = 400


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    for target in targets:
        floor = max(0, target.span_start - _LOOKBACK)
        line_start = max(text.rfind("\n", floor, target.span_start) + 1, floor)
        role, context, weak = classify(text, line_start, target.span_start)
        yield Span(target.span_start, target.span_end, role, context, weak)


def scan_prose(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    """Documentation mentions an ID; it can be a warning at most, never a blocking error."""
    for span in scan(text, targets):
        if span.role is Role.CLIENT:
            span = span._replace(role=Role.UNCLEAR, weak=False)
        yield span
