"""GitLab Code Quality report: a JSON array GitLab shows in merge requests and the diff.

GitLab reads `description`, `check_name`, `fingerprint` (unique per issue, stable across
pipelines: it compares reports by it to say what a merge request introduced or fixed),
`severity` (`info`, `minor`, `major`, `critical`, `blocker`) and `location.path` with
`location.lines.begin`. The fingerprint is the baseline's, so moving code does not show an
issue as fixed and new again. FPA001 breaks sign-in in production (`critical`); FPA002 is a
review item (`minor`).
"""

from __future__ import annotations

from typing import Any

from linter import rules
from linter.findings import Finding, Severity
from linter.report import Report, json_text

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "minor"}


def issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    loc = finding.location
    return {
        "type": "issue",
        "description": f"{finding.rule} {finding.message}",
        "check_name": finding.rule,
        "categories": ["Security", "Bug Risk"],
        "content": {"body": rules.remediation(finding.app)},
        "fingerprint": fingerprint,
        "severity": SEVERITY[finding.severity],
        "location": {
            "path": loc.path,
            "lines": {"begin": loc.line, "end": loc.line},
        },
    }


def render(report: Report) -> str:
    issues = [issue(f, report.fingerprint(f)) for f in report.findings]
    return json_text.dumps(issues) + "\n"
