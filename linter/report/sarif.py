"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Built against what GitHub rejects or mishandles in other tools' SARIF (research notes, §2.9):
every rule exactly once with `help` (GitHub shows it beside the alert), 1-based regions with
`endColumn` after the ID, `ruleIndex`, relative URIs under `%SRCROOT%`, `partialFingerprints`
that do not move with the code (the baseline's fingerprints), `executionSuccessful`, and the
files not scanned or scanned coarsely as notifications instead of silence. Columns count code
points (`columnKind`), as every other output of the tool does.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from linter import fingerprints, rules
from linter.findings import Finding
from linter.report import Report, json_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
PROJECT_URL = "https://example.invalid/first-party-lint"  # the repository, once published
SRCROOT = "%SRCROOT%"


def rule_help_uri(code: str) -> str:
    return f"{PROJECT_URL}/blob/main/docs/rules/{code}.md"


def _one_paragraph(text: str) -> str:
    """Rule prose is wrapped at 100 columns in the source; SARIF viewers wrap it themselves."""
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n"))


def _rule(rule: rules.Rule, remediation: str) -> dict[str, Any]:
    # The AADSTS65002 guide belongs to the rules about IDs, not to those about suppressions.
    about_id = rule.code in rules.SUPPRESSIBLE
    guide = remediation.strip() if about_id else ""
    fix = rules.HOW_TO_FIX if about_id else rule.how_to_fix
    parts = [rule.summary, _one_paragraph(rule.what), _one_paragraph(rule.why)]
    text = "\n\n".join([*parts, f"How to fix:\n{fix}", *([guide] if guide else [])])
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _one_paragraph(rule.what)},
        "help": {"text": text, "markdown": f"{rule.doc()}\n{guide}\n" if guide else rule.doc()},
        "helpUri": rule_help_uri(rule.code),
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {
            "tags": ["security", "correctness", "entra-id"],
            "precision": "very-high" if rule.severity.value == "error" else "medium",
        },
    }


def artifact(path: str) -> dict[str, str]:
    """A relative path under %SRCROOT%; a path outside the working folder as a file: URI."""
    posix = PurePosixPath(path)
    if posix.is_absolute():
        return {"uri": "file://" + quote(path, safe="/")}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _result(finding: Finding, index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    loc = finding.location
    message = finding.message
    if finding.rule == rules.FPA001.code:
        error = rules.sign_in_error(finding.app, finding.resource or "<resource>")
        message = f"{message}. Sign-in will fail with {error}."
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": finding.severity.value,
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact(loc.path),
                    "region": {
                        "startLine": loc.line,
                        "startColumn": loc.column,
                        "endLine": loc.line,
                        "endColumn": loc.end_column,
                        "snippet": {"text": finding.raw},
                    },
                }
            }
        ],
        "partialFingerprints": {fingerprints.VERSION: fingerprint},
        "properties": {
            "appId": finding.app.app_id,
            "appName": finding.app.name,
            "role": finding.role.value,
            "context": finding.context,
        },
    }


def _suppressed(report: Report, index: dict[str, int]) -> list[dict[str, Any]]:
    """Findings the user suppressed, as SARIF results with `suppressions` (GitHub shows them
    as dismissed); `kind` is already SARIF's word (inSource, external)."""
    out = []
    for scanned in report.carrying:
        for finding, kind, justification in scanned.suppressed:
            result = _result(finding, index, report.fingerprint(finding))
            suppression = {"kind": kind}
            if justification:
                suppression["justification"] = justification
            result["suppressions"] = [suppression]
            out.append(result)
    return out


def _notification(path: str, level: str, kind: str, text: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": f"{path}: {text}"},
        "descriptor": {"id": kind},
        "locations": [{"physicalLocation": {"artifactLocation": artifact(path)}}],
    }


def _notifications(report: Report) -> list[dict[str, Any]]:
    notes = [
        _notification(s.path, "note", "skipped", f"skipped, {s.reason}") for s in report.skipped
    ]
    notes += [_notification(p, "warning", "degraded", note) for p, note in report.notes]
    notes += [_notification(f.path, "error", "internal-error", f.error) for f in report.failed]
    return notes


def render(report: Report) -> str:
    ordered = list(rules.RULES.values())
    index = {rule.code: i for i, rule in enumerate(ordered)}
    results = [_result(f, index, report.fingerprint(f)) for f in report.findings]
    results += _suppressed(report, index)
    results.sort(key=_sort_key)
    run = {
        "tool": {
            "driver": {
                "name": "first-party-lint",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": PROJECT_URL,
                "rules": [_rule(rule, report.remediation) for rule in ordered],
                "properties": {"catalogVersion": report.catalog_version},
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.failed,
                "toolExecutionNotifications": _notifications(report),
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "filesScanned": report.files_scanned,
            "baselined": report.baselined,
        },
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_text.dumps(document) + "\n"


def _sort_key(result: dict[str, Any]) -> tuple[str, int, int, str]:
    location = result["locations"][0]["physicalLocation"]
    region = location["region"]
    uri = location["artifactLocation"]["uri"]
    return (uri, region["startLine"], region["startColumn"], result["ruleId"])
