"""The text scanner: the nearest key on the line decides; comments and prose are unclear."""

from __future__ import annotations

import pytest
from helpers import ARM, AZ_CLI, AZ_PS, GRAPH, NOT_IN_CATALOG, OFFICE, Seen, scan_roles

TEXT = "linter.scanners.text"
PROSE = "linter.scanners.text:scan_prose"

CASES = [
    # C#: MSAL.NET builder and options objects.
    pytest.param(
        f'var app = PublicClientApplicationBuilder.Create("{AZ_CLI}").Build();\n',
        [Seen(1, 50, "client", "PublicClientApplicationBuilder.Create(...)")],
        id="csharp-builder-create",
    ),
    pytest.param(
        f'    .WithClientId("{AZ_PS}")\n',
        [Seen(1, 20, "client", "WithClientId(...)")],
        id="csharp-with-client-id",
    ),
    pytest.param(
        f'options.ClientId = "{AZ_CLI}";\n',
        [Seen(1, 21, "client", "options.ClientId")],
        id="csharp-options-client-id",
    ),
    # TypeScript MSAL config.
    pytest.param(
        f'const msalConfig = {{ auth: {{ clientId: "{AZ_CLI}" }} }};\n',
        [Seen(1, 41, "client", "clientId")],
        id="ts-msal-auth-clientId",
    ),
    # PowerShell parameters.
    pytest.param(
        f"Connect-MgGraph -ClientId {AZ_PS} -TenantId $t\n",
        [Seen(1, 27, "client", "ClientId")],
        id="powershell-clientid-param",
    ),
    # Shell: a token request body.
    pytest.param(
        f'curl -d "grant_type=password&client_id={AZ_CLI}&scope={GRAPH}/.default" $URL\n',
        [Seen(1, 40, "client", "client_id"), Seen(1, 83, "resource", "scope")],
        id="shell-curl-token-request",
    ),
    # Terraform provider block (the text scanner stands in until a real parser exists).
    pytest.param(
        f'  client_id = "{AZ_CLI}"\n',
        [Seen(1, 16, "client", "client_id")],
        id="terraform-client-id",
    ),
    # Resource contexts stay resource.
    pytest.param(
        f'resourceAppId: "{GRAPH}"\nscope = "{ARM}/user_impersonation"\n',
        [Seen(1, 17, "resource", "resourceAppId"), Seen(2, 10, "resource", "scope")],
        id="resource-keys-and-scopes",
    ),
    pytest.param(
        f'audience = "api://{OFFICE}"\n',
        [Seen(1, 19, "resource", "identifier URI")],
        id="identifier-uri",
    ),
    # Comments and bare mentions are unclear.
    pytest.param(
        f"// the Azure CLI app is {AZ_CLI}\n# {AZ_PS}\n",
        [Seen(1, 25, "unclear", "comment"), Seen(2, 3, "unclear", "comment")],
        id="comments",
    ),
    pytest.param(
        f'x = "a"  # client_id = {AZ_CLI}\n',
        [Seen(1, 24, "unclear", "comment")],
        id="trailing-comment-wins-over-key",
    ),
    pytest.param(
        f'url = "http://host/#frag"; clientId = "{AZ_CLI}"\n',
        [Seen(1, 40, "client", "clientId")],
        id="hash-inside-string-is-not-a-comment",
    ),
    pytest.param(
        f'KNOWN = ["{AZ_CLI}", "{AZ_PS}"]\n',
        [Seen(1, 11, "unclear", ""), Seen(1, 51, "unclear", "")],
        id="table-of-ids",
    ),
    pytest.param(f'tenant = "{AZ_CLI}"\n', [Seen(1, 11, "unclear", "")], id="tenant-near-miss"),
    # Spelling: case and braces; the column points at the brace.
    pytest.param(
        f'ClientId = "{{{AZ_CLI.upper()}}}"\n',
        [Seen(1, 13, "client", "ClientId")],
        id="braced-upper-case",
    ),
    # XML read as text (a broken web.config): the key attribute names the value.
    pytest.param(
        f'<add key="ida:ClientId" value="{AZ_CLI}" />\n<add key="Other" value="{AZ_PS}"/>\n',
        [Seen(1, 32, "client", "ida:ClientId"), Seen(2, 25, "unclear", "")],
        id="xml-key-value-as-text",
    ),
    # Not hits at all.
    pytest.param(f'client_id = "{NOT_IN_CATALOG}"\n', [], id="one-digit-off"),
    pytest.param(f'client_id = "a{AZ_CLI}"\n', [], id="longer-hex-run"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_text_scanner(text: str, expected: list[Seen]) -> None:
    assert scan_roles(TEXT, text) == expected


def test_prose_is_never_a_client() -> None:
    text = f"Set `client_id = {AZ_CLI}` to use the Azure CLI app.\n"
    assert scan_roles(PROSE, text) == [Seen(1, 18, "unclear", "client_id")]


def test_minified_line_with_many_ids_is_linear() -> None:
    """One 2 MB line with 20,000 IDs: each hit looks back a bounded distance only."""
    text = ("x" * 60 + f'clientId:"{AZ_CLI}",') * 20_000
    seen = scan_roles(TEXT, text)
    assert len(seen) == 20_000
    assert {s.role for s in seen} == {"client"}


@pytest.mark.parametrize(
    ("line", "role", "context"),
    [
        (f'<add key="ida:ClientId" value="{GRAPH}"/>', "client", "ida:ClientId"),
        (f"<add name='Scope' value='{AZ_CLI}'/>", "resource", "Scope"),
        (f'<add key="Other" value="{AZ_CLI}"/>', "unclear", ""),
    ],
)
def test_value_attribute_is_named_by_its_key_sibling(line: str, role: str, context: str) -> None:
    """Regression: a .config the XML parser rejects lost `key="ClientId"` and, for an ID known
    only as a resource, the finding itself (found by the property test of broken files)."""
    (seen,) = scan_roles(TEXT, line + "\n")
    assert (seen.role, seen.context) == (role, context)


def test_blank_alignment_before_an_id_costs_no_backtracking() -> None:
    """Regression: 160 blanks before an ID made one key lookup backtrack for 5 seconds."""
    import time

    text = "".join(f"x{' ' * 170}{AZ_CLI}\n" for _ in range(200))
    started = time.perf_counter()
    seen = scan_roles(TEXT, text)
    assert len(seen) == 200
    assert time.perf_counter() - started < 2
