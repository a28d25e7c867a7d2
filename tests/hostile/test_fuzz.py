"""Fuzz every parser front end: arbitrary text in, only ParseError out, every hit resolved.

Hypothesis builds texts from the tokens each format is made of (brackets, quotes, `=`, `:`,
`<`, `&`, indentation, comments, escapes) mixed with catalog IDs and arbitrary characters, and
feeds them to each scanner module of the registry that is present (formats still being written
join when they land). A scanner may reject a text with ParseError; anything else escaping is a
bug, because the engine would then lose precision for the wrong reason. Whatever the scanner
yields, reconciliation must give every prefilter hit exactly one role.
"""

from __future__ import annotations

import importlib

import pytest
from helpers import AZ_CLI, GRAPH, OFFICE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import catalog as catalog_module
from linter import engine, scanners
from linter.findings import Role, Span
from linter.reconcile import resolve

CAT = catalog_module.load()


def _present() -> list[str]:
    modules = []
    for module in dict.fromkeys(m for _, m in scanners.SCANNERS):
        try:
            importlib.import_module(module.partition(":")[0])
        except ImportError:
            continue
        modules.append(module)
    return [scanners.TEXT_SCANNER, *modules]


MODULES = _present()
TOKENS = (
    "{", "}", "[", "]", "(", ")", "<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>",
    "<!DOCTYPE x [<!ENTITY e 'v'>]>", "&e;", "&amp;", '"', "'", '"""', "'''", "`", "\\", "\\n",
    "\\u0022", "=", ":", ": ", ",", ";", "#", "//", "/*", "*/", "--", "- ", "  ", "\t", "\n",
    "\r\n", "\r", "&", "*", "!!", "|", ">-", "---", "...", "[section]", "[[t]]", "key",
    "client_id", "ClientId", "AZURE_CLIENT_ID", "scope", "resource", "value", "add", "export ",
    "def ", "class ", "lambda", "f'", "r'", "b'", "/.default", "api://", "%3D", "\x00", "\ufeff",
    AZ_CLI, AZ_CLI.upper(), "{" + AZ_CLI + "}", GRAPH, OFFICE,
)  # fmt: skip
TEXTS = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=40).map("".join)


@pytest.mark.parametrize("module", MODULES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_front_end_raises_only_parse_errors_and_resolves_every_hit(module: str, text: str) -> None:
    targets = CAT.targets(text)
    try:
        spans = list(scanners.load(module)(text, targets))
    except scanners.ParseError as exc:
        assert "\n" not in str(exc)  # the note is one line
        spans = list(scanners.load(scanners.TEXT_SCANNER)(text, targets))
    assert all(isinstance(s, Span) and 0 <= s.start <= s.end <= len(text) for s in spans)
    resolved = resolve(text, targets, spans)
    assert len(resolved) == len(targets)
    assert all(isinstance(span.role, Role) for span in resolved)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=TEXTS,
    name=st.sampled_from(["a.py", "a.json", ".env", "a.yaml", "a.toml", "a.ini", "a.xml", "a.ts"]),
)
def test_engine_judges_every_hit_whatever_the_text(text: str, name: str) -> None:
    targets = CAT.targets(text)
    findings, notes = engine.findings_in(name, name, text, targets, CAT, timeout=5)
    assert len(findings) <= len(targets)
    assert all("\n" not in note for note in notes)
    reported = {f.location for f in findings}
    assert len(reported) == len(findings)  # one finding per occurrence
