"""Property: a catalog ID put anywhere in any supported file is reported or deliberately quiet.

Hypothesis picks the format, the ID, its spelling (case, braces), the context it stands in,
the filler around it and the file's encoding; the real engine must report every occurrence at
the exact line and column, with the rule its context calls for, or stay quiet only where the
use is a resource. Appending garbage that breaks the parser must not lose a single ID.
"""

from __future__ import annotations

import codecs
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
class Format:
    name: str
    client: str
    unclear: str
    comment: str
    resource: str
    filler: str
    head: str = ""
    tail: str = ""
    prose: bool = False
    unique_keys: bool = False  # the format rejects a key written twice (TOML)


FORMATS = [
    Format(
        "auth.py",
        'CLIENT_ID = "{id}"',
        'SOMETHING = "{id}"',
        "# {id}",
        'SCOPES = ["{id}/.default"]',
        "x{n} = {n}",
    ),
    Format(
        "appsettings.json",
        '"ClientId": "{id}",',
        '"Other": "{id}",',
        "// {id}",
        '"Scopes": ["{id}/.default"],',
        '"k{n}": {n},',
        head="{",
        tail='"end": 0\n}',
    ),
    Format(
        ".env",
        "AZURE_CLIENT_ID={id}",
        "OTHER={id}",
        "# {id}",
        "GRAPH_SCOPE={id}/.default",
        "K{n}=v{n}",
    ),
    Format(
        "values.yaml",
        'client_id: "{id}"',
        'other: "{id}"',
        "# {id}",
        'scope: "{id}/.default"',
        "k{n}: {n}",
    ),
    Format(
        "settings.toml",
        'client_id = "{id}"',
        'other = "{id}"',
        "# {id}",
        'scope = "{id}/.default"',
        "k{n} = {n}",
        unique_keys=True,
    ),
    Format(
        "setup.cfg",
        "client_id = {id}",
        "other = {id}",
        "# {id}",
        "scope = {id}/.default",
        "k{n} = {n}",
        head="[auth]",
    ),
    Format(
        "web.config",
        '<add key="ClientId" value="{id}"/>',
        '<add key="Other" value="{id}"/>',
        "<!-- {id} -->",
        '<add key="Scope" value="{id}/.default"/>',
        '<add key="k{n}" value="{n}"/>',
        head="<configuration><appSettings>",
        tail="</appSettings></configuration>",
    ),
    Format(
        "auth.ts",
        'const clientId = "{id}";',
        'const other = "{id}";',
        "// {id}",
        'const scope = "{id}/.default";',
        "const k{n} = {n};",
    ),
    Format(
        "NOTES.md",
        "client_id = {id}",
        "the app {id}",
        "<!-- {id} -->",
        "scope {id}/.default",
        "line {n}",
        prose=True,
    ),
    # Languages with tree-sitter parsers.
    Format(
        "Auth.cs",
        'var app = PublicClientApplicationBuilder.Create("{id}").Build();',
        'var known = "{id}";',
        "// {id}",
        'var scopes = new[] { "{id}/.default" };',
        "var v{n} = {n};",
    ),
    Format(
        "auth.mjs",
        'const pca = new PublicClientApplication({ auth: { clientId: "{id}" } });',
        'const known = "{id}";',
        "/* {id} */",
        'const request = { scopes: ["{id}/.default"] };',
        "const v{n} = {n};",
    ),
    Format(
        "Connect.ps1",
        "Connect-MgGraph -ClientId '{id}' -NoWelcome",
        "$known = '{id}'",
        "# {id}",
        "Get-MgServicePrincipal -Filter \"appId eq '{id}'\"",
        "$v{n} = {n}",
    ),
    Format(
        "auth.go",
        'var client, _ = public.New("{id}")',
        'var known = "{id}"',
        "// {id}",
        'var scopes = []string{"{id}/.default"}',
        "var v{n} = {n}",
        head="package auth",
    ),
    Format(
        "Auth.java",
        'Object app = PublicClientApplication.builder("{id}").build();',
        'String known = "{id}";',
        "// {id}",
        'String[] scopes = {"{id}/.default"};',
        "int v{n} = {n};",
        head="class Auth {",
        tail="}",
    ),
    Format(
        "main.tf",
        'provider "azuread" { client_id = "{id}" }',
        'locals { known = "{id}" }',
        "# {id}",
        'data "azuread_service_principal" "sp" { client_id = "{id}" }',
        "locals { v{n} = {n} }",
    ),
    Format(
        "main.bicep",
        "param clientId string = '{id}'",
        "var known = '{id}'",
        "// {id}",
        "var scopes = ['{id}/.default']",
        "var v{n} = {n}",
    ),
    Format(
        "login.sh",
        "az login --service-principal --username {id} --password x",
        "KNOWN={id}",
        "# {id}",
        "az ad sp show --id {id}",
        "V{n}={n}",
    ),
]
CONTEXTS = ("client", "unclear", "comment", "resource")
# A file, and per ID: its line, column, expected rule and whether it can sign in.
Document = tuple[Format, str, list[tuple[int, int, str | None, bool]]]


@st.composite
def spelled_ids(draw: st.DrawFn) -> tuple[str, str]:
    app_id = draw(st.sampled_from(IDS))
    case = draw(st.sampled_from(["lower", "upper", "mixed"]))
    if case == "upper":
        written = app_id.upper()
    elif case == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=36, max_size=36))
        written = "".join(c.upper() if f else c for c, f in zip(app_id, flips, strict=True))
    else:
        written = app_id
    if draw(st.booleans()):
        written = "{" + written + "}"
    return app_id, written


def _expected_rule(fmt: Format, context: str, app_id: str) -> str | None:
    app = CAT.apps[app_id]
    if context == "resource":
        return None
    if context == "client" and not fmt.prose:
        return "FPA001"
    return "FPA002" if app.client_capable else None


@st.composite
def documents(draw: st.DrawFn) -> Document:
    fmt = draw(st.sampled_from(FORMATS))
    slots = draw(
        st.lists(
            st.tuples(st.sampled_from(CONTEXTS), spelled_ids()),
            min_size=1,
            max_size=3,
            unique_by=(lambda slot: slot[0]) if fmt.unique_keys else None,
        )
    )
    lines = [fmt.head] if fmt.head else []
    expected = []
    counter = 0
    for context, (app_id, written) in slots:
        for _ in range(draw(st.integers(0, 3))):
            counter += 1
            lines.append(fmt.filler.replace("{n}", str(counter)))
        template = getattr(fmt, context)
        indent = " " * draw(st.integers(0, 2)) if fmt.name.endswith((".json", ".config")) else ""
        line = indent + template.replace("{id}", written)
        column = line.index(written) + 1
        lines.append(line)
        capable = CAT.apps[app_id].client_capable
        expected.append((len(lines), column, _expected_rule(fmt, context, app_id), capable))
    if fmt.tail:
        lines.append(fmt.tail)
    return fmt, "\n".join(lines) + "\n", expected


ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE)]


def _scan(name: str, data: bytes) -> Scanned:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = engine.scan_file(FileRef(path, name), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned), result
    return result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), encoding=st.sampled_from(ENCODINGS))
def test_every_id_is_reported_or_deliberately_quiet(
    doc: Document, encoding: tuple[str, bytes]
) -> None:
    fmt, text, expected = doc
    codec, bom = encoding
    result = _scan(fmt.name, bom + text.encode(codec))
    found = [(f.location.line, f.location.column, f.rule) for f in result.findings]
    assert found == [(line, col, rule) for line, col, rule, _ in expected if rule], text
    assert result.notes == (), text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), garbage=st.text(min_size=1, max_size=40))
def test_a_broken_file_loses_no_id_that_can_sign_in(doc: Document, garbage: str) -> None:
    """Garbage appended to a file: whichever scanner reads it, IDs that can sign in survive.

    A broken file falls back to the text scanner, which may only find a client line unclear;
    an ID that can sign in is then still a warning, a resource-only one quiet by policy.
    """
    fmt, text, expected = doc
    result = _scan(fmt.name, (text + "\n" + garbage + "\n").encode("utf-8", "surrogatepass"))
    reported = {(f.location.line, f.location.column) for f in result.findings}
    for line, column, rule, capable in expected:
        if rule is not None and capable:
            assert (line, column) in reported, (text, garbage, result)
