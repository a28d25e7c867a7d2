"""SARIF, GitHub, GitLab and JUnit reports: valid for their consumers, faithful to the findings.

SARIF is validated against the OASIS SARIF 2.1.0 JSON schema (tests/schemas/, see its README)
and against what GitHub code scanning requires beyond the schema; the GitLab report against
the Code Quality fields GitLab reads; JUnit by parsing it as CI servers do.
"""

from __future__ import annotations

import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import AZ_CLI
from helpers import run_cli as run
from output_tree import write_tree

from linter import __version__, catalog, engine, fingerprints, rules
from linter.findings import Failed, Scanned, Skipped, Suppressed
from linter.report import Report, github, junit, sarif

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("formats"))


@pytest.fixture(scope="module")
def reports(tree: Path) -> dict[str, str]:
    return {fmt: run("check", "--format", fmt, cwd=tree).stdout for fmt in
            ("json", "sarif", "github", "gitlab", "junit")}  # fmt: skip


def validate_sarif(document: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(
        SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_sarif_is_valid_and_carries_what_github_needs(reports: dict[str, str]) -> None:
    document = json.loads(reports["sarif"])
    validate_sarif(document)
    assert document["version"] == "2.1.0" and "sarif-2.1.0" in document["$schema"]
    (run_,) = document["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "first-party-lint"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver["informationUri"].startswith("https://")
    codes = [rule["id"] for rule in driver["rules"]]
    assert codes == list(rules.RULES)  # every rule, each once (GitHub rejects duplicates)
    for rule in driver["rules"]:
        source = rules.RULES[rule["id"]]
        assert rule["name"] == source.name
        assert rule["shortDescription"]["text"] == source.summary
        assert rule["fullDescription"]["text"]
        assert rule["helpUri"].endswith(f"/docs/rules/{source.code}.md")
        assert rule["help"]["markdown"].startswith(source.doc())
        # The AADSTS65002 guide is help for the rules about IDs, not about suppressions.
        guide = "# How to fix AADSTS65002" in rule["help"]["markdown"]
        assert guide == (source.code in rules.SUPPRESSIBLE)
        assert source.how_to_fix.splitlines()[0] in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == source.severity.value
    expected = json.loads(reports["json"])["findings"]
    results = run_["results"]
    assert len(results) == len(expected) == 6
    for result, finding in zip(results, expected, strict=True):
        assert codes[result["ruleIndex"]] == result["ruleId"] == finding["rule"]
        assert result["level"] == finding["severity"]
        assert result["message"]["text"].startswith(finding["message"])
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": finding["path"].replace(",", "%2C").replace(":", "%3A"),
            "uriBaseId": "%SRCROOT%",
        }
        region = location["region"]
        assert (region["startLine"], region["startColumn"], region["endColumn"]) == (
            finding["line"],
            finding["column"],
            finding["end_column"],
        )
        assert region["endColumn"] > region["startColumn"] >= 1
        assert result["partialFingerprints"] == {"first-party-lint/v1": finding["fingerprint"]}
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notes = {(n["descriptor"]["id"], n["locations"][0]["physicalLocation"]["artifactLocation"]
              ["uri"]) for n in invocation["toolExecutionNotifications"]}  # fmt: skip
    assert notes == {("skipped", "logo.png"), ("degraded", "broken.json")}


def _report(*results: Scanned | Skipped | Failed) -> Report:
    cat = catalog.load()
    return Report(list(results), __version__, cat.version, catalog.load_remediation())


def test_sarif_of_a_failed_file_and_of_a_clean_run() -> None:
    failed = json.loads(sarif.render(_report(Failed("x.py", "internal error: Boom: boom"))))
    validate_sarif(failed)
    invocation = failed["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["level"] == "error"
    clean = json.loads(sarif.render(_report(Scanned("a.py"))))
    validate_sarif(clean)
    assert clean["runs"][0]["results"] == []
    assert len(clean["runs"][0]["tool"]["driver"]["rules"]) == len(rules.RULES)


def test_sarif_path_outside_the_working_folder_is_a_file_uri() -> None:
    assert sarif.artifact("/srv/app/a b.py") == {"uri": "file:///srv/app/a%20b.py"}
    assert sarif.artifact("src/a b#1.py") == {"uri": "src/a%20b%231.py", "uriBaseId": "%SRCROOT%"}


@pytest.mark.parametrize(
    ("value", "data", "prop"),
    [
        pytest.param("plain", "plain", "plain", id="plain"),
        pytest.param("50%", "50%25", "50%25", id="percent"),
        pytest.param("a\r\nb", "a%0D%0Ab", "a%0D%0Ab", id="line-breaks"),
        pytest.param("a,b:c", "a,b:c", "a%2Cb%3Ac", id="comma-colon-only-in-properties"),
        pytest.param("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax", id="command-injection"),
    ],
)
def test_github_escaping_matches_the_actions_toolkit(value: str, data: str, prop: str) -> None:
    assert github.escape_data(value) == data
    assert github.escape_property(value) == prop


def test_github_commands(reports: dict[str, str]) -> None:
    lines = reports["github"].splitlines()
    assert lines[2].startswith(
        "::error file=deploy/odd%2Cname%3Ax.env,line=1,col=17,endColumn=53,"
        "title=FPA001 first-party-app-id-as-client::Microsoft Graph Command Line Tools"
    )
    assert "%0ASign-in will fail with AADSTS65002" in lines[2]
    assert sum(line.startswith("::warning file=src/apps.py,") for line in lines) == 2
    assert "::notice file=logo.png::skipped, binary" in lines
    assert all(line.startswith("::") for line in lines[:-1])
    assert lines[-1].startswith("6 files scanned;")


def test_gitlab_code_quality_report(reports: dict[str, str]) -> None:
    issues = json.loads(reports["gitlab"])
    expected = json.loads(reports["json"])["findings"]
    assert isinstance(issues, list) and len(issues) == len(expected)
    shape = {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"enum": list(rules.RULES)},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string"},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    }  # fmt: skip
    for issue, finding in zip(issues, expected, strict=True):
        jsonschema.validate(issue, shape)
        assert issue["fingerprint"] == finding["fingerprint"]
        assert issue["location"]["path"] == finding["path"]
        assert issue["location"]["lines"]["begin"] == finding["line"]
        assert issue["severity"] == {"error": "critical", "warning": "minor"}[finding["severity"]]
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab needs them unique


def test_junit_parses_with_a_failure_per_error(reports: dict[str, str]) -> None:
    root = ET.fromstring(reports["junit"].encode())
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert len(failures) == 4 and len(skipped) == 1 and len(cases) == 7
    assert suite.get("tests") == "7" and suite.get("failures") == "4"
    assert suite.get("skipped") == "1" and suite.get("errors") == "0"
    assert {c.get("classname") for c in failures} == {
        "appsettings.json", "broken.json", "deploy/odd,name:x.env", "src/auth.py"}  # fmt: skip
    assert skipped[0].find("skipped").get("message") == "binary"  # type: ignore[union-attr]
    out = suite.find("system-out")
    assert out is not None and "broken.json: parsed as text" in (out.text or "")


def test_junit_survives_control_characters_and_a_failed_file() -> None:
    text = junit.render(_report(Failed("bad\x1bname.py", "internal error: \x00"), Scanned("a")))
    root = ET.fromstring(text.encode())
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("classname") == "bad?name.py"
    assert root.get("errors") == "1"


@pytest.mark.slow
def test_a_report_left_in_the_tree_is_not_scanned_again(tree: Path, tmp_path: Path) -> None:
    """`--output results.sarif` inside the tree, then `check .`: the same findings as before."""
    work = write_tree(tmp_path / "work")
    before = run("check", "--format", "json", cwd=work)
    for fmt in ("sarif", "json", "gitlab", "junit", "github"):
        assert (
            run("check", "--format", fmt, "--output", f"report-{fmt}.out", cwd=work).returncode == 1
        )
    after = run("check", "--format", "json", cwd=work)
    summary = json.loads(after.stdout)
    assert json.loads(before.stdout)["findings"] == summary["findings"]
    own = sorted(s["path"] for s in summary["skipped"] if s["reason"].startswith("first-party"))
    assert own == [f"report-{fmt}.out" for fmt in ("github", "gitlab", "json", "junit", "sarif")]
    # ...while a user's file that merely mentions the tool is scanned as usual.
    (work / "notes.json").write_text(f'{{"tool": "first-party-lint", "clientId": "{AZ_CLI}"}}\n')
    found = json.loads(run("check", "--format", "json", "notes.json", cwd=work).stdout)
    assert [f["rule"] for f in found["findings"]] == ["FPA001"]


def test_output_never_overwrites_a_file_named_to_scan(tmp_path: Path) -> None:
    source = f'CLIENT_ID = "{AZ_CLI}"\n'
    (tmp_path / "a.py").write_text(source)
    result = run("check", "--output", "a.py", "a.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "--output a.py is also a file to scan" in result.stderr
    assert (tmp_path / "a.py").read_text() == source


def test_output_to_an_unwritable_place_is_exit_2(tree: Path) -> None:
    result = run("check", "--format", "sarif", "--output", "missing/dir/out.sarif", cwd=tree)
    assert result.returncode == 2
    assert "first-party-lint: error: missing/dir/out.sarif: cannot write" in result.stderr
    assert not (tree / "missing").exists()


def test_output_to_a_device_or_fifo_writes_into_it(tmp_path: Path) -> None:
    """Regression: `-o /dev/null` renamed a temporary file over /dev/null, which (as root)
    left a regular file there for every other program. A FIFO stands in for the device."""
    (tmp_path / "a.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the writer's open does not block
    try:
        result = run("check", "--format", "json", "-o", str(fifo), "a.py", cwd=tmp_path)
        written = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert result.returncode == 1, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(written)["findings"][0]["app_id"] == AZ_CLI


def test_an_inline_suppression_reaches_sarif_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "auth.py").write_text(
        "import msal\n"
        f'a = msal.PublicClientApplication("{AZ_CLI}")  # first-party-lint: ignore[FPA001] demo\n'
        f'b = msal.PublicClientApplication("{AZ_CLI}")\n'
    )
    result = run("check", "--format", "sarif", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    validate_sarif(document)
    results = document["runs"][0]["results"]
    assert [
        (r["locations"][0]["physicalLocation"]["region"]["startLine"], r.get("suppressions"))
        for r in results
    ] == [
        (2, [{"kind": "inSource", "justification": "demo"}]),
        (3, None),
    ]


def test_suppressed_findings_keep_their_slot_and_show_as_suppressed_in_sarif() -> None:
    """A suppressed copy of an ID renumbers nothing, and SARIF carries it with `suppressions`
    (GitHub shows it as dismissed)."""
    cat = catalog.load()
    text = f'msal.PublicClientApplication("{AZ_CLI}")\n' * 3
    found, _ = engine.findings_in("a.py", "a.py", text, cat.targets(text), cat)
    assert len(found) == 3
    everything = fingerprints.of_results([Scanned("a.py", tuple(found))])
    middle_suppressed = Scanned(
        "a.py",
        (found[0], found[2]),
        suppressed=(Suppressed(found[1], "inSource", "owned by the publisher"),),
    )
    assert fingerprints.of_results([middle_suppressed]) == everything
    document = json.loads(sarif.render(_report(middle_suppressed)))
    validate_sarif(document)
    results = document["runs"][0]["results"]
    assert [r.get("suppressions") for r in results] == [
        None,
        [{"kind": "inSource", "justification": "owned by the publisher"}],
        None,
    ]
    assert [r["partialFingerprints"]["first-party-lint/v1"] for r in results] == [
        everything[f] for f in found
    ]
