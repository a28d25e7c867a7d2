"""What the syntax around a Python value says about it: the visitor behind the Python scanner.

A value's role is decided by its parent (the keyword it is passed as, the name it is bound to,
the dict key above it, the parameter of a known auth API it fills), so each parent labels its
children before libcst visits them, and the wrappers that do not change what a value is
(`x or "<id>"`, `a if c else b`, `os.getenv(NAME, "<id>")`, `"<ID>".lower()`) hand their label
on. Only string nodes whose extent holds a target are located; every other node costs one visit.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence

import libcst as cst
from libcst.metadata import CodeRange

from linter.findings import Role
from linter.positions import LineIndex
from linter.scanners.python_labels import (
    Guess,
    Located,
    call_labels,
    dict_labels,
    element_guess,
    named,
    target_guess,
    value_guess,
)
from linter.scanners.python_nodes import STRINGS, Imports, StringNode, dotted, literal_text


class Classifier(cst.CSTVisitor):
    """Labels values by their surroundings and records what the scanner needs afterwards.

    `located` holds every string node with a target inside and the label it got; `outermost`
    the strings not nested in another string (their text is read as one value, for
    `client_id=` inside URLs); `bound` the string literals bound to each name, and `flows` the
    names passed where a client ID goes, so a name bound to a literal can be followed later;
    `attribute_flows` the same for `module.NAME`, followed across modules by `python_imports`.
    """

    def __init__(
        self, positions: Mapping[cst.CSTNode, CodeRange], lines: LineIndex, starts: Sequence[int]
    ) -> None:
        super().__init__()
        self._positions = positions
        self._lines = self.lines = lines
        self._starts = starts
        self._labels: dict[cst.CSTNode, Guess] = {}
        self._outer: dict[cst.CSTNode, StringNode] = {}
        self._imports = Imports()
        self._functions: list[str] = []
        self.located: dict[StringNode, Located] = {}
        self.outermost: list[tuple[StringNode, int, int, bool]] = []
        self.comments: list[tuple[int, int]] = []
        self.bound: dict[cst.Name, list[StringNode]] = {}
        self.flows: list[tuple[cst.Name, Guess]] = []
        self.attribute_flows: list[tuple[cst.Attribute, Guess]] = []
        self.fstring_names: list[tuple[StringNode, cst.FormattedStringExpression]] = []

    def extent(self, node: cst.CSTNode) -> tuple[int, int]:
        where = self._positions[node]
        offset = self._lines.offset
        return (
            offset(where.start.line, where.start.column),
            offset(where.end.line, where.end.column),
        )

    def targets(self, starts: Sequence[int]) -> None:
        """Where the IDs are, set before visiting: only strings holding one are located."""
        self._starts = starts

    def _holds_target(self, start: int, end: int) -> bool:
        index = bisect_left(self._starts, start)
        return index < len(self._starts) and self._starts[index] < end

    def _label(
        self, node: cst.BaseExpression, guess: Guess, region: cst.CSTNode | None = None
    ) -> None:
        if guess.role is Role.CLIENT and guess.region is None:
            guess = guess._replace(region=region)
        if isinstance(node, cst.Name):
            if guess.role is Role.CLIENT:
                self.flows.append((node, guess))
            return
        if isinstance(node, cst.Attribute) and guess.role is Role.CLIENT:
            self.attribute_flows.append((node, guess))
        self._labels[node] = guess

    # Names and what is bound to them.

    def _target_guess(self, target: cst.BaseExpression) -> Guess | None:
        owner = target if isinstance(target, cst.Name) else None
        if isinstance(target, cst.Subscript):
            index = target.slice[0].slice if len(target.slice) == 1 else None
            name = literal_text(index.value) if isinstance(index, cst.Index) else ""
        else:
            name = dotted(target)
        return target_guess(name, owner)

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if (
            isinstance(target, (cst.Tuple, cst.List))
            and isinstance(value, (cst.Tuple, cst.List))
            and len(target.elements) == len(value.elements)
        ):
            for each, item in zip(target.elements, value.elements, strict=True):
                self._bind(each.value, item.value)
            return
        guess = self._target_guess(target)
        if guess is not None:
            self._label(value, guess)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in reversed(node.targets):
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, node.value)

    def visit_Param(self, node: cst.Param) -> None:
        if node.default is not None:
            name = node.name.value
            self._label(node.default, named(name, name) or Guess(Role.UNCLEAR, name))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None and self._functions:
            name = self._functions[-1]
            guess = named(name, f"{name}()")
            if guess is not None:
                self._label(node.value, guess)

    # Calls.

    def _import(self, node: cst.Import | cst.ImportFrom) -> None:
        self._imports.add(node)

    visit_Import = visit_ImportFrom = _import

    def visit_Call(self, node: cst.Call) -> None:
        positional = [arg for arg in node.args if arg.keyword is None and not arg.star]
        keywords = [arg for arg in node.args if arg.keyword is not None]
        labels = call_labels(
            self._imports.qualify(dotted(node.func)),
            self._labels.get(node),
            len(positional),
            literal_text(positional[0].value) if positional else "",
            [arg.keyword.value for arg in keywords if arg.keyword is not None],
        )
        if labels.message:
            for arg in node.args:
                self._label(arg.value, Guess(Role.UNCLEAR, "message"))
            return
        if labels.receiver and isinstance(node.func, cst.Attribute):
            self._label(node.func.value, labels.receiver)
        for arg, guess in zip(positional, labels.positional, strict=True):
            self._label(arg.value, guess, node)
        for arg, guess in zip(keywords, labels.keywords, strict=True):
            self._label(arg.value, guess, node)

    # Containers and wrappers that pass a label on.

    def _spread(self, node: cst.List | cst.Tuple | cst.Set) -> None:
        """A list of IDs is a table: unclear, unless its name says it lists resources."""
        guess = self._labels.get(node)
        if guess is None:
            return
        for element in node.elements:
            self._label(element.value, element_guess(guess))

    visit_List = visit_Tuple = visit_Set = _spread

    def visit_Dict(self, node: cst.Dict) -> None:
        table = self._labels.get(node)
        path, entry = dict_labels(table)
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                continue
            if entry is not None:
                self._label(element.key, entry)
            self._label(element.value, value_guess(path, literal_text(element.key), entry), node)

    def _pass_on(self, node: cst.IfExp | cst.BooleanOperation | cst.BinaryOperation) -> None:
        """`a if c else b`, `x or y` and `a + b` are whatever their operands are."""
        guess = self._labels.get(node)
        if guess is None or (
            isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.Add)
        ):
            return
        parts = (node.body, node.orelse) if isinstance(node, cst.IfExp) else (node.left, node.right)
        for part in parts:
            self._label(part, guess)

    visit_IfExp = visit_BooleanOperation = visit_BinaryOperation = _pass_on

    def visit_Comparison(self, node: cst.Comparison) -> None:
        guess = Guess(Role.UNCLEAR, "comparison")
        self._label(node.left, guess)
        for target in node.comparisons:
            self._label(target.comparator, guess)

    def visit_MatchValue(self, node: cst.MatchValue) -> None:
        self._label(node.value, Guess(Role.UNCLEAR, "comparison"))

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, STRINGS):
            self._labels[node.value] = Guess(Role.UNCLEAR, "docstring", prose=True)

    # Where the IDs are.

    def _string(self, node: StringNode) -> None:
        outer = self._outer.get(node)
        start, end = self.extent(node)
        if not self._holds_target(start, end):
            return
        guess = self._labels.get(node)
        if outer is None:
            self.outermost.append((node, start, end, guess is not None and guess.prose))
        if guess is None:
            return
        self.located[node] = Located(start, end, guess)
        if isinstance(guess.owner, cst.Name):
            self.bound.setdefault(guess.owner, []).append(node)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        outer = self._outer.get(node, node)
        self._outer[node.left] = self._outer[node.right] = outer
        self._string(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        outer = self._outer.get(node, node)
        for part in node.parts:
            if not isinstance(part, cst.FormattedStringExpression):
                continue
            if isinstance(part.expression, STRINGS):
                self._outer[part.expression] = outer
            elif isinstance(part.expression, (cst.Name, cst.Attribute)):
                self.fstring_names.append((outer, part))
        self._string(node)

    def visit_Comment(self, node: cst.Comment) -> None:
        start, end = self.extent(node)
        if self._holds_target(start, end):
            self.comments.append((start, end))
