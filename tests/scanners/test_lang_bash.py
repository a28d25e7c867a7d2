"""Shell: curl / wget token requests, az login as a service principal, lookups and echo.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from helpers import GRAPH
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.bash"

CASES = [
    pytest.param(
        (
            'curl -s -X POST "https://login.microsoftonline.com/$TENANT/oauth2/v2.0/token" \\\n'
            '  -d "client_id=@CLI&scope=@GRAPH/.default&grant_type=client_credentials"\n'
        ),
        [
            Seen(2, 17, "client", "client_id", resource=GRAPH),
            Seen(2, 60, "resource", "scope"),
        ],
        id="curl-token-request",
    ),
    pytest.param(
        'wget --post-data client_id=@PS "$TOKEN_URL"\n',
        [
            Seen(1, 28, "client", "client_id"),
        ],
        id="wget-word-argument",
    ),
    pytest.param(
        'az login --service-principal --username @CLI --password "$SECRET" --tenant "$TENANT"\n',
        [
            Seen(1, 41, "client", "az login --service-principal --username"),
        ],
        id="az-login-service-principal",
    ),
    pytest.param(
        "export AZURE_CLIENT_ID=@PS\n",
        [
            Seen(1, 24, "client", "AZURE_CLIENT_ID"),
        ],
        id="export-client-id",
    ),
    pytest.param(
        ('APP=@CLI\ncurl -d "client_id=${APP}&grant_type=device_code" "$DEVICE_CODE_URL"\n'),
        [
            Seen(1, 5, "client", "APP", "client_id at line 2"),
        ],
        id="variable-flows-into-curl",
    ),
    pytest.param(
        (
            "CANDIDATES=(@CLI @PS)\n"
            'for id in "${CANDIDATES[@]}"; do\n'
            '  az login --service-principal -u "$id" -p "$SECRET" --tenant "$TENANT" && break\n'
            "done\n"
        ),
        [
            Seen(1, 13, "client", "CANDIDATES", "az login --service-principal -u at line 3"),
            Seen(1, 50, "client", "CANDIDATES", "az login --service-principal -u at line 3"),
        ],
        id="array-looped-into-az-login",
    ),
    pytest.param(
        ("az ad sp show --id @OFFICE\naz role assignment create --assignee @CLI --role Reader\n"),
        [
            Seen(1, 20, "resource", "az ad sp"),
            Seen(2, 38, "resource", "az role assignment"),
        ],
        id="az-ad-lookup-is-resource",
    ),
    pytest.param(
        ('if [ "$appid" = "@CLI" ]; then\n  exit 1\nfi\n'),
        [
            Seen(1, 18, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        ('echo "Signing in with the Azure CLI app (@CLI)"\nprintf \'client: %s\\n\' "@PS"\n'),
        [
            Seen(1, 42, "unclear", "message (echo)"),
            Seen(2, 24, "unclear", "message (printf)"),
        ],
        id="messages",
    ),
    pytest.param(
        "# Azure CLI: @CLI\n",
        [
            Seen(1, 14, "unclear", "comment"),
        ],
        id="comment",
    ),
    pytest.param(
        "az login --service-principal -u 04b07795-8ddb-461a-bbee-02f9e1bf7b47 -p x\n",
        [],
        id="near-miss",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_bash(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
