"""The hook as users run it: real pre-commit, a real git repository, a real commit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from git_env import git, git_env, snapshot_project
from helpers import AZ_CLI, GRAPH

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    base = tmp_path_factory.mktemp("precommit")
    env = git_env(base)
    env["PRE_COMMIT_HOME"] = str(base / "cache")
    sha = snapshot_project(base / "hook-repo", env)
    return base / "hook-repo", sha, env


def _project(tmp_path: Path, hook_repo: Path, sha: str, env: dict[str, str]) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q", env=env)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {sha}\n"
        "    hooks:\n      - id: first-party-lint\n"
    )
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=project,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return project


def _commit(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    git(project, "add", "-A", env=env)
    return subprocess.run(
        ["git", "commit", "-m", "change"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def test_hook_blocks_a_client_id_and_passes_a_graph_scope(
    tmp_path: Path, hook_source: tuple[Path, str, dict[str, str]]
) -> None:
    hook_repo, sha, env = hook_source
    project = _project(tmp_path, hook_repo, sha, env)

    (project / "graph.py").write_text(f'SCOPES = ["{GRAPH}/.default"]\n')
    passed = _commit(project, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "first-party-lint" in passed.stdout + passed.stderr

    # A dotfile pre-commit gives no type tag to: `types: [text]` must still pass it.
    (project / ".env").write_text(f"AZURE_CLIENT_ID={AZ_CLI}\n")
    blocked = _commit(project, env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert f".env:1:17: FPA001 Microsoft Azure CLI ({AZ_CLI}) used as client ID" in output
    assert "How to fix AADSTS65002" in output
    log = git(project, "log", "--oneline", env=env).splitlines()
    assert len(log) == 1, "the commit with a client ID must not have been made"


def test_hook_with_a_baseline_blocks_only_new_findings(
    tmp_path: Path, hook_source: tuple[Path, str, dict[str, str]]
) -> None:
    """README "CI recipes": the hook with `args: [--baseline, ...]` on a repository that
    adopted the linter with known findings."""
    hook_repo, sha, env = hook_source
    project = _project(tmp_path, hook_repo, sha, env)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {sha}\n"
        "    hooks:\n      - id: first-party-lint\n"
        "        args: [--baseline, .first-party-lint-baseline.json]\n"
    )
    legacy = f'import msal\n\napp = msal.PublicClientApplication("{AZ_CLI}")\n'
    (project / "legacy.py").write_text(legacy)
    recorded = subprocess.run(
        [sys.executable, "-m", "linter", "baseline"],
        cwd=project,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert recorded.returncode == 0, recorded.stderr
    adopted = _commit(project, env)  # the baseline file itself passes through the hook
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr

    (project / "legacy.py").write_text("# moved down by a header\n\n" + legacy)
    moved = _commit(project, env)
    assert moved.returncode == 0, moved.stdout + moved.stderr

    (project / "legacy.py").write_text(
        legacy + f'backup = msal.PublicClientApplication("{AZ_CLI}")\n'
    )
    blocked = _commit(project, env)
    assert blocked.returncode != 0
    assert "legacy.py:4:40: FPA001" in blocked.stdout + blocked.stderr
    assert "1 known from the baseline, not shown" in blocked.stdout + blocked.stderr
