"""TypeScript and TSX: the JavaScript scanner's rules over tree-sitter-typescript's grammars.

The TypeScript grammars extend the JavaScript one node for node (plus type annotations and
`as` / `satisfies` casts, which the JavaScript rules already pass through), so only the
grammar differs. `.tsx` needs its own grammar: `<T>x` is a cast in `.ts` and JSX in `.tsx`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from linter.findings import Span, Target
from linter.scanners.lang import judge
from linter.scanners.lang.javascript import JavaScript


class TypeScript(JavaScript):
    name = "typescript"
    module = "tree_sitter_typescript"
    function = "language_typescript"


class Tsx(TypeScript):
    function = "language_tsx"


GRAMMAR = TypeScript()
TSX = Tsx()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)


def scan_tsx(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(TSX, text, targets)
