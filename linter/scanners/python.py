"""Python: the role of an ID from the syntax around it.

A value's role comes from its surroundings (the keyword, name, dict key or API parameter it
fills): `python_ast` labels them from the standard library's parser, fast, and steps aside
where only libcst can decide (`python_cst`: f-strings holding an ID, names followed into a
client sink, syntax this interpreter rejects). This module prepares the source, picks the
path, reads `client_id=<id>` inside URLs and request bodies, and turns the labels into spans.
libcst, 200 ms to import, is imported only when a file needs it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from linter.findings import Role, Span, Target
from linter.reconcile import resolve
from linter.roles import guess_from_prefix, nearest_key
from linter.scanners import ParseError, python_ast
from linter.scanners.python_depth import STDLIB_NEEDS_CHECK, check_depth, check_depth_for_stdlib
from linter.scanners.python_labels import Guess

if TYPE_CHECKING:
    from linter.scanners.python_tree import Classifier

_LONE_CR = re.compile(r"\r(?!\n)")
_LOOKBACK = 160
_VALUE_END = re.compile(r"[&#\s\"',;]")


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return iter(_spans(text, targets) if targets else [])


def _prepare(text: str) -> str:
    """Source as both parsers will see it; ParseError for a NUL byte or too deep nesting.

    Same-length rewrites keep every offset valid: libcst drops a BOM and ends lines at a lone
    CR, while LineIndex only counts LF. The depth check (`python_depth`) runs before the first
    parser that could overflow the C stack on deep nesting instead of raising: here on 3.10,
    whose `ast` can; from 3.11 only before libcst.
    """
    source = _LONE_CR.sub("\n", text) if "\r" in text else text
    if source.startswith("\ufeff"):
        source = "\n" + source[1:]
    nul = source.find("\0")
    if nul != -1:
        line = source.count("\n", 0, nul) + 1
        raise ParseError(f"line {line}: NUL byte in Python source")
    check_depth_for_stdlib(source)
    return source


def _spans(text: str, targets: Sequence[Target]) -> list[Span]:
    """`python_ast`'s fast path when it can decide the file alone, else libcst's."""
    source = _prepare(text)
    fast = python_ast.classify(source, [target.start for target in targets])
    if fast is not None:
        try:
            return _assemble(fast.source, targets, fast, python_ast.pieces)
        except python_ast.Fallback:
            pass
    if not STDLIB_NEEDS_CHECK:
        check_depth(source)  # libcst would crash where `ast` raised
    from linter.scanners import python_cst

    return python_cst.cst_spans(text, targets)


_Tree = TypeVar("_Tree", "Classifier", "python_ast.AstClassifier")


def _assemble(
    source: str,
    targets: Sequence[Target],
    tree: _Tree,
    pieces: Callable[[_Tree, Any], list[tuple[int, int]]],
) -> list[Span]:
    """Spans from a visited tree, libcst's or `python_ast`'s; `pieces` splits a string."""
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
