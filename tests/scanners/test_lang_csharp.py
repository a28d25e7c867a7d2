"""C#: MSAL.NET builders, Azure.Identity credentials and options, and constants that reach them.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.csharp"

CASES = [
    pytest.param(
        (
            'var app = PublicClientApplicationBuilder.Create("@CLI")\n'
            "    .WithDefaultRedirectUri()\n"
            "    .Build();\n"
        ),
        [
            Seen(1, 50, "client", "PublicClientApplicationBuilder.Create(...)"),
        ],
        id="builder-create",
    ),
    pytest.param(
        (
            "var app = ConfidentialClientApplicationBuilder.Create(config.ClientId)\n"
            '    .WithClientId("@PS")\n'
            "    .WithClientSecret(secret)\n"
            "    .Build();\n"
        ),
        [
            Seen(2, 20, "client", "WithClientId(...)"),
        ],
        id="confidential-builder-with-client-id",
    ),
    pytest.param(
        (
            "var options = new InteractiveBrowserCredentialOptions\n"
            "{\n"
            "    TenantId = tenantId,\n"
            '    ClientId = "@CLI",\n'
            "};\n"
        ),
        [
            Seen(4, 17, "client", "ClientId"),
        ],
        id="azure-identity-options-initializer",
    ),
    pytest.param(
        'var credential = new ClientSecretCredential(tenantId, "@PS", secret);\n',
        [
            Seen(1, 56, "client", "ClientSecretCredential(...)"),
        ],
        id="azure-identity-positional-client-id",
    ),
    pytest.param(
        'var cred = new DeviceCodeCredential(clientId: "@CLI", tenantId: tenant);\n',
        [
            Seen(1, 48, "client", "clientId"),
        ],
        id="named-argument",
    ),
    pytest.param(
        'options.ClientId = new Guid("@OFFICE").ToString();\n',
        [
            Seen(1, 30, "client", "options.ClientId"),
        ],
        id="guid-conversion",
    ),
    pytest.param(
        (
            "internal static class AuthConfig\n"
            "{\n"
            "    // The app registered for this tool.\n"
            '    private const string DefaultApp = "@CLI";\n'
            "\n"
            "    public static IPublicClientApplication Build() =>\n"
            "        PublicClientApplicationBuilder.Create(DefaultApp).Build();\n"
            "}\n"
        ),
        [
            Seen(4, 40, "client", "DefaultApp", "PublicClientApplicationBuilder.Create at line 7"),
        ],
        id="const-flows-into-builder",
    ),
    pytest.param(
        (
            'static readonly string[] CandidateApps = { "@CLI", "@PS" };\n'
            "void SignIn()\n"
            "{\n"
            "    foreach (var id in CandidateApps)\n"
            "    {\n"
            "        var app = PublicClientApplicationBuilder.Create(id).Build();\n"
            "    }\n"
            "}\n"
        ),
        [
            Seen(
                1, 45, "client", "CandidateApps", "PublicClientApplicationBuilder.Create at line 6"
            ),
            Seen(
                1, 85, "client", "CandidateApps", "PublicClientApplicationBuilder.Create at line 6"
            ),
        ],
        id="table-iterated-into-builder",
    ),
    pytest.param(
        (
            'string[] scopes = { "@GRAPH/.default" };\n'
            'var result = await app.AcquireTokenInteractive(new[] { "api://@OFFICE/access" })\n'
            "    .ExecuteAsync();\n"
        ),
        [
            Seen(1, 22, "resource", "scopes"),
            Seen(2, 63, "resource", "scope"),
        ],
        id="scopes-are-resources",
    ),
    pytest.param(
        (
            'if (token.AppId == "@CLI") { return; }\n'
            'if (string.Equals(appId, "@PS", StringComparison.OrdinalIgnoreCase)) { }\n'
            'if ("@OFFICE".Equals(claims["appid"])) { }\n'
        ),
        [
            Seen(1, 21, "unclear", "comparison"),
            Seen(2, 27, "unclear", "comparison"),
            Seen(3, 6, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        (
            'Console.WriteLine("Sign in with the Azure CLI app (@CLI) first.");\n'
            '_logger.LogWarning("Token issued to {AppId}", "@PS");\n'
            'throw new InvalidOperationException("Unexpected client @OFFICE");\n'
        ),
        [
            Seen(1, 52, "unclear", "message (Console.WriteLine)"),
            Seen(2, 48, "unclear", "message (_logger.LogWarning)"),
            Seen(3, 56, "unclear", "message (InvalidOperationException)"),
        ],
        id="messages",
    ),
    pytest.param(
        (
            "private static readonly Dictionary<string, string> KnownApps = new()\n"
            "{\n"
            '    ["@CLI"] = "Azure CLI",\n'
            '    ["@PS"] = "Azure PowerShell",\n'
            "};\n"
        ),
        [
            Seen(3, 7, "unclear", ""),
            Seen(4, 7, "unclear", ""),
        ],
        id="lookup-table-not-sent",
    ),
    pytest.param(
        ("// Azure CLI: @CLI\n/* Azure PowerShell: @PS */\n"),
        [
            Seen(1, 15, "unclear", "comment"),
            Seen(2, 22, "unclear", "comment"),
        ],
        id="comment",
    ),
    pytest.param(
        (
            "var app = PublicClientApplicationBuilder\n"
            '    .Create("04b07795-8ddb-461a-bbee-02f9e1bf7b47");\n'
        ),
        [],
        id="near-miss",
    ),
    pytest.param(
        'var clientId = Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") ?? "@CLI";\n',
        [
            Seen(1, 74, "client", "clientId"),
        ],
        id="environment-fallback",
    ),
    pytest.param(
        (
            'var pair = new KeyValuePair<string, string>("client_id", "@PS");\n'
            'form.Add("scope", "@GRAPH/.default");\n'
        ),
        [
            Seen(1, 59, "client", "client_id"),
            Seen(2, 20, "resource", "scope"),
        ],
        id="key-value-pair-arguments",
    ),
    pytest.param(
        'var app = PublicClientApplicationBuilder.Create(args.Length > 0 ? args[0] : "@CLI");\n',
        [
            Seen(1, 78, "client", "PublicClientApplicationBuilder.Create(...)"),
        ],
        id="ternary-argument",
    ),
    pytest.param(
        'private static readonly Guid PortalAppId = Guid.Parse("@CLI");\n',
        [
            Seen(1, 56, "unclear", "PortalAppId"),
        ],
        id="vague-name-reaching-no-sink",
    ),
    pytest.param(
        (
            'private const string Fallback = "@PS";\n'
            "IPublicClientApplication Build(string? configured) =>\n"
            "    PublicClientApplicationBuilder\n"
            "        .Create(configured ?? Fallback)\n"
            "        .Build();\n"
        ),
        [
            Seen(1, 34, "client", "Fallback", "PublicClientApplicationBuilder.Create at line 4"),
        ],
        id="multi-line-chain-names-the-sink-on-one-line",
    ),
    pytest.param(
        ('options\n    .ClientId = "@CLI";\n'),
        [
            Seen(2, 18, "client", "options.ClientId"),
        ],
        id="multi-line-assignment-target",
    ),
    pytest.param(
        ('Assert.Equal("@CLI", options.ClientId);\noptions.ClientId.Should().Be("@PS");\n'),
        [
            Seen(1, 15, "unclear", "comparison"),
            Seen(2, 31, "unclear", "comparison"),
        ],
        id="test-assertions-compare",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_csharp(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
