"""The Python scanner's fast path: the same labels as `python_tree.Classifier`, from `ast`.

libcst took about 40 ms per file holding an ID (its parse, then position metadata computed by
generating the whole module's code again), which made a tree dense with IDs 27x slower than
ripgrep. The standard library's C parser builds a tree with positions in a fraction of that.
This path handles the common case and answers None where it could differ from libcst, so the
caller runs the libcst path instead (never a silent loss of precision):

- the source does not parse with this interpreter's `ast` (older or newer syntax);
- an f-string holds an ID (their inner positions are unreliable before Python 3.12);
- a literal with an ID is bound to a name mentioned elsewhere in the file, which may carry it
  into a client sink (`_follow_names` needs libcst's scope analysis to tell which binding a
  use refers to).

Statements on lines without an ID are only searched for imports: a label decided there can
reach no ID, so a file of 1,000 lines with 3 IDs costs little more than its parse.

Comments, which `ast` drops, are found from the string extents: code between the last string
on a line and an ID holds no quote, so a `#` there opens a comment.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from linter.findings import Role
from linter.positions import LineIndex
from linter.roles import call_role, key_path_role
from linter.scanners.python_labels import (
    LOOKUP_DEFAULTS,
    LOOKUPS,
    SIGNATURES,
    Guess,
    Located,
    is_message,
    named,
    param_at,
)

AstString = ast.Constant | ast.JoinedStr
_PREFIX = re.compile(r"[rRbBuUfFtT]{0,2}")
_LITERAL = re.compile(
    r"""[rRbBuU]{0,2}(?:'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''
                      |\"\"\"[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*\"\"\"
                      |'[^'\\\n]*(?:\\.[^'\\\n]*)*'
                      |"[^"\\\n]*(?:\\.[^"\\\n]*)*")""",
    re.VERBOSE | re.DOTALL,
)
_BETWEEN = re.compile(r"(?:\s|\\\r?\n|\#[^\n]*)*")
_MENTION = re.compile(r"(?<!\w)([^\W\d]\w*)(?!\w)(?!\s*=(?!=))")
_COMMENT_END = re.compile(r"[\r\n]")
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


class _Leave:
    """Marks the end of a function body on the walk's stack."""

    __slots__ = ()


_LEAVE = _Leave()


class Fallback(Exception):
    """This file needs the libcst path."""


class AstClassifier:
    """`python_tree.Classifier`'s labels over an `ast` tree; same attribute names and meaning
    for what `python._assemble` reads (`located`, `outermost`, `comments`, `extent`)."""

    def __init__(self, source: str, lines: LineIndex, starts: Sequence[int]) -> None:
        self._source = self.source = source
        self._ascii = source.isascii()
        self._lines = self.lines = lines
        self._starts = starts
        self._labels: dict[ast.AST, Guess] = {}
        self._imports: dict[str, str] = {}
        self._functions: list[str] = []
        self._strings: list[tuple[int, int]] = []
        self._bound: set[str] = set()  # names bound to a literal holding a target
        self._target_lines = sorted({lines.position(start)[0] for start in starts})
        self.located: dict[ast.AST, Located] = {}
        self.outermost: list[tuple[ast.AST, int, int, bool]] = []
        self.comments: list[tuple[int, int]] = []

    # Positions: `ast` columns are UTF-8 byte offsets.

    def _offset(self, line: int, column: int) -> int:
        if not self._ascii:
            start = self._lines.line_start(line)
            end = self._source.find("\n", start)
            text = self._source[start : len(self._source) if end == -1 else end]
            column = len(text.encode("utf-8", "surrogatepass")[:column].decode("utf-8", "replace"))
        return self._lines.offset(line, column)

    def extent(self, node: ast.AST) -> tuple[int, int]:
        end_line, end_column = (
            getattr(node, "end_lineno", None),
            getattr(node, "end_col_offset", None),
        )
        if end_line is None or end_column is None:
            raise Fallback
        return (
            self._offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
            self._offset(end_line, end_column),
        )

    def _holds_target(self, start: int, end: int) -> bool:
        index = bisect_left(self._starts, start)
        return index < len(self._starts) and self._starts[index] < end

    # The walk: parents before children, in source order where order matters (imports).

    def run(self, module: ast.Module) -> None:
        todo: list[ast.AST | _Leave] = [module]
        while todo:
            node = todo.pop()
            if node is _LEAVE:
                self._functions.pop()
                continue
            assert isinstance(node, ast.AST)
            if isinstance(node, ast.stmt) and not self._on_target_lines(node):
                self._imports_in(node)
                continue
            if isinstance(node, (ast.Constant, ast.JoinedStr)):
                self._string(node)
                if isinstance(node, ast.Constant):
                    continue
            visit = _VISITS.get(type(node))
            if visit is not None:
                visit(self, node)
            children = list(ast.iter_child_nodes(node))
            if isinstance(node, (*_DEFS, ast.ClassDef)) and node.decorator_list:
                first = node.decorator_list
                children = first + [child for child in children if child not in first]
            if isinstance(node, _DEFS):
                self._functions.append(node.name)
                todo.append(_LEAVE)
            todo.extend(reversed(children))
        # A mention other than `NAME =` (a binding or keyword) may be a use that reaches a
        # sink: libcst's scopes decide. One pass over the source, however many names.
        if self._bound and not self._bound.isdisjoint(_MENTION.findall(self.source)):
            raise Fallback
        self._comments()

    def _on_target_lines(self, node: ast.stmt) -> bool:
        """Whether a target stands on the statement's lines (its decorators included); a
        statement that holds none is only searched for imports, its labels cannot matter."""
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        last = node.end_lineno or node.lineno
        index = bisect_left(self._target_lines, first)
        return index < len(self._target_lines) and self._target_lines[index] <= last

    def _imports_in(self, node: ast.stmt) -> None:
        """Imports are known file-wide from where they stand (libcst's `Imports`), so those
        in skipped statements still qualify later calls."""
        todo: list[ast.AST] = [node]
        while todo:
            item = todo.pop()
            if isinstance(item, (ast.Import, ast.ImportFrom)):
                _import(self, item)
                continue
            todo.extend(
                child
                for child in reversed(list(ast.iter_child_nodes(item)))
                if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case))
            )

    def _string(self, node: AstString) -> None:
        if isinstance(node, ast.Constant) and not isinstance(node.value, (str, bytes)):
            return
        if getattr(node, "_inside", False):
            return
        start, end = self.extent(node)
        self._strings.append((start, end))
        if not self._holds_target(start, end):
            return
        if isinstance(node, ast.JoinedStr):
            raise Fallback
        guess = self._labels.get(node)
        self.outermost.append((node, start, end, guess is not None and guess.prose))
        if guess is None:
            return
        self.located[node] = Located(start, end, guess)
        if isinstance(guess.owner, ast.Name):
            self._bound.add(guess.owner.id)

    def _comments(self) -> None:
        """A target outside every string, after a `#` on its line, is in a comment."""
        strings = sorted(self._strings)
        begins = [start for start, _ in strings]
        seen: set[int] = set()
        source = self._source
        for target in self._starts:
            index = bisect_right(begins, target) - 1
            if index >= 0 and strings[index][1] > target:
                continue  # inside a string
            line_start = self._lines.line_start(self._lines.position(target)[0])
            scan_from = max(line_start, strings[index][1]) if index >= 0 else line_start
            hash_at = source.find("#", scan_from, target)
            if hash_at == -1 or hash_at in seen:
                continue
            stop = _COMMENT_END.search(source, hash_at)
            end = stop.start() if stop else len(source)
            seen.add(hash_at)
            self.comments.append((hash_at, end))
        self.comments.sort()

    # Labels, as in `python_tree.Classifier`.

    def _label(self, node: ast.AST, guess: Guess, region: ast.AST | None = None) -> None:
        if isinstance(node, ast.Starred):
            node = node.value
        if guess.role is Role.CLIENT and guess.region is None:
            guess = guess._replace(region=region)
        if isinstance(node, ast.Name):
            return  # where a name flows is libcst's to follow (see `run`)
        self._labels[node] = guess

    def literal_text(self, node: ast.AST | None) -> str:
        """libcst's `raw_value` of one plain literal (escapes left as written), else dotted."""
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            start, end = self.extent(node)
            text = self._source[start:end]
            whole = _LITERAL.fullmatch(text)
            if whole is None:
                return ""  # implicit concatenation: libcst's ConcatenatedString has no text
            prefix = len(_PREFIX.match(text).group())  # type: ignore[union-attr]
            quote = 3 if text[prefix : prefix + 3] in ("'''", '"""') else 1
            return text[prefix + quote : len(text) - quote]
        return dotted(node) if node is not None else ""

    def _target_guess(self, target: ast.AST) -> Guess | None:
        owner = target if isinstance(target, ast.Name) else None
        if isinstance(target, ast.Subscript):
            index = target.slice
            simple = not isinstance(index, (ast.Slice, ast.Tuple))
            name = self.literal_text(index) if simple else ""
        else:
            name = dotted(target)
        if not name:
            return None
        return named(name, name, owner=owner) or Guess(
            Role.UNCLEAR, name, path=(name,), owner=owner
        )

    def bind(self, target: ast.AST, value: ast.AST) -> None:
        if isinstance(target, ast.Starred):
            target = target.value
        if isinstance(value, ast.Starred):
            value = value.value
        if (
            isinstance(target, (ast.Tuple, ast.List))
            and isinstance(value, (ast.Tuple, ast.List))
            and len(target.elts) == len(value.elts)
        ):
            for each, item in zip(target.elts, value.elts, strict=True):
                self.bind(each, item)
            return
        guess = self._target_guess(target)
        if guess is not None:
            self._label(value, guess)

    def qualify(self, callee: str) -> str:
        head, dot, rest = callee.partition(".")
        known = self._imports.get(head)
        return f"{known}{dot}{rest}" if known else callee


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


def _import(tree: AstClassifier, node: ast.Import | ast.ImportFrom) -> None:
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
    callee = tree.qualify(dotted(node.func))
    last = callee.rpartition(".")[2]
    own = tree._labels.get(node)
    inherited = own if own is not None and own.role is not Role.UNCLEAR else None
    if is_message(callee):
        for value in [*node.args, *(keyword.value for keyword in node.keywords)]:
            tree._label(value, Guess(Role.UNCLEAR, "message"))
        return
    if inherited and isinstance(node.func, ast.Attribute):
        tree._label(node.func.value, inherited)
    params = SIGNATURES.get(last, ())
    if not params and call_role(callee):
        params = ("client_id",)
    positional = [arg for arg in node.args if not isinstance(arg, ast.Starred)]
    lookup = None
    if last in LOOKUPS and positional:
        key = tree.literal_text(positional[0])
        lookup = named(key, key, owner=own.owner if own else None) or inherited
        lookup = lookup or Guess(Role.UNCLEAR, key, path=(key,))
    for index, arg in enumerate(positional):
        param = param_at(params, index)
        if param:
            guess = named(param, f"{callee}({param})", sink=callee)
            guess = guess or Guess(Role.UNCLEAR, f"{callee}({param})")
        elif lookup is not None and index == 1:
            guess = lookup
        else:
            guess = inherited or Guess(Role.UNCLEAR, f"{callee or last}(...)")
        tree._label(arg, guess, node)
    for keyword in node.keywords:
        if keyword.arg is None:
            continue
        word = keyword.arg
        found = named(word, f"{word}=", sink=callee)
        if found is None and lookup is not None and word in LOOKUP_DEFAULTS:
            found = lookup
        found = found or inherited or Guess(Role.UNCLEAR, f"{word}=", path=(word,))
        tree._label(keyword.value, found, node)


def _spread(tree: AstClassifier, node: ast.List | ast.Tuple | ast.Set) -> None:
    guess = tree._labels.get(node)
    if guess is None:
        return
    if guess.role is not Role.RESOURCE:
        guess = Guess(Role.UNCLEAR, guess.context, path=guess.path)
    for element in node.elts:
        tree._label(element, guess)


def _dict(tree: AstClassifier, node: ast.Dict) -> None:
    table = tree._labels.get(node)
    path = table.path if table else ()
    entry = table if table and table.role is Role.RESOURCE else None
    if table is not None and entry is None:
        entry = Guess(Role.UNCLEAR, table.context, path=path)
    for key_node, value in zip(node.keys, node.values, strict=True):
        if key_node is None:
            continue
        if entry is not None:
            tree._label(key_node, entry)
        key = tree.literal_text(key_node)
        legit = key_path_role((*path, key)) if key else None
        if legit is not None and legit[0] is Role.RESOURCE:
            guess: Guess | None = Guess(Role.RESOURCE, key, path=(*path, key))
        else:
            guess = named(key, key, path=(*path, key)) if key else None
        if guess is None and entry is not None:
            guess = entry._replace(path=(*path, key))
        guess = guess or Guess(Role.UNCLEAR, key, path=(*path, key))
        tree._label(value, guess, node)


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


_VISITS: dict[type[ast.AST], Callable[[AstClassifier, Any], None]] = {
    ast.Assign: _assign,
    ast.AnnAssign: _ann_assign,
    ast.NamedExpr: _named_expr,
    ast.arguments: _arguments,
    ast.Return: _return,
    ast.Import: _import,
    ast.ImportFrom: _import,
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


def classify(source: str, starts: Sequence[int]) -> AstClassifier | None:
    """The visited classifier, or None when the libcst path must decide.

    Any failure here (a syntax `ast` rejects, MemoryError on absurd input, a bug) costs only
    time: libcst then decides as it always did, and its errors are the ones users see.
    """
    try:
        module = ast.parse(source)
        tree = AstClassifier(source, LineIndex(source), starts)
        tree.run(module)
    except Exception:
        return None
    tree.outermost.sort(key=lambda item: item[1])
    tree.located = dict(sorted(tree.located.items(), key=lambda item: item[1].start))
    return tree


def pieces(tree: AstClassifier, node: ast.AST) -> list[tuple[int, int]]:
    """The text ranges of the literals of one (possibly implicitly concatenated) string."""
    start, end = tree.extent(node)
    source = tree._source
    found: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        pos = _BETWEEN.match(source, pos, end).end()  # type: ignore[union-attr]
        if pos >= end:
            break
        literal = _LITERAL.match(source, pos, end)
        if literal is None:
            raise Fallback
        prefix = len(_PREFIX.match(source, pos).group())  # type: ignore[union-attr]
        quote = 3 if source[pos + prefix : pos + prefix + 3] in ("'''", '"""') else 1
        found.append((pos + prefix + quote, literal.end() - quote))
        pos = literal.end()
    return found
