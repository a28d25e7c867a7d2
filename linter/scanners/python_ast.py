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
from collections.abc import Sequence

from linter.findings import Role
from linter.positions import LineIndex
from linter.scanners.python_ast_visits import VISITS, dotted, import_statement
from linter.scanners.python_depth import parse_quietly
from linter.scanners.python_labels import Guess, Located, target_guess
from linter.scanners.python_names import mentioned

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
_COMMENT_END = re.compile(r"[\r\n]")
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


# The fields of statements, handlers and match cases that hold statements, handlers or cases.
_STATEMENT_FIELDS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
# Statements that neither are an import nor hold statements: `_imports_in` finds nothing in
# them, and most statements of a file are such (asking cost a call and a loop over fields).
_NO_IMPORTS = frozenset(
    kind
    for kind in ast.stmt.__subclasses__()
    if kind not in (ast.Import, ast.ImportFrom) and not _STATEMENT_FIELDS & set(kind._fields)
)


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
                if type(node) not in _NO_IMPORTS:
                    self._imports_in(node)
                continue
            if isinstance(node, (ast.Constant, ast.JoinedStr)):
                self._string(node)
                if isinstance(node, ast.Constant):
                    continue
            visit = VISITS.get(type(node))
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
        if self._bound and mentioned(self.source, self._bound):
            raise Fallback
        self._comments()

    def _on_target_lines(self, node: ast.stmt) -> bool:
        """Whether a target stands on the statement's lines (its decorators included); a
        statement that holds none is only searched for imports, its labels cannot matter."""
        first = node.lineno
        decorators = getattr(node, "decorator_list", None)
        if decorators:
            first = min(first, *(d.lineno for d in decorators))
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
                import_statement(self, item)
                continue
            # Only the fields that hold statements (in field order, which is source order):
            # a simple statement's expressions cannot hold an import, and walking them was
            # most of a Python file's cost.
            inner: list[ast.AST] = []
            for field in item._fields:
                if field in _STATEMENT_FIELDS:
                    inner += getattr(item, field)
            todo.extend(reversed(inner))

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
        return target_guess(name, owner)

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


def classify(source: str, starts: Sequence[int]) -> AstClassifier | None:
    """The visited classifier, or None when the libcst path must decide.

    Any failure here (a syntax `ast` rejects, MemoryError on absurd input, a bug) costs only
    time: libcst then decides as it always did, and its errors are the ones users see.
    """
    try:
        module = parse_quietly(source)
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
