"""TypeScript: MSAL.js / msal-node configs, @azure/identity credentials, constants that reach them.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from helpers import OFFICE
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.typescript"

CASES = [
    pytest.param(
        (
            "export const msalConfig: Configuration = {\n"
            "  auth: {\n"
            '    clientId: "@CLI",\n'
            '    authority: "https://login.microsoftonline.com/organizations",\n'
            "  },\n"
            "};\n"
        ),
        [
            Seen(3, 16, "client", "clientId"),
        ],
        id="msal-browser-config",
    ),
    pytest.param(
        "const pca = new msal.PublicClientApplication({ auth: { clientId: '@PS' } });\n",
        [
            Seen(1, 67, "client", "clientId"),
        ],
        id="msal-node-inline",
    ),
    pytest.param(
        'const credential = new InteractiveBrowserCredential({ clientId: "@CLI", tenantId });\n',
        [
            Seen(1, 66, "client", "clientId"),
        ],
        id="azure-identity-options",
    ),
    pytest.param(
        'const credential = new ClientSecretCredential(tenantId, "@PS", secret);\n',
        [
            Seen(1, 58, "client", "ClientSecretCredential(...)"),
        ],
        id="azure-identity-positional",
    ),
    pytest.param(
        (
            "const cred = new DeviceCodeCredential({\n"
            '  clientId: process.env.AZURE_CLIENT_ID ?? "@CLI",\n'
            "});\n"
        ),
        [
            Seen(2, 45, "client", "clientId"),
        ],
        id="env-default",
    ),
    pytest.param(
        (
            'const clientId = "@CLI";\n'
            "const app = new PublicClientApplication({ auth: { clientId } });\n"
        ),
        [
            Seen(1, 19, "client", "clientId", "clientId at line 2"),
        ],
        id="const-flows-into-shorthand",
    ),
    pytest.param(
        (
            'const DEFAULT_APP = "@PS" as const;\n'
            "const config = { auth: { clientId: DEFAULT_APP } } satisfies Configuration;\n"
        ),
        [
            Seen(1, 22, "client", "DEFAULT_APP", "clientId at line 2"),
        ],
        id="const-flows-into-config",
    ),
    pytest.param(
        (
            'const CANDIDATES = ["@CLI", "@PS"];\n'
            "for (const id of CANDIDATES) {\n"
            "  apps.push(new PublicClientApplication({ auth: { clientId: id } }));\n"
            "}\n"
        ),
        [
            Seen(1, 22, "client", "CANDIDATES", "clientId at line 3"),
            Seen(1, 62, "client", "CANDIDATES", "clientId at line 3"),
        ],
        id="table-iterated-into-config",
    ),
    pytest.param(
        "const url = `https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=@CLI`;\n",
        [
            Seen(1, 87, "client", "client_id"),
        ],
        id="token-url",
    ),
    pytest.param(
        (
            "const loginRequest = {\n"
            '  scopes: ["@GRAPH/.default", "api://@OFFICE/user_impersonation"],\n'
            "};\n"
        ),
        [
            Seen(2, 13, "resource", "scopes"),
            Seen(2, 68, "resource", "scopes"),
        ],
        id="scopes-are-resources",
    ),
    pytest.param(
        (
            'if (claims.appid === "@CLI" || claims.azp !== "@PS") {\n'
            "  return false;\n"
            "}\n"
            'const trusted = ["@OFFICE"].includes(claims.appid);\n'
        ),
        [
            Seen(1, 23, "unclear", "comparison"),
            Seen(1, 80, "unclear", "comparison"),
            Seen(4, 19, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        (
            'console.warn("Signed in with the Azure CLI app @CLI; register your own app.");\n'
            "throw new Error(`Unexpected client @PS`);\n"
        ),
        [
            Seen(1, 48, "unclear", "message (console.warn)"),
            Seen(2, 36, "unclear", "message (Error)"),
        ],
        id="messages",
    ),
    pytest.param(
        (
            "const APP_NAMES: Record<string, string> = {\n"
            '  "@CLI": "Azure CLI",\n'
            '  "@PS": "Azure PowerShell",\n'
            "};\n"
        ),
        [
            Seen(2, 4, "unclear", ""),
            Seen(3, 4, "unclear", ""),
        ],
        id="lookup-table-not-sent",
    ),
    pytest.param(
        ("// Azure CLI: @CLI\n/** Azure PowerShell: @PS */\n"),
        [
            Seen(1, 15, "unclear", "comment"),
            Seen(2, 23, "unclear", "comment"),
        ],
        id="comment",
    ),
    pytest.param(
        'const msalConfig = { auth: { clientId: "04b07795-8ddb-461a-bbee-02f9e1bf7b47" } };\n',
        [],
        id="near-miss",
    ),
    pytest.param(
        'body.append("client_id", "@CLI");\n',
        [
            Seen(1, 27, "client", "client_id"),
        ],
        id="url-search-params-append",
    ),
    pytest.param(
        (
            'expect(msalConfig.auth.clientId).toBe("@CLI");\n'
            'assert.strictEqual(config.clientId, "@PS");\n'
        ),
        [
            Seen(1, 40, "unclear", "comparison"),
            Seen(2, 38, "unclear", "comparison"),
        ],
        id="test-assertions-compare",
    ),
    pytest.param(
        'const request = { clientId: "@PS", scopes: ["@OFFICE/.default"] };\n',
        [
            Seen(1, 30, "client", "clientId", resource=OFFICE),
            Seen(1, 79, "resource", "scopes"),
        ],
        id="resource-named-in-the-same-object",
    ),
    pytest.param(
        (
            'const CANDIDATES = ["@CLI", "@PS"];\n'
            "const apps = CANDIDATES.map(\n"
            "  (id: string) => new PublicClientApplication({ auth: { clientId: id } }),\n"
            ");\n"
        ),
        [
            Seen(1, 22, "client", "CANDIDATES", "clientId at line 3"),
            Seen(1, 62, "client", "CANDIDATES", "clientId at line 3"),
        ],
        id="table-iterated-by-callback",
    ),
    pytest.param(
        ('const KNOWN = ["@CLI"];\nKNOWN.forEach((id) => console.log(id));\n'),
        [
            Seen(1, 17, "unclear", "KNOWN"),
        ],
        id="callback-over-table-that-only-displays",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_typescript(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
