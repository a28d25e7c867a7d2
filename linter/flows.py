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
3. each import is resolved to a file by path only (`module_paths`), never by importing or
   executing anything, and a module-level `from config import NAME` makes the importer offer
   NAME again, searched for in the next round;
4. a constant that reaches a sink has its finding upgraded in place to FPA001, naming the first
   sink in the order files are scanned (the search stops once every name has one). Findings
   are only ever upgraded, never dropped or added.

Only the scanned set is searched: a pre-commit run that passes only config.py does not see the
unchanged auth.py, and the constant stays as the per-file scan judged it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from linter import module_paths, rules, scanners, sources, sweep
from linter.discovery import FileRef
from linter.findings import FileResult, Finding, Role, Scanned, Skipped, Span
from linter.module_paths import Key

_HOPS = 4  # a constant, then at most three modules that re-export it
# python_labels.LOOKUPS (a test keeps them equal), kept here so this module's import stays
# as light as it can be.
_LOOKUPS = frozenset({"get", "getenv", "setdefault", "setenv", "putenv", "pop"})


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


def _is_python(ref: FileRef) -> bool:
    return scanners.is_python(ref.name)


def _open(ref: FileRef, max_bytes: int) -> sources.Source | None:
    source = sources.read(ref.file, ref.display, max_bytes)
    return source if isinstance(source, sources.Source) else None


def _needs_sink(finding: Finding) -> bool:
    """FPA002, or FPA001 that does not yet say where the constant goes."""
    if finding.rule == rules.FPA002.code:
        return True
    return finding.rule == rules.FPA001.code and ", flows into " not in finding.message


def _module_bindings(tree: ast.Module) -> list[tuple[str, ast.expr]]:
    """`NAME = value` run at import time (not in a def or class): what an importer can take."""
    found: list[tuple[str, ast.expr]] = []
    for node in module_paths.module_statements(tree):
        if isinstance(node, ast.Assign):
            found += [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            found += [(node.target.id, node.value)] if isinstance(node.target, ast.Name) else []
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
    tree = module_paths.safe_parse(text[bom:])
    if tree is None:
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
            if any(_holds(leaf, where) for leaf in _id_values(value)):
                found.append(Constant(module_paths.file_key(ref.path), name, number, index))
    return found


def constants_of(ref: FileRef, result: FileResult, max_bytes: int) -> list[Constant] | None:
    """`_constants_in` for one file on its own, where its scan ran (a worker process, whose
    parse is then not repeated in the main one); None when the file is not followed at all.
    Each constant's `result` is -1: `follow` numbers it."""
    if not (isinstance(result, Scanned) and result.findings and _is_python(ref)):
        return None
    return _constants_in(ref, result, -1, max_bytes)


def _holds(node: ast.expr, where: tuple[int, int]) -> bool:
    end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
    return (node.lineno, node.col_offset) <= where < end


def _id_values(value: ast.expr) -> list[ast.expr]:
    """The strings whose value the name may take: the literal itself, either side of `or` /
    `if else` / `+`, and the default of `os.environ.get(KEY, "<id>")`. `app = PCA("<id>")`
    binds an app, not the ID, so a literal inside other calls is not the name's value."""
    leaves: list[ast.expr] = []
    todo = [value]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            leaves.append(node)
        elif isinstance(node, ast.BoolOp):
            todo += node.values
        elif isinstance(node, ast.IfExp):
            todo += [node.body, node.orelse]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            todo += [node.left, node.right]
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if callee in _LOOKUPS:
                todo += node.args[1:2] + [k.value for k in node.keywords if k.arg == "default"]
            elif callee in ("lower", "upper", "strip") and isinstance(node.func, ast.Attribute):
                todo.append(node.func.value)
    return leaves


def _sinks(
    refs: Sequence[FileRef | Skipped],
    constants: Sequence[Constant],
    max_bytes: int,
    modules: module_paths.Modules,
) -> dict[Key, list[Sink]]:
    """Where each (defining file, name) reaches a client sink in the other scanned modules.

    A module that imports the name at module level offers it again (`settings/__init__.py`
    doing `from .base import CLIENT_ID`), so each round searches for the names found offered
    in the last one, up to _HOPS re-exports deep; a cycle ends because a key is searched once.
    """
    stands_for: dict[Key, set[Key]] = {(c.file, c.name): {(c.file, c.name)} for c in constants}
    frontier = set(stands_for)
    python = [ref for ref in refs if isinstance(ref, FileRef) and _is_python(ref)]
    reached: dict[Key, list[Sink]] = {}
    for _ in range(_HOPS):
        if not frontier:
            break
        sinks, reexports = _search(python, frontier, max_bytes, modules)
        for key, found in sinks.items():
            reached.setdefault(key, []).extend(found)
        frontier = set()
        for offered, again in reexports:
            if again not in stands_for:
                stands_for[again] = set()
                frontier.add(again)
            stands_for[again] |= stands_for[offered]
        satisfied = {original for key in reached for original in stands_for[key]}
        frontier = {key for key in frontier if not stands_for[key] <= satisfied}
    result: dict[Key, list[Sink]] = {}
    for key, found in reached.items():
        for original in stands_for[key]:
            result.setdefault(original, []).extend(found)
    return result


def _search(
    python: Sequence[FileRef],
    wanted: set[Key],
    max_bytes: int,
    modules: module_paths.Modules,
) -> tuple[dict[Key, list[Sink]], list[tuple[Key, Key]]]:
    """One round over the `python` files of the run: the sinks each wanted key reaches, and
    the keys re-exported on the way."""
    from linter.scanners import ParseError

    names = {name for _, name in wanted}
    files = {file for file, _ in wanted}
    needles = sorted({(name.encode(), module_paths.stem(file).encode()) for file, name in wanted})
    found: dict[Key, list[Sink]] = {}
    reexports: list[tuple[Key, Key]] = []
    paths = [ref.file for ref in python]
    # Each name with its module, or with `from .`: the bytes an importer must hold.
    pairs = [pair for name, module in needles for pair in ((name, module), (name, b"from ."))]
    for number in sweep.mentioning(paths, pairs):
        ref = python[number]
        source = _open(ref, max_bytes)
        if source is None:
            continue
        # UTF-16 source spells names in other bytes; such files are rare, decode them.
        data = source.data if source.ascii_compatible else source.text().encode()
        if not any(module_paths.mentions(data, *needle) for needle in needles):
            continue
        text = source.text()
        importer = module_paths.file_key(ref.path)
        imports = module_paths.imports_of(text, importer, wanted, files, modules)
        if imports is None:
            continue
        reexports += imports.reexports
        from linter.scanners import python_imports  # libcst: only once an importer needs it

        try:
            uses = python_imports.uses(text, names, imports.aliases)
        except ParseError:
            continue  # the per-file scan already reported what it could of this file
        except Exception:  # a libcst failure on one importer must not cost the others
            continue
        for use in uses:
            target = modules.resolve(importer, use.origin.level, use.origin.module)
            if target is not None and (target, use.name) in wanted:
                sink = Sink(ref.display, use.line, use.sink)
                found.setdefault((target, use.name), []).append(sink)
        if len(found) == len(wanted):
            break  # every name has its first sink: the rest of the files cannot change a message
    return found, reexports


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
    known: Mapping[str, Sequence[Constant]] | None = None,
) -> list[FileResult]:
    """`results` (one per ref, in order) with constants that reach a sink in another module
    upgraded to FPA001. Returns the results unchanged when there is nothing to follow.
    `known`: `constants_of` already run for some files, by display path."""
    updated = list(results)
    for number, result in upgrades(refs, results, range(len(refs)), max_bytes, known).items():
        updated[number] = result
    return updated


def upgrades(
    items: Sequence[FileRef | Skipped],
    results: Sequence[FileResult] | Mapping[int, FileResult],
    candidates: Iterable[int],
    max_bytes: int = sources.DEFAULT_MAX_BYTES,
    known: Mapping[str, Sequence[Constant]] | None = None,
) -> dict[int, FileResult]:
    """The results `follow` changes, by position. `candidates`: the positions of the files
    that may define a constant (the others are not looked at; a run over a large tree knows
    them: Python files its sweep kept), so that the pass costs nothing per clean file."""
    constants: list[Constant] = []
    precomputed = known or {}
    for number in candidates:
        ref, result = items[number], results[number]
        if not (isinstance(ref, FileRef) and isinstance(result, Scanned) and result.findings):
            continue
        ready = precomputed.get(ref.display)
        if ready is not None:
            constants += [constant._replace(result=number) for constant in ready]
        elif _is_python(ref):
            constants += _constants_in(ref, result, number, max_bytes)
    if not constants:
        return {}
    sinks = _sinks(items, constants, max_bytes, module_paths.Modules())
    # `A = B = "<id>"` is one finding under two names: it names the first sink of either.
    reached: dict[tuple[int, int], list[Sink]] = {}
    for constant in constants:
        found = sinks.get((constant.file, constant.name), [])
        if found:
            reached.setdefault((constant.result, constant.finding), []).extend(found)
    changed: dict[int, FileResult] = {}
    for (number, index), found in sorted(reached.items()):
        result = changed.get(number, results[number])
        if isinstance(result, Scanned):
            findings = list(result.findings)
            findings[index] = _upgrade(findings[index], min(found))
            changed[number] = result._replace(findings=tuple(findings))
    return changed
