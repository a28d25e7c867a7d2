"""Scanners: one per file format, each turning text into `Span`s that name an ID's role.

A scanner only locates and classifies; it never sees the catalog, a severity or the config.
It receives the decoded text and the prefilter's hits (so it may skip work far from any ID)
and yields regions. When it cannot parse the text it raises `ParseError`, and the engine falls
back to the text scanner, so a broken file is scanned coarsely, never silently.

The registry is a plain table of file-name patterns to module paths, imported on first use:
`import libcst` alone costs 200 ms, which a pre-commit run over files without IDs never pays.
"""

from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from types import MappingProxyType
from typing import Protocol, cast

from linter.findings import Span, Target


class ParseError(Exception):
    """The format's parser rejected the text; the message is one line for the user."""


class ScannerUnavailable(ParseError):
    """The format's parser is not installed (an optional grammar is missing).

    The text scanner takes over as for a parse failure, but without a note: the cause is the
    installation, not the file, and a note on every file of the language would bury the report.
    """


class Scanner(Protocol):
    def __call__(self, text: str, targets: Sequence[Target], /) -> Iterable[Span]: ...


# (file-name glob, "module" or "module:function"). First match wins, against the lower-cased
# file name; a module's scanner is its `scan` function.
SCANNERS: tuple[tuple[str, str], ...] = (
    ("*.py", "linter.scanners.python"),
    ("*.pyi", "linter.scanners.python"),
    ("*.pyw", "linter.scanners.python"),
    ("*.json", "linter.scanners.config.json"),
    ("*.jsonc", "linter.scanners.config.json"),
    ("*.json5", "linter.scanners.config.json"),
    ("*.code-workspace", "linter.scanners.config.json"),
    (".env", "linter.scanners.config.dotenv"),
    (".env.*", "linter.scanners.config.dotenv"),
    ("*.env", "linter.scanners.config.dotenv"),
    ("*.yaml", "linter.scanners.config.yaml"),
    ("*.yml", "linter.scanners.config.yaml"),
    (".first-party-lint.toml", "linter.scanners.config.own"),
    ("*.toml", "linter.scanners.config.toml"),
    ("*.ini", "linter.scanners.config.ini"),
    ("*.cfg", "linter.scanners.config.ini"),
    ("*.xml", "linter.scanners.config.xml"),
    ("*.config", "linter.scanners.config.xml"),
    ("*.csproj", "linter.scanners.config.xml"),
    ("*.vbproj", "linter.scanners.config.xml"),
    ("*.fsproj", "linter.scanners.config.xml"),
    ("*.props", "linter.scanners.config.xml"),
    ("*.targets", "linter.scanners.config.xml"),
    ("*.resx", "linter.scanners.config.xml"),
    ("*.plist", "linter.scanners.config.xml"),
    # Languages parsed with tree-sitter grammars (linter/scanners/lang/); without the grammar
    # installed they fall back to the text scanner silently.
    ("*.cs", "linter.scanners.lang.csharp"),
    ("*.csx", "linter.scanners.lang.csharp"),
    ("*.js", "linter.scanners.lang.javascript"),
    ("*.mjs", "linter.scanners.lang.javascript"),
    ("*.cjs", "linter.scanners.lang.javascript"),
    ("*.jsx", "linter.scanners.lang.javascript"),
    ("*.ts", "linter.scanners.lang.typescript"),
    ("*.mts", "linter.scanners.lang.typescript"),
    ("*.cts", "linter.scanners.lang.typescript"),
    ("*.tsx", "linter.scanners.lang.typescript:scan_tsx"),
    ("*.ps1", "linter.scanners.lang.powershell"),
    ("*.psm1", "linter.scanners.lang.powershell"),
    ("*.psd1", "linter.scanners.lang.powershell"),
    ("*.go", "linter.scanners.lang.go"),
    ("*.java", "linter.scanners.lang.java"),
    ("*.tf", "linter.scanners.lang.hcl"),
    ("*.tfvars", "linter.scanners.lang.hcl"),
    ("*.hcl", "linter.scanners.lang.hcl"),
    ("*.bicep", "linter.scanners.lang.bicep"),
    ("*.bicepparam", "linter.scanners.lang.bicep"),
    ("*.sh", "linter.scanners.lang.bash"),
    ("*.bash", "linter.scanners.lang.bash"),
    ("*.zsh", "linter.scanners.lang.bash"),
    # Prose: a mention in documentation is a warning at most, never a blocking error.
    ("*.md", "linter.scanners.text:scan_prose"),
    ("*.markdown", "linter.scanners.text:scan_prose"),
    ("*.rst", "linter.scanners.text:scan_prose"),
    ("*.txt", "linter.scanners.text:scan_prose"),
    ("*.adoc", "linter.scanners.text:scan_prose"),
    ("*.html", "linter.scanners.text:scan_prose"),
    ("*.htm", "linter.scanners.text:scan_prose"),
)
TEXT_SCANNER = "linter.scanners.text"
PYTHON = "linter.scanners.python"
# The Python globs open SCANNERS (first match wins), so a name is Python exactly when it ends
# like one of them (a test keeps it so): the cross-module pass asks this of every file of a
# run, and a suffix test costs a sixth of `module_for` (0.2 against 1.3 us).
_PYTHON_ENDINGS = tuple(glob[1:] for glob, module in SCANNERS if module == PYTHON)


def is_python(name: str) -> bool:
    """Whether `module_for(name)` is the Python scanner, at the cost of a suffix test."""
    return name.lower().endswith(_PYTHON_ENDINGS)


@cache
def _split(
    table: tuple[tuple[str, str], ...],
) -> tuple[Mapping[str, int], tuple[tuple[int, str], ...]]:
    """Each `*.ext` pattern (no other wildcard) by its suffix, and the other patterns, with
    their positions: `module_for` looks a name up once per dot in it (4x faster than trying
    tens of patterns in turn) and still answers the first pattern that matches. Cached by
    the table itself, which tests replace."""
    by_suffix: dict[str, int] = {}
    others: list[tuple[int, str]] = []
    for index, (pattern, _) in enumerate(table):
        suffix = pattern[1:]
        if pattern.startswith("*.") and not any(c in suffix for c in "*?["):
            by_suffix.setdefault(suffix, index)
        else:
            others.append((index, pattern))
    return MappingProxyType(by_suffix), tuple(others)


def module_for(name: str) -> str:
    """The scanner module for a file name (the last path component)."""
    lowered = name.lower()
    by_suffix, others = _split(SCANNERS)
    first = len(SCANNERS)  # the first pattern that matches, as a loop over the table finds
    dot = lowered.find(".")
    while dot != -1:
        first = min(first, by_suffix.get(lowered[dot:], first))
        dot = lowered.find(".", dot + 1)
    for index, pattern in others:
        if index >= first:
            break
        if matches(lowered, pattern):
            first = index
            break
    return SCANNERS[first][1] if first < len(SCANNERS) else TEXT_SCANNER


def matches(name: str, pattern: str) -> bool:
    """`fnmatch.fnmatchcase`, without a regex for the table's shapes (`*.py`, `.env.*`, a
    plain name): fnmatch compiled one per pattern tried, ~2 ms of each process's first file."""
    head, star, tail = pattern.partition("*")
    if "?" in pattern or "[" in pattern or "*" in tail:
        return fnmatch.fnmatchcase(name, pattern)
    if not star:
        return name == pattern
    return len(name) >= len(head) + len(tail) and name.startswith(head) and name.endswith(tail)


def load(module: str) -> Scanner:
    """Import a scanner module on first use and return its scan function."""
    name, _, attr = module.partition(":")
    return cast(Scanner, getattr(importlib.import_module(name), attr or "scan"))
