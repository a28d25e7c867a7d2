"""The labels of the Python scanner's `ast` fast path, one function per node type.

Each mirrors the `visit_*` method of `python_tree.Classifier` of the same meaning, over the
standard library's nodes (see `python_ast`): a parent labels its children before they are
visited, and the differential tests keep both trees' answers equal.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from linter.findings import Role
from linter.scanners.python_labels import (
    Guess,
    call_labels,
    dict_labels,
    element_guess,
    named,
    value_guess,
)

if TYPE_CHECKING:
    from linter.scanners.python_ast import AstClassifier


def dotted(node: ast.AST) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _assign(tree: AstClassifier, node: ast.Assign) -> None:
    for target in reversed(node.targets):
        tree.bind(target, node.value)


def _ann_assign(tree: AstClassifier, node: ast.AnnAssign) -> None:
    if node.value is not None:
        tree.bind(node.target, node.value)


def _named_expr(tree: AstClassifier, node: ast.NamedExpr) -> None:
    tree.bind(node.target, node.value)


def _arguments(tree: AstClassifier, node: ast.arguments) -> None:
    positional = [*node.posonlyargs, *node.args]
    pairs = list(
        zip(positional[len(positional) - len(node.defaults) :], node.defaults, strict=True)
    )
    pairs += [
        (arg, default)
        for arg, default in zip(node.kwonlyargs, node.kw_defaults, strict=True)
        if default
    ]
    for arg, default in pairs:
        name = arg.arg
        tree._label(default, named(name, name) or Guess(Role.UNCLEAR, name))


def _return(tree: AstClassifier, node: ast.Return) -> None:
    if node.value is not None and tree._functions:
        name = tree._functions[-1]
        guess = named(name, f"{name}()")
        if guess is not None:
            tree._label(node.value, guess)


def import_statement(tree: AstClassifier, node: ast.Import | ast.ImportFrom) -> None:
    module = ""
    if isinstance(node, ast.ImportFrom):
        if node.module is None:
            return
        module = f"{node.module}."
    if any(alias.name == "*" for alias in node.names):
        return
    for alias in node.names:
        full = module + alias.name
        local = full.rpartition(".")[2] if module else full.partition(".")[0]
        if alias.asname:
            local = alias.asname
        elif not module:
            full = local
        tree._imports[local] = full


def _call(tree: AstClassifier, node: ast.Call) -> None:
    positional = [arg for arg in node.args if not isinstance(arg, ast.Starred)]
    keywords = [keyword for keyword in node.keywords if keyword.arg is not None]
    labels = call_labels(
        tree.qualify(dotted(node.func)),
        tree._labels.get(node),
        len(positional),
        tree.literal_text(positional[0]) if positional else "",
        [keyword.arg for keyword in keywords if keyword.arg is not None],
    )
    if labels.message:
        for value in [*node.args, *(keyword.value for keyword in node.keywords)]:
            tree._label(value, Guess(Role.UNCLEAR, "message"))
        return
    if labels.receiver and isinstance(node.func, ast.Attribute):
        tree._label(node.func.value, labels.receiver)
    for arg, guess in zip(positional, labels.positional, strict=True):
        tree._label(arg, guess, node)
    for keyword, guess in zip(keywords, labels.keywords, strict=True):
        tree._label(keyword.value, guess, node)


def _spread(tree: AstClassifier, node: ast.List | ast.Tuple | ast.Set) -> None:
    guess = tree._labels.get(node)
    if guess is None:
        return
    for element in node.elts:
        tree._label(element, element_guess(guess))


def _dict(tree: AstClassifier, node: ast.Dict) -> None:
    table = tree._labels.get(node)
    path, entry = dict_labels(table)
    for key_node, value in zip(node.keys, node.values, strict=True):
        if key_node is None:
            continue
        if entry is not None:
            tree._label(key_node, entry)
        tree._label(value, value_guess(path, tree.literal_text(key_node), entry), node)


def _pass_on(tree: AstClassifier, node: ast.AST) -> None:
    guess = tree._labels.get(node)
    if guess is None:
        return
    parts: list[ast.AST]
    if isinstance(node, ast.IfExp):
        parts = [node.body, node.orelse]
    elif isinstance(node, ast.BoolOp):
        parts = list(node.values)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
    else:
        return
    for part in parts:
        tree._label(part, guess)


def _compare(tree: AstClassifier, node: ast.Compare) -> None:
    guess = Guess(Role.UNCLEAR, "comparison")
    for part in (node.left, *node.comparators):
        tree._label(part, guess)


def _match_value(tree: AstClassifier, node: ast.MatchValue) -> None:
    tree._label(node.value, Guess(Role.UNCLEAR, "comparison"))


def _expr(tree: AstClassifier, node: ast.Expr) -> None:
    value = node.value
    if isinstance(value, ast.JoinedStr) or (
        isinstance(value, ast.Constant) and isinstance(value.value, (str, bytes))
    ):
        tree._labels[value] = Guess(Role.UNCLEAR, "docstring", prose=True)


def _joined(tree: AstClassifier, node: ast.JoinedStr) -> None:
    """Strings inside an f-string are not outermost, and their positions are not trusted
    before Python 3.12 (an f-string holding an ID goes to libcst, see the module docstring)."""
    for part in ast.walk(node):
        if part is node:
            continue
        if isinstance(part, (ast.Constant, ast.JoinedStr)):
            part._inside = True  # type: ignore[union-attr]


VISITS: dict[type[ast.AST], Callable[[AstClassifier, Any], None]] = {
    ast.Assign: _assign,
    ast.AnnAssign: _ann_assign,
    ast.NamedExpr: _named_expr,
    ast.arguments: _arguments,
    ast.Return: _return,
    ast.Import: import_statement,
    ast.ImportFrom: import_statement,
    ast.Call: _call,
    ast.List: _spread,
    ast.Tuple: _spread,
    ast.Set: _spread,
    ast.Dict: _dict,
    ast.IfExp: _pass_on,
    ast.BoolOp: _pass_on,
    ast.BinOp: _pass_on,
    ast.Compare: _compare,
    ast.MatchValue: _match_value,
    ast.Expr: _expr,
    ast.JoinedStr: _joined,
}
