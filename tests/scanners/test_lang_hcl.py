"""Terraform: provider and backend credentials versus directory lookups and provisioning.

Each case is a realistic snippet and exactly what the scanner decides for every ID in it (line,
column, role, context, the sink a constant reaches, and the resource requested at the same
sink); IDs are written `@CLI` (Azure CLI), `@PS` (Azure PowerShell), `@OFFICE` (Office) and
`@GRAPH` (Microsoft Graph).
"""

from __future__ import annotations

import pytest
from lang_helpers import Seen, scan

MODULE = "linter.scanners.lang.hcl"

CASES = [
    pytest.param(
        ('provider "azuread" {\n  client_id = "@CLI"\n  tenant_id = var.tenant_id\n}\n'),
        [
            Seen(2, 16, "client", "provider.azuread.client_id"),
        ],
        id="provider-azuread",
    ),
    pytest.param(
        ('provider "azurerm" {\n  features {}\n  client_id = "@PS"\n}\n'),
        [
            Seen(3, 16, "client", "provider.azurerm.client_id"),
        ],
        id="provider-azurerm",
    ),
    pytest.param(
        ('terraform {\n  backend "azurerm" {\n    client_id = "@CLI"\n  }\n}\n'),
        [
            Seen(3, 18, "client", "backend.azurerm.client_id"),
        ],
        id="backend",
    ),
    pytest.param(
        (
            "locals {\n"
            '  bootstrap_app = "@PS"\n'
            "}\n"
            "\n"
            'provider "azuread" {\n'
            "  client_id = local.bootstrap_app\n"
            "}\n"
        ),
        [
            Seen(2, 20, "client", "local.bootstrap_app", "provider.azuread.client_id at line 6"),
        ],
        id="local-flows-into-provider",
    ),
    pytest.param(
        (
            'variable "aks_sp" {\n'
            '  default = "@CLI"\n'
            "}\n"
            "\n"
            'resource "azurerm_kubernetes_cluster" "aks" {\n'
            "  service_principal {\n"
            "    client_id = var.aks_sp\n"
            "  }\n"
            "}\n"
        ),
        [
            Seen(2, 14, "client", "var.aks_sp", "service_principal.client_id at line 7"),
        ],
        id="variable-default-flows-into-aks",
    ),
    pytest.param(
        ('data "azuread_service_principal" "azure_cli" {\n  client_id = "@CLI"\n}\n'),
        [
            Seen(2, 16, "resource", "data.azuread_service_principal.azure_cli.client_id"),
        ],
        id="data-source-lookup-is-resource",
    ),
    pytest.param(
        (
            'resource "azuread_service_principal" "graph" {\n'
            '  client_id    = "@GRAPH"\n'
            "  use_existing = true\n"
            "}\n"
        ),
        [
            Seen(2, 19, "resource", "resource.azuread_service_principal.graph.client_id"),
        ],
        id="service-principal-for-microsoft-app-is-resource",
    ),
    pytest.param(
        (
            'resource "azuread_application" "app" {\n'
            "  required_resource_access {\n"
            '    resource_app_id = "@GRAPH"\n'
            "  }\n"
            "}\n"
        ),
        [
            Seen(3, 24, "resource", "required_resource_access.resource_app_id"),
        ],
        id="required-resource-access",
    ),
    pytest.param(
        (
            "locals {\n"
            '  office_app = "@OFFICE"\n'
            "}\n"
            "\n"
            'data "azuread_service_principal" "office" {\n'
            "  client_id = local.office_app\n"
            "}\n"
        ),
        [
            Seen(2, 17, "resource", "local.office_app"),
        ],
        id="local-used-only-as-resource",
    ),
    pytest.param(
        ('output "is_cli" {\n  value = var.client == "@CLI"\n}\n'),
        [
            Seen(2, 26, "unclear", "comparison"),
        ],
        id="comparison",
    ),
    pytest.param(
        'client_id = "@PS"\n',
        [
            Seen(1, 14, "client", "client_id"),
        ],
        id="tfvars",
    ),
    pytest.param(
        "# Azure CLI: @CLI\n",
        [
            Seen(1, 14, "unclear", "comment"),
        ],
        id="comment",
    ),
    pytest.param(
        ('provider "azuread" {\n  client_id = "04b07795-8ddb-461a-bbee-02f9e1bf7b47"\n}\n'),
        [],
        id="near-miss",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), CASES)
def test_hcl(snippet: str, expected: list[Seen]) -> None:
    assert scan(MODULE, snippet) == expected
