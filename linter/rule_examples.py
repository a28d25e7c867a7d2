"""The rules' examples: one source of truth for the docs and for the tests that run them.

Fixit style: `FPAxxx` cases are reported by the rule, `FPAxxx_FIXED[i]` is the clean rewrite
of `FPAxxx[i]`, and `FPAxxx_QUIET` are resource uses that look alike and must stay silent.
tests/test_rules.py runs each through the engine and docs/rules/ quotes each, so a page never
shows what the linter does not do. Kept apart from rules.py because it is data, and grows
with every language.
"""

from __future__ import annotations

from linter.values import Value, set_field


class Example(Value):
    __slots__ = _fields = ("filename", "code")
    filename: str
    code: str

    def __init__(self, filename: str, code: str) -> None:
        set_field(self, "filename", filename)
        set_field(self, "code", code)


FPA001: tuple[Example, ...] = (
    Example(
        "auth.py",
        "import msal\n\n"
        'app = msal.PublicClientApplication("04b07795-8ddb-461a-bbee-02f9e1bf7b46")\n',
    ),
    Example(
        "appsettings.json",
        "{\n"
        '  "AzureAd": {\n'
        '    "Instance": "https://login.microsoftonline.com/",\n'
        '    "ClientId": "04b07795-8ddb-461a-bbee-02f9e1bf7b46"\n'
        "  }\n"
        "}\n",
    ),
    Example(
        "Program.cs",
        "using Microsoft.Identity.Client;\n\n"
        "var app = PublicClientApplicationBuilder\n"
        '    .Create("04b07795-8ddb-461a-bbee-02f9e1bf7b46")\n'
        "    .WithDefaultRedirectUri()\n"
        "    .Build();\n",
    ),
    Example(
        "Connect.ps1",
        'Connect-MgGraph -ClientId "14d82eec-204b-4c2f-b7e8-296a70dab67e" '
        '-TenantId $TenantId -Scopes "User.Read.All"\n',
    ),
    Example(
        "main.tf",
        'provider "azuread" {\n'
        "  tenant_id = var.tenant_id\n"
        '  client_id = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"\n'
        "}\n",
    ),
)


FPA001_FIXED: tuple[Example, ...] = (
    Example(
        "auth.py",
        "import os\n\nimport msal\n\n"
        'app = msal.PublicClientApplication(os.environ["AZURE_CLIENT_ID"])\n',
    ),
    Example(
        "appsettings.json",
        "{\n"
        '  "AzureAd": {\n'
        '    "Instance": "https://login.microsoftonline.com/",\n'
        '    "ClientId": "Enter_the_Application_Id_Here"\n'
        "  }\n"
        "}\n",
    ),
    Example(
        "Program.cs",
        "using Microsoft.Identity.Client;\n\n"
        'var clientId = Environment.GetEnvironmentVariable("AZURE_CLIENT_ID");\n'
        "var app = PublicClientApplicationBuilder\n"
        "    .Create(clientId)\n"
        "    .WithDefaultRedirectUri()\n"
        "    .Build();\n",
    ),
    Example(
        "Connect.ps1",
        "Connect-MgGraph -ClientId $env:GRAPH_CLIENT_ID "
        '-TenantId $TenantId -Scopes "User.Read.All"\n',
    ),
    Example(
        "main.tf",
        'provider "azuread" {\n  tenant_id = var.tenant_id\n  client_id = var.client_id\n}\n',
    ),
)


FPA001_QUIET: tuple[Example, ...] = (
    Example(
        "graph.py",
        'scopes = ["00000003-0000-0000-c000-000000000000/.default"]\n',
    ),
    Example(
        "appsettings.json",
        "{\n"
        '  "DownstreamApi": {\n'
        '    "Scopes": "00000003-0000-0000-c000-000000000000/.default"\n'
        "  }\n"
        "}\n",
    ),
    Example(
        "Graph.cs",
        "var result = await app\n"
        '    .AcquireTokenInteractive(new[] { "00000003-0000-0000-c000-000000000000/.default" })\n'
        "    .ExecuteAsync();\n",
    ),
    Example(
        "Find-App.ps1",
        "Get-MgServicePrincipal -Filter \"appId eq '14d82eec-204b-4c2f-b7e8-296a70dab67e'\"\n",
    ),
    Example(
        "graph.tf",
        'data "azuread_service_principal" "graph" {\n'
        '  client_id = "00000003-0000-0000-c000-000000000000"\n'
        "}\n",
    ),
)


FPA002: tuple[Example, ...] = (
    Example(
        "constants.py",
        'DEFAULT_APP = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"\n',
    ),
)


FPA002_FIXED: tuple[Example, ...] = (
    Example(
        "constants.py",
        'import os\n\nDEFAULT_APP = os.environ["AZURE_CLIENT_ID"]\n',
    ),
)


# Suppression rules. The examples run with `--require-reason` on, and with the `allow` entries
# of any pyproject.toml example (tests/test_rules.py reads them).
FPA100: tuple[Example, ...] = (
    Example(
        "auth.py",
        "import os\n\nimport msal\n\n"
        "# first-party-lint: ignore[FPA001] the Azure CLI team's own sample\n"
        'app = msal.PublicClientApplication(os.environ["AZURE_CLIENT_ID"])\n',
    ),
)


FPA100_FIXED: tuple[Example, ...] = (
    Example(
        "auth.py",
        "import os\n\nimport msal\n\n"
        'app = msal.PublicClientApplication(os.environ["AZURE_CLIENT_ID"])\n',
    ),
)


FPA100_QUIET: tuple[Example, ...] = (
    Example(
        "auth.py",
        "import msal\n\n"
        "# first-party-lint: ignore[FPA001] the Azure CLI team's own sample\n"
        'app = msal.PublicClientApplication("04b07795-8ddb-461a-bbee-02f9e1bf7b46")\n',
    ),
    Example(
        "appsettings.Development.jsonc",
        "{\n"
        '  "AzureAd": {\n'
        '    "ClientId": "04b07795-8ddb-461a-bbee-02f9e1bf7b46" '
        "// first-party-lint: ignore[FPA001] local smoke test only\n"
        "  }\n"
        "}\n",
    ),
)


FPA101: tuple[Example, ...] = (
    Example(
        "pyproject.toml",
        "[tool.first-party-lint]\n"
        "allow = [\n"
        '  { id = "04b07795-8ddb-461a-bbee-02f9e1bf7b46", paths = ["tools/legacy/"],'
        ' reason = "moves to our own app registration", expires = 2025-06-30 },\n'
        "]\n",
    ),
)


FPA101_FIXED: tuple[Example, ...] = (
    Example(
        "pyproject.toml",
        "[tool.first-party-lint]\n"
        "allow = [\n"
        '  { id = "04b07795-8ddb-461a-bbee-02f9e1bf7b46", paths = ["tools/legacy/"],'
        ' reason = "moves to our own app registration (ticket 4711)", expires = 2099-12-31 },\n'
        "]\n",
    ),
)


FPA102: tuple[Example, ...] = (
    Example(
        "auth.py",
        "import msal\n\n"
        "# first-party-lint: ignore[FPA001]\n"
        'app = msal.PublicClientApplication("04b07795-8ddb-461a-bbee-02f9e1bf7b46")\n',
    ),
)


FPA102_FIXED: tuple[Example, ...] = (
    Example(
        "auth.py",
        "import msal\n\n"
        "# first-party-lint: ignore[FPA001] the Azure CLI team's own sample\n"
        'app = msal.PublicClientApplication("04b07795-8ddb-461a-bbee-02f9e1bf7b46")\n',
    ),
)
