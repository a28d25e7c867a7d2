"""The importer side of `linter.flows`: which imported names reach a client sink in a module.

A module that does `from config import CLIENT_ID` and passes it to msal holds no ID, so the
per-file scan never parses it. `linter.flows` parses it only when its bytes mention a constant
that holds one, and asks this module where imported names are used as client IDs. The sinks
are the Python scanner's own (`Classifier` and `python.client_names`), so a constant reaches
exactly what it would reach within one file; scope analysis tells an imported `CLIENT_ID`
from a parameter or local of the same name. Nothing is imported or executed.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Mapping
from typing import NamedTuple

import libcst as cst
from libcst.metadata import ImportAssignment, PositionProvider, Scope, ScopeProvider

from linter.scanners.python_cst import _failure, client_names, parse, string_flows
from linter.scanners.python_labels import Guess
from linter.scanners.python_nodes import dotted, literal_text


class Origin(NamedTuple):
    """Where an import points: `level` dots of relative import, then a dotted module path."""

    level: int
    module: str


class Use(NamedTuple):
    """`name` of module `origin` passed to `sink` at `line` (1-based) of the importer."""

    origin: Origin
    name: str
    sink: str
    line: int


def _bindings(node: cst.Import | cst.ImportFrom) -> dict[str, tuple[Origin, str]]:
    """Local name -> (module, name in it) for one import statement; `name` empty for a module.

    `import a.b` binds `a.b` (libcst's name for the access); `from a import b` binds `b` to
    name `b` of `a`, read as the submodule `a.b` when `b.X` is used.
    """
    found: dict[str, tuple[Origin, str]] = {}
    if isinstance(node.names, cst.ImportStar):
        return found
    if isinstance(node, cst.ImportFrom):
        origin = Origin(len(node.relative), literal_text(node.module) if node.module else "")
        for alias in node.names:
            name = literal_text(alias.name)
            local = alias.evaluated_alias or name
            found[local] = (origin, name)
        return found
    for alias in node.names:
        full = literal_text(alias.name)
        found[alias.evaluated_alias or full] = (Origin(0, full), "")
    return found


def _attribute_of(node: cst.BaseExpression, names: Container[str]) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value in names


def uses(text: str, names: Collection[str], aliases: Collection[str] = ()) -> list[Use]:
    """Every use of an imported name in `names` (or `module.NAME`) as a client ID in `text`;
    `aliases` are the local names of `from m import NAME as alias`, followed like `NAME`.

    Raises `ParseError` when libcst cannot parse the module; the caller leaves findings as
    they were.
    """
    source, module, wrapper, tree = parse(text)
    try:
        module.visit(tree)
    except RecursionError as exc:
        raise _failure(source, exc) from None
    local = {*aliases, *names}
    flows: list[tuple[cst.Name | cst.Attribute, Guess]] = list(client_names(source, tree, local))
    flows += [(node, guess) for node, guess in tree.attribute_flows if node.attr.value in names]
    for node, guess in string_flows(source, tree, lambda node: _attribute_of(node, names)):
        if isinstance(node, cst.Attribute):
            flows.append((node, guess))
    if not flows:
        return []
    try:
        scopes = wrapper.resolve(ScopeProvider)
    except Exception as exc:
        raise _failure(source, exc) from None
    positions = wrapper.resolve(PositionProvider)
    found: list[Use] = []
    for node, guess in flows:
        line = positions[node].start.line
        sink = guess.sink or guess.context
        if isinstance(node, cst.Name):
            for origin, name in _imported(scopes, node):
                if name:
                    found.append(Use(origin, name, sink, line))
            continue
        # `mod.NAME`, `pkg.mod.NAME`, or `from pkg import mod` then `mod.NAME`: libcst records
        # `import pkg.mod` as an access of the whole `pkg.mod`, so try each prefix.
        parts = dotted(node).split(".")
        prefix = node.value
        bound = _imported(scopes, prefix)
        while not bound and isinstance(prefix, cst.Attribute):
            prefix = prefix.value
            bound = _imported(scopes, prefix)
        middle = parts[len(dotted(prefix).split(".")) : -1]
        for origin, name in bound:
            path = ".".join(part for part in (origin.module, name, *middle) if part)
            found.append(Use(Origin(origin.level, path), node.attr.value, sink, line))
    return found


def _imported(
    scopes: Mapping[cst.CSTNode, Scope | None], node: cst.BaseExpression
) -> list[tuple[Origin, str]]:
    """What the access at `node` refers to, for each import statement that may bind it."""
    scope = scopes.get(node)
    local = dotted(node) if isinstance(node, (cst.Name, cst.Attribute)) else ""
    if scope is None or not local:
        return []
    access = next((a for a in scope.accesses[local] if a.node is node), None)
    if access is None:
        return []
    result = []
    for referent in access.referents:
        statement = referent.node if isinstance(referent, ImportAssignment) else None
        if isinstance(statement, (cst.Import, cst.ImportFrom)):
            bound = _bindings(statement).get(local)
            if bound is not None:
                result.append(bound)
    return result
