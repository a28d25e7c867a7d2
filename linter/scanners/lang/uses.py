"""Where a file reads a variable: the name uses that `judge` follows into client sinks.

Visiting every node in Python to ask `Grammar.reference` cost more than the parse (a C# or
TypeScript file of a few hundred lines has thousands of nodes, and a constant holding an ID
asks for its uses in almost every file). A tree-sitter query finds the few node types that
can read a variable in C instead, and only those nodes are asked. The Python walk stays for
what the query could see differently: a tree with syntax errors (error recovery, missing
nodes), two candidates starting at one byte (where the walk's order is not the offsets'
order) and a query cursor that gave up.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from linter.scanners.lang.base import language, text_of

if TYPE_CHECKING:
    from tree_sitter import Node, Query

    from linter.scanners.lang.base import Document


class Uses:
    """The nodes reading each variable name, in the walk's order (parents before children,
    then by offset); names are folded as the grammar compares them."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._found: dict[str, list[Node]] = {}
        # A grammar whose `reference` reads the parent keeps each candidate under its own
        # text (the only name it can read) and asks `reference` only for the names looked up.
        self._spelled: dict[str, list[Node]] | None = None
        nodes = _captured(doc)
        if nodes is None:
            self._found = walk(doc)
        elif doc.grammar.reference_reads_parent:
            self._spelled = {}
            fold = doc.grammar.fold
            for node in nodes:
                self._spelled.setdefault(fold(text_of(node)), []).append(node)
        else:
            reference, fold = doc.grammar.reference, doc.grammar.fold
            for node in nodes:
                name = reference(node, None)
                if name is not None:
                    self._found.setdefault(fold(name), []).append(node)

    def of(self, name: str) -> list[Node]:
        key = self._doc.grammar.fold(name)
        if self._spelled is not None and key not in self._found:
            reference = self._doc.grammar.reference
            found = []
            for node in self._spelled.get(key, []):
                above = self._doc.above(node, 1)  # the path cache: no descent from the root
                if reference(node, above[0] if above else None) is not None:
                    found.append(node)
            self._found[key] = found
        return self._found.get(key, [])


def walk(doc: Document) -> dict[str, list[Node]]:
    """Every node asked in Python: the reference result, and the fallback."""
    found: dict[str, list[Node]] = {}
    grammar = doc.grammar
    # Parents travel with the nodes: tree-sitter finds a node's parent by descending from the
    # root, so asking for it per node would cost depth x nodes.
    stack: list[tuple[Node, Node | None]] = [(doc.tree.root_node, None)]
    while stack:
        node, parent = stack.pop()
        ref = grammar.reference(node, parent)
        if ref is not None:
            found.setdefault(grammar.fold(ref), []).append(node)
        stack.extend((child, node) for child in reversed(node.children))
    return found


def _captured(doc: Document) -> list[Node] | None:
    """The nodes of the grammar's reference types in the walk's order, or None to walk."""
    grammar = doc.grammar
    root = doc.tree.root_node
    if not grammar.reference_types or root.has_error:
        return None
    from tree_sitter import QueryCursor

    cursor = QueryCursor(_query(grammar.module, grammar.function, grammar.reference_types))
    nodes = cursor.captures(root).get("use", [])
    if cursor.did_exceed_match_limit:
        return None
    nodes.sort(key=lambda node: node.start_byte)
    # With distinct starts, offset order is the walk's: of two nested nodes the outer one
    # starts first, and disjoint nodes come in document order.
    for before, after in pairwise(nodes):
        if before.start_byte == after.start_byte:
            return None
    return nodes


@cache
def _query(module: str, function: str, types: frozenset[str]) -> Query:
    """One query per grammar, compiled on first use."""
    from tree_sitter import Language, Query

    lang = language(module, function)
    assert isinstance(lang, Language)
    patterns = " ".join(f"({kind})" for kind in sorted(types))
    query: Query = Query(lang, f"[{patterns}] @use")
    return query
