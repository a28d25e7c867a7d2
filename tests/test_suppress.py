"""Inline suppressions through the real CLI: every comment syntax, strings, FPA100, FPA102."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from helpers import AZ_CLI, run_cli

from linter import cli

MARK = "first-party-lint: ignore[{code}] {reason}"


class Found(NamedTuple):
    path: str
    line: int
    column: int
    rule: str
    severity: str


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    """`first-party-lint check --format json ARGS` in the current directory."""
    capsys.readouterr()
    code = cli.main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def found(document: dict[str, Any], key: str = "findings") -> list[Found]:
    return [
        Found(f["path"], f["line"], f["column"], f["rule"], f["severity"]) for f in document[key]
    ]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


class Syntax(NamedTuple):
    filename: str
    header: str  # lines before the one with the ID
    code: str  # the line with the ID ({id})
    comment: str  # a comment holding {mark}
    rule: str  # what the line is without a suppression
    trailing: str = ""  # the comment at the end of a line, when it differs


SYNTAXES = [
    pytest.param(
        Syntax(
            "auth.py",
            "import msal\n",
            'app = msal.PublicClientApplication("{id}")',
            "# {mark}",
            "FPA001",
        ),
        id="python-hash",
    ),
    pytest.param(
        Syntax("auth.js", "", 'const c = { auth: { clientId: "{id}" } };', "// {mark}", "FPA001"),
        id="js-slashes",
    ),
    pytest.param(
        Syntax(
            "auth.ts", "", 'const c = { auth: { clientId: "{id}" } };', "/* {mark} */", "FPA001"
        ),
        id="ts-block",
    ),
    pytest.param(
        Syntax(
            "Auth.cs",
            "",
            'var app = PublicClientApplicationBuilder.Create("{id}").Build();',
            "// {mark}",
            "FPA001",
        ),
        id="csharp",
    ),
    pytest.param(
        Syntax("ci.yaml", "env:\n", '  AZURE_CLIENT_ID: "{id}"', "# {mark}", "FPA001"),
        id="yaml",
    ),
    pytest.param(Syntax(".env", "", "AZURE_CLIENT_ID={id}", "# {mark}", "FPA001"), id="dotenv"),
    pytest.param(Syntax("app.ini", "[auth]\n", "client_id = {id}", "; {mark}", "FPA001"), id="ini"),
    pytest.param(
        Syntax("app.toml", "[auth]\n", 'client_id = "{id}"', "# {mark}", "FPA001"), id="toml"
    ),
    pytest.param(
        Syntax(
            "web.config",
            "<configuration>\n",
            '  <add key="ida:ClientId" value="{id}" />',
            "<!-- {mark} -->",
            "FPA001",
        ),
        id="xml",
    ),
    pytest.param(
        Syntax("apps.sql", "", "INSERT INTO apps VALUES ('{id}');", "-- {mark}", "FPA002"),
        id="sql",
    ),
    pytest.param(
        Syntax("README.md", "# Apps\n", "The Azure CLI uses {id}.", "<!-- {mark} -->", "FPA002"),
        id="markdown",
    ),
    pytest.param(
        Syntax("apps.html", "", "<p>The Azure CLI uses {id}.</p>", "<!-- {mark} -->", "FPA002"),
        id="html",
    ),
    pytest.param(
        Syntax("Connect.ps1", "", 'Connect-MgGraph -ClientId "{id}"', "# {mark}", "FPA001"),
        id="powershell",
    ),
    pytest.param(
        Syntax("main.tf", 'provider "azuread" {\n', '  client_id = "{id}"', "// {mark}", "FPA001"),
        id="terraform",
    ),
    pytest.param(
        Syntax("env.bat", "", "set AZURE_CLIENT_ID={id}", "REM {mark}", "FPA001", "& REM {mark}"),
        id="bat-rem",
    ),
    pytest.param(
        Syntax("env.cmd", "", "set AZURE_CLIENT_ID={id}", "& :: {mark}", "FPA001"), id="cmd-colons"
    ),
    pytest.param(Syntax("App.vb", "", 'Const ClientId = "{id}"', "' {mark}", "FPA001"), id="vb"),
]


def _syntaxes(rule: str) -> list[Any]:
    """The cases whose line is reported as `rule` without a suppression."""
    return [p for p in SYNTAXES if isinstance(p.values[0], Syntax) and p.values[0].rule == rule]


def _write(syntax: Syntax, code: str, *, same_line: bool) -> tuple[int, int]:
    """Write the file with `code` in the comment; the line and column of the ID."""
    line = syntax.code.replace("{id}", AZ_CLI)
    comment = (syntax.trailing if same_line and syntax.trailing else syntax.comment).replace(
        "{mark}", code
    )
    body = f"{line} {comment}\n" if same_line else f"{comment}\n{line}\n"
    Path(syntax.filename).write_text(syntax.header + body, encoding="utf-8")
    number = syntax.header.count("\n") + (1 if same_line else 2)
    return number, line.index(AZ_CLI) + 1


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("same_line", [True, False], ids=["same-line", "line-before"])
def test_each_comment_syntax_suppresses(
    capsys: pytest.CaptureFixture[str], syntax: Syntax, same_line: bool
) -> None:
    reason = "the Azure CLI team's own sample"
    line, column = _write(syntax, MARK.format(code=syntax.rule, reason=reason), same_line=same_line)
    code, document = check(capsys, syntax.filename)
    assert found(document) == []
    assert code == 0
    severity = "error" if syntax.rule == "FPA001" else "warning"
    assert found(document, "suppressed") == [
        Found(syntax.filename, line, column, syntax.rule, severity)
    ]
    assert document["suppressed"][0]["suppression"] == {"kind": "inSource", "reason": reason}


@pytest.mark.parametrize(
    "syntax",
    [p for p in SYNTAXES if p.values[0].rule == "FPA001"],  # type: ignore[union-attr]
)
def test_wrong_code_does_not_suppress_and_is_unused(
    capsys: pytest.CaptureFixture[str], syntax: Syntax
) -> None:
    other = "FPA002"
    line, column = _write(syntax, MARK.format(code=other, reason="wrong code"), same_line=False)
    _, document = check(capsys, syntax.filename)
    marker = syntax.comment.index("{mark}") + 1
    assert found(document) == [
        Found(syntax.filename, line - 1, marker, "FPA100", "warning"),
        Found(syntax.filename, line, column, syntax.rule, found(document)[1].severity),
    ]
    assert f"no {other} finding on line {line - 1} or {line}" in document["findings"][0]["message"]
    assert document["suppressed"] == []


@pytest.mark.parametrize(
    ("filename", "text", "rule"),
    [
        pytest.param(
            "auth.py",
            'app = msal.PublicClientApplication("{id}", x="# first-party-lint: ignore[FPA001]")\n',
            "FPA001",
            id="python-string",
        ),
        pytest.param(
            "auth.py",
            'note = """\n# first-party-lint: ignore[FPA001] in a docstring\n"""\n'
            'app = msal.PublicClientApplication("{id}")\n',
            "FPA001",
            id="python-multiline-string",
        ),
        pytest.param(
            "auth.js",
            'const c = { clientId: "{id}", n: "// first-party-lint: ignore[FPA001]" };\n',
            "FPA001",
            id="js-string",
        ),
        pytest.param(
            "auth.js",
            "const n = `/* first-party-lint: ignore[FPA001] */`;\n"
            'const c = { clientId: "{id}" };\n',
            "FPA001",
            id="js-template-line-before",
        ),
        pytest.param(
            "Auth.cs",
            'var n = "// first-party-lint: ignore[FPA001]";\n'
            'var app = PublicClientApplicationBuilder.Create("{id}").Build();\n',
            "FPA001",
            id="csharp-string-line-before",
        ),
        pytest.param(
            "ci.yaml",
            'env:\n  NOTE: "# first-party-lint: ignore[FPA001]"\n  AZURE_CLIENT_ID: "{id}"\n',
            "FPA001",
            id="yaml-string",
        ),
        pytest.param(
            "ci.yaml",
            "env:\n  NOTE: a#first-party-lint: ignore[FPA001]\n  AZURE_CLIENT_ID: {id}\n",
            "FPA001",
            id="yaml-hash-without-blank-is-text",
        ),
        pytest.param(
            "auth.js",
            '/* first-party-lint: ignore[FPA001] */ const n = "x";\n'
            'const c = { clientId: "{id}" };\n',
            "FPA001",
            id="block-comment-then-code-covers-its-own-line-only",
        ),
    ],
)
def test_marker_outside_a_comment_does_not_suppress(
    capsys: pytest.CaptureFixture[str], filename: str, text: str, rule: str
) -> None:
    Path(filename).write_text(text.replace("{id}", AZ_CLI), encoding="utf-8")
    _, document = check(capsys, filename)
    assert [f.rule for f in found(document) if f.rule != "FPA100"] == [rule]
    assert document["suppressed"] == []


def test_unused_comment_in_a_file_without_ids(capsys: pytest.CaptureFixture[str]) -> None:
    """The ID was deleted but the comment stayed: the prefilter finds nothing, FPA100 still."""
    Path("auth.py").write_text(
        "import os\n\nimport msal\n\n"
        "app = msal.PublicClientApplication(os.environ['ID'])  "
        "# first-party-lint: ignore[FPA001] sample\n",
        encoding="utf-8",
    )
    Path("auth.js").write_text(
        "// first-party-lint: ignore[fpa002]\nconst c = { clientId: process.env.ID };\n",
        encoding="utf-8",
    )
    code, document = check(capsys, ".")
    assert found(document) == [
        Found("auth.js", 1, 4, "FPA100", "warning"),
        Found("auth.py", 5, 57, "FPA100", "warning"),
    ]
    assert code == 0
    assert document["findings"][1]["message"] == ("unused suppression: no FPA001 finding on line 5")
    assert document["findings"][0]["end_column"] == 4 + len("first-party-lint: ignore[fpa002]")


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        pytest.param(
            "# first-party-lint: ignore",
            "unused suppression: it names no rule (write `first-party-lint: ignore[FPA001] "
            "reason`)",
            id="bare-ignore-suppresses-nothing",
        ),
        pytest.param(
            "# first-party-lint: ignore[]",
            "unused suppression: it names no rule (write `first-party-lint: ignore[FPA001] "
            "reason`)",
            id="empty-brackets",
        ),
        pytest.param(
            "# first-party-lint: ignore[FPA999] typo",
            "unused suppression: FPA999 is not a rule it can suppress (FPA001, FPA002)",
            id="unknown-code",
        ),
    ],
)
def test_malformed_comment_keeps_the_finding(
    capsys: pytest.CaptureFixture[str], comment: str, message: str
) -> None:
    Path("auth.py").write_text(
        f'{comment}\napp = msal.PublicClientApplication("{AZ_CLI}")\n', encoding="utf-8"
    )
    code, document = check(capsys, "auth.py")
    assert code == 1
    assert found(document) == [
        Found("auth.py", 1, 3, "FPA100", "warning"),
        Found("auth.py", 2, 37, "FPA001", "error"),
    ]
    assert document["findings"][0]["message"] == message


def test_several_codes_and_partly_unused(capsys: pytest.CaptureFixture[str]) -> None:
    Path("auth.py").write_text(
        f'app = msal.PublicClientApplication("{AZ_CLI}")  '
        "# first-party-lint: ignore[FPA001, FPA002] owned by the CLI team\n",
        encoding="utf-8",
    )
    _, document = check(capsys, "auth.py")
    assert found(document) == [Found("auth.py", 1, 79, "FPA100", "warning")]
    assert document["findings"][0]["message"] == ("unused suppression: no FPA002 finding on line 1")
    assert [s["rule"] for s in document["suppressed"]] == ["FPA001"]


def test_trailing_comment_does_not_cover_the_next_line(capsys: pytest.CaptureFixture[str]) -> None:
    Path("auth.py").write_text(
        "x = 1  # first-party-lint: ignore[FPA001] not here\n"
        f'app = msal.PublicClientApplication("{AZ_CLI}")\n',
        encoding="utf-8",
    )
    _, document = check(capsys, "auth.py")
    assert [f.rule for f in found(document)] == ["FPA100", "FPA001"]


@pytest.mark.parametrize(
    ("args", "expected", "exit_code"),
    [
        pytest.param((), [], 0, id="reason-optional-by-default"),
        pytest.param(
            ("--require-reason",),
            [Found("auth.py", 1, 3, "FPA102", "error")],
            1,
            id="require-reason",
        ),
    ],
)
def test_reason_missing(
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    expected: list[Found],
    exit_code: int,
) -> None:
    Path("auth.py").write_text(
        f'# first-party-lint: ignore[FPA001]\napp = msal.PublicClientApplication("{AZ_CLI}")\n',
        encoding="utf-8",
    )
    code, document = check(capsys, *args, "auth.py")
    assert found(document) == expected
    assert code == exit_code
    assert [s["rule"] for s in document["suppressed"]] == ["FPA001"]  # still suppressed
    assert document["suppressed"][0]["suppression"] == {"kind": "inSource", "reason": ""}


@pytest.mark.parametrize(
    "written",
    [
        pytest.param(": the CLI's own test", id="colon"),
        pytest.param(" - the CLI's own test", id="dash"),
        pytest.param(' reason="the CLI\'s own test"', id="reason-equals"),
        pytest.param("   the CLI's own test   ", id="blanks"),
    ],
)
def test_reason_given_passes_require_reason(
    capsys: pytest.CaptureFixture[str], written: str
) -> None:
    Path("auth.py").write_text(
        f'app = msal.PublicClientApplication("{AZ_CLI}")  '
        f"# first-party-lint: ignore[FPA001]{written}\n",
        encoding="utf-8",
    )
    code, document = check(capsys, "--require-reason", "auth.py")
    assert (code, found(document)) == (0, [])
    assert document["suppressed"][0]["suppression"]["reason"] == "the CLI's own test"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("/* first-party-lint: ignore[FPA001] */\n", id="block"),
        pytest.param("// first-party-lint: ignore[FPA001] -\n", id="only-punctuation"),
    ],
)
def test_closers_and_punctuation_are_no_reason(
    capsys: pytest.CaptureFixture[str], text: str
) -> None:
    Path("auth.js").write_text(text + f'const c = {{ clientId: "{AZ_CLI}" }};\n', encoding="utf-8")
    code, document = check(capsys, "--require-reason", "auth.js")
    assert (code, found(document)) == (1, [Found("auth.js", 1, 4, "FPA102", "error")])


def test_text_summary_counts_suppressed(capsys: pytest.CaptureFixture[str]) -> None:
    Path("auth.py").write_text(
        f'app = msal.PublicClientApplication("{AZ_CLI}")  # first-party-lint: ignore[FPA001] x\n'
        f'other = msal.PublicClientApplication("{AZ_CLI}")\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert cli.main(["check", "auth.py"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("auth.py:2:39: FPA001 ")
    assert out.splitlines()[-1] == (
        "1 file scanned; 1 error and 0 warnings (FPA001: 1); 1 suppressed."
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "```xml\n<!-- first-party-lint: ignore[FPA002] an example -->\nThe ID {id}.\n```\n",
            id="fenced-code-block",
        ),
        pytest.param(
            "Write `<!-- first-party-lint: ignore[FPA002] why -->` above it:\nThe ID {id}.\n",
            id="code-span",
        ),
    ],
)
def test_markdown_examples_of_the_syntax_are_not_suppressions(
    capsys: pytest.CaptureFixture[str], text: str
) -> None:
    """Documentation that shows the syntax (this README does) must neither suppress nor be
    reported as an unused suppression."""
    Path("GUIDE.md").write_text(text.replace("{id}", AZ_CLI), encoding="utf-8")
    _, document = check(capsys, "GUIDE.md")
    assert [(f.line, f.rule) for f in found(document)] == [
        (text.count("\n", 0, text.index("{id}")) + 1, "FPA002")
    ]
    assert document["suppressed"] == []


def test_markdown_comment_after_a_fence_still_counts(capsys: pytest.CaptureFixture[str]) -> None:
    Path("GUIDE.md").write_text(
        f"```\ncode\n```\n<!-- first-party-lint: ignore[FPA002] a list of apps -->\n{AZ_CLI}\n",
        encoding="utf-8",
    )
    _, document = check(capsys, "GUIDE.md")
    assert found(document) == []
    assert found(document, "suppressed") == [Found("GUIDE.md", 5, 1, "FPA002", "warning")]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param(
            "auth.py",
            (
                "# first-party-lint: ignore[FPA001] ok\n"
                f'app = msal.PublicClientApplication("{AZ_CLI}")\n'
                'x = """never closed\n'
            ).encode(),
            id="python-the-tokenizer-rejects",
        ),
        pytest.param(
            ".env",
            (f"# first-party-lint: ignore[FPA001] ok\r\nAZURE_CLIENT_ID={AZ_CLI}\r\n").encode(
                "utf-16"
            ),
            id="utf-16-crlf",
        ),
    ],
)
def test_suppression_in_awkward_files(
    capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    Path(name).write_bytes(data)
    _, document = check(capsys, name)
    assert found(document) == []
    assert [(f.line, f.rule) for f in found(document, "suppressed")] == [(2, "FPA001")]


@pytest.mark.parametrize(
    "syntax",
    [p for p in SYNTAXES if p.values[0].rule == "FPA002"],  # type: ignore[union-attr]
)
def test_fpa001_comment_also_covers_the_weaker_fpa002(
    capsys: pytest.CaptureFixture[str], syntax: Syntax
) -> None:
    line, column = _write(syntax, MARK.format(code="FPA001", reason="accepted"), same_line=False)
    _, document = check(capsys, syntax.filename)
    assert found(document) == []
    assert found(document, "suppressed") == [
        Found(syntax.filename, line, column, "FPA002", "warning")
    ]


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        pytest.param((".",), "FPA001", id="whole-tree-sees-the-sink"),
        pytest.param(("config.py",), "FPA002", id="pre-commit-passes-the-constant-alone"),
    ],
)
def test_one_comment_serves_both_runs_of_a_constant_that_travels(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], rule: str
) -> None:
    Path("config.py").write_text(
        f'MY_APP = "{AZ_CLI}"  # first-party-lint: ignore[FPA001] the CLI team\'s sample\n',
        encoding="utf-8",
    )
    Path("auth.py").write_text(
        "import msal\n\nfrom config import MY_APP\n\napp = msal.PublicClientApplication(MY_APP)\n",
        encoding="utf-8",
    )
    code, document = check(capsys, *args)
    assert (code, found(document)) == (0, [])
    assert [(s.path, s.line, s.rule) for s in found(document, "suppressed")] == [
        ("config.py", 1, rule)
    ]


def test_in_a_real_process(tmp_path: Path) -> None:
    """The installed entry point, as pre-commit runs it: flag, exit code, report lines."""
    Path("auth.py").write_text(
        f'# first-party-lint: ignore[FPA001]\napp = msal.PublicClientApplication("{AZ_CLI}")\n',
        encoding="utf-8",
    )
    run = run_cli("check", "--require-reason", "auth.py", cwd=Path.cwd())
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "auth.py:1:3: FPA102 suppression ignore[FPA001] gives no reason (--require-reason)"
    )
    assert lines[-1] == "1 file scanned; 1 error and 0 warnings (FPA102: 1); 1 suppressed."
    assert "AADSTS65002" not in run.stdout  # the guide is for IDs, not for suppressions
