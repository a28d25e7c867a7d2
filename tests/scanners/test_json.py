"""The JSON scanner: ASP.NET Core settings, app manifests, comments, trailing commas, JSON5."""

from __future__ import annotations

import json
import re

import pytest
from helpers import ARM, AZ_CLI, AZ_PS, GRAPH, NOT_IN_CATALOG, OFFICE, Seen, scan_roles

from linter.catalog import Catalog
from linter.findings import Role
from linter.scanners import ParseError
from linter.scanners.config import json as json_scanner

JSON = "linter.scanners.config.json"
OTHER_GUID = "11111111-2222-3333-4444-555555555555"
USER_READ = "e1fe6dd8-ba31-4d61-89e7-88639da4683d"  # a permission ID, not an app
DEEP = 100_000


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


APPSETTINGS = lines(
    "{",
    "  // Sign-in for the web app (Microsoft.Identity.Web).",
    '  "AzureAd": {',
    '    "Instance": "https://login.microsoftonline.com/",',
    '    "TenantId": "common",',
    f'    "ClientId": "{AZ_CLI}",',
    f'    "Scopes": "{GRAPH}/.default",',
    '    "CallbackPath": "/signin-oidc",',
    "  },",
    '  "DownstreamApi": {',
    '    "BaseUrl": "https://graph.microsoft.com/v1.0",',
    f'    "Scopes": ["{GRAPH}/.default"], /* Microsoft Graph */',
    "  },",
    '  "Logging": { "LogLevel": { "Default": "Information" } },',
    '  "AllowedHosts": "*",',
    "}",
)

LAUNCH_SETTINGS = lines(
    "{",
    '  "profiles": {',
    '    "web": {',
    '      "commandName": "Project",',
    '      "environmentVariables": {',
    '        "ASPNETCORE_ENVIRONMENT": "Development",',
    f'        "AZURE_CLIENT_ID": "{AZ_CLI}"',
    "      }",
    "    }",
    "  }",
    "}",
)

LOCAL_SETTINGS = lines(
    "{",
    '  "IsEncrypted": false,',
    '  "Values": {',
    '    "AzureWebJobsStorage": "UseDevelopmentStorage=true",',
    f'    "AzureAd__ClientId": "{AZ_PS}",',
    f'    "KNOWN_APP": "{OFFICE}"',
    "  }",
    "}",
)

MANIFEST = lines(
    "{",
    f'  "appId": "{OTHER_GUID}",',
    '  "displayName": "Contoso API",',
    f'  "identifierUris": ["api://{OFFICE}"],',
    f'  "knownClientApplications": ["{AZ_CLI}"],',
    '  "requiredResourceAccess": [',
    "    {",
    f'      "resourceAppId": "{GRAPH}",',
    f'      "resourceAccess": [{{ "id": "{USER_READ}", "type": "Scope" }}]',
    "    },",
    f'    {{ "resourceAppId": "{ARM}", "resourceAccess": [] }}',
    "  ],",
    '  "api": {',
    '    "preAuthorizedApplications": [',
    f'      {{ "appId": "{AZ_PS}", "delegatedPermissionIds": ["{OTHER_GUID}"] }}',
    "    ]",
    "  }",
    "}",
)

CASES = [
    # The realistic files: every ID where a reader of the file would place it.
    pytest.param(
        APPSETTINGS,
        [
            Seen(6, 18, "client", "AzureAd:ClientId"),
            Seen(7, 16, "resource", "AzureAd:Scopes"),
            Seen(12, 17, "resource", "DownstreamApi:Scopes:0"),
        ],
        id="appsettings-azuread-section",
    ),
    pytest.param(
        LAUNCH_SETTINGS,
        [Seen(7, 29, "client", "profiles:web:environmentVariables:AZURE_CLIENT_ID")],
        id="launch-settings-environment-variable",
    ),
    pytest.param(
        LOCAL_SETTINGS,
        [
            Seen(5, 27, "client", "Values:AzureAd__ClientId"),
            Seen(6, 19, "unclear", "Values:KNOWN_APP"),
        ],
        id="functions-local-settings",
    ),
    pytest.param(
        MANIFEST,
        [
            Seen(4, 29, "resource", "identifierUris:0"),
            Seen(5, 32, "resource", "knownClientApplications:0"),
            Seen(8, 25, "resource", "requiredResourceAccess:0:resourceAppId"),
            Seen(11, 25, "resource", "requiredResourceAccess:1:resourceAppId"),
            Seen(15, 19, "resource", "api:preAuthorizedApplications:0:appId"),
        ],
        id="app-manifest",
    ),
    pytest.param(
        lines(
            "{",
            f'  "clientId": "{AZ_CLI}",',
            '  "clientSecret": "***",',
            '  "subscriptionId": "00000000-0000-0000-0000-000000000000",',
            '  "tenantId": "contoso.onmicrosoft.com"',
            "}",
        ),
        [Seen(2, 16, "client", "clientId")],
        id="azure-credentials-json",
    ),
    # Clients by other spellings and places.
    pytest.param(
        lines(f'{{ "Authentication": {{ "AppId": "{AZ_CLI}" }} }}'),
        [Seen(1, 33, "client", "Authentication:AppId")],
        id="app-id-under-auth-section",
    ),
    pytest.param(
        lines(f'{{ "msal": {{ "auth": {{ "client_id": "{AZ_PS}" }} }} }}'),
        [Seen(1, 37, "client", "msal:auth:client_id")],
        id="snake-case-client-id",
    ),
    pytest.param(
        lines(
            "{",
            '  "SignInUrl": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize'
            f'?client_id={AZ_CLI}&scope={GRAPH}/.default"',
            "}",
        ),
        [
            Seen(2, 90, "client", "SignInUrl:client_id"),
            Seen(2, 133, "resource", "SignInUrl:scope"),
        ],
        id="url-client-id-parameter",
    ),
    pytest.param(
        lines(f'{{ "Client\\u0049d": "{AZ_CLI}" }}'),
        [Seen(1, 21, "client", "ClientId")],
        id="escaped-key-is-decoded",
    ),
    # Resources.
    pytest.param(
        lines(f'{{ "Api": {{ "Audience": "{OFFICE}", "Scopes": ["{AZ_CLI}"] }} }}'),
        [Seen(1, 25, "resource", "Api:Audience"), Seen(1, 76, "resource", "Api:Scopes:0")],
        id="audience-and-scopes-list",
    ),
    # Unclear: a key that says nothing, app IDs outside auth sections, tables, comments.
    pytest.param(
        lines(f'{{ "apps": [1, 2, 3, {{ "name": "cli", "appId": "{AZ_CLI}" }}] }}'),
        [Seen(1, 48, "unclear", "apps:3:appId")],
        id="app-id-outside-auth-section",
    ),
    pytest.param(
        lines(
            "{",
            '  "knownApps": {',
            f'    "{AZ_CLI}": "Azure CLI",',
            f'    "{AZ_PS}": {{ "name": "Azure PowerShell" }}',
            "  },",
            f'  "{OFFICE}": "Office"',
            "}",
        ),
        [
            Seen(3, 6, "unclear", "knownApps"),
            Seen(4, 6, "unclear", "knownApps"),
            Seen(6, 4, "unclear", "key"),
        ],
        id="ids-as-keys-are-a-table",
    ),
    pytest.param(
        lines(
            "{",
            f"  // Azure CLI: {AZ_CLI}",
            '  "a": 1, /* was',
            f"     {AZ_PS} */",
            '  "b": 2',
            "}",
        ),
        [Seen(2, 17, "unclear", "comment"), Seen(4, 6, "unclear", "comment")],
        id="line-and-block-comments",
    ),
    pytest.param(
        lines(f'{{ "note": "signs in as \\"{AZ_CLI}\\" by default" }}'),
        [Seen(1, 26, "unclear", "note")],
        id="escaped-quotes-around-the-id",
    ),
    pytest.param(
        lines(f'["{AZ_CLI}", [[], {{}}, ["{AZ_PS}"]]]'),
        [Seen(1, 3, "unclear", "0"), Seen(1, 53, "unclear", "1:2:0")],
        id="top-level-array-and-empty-brackets",
    ),
    # JSON5, which `*.json5` files bring: bare keys, single quotes, hex, Infinity.
    pytest.param(
        lines(f"{{ clientId: '{AZ_CLI}', retries: +Infinity, mask: 0x1F, ratio: .5, }}"),
        [Seen(1, 14, "client", "clientId")],
        id="json5",
    ),
    # Spelling: upper case, braces (the column is the brace's), several on one line.
    pytest.param(
        lines(f'{{ "ClientId": "{AZ_CLI.upper()}" }}'),
        [Seen(1, 16, "client", "ClientId")],
        id="upper-case",
    ),
    pytest.param(
        lines(f'{{ "ClientId": "{{{AZ_CLI}}}" }}'),
        [Seen(1, 16, "client", "ClientId")],
        id="braced",
    ),
    pytest.param(
        lines(f'{{"cli": "{AZ_CLI}", "clientId": "{AZ_PS}", "scope": "{GRAPH}/.default"}}'),
        [
            Seen(1, 10, "unclear", "cli"),
            Seen(1, 62, "client", "clientId"),
            Seen(1, 111, "resource", "scope"),
        ],
        id="several-on-one-line",
    ),
    pytest.param(
        "\ufeff" + lines(f'{{ "ClientId": "{AZ_CLI}" }}'),
        [Seen(1, 17, "client", "ClientId")],
        id="byte-order-mark",
    ),
    # Near misses: not catalog IDs, so nothing at all.
    pytest.param(lines(f'{{ "ClientId": "{NOT_IN_CATALOG}" }}'), [], id="one-digit-off"),
    pytest.param(lines(f'{{ "ClientId": "{OTHER_GUID}" }}'), [], id="client-key-other-guid"),
    pytest.param(lines(f'{{ "ClientId": "{AZ_CLI}0" }}'), [], id="longer-hex-run"),
    pytest.param(lines("{}"), [], id="empty-object"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_json_scanner(text: str, expected: list[Seen]) -> None:
    assert scan_roles(JSON, text) == expected


def test_app_id_is_weak_client_evidence(catalog: Catalog) -> None:
    """`AppId` is only a generic name: the engine must be able to read Graph there as a resource."""
    text = lines(
        f'{{ "AzureAd": {{ "AppId": "{GRAPH}", "ClientId": "{AZ_CLI}" }} }}',
    )
    spans = list(json_scanner.scan(text, catalog.targets(text)))
    assert [(s.role, s.context, s.weak) for s in spans] == [
        (Role.CLIENT, "AzureAd:AppId", True),
        (Role.CLIENT, "AzureAd:ClientId", False),
    ]


MALFORMED = [
    pytest.param(
        lines("{", f'  "ClientId": "{AZ_CLI}",'), "line 3: '{' opened on line 1", id="unclosed"
    ),
    pytest.param(lines(f'{{ "ClientId" "{AZ_CLI}" }}'), "line 1: expected ':'", id="missing-colon"),
    pytest.param(
        lines("{", f'  "ClientId": {AZ_CLI}', "}"), "line 2: expected a value", id="bare-id"
    ),
    pytest.param(
        lines("{", '  "a": 1', '  "b": 2', "}"), "line 3: expected ','", id="missing-comma"
    ),
    pytest.param(lines("[1, 2}"), "line 1: expected ',' or a closing bracket", id="mismatched"),
    pytest.param(lines("[, 1]"), "line 1: expected a value, found ','", id="leading-comma"),
    pytest.param(lines('{"a": }'), "line 1: expected a value, found '}'", id="missing-value"),
    pytest.param(lines("{}", "{}"), "line 2: expected the end of the document", id="two-documents"),
    pytest.param(
        lines("{", '  "a": "open'), "line 2: unterminated string", id="unterminated-string"
    ),
    pytest.param(
        lines("{", "  /* open", "}"), "line 2: unterminated comment", id="unterminated-comment"
    ),
    pytest.param(
        lines('{"a": undefined}'), "line 1: expected a value, found 'undefined'", id="word"
    ),
    pytest.param(lines('{"a": 1} # hash'), "line 1: unexpected character '#'", id="hash-comment"),
    pytest.param(lines("]"), "line 1: expected a value, found ']'", id="stray-close"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_json_is_a_parse_error(text: str, message: str) -> None:
    with pytest.raises(ParseError, match="^" + re.escape(message)):
        scan_roles(JSON, text)


def test_deep_nesting_is_a_list_not_recursion() -> None:
    arrays = "[" * DEEP + f'"{AZ_CLI}"' + "]" * DEEP
    assert scan_roles(JSON, arrays) == [Seen(1, DEEP + 2, "unclear", "0:0:...:0:0:0:0:0:0:0:0")]
    objects = '{"a": ' * DEEP + f'{{"ClientId": "{AZ_CLI}"}}' + "}" * DEEP
    deep_context = "a:a:...:a:a:a:a:a:a:a:ClientId"
    assert scan_roles(JSON, objects) == [Seen(1, 6 * DEEP + 15, "client", deep_context)]
    with pytest.raises(ParseError, match=r"^line 1: '\[' opened on line 1 is not closed"):
        scan_roles(JSON, "[" * DEEP + f'"{AZ_CLI}"')


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"a": "' + "x" * 1_000_000, id="unterminated-string"),
        pytest.param('{"a": "' + "\\x" * 500_000, id="unterminated-string-of-escapes"),
        pytest.param("{/*" + "*" * 1_000_000, id="unterminated-comment"),
        pytest.param('{"a": 1}' + "\n" * 1_000_000 + "x", id="late-garbage"),
    ],
)
def test_pathological_input_fails_once_and_fast(text: str) -> None:
    with pytest.raises(ParseError):
        scan_roles(JSON, text)


def test_large_file_with_thousands_of_ids() -> None:
    """3.4 MB and 3,400 IDs: the kind of file that once took seconds; see --durations."""
    apps = [
        {
            "name": f"app {n}",
            "description": "x" * 700,
            "enabled": True,
            "weight": 1.5e3,
            "tags": ["a", "b", n],
            "AzureAd": {"ClientId": AZ_CLI if n % 2 else GRAPH, "Instance": "https://login/"},
            "owner": None,
        }
        for n in range(3_400)
    ]
    text = json.dumps({"apps": apps}, indent=2)
    assert len(text) > 3_400_000
    seen = scan_roles(JSON, text)
    assert len(seen) == 3_400
    assert {s.role for s in seen} == {"client"}
    assert seen[-1].context == "apps:3399:AzureAd:ClientId"
