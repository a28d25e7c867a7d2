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
from linter.findings import App, Finding
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
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": finding.severity.value,
        "message": {"text": _message(finding, {})},
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


def _message(finding: Finding, errors: dict[tuple[App, str], str]) -> str:
    """A result's message: for FPA001, with the sign-in error (one per app and resource)."""
    if finding.rule != rules.FPA001.code:
        return finding.message
    error = errors.get((finding.app, finding.resource))
    if error is None:
        error = rules.sign_in_error(finding.app, finding.resource or "<resource>")
        errors[(finding.app, finding.resource)] = error
    return f"{finding.message}. Sign-in will fail with {error}."


def _shape(absolute: bool, suppression: tuple[str, ...]) -> dict[str, Any]:
    """A result as `_result` builds it, with `json_text.SLOT` for what varies: the template
    of `_laid_results`; `suppression` names the keys of its suppression, if any."""
    slot = json_text.SLOT
    where = {"uri": slot} if absolute else {"uri": slot, "uriBaseId": SRCROOT}
    region = {"startLine": slot, "startColumn": slot, "endLine": slot, "endColumn": slot}
    shape = {
        "ruleId": slot,
        "ruleIndex": slot,
        "level": slot,
        "message": {"text": slot},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": where,
                    "region": {**region, "snippet": {"text": slot}},
                }
            }
        ],
        "partialFingerprints": {fingerprints.VERSION: slot},
        "properties": {"appId": slot, "appName": slot, "role": slot, "context": slot},
    }
    if suppression:
        shape["suppressions"] = [dict.fromkeys(suppression, slot)]
    return shape


def _laid_results(report: Report, index: dict[str, int]) -> json_text.Laid:
    """Every result, findings and suppressed findings in `_sort_key` order, each laid out
    by a template (one per shape: path absolute or not, kind of suppression): a tree's data
    file can hold thousands of IDs, and a dict per result was most of the time after the scan.
    """
    items = _items(report)

    def value() -> list[dict[str, Any]]:
        return _results(report, index)

    def pieces(depth: int) -> list[str]:
        string = json_text.string
        forms: dict[tuple[bool, int], str] = {}
        uris: dict[str, tuple[str, bool]] = {}
        errors: dict[tuple[App, str], str] = {}
        keys, rows = [], []
        for finding, suppression in items:
            loc, app = finding.location, finding.app
            known = uris.get(loc.path)
            if known is None:
                uri, absolute = _uri(loc.path)
                known = uris[loc.path] = (uri, absolute)
            uri, absolute = known
            form = forms.get((absolute, len(suppression)))
            if form is None:
                names = _SUPPRESSION_KEYS[: len(suppression)]
                form = json_text.separator(depth) + json_text.template(
                    _shape(absolute, names), depth + 1
                )
                forms[(absolute, len(suppression))] = form
            keys.append((uri, loc.line, loc.column, finding.rule))
            values = (
                string(finding.rule),
                index[finding.rule],
                string(finding.severity),  # a str enum: its value
                string(_message(finding, errors)),
                string(uri),
                loc.line,
                loc.column,
                loc.line,
                loc.end_column,
                string(finding.raw),
                string(report.fingerprint(finding)),
                string(app.app_id),
                string(app.name),
                string(finding.role),
                string(finding.context),
                *map(string, suppression),
            )
            rows.append(form % values)
        order = sorted(range(len(rows)), key=keys.__getitem__)  # stable, as `list.sort`
        return json_text.listed([rows[n] for n in order], depth)

    return json_text.Laid(pieces, value)


def _uri(path: str) -> tuple[str, bool]:
    """`artifact(path)`'s URI, and whether the path is absolute (no `uriBaseId`)."""
    location = artifact(path)
    return location["uri"], "uriBaseId" not in location


_SUPPRESSION_KEYS = ("kind", "justification")


def _items(report: Report) -> list[tuple[Finding, tuple[str, ...]]]:
    """Each result's finding and its suppression's kind and justification (none when the
    finding stands; no justification when none was given): findings, then suppressed ones
    (GitHub shows those as dismissed; `kind` is already SARIF's word, inSource or external)."""
    items: list[tuple[Finding, tuple[str, ...]]] = [(f, ()) for f in report.findings]
    for scanned in report.carrying:
        for finding, kind, justification in scanned.suppressed:
            items.append((finding, (kind, justification) if justification else (kind,)))
    return items


def _results(report: Report, index: dict[str, int]) -> list[dict[str, Any]]:
    """The results as plain dicts, sorted: what `_laid_results` lays out."""
    results = []
    for finding, suppression in _items(report):
        result = _result(finding, index, report.fingerprint(finding))
        if suppression:
            names = _SUPPRESSION_KEYS[: len(suppression)]
            result["suppressions"] = [dict(zip(names, suppression, strict=True))]
        results.append(result)
    results.sort(key=_sort_key)
    return results


def render(report: Report) -> str:
    return "".join(pieces(report))


def pieces(report: Report) -> list[str]:
    """`render(report)` in pieces (see `json_text.pieces`)."""
    ordered = list(rules.RULES.values())
    index = {rule.code: i for i, rule in enumerate(ordered)}
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
        "results": _laid_results(report, index),
        "properties": {
            "filesScanned": report.files_scanned,
            "baselined": report.baselined,
        },
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_text.pieces(document, end="\n")


def _sort_key(result: dict[str, Any]) -> tuple[str, int, int, str]:
    location = result["locations"][0]["physicalLocation"]
    region = location["region"]
    uri = location["artifactLocation"]["uri"]
    return (uri, region["startLine"], region["startColumn"], result["ruleId"])
