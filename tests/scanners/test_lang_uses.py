"""The name uses found by descending only towards where a name is written are the walk's.

`Document.uses` visits only the nodes that hold a place the name is spelled (for grammars
whose `reference` reads a name inside the node's own text); these tests pin it against the
full walk (`uses.walk`, the old path and the fallback) on the whole corpus and on generated
programs, node for node and in the same order.
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


def _same_as_walk(grammar: base.Grammar, text: str) -> int:
    """Assert every name's uses equal the walk's; how many were found without the walk."""
    doc = base.parse(grammar, text)
    walked = uses.walk(doc)
    spelled = 0
    for name in sorted(_names(doc, walked)):  # type: ignore[arg-type]
        expected = [(n.start_byte, n.end_byte) for n in walked.get(grammar.fold(name), [])]
        fast = uses.Uses(doc)  # one per name: a name that needs the walk walks only for itself
        assert [(n.start_byte, n.end_byte) for n in fast.of(name)] == expected, name
        spelled += not fast._walked
    return spelled


def test_every_corpus_file_has_the_walks_uses() -> None:
    queried = 0
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in GRAMMARS)
    assert len(files) > 20
    for path in files:
        queried += _same_as_walk(GRAMMARS[path.suffix], path.read_text(encoding="utf-8")) > 0
    assert queried > len(files) // 2  # the fast path, not the walk, is what was compared


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


def test_names_that_cannot_be_searched_for_take_the_walk() -> None:
    doc = base.parse(powershell.GRAMMAR, "${Ünï} = 1\nWrite-Host ${ünÏ}\n")
    assert [base.text_of(n) for n in doc.uses("ÜNÏ")] == ["${Ünï}", "${ünÏ}"]
    assert doc._uses is not None and doc._uses._walked
    doc = base.parse(csharp.GRAMMAR, "var x = 1; Use(x);")
    assert doc.uses("") == [] and doc._uses is not None and doc._uses._walked


def test_astral_characters_are_searched_as_the_parser_read_them() -> None:
    text = "const \U0001f600a = 1; f(\U0001f600a);"
    doc = base.parse(javascript.GRAMMAR, text)
    name = "\U00010000a"  # what `text_of` reads: the parser saw U+10000 (`_parser_safe`)
    assert [n.start_byte for n in doc.uses(name)] == [6, 19]
    assert [n.start_byte for n in uses.walk(doc)[name]] == [6, 19]
