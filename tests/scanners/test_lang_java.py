"""Java: MSAL4J and azure-identity builders, setters, constants and arrays iterated into them.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.java"

CASES = [
    pytest.param(
        (
            'PublicClientApplication app = PublicClientApplication.builder("@CLI")\n'
            "        .authority(AUTHORITY)\n"
            "        .build();\n"
        ),
        [
            Seen(1, 64, "client", "PublicClientApplication.builder(...)"),
        ],
        id="msal4j-public-builder",
    ),
    pytest.param(
        (
            "ConfidentialClientApplication app =\n"
            '        ConfidentialClientApplication.builder("@PS", credential).build();\n'
        ),
        [
            Seen(2, 48, "client", "ConfidentialClientApplication.builder(...)"),
        ],
        id="msal4j-confidential-builder",
    ),
    pytest.param(
        (
            "ClientSecretCredential cred = new ClientSecretCredentialBuilder()\n"
            '        .clientId("@CLI")\n'
            "        .tenantId(tenantId)\n"
            "        .clientSecret(secret)\n"
            "        .build();\n"
        ),
        [
            Seen(2, 20, "client", "clientId(...)"),
        ],
        id="azure-identity-builder",
    ),
    pytest.param(
        'config.setClientId("@PS");\n',
        [
            Seen(1, 21, "client", "config.setClientId(...)"),
        ],
        id="setter",
    ),
    pytest.param(
        (
            "class Auth {\n"
            '    private static final String CLIENT_APP = "@CLI";\n'
            "\n"
            "    PublicClientApplication app() throws Exception {\n"
            "        return PublicClientApplication.builder(CLIENT_APP).build();\n"
            "    }\n"
            "}\n"
        ),
        [
            Seen(2, 47, "client", "CLIENT_APP", "PublicClientApplication.builder at line 5"),
        ],
        id="constant-flows-into-builder",
    ),
    pytest.param(
        (
            'static final String[] CANDIDATES = {"@CLI", "@PS"};\n'
            "\n"
            "void tryAll() throws Exception {\n"
            "    for (String id : CANDIDATES) {\n"
            "        PublicClientApplication.builder(id).build();\n"
            "    }\n"
            "}\n"
        ),
        [
            Seen(1, 38, "client", "CANDIDATES", "PublicClientApplication.builder at line 5"),
            Seen(1, 78, "client", "CANDIDATES", "PublicClientApplication.builder at line 5"),
        ],
        id="array-iterated-into-builder",
    ),
    pytest.param(
        'Set<String> scopes = Collections.singleton("@GRAPH/.default");\n',
        [
            Seen(1, 45, "resource", "scope"),
        ],
        id="scopes-are-resources",
    ),
    pytest.param(
        ('if ("@CLI".equals(appId) || appId.equalsIgnoreCase("@PS")) {\n    return;\n}\n'),
        [
            Seen(1, 6, "unclear", "comparison"),
            Seen(1, 85, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        (
            'System.out.println("Signed in with @CLI");\n'
            'logger.warn("unexpected client {}", "@PS");\n'
        ),
        [
            Seen(1, 36, "unclear", "message (System.out.println)"),
            Seen(2, 38, "unclear", "message (logger.warn)"),
        ],
        id="messages",
    ),
    pytest.param(
        "// Azure CLI: @CLI\n",
        [
            Seen(1, 15, "unclear", "comment"),
        ],
        id="comment",
    ),
    pytest.param(
        'PublicClientApplication.builder("04b07795-8ddb-461a-bbee-02f9e1bf7b47").build();\n',
        [],
        id="near-miss",
    ),
    pytest.param(
        ('form.put("client_id", "@OFFICE");\nform.put("scope", "@GRAPH/.default");\n'),
        [
            Seen(1, 24, "client", "client_id"),
            Seen(2, 20, "resource", "scope"),
        ],
        id="map-put-token-form",
    ),
    pytest.param(
        (
            'assertEquals("@CLI", config.getClientId());\n'
            'assertThat(config.getClientId()).isEqualTo("@PS");\n'
        ),
        [
            Seen(1, 15, "unclear", "comparison"),
            Seen(2, 45, "unclear", "comparison"),
        ],
        id="test-assertions-compare",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_java(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
