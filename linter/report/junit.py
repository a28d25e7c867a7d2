"""JUnit XML for CI test tabs (GitLab `artifacts:reports:junit`, Jenkins, Azure Pipelines).

One test case per finding, named after where it is, so a CI's test tab lists each one: an
error finding is a `<failure>` (it fails the run, as the exit code says); a warning passes,
with its message in `<system-out>`, because warnings do not fail the run either. Files skipped
are `<skipped>` cases and files the tool failed on `<error>` cases, so nothing is silently
missing from the tab; notes (a file parsed as text) go to the suite's `<system-out>`. A run
without findings has one passing case, since some consumers reject an empty suite.

Characters XML 1.0 cannot hold (control characters in a hostile file name) become `?`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from linter import rules
from linter.findings import Severity
from linter.report import Report, text

SUITE = "first-party-lint"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(value: str) -> str:
    return _NOT_XML.sub("?", value)


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=_clean(classname), name=_clean(name))


def render(report: Report) -> str:
    suite = ET.Element("testsuite", name=SUITE)
    failures = errors = skipped = 0
    for finding in report.findings:
        loc = finding.location
        name = f"{finding.rule} {loc.path}:{loc.line}:{loc.column} {finding.app.label}"
        case = _case(suite, loc.path, name)
        body = f"{loc.path}:{loc.line}:{loc.column}: {finding.rule} {finding.message}"
        if finding.severity is Severity.ERROR:
            failures += 1
            error = rules.sign_in_error(finding.app, finding.resource or "<resource>")
            failure = ET.SubElement(
                case, "failure", message=_clean(finding.message), type=finding.rule
            )
            failure.text = _clean(f"{body}\nsign-in will fail with {error}\n")
        else:
            ET.SubElement(case, "system-out").text = _clean(f"warning: {body}\n")
    for item in report.skipped:
        skipped += 1
        case = _case(suite, item.path, f"skipped {item.path}")
        ET.SubElement(case, "skipped", message=_clean(item.reason))
    for failed in report.failed:
        errors += 1
        case = _case(suite, failed.path, f"failed {failed.path}")
        ET.SubElement(case, "error", message=_clean(failed.error), type="internal-error")
    if not report.findings and not report.skipped and not report.failed:
        _case(suite, SUITE, "no first-party app IDs in client positions")
    lines = [f"{path}: {note}" for path, note in report.notes] + [text.summary(report)]
    ET.SubElement(suite, "system-out").text = _clean("\n".join(lines) + "\n")
    tests = len(suite.findall("testcase"))
    counts = {"tests": tests, "failures": failures, "errors": errors, "skipped": skipped}
    for key, value in counts.items():
        suite.set(key, str(value))
    root = ET.Element("testsuites", {"name": SUITE, **{k: str(v) for k, v in counts.items()}})
    root.append(suite)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
