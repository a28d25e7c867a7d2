"""The tree-sitter plumbing every language scanner shares: parse, climb from an ID, follow names.

Each language only answers one question, `Grammar.step(parent, child)`: what does `parent` make
of the value `child` it holds? A key (`clientId:`), a binding (`const CLIENT_ID =`), a client
sink (`PublicClientApplicationBuilder.Create(...)`), a comparison, a message, or "look further
up". Everything else is here once: finding the node under each hit, climbing from it, reading
a key written inside a string (`"client_id=<id>&scope=..."`), and following a constant from
its declaration to the sink it reaches in the same file.

The work is driven by the prefilter's hits, so a file costs one parse plus a climb per hit; the
walk over all names happens only when a hit is bound to a name.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from linter import roles
from linter.findings import Role, Span, Target
from linter.scanners import ParseError, ScannerUnavailable

if TYPE_CHECKING:
    from tree_sitter import Node, Tree


class Verdict(NamedTuple):
    """A decided role; `sink` is set when a constant reaches a client sink elsewhere."""

    role: Role
    context: str
    weak: bool = False
    sink: str = ""


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
        self._lines = text.split("\n")
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

    def __init__(self, grammar: Grammar, text: str, tree: Tree, offsets: Offsets) -> None:
        self.grammar = grammar
        self.text = text
        self.tree = tree
        self.offsets = offsets
        self._uses: dict[str, list[Node]] | None = None
        self.sinks: dict[tuple[str, int, bool], str | Role | None] = {}

    def start(self, node: Node) -> int:
        return self.offsets.to_char(node.start_byte)

    def end(self, node: Node) -> int:
        return self.offsets.to_char(node.end_byte)

    def node_text(self, node: Node) -> str:
        return self.text[self.start(node) : self.end(node)]

    def line(self, node: Node) -> int:
        return node.start_point[0] + 1

    def uses(self, name: str) -> list[Node]:
        if self._uses is None:
            self._uses = {}
            # Parents travel with the nodes: tree-sitter finds a node's parent by descending
            # from the root, so asking for it per node would cost depth x nodes.
            stack: list[tuple[Node, Node | None]] = [(self.tree.root_node, None)]
            while stack:
                node, parent = stack.pop()
                ref = self.grammar.reference(node, parent)
                if ref is not None:
                    self._uses.setdefault(self.grammar.fold(ref), []).append(node)
                stack.extend((child, node) for child in reversed(node.children))
        return self._uses.get(self.grammar.fold(name), [])


def language(module: str, function: str = "language") -> object:
    """The grammar's language object; a missing package is `ScannerUnavailable` (silent)."""
    try:
        from tree_sitter import Language

        grammar = importlib.import_module(module)
        return Language(getattr(grammar, function)())
    except ImportError as exc:
        raise ScannerUnavailable(f"{module} is not installed") from exc


def parse(grammar: Grammar, text: str) -> Document:
    from tree_sitter import Language, Parser

    lang = language(grammar.module, grammar.function)
    assert isinstance(lang, Language)
    tree = Parser(lang).parse(text.encode("utf-8", "surrogatepass"))
    return Document(grammar, text, tree, Offsets(text))


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


class Climbed(NamedTuple):
    verdict: Verdict | None
    bind: Bind | None
    table: bool


_MAX_CLIMB = 64


def climb(doc: Document, node: Node) -> Climbed:
    """Walk up from a value until some ancestor says what it is.

    The innermost key decides, but the keys and names around it are collected too, so that a
    bare `appId` inside an `auth` object or an `msalConfig` is read as the app's own ID.
    """
    grammar = doc.grammar
    keys: list[str] = []
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
            keys.append(step.name)
            child, parent = parent, parent.parent
            continue
        if keys:
            if isinstance(step, Bind):
                keys.append(step.name)
            break
        if isinstance(step, Bind):
            return Climbed(None, step, table)
        return Climbed(step, None, table)
    if not keys:
        return Climbed(None, None, table)
    path = list(reversed(keys))
    guess = roles.key_path_role(path)
    role, weak = guess if guess else (Role.UNCLEAR, False)
    return Climbed(Verdict(role, keys[0], weak), None, table)


def _in_comment(grammar: Grammar, node: Node) -> bool:
    if node.type in grammar.comment_types:
        return True
    return any(a.type in grammar.comment_types for a in ancestors(node))


def _in_error(node: Node) -> bool:
    if node.is_error or node.is_missing:
        return True
    return any(a.is_error or a.is_missing for a in ancestors(node))


def _value_node(grammar: Grammar, node: Node) -> Node:
    """The outermost string around `node`, or `node` itself for a bare word."""
    value = node
    for current in ancestors(node):
        if current.type in grammar.string_types:
            value = current
    return value


_INNER_LOOKBACK = 160


def judge(doc: Document, node: Node, start: int, depth: int = 0) -> Verdict:
    """The role of whatever stands at character `start` inside `node` (a literal or a use)."""
    value = _value_node(doc.grammar, node)
    climbed = climb(doc, value)
    outer = climbed.verdict
    if outer is not None and outer.role is Role.UNCLEAR and outer.context:
        return outer  # comparisons and messages: the words inside do not matter
    floor = max(doc.start(value), start - _INNER_LOOKBACK)
    inner = roles.guess_from_prefix(doc.text[floor:start])
    if inner is not None:
        (role, weak), key = inner
        return Verdict(role, key, weak)
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


_LINE_BREAK = re.compile(r"[ \t]*\r?\n\s*")


def scan_with(grammar: Grammar, text: str, targets: Sequence[Target]) -> Iterator[Span]:
    """The scanner every language module exposes as `scan`."""
    doc = parse(grammar, text)
    root = doc.tree.root_node
    for target in targets:
        node = root.named_descendant_for_byte_range(
            doc.offsets.to_byte(target.start), doc.offsets.to_byte(target.end)
        )
        if node is None:
            continue
        if _in_comment(grammar, node):
            yield Span(target.span_start, target.span_end, Role.UNCLEAR, "comment")
            continue
        if root.has_error and _in_error(node):
            raise ParseError(f"line {node.start_point[0] + 1}: syntax error")
        verdict = judge(doc, node, target.span_start)
        yield Span(
            target.span_start,
            target.span_end,
            verdict.role,
            _LINE_BREAK.sub("", verdict.context),  # findings print on one line
            verdict.weak,
            verdict.sink,
        )


def text_of(node: Node | None) -> str:
    """A node's source text, for hooks that read names and operators."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def field(node: Node, name: str) -> str:
    return text_of(node.child_by_field_name(name))


# Calls whose string arguments are shown to a person, by the callee's last name segment.
_DISPLAY_CALLS = frozenset(
    {
        "print", "println", "printf", "printfn", "fprintf", "fprintln", "write", "writeline",
        "log", "info", "warn", "warning", "error", "debug", "trace", "fatal", "critical",
        "infof", "warnf", "errorf", "debugf", "fatalf", "panicf", "panic", "logf",
        "loginformation", "logwarning", "logerror", "logdebug", "logtrace", "logcritical",
        "writehost", "writeoutput", "writeverbose", "writewarning", "writeerror",
        "writeinformation", "writedebug", "writeprogress", "readhost", "echo",
        "alert", "confirm", "prompt", "showmessage", "messageboxshow", "show", "information",
        "verbose", "notice",
    }
)  # fmt: skip
# Calls that compare their receiver with their argument.
_COMPARE_CALLS = frozenset(
    {
        "equals", "equalsignorecase", "equalfold", "compare", "compareto", "startswith",
        "endswith", "contains", "containskey", "includes", "indexof", "has", "match",
    }
)  # fmt: skip
# Calls that turn a GUID string into a GUID value without changing what it is.
_CONVERSIONS = frozenset(
    {"guid", "parse", "tryparse", "fromstring", "uuid", "mustparse", "tostring", "string"}
)


def callee_name(callee: str) -> str:
    """A callee as a reader names it: `Builder.Create(x).WithClientId` is `WithClientId`."""
    closing = callee.rfind(")")
    if closing != -1:
        callee = callee[closing + 1 :]
    return "".join(callee.split()).lstrip(".")  # a chain split over lines reads as one name


def _segments(callee: str) -> list[str]:
    return [roles.normalize(p) for p in callee.replace("::", ".").split(".") if p]


def call_step(callee: str, index: int, positional: dict[str, int]) -> Step:
    """What the `index`th positional argument of a call to `callee` is.

    `positional` maps a normalized constructor or function name (its last segment, or its last
    two joined, as `confidentialnew` for `confidential.New`) to the argument that holds the
    client ID, for APIs that take it by position after a tenant or an authority.
    """
    callee = callee_name(callee)
    parts = _segments(callee)
    if not parts:
        return None
    last = parts[-1]
    tail = "".join(parts[-2:])
    if last in _DISPLAY_CALLS or last.endswith(("exception", "error")):
        return message(callee)
    if last in _COMPARE_CALLS:
        return COMPARISON
    if last in _CONVERSIONS:
        return CLIMB
    if index == 0 and roles.call_role(callee) is not None:
        return Verdict(Role.CLIENT, f"{callee}(...)")
    if positional.get(last, positional.get(tail, -1)) == index:
        return Verdict(Role.CLIENT, f"{callee}(...)")
    if index == 0:
        guess = roles.name_role(parts[-1])
        if guess is not None and not guess[1]:
            return Verdict(guess[0], f"{callee}(...)")
    return None


def arguments_step(
    callee: str, arguments: Node, child: Node, positional: dict[str, int], strings: frozenset[str]
) -> Step:
    """A call argument: the callee decides first, else a string key just before it.

    `form.put("client_id", id)`, `values.Set("client_id", id)`, `new KeyValuePair<string,
    string>("client_id", id)`: key-value pairs passed as two arguments are as common in token
    requests as keyword arguments are in Python.
    """
    index = argument_index(arguments, child)
    step = call_step(callee, index, positional)
    if step is not None or index < 1:
        return step
    previous = arguments.named_children[index - 1]
    while previous.named_child_count == 1 and previous.type not in strings:
        previous = previous.named_children[0]  # C#'s `argument` wrapper
    if previous.type not in strings:
        return None
    key = text_of(previous).strip("\"'`@$")
    return Key(key) if roles.name_role(key) is not None else None


def receiver_step(callee: str) -> Step:
    """A literal that is the receiver of a method call: `"<id>".Equals(appId)`."""
    parts = _segments(callee)
    if parts and parts[-1] in _COMPARE_CALLS:
        return COMPARISON
    if parts and parts[-1] in _CONVERSIONS:
        return CLIMB
    return None


def argument_index(arguments: Node, child: Node) -> int:
    for index, node in enumerate(arguments.named_children):
        if node.start_byte == child.start_byte and node.end_byte == child.end_byte:
            return index
    return -1


EQUALITY = frozenset({"==", "!=", "===", "!==", "-eq", "-ne", "-ieq", "-ceq", "-ine", "-cne"})


def is_comparison(node: Node) -> bool:
    """A binary expression whose operator tests equality."""
    operator = node.child_by_field_name("operator")
    if operator is not None:
        return text_of(operator).lower() in EQUALITY
    return any(not c.is_named and text_of(c).lower() in EQUALITY for c in node.children)
