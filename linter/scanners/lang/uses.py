"""Where a file reads a variable: the name uses that `judge` follows into client sinks.

Asking `Grammar.reference` of every node in Python cost more than the parse (a C# or
TypeScript file of a few hundred lines has thousands of nodes, and a constant holding an ID
asks for its uses in almost every file). Where a grammar's `reference` only answers a name
spelled inside the node's own text, a use of a name lies at one of the places the name is
written, found with `bytes.find`; the walk then descends only into the nodes that hold such a
place, in the same order and with the same parents, so it finds the same nodes. A tree-sitter
query was tried first: compiling one costs 4-9 ms per grammar and process, more than it saved
on a handful of files.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

    from linter.scanners.lang.base import Document


class Uses:
    """The nodes reading each variable name, in the walk's order (parents before children,
    then by offset); names are folded as the grammar compares them."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._found: dict[str, list[Node]] = {}
        self._walked = False

    def of(self, name: str) -> list[Node]:
        key = self._doc.grammar.fold(name)
        if key not in self._found and not self._walked:
            spelled = self._spelled(key)
            if spelled is None:
                self._found = walk(self._doc)
                self._walked = True
            else:
                self._found[key] = spelled
        return self._found.get(key, [])

    def _places(self, key: str) -> list[int] | None:
        """Byte offsets where `key` is written, or None when they cannot stand for its uses:
        an empty name, one `text_of` may have made up (U+FFFD replaces undecodable bytes),
        or a case-insensitive match beyond ASCII (where lowering can change lengths)."""
        if not key or "\ufffd" in key:
            return None
        haystack = self._doc.source  # as parsed: its offsets are the nodes'
        if not self._doc.grammar.case_sensitive:
            if not (key.isascii() and haystack.isascii()):
                return None
            haystack = haystack.lower()
        needle = key.encode("utf-8", "surrogatepass")
        places: list[int] = []
        at = haystack.find(needle)
        while at != -1:
            places.append(at)
            at = haystack.find(needle, at + 1)
        return places

    def _spelled(self, key: str) -> list[Node] | None:
        """`walk`'s nodes for `key`, visiting only the nodes that hold a place it is written."""
        doc = self._doc
        if not doc.grammar.reference_spelled:
            return None
        places = self._places(key)
        if places is None:
            return None
        size = len(key.encode("utf-8", "surrogatepass"))
        reference, fold = doc.grammar.reference, doc.grammar.fold
        found: list[Node] = []
        stack: list[tuple[Node, Node | None]] = [(doc.tree.root_node, None)]
        while places and stack:
            node, parent = stack.pop()
            ref = reference(node, parent)
            if ref is not None and fold(ref) == key:
                found.append(node)
            for child in reversed(node.children):
                index = bisect_left(places, child.start_byte)
                if index < len(places) and places[index] + size <= child.end_byte:
                    stack.append((child, node))
        return found


def walk(doc: Document) -> dict[str, list[Node]]:
    """Every node asked in Python: for a grammar that may read names from elsewhere."""
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
