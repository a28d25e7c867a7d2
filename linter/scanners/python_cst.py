"""The Python scanner's libcst path: what `python_ast`'s fast path leaves to it.

libcst parses more Python versions than this interpreter's `ast`, keeps f-string parts with
reliable positions on every version, and its scope analysis tells which binding a name refers
to, so a literal bound to a name can be followed into a client sink (`_follow_names`, and
across modules through `python_imports`). It is imported only when a file needs it: `import
libcst` alone costs about 200 ms. libcst's native parser overflows the C stack (a segfault,
not an exception) on deeply nested input, so `python_depth` refuses that before libcst sees it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Container, Sequence

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
from linter.scanners import ParseError
from linter.scanners.python import _assemble, _keyed, _prefix, _prepare
from linter.scanners.python_depth import parse_quietly
from linter.scanners.python_labels import Guess
from linter.scanners.python_nodes import STRINGS, StringNode
from linter.scanners.python_tree import Classifier

_ERROR_AT = re.compile(r"error at (\d+):\d+: ")
# libcst's wording around the part a user can act on.
_ERROR_NOISE = re.compile(r"^(?:parser|tokenizer) error: |error at \d+:\d+: |expected one of .*")


def parse(text: str) -> tuple[str, cst.Module, MetadataWrapper, Classifier]:
    """Source as libcst will see it (`python._prepare`), its tree, and an unvisited
    classifier; ParseError if not."""
    source = _prepare(text)
    try:
        module = cst.parse_module(source)
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
    except Exception as exc:
        raise _failure(source, exc) from None
    return source, module, wrapper, Classifier(positions, LineIndex(source), ())


def cst_spans(text: str, targets: Sequence[Target]) -> list[Span]:
    source, module, wrapper, tree = parse(text)
    lines = tree.lines
    tree.targets([target.start for target in targets])
    try:
        module.visit(tree)
    except RecursionError as exc:
        raise _failure(source, exc) from None
    _follow_names(source, wrapper, tree, lines)
    return _assemble(source, targets, tree, _pieces)


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
        parse_quietly(source)
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
