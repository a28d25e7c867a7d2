"""The machine format: one JSON document whose shape CI scripts rely on.

The contract is documented in the README; fields are only ever added, never renamed or removed.
Findings are sorted by path, line and column so that two runs over the same tree are
byte-identical.

A finding is laid out by a template (`json_text.template`), not as a dict: a tree's data file
can hold thousands of IDs, and building and laying out a dict per finding was most of the
time after the scan. The sign-in error and the remediation depend only on the app and the
resource, so each is made and escaped once per app.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from linter import rules
from linter.findings import App, Finding, Suppressed
from linter.report import Report, json_text

SCHEMA_VERSION = 1
FIELDS = (
    *("path", "line", "column", "end_line", "end_column", "rule", "severity", "app_id"),
    *("app_name", "role", "context", "text", "message", "sign_in_error", "remediation"),
    "fingerprint",
)


def finding_dict(finding: Finding, fingerprint: str = "") -> dict[str, Any]:
    loc = finding.location
    sign_in_error, remediation = _guidance(finding.rule, finding.app, finding.resource)
    return {
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.line,
        "end_column": loc.end_column,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "app_id": finding.app.app_id,
        "app_name": finding.app.name,
        "role": finding.role.value,
        "context": finding.context,
        "text": finding.raw,
        "message": finding.message,
        "sign_in_error": sign_in_error,
        "remediation": remediation,
        "fingerprint": fingerprint,
    }


def _guidance(rule: str, app: App, resource: str) -> tuple[str, str]:
    """The sign-in error and the remediation of a finding: about an ID (FPA001, FPA002), or
    else about a suppression (FPA100-FPA102), whose fix is the rule's own."""
    if rule in rules.SUPPRESSIBLE:
        return rules.sign_in_error(app, resource or "<resource>"), rules.remediation(app)
    return "", rules.RULES[rule].how_to_fix


def _suppressed_dict(item: Suppressed) -> dict[str, Any]:
    suppression = {"kind": item.kind, "reason": item.justification}
    return {**finding_dict(item.finding), "suppression": suppression}


_SHAPE = dict.fromkeys(FIELDS, json_text.SLOT)
_SUPPRESSED_SHAPE = {**_SHAPE, "suppression": {"kind": json_text.SLOT, "reason": json_text.SLOT}}


def _values(findings: Sequence[Finding], fingerprints: Iterable[str]) -> Iterator[tuple[Any, ...]]:
    """Each finding's fields as JSON text (ints as ints), in the order of FIELDS."""
    string = json_text.string
    # What every finding of an app shares, as JSON; each other string is escaped as it comes
    # (a C call: cheaper than a lookup). Severity and role are str enums, escaped as the str
    # they are: their value.
    shared: dict[tuple[App, str, str], tuple[str, str, str, str]] = {}
    for finding, fingerprint in zip(findings, fingerprints, strict=True):
        loc, app, rule = finding.location, finding.app, finding.rule
        about = shared.get((app, finding.resource, rule))
        if about is None:
            error, fix = _guidance(rule, app, finding.resource)
            about = (string(app.app_id), string(app.name), string(error), string(fix))
            shared[(app, finding.resource, rule)] = about
        line = loc.line
        yield (
            string(loc.path),
            line,
            loc.column,
            line,
            loc.end_column,
            string(rule),
            string(finding.severity),
            about[0],
            about[1],
            string(finding.role),
            string(finding.context),
            string(finding.raw),
            string(finding.message),
            about[2],
            about[3],
            string(fingerprint),
        )


def _form(shape: dict[str, Any], depth: int) -> str:
    """The template of an item of a list at `depth`, its separator included."""
    return json_text.separator(depth) + json_text.template(shape, depth + 1)


def findings_value(report: Report) -> json_text.Laid:
    """The report's findings, each with its fingerprint."""
    found = report.findings
    known = report.fingerprints
    prints = [known.get(f) or report.fingerprint(f) for f in found]

    def pieces(depth: int) -> list[str]:
        form = _form(_SHAPE, depth)
        return json_text.listed([form % values for values in _values(found, prints)], depth)

    def value() -> list[dict[str, Any]]:
        return [finding_dict(f, p) for f, p in zip(found, prints, strict=True)]

    return json_text.Laid(pieces, value)


def suppressed_value(report: Report) -> json_text.Laid:
    """The findings the user suppressed, each with the kind and reason of its suppression."""
    items = report.suppressed
    string = json_text.string

    def pieces(depth: int) -> list[str]:
        form = _form(_SUPPRESSED_SHAPE, depth)
        values = _values([s.finding for s in items], [""] * len(items))
        rows = [
            form % (*row, string(s.kind), string(s.justification))
            for row, s in zip(values, items, strict=True)
        ]
        return json_text.listed(rows, depth)

    return json_text.Laid(pieces, lambda: [_suppressed_dict(s) for s in items])


def render(report: Report) -> str:
    return "".join(pieces(report))


def pieces(report: Report) -> list[str]:
    """`render(report)` in pieces (see `json_text.pieces`)."""
    document = {
        "schema": SCHEMA_VERSION,
        "version": report.tool_version,
        "catalog_version": report.catalog_version,
        "findings": findings_value(report),
        "summary": dict(sorted(report.counts().items())),
        "suppressed": suppressed_value(report),
        "files_scanned": report.files_scanned,
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "notes": [{"path": path, "note": note} for path, note in report.notes],
        "errors": [{"path": f.path, "error": f.error} for f in report.failed],
        "baselined": report.baselined,
        "stale_baseline_entries": report.stale,
        "remediation": report.remediation,
    }
    return json_text.pieces(document, end="\n")
