"""The machine format: one JSON document whose shape CI scripts rely on.

The contract is documented in the README; fields are only ever added, never renamed or removed.
Findings are sorted by path, line and column so that two runs over the same tree are
byte-identical.
"""

from __future__ import annotations

from typing import Any

from linter import rules
from linter.findings import Finding
from linter.report import Report, json_text

SCHEMA_VERSION = 1


def finding_dict(finding: Finding, fingerprint: str = "") -> dict[str, Any]:
    loc = finding.location
    about_id = finding.rule in rules.SUPPRESSIBLE  # else about a suppression (FPA100-FPA102)
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
        "sign_in_error": (
            rules.sign_in_error(finding.app, finding.resource or "<resource>") if about_id else ""
        ),
        "remediation": (
            rules.remediation(finding.app) if about_id else rules.RULES[finding.rule].how_to_fix
        ),
        "fingerprint": fingerprint,
    }


def render(report: Report) -> str:
    document = {
        "schema": SCHEMA_VERSION,
        "version": report.tool_version,
        "catalog_version": report.catalog_version,
        "findings": [finding_dict(f, report.fingerprint(f)) for f in report.findings],
        "summary": dict(sorted(report.counts().items())),
        "suppressed": [
            {**finding_dict(s.finding), "suppression": {"kind": s.kind, "reason": s.justification}}
            for s in report.suppressed
        ],
        "files_scanned": report.files_scanned,
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "notes": [{"path": path, "note": note} for path, note in report.notes],
        "errors": [{"path": f.path, "error": f.error} for f in report.failed],
        "baselined": report.baselined,
        "stale_baseline_entries": report.stale,
        "remediation": report.remediation,
    }
    return json_text.dumps(document) + "\n"
