"""A linear token pass that refuses Python source libcst would nest too deeply to survive.

libcst's native parser recurses once per nesting level and overflows the C stack (a segfault,
not an exception) above about 1,200 nested brackets on an 8 MB stack, 7,000 chained `+` or a few
thousand `elif`s. Nothing in Python can catch that, so the depth is measured before parsing,
with a tokenizer that only knows strings, comments, brackets and operators.
"""

from __future__ import annotations

import ast
import re
import sys
from functools import cache

from linter.scanners import ParseError

# Deepening tokens allowed between two separators. libcst overflowed an 8 MB stack at ~1,200
# nested brackets (stack use is linear in depth, so a 2 MB Windows stack should hold ~300);
# its Python-side visitors give up with a catchable RecursionError near 300 levels anyway.
DEPTH_LIMIT = 200
_DEEPENING = frozenset({"and", "or", "not", "in", "is", "if", "else", "lambda", "for", "await"})
# Compiled on first use (`_patterns`): from Python 3.11 only a file bound for libcst needs
# them, and compiling them cost 0.7 ms of every process's first Python file.
_TOKEN = r"""
    (?P<fstring>(?:[rR]?[fFtT]|[fFtT][rR])(?:'''|\"\"\"|'|"))
  | (?P<string>[rRbBuU]{0,2}(?:'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*(?:'''|\Z)
                           |\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*(?:\"\"\"|\Z)
                           |'[^'\\\n]*(?:\\.[^'\\\n]*)*'?
                           |"[^"\\\n]*(?:\\.[^"\\\n]*)*"?))
  | (?P<skip>\#[^\n]*|\\\n|\d[\w.]*)
  | (?P<newline>\n[ \t\f]*)
  | (?P<word>[^\W\d]\w*)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<sep>[,;]|=(?!=))
  | (?P<op>[-+*/%@&|^~<>.!=:]+)
    """


@cache
def _patterns() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """The token pattern, and the text pattern of an f-string by its quote."""
    fstring_text = {
        quote: re.compile(
            r"\{\{|\}\}|\\.|\{|" + re.escape(quote) + ("|\n" if len(quote) == 1 else ""),
            re.DOTALL,
        )
        for quote in ("'", '"', "'''", '"""')
    }
    return re.compile(_TOKEN, re.VERBOSE | re.DOTALL), fstring_text


# CPython's own parser raises (SyntaxError, MemoryError, RecursionError) on any nesting from
# 3.11 on; 3.10's builds the tree recursively in C and segfaults on `1+1+...` 200,000 long
# (measured with 3.10.13 / 3.11.7 / 3.12 / 3.13). So the standard library's parser needs this
# pass first only on 3.10; libcst always does. The pass is pure Python and was half the cost
# of a Python file on the stdlib path.
STDLIB_NEEDS_CHECK = sys.version_info < (3, 11)


def check_depth_for_stdlib(source: str) -> None:
    """`check_depth`, where `ast.parse` would otherwise crash the process (see above)."""
    if STDLIB_NEEDS_CHECK:
        check_depth(source)


# The last source parsed and its tree: the cross-module pass (`flows.constants_of`) asks for
# the tree of the file the scanner has just parsed, where both run (a second `ast.parse` of
# every Python file with findings was 40 ms of a dense tree's 200 ms of parsing). Nobody
# changes a tree, so both may hold it.
_last: list[tuple[str, ast.Module]] = []


def parse_quietly(source: str) -> ast.Module:
    """`ast.parse` without its warnings: from 3.12 it prints a SyntaxWarning on stderr for
    every invalid escape such as `"\\d"` in the scanned code, which is the user's business,
    not the report's (and would interleave with it)."""
    if _last and _last[0][0] == source:
        return _last[0][1]
    import warnings

    # The collector's cost while the tree's objects are made is kept down process-wide
    # (`linter.entry` raises its threshold), not here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(source)
    _last[:] = [(source, tree)]
    return tree


def check_depth(source: str) -> None:
    """Refuse source that would nest libcst's tree deeper than DEPTH_LIMIT, in one token pass.

    Per open bracket it counts the tokens that deepen a tree (operators, `.`, brackets and
    keywords such as `and` / `lambda`) since the last `,` `;` `=` or line end, so a 10,000-item
    literal stays flat while `((((...` or `1+1+...` does not. f-string replacement fields count
    as brackets; `elif` chains, which libcst nests too, are counted per indent. Strings are not
    counted: libcst joins adjacent strings without recursing, and very long runs of them end in
    a RecursionError, which the scanner catches.
    """
    token_pattern, fstring_text = _patterns()
    counts, waits = [0], [""]
    fstrings: list[tuple[str, int]] = []  # quote, bracket depth of the open field (0: text)
    chains: dict[str, int] = {}
    indent: str | None = ""
    total = pos = 0
    while pos < len(source):
        if fstrings and not fstrings[-1][1]:
            quote = fstrings[-1][0]
            text = fstring_text[quote].search(source, pos)
            if text is None:
                return
            pos = text.end()
            if text.group() == "{":
                counts[-1] += 1
                total += 1
                counts.append(0)
                waits.append("")
                fstrings[-1] = (quote, len(counts))
            elif text.group() in (quote, "\n"):
                fstrings.pop()
            continue
        token = token_pattern.search(source, pos)
        if token is None:
            return
        pos, kind, value = token.end(), token.lastgroup, token.group()
        if kind == "skip":
            continue
        if kind == "newline":
            if len(counts) == 1:
                total, counts[0], waits[0], indent = total - counts[0], 0, "", value[1:]
            continue
        if indent is not None:
            chain = chains[indent] = chains.get(indent, 0) + 1 if value == "elif" else 0
            indent = None
            if chain > DEPTH_LIMIT:
                raise ParseError(
                    f"line {_line(source, pos)}: more than {DEPTH_LIMIT} elif branches"
                )
        grow = 0
        if kind == "sep":
            if not waits[-1]:
                total, counts[-1] = total - counts[-1], 0
        elif kind == "close":
            if len(counts) > 1:
                total -= counts.pop()
                waits.pop()
            if fstrings and fstrings[-1][1] > len(counts):
                # A closed replacement field leaves the string as deep as it was.
                fstrings[-1] = (fstrings[-1][0], 0)
                if counts[-1]:
                    counts[-1] -= 1
                    total -= 1
        elif kind == "word":
            grow = int(value in _DEEPENING)
            if value in ("lambda", "for"):
                waits[-1] = value
            elif value == "in" and waits[-1] == "for":
                waits[-1] = ""
        elif kind == "op":
            grow = len(value)
            if ":" in value and waits[-1] == "lambda":
                waits[-1] = ""
        elif kind == "open":
            grow = 1
        counts[-1] += grow
        total += grow
        if kind == "open":
            counts.append(0)
            waits.append("")
        elif kind == "fstring":
            fstrings.append((value.lstrip("rRfFtT"), 0))
        if total > DEPTH_LIMIT:
            raise ParseError(
                f"line {_line(source, pos)}: expression nested more than {DEPTH_LIMIT} levels deep"
            )


def _line(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1
