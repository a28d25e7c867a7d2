"""Bicep: existing service principals keyed by appId versus client IDs of deployments.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.bicep"

CASES = [
    pytest.param(
        (
            "resource graphSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {\n"
            "  appId: '@GRAPH'\n"
            "}\n"
        ),
        [
            Seen(2, 11, "resource", "graphSp.appId"),
        ],
        id="existing-service-principal-is-resource",
    ),
    pytest.param(
        (
            "var officeAppId = '@OFFICE'\n"
            "resource officeSp 'Microsoft.Graph/servicePrincipals@v1.0' existing = {\n"
            "  appId: officeAppId\n"
            "}\n"
        ),
        [
            Seen(1, 20, "resource", "officeAppId"),
        ],
        id="existing-service-principal-by-variable",
    ),
    pytest.param(
        (
            "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n"
            "  name: 'aks'\n"
            "  properties: {\n"
            "    servicePrincipalProfile: {\n"
            "      clientId: '@CLI'\n"
            "    }\n"
            "  }\n"
            "}\n"
        ),
        [
            Seen(5, 18, "client", "clientId"),
        ],
        id="aks-service-principal-profile",
    ),
    pytest.param(
        (
            "param deployApp string = '@PS'\n"
            "resource script 'Microsoft.Resources/deploymentScripts@2023-08-01' = {\n"
            "  name: 'x'\n"
            "  properties: {\n"
            "    environmentVariables: [\n"
            "      { name: 'AZURE_CLIENT_ID', value: deployApp }\n"
            "    ]\n"
            "    clientId: deployApp\n"
            "  }\n"
            "}\n"
        ),
        [
            Seen(1, 27, "client", "deployApp", "clientId at line 8"),
        ],
        id="param-flows-into-client-id",
    ),
    pytest.param(
        (
            "resource app 'Microsoft.Graph/applications@v1.0' = {\n"
            "  requiredResourceAccess: [\n"
            "    { resourceAppId: '@GRAPH', resourceAccess: [] }\n"
            "  ]\n"
            "}\n"
        ),
        [
            Seen(3, 23, "resource", "resourceAppId"),
        ],
        id="required-resource-access",
    ),
    pytest.param(
        "output isCli bool = clientApp == '@CLI'\n",
        [
            Seen(1, 35, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        "// Azure CLI: @CLI\n",
        [
            Seen(1, 15, "unclear", "comment"),
        ],
        id="comment",
    ),
    pytest.param(
        "var clientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b47'\n",
        [],
        id="near-miss",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_bicep(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
