"""JSON as ASP.NET Core, VS Code and Azure Functions read it: comments, trailing commas.

The stdlib parser gives no positions and rejects `//` comments and trailing commas, which
appsettings.json and launchSettings.json routinely hold; so one regex tokenizes in a single
pass and a state machine checks the structure. The key path lives on an explicit stack, never
in recursion, so 100,000 nested arrays are only a long list. JSON5's single quotes and bare
keys are accepted too, since `*.json5` files come here.

Only strings that hold a target are classified; every other token costs one regex step and a
bisection, which keeps a 3 MB file with thousands of IDs well under a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from linter.findings import Role, Span, Target
from linter.scanners import ParseError
from linter.scanners.config import json_valid, keypath
from linter.scanners.config.json_valid import key_text as _key_text
from linter.scanners.config.keypath import Segment
from linter.scanners.config.values import Hits, comment_spans, value_spans

# The last alternative takes any character, so each match begins where the previous one ended
# and no text is skipped. No alternative can backtrack more than once over its own text: an
# unterminated string or comment fails once, at its line's or the text's end, and the stray
# quote becomes an error token that ends the scan.
# Compiled on first use (`_tokens`): most documents are strict JSON and never tokenized.
_TOKEN = r"""
    [\s\ufeff]*
    (?:
        (?P<string>"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*"|'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*')
      | (?P<punct>[][{},:])
      | (?P<comment>//[^\n]*|/\*[\s\S]*?\*/)
      | (?P<scalar>[-+]?[\w.$]+(?:(?<=[eE])[-+]\d+)?)
      | (?P<end>\Z)
      | (?P<error>[\s\S])
    )
    """
_NUMBER = re.compile(
    r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|0[xX][0-9a-fA-F]+|Infinity|NaN)"
)
_BARE_KEY = re.compile(r"[A-Za-z_$][\w$]*")
_LITERALS = frozenset({"true", "false", "null"})

# What the parser expects next.
_VALUE, _KEY, _COLON, _AFTER = range(4)
_EXPECTED = {
    _VALUE: "a value",
    _KEY: "a key or '}'",
    _COLON: "':' after the key",
    _AFTER: "',' or a closing bracket",
}
_OPENER = {"}": "{", "]": "["}
_ROOT = "key"  # the context of an ID used as a top-level key, as the TOML scanner says


def _fail(text: str, offset: int, message: str) -> ParseError:
    line = text.count("\n", 0, offset) + 1
    return ParseError(f"line {line}: {message}")


def _unexpected(text: str, offset: int, state: int, brackets: list[str], found: str) -> ParseError:
    expected = _EXPECTED[state] if brackets or state != _AFTER else "the end of the document"
    return _fail(text, offset, f"expected {expected}, found {found}")


@cache
def _tokens() -> re.Pattern[str]:
    return re.compile(_TOKEN, re.VERBOSE)


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    fast = json_valid.spans(text, targets)  # strict JSON: the common case, without tokens
    yield from tokenized(text, targets) if fast is None else fast


def tokenized(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    """The tokenizer's spans: comments, trailing commas, JSON5 and errors with their line."""
    spans: list[Span] = []
    hits = Hits(targets)
    # One entry per open bracket: its character, where it opened, and the key or index of the
    # member being read, so `path` is the key path of the current value.
    brackets: list[str] = []
    opened: list[int] = []
    path: list[Segment] = []
    state = _VALUE
    # The start of the next hit not yet passed: a string ending before it holds none, which
    # spares almost every string its bisection (a 300 KB file has 30,000 strings).
    starts = [target.start for target in targets]
    starts.append(len(text) + 1)
    upcoming = 0
    for match in _tokens().finditer(text):
        kind = match.lastgroup or "error"
        start, end = match.span(kind)
        if kind == "string":
            while starts[upcoming] < start:
                upcoming += 1
            held = starts[upcoming] < end
            if state == _VALUE:
                if held and hits.within(start, end):
                    role, weak = keypath.role(path)
                    context = keypath.join(path)
                    spans.extend(value_spans(text, hits, start, end, role, context, weak))
                state = _AFTER
            elif state == _KEY:
                path[-1] = _key_text(text[start:end])
                if held and hits.within(start, end):
                    # An ID as a key: a lookup table of apps, whose purpose the key can't say.
                    context = keypath.join(path[:-1]) or _ROOT
                    spans.append(Span(start, end, Role.UNCLEAR, context))
                state = _COLON
            else:
                raise _unexpected(text, start, state, brackets, "a string")
        elif kind == "punct":
            token = text[start]
            if token in "{[" and state == _VALUE:
                brackets.append(token)
                opened.append(start)
                path.append("" if token == "{" else 0)
                state = _KEY if token == "{" else _VALUE
            elif token == ":" and state == _COLON:
                state = _VALUE
            elif token == "," and state == _AFTER and brackets:
                if brackets[-1] == "{":
                    state = _KEY
                else:
                    index = path[-1]
                    path[-1] = index + 1 if isinstance(index, int) else 0
                    state = _VALUE
            elif token in "}]" and brackets and brackets[-1] == _OPENER[token]:
                # `[1,]`, `{"a": 1,}` and empty brackets close; `{"a":}` does not.
                if state != _AFTER and state != (_KEY if token == "}" else _VALUE):
                    raise _unexpected(text, start, state, brackets, repr(token))
                brackets.pop()
                opened.pop()
                path.pop()
                state = _AFTER
            else:
                raise _unexpected(text, start, state, brackets, repr(token))
        elif kind == "comment":
            spans.extend(comment_spans(hits, start, end))
        elif kind == "scalar":
            token = text[start:end]
            if state == _VALUE and (token in _LITERALS or _NUMBER.fullmatch(token)):
                state = _AFTER
            elif state == _KEY and _BARE_KEY.fullmatch(token):
                path[-1] = token
                state = _COLON
            else:
                raise _unexpected(text, start, state, brackets, repr(token))
        elif kind == "end":
            if brackets:
                line = text.count("\n", 0, opened[-1]) + 1
                raise _fail(text, start, f"'{brackets[-1]}' opened on line {line} is not closed")
            break
        elif (token := text[start:end]) in "\"'":
            raise _fail(text, start, "unterminated string")
        elif token == "/":
            raise _fail(text, start, "unterminated comment or stray '/'")
        else:
            raise _fail(text, start, f"unexpected character {token!r}")
    yield from spans
