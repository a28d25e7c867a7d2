"""Suppression comments: `first-party-lint: ignore[FPA001] reason` in a file's own comment syntax.

Only comments count: the marker inside a string (`x = "# first-party-lint: ignore[FPA001]"`)
must not hide a finding, or a test fixture or a log message could silence the linter. Python
files are read with the standard tokenizer, which knows every string form; other files with a
one-line walk that tracks quotes up to the marker and needs a comment opener of the file's
syntax before it (`#`, `//`, `/* */`, `<!-- -->`, `;`, `--`, `REM` / `::`, `'`). The walk does
not follow strings or block comments across lines: a marker on a middle line of a `/* ... */`
block without its own opener is not a suppression, and neither is one on a later line of a
multi-line string in a language other than Python.

Collecting costs a bytes search per file (`MARKER in data`): files without the marker, almost
all of them, pay nothing else.
"""

# Annotations are evaluated here, no `from __future__ import annotations`: the NamedTuple
# below would compile each string annotation at every start-up (see linter/findings.py).
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from linter.findings import InlineSuppression
from linter.positions import LineIndex
from linter.sources import Source

MARKER = "first-party-lint:"
MARKER_BYTES = MARKER.encode()
_SUPPRESSION = re.compile(r"first-party-lint:[ \t]*ignore\b(?:[ \t]*\[([^\]\n]*)\])?")
_CODE_SPLIT = re.compile(r"[\s,]+")
_REASON_LEAD = " \t:-\u2013\u2014"
_REASON_CHARS = 1000  # a reason is a sentence; a minified line is not
# Letters that may open a string right before a quote (Python's r"", f"", b"", C++'s u8"").
_STRING_PREFIXES = frozenset({"r", "b", "f", "u", "rb", "br", "fr", "rf", "u8", "l"})


class Style(NamedTuple):
    """A comment syntax: line-comment openers, block comments, and the quotes of strings.

    `spaced` openers count only at the start of a line or after a blank (YAML's and shell's
    `#`, INI's `;`: `a#b` is a value); `first` openers only as the first word of a line
    (`REM`, `::`, reStructuredText's `..`), matched without regard to case. In Markdown a
    `<!-- -->` shown in a code span or a fenced code block is an example, not a comment.
    """

    line: tuple[str, ...] = ()
    block: tuple[tuple[str, str], ...] = ()
    quotes: str = ""
    spaced: tuple[str, ...] = ()
    first: tuple[str, ...] = ()
    fenced: bool = False  # Markdown: lines inside ``` or ~~~ fences are code, not comments


HASH = Style(line=("#",), quotes="\"'")
SPACED_HASH = Style(line=("#",), quotes="\"'`", spaced=("#",))
C_LIKE = Style(line=("//",), block=(("/*", "*/"),), quotes="\"'")
JS_LIKE = Style(line=("//",), block=(("/*", "*/"),), quotes="\"'`")
HCL = Style(line=("#", "//"), block=(("/*", "*/"),), quotes='"')
POWERSHELL = Style(line=("#",), block=(("<#", "#>"),), quotes="\"'")
MARKUP = Style(block=(("<!--", "-->"),))
MARKDOWN = Style(block=(("<!--", "-->"),), quotes="`", fenced=True)
INI = Style(line=(";", "#"), spaced=(";", "#"))
SQL = Style(line=("--",), block=(("/*", "*/"),), quotes="'\"")
BATCH = Style(line=("& rem ", "& REM ", "& ::", "&rem ", "&REM "), first=("rem ", "::", "@rem "))
VISUAL_BASIC = Style(line=("'",), quotes='"', first=("rem ",))
RST = Style(first=(".. ",))
# Any file of a kind not listed: every common opener, `#`, `;` and `--` only after a blank.
ANY = Style(
    line=("#", "//", ";", "--"),
    block=(("/*", "*/"), ("<!--", "-->")),
    quotes="\"'",
    spaced=("#", ";", "--"),
)

_BY_SUFFIX: dict[str, Style] = {
    **dict.fromkeys(("py", "pyi", "pyw", "toml", "rb", "pl", "r", "properties", "conf"), HASH),
    **dict.fromkeys(("yaml", "yml", "env", "sh", "bash", "zsh"), SPACED_HASH),
    **dict.fromkeys(("js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "go"), JS_LIKE),
    **dict.fromkeys(
        ("cs", "csx", "java", "kt", "kts", "scala", "swift", "rs", "c", "h", "cpp", "hpp"),
        C_LIKE,
    ),
    **dict.fromkeys(
        ("json", "jsonc", "json5", "code-workspace", "bicep", "bicepparam", "php", "gradle"),
        C_LIKE,
    ),
    **dict.fromkeys(("tf", "tfvars", "hcl"), HCL),
    **dict.fromkeys(("ps1", "psm1", "psd1"), POWERSHELL),
    **dict.fromkeys(
        ("xml", "config", "csproj", "vbproj", "fsproj", "props", "targets", "resx", "plist"),
        MARKUP,
    ),
    **dict.fromkeys(("html", "htm", "svg", "xaml", "cshtml", "razor"), MARKUP),
    **dict.fromkeys(("md", "markdown"), MARKDOWN),
    **dict.fromkeys(("ini", "cfg"), INI),
    **dict.fromkeys(("sql", "lua", "hs"), SQL),
    **dict.fromkeys(("bat", "cmd"), BATCH),
    **dict.fromkeys(("vb", "vbs", "bas"), VISUAL_BASIC),
    "rst": RST,
}


def style_for(name: str) -> Style:
    """The comment syntax of a file name (its last component)."""
    lowered = name.lower()
    if lowered == ".env" or lowered.startswith(".env."):
        return SPACED_HASH
    if lowered in {"dockerfile", "makefile", "gemfile", "rakefile"}:
        return HASH
    return _BY_SUFFIX.get(lowered.rsplit(".", 1)[-1] if "." in lowered else "", ANY)


def collect(name: str, source: Source) -> tuple[InlineSuppression, ...]:
    """The suppression comments of a file called `name`, or () at the cost of one bytes
    search (a file name, not a path: every file of a run passes here)."""
    if source.ascii_compatible and MARKER_BYTES not in source.data:
        return ()
    return collect_text(name, source.text())


def collect_text(name: str, text: str) -> tuple[InlineSuppression, ...]:
    """The suppression comments of decoded text (`\\n` line ends), for files and git blobs."""
    if MARKER not in text:
        return ()
    if name.lower().endswith((".py", ".pyi", ".pyw")):
        import tokenize  # only for Python files that hold the marker

        try:
            return tuple(_python(text))
        except (tokenize.TokenError, SyntaxError):
            pass  # a broken file: the line walk below still reads its comments
    return tuple(_walked(text, style_for(name)))


def _python(text: str) -> Iterator[InlineSuppression]:
    import io
    import tokenize

    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type != tokenize.COMMENT or MARKER not in token.string:
            continue
        row, col = token.start
        own_line = not token.line[:col].strip()
        matches = list(_SUPPRESSION.finditer(token.string))
        for n, match in enumerate(matches):
            stop = matches[n + 1].start() if n + 1 < len(matches) else len(token.string)
            yield _make(match, row, col, token.string[match.end() : stop], own_line)


def _walked(text: str, style: Style) -> Iterator[InlineSuppression]:
    """Markers grouped by line, each line walked once: many markers on one minified line must
    cost one pass over it, not one pass per marker."""
    index = LineIndex(text)
    by_line: dict[int, list[re.Match[str]]] = {}
    for match in _SUPPRESSION.finditer(text):
        by_line.setdefault(index.position(match.start())[0], []).append(match)
    fenced = _fenced_rows(text) if style.fenced else frozenset()
    for row, matches in by_line.items():
        if row in fenced:
            continue
        start = index.line_start(row)
        end = text.find("\n", start)
        line = text[start : end if end != -1 else len(text)]
        columns = [m.start() - start for m in matches]
        first = len(line) - len(line.lstrip())  # where the line's text starts and ends:
        last = len(line.rstrip())  # slicing per marker would be quadratic on a minified line
        found_all = _comments(line, columns, style)
        for n, (match, found) in enumerate(zip(matches, found_all, strict=True)):
            if found is None:
                continue
            opened, closer, close = found
            own_line = opened <= first and (not closer or close + len(closer) >= last)
            stop = min(close, columns[n + 1] if n + 1 < len(columns) else close)
            rest = line[match.end() - start : max(stop, match.end() - start)]
            yield _make(match, row, -start, rest, own_line)


def _fenced_rows(text: str) -> frozenset[int]:
    """1-based rows inside Markdown code fences (the fence lines included)."""
    rows = set()
    fence = ""
    for row, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip()
        if not fence and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif fence and stripped.startswith(fence):
            fence = ""
        elif not fence:
            continue
        rows.add(row)
    return frozenset(rows)


def _make(
    match: re.Match[str], row: int, offset: int, rest: str, own_line: bool
) -> InlineSuppression:
    """A suppression from a marker `match` in a string that starts at column `offset`; `rest` is
    the comment's text after the marker, up to the comment's end or the next marker."""
    listed = match.group(1)
    codes = tuple(c.upper() for c in _CODE_SPLIT.split(listed or "") if c)
    reason = rest[:_REASON_CHARS].strip().lstrip(_REASON_LEAD)
    for closer in ("*/", "-->", "#>"):
        reason = reason.removesuffix(closer).rstrip()
    if reason.startswith("reason="):  # the `reason="..."` spelling some tools use
        reason = reason.removeprefix("reason=").strip("\"'")
    return InlineSuppression(
        line=row,
        column=offset + match.start() + 1,
        end_column=offset + match.end() + 1,
        codes=codes,
        reason=reason.strip(),
        own_line=own_line,
    )


def _comments(
    line: str, markers: Sequence[int], style: Style
) -> Iterator[tuple[int, str, int] | None]:
    """For each marker column (ascending): the comment holding it as (where it opens, its closer
    or "" for a line comment, where it ends), or None when the marker is not in a comment (no
    opener before it, or it sits in a string). One walk over the line serves every marker."""
    stripped = line.lstrip()
    lead = len(line) - len(stripped)
    head = stripped[:8].lower()
    for word in style.first:
        if head.startswith(word):
            for marker in markers:
                yield (lead, "", len(line)) if lead + len(word) <= marker else None
            return
    quote = ""
    i = 0
    comment: tuple[int, str, int] | None = None
    for marker in markers:
        if comment is not None and marker >= comment[2]:  # past a closed block comment
            i = comment[2] + len(comment[1])
            comment = None
        while comment is None and i < marker:
            char = line[i]
            if quote:
                if char == "\\":
                    i += 2
                    continue
                if char == quote:
                    quote = ""
                i += 1
                continue
            for opener, closer in style.block:
                if line.startswith(opener, i):
                    close = line.find(closer, i + len(opener))
                    if close == -1 or close > marker:
                        comment = (i, closer, len(line) if close == -1 else close)
                    else:
                        i = close + len(closer) - 1
                    break
            else:
                for opener in style.line:
                    if line.startswith(opener, i) and (
                        opener not in style.spaced or i == 0 or line[i - 1] in " \t"
                    ):
                        comment = (i, "", len(line))
                        break
                else:
                    if char in style.quotes and _opens_string(line, i):
                        quote = char
            if comment is None:
                i += 1
        yield comment


def _opens_string(line: str, i: int) -> bool:
    """A quote after a letter is an apostrophe (`it's`), unless the letters are a prefix."""
    if i == 0 or not line[i - 1].isalnum():
        return True
    start = i
    while start > 0 and line[start - 1].isalnum():
        start -= 1
    before = line[start - 1] if start > 0 else " "
    return line[start:i].lower() in _STRING_PREFIXES and not (before.isalnum() or before == "_")
