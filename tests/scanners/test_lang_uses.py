"""The name uses a tree-sitter query finds are exactly those the full Python walk finds.

`Document.uses` asks a query for the grammar's `reference_types` instead of visiting every
node; these tests pin it against the walk (`uses.walk`, the old path and the fallback) on the
whole corpus and on generated programs, node for node and in the same order.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.scanners.lang import (
    base,
    bash,
    bicep,
    csharp,
    go,
    hcl,
    java,
    javascript,
    powershell,
    typescript,
    uses,
)

CORPUS = Path(__file__).parent.parent / "corpus"
GRAMMARS: dict[str, base.Grammar] = {
    ".cs": csharp.GRAMMAR,
    ".js": javascript.GRAMMAR,
    ".ts": typescript.GRAMMAR,
    ".tsx": typescript.TSX,
    ".ps1": powershell.GRAMMAR,
    ".psm1": powershell.GRAMMAR,
    ".go": go.GRAMMAR,
    ".java": java.GRAMMAR,
    ".tf": hcl.GRAMMAR,
    ".tfvars": hcl.GRAMMAR,
    ".bicep": bicep.GRAMMAR,
    ".sh": bash.GRAMMAR,
}


def _names(doc: base.Document, walked: dict[str, list[object]]) -> set[str]:
    """Every name a use may be asked for: those the walk found and every leaf's text."""
    names = set(walked)
    stack = [doc.tree.root_node]
    while stack:
        node = stack.pop()
        if not node.children:
            names.add(base.text_of(node))
        stack.extend(node.children)
    return names


def _same_as_walk(grammar: base.Grammar, text: str) -> bool:
    """Assert the query's uses equal the walk's; True when the query path was taken."""
    doc = base.parse(grammar, text)
    walked = uses.walk(doc)
    fast = base.parse(grammar, text).uses  # a fresh document: its own path cache
    for name in sorted(_names(doc, walked)):  # type: ignore[arg-type]
        expected = [(n.start_byte, n.end_byte) for n in walked.get(grammar.fold(name), [])]
        assert [(n.start_byte, n.end_byte) for n in fast(name)] == expected, name
    return uses._captured(doc) is not None


def test_every_corpus_file_has_the_walks_uses() -> None:
    queried = 0
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in GRAMMARS)
    assert len(files) > 20
    for path in files:
        queried += _same_as_walk(GRAMMARS[path.suffix], path.read_text(encoding="utf-8"))
    assert queried > len(files) // 2  # the query path, not the fallback, is what was compared


_NAMES = st.sampled_from(["id", "Id", "clientId", "CLIENT_ID", "app", "x"])

_CSHARP = st.sampled_from(
    [
        'const string {a} = "x";',
        "var {a} = {b};",
        "Build({a}, {b});",
        "{a}.{b} = {a};",
        "var o = new Options {{ {a} = {b} }};",
        "foreach (var {a} in {b}) {{ Use({a}.{b}); }}",
        "{a}?.{b}({a});",
    ]
)
_JAVASCRIPT = st.sampled_from(
    [
        'const {a} = "x";',
        "let {a} = {b};",
        "f({a}, {{ {b} }});",
        "{a}.{b} = {a};",
        "const o = {{ {a}: {b}, {b} }};",
        "for (const {a} of {b}) g({a});",
        "{b}.forEach(({a}) => h({a}));",
        "const {{ {a}, {b} }} = o;",
    ]
)
_POWERSHELL = st.sampled_from(
    [
        '${a} = "x"',
        "$script:{a} = ${b}",
        "Get-Token -ClientId ${{{a}}}",
        "foreach (${a} in ${b}) {{ Use ${a} }}",
        "${b} | ForEach-Object {{ Use $_ ${a} }}",
        "$h = @{{ {a} = ${b} }}",
    ]
)


def _program(lines: st.SearchStrategy[str], end: str = "\n") -> st.SearchStrategy[str]:
    line = st.builds(lambda form, a, b: form.format(a=a, b=b), lines, _NAMES, _NAMES)
    return st.lists(line, min_size=1, max_size=12).map(lambda found: end.join(found) + end)


@settings(max_examples=60, deadline=None)
@given(_program(_CSHARP))
def test_generated_csharp_has_the_walks_uses(body: str) -> None:
    _same_as_walk(csharp.GRAMMAR, "class C {\n void M() {\n" + body + "}\n}\n")


@settings(max_examples=60, deadline=None)
@given(_program(_JAVASCRIPT))
def test_generated_javascript_and_typescript_have_the_walks_uses(body: str) -> None:
    _same_as_walk(javascript.GRAMMAR, body)
    _same_as_walk(typescript.GRAMMAR, body)


@settings(max_examples=60, deadline=None)
@given(_program(_POWERSHELL))
def test_generated_powershell_has_the_walks_uses(body: str) -> None:
    _same_as_walk(powershell.GRAMMAR, body)


def test_a_syntax_error_takes_the_walk() -> None:
    doc = base.parse(csharp.GRAMMAR, "class C { void M() { var x = ; Use(x); }")
    assert uses._captured(doc) is None
    assert [base.text_of(n) for n in doc.uses("x")] == ["x", "x"]
