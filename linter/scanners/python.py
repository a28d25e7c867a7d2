"""Python: the role of an ID from the syntax around it, parsed with libcst.

`python_tree.Classifier` labels every value by its surroundings (the keyword, name, dict key or
API parameter it fills); this module parses, reads `client_id=<id>` inside URLs and request
bodies, follows a literal from the name it is bound to into a client sink, and turns all of
it into spans. libcst's native parser overflows the C stack (a segfault, not an exception) on
deeply nested input, so `python_depth` refuses that before libcst ever sees it.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterator, Sequence
from typing import Any, TypeVar

import libcst as cst
from libcst.metadata import (
    Access,
    Assignment,
    MetadataWrapper,
    PositionProvider,
    ScopeProvider,
)

from linter.findings import Role, Span, Target
from linter.positions import LineIndex
from linter.reconcile import resolve
from linter.roles import guess_from_prefix, nearest_key
from linter.scanners import ParseError, python_ast
from linter.scanners.python_depth import check_depth
from linter.scanners.python_labels import STRINGS, Guess, StringNode
from linter.scanners.python_tree import Classifier

_LONE_CR = re.compile(r"\r(?!\n)")
_ERROR_AT = re.compile(r"error at (\d+):\d+: ")
# libcst's wording around the part a user can act on.
_ERROR_NOISE = re.compile(r"^(?:parser|tokenizer) error: |error at \d+:\d+: |expected one of .*")
_LOOKBACK = 160
_VALUE_END = re.compile(r"[&#\s\"',;]")


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return iter(_spans(text, targets) if targets else [])


def parse(text: str) -> tuple[str, cst.Module, MetadataWrapper, Classifier]:
    """Source as libcst will see it, its tree, and an unvisited classifier; ParseError if not.

    Same-length rewrites keep every offset valid: libcst drops a BOM and ends lines at a lone
    CR, while LineIndex only counts LF. The depth check runs first because libcst overflows
    the C stack on deep nesting instead of raising.
    """
    source = _prepare(text)
    try:
        module = cst.parse_module(source)
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
    except Exception as exc:
        raise _failure(source, exc) from None
    return source, module, wrapper, Classifier(positions, LineIndex(source), ())


def _prepare(text: str) -> str:
    """Same-length rewrites (see `parse`); ParseError for a NUL byte or too deep nesting."""
    source = _LONE_CR.sub("\n", text) if "\r" in text else text
    if source.startswith("\ufeff"):
        source = "\n" + source[1:]
    nul = source.find("\0")
    if nul != -1:
        line = source.count("\n", 0, nul) + 1
        raise ParseError(f"line {line}: NUL byte in Python source")
    check_depth(source)
    return source


def _spans(text: str, targets: Sequence[Target]) -> list[Span]:
    """`python_ast`'s fast path when it can decide the file alone, else libcst's."""
    fast = python_ast.classify(_prepare(text), [target.start for target in targets])
    if fast is not None:
        try:
            return _assemble(fast.source, targets, fast, python_ast.pieces)
        except python_ast.Fallback:
            pass
    return _cst_spans(text, targets)


def _cst_spans(text: str, targets: Sequence[Target]) -> list[Span]:
    source, module, wrapper, tree = parse(text)
    lines = tree.lines
    tree.targets([target.start for target in targets])
    try:
        module.visit(tree)
    except RecursionError as exc:
        raise _failure(source, exc) from None
    _follow_names(source, wrapper, tree, lines)
    return _assemble(source, targets, tree, _pieces)


_Tree = TypeVar("_Tree", Classifier, python_ast.AstClassifier)


def _assemble(
    source: str,
    targets: Sequence[Target],
    tree: _Tree,
    pieces: Callable[[_Tree, Any], list[tuple[int, int]]],
) -> list[Span]:
    """Spans from a visited tree, libcst's or `python_ast`'s."""
    spans: list[Span] = []
    regions: list[tuple[int, int] | None] = []
    extent: Callable[[Any], tuple[int, int]] = tree.extent
    for found in tree.located.values():
        guess = found.guess
        spans.append(
            Span(found.start, found.end, guess.role, guess.context, guess.weak, guess.flows_to)
        )
        decider = guess.region if guess.role is Role.CLIENT else None
        regions.append(extent(decider) if decider is not None else None)
    for span, region in _inside_strings(source, tree, targets, pieces):
        spans.append(span)
        regions.append(region)
    for start, end in tree.comments:
        spans.append(Span(start, end, Role.UNCLEAR, "comment"))
        regions.append(None)
    return _name_resources(source, targets, spans, regions)


def _name_resources(
    source: str,
    targets: Sequence[Target],
    spans: list[Span],
    regions: list[tuple[int, int] | None],
) -> list[Span]:
    """A client span learns the first ID requested as a resource in the call or dict that
    decided it (`acquire_token_with_client_credentials(<arm>, <cli>, ...)`, `client_id=<cli>
    &scope=<graph>/.default`), so the sign-in error names the pair as Entra ID will."""
    if not any(regions):
        return spans
    chosen = resolve(source, targets, spans)
    following = [len(targets)] * (len(targets) + 1)
    for index in range(len(targets) - 1, -1, -1):
        resource = chosen[index].role is Role.RESOURCE
        following[index] = index if resource else following[index + 1]
    starts = [target.start for target in targets]
    for number, region in enumerate(regions):
        if region is None:
            continue
        first = following[bisect_left(starts, region[0])]
        if first < len(targets) and targets[first].start < region[1]:
            spans[number] = spans[number]._replace(resource=targets[first].app_id)
    return spans


def _failure(source: str, exc: Exception) -> ParseError:
    if isinstance(exc, RecursionError):
        return ParseError("Python source nested too deeply to analyse (RecursionError)")
    if not isinstance(exc, cst.ParserSyntaxError):
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return ParseError(f"libcst could not analyse the file: {type(exc).__name__} {detail}")
    message = exc.message.strip().splitlines()[0] if exc.message.strip() else "invalid syntax"
    located = _ERROR_AT.search(message)
    line = int(located.group(1)) if located else _cpython_line(source) or exc.raw_line
    message = _ERROR_NOISE.sub("", message).strip() or "invalid syntax"
    return ParseError(f"line {line}: Python syntax error: {message}")


def _cpython_line(source: str) -> int | None:
    """libcst reports tokenizer errors at line 1; CPython's own parser knows the line."""
    try:
        compile(source, "<python>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        return exc.lineno
    except (ValueError, RecursionError, MemoryError):
        return None
    return None


def _pieces(tree: Classifier, node: StringNode) -> list[tuple[int, int]]:
    """The text ranges that make up one string value, quotes and prefixes left out.

    `"a" "b"`, `f"a{x}b"` and `f"a{'b'}"` are each one value to whoever receives them, so
    `client_id=` in one piece names the ID in the next.
    """
    pieces: list[tuple[int, int]] = []
    todo: list[cst.CSTNode] = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, cst.ConcatenatedString):
            todo += (item.right, item.left)
        elif isinstance(item, cst.FormattedString):
            todo.extend(reversed(item.parts))
        elif isinstance(item, cst.FormattedStringExpression) and isinstance(
            item.expression, STRINGS
        ):
            todo.append(item.expression)
        elif isinstance(item, cst.SimpleString):
            start, end = tree.extent(item)
            quote = len(item.quote)
            pieces.append((start + len(item.prefix) + quote, end - quote))
        else:
            pieces.append(tree.extent(item))
    return pieces


def _prefix(source: str, pieces: list[tuple[int, int]], index: int, stop: int) -> str:
    """The last _LOOKBACK characters of the value before `stop`, across pieces."""
    parts = [source[max(pieces[index][0], stop - _LOOKBACK) : stop]]
    size = len(parts[0])
    for start, end in reversed(pieces[max(0, index - 32) : index]):
        if size >= _LOOKBACK:
            break
        parts.append(source[max(start, end - _LOOKBACK + size) : end])
        size += len(parts[-1])
    return "".join(reversed(parts))


def _keyed(prefix: str) -> Guess | None:
    """`key=` or `"key": ` right before a value inside a string: a query, form body or JSON."""
    found = nearest_key(prefix)
    guess = guess_from_prefix(prefix) if found and found[1] in ("=", ":") else None
    if found is None or guess is None:
        return None
    (role, weak), key = guess
    return Guess(role, f"{key}=" if found[1] == "=" else key, weak)


def _inside_strings(
    source: str,
    tree: _Tree,
    targets: Sequence[Target],
    split: Callable[[_Tree, Any], list[tuple[int, int]]],
) -> Iterator[tuple[Span, tuple[int, int]]]:
    starts = [target.start for target in targets]
    for node, start, end, prose in tree.outermost:
        if prose:
            continue
        pieces = split(tree, node)
        begins = [piece[0] for piece in pieces]
        for target in targets[bisect_left(starts, start) : bisect_left(starts, end)]:
            index = bisect_right(begins, target.start) - 1
            if index < 0 or pieces[index][1] < target.end:
                continue
            guess = _keyed(_prefix(source, pieces, index, target.start))
            if guess is None:
                continue
            limit = max(target.span_end, min(pieces[index][1], target.span_end + 200))
            stop = _VALUE_END.search(source, target.span_end, limit)
            value_end = stop.start() if stop else limit
            span = Span(target.span_start, value_end, guess.role, guess.context, guess.weak)
            yield span, (start, end)


def _follow_names(
    source: str, wrapper: MetadataWrapper, tree: Classifier, lines: LineIndex
) -> None:
    """A literal bound to a name, and that name passed where a client ID goes: a client.

    Only names that hold a literal with an ID are followed, and scope analysis (the costliest
    libcst pass) runs only when such a name actually reaches a client sink.
    """
    flows = client_names(source, tree, {owner.value for owner in tree.bound})
    if not flows:
        return
    try:
        scopes = wrapper.resolve(ScopeProvider)
    except Exception as exc:
        raise _failure(source, exc) from None
    accesses: dict[tuple[object, str], dict[cst.CSTNode, Access]] = {}
    for name, guess in flows:
        scope = scopes.get(name)
        if scope is None:
            continue
        if (scope, name.value) not in accesses:
            by_node: dict[cst.CSTNode, Access] = {}
            for each in scope.accesses[name.value]:
                by_node[each.node] = each
            accesses[scope, name.value] = by_node
        access = accesses[scope, name.value].get(name)
        if access is None:
            continue
        line = lines.position(tree.extent(name)[0])[0]
        sink = f"{guess.sink or guess.context} at line {line}"
        for referent in access.referents:
            if isinstance(referent, Assignment) and isinstance(referent.node, cst.Name):
                for string in tree.bound.get(referent.node, ()):
                    _promote(tree, string, guess, sink)


def client_names(
    source: str, tree: Classifier, names: Container[str]
) -> list[tuple[cst.Name, Guess]]:
    """Names among `names` passed where a client ID goes, `client_id={NAME}` in f-strings too.

    Shared with `python_imports`, so a constant followed across modules reaches exactly the
    sinks it would reach within one file.
    """
    flows = [(name, guess) for name, guess in tree.flows if name.value in names]
    for node, guess in string_flows(source, tree, _named(names)):
        if isinstance(node, cst.Name):
            flows.append((node, guess))
    return flows


def _named(names: Container[str]) -> Callable[[cst.BaseExpression], bool]:
    return lambda node: isinstance(node, cst.Name) and node.value in names


def string_flows(
    source: str, tree: Classifier, wanted: Callable[[cst.BaseExpression], bool]
) -> list[tuple[cst.BaseExpression, Guess]]:
    """`wanted` f-string fields (`{NAME}`, `{module.NAME}`) right after `client_id=`; only
    those are read back, so a file full of f-strings costs nothing here."""
    flows: list[tuple[cst.BaseExpression, Guess]] = []
    split: dict[StringNode, tuple[list[tuple[int, int]], list[int]]] = {}
    for outer, part in tree.fstring_names:
        if not wanted(part.expression):
            continue
        if outer not in split:
            pieces = _pieces(tree, outer)
            split[outer] = (pieces, [piece[0] for piece in pieces])
        pieces, begins = split[outer]
        index = bisect_left(begins, tree.extent(part)[0])
        guess = _keyed(_prefix(source, pieces, index, pieces[index][0]))
        if guess is not None and guess.role is Role.CLIENT:
            flows.append((part.expression, guess._replace(sink=f"{guess.context} in a string")))
    return flows


def _promote(tree: Classifier, string: StringNode, sink_guess: Guess, sink: str) -> None:
    """The literal is a client; a generic sink name (`app_id=`) keeps a strong name strong."""
    found = tree.located[string]
    old = found.guess
    weak = sink_guess.weak and (old.weak or old.role is not Role.CLIENT)
    new = old._replace(role=Role.CLIENT, weak=weak, flows_to=old.flows_to or sink)
    tree.located[string] = found._replace(guess=new)
