"""PowerShell: sign-in cmdlets, parameter defaults, token bodies, lookups and messages.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from helpers import GRAPH
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.powershell"

CASES = [
    pytest.param(
        'Connect-MgGraph -ClientId "@CLI" -TenantId $TenantId -Scopes "User.Read.All"\n',
        [
            Seen(1, 28, "client", "Connect-MgGraph -ClientId"),
        ],
        id="connect-mggraph-client-id",
    ),
    pytest.param(
        "Connect-AzAccount -ApplicationId @PS -Tenant $Tenant -UseDeviceAuthentication\n",
        [
            Seen(1, 34, "client", "Connect-AzAccount -ApplicationId"),
        ],
        id="connect-azaccount-application-id",
    ),
    pytest.param(
        "Connect-PnPOnline -Url $SiteUrl -ClientId '@OFFICE' -Interactive\n",
        [
            Seen(1, 44, "client", "Connect-PnPOnline -ClientId"),
        ],
        id="connect-pnp-online",
    ),
    pytest.param(
        (
            "param(\n"
            "    [Parameter()]\n"
            '    [string]$ClientId = "@CLI",\n'
            '    [string]$TenantId = "common"\n'
            ")\n"
        ),
        [
            Seen(3, 26, "client", "ClientId"),
        ],
        id="parameter-default",
    ),
    pytest.param(
        (
            "$GraphApp = '@PS'\n"
            "Connect-ExchangeOnline -AppId $GraphApp -Organization contoso.onmicrosoft.com\n"
        ),
        [
            Seen(1, 14, "client", "GraphApp", "Connect-ExchangeOnline -AppId at line 2"),
        ],
        id="variable-flows-into-cmdlet",
    ),
    pytest.param(
        (
            "$body = @{\n"
            '    client_id  = "@CLI"\n'
            '    scope      = "@GRAPH/.default offline_access"\n'
            '    grant_type = "device_code"\n'
            "}\n"
            "Invoke-RestMethod -Method Post -Uri $DeviceCodeUrl -Body $body\n"
        ),
        [
            Seen(2, 19, "client", "client_id", resource=GRAPH),
            Seen(3, 19, "resource", "scope"),
        ],
        id="token-request-body",
    ),
    pytest.param(
        ("$connect = @{ ClientId = '@PS'; TenantId = $Tenant }\nConnect-MgGraph @connect\n"),
        [
            Seen(1, 27, "client", "Connect-MgGraph -ClientId (splatted)"),
        ],
        id="splatting",
    ),
    pytest.param(
        (
            "$candidates = @('@CLI', '@PS')\n"
            "foreach ($app in $candidates) {\n"
            "    Connect-MgGraph -ClientId $app -NoWelcome\n"
            "}\n"
        ),
        [
            Seen(1, 18, "client", "candidates", "Connect-MgGraph -ClientId at line 3"),
            Seen(1, 58, "client", "candidates", "Connect-MgGraph -ClientId at line 3"),
        ],
        id="table-iterated-into-cmdlet",
    ),
    pytest.param(
        (
            "$AppId = '@CLI'\n"
            '$url = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=$AppId"\n'
        ),
        [
            Seen(1, 11, "client", "AppId", "client_id at line 2"),
        ],
        id="token-url-in-string",
    ),
    pytest.param(
        (
            "Get-MgServicePrincipal -Filter \"appId eq '@OFFICE'\"\n"
            "New-AzADServicePrincipal -ApplicationId @CLI\n"
            "$sp = Get-AzADServicePrincipal -ApplicationId '@GRAPH'\n"
        ),
        [
            Seen(1, 43, "resource", "Get-MgServicePrincipal -Filter"),
            Seen(2, 41, "resource", "New-AzADServicePrincipal -ApplicationId"),
            Seen(3, 48, "resource", "Get-AzADServicePrincipal -ApplicationId"),
        ],
        id="directory-lookups-are-resources",
    ),
    pytest.param(
        (
            "if ($context.ClientId -eq '@CLI') { return }\n"
            "if ($token.appid -in @('@PS')) { return }\n"
        ),
        [
            Seen(1, 28, "unclear", "comparison"),
            Seen(2, 25, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        (
            'Write-Host "Signed in with Azure PowerShell (@PS)"\n'
            'Write-Warning "Client @CLI is a Microsoft app; register your own."\n'
            '$answer = Read-Host "Client ID [@OFFICE]"\n'
        ),
        [
            Seen(1, 46, "unclear", "message (Write-Host)"),
            Seen(2, 23, "unclear", "message (Write-Warning)"),
            Seen(3, 33, "unclear", "message (Read-Host)"),
        ],
        id="messages",
    ),
    pytest.param(
        ("<#\n.SYNOPSIS\n    Signs in with the Microsoft Graph PowerShell app (@CLI).\n#>\n"),
        [
            Seen(3, 55, "unclear", "comment"),
        ],
        id="help-comment",
    ),
    pytest.param(
        ("$Names = @{\n    '@CLI' = 'Azure CLI'\n    '@PS'  = 'Azure PowerShell'\n}\n"),
        [
            Seen(2, 6, "unclear", ""),
            Seen(3, 6, "unclear", ""),
        ],
        id="lookup-table-not-sent",
    ),
    pytest.param(
        'Connect-MgGraph -ClientId "04b07795-8ddb-461a-bbee-02f9e1bf7b47"\n',
        [],
        id="near-miss",
    ),
    pytest.param(
        (
            "$apps = '@CLI', '@PS'\n"
            "$apps | ForEach-Object { Connect-MgGraph -ClientId $_ -NoWelcome }\n"
        ),
        [
            Seen(1, 10, "client", "apps", "Connect-MgGraph -ClientId at line 2"),
            Seen(1, 50, "client", "apps", "Connect-MgGraph -ClientId at line 2"),
        ],
        id="pipeline-foreach-object",
    ),
    pytest.param(
        (
            "$apps = '@CLI', '@PS'\n"
            "$apps | ForEach-Object { Write-Host $_ }\n"
            "Get-Item x | ForEach-Object { Connect-MgGraph -ClientId $_ }\n"
        ),
        [
            Seen(1, 10, "unclear", "apps"),
            Seen(1, 50, "unclear", "apps"),
        ],
        id="foreach-object-scope-is-its-script-block",
    ),
    pytest.param(
        (
            "$params = @{\n"
            "    ApplicationId    = '@CLI'\n"
            "    ServicePrincipal = $true\n"
            "}\n"
            "Connect-AzAccount @params\n"
        ),
        [
            Seen(2, 25, "client", "Connect-AzAccount -ApplicationId (splatted)"),
        ],
        id="splatted-application-id",
    ),
    pytest.param(
        "$PortalAppId = '@CLI'\n",
        [
            Seen(1, 17, "unclear", "PortalAppId"),
        ],
        id="vague-name-reaching-no-sink",
    ),
    pytest.param(
        "Get-MsalToken -ClientId '@CLI' -Scopes '@GRAPH/.default' -DeviceCode\n",
        [
            Seen(1, 26, "client", "Get-MsalToken -ClientId", resource=GRAPH),
            Seen(1, 73, "resource", "Get-MsalToken -Scopes"),
        ],
        id="resource-named-at-the-sink",
    ),
    pytest.param(
        (
            "Connect-MgGraph -ClientId '@CLI'\n"
            "Get-MsalToken -ClientId $id -Scopes '@GRAPH/.default'\n"
        ),
        [
            Seen(1, 28, "client", "Connect-MgGraph -ClientId"),
            Seen(2, 38, "resource", "Get-MsalToken -Scopes"),
        ],
        id="resource-in-another-call-is-not-named",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_powershell(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
