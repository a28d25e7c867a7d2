"""Climb from each hit to what it is, and follow a bound name to the sink it reaches.

Everything the languages share lives here once: finding the node under each hit, climbing
from it, reading a key written inside a string (`"client_id=<id>&scope=..."`), and following a
constant from its declaration to the sink it reaches in the same file. The work is driven by
the prefilter's hits, so a file costs one parse plus a bounded climb per hit; the walk over
all names happens only when a hit is bound to a name.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from linter import roles
from linter.findings import Role, Span, Target
from linter.roles import value_role
from linter.scanners import ParseError
from linter.scanners.lang.base import (
    Bind,
    Climb,
    Document,
    Grammar,
    Key,
    Verdict,
    parse,
)

if TYPE_CHECKING:
    from tree_sitter import Node


class Climbed(NamedTuple):
    verdict: Verdict | None
    bind: Bind | None
    table: bool


def _region(parent: Node) -> tuple[int, int]:
    """The construct around a deciding node: a pair's object, an argument list's call."""
    container = parent.parent or parent
    return (container.start_byte, container.end_byte)


_MAX_CLIMB = 64


def climb(doc: Document, node: Node) -> Climbed:
    """Walk up from a value until some ancestor says what it is.

    The innermost key decides, but the keys and names around it are collected too, so that a
    bare `appId` inside an `auth` object or an `msalConfig` is read as the app's own ID.
    """
    grammar = doc.grammar
    keys: list[str] = []
    region = (0, 0)
    table = False
    child = node
    parent = node.parent
    for _ in range(_MAX_CLIMB):
        if parent is None:
            break
        if grammar.is_collection(parent):
            table = True
            child, parent = parent, parent.parent
            continue
        if parent.type in grammar.wrappers:
            child, parent = parent, parent.parent
            continue
        step = grammar.step(parent, child)
        if isinstance(step, Climb):
            child, parent = parent, parent.parent
            continue
        if isinstance(step, Key):
            if not keys:
                region = _region(parent)
            keys.append(step.name)
            child, parent = parent, parent.parent
            continue
        if keys:
            if isinstance(step, Bind):
                keys.append(step.name)
            break
        if isinstance(step, Bind):
            return Climbed(None, step, table)
        if isinstance(step, Verdict):
            step = step._replace(region=_region(parent))
        return Climbed(step, None, table)
    if not keys:
        return Climbed(None, None, table)
    path = list(reversed(keys))
    guess = roles.key_path_role(path)
    role, weak = guess if guess else (Role.UNCLEAR, False)
    return Climbed(Verdict(role, keys[0], weak, region=region), None, table)


def _in_comment(grammar: Grammar, node: Node, above: Sequence[Node]) -> bool:
    if node.type in grammar.comment_types:
        return True
    return any(a.type in grammar.comment_types for a in above)


def _in_error(node: Node, above: Sequence[Node]) -> bool:
    if node.is_error or node.is_missing:
        return True
    return any(a.is_error or a.is_missing for a in above)


def _value_node(grammar: Grammar, node: Node, above: Sequence[Node]) -> Node:
    """The outermost string around `node`, or `node` itself for a bare word."""
    value = node
    for current in above:
        if current.type in grammar.string_types:
            value = current
    return value


_INNER_LOOKBACK = 160


def judge(doc: Document, node: Node, start: int, depth: int = 0) -> Verdict:
    """The role of whatever stands at character `start` inside `node` (a literal or a use)."""
    value = _value_node(doc.grammar, node, doc.above(node))
    climbed = climb(doc, value)
    outer = climbed.verdict
    if outer is not None and outer.role is Role.UNCLEAR and outer.context:
        return outer  # comparisons and messages: the words inside do not matter
    floor = max(doc.start(value), start - _INNER_LOOKBACK)
    inner = roles.guess_from_prefix(doc.text[floor:start])
    if inner is not None:
        (role, weak), key = inner
        return Verdict(role, key, weak, region=(value.start_byte, value.end_byte))
    if outer is not None:
        return outer
    if climbed.bind is not None:
        return follow(doc, climbed.bind, climbed.table, depth)
    return Verdict(Role.UNCLEAR, "")


_MAX_DEPTH = 3


def follow(doc: Document, bind: Bind, table: bool, depth: int) -> Verdict:
    """A value bound to a name: the first client sink it reaches, else what its name says."""
    sink = _sink(doc, bind, table, depth) if depth < _MAX_DEPTH else None
    if sink is Role.RESOURCE:
        return Verdict(Role.RESOURCE, bind.name)  # only ever used as a resource
    if sink is not None:
        return Verdict(Role.CLIENT, bind.name, False, sink)
    guess = roles.name_role(bind.name)
    if guess is None:
        return Verdict(Role.UNCLEAR, bind.name)
    role, weak = guess
    if role is Role.CLIENT and (table or weak):
        # A list of IDs, or a name as vague as `PortalAppId`, that reaches no client sink
        # here: with the whole file parsed, that is a reference, not the app's own ID.
        role, weak = Role.UNCLEAR, False
    return Verdict(role, bind.name, weak)


def _sink(doc: Document, bind: Bind, table: bool, depth: int) -> str | Role | None:
    """Where a name is used as a client (`"<sink> at line N"`), else `Role.RESOURCE` when
    every use that says anything is a resource use, else None.

    Memoized per binding: a table of thousands of IDs asks the same question for each.
    """
    key = (doc.grammar.fold(bind.name), bind.node.start_byte, table)
    if key not in doc.sinks:
        doc.sinks[key] = None  # a name that reaches itself again stops here
        doc.sinks[key] = _find_sink(doc, bind, table, depth)
    return doc.sinks[key]


def _find_sink(doc: Document, bind: Bind, table: bool, depth: int) -> str | Role | None:
    resource = False
    for use in doc.uses(bind.name):
        if use.start_byte == bind.node.start_byte:
            continue
        if bind.scope is not None and not (
            bind.scope.start_byte <= use.start_byte < bind.scope.end_byte
        ):
            continue
        loop = doc.grammar.loop_variable(use) if table else None
        if loop is not None:
            found = _sink(doc, loop, False, depth + 1)
            if found is not None and found is not Role.RESOURCE:
                return found
            resource = resource or found is Role.RESOURCE
            continue
        verdict = judge(doc, use, doc.start(use), depth + 1)
        if verdict.role is Role.CLIENT and not verdict.weak:
            if verdict.sink:
                return verdict.sink
            return f"{verdict.context.removesuffix('(...)')} at line {doc.line(use)}"
        resource = resource or verdict.role is Role.RESOURCE
    return Role.RESOURCE if resource else None


def _one_line(context: str) -> str:
    """A context spanning lines, joined without the line breaks and indentation around them.

    Plain string operations, not a regex: `[ \t]*\n` tried at every blank of a long run that
    has no line break is quadratic.
    """
    if "\n" not in context:
        return context
    lines = context.split("\n")
    middle = [line.strip() for line in lines[1:-1]]
    return "".join([lines[0].rstrip(), *middle, lines[-1].lstrip()])


def scan_with(grammar: Grammar, text: str, targets: Sequence[Target]) -> Iterator[Span]:
    """The scanner every language module exposes as `scan`."""
    doc = parse(grammar, text)
    root = doc.tree.root_node
    starts = [doc.offsets.to_byte(t.start) for t in targets]
    verdicts: list[Verdict] = []
    for target, start in zip(targets, starts, strict=True):
        node = root.named_descendant_for_byte_range(start, doc.offsets.to_byte(target.end))
        above = doc.above(node) if node is not None else []
        if node is None or _in_comment(grammar, node, above):
            verdicts.append(Verdict(Role.UNCLEAR, "comment" if node is not None else ""))
            continue
        if root.has_error and _in_error(node, above):
            raise ParseError(f"line {node.start_point[0] + 1}: syntax error")
        verdicts.append(judge(doc, node, target.span_start))
    for index, (target, verdict) in enumerate(zip(targets, verdicts, strict=True)):
        resource = ""
        if verdict.role is Role.CLIENT and verdict.region != (0, 0):
            resource = _resource_at(text, targets, starts, verdicts, index, verdict.region)
        yield Span(
            target.span_start,
            target.span_end,
            verdict.role,
            _one_line(verdict.context),  # findings print on one line
            verdict.weak,
            verdict.sink,
            resource,
        )


def _resource_at(
    text: str,
    targets: Sequence[Target],
    starts: list[int],
    verdicts: list[Verdict],
    client: int,
    region: tuple[int, int],
) -> str:
    """The first other ID inside `region` that is requested as a resource (a scope, `resource=`).

    `client_id=<cli>&scope=<graph>/.default` in one body, `@{ client_id = ...; scope = ... }`,
    `Get-MsalToken -ClientId <cli> -Scopes <graph>/.default`: the consent error names both.
    """
    for index in range(bisect_left(starts, region[0]), bisect_left(starts, region[1])):
        if index == client:
            continue
        target = targets[index]
        scope = value_role(text, target.start, target.end)
        if verdicts[index].role is Role.RESOURCE or scope is not None:
            return target.app_id
    return ""
