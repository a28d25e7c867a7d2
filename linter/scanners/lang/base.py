"""The contract between the language scanners and the shared plumbing, and its vocabulary.

Each language only answers one question, `Grammar.step(parent, child)`: what does `parent` make
of the value `child` it holds? A key (`clientId:`), a binding (`const CLIENT_ID =`), a verdict
(a client sink, a comparison, a message), or "look further up". This module holds the answers'
types, the grammar base class, the parsed document and the offset conversions; `judge.py` does
the climbing and following, `calls.py` knows calls.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from linter.findings import Role
from linter.scanners import ScannerUnavailable

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

    from linter.scanners.lang.uses import Uses


class Verdict(NamedTuple):
    """A decided role; `sink` is set when a constant reaches a client sink elsewhere."""

    role: Role
    context: str
    weak: bool = False
    sink: str = ""
    # Byte range of the construct that decided (the call, the object, the command): a
    # resource requested literally inside it is what sign-in will name.
    region: tuple[int, int] = (0, 0)


class Key(NamedTuple):
    """The value is held by a key, property, keyword or parameter of this name."""

    name: str


class Bind(NamedTuple):
    """The value is bound to a variable; `node` is the declared name, skipped as a use.

    `scope`, when set, is the only region where the name means this value (the body of a
    `ForEach-Object` for `$_`), so uses elsewhere are not followed.
    """

    name: str
    node: Node
    scope: Node | None = None


class Climb:
    """Nothing decided here: look at the parent's parent."""


CLIMB = Climb()
Step = Key | Bind | Verdict | Climb | None

COMPARISON = Verdict(Role.UNCLEAR, "comparison")


def message(callee: str) -> Verdict:
    """A string shown to a person (a log line, help text, a prompt) is a mention at most."""
    return Verdict(Role.UNCLEAR, f"message ({callee})")


class Offsets:
    """Character offsets (the engine's) to UTF-8 byte offsets (tree-sitter's) and back.

    ASCII text, the common case, maps one to one; otherwise line starts are indexed in both
    units and only the line that holds an offset is re-encoded.
    """

    __slots__ = ("_ascii", "_byte_starts", "_char_starts", "_lines")

    def __init__(self, text: str) -> None:
        self._ascii = text.isascii()
        self._lines = [] if self._ascii else text.split("\n")
        self._char_starts: list[int] = []
        self._byte_starts: list[int] = []
        if not self._ascii:
            chars = octets = 0
            for line in self._lines:
                self._char_starts.append(chars)
                self._byte_starts.append(octets)
                chars += len(line) + 1
                octets += len(line.encode("utf-8", "surrogatepass")) + 1

    def to_byte(self, offset: int) -> int:
        if self._ascii:
            return offset
        row = bisect_right(self._char_starts, offset) - 1
        within = self._lines[row][: offset - self._char_starts[row]]
        return self._byte_starts[row] + len(within.encode("utf-8", "surrogatepass"))

    def to_char(self, offset: int) -> int:
        if self._ascii:
            return offset
        row = bisect_right(self._byte_starts, offset) - 1
        line = self._lines[row].encode("utf-8", "surrogatepass")
        within = line[: offset - self._byte_starts[row]].decode("utf-8", "ignore")
        return self._char_starts[row] + len(within)


class Grammar:
    """What a language scanner declares; subclasses override `step` and the node-type sets."""

    name = ""
    module = ""
    function = "language"
    comment_types: frozenset[str] = frozenset({"comment"})
    # Literal strings: a hit inside one is judged from the outermost string node.
    string_types: frozenset[str] = frozenset()
    # Nodes that pass a value through unchanged (parentheses, argument wrappers, expression
    # chains) and arrays, which make the value a member of a table.
    wrappers: frozenset[str] = frozenset()
    collections: frozenset[str] = frozenset()
    case_sensitive = True
    # `reference` only answers a name spelled inside the node's own text (`$env:AppId` reads
    # `AppId`), so `Document.uses` need only descend towards where the name is written.
    reference_spelled = False

    def step(self, parent: Node, child: Node) -> Step:
        """What `parent` makes of `child`; None when it is no context this language knows."""
        return None

    def reference(self, node: Node, parent: Node | None) -> str | None:
        """The variable name that `node` (a child of `parent`) reads, when it is a use of one."""
        return None

    def loop_variable(self, iterated: Node) -> Bind | None:
        """When `iterated` is the collection of a for-each loop, the loop variable."""
        return None

    def is_collection(self, node: Node) -> bool:
        return node.type in self.collections

    def fold(self, name: str) -> str:
        return name if self.case_sensitive else name.lower()


class Document:
    """One parsed file: node text in characters, and name uses gathered on first request."""

    def __init__(
        self, grammar: Grammar, text: str, tree: Tree, offsets: Offsets, source: bytes
    ) -> None:
        self.grammar = grammar
        self.text = text
        self.tree = tree
        self.offsets = offsets
        self.source = source  # the bytes the parser read
        self._uses: Uses | None = None
        self._path: list[Node] = []  # root first: the last node `above` was asked about
        self.sinks: dict[tuple[str, int, bool], str | Role | None] = {}

    def start(self, node: Node) -> int:
        return self.offsets.to_char(node.start_byte)

    def end(self, node: Node) -> int:
        return self.offsets.to_char(node.end_byte)

    def node_text(self, node: Node) -> str:
        return self.text[self.start(node) : self.end(node)]

    def line(self, node: Node) -> int:
        return node.start_point[0] + 1

    def above(self, node: Node, limit: int = 64) -> list[Node]:
        """`node`'s ancestors, nearest first, at most `limit`.

        tree-sitter answers `Node.parent` by descending from the root, so walking up costs
        depth per step: depth squared per hit in a deeply nested or error-recovered tree.
        Instead the path to the previous node is kept, the deepest node on it that still
        encloses `node` is found by bisection (enclosure is monotone along a path), and only
        the rest is descended. Hits come in offset order and share most of their path.
        """
        path = self._path
        lo, hi = 0, len(path)  # path[:lo] enclose `node`; path[hi:] do not
        while lo < hi:
            mid = (lo + hi) // 2
            if path[mid].start_byte <= node.start_byte and node.end_byte <= path[mid].end_byte:
                lo = mid + 1
            else:
                hi = mid
        fresh = self._descend(path[:lo] or [self.tree.root_node], node)
        if fresh is None:  # a reused node was not an ancestor after all: start at the root
            fresh = self._descend([self.tree.root_node], node) or []
        self._path = [*fresh, node]
        return fresh[::-1][:limit]

    @staticmethod
    def _descend(path: list[Node], node: Node) -> list[Node] | None:
        """`path` (root first) extended down to `node`'s parent; None if `node` is not below."""
        current = path.pop()
        while current.id != node.id:
            path.append(current)
            child = current.child_with_descendant(node)
            if child is None:
                return None
            current = child
        return path

    def uses(self, name: str) -> list[Node]:
        if self._uses is None:
            from linter.scanners.lang.uses import Uses

            self._uses = Uses(self)
        return self._uses.of(name)


def language(module: str, function: str = "language") -> object:
    """The grammar's language object; a missing package is `ScannerUnavailable` (silent).

    So is a grammar built for another tree-sitter ABI (`Language` raises ValueError): like a
    missing one, that is the installation's problem, not the file's.
    """
    try:
        from tree_sitter import Language

        return Language(getattr(_binding(module), function)())
    except ImportError as exc:
        raise ScannerUnavailable(f"{module} is not installed") from exc
    except ValueError as exc:
        raise ScannerUnavailable(f"{module} does not fit this tree-sitter: {exc}") from exc


def _binding(module: str) -> ModuleType:
    """The grammar package's compiled `_binding`, loaded without the package's `__init__`.

    That `__init__` imports `importlib.resources` (and with it tempfile, shutil and random:
    about 5 ms a process) only to offer query files no scanner reads. A package laid out
    otherwise is imported as usual.
    """
    name = f"{module}._binding"
    loaded = sys.modules.get(name) or sys.modules.get(module)
    if loaded is not None:
        return loaded
    import importlib.machinery
    import importlib.util

    package = importlib.util.find_spec(module)  # finds the package without running it
    if package is None:
        raise ImportError(f"No module named {module!r}")
    where = package.submodule_search_locations
    spec = importlib.machinery.PathFinder.find_spec(name, list(where)) if where else None
    if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
        return importlib.import_module(module)
    binding = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(binding)
    sys.modules[name] = binding
    return binding


def parse(grammar: Grammar, text: str) -> Document:
    from tree_sitter import Language, Parser

    lang = language(grammar.module, grammar.function)
    assert isinstance(lang, Language)
    source = _parser_safe(text).encode("utf-8", "surrogatepass")
    return Document(grammar, text, Parser(lang).parse(source), Offsets(text), source)


# Code points beyond the Basic Multilingual Plane crash tree-sitter-bash's external scanner:
# `''a{` followed by U+E0000, or `{` and U+CB41B, segfault the interpreter (found by the fuzz
# tests). They never matter to a client ID, so every parser sees U+10000 instead: a letter
# of the same UTF-8 length and one character, so byte and character offsets are unchanged.
_HIGH_PLANES = re.compile("[\U00010001-\U0010ffff]")


def _parser_safe(text: str) -> str:
    if text.isascii():  # known without reading the text: the common case costs nothing
        return text
    return _HIGH_PLANES.sub("\U00010000", text) if _HIGH_PLANES.search(text) else text


def ancestors(node: Node, limit: int = 64) -> Iterator[Node]:
    """`node`'s parents, nearest first, at most `limit` of them.

    Every question asked of ancestors (a comment? a string? an error?) is answered close to
    the ID, and `Node.parent` costs the node's depth in tree-sitter, so an unbounded walk on
    a pathologically nested file would cost depth squared.
    """
    current = node.parent
    for _ in range(limit):
        if current is None:
            return
        yield current
        current = current.parent


def text_of(node: Node | None) -> str:
    """A node's source text, for hooks that read names and operators."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def code_text(node: Node | None) -> str:
    """A node's source text without the comments inside it.

    A callee split over lines may hold a comment (`Builder // why\n    .Create(...)`); read
    with it, the call is no longer recognised, and a comment line added to a chain would turn
    an FPA001 into an FPA002 (and change its baseline fingerprint).
    """
    if node is None or node.text is None:
        return ""
    data, origin = node.text, node.start_byte
    cuts: list[tuple[int, int]] = []
    stack = list(node.children)
    while stack:
        current = stack.pop()
        if current.type.endswith("comment"):
            cuts.append((current.start_byte - origin, current.end_byte - origin))
        else:
            stack.extend(current.children)
    if not cuts:
        return data.decode("utf-8", "replace")
    pieces, position = [], 0
    for start, end in sorted(cuts):
        pieces.append(data[position:start])
        position = max(position, end)
    pieces.append(data[position:])
    return b"".join(pieces).decode("utf-8", "replace")


def field(node: Node, name: str) -> str:
    return text_of(node.child_by_field_name(name))
