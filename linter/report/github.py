"""GitHub Actions workflow commands: findings as annotations on the pull request's diff.

`::error file=...,line=...,col=...,endColumn=...,title=...::message`, escaped as GitHub's own
toolkit (`@actions/core`) escapes: `%`, CR and LF everywhere, and `:` and `,` inside property
values, so a path or message holding them cannot end the command early. Warnings are
`::warning`, files skipped or scanned coarsely `::notice`, files the tool failed on `::error`.
The last line is the text summary, which the log shows as plain text.
"""

from __future__ import annotations

from linter import rules
from linter.report import Report, text


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return (
        f"::{name} {props}::{escape_data(message)}"
        if props
        else f"::{name}::{escape_data(message)}"
    )


def render(report: Report) -> str:
    lines = []
    for finding in report.findings:
        loc = finding.location
        rule = rules.RULES[finding.rule]
        message = finding.message
        if finding.rule == rules.FPA001.code:
            error = rules.sign_in_error(finding.app, finding.resource or "<resource>")
            message = f"{message}\nSign-in will fail with {error}\n{rules.remediation(finding.app)}"
        lines.append(
            command(
                finding.severity.value,
                message,
                file=loc.path,
                line=loc.line,
                col=loc.column,
                endColumn=loc.end_column,
                title=f"{rule.code} {rule.name}",
            )
        )
    for skipped in report.skipped:
        lines.append(command("notice", f"skipped, {skipped.reason}", file=skipped.path))
    for path, note in report.notes:
        lines.append(command("notice", note, file=path))
    for failed in report.failed:
        lines.append(command("error", failed.error, file=failed.path, title="first-party-lint"))
    lines.append(text.summary(report))
    return "\n".join(lines) + "\n"
