"""Config files through the CLI: each key good and bad, discovery (nearest wins), precedence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers import AZ_CLI, OFFICE

from linter import cli
from linter.config import Overrides, Resolver, load_file
from linter.findings import AllowEntry, Location

ORG_ID = "6f1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"  # not in the catalog: an organisation's own
CLIENT = f'client_id = "{AZ_CLI}"\n'  # FPA001 in Python
UNCLEAR = f"# Office is {OFFICE}\n"  # FPA002 in a Python comment


def check(
    cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.chdir(cwd)
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def findings(out: str) -> list[tuple[str, str]]:
    return [(f["path"], f["rule"]) for f in json.loads(out)["findings"]]


BAD = [
    pytest.param("exlude = []", "exlude: unknown key (did you mean 'exclude'?)", id="typo"),
    pytest.param("colour = 1", "colour: unknown key (known: extend, exclude", id="unknown"),
    pytest.param(
        'exclude = "build"', "exclude: expected a list of strings, got a string", id="exclude-type"
    ),
    pytest.param(
        "extend-exclude = [1]",
        "extend-exclude: expected a list of strings",
        id="extend-exclude-type",
    ),
    pytest.param('extend-exclude = ["a\\\\"]', "extend-exclude: bad pattern", id="bad-pattern"),
    pytest.param(
        'respect-gitignore = "yes"',
        "respect-gitignore: expected true or false",
        id="gitignore-type",
    ),
    pytest.param('select = ["FPA9"]', "select: unknown rule code 'FPA9'", id="select-code"),
    pytest.param('ignore = ["E501"]', "ignore: unknown rule code 'E501'", id="ignore-code"),
    pytest.param('select = "FPA001"', "select: expected a list of strings", id="select-type"),
    pytest.param('fail-on = "never"', "fail-on: expected one of 'error', 'warning'", id="fail-on"),
    pytest.param('format = "xml"', "format: unknown format 'xml'", id="format"),
    pytest.param(
        "require-reason = 1", "require-reason: expected true or false", id="require-reason"
    ),
    pytest.param('allow = "x"', "allow: expected a list of tables", id="allow-type"),
    pytest.param('allow = ["x"]', "allow[0]: expected a table", id="allow-item"),
    pytest.param(
        'allow = [{id = "nope", reason = "r"}]', "allow[0].id: not an app ID", id="allow-id"
    ),
    pytest.param(
        f'allow = [{{id = "{AZ_CLI}"}}]',
        "allow[0].reason: a reason is required",
        id="allow-no-reason",
    ),
    pytest.param(
        f'allow = [{{id = "{AZ_CLI}", reason = "  "}}]',
        "allow[0].reason: a reason is required",
        id="allow-blank-reason",
    ),
    pytest.param(
        f'allow = [{{id = "{AZ_CLI}", name = "x", reason = "r"}}]',
        "allow[0]: needs exactly one of `id` or `name`",
        id="allow-id-and-name",
    ),
    pytest.param(
        f'allow = [{{id = "{AZ_CLI}", reasn = "r"}}]',
        "allow[0].reasn: unknown key (did you mean 'reason'?)",
        id="allow-typo",
    ),
    pytest.param(
        f'allow = [{{id = "{AZ_CLI}", reason = "r", expires = "2026-13-01"}}]',
        "allow[0].expires: expected a date YYYY-MM-DD",
        id="allow-bad-date",
    ),
    pytest.param(
        f'allow = [{{id = "{AZ_CLI}", reason = "r", expires = "soon"}}]',
        "allow[0].expires: expected a date",
        id="allow-date-text",
    ),
    pytest.param(
        f'allow = [{{id = "{AZ_CLI}", reason = "r", paths = "src"}}]',
        "allow[0].paths: expected a list of strings",
        id="allow-paths",
    ),
    pytest.param('extra-ids = ["12345"]', "extra-ids[0]: not an app ID", id="extra-inline"),
    pytest.param(
        "extra-ids = 3", "extra-ids: expected a file name or a list of IDs", id="extra-type"
    ),
    pytest.param(
        'extra-ids = "missing.txt"', "extra-ids: cannot read extra-ids file", id="extra-missing"
    ),
    pytest.param(
        'extra-ids = [{id = "' + ORG_ID + '", nam = "x"}]',
        "extra-ids[0].nam: unknown key",
        id="extra-table-typo",
    ),
]


@pytest.mark.parametrize(("body", "message"), BAD)
@pytest.mark.parametrize("where", ["dotfile", "pyproject"])
def test_a_bad_key_or_value_is_exit_2_naming_file_and_key(
    tmp_path: Path, body: str, message: str, where: str, monkeypatch, capsys
) -> None:
    (tmp_path / "a.py").write_text(CLIENT)
    if where == "dotfile":
        name, prefix = ".first-party-lint.toml", ""
        (tmp_path / name).write_text(f"# a comment\n{body}\n")
    else:
        name, prefix = "pyproject.toml", "tool.first-party-lint."
        (tmp_path / name).write_text(f"[project]\nname = 'x'\n\n[tool.first-party-lint]\n{body}\n")
    code, out, err = check(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"first-party-lint: error: {name}:")
    assert f"{prefix}{message}" in err


def test_the_error_names_the_line_of_the_key(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / ".first-party-lint.toml").write_text('fail-on = "error"\n\nformat = "yaml"\n')
    code, _, err = check(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert err.startswith("first-party-lint: error: .first-party-lint.toml:3: format:")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param(".first-party-lint.toml", "select = []\nformat = = 1\n", id="dotfile"),
        pytest.param("pyproject.toml", "[tool.first-party-lint]\nformat = = 1\n", id="pyproject"),
    ],
)
def test_invalid_toml_names_file_and_line(tmp_path: Path, name, text, monkeypatch, capsys) -> None:
    (tmp_path / name).write_text(text)
    code, _, err = check(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert err.startswith(f"first-party-lint: error: {name}: invalid TOML:")
    assert "(at line 2, column" in err


def test_a_nested_bad_config_stops_the_run_naming_it(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.py").write_text(CLIENT)
    (tmp_path / "sub" / ".first-party-lint.toml").write_text("selct = []\n")
    code, _, err = check(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert "sub/.first-party-lint.toml:1: selct: unknown key (did you mean 'select'?)" in err


def test_a_broken_pyproject_of_another_tool_is_not_read(tmp_path: Path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.other\n")
    (tmp_path / "a.py").write_text(CLIENT)
    code, out, _ = check(tmp_path, "-q", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    assert out.startswith("a.py:1:14: FPA001")


GOOD = [
    pytest.param("", {}, id="defaults"),
    pytest.param('fail-on = "warning"', {"fail_on": "warning"}, id="fail-on"),
    pytest.param('format = "json"', {"format": "json"}, id="format"),
    pytest.param("require-reason = true", {"require_reason": True}, id="require-reason"),
    pytest.param("respect-gitignore = false", {"respect_gitignore": False}, id="gitignore"),
    pytest.param('select = ["fpa00"]', {"select": ("FPA00",)}, id="select-prefix"),
    pytest.param('ignore = ["FPA002"]', {"ignore": ("FPA002",)}, id="ignore"),
    pytest.param('select = ["ALL"]', {"select": ("ALL",)}, id="select-all"),
]


@pytest.mark.parametrize(("body", "expected"), GOOD)
def test_good_values_are_read(tmp_path: Path, body: str, expected: dict[str, object]) -> None:
    (tmp_path / ".first-party-lint.toml").write_text(body + "\n")
    config = load_file(tmp_path / ".first-party-lint.toml", str(tmp_path))
    assert config is not None
    defaults = {
        "fail_on": "error",
        "format": None,
        "require_reason": False,
        "respect_gitignore": True,
        "select": ("ALL",),
        "ignore": (),
    }
    for key, value in {**defaults, **expected}.items():
        assert getattr(config, key) == value, key


def test_allow_entries_carry_root_origin_and_dates(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "pyproject.toml").write_text(
        "[project]\nname = 'svc'\n\n"
        "[[tool.first-party-lint.allow]]\n"
        f'id = "{{{AZ_CLI.upper()}}}"\n'
        'reason = "the Azure CLI team\'s own test tool"\n'
        'paths = ["tests/**"]\n'
        "expires = 2027-01-31\n\n"
        "[[tool.first-party-lint.allow]]\n"
        'name = "Microsoft Office"\n'
        'reason = "documented in the admin guide"\n'
        'expires = "2026-12-31"\n'
    )
    config = load_file(tmp_path / "svc" / "pyproject.toml", str(tmp_path))
    assert config is not None
    assert config.allow == (
        AllowEntry(
            AZ_CLI,
            "the Azure CLI team's own test tool",
            ("tests/**",),
            date(2027, 1, 31),
            "svc",
            Location("svc/pyproject.toml", 5, 1, 1),
        ),
        AllowEntry(
            "Microsoft Office",
            "documented in the admin guide",
            (),
            date(2026, 12, 31),
            "svc",
            Location("svc/pyproject.toml", 11, 1, 1),
        ),
    )


def test_allow_for_gives_each_path_its_nearest_configs_entries(tmp_path: Path) -> None:
    (tmp_path / ".first-party-lint.toml").write_text(
        f'allow = [{{id = "{AZ_CLI}", reason = "top"}}]\n'
    )
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / ".first-party-lint.toml").write_text(
        f'allow = [{{id = "{OFFICE}", reason = "inner"}}]\n'
    )
    resolver = Resolver(Overrides(cwd=str(tmp_path)))
    assert [e.reason for e in resolver.allow_for("a.py")] == ["top"]
    assert [e.reason for e in resolver.allow_for("inner/deep/b.py")] == ["inner"]
    assert [e.root for e in resolver.allow_for("inner/b.py")] == ["inner"]


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    """A monorepo: the top selects FPA001 only, `legacy/` has its own config and no FPA001."""
    (tmp_path / "pyproject.toml").write_text('[tool.first-party-lint]\nselect = ["FPA001"]\n')
    (tmp_path / "app.py").write_text(CLIENT + UNCLEAR)
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / ".first-party-lint.toml").write_text('ignore = ["FPA001"]\n')
    (legacy / "old.py").write_text(CLIENT + UNCLEAR)
    (legacy / "plain").mkdir()
    (legacy / "plain" / "pyproject.toml").write_text("[project]\nname = 'plain'\n")
    (legacy / "plain" / "deep.py").write_text(CLIENT + UNCLEAR)
    return tmp_path


def test_the_nearest_config_wins_without_merging(nested: Path, monkeypatch, capsys) -> None:
    code, out, _ = check(nested, "--format", "json", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    # legacy/ ignores FPA001 and does not inherit the top's select; a pyproject.toml without
    # the tool's table is not a config, so plain/ gets legacy's.
    assert findings(out) == [
        ("app.py", "FPA001"),
        ("legacy/old.py", "FPA002"),
        ("legacy/plain/deep.py", "FPA002"),
    ]


def test_flags_apply_over_every_config(nested: Path, monkeypatch, capsys) -> None:
    code, out, _ = check(
        nested, "--format", "json", "--select", "FPA002", monkeypatch=monkeypatch, capsys=capsys
    )
    assert findings(out) == [
        ("app.py", "FPA002"),
        ("legacy/old.py", "FPA002"),
        ("legacy/plain/deep.py", "FPA002"),
    ]
    assert code == 0  # warnings alone


def test_config_flag_replaces_discovery(nested: Path, monkeypatch, capsys) -> None:
    (nested / "ci.toml").write_text('ignore = ["FPA002"]\n')
    code, out, _ = check(
        nested, "--format", "json", "--config", "ci.toml", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 1
    assert findings(out) == [
        ("app.py", "FPA001"),
        ("legacy/old.py", "FPA001"),
        ("legacy/plain/deep.py", "FPA001"),
    ]


def test_config_flag_pointing_at_a_pyproject_without_the_table(tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    code, _, err = check(
        tmp_path, "--config", "pyproject.toml", monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 2
    assert "pyproject.toml: no [tool.first-party-lint] table" in err


def test_dotfile_wins_over_pyproject_in_one_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.first-party-lint]\nselect = ["FPA002"]\n')
    (tmp_path / ".first-party-lint.toml").write_text('select = ["FPA001"]\n')
    (tmp_path / "a.py").write_text(CLIENT + UNCLEAR)
    _, out, _ = check(tmp_path, "--format", "json", monkeypatch=monkeypatch, capsys=capsys)
    assert findings(out) == [("a.py", "FPA001")]


def test_run_settings_come_from_the_current_directory(nested: Path, monkeypatch, capsys) -> None:
    """format and fail-on of a sub-project apply when the run starts there, not above it."""
    (nested / "legacy" / ".first-party-lint.toml").write_text(
        'format = "json"\nfail-on = "warning"\nignore = ["FPA001"]\n'
    )
    code, out, _ = check(nested / "legacy", "old.py", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1  # a warning fails under fail-on = "warning"
    assert findings(out) == [("old.py", "FPA002")]
    code, out, _ = check(nested, "legacy/old.py", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0  # the top's fail-on (error) and text format; the file's own ignore
    assert out.startswith("legacy/old.py:2:13: FPA002")


@pytest.mark.parametrize(
    ("config", "flags", "code"),
    [
        pytest.param("", (), 0, id="default-error"),
        pytest.param('fail-on = "warning"', (), 1, id="config-warning"),
        pytest.param('fail-on = "warning"', ("--fail-on", "error"), 0, id="flag-over-config"),
        pytest.param("", ("--fail-on", "warning"), 1, id="flag-warning"),
        pytest.param('fail-on = "warning"', ("--exit-zero",), 0, id="exit-zero-wins"),
    ],
)
def test_fail_on(tmp_path: Path, config: str, flags, code: int, monkeypatch, capsys) -> None:
    (tmp_path / ".first-party-lint.toml").write_text(config + "\n")
    (tmp_path / "a.py").write_text(UNCLEAR)
    assert check(tmp_path, *flags, monkeypatch=monkeypatch, capsys=capsys)[0] == code


def test_format_from_config_and_flag_over_it(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / ".first-party-lint.toml").write_text('format = "json"\n')
    (tmp_path / "a.py").write_text(CLIENT)
    _, out, _ = check(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert findings(out) == [("a.py", "FPA001")]
    _, out, _ = check(tmp_path, "--format", "text", "-q", monkeypatch=monkeypatch, capsys=capsys)
    assert out.startswith("a.py:1:14: FPA001")


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(f'extra-ids = ["{ORG_ID.upper()}"]', id="inline"),
        pytest.param(f'extra-ids = [{{id = "{ORG_ID}", name = "Contoso Billing"}}]', id="table"),
        pytest.param('extra-ids = "policy/forbidden-ids.txt"', id="file"),
    ],
)
def test_extra_ids_are_reported_like_catalog_ids(tmp_path: Path, extra: str, monkeypatch, capsys):
    if "policy" in extra:  # neither file's IDs are reported: they are settings, not uses
        (tmp_path / "policy").mkdir()
        (tmp_path / "policy" / "forbidden-ids.txt").write_text(
            f"# our own apps that must never be a client ID\n\n{ORG_ID} Contoso Billing\n"
        )
    (tmp_path / ".first-party-lint.toml").write_text(extra + "\n")
    (tmp_path / "a.py").write_text(f'client_id = "{ORG_ID}"\nNOTE = "{ORG_ID}"\n')
    code, out, _ = check(tmp_path, "--format", "json", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1
    doc = json.loads(out)
    assert [(f["line"], f["rule"], f["app_id"]) for f in doc["findings"]] == [
        (1, "FPA001", ORG_ID),
        (2, "FPA002", ORG_ID),
    ]
    named = "Contoso" in extra or "policy" in extra
    expected = "Contoso Billing" if named else "app listed in extra-ids"
    assert doc["findings"][0]["app_name"] == expected


def test_an_extra_ids_file_with_a_bad_line_is_named(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "ids.txt").write_text(f"{ORG_ID} ok\nnot-a-guid oops\n")
    (tmp_path / ".first-party-lint.toml").write_text('extra-ids = "ids.txt"\n')
    code, _, err = check(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert ".first-party-lint.toml:1: extra-ids:" in err
    assert "ids.txt:2: not an app ID (a GUID): 'not-a-guid'" in err


def test_unknown_rule_code_on_the_command_line_is_exit_2(tmp_path, monkeypatch, capsys) -> None:
    code, _, err = check(tmp_path, "--ignore", "FPA001,XYZ", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert "unknown rule code 'XYZ'" in err


def test_extend_takes_a_base_and_overrides_key_by_key(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.first-party-lint]\n"
        'extend-exclude = ["generated/"]\n'
        'select = ["FPA001"]\n'
        f'allow = [{{id = "{AZ_CLI}", reason = "the wrapper", paths = ["wrapper.py"]}}]\n'
    )
    svc = tmp_path / "svc"
    svc.mkdir()
    (svc / ".first-party-lint.toml").write_text(
        'extend = "../pyproject.toml"\nextend-exclude = ["vendor/"]\nignore = ["FPA001"]\n'
    )
    for name in (
        "a.py",
        "generated/g.py",
        "vendor/v.py",
        "svc/generated/g.py",
        "svc/vendor/v.py",
        "svc/s.py",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(CLIENT + UNCLEAR)
    _, out, _ = check(tmp_path, "--format", "json", monkeypatch=monkeypatch, capsys=capsys)
    # svc/: the base's select (FPA001 only) and its own ignore (FPA001): nothing; both
    # extend-excludes apply, each relative to the folder of the file that wrote it.
    assert findings(out) == [("a.py", "FPA001"), ("vendor/v.py", "FPA001")]
    resolver = Resolver(Overrides(cwd=str(tmp_path)))
    svc_config = resolver.for_path("svc/s.py")
    assert [e.reason for e in svc_config.allow] == ["the wrapper"]
    assert [e.root for e in svc_config.allow] == ["."]
    assert svc_config.excluded(str(svc / "generated"), True) is True  # the base's pattern
    assert svc_config.excluded(str(svc / "vendor"), True) is True  # its own
    assert svc_config.excluded(str(tmp_path / "vendor"), True) is False  # not below svc/


@pytest.mark.parametrize(
    ("files", "message"),
    [
        pytest.param(
            {"a.toml": 'extend = "b.toml"', "b.toml": 'extend = "a.toml"'},
            "b.toml:1: extend: a.toml extends this file again (a loop)",
            id="loop",
        ),
        pytest.param(
            {"a.toml": 'extend = "nope.toml"'}, "a.toml:1: extend: no such file", id="missing"
        ),
        pytest.param(
            {"a.toml": 'extend = "pyproject.toml"', "pyproject.toml": "[project]\n"},
            "a.toml:1: extend: pyproject.toml has no [tool.first-party-lint]",
            id="no-table",
        ),
        pytest.param({"a.toml": "extend = 1"}, "a.toml:1: extend: expected a file name", id="type"),
        pytest.param(
            {"a.toml": 'extend = "b.toml"', "b.toml": "selekt = []"},
            "b.toml:1: selekt: unknown key",
            id="bad-base",
        ),
    ],
)
def test_bad_extend_is_exit_2(tmp_path: Path, files, message, monkeypatch, capsys) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text + "\n")
    code, _, err = check(tmp_path, "--config", "a.toml", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2
    assert message in err


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        pytest.param('["ALL"]', "[]", ["FPA001", "FPA002"], id="all"),
        pytest.param('["FPA0"]', '["FPA002"]', ["FPA001"], id="prefix-minus-code"),
        pytest.param('["FPA001"]', '["FPA0"]', ["FPA001"], id="longer-select-wins"),
        pytest.param('["FPA00"]', '["FPA00"]', [], id="ignore-wins-a-tie"),
        pytest.param("[]", "[]", [], id="nothing-selected"),
    ],
)
def test_select_and_ignore_prefixes(tmp_path, select, ignore, expected, monkeypatch, capsys):
    (tmp_path / ".first-party-lint.toml").write_text(f"select = {select}\nignore = {ignore}\n")
    (tmp_path / "a.py").write_text(CLIENT + UNCLEAR)
    _, out, _ = check(tmp_path, "--format", "json", monkeypatch=monkeypatch, capsys=capsys)
    assert [rule for _, rule in findings(out)] == expected
