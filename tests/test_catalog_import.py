"""`catalog import` and `catalog diff` through the real CLI, on both export shapes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import AZ_CLI
from helpers import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "catalog_import"
NEW_ID = "6f1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"  # Microsoft-owned in the export, not shipped
GRAPH_EXPLORER = "de8bc8b5-d9f9-48b1-a8ad-b748da725064"  # owned by Microsoft's corporate tenant
CUSTOMER_APP = "3c2b1a09-8f7e-4d6c-b5a4-93827160f5e4"
PERSONAL_APP = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"


def graph_pages(tmp_path: Path, shape: str) -> Path:
    first = json.loads((FIXTURES / "graph-service-principals.json").read_text())
    second = json.loads((FIXTURES / "graph-service-principals-page2.json").read_text())
    target = tmp_path / f"graph-{shape}.json"
    if shape == "concatenated":  # what `cat page*.json` gives
        target.write_text(json.dumps(first, indent=2) + "\n" + json.dumps(second, indent=2))
    else:
        target.write_text(json.dumps([first, second]))
    return target


EXPECTED_IDS = [
    f"{AZ_CLI} Microsoft Azure CLI",
    f"{NEW_ID} Teams Rooms Provisioning",
    f"{GRAPH_EXPLORER} Graph Explorer",
]


@pytest.mark.parametrize("shape", ["az", "concatenated", "list-of-pages"])
def test_import_keeps_microsoft_owned_apps(tmp_path: Path, shape: str) -> None:
    export = FIXTURES / "az-sp-list.json" if shape == "az" else graph_pages(tmp_path, shape)
    result = run(
        "catalog",
        "import",
        str(export),
        "--output",
        "ids.txt",
        "--date",
        "2026-05-12",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    total = 6 if shape == "az" else 4
    assert result.stdout == (
        f"ids.txt: 3 Microsoft-owned app IDs of {total} service principals (1 not in the "
        "shipped catalog), export of 2026-05-12 (from --date)\n"
    )
    lines = (tmp_path / "ids.txt").read_text().splitlines()
    assert lines[:4] == [
        "# first-party-lint extra-ids: apps owned by Microsoft's tenants",
        f"# source: {export.name} ({total} service principals)",
        "# exported: 2026-05-12 (from --date)",
        "# written by `first-party-lint catalog import`; read by the `extra-ids` config key",
    ]
    assert lines[4:] == EXPECTED_IDS  # the customer's, a personal account's, an MI's: dropped


def test_import_dates_by_mtime_and_writes_the_same_bytes_twice(tmp_path: Path) -> None:
    export = tmp_path / "sp.json"
    export.write_text((FIXTURES / "az-sp-list.json").read_text())
    os.utime(export, (1767225600, 1767225600))  # 2026-01-01T00:00:00Z
    for name in ("one.txt", "two.txt"):
        assert run("catalog", "import", "sp.json", "-o", name, cwd=tmp_path).returncode == 0
    text = (tmp_path / "one.txt").read_text()
    assert "# exported: 2026-01-01 (from the export file's mtime)\n" in text
    assert (tmp_path / "two.txt").read_text() == text


def test_diff_shows_what_the_file_adds(tmp_path: Path) -> None:
    run("catalog", "import", str(FIXTURES / "az-sp-list.json"), "-o", "ids.txt", cwd=tmp_path)
    result = run("catalog", "diff", "ids.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"+ {NEW_ID}  Teams Rooms Provisioning"
    assert lines[1].startswith("ids.txt: 1 app IDs not in the shipped catalog 2026.")
    assert lines[1].endswith("; 2 already in it")


def test_an_imported_file_makes_a_new_microsoft_id_a_finding(tmp_path: Path) -> None:
    run("catalog", "import", str(FIXTURES / "az-sp-list.json"), "-o", "ms-ids.txt", cwd=tmp_path)
    (tmp_path / ".first-party-lint.toml").write_text('extra-ids = "ms-ids.txt"\n')
    (tmp_path / "app.py").write_text(f'client_id = "{NEW_ID}"\nOTHER = "{CUSTOMER_APP}"\n')
    result = run("check", "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"app.py:1:14: FPA001 Teams Rooms Provisioning ({NEW_ID}) used as client ID in client_id"
    )
    assert PERSONAL_APP not in (tmp_path / "ms-ids.txt").read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", "not JSON", id="not-json"),
        pytest.param('{"appId": "x"}', "expected a list of service principals", id="object"),
        pytest.param("[1, 2]", "expected service principals (objects), found int", id="numbers"),
        pytest.param("[]", "holds no service principals", id="empty"),
        pytest.param(
            '[{"displayName": "x", "appOwnerOrganizationId": "y"}]',
            "service principal 1 has no appId GUID",
            id="no-app-id",
        ),
        pytest.param(
            f'[{{"appId": "{AZ_CLI}", "displayName": "x"}}]',
            "no service principal has appOwnerOrganizationId",
            id="no-owner",
        ),
    ],
)
def test_a_bad_export_is_exit_2_naming_the_file(tmp_path: Path, content: str, message: str):
    (tmp_path / "export.json").write_text(content)
    result = run("catalog", "import", "export.json", "-o", "out.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("first-party-lint: error: export.json: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out.txt").exists()


def test_missing_export_and_bad_diff_file_are_exit_2(tmp_path: Path) -> None:
    missing = run("catalog", "import", "nope.json", "-o", "out.txt", cwd=tmp_path)
    assert missing.returncode == 2
    assert "nope.json: cannot read the export" in missing.stderr
    (tmp_path / "ids.txt").write_text("# ok\nnot-an-id name\n")
    bad = run("catalog", "diff", "ids.txt", cwd=tmp_path)
    assert bad.returncode == 2
    assert "ids.txt:2: not an app ID (a GUID): 'not-an-id'" in bad.stderr
    date = run(
        "catalog",
        "import",
        str(FIXTURES / "az-sp-list.json"),
        "-o",
        "o.txt",
        "--date",
        "12/05/2026",
        cwd=tmp_path,
    )
    assert date.returncode == 2
    assert "--date: expected YYYY-MM-DD" in date.stderr
