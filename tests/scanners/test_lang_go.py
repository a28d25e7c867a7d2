"""Go: MSAL Go and azidentity constructors, option structs, constants and ranged slices.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from helpers import GRAPH
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.go"

CASES = [
    pytest.param(
        'client, err := public.New("@CLI", public.WithAuthority(authority))\n',
        [
            Seen(1, 28, "client", "public.New(...)"),
        ],
        id="msal-public-new",
    ),
    pytest.param(
        'client, err := confidential.New(authority, "@PS", cred)\n',
        [
            Seen(1, 45, "client", "confidential.New(...)"),
        ],
        id="msal-confidential-new",
    ),
    pytest.param(
        'cred, err := azidentity.NewClientSecretCredential(tenantID, "@CLI", secret, nil)\n',
        [
            Seen(1, 62, "client", "azidentity.NewClientSecretCredential(...)"),
        ],
        id="azidentity-positional",
    ),
    pytest.param(
        (
            "opts := &azidentity.InteractiveBrowserCredentialOptions{\n"
            '\tClientID: "@PS",\n'
            "\tTenantID: tenantID,\n"
            "}\n"
        ),
        [
            Seen(2, 13, "client", "ClientID"),
        ],
        id="azidentity-options-struct",
    ),
    pytest.param(
        (
            'const defaultClientApp = "@CLI"\n'
            "\n"
            "func newClient() (public.Client, error) {\n"
            "\treturn public.New(defaultClientApp)\n"
            "}\n"
        ),
        [
            Seen(1, 27, "client", "defaultClientApp", "public.New at line 4"),
        ],
        id="const-flows-into-constructor",
    ),
    pytest.param(
        (
            'var candidates = []string{"@CLI", "@PS"}\n'
            "\n"
            "func tryAll() {\n"
            "\tfor _, id := range candidates {\n"
            "\t\t_, _ = public.New(id)\n"
            "\t}\n"
            "}\n"
        ),
        [
            Seen(1, 28, "client", "candidates", "public.New at line 5"),
            Seen(1, 68, "client", "candidates", "public.New at line 5"),
        ],
        id="slice-ranged-into-constructor",
    ),
    pytest.param(
        'form := map[string]string{"client_id": "@CLI", "scope": "@GRAPH/.default"}\n',
        [
            Seen(1, 41, "client", "client_id", resource=GRAPH),
            Seen(1, 90, "resource", "scope"),
        ],
        id="map-literal-token-body",
    ),
    pytest.param(
        'scopes := []string{"@GRAPH/.default"}\n',
        [
            Seen(1, 21, "resource", "scopes"),
        ],
        id="scopes-are-resources",
    ),
    pytest.param(
        ('if claims.AppID == "@CLI" || strings.EqualFold(claims.Azp, "@PS") {\n\treturn nil\n}\n'),
        [
            Seen(1, 21, "unclear", "comparison"),
            Seen(1, 93, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        ('log.Printf("signed in with the Azure CLI app @CLI")\nfmt.Println("client: @PS")\n'),
        [
            Seen(1, 46, "unclear", "message (log.Printf)"),
            Seen(2, 22, "unclear", "message (fmt.Println)"),
        ],
        id="messages",
    ),
    pytest.param(
        ('var appNames = map[string]string{\n\t"@CLI": "Azure CLI",\n}\n'),
        [
            Seen(2, 3, "unclear", ""),
        ],
        id="lookup-table-not-sent",
    ),
    pytest.param(
        "// Azure CLI: @CLI\n",
        [
            Seen(1, 15, "unclear", "comment"),
        ],
        id="comment",
    ),
    pytest.param(
        'client, err := public.New("04b07795-8ddb-461a-bbee-02f9e1bf7b47")\n',
        [],
        id="near-miss",
    ),
    pytest.param(
        'form.Set("client_id", "@PS")\n',
        [
            Seen(1, 24, "client", "client_id"),
        ],
        id="url-values-set",
    ),
    pytest.param(
        'assert.Equal(t, "@CLI", cfg.ClientID)\n',
        [
            Seen(1, 18, "unclear", "comparison"),
        ],
        id="test-assertions-compare",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_go(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
