"""Property: in every parsed language, an ID anywhere is reported or deliberately quiet.

Hypothesis picks the language, the ID, its spelling (case, braces), the context it stands in
(a client sink, a neutral constant, a comment, a resource) and the filler around it; the real
engine must report each occurrence at its exact line and column with the rule its context
calls for. Appending garbage that breaks the grammar must not lose a single ID.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import catalog as catalog_module
from linter import engine
from linter.discovery import FileRef
from linter.findings import Scanned

CAT = catalog_module.load()
IDS = sorted(CAT.ids)


@dataclass(frozen=True)
class Language:
    name: str
    client: str
    unclear: str
    comment: str
    resource: str
    filler: str
    head: str = ""
    tail: str = ""


LANGUAGES = [
    Language(
        "Auth.cs",
        'var app = PublicClientApplicationBuilder.Create("{id}").Build();',
        'var known = "{id}";',
        "// {id}",
        'var scopes = new[] { "{id}/.default" };',
        "var v{n} = {n};",
    ),
    Language(
        "auth.mjs",
        'const pca = new PublicClientApplication({ auth: { clientId: "{id}" } });',
        'const known = "{id}";',
        "/* {id} */",
        'const request = { scopes: ["{id}/.default"] };',
        "const v{n} = {n};",
    ),
    Language(
        "Connect.ps1",
        "Connect-MgGraph -ClientId '{id}' -NoWelcome",
        "$known = '{id}'",
        "# {id}",
        "Get-MgServicePrincipal -Filter \"appId eq '{id}'\"",
        "$v{n} = {n}",
    ),
    Language(
        "auth.go",
        'var client, _ = public.New("{id}")',
        'var known = "{id}"',
        "// {id}",
        'var scopes = []string{"{id}/.default"}',
        "var v{n} = {n}",
        head="package auth",
    ),
    Language(
        "Auth.java",
        'Object app = PublicClientApplication.builder("{id}").build();',
        'String known = "{id}";',
        "// {id}",
        'String[] scopes = {"{id}/.default"};',
        "int v{n} = {n};",
        head="class Auth {",
        tail="}",
    ),
    Language(
        "main.tf",
        'provider "azuread" { client_id = "{id}" }',
        'locals { known = "{id}" }',
        "# {id}",
        'data "azuread_service_principal" "sp" { client_id = "{id}" }',
        "locals { v{n} = {n} }",
    ),
    Language(
        "main.bicep",
        "param clientId string = '{id}'",
        "var known = '{id}'",
        "// {id}",
        "var scopes = ['{id}/.default']",
        "var v{n} = {n}",
    ),
    Language(
        "login.sh",
        "az login --service-principal --username {id} --password x",
        "KNOWN={id}",
        "# {id}",
        "az ad sp show --id {id}",
        "V{n}={n}",
    ),
]
CONTEXTS = ("client", "unclear", "comment", "resource")


@st.composite
def spelled_ids(draw: st.DrawFn) -> tuple[str, str]:
    app_id = draw(st.sampled_from(IDS))
    written = app_id.upper() if draw(st.booleans()) else app_id
    if draw(st.booleans()):
        written = "{" + written + "}"
    return app_id, written


def _expected_rule(context: str, app_id: str) -> str | None:
    if context == "resource":
        return None
    if context == "client":
        return "FPA001"
    return "FPA002" if CAT.apps[app_id].client_capable else None


@st.composite
def documents(draw: st.DrawFn) -> tuple[Language, str, list[tuple[int, int, str | None, bool]]]:
    """A file, and per ID: its line, column, expected rule and whether it can sign in."""
    lang = draw(st.sampled_from(LANGUAGES))
    slots = draw(
        st.lists(st.tuples(st.sampled_from(CONTEXTS), spelled_ids()), min_size=1, max_size=3)
    )
    lines = [lang.head] if lang.head else []
    expected = []
    counter = 0
    for context, (app_id, written) in slots:
        for _ in range(draw(st.integers(0, 2))):
            counter += 1
            lines.append(lang.filler.replace("{n}", str(counter)))
        line = getattr(lang, context).replace("{id}", written)
        lines.append(line)
        capable = CAT.apps[app_id].client_capable
        rule = _expected_rule(context, app_id)
        expected.append((len(lines), line.index(written) + 1, rule, capable))
    if lang.tail:
        lines.append(lang.tail)
    return lang, "\n".join(lines) + "\n", expected


def _scan(name: str, text: str) -> Scanned:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        result = engine.scan_file(FileRef(path, name), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned), result
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents())
def test_every_id_is_reported_or_deliberately_quiet(
    doc: tuple[Language, str, list[tuple[int, int, str | None, bool]]],
) -> None:
    lang, text, expected = doc
    result = _scan(lang.name, text)
    found = [(f.location.line, f.location.column, f.rule) for f in result.findings]
    assert found == [(line, col, rule) for line, col, rule, _ in expected if rule], text
    assert result.notes == (), text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=documents(),
    # Control characters would make the file binary, which is skipped by design.
    garbage=st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40),
)
def test_a_broken_file_loses_no_id(
    doc: tuple[Language, str, list[tuple[int, int, str | None, bool]]], garbage: str
) -> None:
    """Broken files are read by the text scanner, which may only find an ID "unclear"; an
    ID that can sign in is then still a warning, while a resource-only one is quiet by policy.
    """
    lang, text, expected = doc
    result = _scan(lang.name, text + "\n" + garbage + "\n")
    reported = {(f.location.line, f.location.column) for f in result.findings}
    for line, column, rule, capable in expected:
        if rule is not None and capable:
            assert (line, column) in reported, (text, garbage, result)
