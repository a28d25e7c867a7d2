"""A file in, findings out: one realistic file per format through the real engine.

Each row is what a user sees: (path, line, column, rule). The scanners' own tables test the
details; these rows prove the wiring (file name -> scanner -> roles -> rules) per format,
including encodings and parse failures.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from helpers import AZ_CLI, AZ_PS, GRAPH, GRAPH_CLI, OFFICE

from linter import catalog as catalog_module
from linter import engine
from linter.discovery import FileRef
from linter.findings import Scanned

CAT = catalog_module.load()

APPSETTINGS = f"""{{
  // ASP.NET Core accepts comments and trailing commas
  "AzureAd": {{
    "Instance": "https://login.microsoftonline.com/",
    "ClientId": "{AZ_CLI}",
    "Scopes": ["{GRAPH}/.default"],
  }},
}}
"""

CASES = [
    pytest.param(
        "auth.py",
        f'import msal\napp = msal.PublicClientApplication("{AZ_CLI}")\n'
        f'scopes = ["{GRAPH}/.default"]\n',
        [(2, 37, "FPA001")],
        id="python-msal",
    ),
    pytest.param(
        "settings.py",
        f'DEFAULT = "{AZ_PS}"\n# Office: {OFFICE}\n',
        [(1, 12, "FPA002"), (2, 11, "FPA002")],
        id="python-unclear",
    ),
    pytest.param("appsettings.Development.json", APPSETTINGS, [(5, 18, "FPA001")], id="jsonc"),
    pytest.param(
        "manifest.json",
        f'{{"requiredResourceAccess": [{{"resourceAppId": "{GRAPH}"}}],\n'
        f' "preAuthorizedApplications": [{{"appId": "{AZ_CLI}"}}]}}\n',
        [],
        id="json-manifest-resource-uses",
    ),
    pytest.param(".env", f'export AZURE_CLIENT_ID="{AZ_CLI}"\n', [(1, 25, "FPA001")], id="dotenv"),
    pytest.param(
        ".env.production",
        f"# {AZ_CLI}\nGRAPH_SCOPE={GRAPH}/.default\n",
        [(1, 3, "FPA002")],
        id="dotenv-variant",
    ),
    pytest.param(
        ".github/workflows/deploy.yml",
        "jobs:\n  deploy:\n    steps:\n      - uses: azure/login@v2\n"
        f"        with:\n          client-id: {AZ_CLI}\n",
        [(6, 22, "FPA001")],
        id="github-actions",
    ),
    pytest.param(
        "deploy.yaml",
        f'env:\n  - name: AZURE_CLIENT_ID\n    value: "{GRAPH_CLI}"\n',
        [(3, 13, "FPA001")],
        id="k8s-env-list",
    ),
    pytest.param(
        "pyproject.toml",
        f'[tool.myapp.auth]\nclient_id = "{AZ_CLI}"\nscope = "{GRAPH}/.default"\n',
        [(2, 14, "FPA001")],
        id="toml",
    ),
    pytest.param("setup.cfg", f"[auth]\nclient_id = {AZ_CLI}\n", [(2, 13, "FPA001")], id="ini"),
    pytest.param(
        "web.config",
        f'<configuration>\n  <appSettings>\n    <add key="ida:ClientId" value="{AZ_CLI}" />\n'
        "  </appSettings>\n</configuration>\n",
        [(3, 36, "FPA001")],
        id="xml-app-settings",
    ),
    pytest.param(
        "login.ps1", f"Connect-MgGraph -ClientId {GRAPH_CLI}\n", [(1, 27, "FPA001")], id="ps1"
    ),
    pytest.param("README.md", f"Use `client_id = {AZ_CLI}`\n", [(1, 18, "FPA002")], id="markdown"),
    # Parse failures degrade to the text scan: every ID is still reported.
    pytest.param(
        "broken.json",
        f'{{"ClientId": "{AZ_CLI}",,, ]\n',
        [(1, 15, "FPA001")],
        id="broken-json",
    ),
    pytest.param(
        "broken.py",
        f'print "hi"\nclient_id = "{AZ_CLI}"\n',
        [(2, 14, "FPA001")],
        id="python2-as-text",
    ),
    pytest.param(
        "broken.yaml", f"a: [\nclientId: {AZ_CLI}\n", [(2, 11, "FPA001")], id="broken-yaml"
    ),
    pytest.param(
        "broken.toml",
        f'client_id = "{AZ_CLI}"\nclient_id = "x"\n',
        [(1, 14, "FPA001")],
        id="broken-toml",
    ),
    pytest.param("broken.xml", f'<a ClientId="{AZ_CLI}">\n', [(1, 14, "FPA001")], id="broken-xml"),
]


def _scan(tmp_path: Path, name: str, data: bytes) -> Scanned:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    result = engine.scan_file(FileRef(path, name), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned), result
    return result


@pytest.mark.parametrize(("name", "content", "expected"), CASES)
def test_format(
    tmp_path: Path, name: str, content: str, expected: list[tuple[int, int, str]]
) -> None:
    result = _scan(tmp_path, name, content.encode())
    assert [(f.location.line, f.location.column, f.rule) for f in result.findings] == expected
    assert all(f.location.path == name for f in result.findings)
    if name.startswith("broken"):
        assert result.notes and result.notes[0].startswith("parsed as text")
    else:
        assert result.notes == ()


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
    ],
)
def test_appsettings_saved_by_visual_studio(tmp_path: Path, bom: bytes, encoding: str) -> None:
    data = bom + APPSETTINGS.replace("\n", "\r\n").encode(encoding)
    result = _scan(tmp_path, "appsettings.json", data)
    assert [(f.location.line, f.location.column, f.rule) for f in result.findings] == [
        (5, 18, "FPA001")
    ]


def test_finding_points_at_the_id_as_written(tmp_path: Path) -> None:
    result = _scan(tmp_path, "a.ts", f'clientId: "{{{AZ_CLI.upper()}}}"\n'.encode())
    (finding,) = result.findings
    assert finding.raw == "{" + AZ_CLI.upper() + "}"
    assert (finding.location.column, finding.location.end_column) == (12, 50)
    assert finding.app.app_id == AZ_CLI
