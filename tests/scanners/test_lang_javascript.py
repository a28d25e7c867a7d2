"""JavaScript: the same rules as TypeScript over the JavaScript grammar, plus JSX attributes.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.javascript"

CASES = [
    pytest.param(
        (
            'const msal = require("@azure/msal-node");\n'
            "const pca = new msal.PublicClientApplication({\n"
            '  auth: { clientId: "@CLI", authority: "https://login.microsoftonline.com/common" },\n'
            "});\n"
        ),
        [
            Seen(3, 22, "client", "clientId"),
        ],
        id="msal-node-config",
    ),
    pytest.param(
        'const root = <MsalProvider clientId="@PS" instance={pca} />;\n',
        [
            Seen(1, 38, "client", "clientId"),
        ],
        id="jsx-provider",
    ),
    pytest.param(
        'config.auth.clientId = "@CLI";\n',
        [
            Seen(1, 25, "client", "config.auth.clientId"),
        ],
        id="assignment",
    ),
    pytest.param(
        (
            'const APP = "@PS";\n'
            "const cred = new UsernamePasswordCredential(tenantId, APP, user, password);\n"
        ),
        [
            Seen(1, 14, "client", "APP", "UsernamePasswordCredential at line 2"),
        ],
        id="const-flows-into-credential",
    ),
    pytest.param(
        'if (token.appid == "@CLI") process.exit(1);\n',
        [
            Seen(1, 21, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        'console.log("Using client @PS");\n',
        [
            Seen(1, 27, "unclear", "message (console.log)"),
        ],
        id="message",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_javascript(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
