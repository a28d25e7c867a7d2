"""The human format: one line per finding that editors and terminals can jump to.

`path:line:col: CODE message` is the shape flake8 and ruff print and every editor parses. The
AADSTS65002 message follows each error so the developer recognises the failure they would
otherwise meet in production; the remediation is printed once per run, not once per finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from linter import rules, sources
from linter.findings import Finding, Severity
from linter.report import Report


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def tally(findings: Sequence[Finding]) -> str:
    """'2 errors and 1 warning (FPA001: 2, FPA002: 1)', or the all-clear: one wording for every
    command that sums findings up."""
    if not findings:
        return "no Microsoft first-party app IDs in client positions"
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    counts = Counter(f.rule for f in findings)
    by_rule = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
    return f"{plural(errors, 'error')} and {plural(len(findings) - errors, 'warning')} ({by_rule})"


def summary(report: Report) -> str:
    parts = [f"{plural(report.files_scanned, 'file')} scanned", tally(report.findings)]
    if report.suppressed:
        parts.append(f"{len(report.suppressed)} suppressed")
    if report.baselined:
        parts.append(f"{report.baselined} known from the baseline, not shown")
    if report.stale:
        entries = "entry" if report.stale == 1 else "entries"
        parts.append(
            f"{report.stale} baseline {entries} no longer found "
            "(re-run 'first-party-lint baseline' to drop them)"
        )
    # The tool's own baseline and reports are listed in JSON and under -v, not counted here.
    skipped = [item for item in report.skipped if item.reason != sources.OWN_FILE]
    if skipped:
        reasons: dict[str, int] = {}
        for item in skipped:
            key = item.reason.split(" (", 1)[0]
            reasons[key] = reasons.get(key, 0) + 1
        detail = ", ".join(f"{reason}: {n}" for reason, n in sorted(reasons.items()))
        parts.append(f"{len(skipped)} skipped ({detail})")
    as_text = {path for path, note in report.notes if note.startswith("parsed as text")}
    if as_text:
        parts.append(f"{len(as_text)} parsed as text")
    if report.failed:
        parts.append(f"{len(report.failed)} failed")
    return "; ".join(parts) + "."


def render(report: Report, *, remediation: bool = True) -> str:
    lines = []
    for finding in report.findings:
        loc = finding.location
        lines.append(f"{loc.path}:{loc.line}:{loc.column}: {finding.rule} {finding.message}")
        if finding.rule == rules.FPA001.code:
            error = rules.sign_in_error(finding.app, finding.resource or "<resource>")
            lines.append(f"    sign-in will fail with {error}")
    if remediation and any(f.rule in rules.SUPPRESSIBLE for f in report.findings):
        lines.extend(["", report.remediation, ""])
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
