"""The baseline as a team lives with it: real git repositories, real edits, the real CLI.

A baseline is recorded on a committed tree; then the tree is edited the ways code is edited
(lines added above, a function moved, a formatter's line breaks, JSON re-indented, commits
reordered by a rebase) and `check --baseline` must report nothing new, while a second copy of a
baselined ID is exactly one new finding.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from git_env import git, git_env
from helpers import AZ_CLI, AZ_PS, GRAPH_CLI, OFFICE
from helpers import run_cli as run

from linter import cli

BASELINE = ".first-party-lint-baseline.json"

AUTH_PY = f'''import msal

AUTHORITY = "https://login.microsoftonline.com/organizations"


def make_app():
    return msal.PublicClientApplication("{AZ_CLI}", authority=AUTHORITY)


def other():
    return 1
'''
APPSETTINGS = {
    "AzureAd": {"Instance": "https://login.microsoftonline.com/", "ClientId": AZ_PS},
    "KnownClients": [OFFICE],
}
DOTENV = f"AZURE_CLIENT_ID={GRAPH_CLI}\n"


def main(
    args: list[str], cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """cli.main in-process (fast; the subprocess path is covered below), from `cwd`."""
    monkeypatch.chdir(cwd)
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def new_findings(
    cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, int, str]]:
    code, out, err = main(
        ["check", "--format", "json", "--baseline", BASELINE], cwd, capsys, monkeypatch
    )
    assert code in (0, 1), err
    return [(f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"]]


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A committed project with three baselined findings (and one FPA002) and its baseline."""
    env = git_env(tmp_path)
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "src" / "auth.py").write_text(AUTH_PY)
    (project / "appsettings.json").write_text(json.dumps(APPSETTINGS, indent=2) + "\n")
    (project / ".env").write_text(DOTENV)
    git(project, "init", "-q", env=env)
    result = run("baseline", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"4 findings recorded in {BASELINE} (3 errors, 1 warning)" in result.stdout
    git(project, "add", "-A", env=env)
    git(project, "commit", "-q", "-m", "adopt first-party-lint", env=env)
    return project, env


def _edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text()))


def add_lines_above(project: Path) -> None:
    _edit(project / "src" / "auth.py", lambda t: '"""Auth."""\n\n# one\n# two\n\n' + t)
    _edit(project / "appsettings.json", lambda t: "\n\n" + t)
    _edit(project / ".env", lambda t: "# settings\n\nTENANT=common\n" + t)


def move_function(project: Path) -> None:
    head, _, rest = AUTH_PY.partition("def make_app")
    make, _, other = rest.partition("def other")
    moved = f"{head}def other{other.rstrip()}\n\n\ndef make_app{make.rstrip()}\n"
    (project / "src" / "auth.py").write_text(moved)


def reformat_black_style(project: Path) -> None:
    _edit(
        project / "src" / "auth.py",
        lambda t: t.replace(
            f'return msal.PublicClientApplication("{AZ_CLI}", authority=AUTHORITY)',
            f'return msal.PublicClientApplication(\n        "{AZ_CLI}",\n'
            "        authority=AUTHORITY,\n    )",
        ),
    )


def reindent_json(project: Path) -> None:
    (project / "appsettings.json").write_text(json.dumps(APPSETTINGS, indent=4) + "\n")


def minify_json(project: Path) -> None:
    (project / "appsettings.json").write_text(json.dumps(APPSETTINGS, separators=(",", ":")))


def reorder_json_keys_and_grow_list(project: Path) -> None:
    """A new entry above in the same list renumbers `KnownClients:0`: not a new finding."""
    settings = {
        "KnownClients": ["00000000-0000-0000-0000-000000000000", OFFICE],
        "AzureAd": {"ClientId": AZ_PS, "Instance": "https://login.microsoftonline.com/"},
    }
    (project / "appsettings.json").write_text(json.dumps(settings, indent=2) + "\n")


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(add_lines_above, id="lines-added-above"),
        pytest.param(move_function, id="function-moved"),
        pytest.param(reformat_black_style, id="call-split-over-lines"),
        pytest.param(reindent_json, id="json-reindented"),
        pytest.param(minify_json, id="json-minified"),
        pytest.param(reorder_json_keys_and_grow_list, id="json-keys-reordered-list-grown"),
    ],
)
def test_edits_that_move_code_report_nothing_new(
    repo: tuple[Path, dict[str, str]],
    edit: Callable[[Path], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, _ = repo
    recorded = (project / BASELINE).read_bytes()
    code, out, _ = main(["check"], project, capsys, monkeypatch)
    assert code == 1 and "3 errors and 1 warning" in out  # without the baseline: everything
    edit(project)
    assert new_findings(project, capsys, monkeypatch) == []
    code, out, _ = main(["check", "--baseline", BASELINE], project, capsys, monkeypatch)
    assert code == 0
    assert "4 known from the baseline, not shown" in out
    assert "no longer found" not in out
    # Re-recording after the edit changes nothing: no churn in the diff.
    code, _, _ = main(["baseline"], project, capsys, monkeypatch)
    assert code == 0
    assert (project / BASELINE).read_bytes() == recorded


@pytest.mark.parametrize(
    ("where", "expected_line"),
    [
        pytest.param("below", 15, id="copy-below-is-reported-where-it-is"),
        # Inserted above, the count still rises by exactly one; the identity is the occurrence
        # index, so the later of the two carries the new one (README "Baseline").
        pytest.param("above", 11, id="copy-above-is-one-new-finding"),
    ],
)
def test_a_second_copy_of_a_baselined_id_is_exactly_one_new_finding(
    repo: tuple[Path, dict[str, str]],
    where: str,
    expected_line: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, _ = repo
    copy = f'\n\ndef backup_app():\n    return msal.PublicClientApplication("{AZ_CLI}")\n'
    auth = project / "src" / "auth.py"
    if where == "below":
        auth.write_text(AUTH_PY + copy)
    else:
        head, sep, rest = AUTH_PY.partition("\n\ndef make_app")
        auth.write_text(head + copy + sep + rest)
    assert new_findings(project, capsys, monkeypatch) == [("src/auth.py", expected_line, "FPA001")]


def test_the_same_id_in_a_new_file_is_new(
    repo: tuple[Path, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, _ = repo
    (project / "src" / "copy.py").write_text(AUTH_PY)
    assert new_findings(project, capsys, monkeypatch) == [("src/copy.py", 7, "FPA001")]


def test_rebase_that_reorders_commits_reports_nothing_new(
    repo: tuple[Path, dict[str, str]],
) -> None:
    project, env = repo
    add_lines_above(project)
    git(project, "commit", "-q", "-am", "lines above", env=env)
    reformat_black_style(project)
    (project / "docs.md").write_text("Nothing to see.\n")
    git(project, "add", "-A", env=env)
    git(project, "commit", "-q", "-m", "reformat", env=env)
    swap = project.parent / "swap.py"
    swap.write_text(
        "import sys\nfrom pathlib import Path\n"
        "p = Path(sys.argv[1])\nlines = [l for l in p.read_text().splitlines() if l.strip()]\n"
        "picks = [l for l in lines if l.startswith('pick')]\n"
        "p.write_text('\\n'.join(reversed(picks)) + '\\n')\n"
    )
    rebase_env = {**env, "GIT_SEQUENCE_EDITOR": f"{sys.executable} {swap}"}
    git(project, "rebase", "-q", "-i", "HEAD~2", env=rebase_env)
    log = git(project, "log", "--format=%s", env=env).split("\n")
    assert log[:3] == ["lines above", "reformat", "adopt first-party-lint"]
    baseline_bytes = (project / BASELINE).read_bytes()
    result = run("check", "--baseline", BASELINE, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 known from the baseline, not shown" in result.stdout
    assert (project / BASELINE).read_bytes() == baseline_bytes
    assert git(project, "status", "--porcelain", env=env) == ""


def test_baseline_file_is_sorted_stable_and_has_no_positions(
    repo: tuple[Path, dict[str, str]],
) -> None:
    project, env = repo
    text = (project / BASELINE).read_text()
    document = json.loads(text)
    assert text.endswith("}\n") and json.dumps(document, indent=2) + "\n" == text
    assert document["schema"] == 1 and document["fingerprints"] == "first-party-lint/v1"
    entries = document["findings"]
    assert [(e["path"], e["rule"], e["app_id"], e["context"]) for e in entries] == [
        (".env", "FPA001", GRAPH_CLI, "AZURE_CLIENT_ID"),
        ("appsettings.json", "FPA001", AZ_PS, "AzureAd:ClientId"),
        ("appsettings.json", "FPA002", OFFICE, "KnownClients:#"),
        ("src/auth.py", "FPA001", AZ_CLI, "msal.PublicClientApplication(client_id)"),
    ]
    assert entries[0]["app_name"] == "Microsoft Graph Command Line Tools"
    assert all(
        set(e) == {"fingerprint", "path", "rule", "app_id", "app_name", "context", "occurrence"}
        for e in entries
    )
    assert not any(word in text for word in ('"line"', '"column"', "2026-", "generated"))
    # Re-running on the unchanged tree: byte-identical, so git sees no change.
    result = run("baseline", cwd=project)
    assert result.returncode == 0
    assert git(project, "status", "--porcelain", env=env) == ""


def test_check_from_a_subfolder_finds_the_same_entries(
    repo: tuple[Path, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, _ = repo
    code, out, _ = main(
        ["check", "--baseline", f"../{BASELINE}", "."], project / "src", capsys, monkeypatch
    )
    assert code == 0
    assert out == (
        "1 file scanned; no Microsoft first-party app IDs in client positions; "
        "1 known from the baseline, not shown.\n"
    )


def test_fixed_findings_are_counted_as_stale_and_never_fail(
    repo: tuple[Path, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, _ = repo
    (project / ".env").write_text("AZURE_CLIENT_ID=${CLIENT_ID}\n")
    # Only the files of the run count: pre-commit passing one file says nothing of the others.
    code, out, _ = main(
        ["check", "--baseline", BASELINE, "src/auth.py"], project, capsys, monkeypatch
    )
    assert code == 0 and "no longer found" not in out
    # A file deleted since counts wherever the run looks.
    (project / "appsettings.json").unlink()
    code, out, _ = main(["check", "--baseline", BASELINE], project, capsys, monkeypatch)
    assert code == 0
    assert out.endswith(
        "1 known from the baseline, not shown; 3 baseline entries no longer found "
        "(re-run 'first-party-lint baseline' to drop them).\n"
    )


def test_pre_commit_style_explicit_files_and_the_baseline_file_itself(
    repo: tuple[Path, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pre-commit passes changed files by name, the baseline among them when it changed."""
    project, _ = repo
    code, out, _ = main(
        ["check", "--baseline", BASELINE, ".env", BASELINE, "src/auth.py"],
        project,
        capsys,
        monkeypatch,
    )
    assert code == 0, out
    assert "2 known from the baseline" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "baseline file not found", id="missing"),
        pytest.param("{not json", "not a baseline file (invalid JSON", id="not-json"),
        pytest.param('{"schema": 1}', "not a baseline file (no 'findings' list)", id="no-list"),
        pytest.param(
            '{"schema": 9, "fingerprints": "first-party-lint/v1", "findings": []}',
            "baseline schema 9",
            id="future-schema",
        ),
        pytest.param(
            '{"schema": 1, "fingerprints": "first-party-lint/v1", "findings": [{"path": "a"}]}',
            "entry 1 of 'findings' has no valid 'fingerprint'",
            id="entry-without-fingerprint",
        ),
        pytest.param(b"\xff\xfe\x00", "cannot read the baseline file", id="not-utf8"),
    ],
)
def test_a_missing_or_corrupt_baseline_is_exit_2_naming_it(
    tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    (tmp_path / "a.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    name = tmp_path / "team-baseline.json"
    if isinstance(content, bytes):
        name.write_bytes(content)
    elif content is not None:
        name.write_text(content)
    result = run("check", "--baseline", "team-baseline.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith("first-party-lint: error: team-baseline.json: "), line
    assert message in line and "\n" not in line


def test_check_never_writes_the_baseline(
    repo: tuple[Path, dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, env = repo
    before = hashlib.sha256((project / BASELINE).read_bytes()).hexdigest()
    (project / "src" / "new.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    for args in (
        ["check", "--baseline", BASELINE],
        ["check", "--baseline", BASELINE, "-q"],
        ["check", "--baseline", BASELINE, "--format", "sarif"],
    ):
        assert main(args, project, capsys, monkeypatch)[0] == 1
    code, _, err = main(
        ["check", "--baseline", BASELINE, "--output", BASELINE], project, capsys, monkeypatch
    )
    assert code == 2 and "would overwrite the baseline file" in err
    assert hashlib.sha256((project / BASELINE).read_bytes()).hexdigest() == before
    assert git(project, "status", "--porcelain", env=env) == "?? src/new.py\n"


def test_baseline_command_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    code, out, _ = main(["baseline", "--output", "b.json", "a.py"], tmp_path, capsys, monkeypatch)
    assert code == 0
    assert out.splitlines() == [
        "1 file scanned; 1 error and 0 warnings (FPA001: 1).",
        "baseline: 1 finding recorded in b.json (1 error, 0 warnings)",
    ]
    assert json.loads((tmp_path / "b.json").read_text())["findings"][0]["path"] == "a.py"
    for wrong, message in (
        (["--baseline", "b.json"], "--baseline is for 'check'"),
        (["--format", "sarif"], "--format is for 'check'"),
    ):
        code, _, err = main(["baseline", *wrong], tmp_path, capsys, monkeypatch)
        assert code == 2 and message in err
    code, _, err = main(
        ["baseline", "--output", "no/such/dir/b.json"], tmp_path, capsys, monkeypatch
    )
    assert code == 2 and err.startswith("first-party-lint: error: no/such/dir/b.json: cannot write")
