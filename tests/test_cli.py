"""The real CLI in a subprocess: exit codes, output contracts, discovery, subcommands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from helpers import AZ_CLI, GRAPH, OFFICE
from helpers import run_cli as run

from linter import fingerprints


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "auth.py").write_text(
        f'import msal\n\napp = msal.PublicClientApplication("{AZ_CLI}")\n'
    )
    (tmp_path / "src" / "graph.py").write_text(f'SCOPES = ["{GRAPH}/.default"]\n')
    (tmp_path / ".env").write_text(f"# Office is {OFFICE}\n")
    return tmp_path


def test_client_id_exits_1_with_finding_and_remediation(repo: Path) -> None:
    result = run("check", cwd=repo)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f".env:1:13: FPA002 Microsoft Office ({OFFICE}) appears where its role is unclear (comment)"
    )
    assert lines[1] == (
        f"src/auth.py:3:37: FPA001 Microsoft Azure CLI ({AZ_CLI}) used as client ID in"
        " msal.PublicClientApplication(client_id)"
    )
    expected_error = f"AADSTS65002: Consent between first party application '{AZ_CLI}'"
    assert lines[2].strip().startswith(f"sign-in will fail with {expected_error}")
    assert "# How to fix AADSTS65002" in result.stdout
    assert result.stdout.count("# How to fix AADSTS65002") == 1
    assert lines[-1] == "3 files scanned; 1 error and 1 warning (FPA001: 1, FPA002: 1)."


def test_warnings_alone_exit_0(repo: Path) -> None:
    assert run("check", ".env", "src/graph.py", cwd=repo).returncode == 0


def test_exit_zero(repo: Path) -> None:
    result = run("check", "--exit-zero", cwd=repo)
    assert result.returncode == 0
    assert "FPA001" in result.stdout


def test_quiet_prints_findings_only(repo: Path) -> None:
    result = run("check", "-q", "src", cwd=repo)
    assert result.stdout.splitlines() == [
        f"src/auth.py:3:37: FPA001 Microsoft Azure CLI ({AZ_CLI}) used as client ID in"
        " msal.PublicClientApplication(client_id)",
        f"    sign-in will fail with AADSTS65002: Consent between first party application"
        f" '{AZ_CLI}' and first party resource '<resource>' must be configured via"
        " preauthorization",
    ]


def test_json_contract(repo: Path) -> None:
    (repo / "logo.png").write_bytes(b"\x89PNG\x00\x00" * 100)
    result = run("check", "--format", "json", cwd=repo)
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert result.stderr == ""
    assert set(doc) >= {"version", "catalog_version", "findings", "files_scanned", "skipped"}
    assert doc["files_scanned"] == 3
    assert doc["skipped"] == [{"path": "logo.png", "reason": "binary"}]
    first, second = doc["findings"]
    assert (first["path"], first["rule"], first["severity"], first["role"]) == (
        ".env",
        "FPA002",
        "warning",
        "unclear",
    )
    assert second == {
        "path": "src/auth.py",
        "line": 3,
        "column": 37,
        "end_line": 3,
        "end_column": 73,
        "rule": "FPA001",
        "severity": "error",
        "app_id": AZ_CLI,
        "app_name": "Microsoft Azure CLI",
        "role": "client",
        "context": "msal.PublicClientApplication(client_id)",
        "text": AZ_CLI,
        "message": f"Microsoft Azure CLI ({AZ_CLI}) used as client ID in"
        " msal.PublicClientApplication(client_id)",
        "sign_in_error": f"AADSTS65002: Consent between first party application '{AZ_CLI}'"
        " and first party resource '<resource>' must be configured via preauthorization",
        "remediation": second["remediation"],
        "fingerprint": fingerprints.digest(
            "src/auth.py", "FPA001", AZ_CLI, "msal.PublicClientApplication(client_id)", 0
        ),
    }
    assert "Register your own application" in second["remediation"]


def test_clean_tree_exits_0(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("print('hello')\n")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip().endswith(
        "1 file scanned; no Microsoft first-party app IDs in client positions."
    )


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "does-not-exist.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "first-party-lint: error: no such file or directory: does-not-exist.py"
    )


@pytest.mark.parametrize("args", [(), ("check", "--format", "xml"), ("bogus",), ("rule", "FPA999")])
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr


def test_walk_skips_vcs_venvs_and_build_but_not_dotfiles(tmp_path: Path) -> None:
    line = f'client_id = "{AZ_CLI}"\n'
    for skipped in (".git", "node_modules", "__pycache__", "build", "dist", ".venv", "x.egg-info"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "a.py").write_text(line)
    (tmp_path / "myenv").mkdir()
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "myenv" / "a.py").write_text(line)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        f"env:\n  AZURE_CLIENT_ID: {AZ_CLI}\n"
    )
    (tmp_path / ".env.local").write_text(f"AZURE_CLIENT_ID={AZ_CLI}\n")
    (tmp_path / "web.config").write_text(f'<add key="ida:ClientId" value="{AZ_CLI}"/>\n')
    result = run("check", "--format", "json", cwd=tmp_path)
    paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
    assert paths == [".env.local", ".github/workflows/ci.yml", "web.config"]


def test_a_virtual_environment_named_on_the_command_line_is_walked(tmp_path: Path) -> None:
    """Skipped below the folder a user names, not when it is that folder."""
    (tmp_path / "myenv" / "lib").mkdir(parents=True)
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "myenv" / "lib" / "a.py").write_text(f'client_id = "{AZ_CLI}"\n')
    assert run("check", "-q", ".", cwd=tmp_path).returncode == 0
    named = run("check", "-q", "myenv", cwd=tmp_path)
    assert named.returncode == 1
    assert named.stdout.startswith("myenv/lib/a.py:1:")


def test_explicit_file_in_skipped_folder_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "gen.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    result = run("check", "build/gen.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("build/gen.py:1:14: FPA001")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "d" / "a.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    result = run("check", "--format", "json", cwd=tmp_path)
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["d/a.py"]


def test_rule_docs(tmp_path: Path) -> None:
    result = run("rule", "fpa001", cwd=tmp_path)
    assert result.returncode == 0
    for section in ("## What it does", "## Why is this bad?", "## Example", "## How to fix"):
        assert section in result.stdout
    listing = run("rule", cwd=tmp_path).stdout
    assert "FPA001" in listing and "FPA002" in listing


def test_catalog_show(tmp_path: Path) -> None:
    result = run("catalog", "show", "{" + AZ_CLI.upper() + "}", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"{AZ_CLI}  Microsoft Azure CLI\n")
    assert "signs in as a client" in result.stdout
    graph = run("catalog", "show", GRAPH, cwd=tmp_path).stdout
    assert "resource API" in graph and "where unclear: not reported" in graph
    assert run("catalog", "show", "no such app anywhere", cwd=tmp_path).returncode == 1


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("first-party-lint 0.1.0 (catalog 2026.08.22+")
