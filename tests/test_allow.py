"""`allow` entries through cli.main: by ID, by name, by path glob, expired (FPA101), unused.

The entries are written to a real pyproject.toml and read by the config loader, as users'
are.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import AZ_CLI, GRAPH_CLI
from test_suppress import Found, found

from linter import allow_match, catalog, cli, engine, suppress
from linter.discovery import FileRef
from linter.findings import AllowEntry, Location, Scanned

CLIENT = f'app = msal.PublicClientApplication("{AZ_CLI}")\n'
GRAPH_CLIENT = f'app = msal.PublicClientApplication("{GRAPH_CLI}")\n'


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(files: dict[str, str], *allow: str) -> None:
    if allow:
        entries = "".join(f"  {{ {entry} }},\n" for entry in allow)
        files = {"pyproject.toml": f"[tool.first-party-lint]\nallow = [\n{entries}]\n", **files}
    for name, text in files.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = cli.main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("entry", "suppressed", "kept"),
    [
        pytest.param(
            f'id = "{AZ_CLI}", reason = "our own CLI"',
            ["src/auth.py", "tests/test_auth.py"],
            ["src/graph.py"],
            id="by-id",
        ),
        pytest.param(
            'name = "azure cli", reason = "our own CLI"',
            ["src/auth.py", "tests/test_auth.py"],
            ["src/graph.py"],
            id="by-name-case-blind",
        ),
        pytest.param(
            'name = "Microsoft", reason = "all of them"',
            ["src/auth.py", "src/graph.py", "tests/test_auth.py"],
            [],
            id="by-part-of-name",
        ),
        pytest.param(
            f'id = "{AZ_CLI}", paths = ["tests/"], reason = "fixtures"',
            ["tests/test_auth.py"],
            ["src/auth.py", "src/graph.py"],
            id="folder-glob",
        ),
        pytest.param(
            f'id = "{AZ_CLI}", paths = ["auth.py"], reason = "by name at any depth"',
            ["src/auth.py"],
            ["src/graph.py", "tests/test_auth.py"],
            id="bare-name-any-depth",
        ),
        pytest.param(
            f'id = "{AZ_CLI}", paths = ["/src/*.py"], reason = "anchored"',
            ["src/auth.py"],
            ["src/graph.py", "tests/test_auth.py"],
            id="anchored-glob",
        ),
        pytest.param(
            f'id = "{AZ_CLI}", paths = ["**/test_*.py"], reason = "double star"',
            ["tests/test_auth.py"],
            ["src/auth.py", "src/graph.py"],
            id="double-star",
        ),
    ],
)
def test_allow_entry_suppresses(
    capsys: pytest.CaptureFixture[str], entry: str, suppressed: list[str], kept: list[str]
) -> None:
    write(
        {"src/auth.py": CLIENT, "src/graph.py": GRAPH_CLIENT, "tests/test_auth.py": CLIENT},
        entry,
    )
    code, document = check(capsys, ".")
    assert [f.path for f in found(document)] == kept
    assert [f.path for f in found(document, "suppressed")] == suppressed
    assert {s["suppression"]["kind"] for s in document["suppressed"]} == {"external"}
    assert code == (1 if kept else 0)


def test_expired_entry_brings_the_finding_back(capsys: pytest.CaptureFixture[str]) -> None:
    write(
        {"src/auth.py": CLIENT},
        f'id = "{AZ_CLI}", reason = "migration", expires = 2001-02-03',
        f'id = "{GRAPH_CLI}", reason = "not yet", expires = 2999-12-31',
    )
    code, document = check(capsys, "src/auth.py")
    assert code == 1
    assert found(document) == [
        Found("pyproject.toml", 3, 1, "FPA101", "warning"),
        Found("src/auth.py", 1, 37, "FPA001", "error"),
    ]
    assert document["findings"][0]["message"] == (
        "allow entry for 04b07795-8ddb-461a-bbee-02f9e1bf7b46 expired on 2001-02-03; "
        "its findings are reported again"
    )
    assert document["suppressed"] == []


def test_entry_expiring_today_still_suppresses() -> None:
    path = Path("auth.py")
    path.write_text(CLIENT, encoding="utf-8")
    result = engine.scan_file(FileRef(path, "auth.py"), catalog.load(), engine.ScanOptions())
    today = date(2026, 1, 31)
    entry = AllowEntry(AZ_CLI, "until today", expires=today)
    (judged,) = suppress.apply([result], lambda _: [entry], today=today)
    assert isinstance(judged, Scanned)
    assert (judged.findings, len(judged.suppressed)) == ((), 1)


@pytest.mark.parametrize(
    ("args", "unused"),
    [
        pytest.param((".",), [Found("pyproject.toml", 4, 1, "FPA100", "warning")], id="tree"),
        pytest.param(("src/auth.py",), [], id="files-alone-are-not-judged"),
    ],
)
def test_unused_entry(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], unused: list[Found]
) -> None:
    """pre-commit passes single files: an entry for other files must not look unused."""
    write(
        {"src/auth.py": CLIENT},
        f'id = "{AZ_CLI}", reason = "used"',
        f'id = "{GRAPH_CLI}", paths = ["legacy/"], reason = "legacy was deleted"',
    )
    code, document = check(capsys, *args)
    assert found(document) == unused
    assert code == 0
    if unused:
        assert document["findings"][0]["message"] == (
            f"unused allow entry: {GRAPH_CLI} in legacy/ matched no finding"
        )


def test_entry_without_reason_is_a_config_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A reason is required in `allow` entries (FPA102 is for comments): exit 2 naming it."""
    write({"src/auth.py": CLIENT}, f'id = "{AZ_CLI}", reason = ""')
    assert cli.main(["check", "src/auth.py"]) == 2
    error = capsys.readouterr().err
    assert "pyproject.toml" in error
    assert "reason" in error


def test_ids_in_the_tools_own_config_are_not_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """An allow entry names the ID it accepts: that is no use of it (nor the entry's own)."""
    write({"src/auth.py": CLIENT}, f'id = "{AZ_CLI}", paths = ["src/"], reason = "ours"')
    code, document = check(capsys, "pyproject.toml", "src/auth.py")
    assert (code, found(document)) == (0, [])


def test_ids_in_first_party_lint_toml_are_not_findings(capsys: pytest.CaptureFixture[str]) -> None:
    Path(".first-party-lint.toml").write_text(
        f'allow = [{{ id = "{AZ_CLI}", reason = "ours" }}]\nextra-ids = ["{GRAPH_CLI}"]\n',
        encoding="utf-8",
    )
    code, document = check(capsys, ".")
    # No FPA001/FPA002 for the IDs written there; the allow entry matches nothing: FPA100.
    assert (code, [f.rule for f in found(document)], document["files_scanned"]) == (
        0,
        ["FPA100"],
        1,
    )


def test_inline_comment_wins_and_shadowed_entry_is_unused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(
        {"auth.py": CLIENT.rstrip("\n") + "  # first-party-lint: ignore[FPA001] inline\n"},
        f'id = "{AZ_CLI}", reason = "config"',
    )
    _, document = check(capsys, ".")
    assert [s["suppression"] for s in document["suppressed"]] == [
        {"kind": "inSource", "reason": "inline"}
    ]
    assert [f.rule for f in found(document)] == ["FPA100"]


@pytest.mark.parametrize(
    ("active", "expected"),
    [
        pytest.param(frozenset({"FPA001", "FPA002", "FPA100"}), ["FPA100"], id="all-rules"),
        pytest.param(frozenset({"FPA002", "FPA100"}), [], id="fpa001-not-selected"),
        pytest.param(frozenset({"FPA001", "FPA002"}), [], id="fpa100-not-selected"),
        pytest.param(
            lambda path: {"FPA002", "FPA100"} if path == "auth.py" else {"FPA001", "FPA100"},
            [],
            id="per-path-selection",
        ),
        pytest.param(
            lambda path: {"FPA002", "FPA100"} if path != "auth.py" else {"FPA001", "FPA100"},
            ["FPA100"],
            id="per-path-selection-of-another-file",
        ),
    ],
)
def test_comments_are_judged_only_for_rules_that_ran(
    active: suppress.Active, expected: list[str]
) -> None:
    path = Path("auth.py")
    path.write_text("# first-party-lint: ignore[FPA001] gone\nx = 1\n", encoding="utf-8")
    result = engine.scan_file(FileRef(path, "auth.py"), catalog.load(), engine.ScanOptions())
    (judged,) = suppress.apply([result], active=active)
    assert isinstance(judged, Scanned)
    assert [f.rule for f in judged.findings] == expected


def test_entry_origin_outside_the_run_gets_its_own_result() -> None:
    """A config file that was not scanned still gets its FPA101, as a result of its own."""
    origin = Location("config/.first-party-lint.toml", 7, 1, 2)
    entry = AllowEntry(AZ_CLI, "old", expires=date(2000, 1, 1), origin=origin)
    results = suppress.apply([Scanned("a.py")], lambda _: [entry])
    assert results[0] == Scanned("a.py")
    extra = results[1]
    assert isinstance(extra, Scanned)
    assert extra.path == origin.path
    assert [(f.location, f.rule) for f in extra.findings] == [(origin, "FPA101")]


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.json", "a/b/appsettings.json", True),
        ("*.json", "a/b/appsettings.jsonc", False),
        ("tests/", "tests/unit/x.py", True),
        ("tests/", "tests", False),
        ("tests", "src/tests/x.py", True),
        ("/tests", "src/tests/x.py", False),
        ("src/*.py", "src/a.py", True),
        ("src/*.py", "src/sub/a.py", False),
        ("src/**/a.py", "src/a.py", True),
        ("src/**/a.py", "src/x/y/a.py", True),
        ("docs/**", "docs/x/y.md", True),
        ("test_?.py", "test_1.py", True),
        ("test_[!0-9].py", "test_1.py", False),
        ("test_[!0-9].py", "test_a.py", True),
        ("a.py", "xa.py", False),
        ("**/**/**/a.py", "x/y/a.py", True),
        ("**/**/**/a.py", "x/y/b.py", False),
    ],
)
def test_glob_is_gitignore_style(pattern: str, path: str, matches: bool) -> None:
    assert allow_match.glob_matches(pattern, path) is matches


def test_only_the_tools_own_table_is_exempt(capsys: pytest.CaptureFixture[str]) -> None:
    """A workflow job or another tool's table named like this tool is still scanned."""
    Path("ci.yaml").write_text(
        f"jobs:\n  first-party-lint:\n    env:\n      AZURE_CLIENT_ID: {AZ_CLI}\n", encoding="utf-8"
    )
    Path("pyproject.toml").write_text(
        f'[tool.other.first-party-lint]\nclient_id = "{AZ_CLI}"\n', encoding="utf-8"
    )
    _, document = check(capsys, ".")
    assert [(f.path, f.line, f.rule) for f in found(document)] == [
        ("ci.yaml", 4, "FPA001"),
        ("pyproject.toml", 2, "FPA001"),
    ]


def test_unused_entry_of_first_party_lint_toml_is_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Regression: the rule selection dropped every finding of the tool's own config files,
    FPA100/FPA101 about their `allow` entries with the IDs they name."""
    Path(".first-party-lint.toml").write_text(
        f'allow = [{{ id = "{GRAPH_CLI}", reason = "legacy was deleted" }}]\n', encoding="utf-8"
    )
    write({"src/auth.py": CLIENT})
    _, document = check(capsys, ".")
    assert [f.rule for f in found(document)] == ["FPA100", "FPA001"]  # by path
    assert [f.path for f in found(document)] == [".first-party-lint.toml", "src/auth.py"]
