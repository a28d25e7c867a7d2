"""Which file a Python import names, by path alone: nothing is imported or executed.

`linter.flows` follows a constant from the module that defines it to the modules that import
it. Scanning must not run project code, so an import is resolved the way a reader would: a
relative import counts up from the importer's package, an absolute one is looked for in the
importer's directory and then each ancestor (and its `src/`), nearest first, which is where a
script, a package root or a `src/` layout puts it. The standard library's `ast` reads the
imports, at a fraction of libcst's cost, so libcst only parses modules that really import a
defining module.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Container, Iterator
from pathlib import Path
from typing import NamedTuple

from linter.scanners import ParseError
from linter.scanners.python_depth import check_depth_for_stdlib, parse_quietly

Key = tuple[Path, str]
"""A module-level name and the file it is available from."""


def file_key(path: os.PathLike[str] | str) -> Path:
    """One spelling per file, so an import resolved on disk meets the scanned ref (symbolic
    links are not resolved: discovery does not follow them either)."""
    return Path(os.path.normpath(Path(path).absolute()))


class Modules:
    """The module files as one run finds them: each (folder, module) is looked up on disk once
    (a project's importers ask for the same few modules from the same few folders), and a
    new run, with a new object, sees files created since."""

    def __init__(self) -> None:
        self._files: dict[tuple[Path, str], Path | None] = {}

    def resolve(self, importer: os.PathLike[str] | str, level: int, module: str) -> Path | None:
        """The file that `from <level dots><module> import ...` in `importer` names, if any."""
        here = file_key(importer).parent
        if level:
            if level - 1 > len(here.parents):
                return None
            return self._file(here.parents[level - 2] if level > 1 else here, module)
        for base in (here, *here.parents):
            for root in (base, base / "src"):
                found = self._file(root, module)
                if found is not None:
                    return found
        return None

    def _file(self, base: Path, module: str) -> Path | None:
        key = (base, module)
        if key not in self._files:
            self._files[key] = _module_file(base, module)
        return self._files[key]


def _module_file(base: Path, module: str) -> Path | None:
    """`base/a/b.py` or `base/a/b/__init__.py` for module `a.b`; the package itself for ""."""
    if not module:
        init = base / "__init__.py"
        return init if init.is_file() else None
    stem = base.joinpath(*module.split("."))
    for candidate in (stem.with_name(f"{stem.name}.py"), stem / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def resolve(importer: os.PathLike[str] | str, level: int, module: str) -> Path | None:
    """`Modules.resolve` on its own, for one question."""
    return Modules().resolve(importer, level, module)


def safe_parse(text: str) -> ast.Module | None:
    """`ast.parse`, or None for source it rejects. The depth check comes first because older
    CPythons build the tree recursively in C and can overflow the stack on deep nesting."""
    try:
        check_depth_for_stdlib(text)
        return parse_quietly(text)
    except (ParseError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def stem(file: Path) -> str:
    """The last part of the module's dotted name: `config` for config.py, `app` for
    app/__init__.py. Every import of the module spells it, except `from . import NAME`."""
    return file.parent.name if file.name == "__init__.py" else file.stem


def mentions(data: bytes, name: bytes, module: bytes) -> bool:
    """The bytes prefilter: an importer of `name` spells it and its module (or `from .`)."""
    return name in data and (module in data or b"from ." in data)


_TRY_STAR: tuple[type[ast.stmt], ...] = tuple(
    kind for kind in (getattr(ast, "TryStar", None),) if kind is not None
)


def module_statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Statements run at import time: the body, and under `if` / `try` / `with`."""
    todo: list[ast.stmt] = list(reversed(tree.body))
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, (ast.If, ast.With, ast.Try, *_TRY_STAR)):
            blocks = [getattr(node, part, []) for part in ("body", "orelse", "finalbody")]
            blocks += [handler.body for handler in getattr(node, "handlers", [])]
            for block in reversed(blocks):
                todo.extend(reversed(block))


class Imports(NamedTuple):
    """What an importer takes from the defining modules: `aliases` are local names of wanted
    names (`from config import X as Y` gives Y), and `reexports` map a wanted key to the
    key under which this module offers it again at module level."""

    aliases: set[str]
    reexports: list[tuple[Key, Key]]


def imports_of(
    text: str, importer: Path, wanted: Container[Key], files: Container[Path], modules: Modules
) -> Imports | None:
    """How `importer` imports any wanted name or its module, or None when it does not: the
    files that only happen to mention a name are spared the libcst parse."""
    tree = safe_parse(text.removeprefix("\ufeff"))
    if tree is None:
        return None
    top = {id(node) for node in module_statements(tree)}
    found = Imports(set(), [])
    relevant = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                relevant |= modules.resolve(importer, 0, alias.name) in files
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            source = modules.resolve(importer, node.level, module)
            for alias in node.names:
                child = f"{module}.{alias.name}" if module else alias.name
                if modules.resolve(importer, node.level, child) in files:
                    relevant = True  # `from pkg import config`, then `config.NAME`
                elif source is not None and (source, alias.name) in wanted:
                    relevant = True
                    local = alias.asname or alias.name
                    found.aliases.add(local)
                    if id(node) in top:
                        found.reexports.append(((source, alias.name), (importer, local)))
    return found if relevant else None
