"""Constants that travel across Python modules: a second, cheap pass after the per-file scan.

`CLIENT_ID = "<id>"` in config.py and `msal.PublicClientApplication(CLIENT_ID)` in auth.py are
a client use, but each file alone says less: config.py a constant, auth.py no ID at all. The
engine scans files independently and never parses a file without an ID (libcst costs 200 ms to
import and parses about 1 MB/s), so this pass runs afterwards over the scanned set, and only
does work when a Python finding sits on a module-level constant whose sink is not yet known
(an FPA002, or an FPA001 from the name alone):

1. the defining file is re-read and parsed with the standard library's `ast` (fast, no libcst)
   to find which module-level name the literal is bound to;
2. the other scanned `.py` files whose raw bytes mention that name and module, and whose
   imports (read with `ast`) resolve to the defining file, are parsed with libcst, and
   `python_imports` lists where imported names reach a client sink;
3. each import is resolved to a file by path only (relative imports, the importer's directory
   and its ancestors, `src/` layouts), never by importing or executing anything;
4. a constant that reaches a sink has its finding upgraded in place to FPA001, naming the first
   sink in path and line order. Findings are only ever upgraded, never dropped or added.

Only the scanned set is searched: a pre-commit run that passes only config.py does not see the
unchanged auth.py, and the constant stays as the per-file scan judged it.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Container, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path, PurePath
from typing import NamedTuple

from linter import rules, scanners, sources
from linter.discovery import FileRef
from linter.findings import FileResult, Finding, Role, Scanned, Span

PYTHON = "linter.scanners.python"
_TRY: tuple[type[ast.stmt], ...] = (ast.Try, *([ast.TryStar] if hasattr(ast, "TryStar") else []))


class Constant(NamedTuple):
    """A finding on a literal bound to module-level `name` (results[result].findings[finding])."""

    file: Path
    name: str
    result: int
    finding: int


class Sink(NamedTuple):
    path: str
    line: int
    what: str


def _key(path: os.PathLike[str] | str) -> Path:
    """One spelling per file, so an import resolved on disk meets the scanned ref (symbolic
    links are not resolved: discovery does not follow them either)."""
    return Path(os.path.normpath(Path(path).absolute()))


def _is_python(ref: FileRef) -> bool:
    return scanners.module_for(PurePath(ref.path).name) == PYTHON


def _open(ref: FileRef, max_bytes: int) -> sources.Source | None:
    source = sources.read(ref.path, ref.display, max_bytes)
    return source if isinstance(source, sources.Source) else None


def _needs_sink(finding: Finding) -> bool:
    """FPA002, or FPA001 that does not yet say where the constant goes."""
    if finding.rule == rules.FPA002.code:
        return True
    return finding.rule == rules.FPA001.code and ", flows into " not in finding.message


def _module_bindings(tree: ast.Module) -> list[tuple[str, ast.expr]]:
    """`NAME = value` at module level, also under `if` / `try` / `with`, never in a def or class."""
    found: list[tuple[str, ast.expr]] = []
    todo: list[ast.stmt] = list(reversed(tree.body))
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Assign):
            found += [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            if isinstance(node.target, ast.Name):
                found.append((node.target.id, node.value))
        elif isinstance(node, (ast.If, ast.With, *_TRY)):
            blocks = [getattr(node, part, []) for part in ("body", "orelse", "finalbody")]
            blocks += [handler.body for handler in getattr(node, "handlers", [])]
            for block in reversed(blocks):
                todo.extend(reversed(block))
    return found


def _constants_in(ref: FileRef, result: Scanned, number: int, max_bytes: int) -> list[Constant]:
    """The findings of one file that sit in the value of a module-level `NAME = ...`.

    The standard library's parser is enough here (the literal is found by position, the name
    by the binding around it) and costs a fraction of libcst. A file it cannot parse, such as
    newer syntax than the running Python's, keeps its findings as they are.
    """
    wanted = [(i, f) for i, f in enumerate(result.findings) if _needs_sink(f)]
    source = _open(ref, max_bytes) if wanted else None
    if source is None:
        return []
    text = source.text()
    bom = int(text.startswith("\ufeff"))
    try:
        tree = ast.parse(text[bom:])
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    lines = text[bom:].split("\n")
    bindings = _module_bindings(tree)
    found = []
    for index, finding in wanted:
        line, column = finding.location.line, finding.location.column
        if line > len(lines):
            continue
        column -= 1 + (bom if line == 1 else 0)  # ast counts UTF-8 bytes from 0, past the BOM
        where = (line, len(lines[line - 1][:column].encode("utf-8")))
        for name, value in bindings:
            end = (value.end_lineno or value.lineno, value.end_col_offset or 0)
            if (value.lineno, value.col_offset) <= where < end:
                found.append(Constant(_key(ref.path), name, number, index))
    return found


@lru_cache(maxsize=4096)
def _module_file(base: Path, module: str) -> Path | None:
    stem = base.joinpath(*module.split(".")) if module else base
    for candidate in (stem.with_name(f"{stem.name}.py"), stem / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def resolve(importer: os.PathLike[str] | str, level: int, module: str) -> Path | None:
    """The file an import in `importer` names, by path alone.

    Relative imports count up from the importer's package. Absolute ones are looked for in the
    importer's directory and then each ancestor (and its `src/`), nearest first, which is
    where a script, a package root or a `src/` layout puts them.
    """
    here = _key(importer).parent
    if level:
        if level - 1 > len(here.parents):
            return None
        return _module_file(here.parents[level - 2] if level > 1 else here, module)
    for base in (here, *here.parents):
        for root in (base, base / "src"):
            found = _module_file(root, module)
            if found is not None:
                return found
    return None


def _stem(file: Path) -> str:
    """The last part of the module's dotted name: `config` for config.py, `app` for
    app/__init__.py. Every import of the module spells it, except `from . import NAME`."""
    return file.parent.name if file.name == "__init__.py" else file.stem


def _mentions(data: bytes, name: bytes, stem: bytes) -> bool:
    return name in data and (stem in data or b"from ." in data)


def _imports_of(
    text: str, importer: Path, files: Container[Path], names: Container[str]
) -> set[str] | None:
    """Local aliases of the wanted names if `importer` imports a defining module at all, else
    None: an `ast` pass that spares libcst the files that only happen to mention the name."""
    try:
        tree = ast.parse(text.removeprefix("\ufeff"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    aliases: set[str] = set()
    relevant = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            relevant |= any(resolve(importer, 0, a.name) in files for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            source = resolve(importer, node.level, module) in files
            for alias in node.names:
                child = f"{module}.{alias.name}" if module else alias.name
                if resolve(importer, node.level, child) in files:
                    relevant = True  # `from pkg import config`, then `config.NAME`
                elif source and alias.name in names:
                    relevant = True
                    aliases.add(alias.asname or alias.name)
    return aliases if relevant else None


def _sinks(
    refs: Sequence[FileRef], constants: Sequence[Constant], max_bytes: int
) -> dict[tuple[Path, str], list[Sink]]:
    """Where each (defining file, name) reaches a client sink in the other scanned modules."""
    from linter.scanners import ParseError, python_imports

    names = {constant.name for constant in constants}
    wanted = {(constant.file, constant.name) for constant in constants}
    files = {constant.file for constant in constants}
    needles = sorted({(c.name.encode(), _stem(c.file).encode()) for c in constants})
    found: dict[tuple[Path, str], list[Sink]] = {}
    for ref in refs:
        source = _open(ref, max_bytes) if _is_python(ref) else None
        if source is None:
            continue
        # UTF-16 source spells names in other bytes; such files are rare, decode them.
        data = source.data if source.ascii_compatible else source.text().encode()
        if not any(_mentions(data, *needle) for needle in needles):
            continue
        text = source.text()
        aliases = _imports_of(text, ref.path, files, names)
        if aliases is None:
            continue
        try:
            uses = python_imports.uses(text, names, aliases)
        except ParseError:
            continue  # the per-file scan already reported what it could of this file
        except Exception:  # a libcst failure on one importer must not cost the others
            continue
        for use in uses:
            target = resolve(ref.path, use.origin.level, use.origin.module)
            if target is not None and (target, use.name) in wanted:
                sink = Sink(ref.display, use.line, use.sink)
                found.setdefault((target, use.name), []).append(sink)
    return found


def _upgrade(finding: Finding, sink: Sink) -> Finding:
    where = f"{sink.what} at {sink.path}:{sink.line}"
    span = Span(0, 0, Role.CLIENT, finding.context, sink=where)
    return finding._replace(
        rule=rules.FPA001.code,
        severity=rules.FPA001.severity,
        role=Role.CLIENT,
        message=rules.message(rules.FPA001, finding.app, span),
    )


def follow(
    refs: Sequence[FileRef],
    results: Sequence[FileResult],
    max_bytes: int = sources.DEFAULT_MAX_BYTES,
) -> list[FileResult]:
    """`results` (one per ref, in order) with constants that reach a sink in another module
    upgraded to FPA001. Returns the results unchanged when there is nothing to follow."""
    constants: list[Constant] = []
    for number, (ref, result) in enumerate(zip(refs, results, strict=True)):
        if isinstance(result, Scanned) and result.findings and _is_python(ref):
            constants += _constants_in(ref, result, number, max_bytes)
    updated = list(results)
    if not constants:
        return updated
    sinks = _sinks(refs, constants, max_bytes)
    # `A = B = "<id>"` is one finding under two names: it names the first sink of either.
    reached: dict[tuple[int, int], list[Sink]] = {}
    for constant in constants:
        found = sinks.get((constant.file, constant.name), [])
        if found:
            reached.setdefault((constant.result, constant.finding), []).extend(found)
    for (number, index), found in sorted(reached.items()):
        result = updated[number]
        if isinstance(result, Scanned):
            findings = list(result.findings)
            findings[index] = _upgrade(findings[index], min(found))
            updated[number] = replace(result, findings=tuple(findings))
    return updated
