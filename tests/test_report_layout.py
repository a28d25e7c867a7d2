"""The reports' specialised layouts give exactly the standard library's text.

The JSON and SARIF formats lay out each finding by a template (`json_text.template`) instead
of building and laying out a dict per finding. Here Hypothesis generates findings with any
text (quotes, backslashes, control characters, non-ASCII, lone surrogates) and the reports
are compared with `json.dumps(indent=2, ensure_ascii=False)` of the plain documents, as the
formats built them before (a dict per finding).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from linter import fingerprints, rules
from linter.findings import App, Finding, Location, Role, Scanned, Severity, Suppressed
from linter.report import FORMATTERS, Report, json_format, json_text, sarif
from linter.report import pieces as report_pieces

TEXT = st.text(max_size=12)
APPS = st.builds(App, TEXT, TEXT, TEXT, st.booleans(), st.booleans())
LOCATIONS = st.builds(
    Location,
    st.sampled_from(["a.py", "b/c.json", "/abs/x y.ts", "é/ü.yaml", 'q"\\.env']) | TEXT,
    st.integers(1, 10**6),
    st.integers(1, 500),
    st.integers(1, 600),
)
FINDINGS = st.builds(
    Finding,
    LOCATIONS,
    st.sampled_from(sorted(rules.RULES)),
    st.sampled_from(Severity),
    APPS,
    st.sampled_from(Role),
    TEXT,
    TEXT,
    TEXT,
    st.sampled_from(["", "00000003-0000-0000-c000-000000000000"]) | TEXT,
)
SUPPRESSED = st.builds(Suppressed, FINDINGS, st.sampled_from(["inSource", "external"]), TEXT)


# SARIF quotes paths as URIs: only what UTF-8 can encode (no lone surrogates).
URI_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
SARIF_FINDINGS = st.builds(
    lambda finding, path: finding._replace(location=finding.location._replace(path=path)),
    FINDINGS,
    st.sampled_from(["a.py", "a b.py", "a%b.py", "/abs/x.py", "//net/y.py", "z/é.py"]) | URI_TEXT,
)
SARIF_SUPPRESSED = st.builds(
    Suppressed, SARIF_FINDINGS, st.sampled_from(["inSource", "external"]), TEXT
)


def standard(value: Any, depth: int = 0) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


def report_of(findings: list[Finding], suppressed: list[Suppressed]) -> Report:
    results = [Scanned(f.location.path, (f,)) for f in findings]
    results.append(Scanned("s.py", suppressed=tuple(suppressed)))
    return Report(results, "1.0", "2026.1", 'the guide\nwith "quotes"')


@settings(max_examples=150, deadline=None)
@given(st.lists(FINDINGS, max_size=6), st.lists(SUPPRESSED, max_size=3), st.integers(0, 3))
def test_json_findings_laid_out_as_json_dumps_would(
    findings: list[Finding], suppressed: list[Suppressed], depth: int
) -> None:
    report = report_of(findings, suppressed)
    for laid in (json_format.findings_value(report), json_format.suppressed_value(report)):
        assert "".join(laid.pieces(depth)) == standard(laid.value(), depth)
        # The Laid value inside a document that json_text hands to the standard library.
        document = {"unusual": (1,), "laid": laid}
        assert json_text.dumps(document) == standard({"unusual": [1], "laid": laid.value()})


@settings(max_examples=150, deadline=None)
@given(st.lists(FINDINGS, max_size=6), st.lists(SUPPRESSED, max_size=3))
def test_json_report_is_the_plain_document(
    findings: list[Finding], suppressed: list[Suppressed]
) -> None:
    """The whole JSON report, against the document as it was built before the templates."""
    report = report_of(findings, suppressed)
    document = {
        "schema": json_format.SCHEMA_VERSION,
        "version": report.tool_version,
        "catalog_version": report.catalog_version,
        "findings": [json_format.finding_dict(f, report.fingerprint(f)) for f in report.findings],
        "summary": dict(sorted(report.counts().items())),
        "suppressed": [
            {
                **json_format.finding_dict(s.finding),
                "suppression": {"kind": s.kind, "reason": s.justification},
            }
            for s in report.suppressed
        ],
        "files_scanned": report.files_scanned,
        "skipped": [],
        "notes": [],
        "errors": [],
        "baselined": 0,
        "stale_baseline_entries": 0,
        "remediation": report.remediation,
    }
    assert json_format.render(report) == standard(document) + "\n"


def test_finding_dict_keeps_the_guidance_of_each_rule() -> None:
    """The sign-in error and the remediation, as each finding computed them before."""
    app = App("11111111-2222-3333-4444-555555555555", "Some App", "", False, True)
    where = Location("a.py", 1, 1, 37)
    for code, rule in rules.RULES.items():
        finding = Finding(where, code, rule.severity, app, Role.CLIENT, "c", "r", "m", "res")
        entry = json_format.finding_dict(finding)
        if code in rules.SUPPRESSIBLE:
            assert entry["sign_in_error"] == rules.sign_in_error(app, "res")
            assert entry["remediation"] == rules.remediation(app)
        else:
            assert (entry["sign_in_error"], entry["remediation"]) == ("", rule.how_to_fix)


def test_templates_and_lists() -> None:
    shape = {"a%": json_text.SLOT, "b": [json_text.SLOT, {"c": json_text.SLOT}]}
    form = json_text.template(shape, 1)
    assert form % ('"x"', 2, "null") == standard({"a%": "x", "b": [2, {"c": None}]}, 1)
    assert json_text.listed([], 2) == ["[]"]
    rows = [json_text.separator(1) + "1", json_text.separator(1) + "2"]
    assert "".join(json_text.listed(rows, 1)) == standard([1, 2], 1)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(SARIF_FINDINGS, max_size=6),
    st.lists(SARIF_SUPPRESSED, max_size=3),
    st.integers(0, 4),
)
def test_sarif_results_laid_out_as_json_dumps_would(
    findings: list[Finding], suppressed: list[Suppressed], depth: int
) -> None:
    """Results in `_sort_key` order (URIs sort unlike paths: `a b` is `a%20b`), each shape
    (absolute path or not, suppressed with or without a reason)."""
    report = report_of(findings, suppressed)
    index = {code: n for n, code in enumerate(rules.RULES)}
    laid = sarif._laid_results(report, index)
    assert laid.value() == sarif._results(report, index)
    assert "".join(laid.pieces(depth)) == standard(laid.value(), depth)


@settings(max_examples=50, deadline=None)
@given(st.lists(SARIF_FINDINGS, max_size=4), st.lists(SARIF_SUPPRESSED, max_size=2))
def test_sarif_report_is_the_plain_document(
    findings: list[Finding], suppressed: list[Suppressed]
) -> None:
    report = report_of(findings, suppressed)
    document = json.loads(sarif.render(report))
    index = {code: n for n, code in enumerate(rules.RULES)}
    assert document["runs"][0]["results"] == sarif._results(report, index)
    assert sarif.render(report) == standard(document) + "\n"


@settings(max_examples=100, deadline=None)
@given(st.lists(SARIF_FINDINGS, max_size=8), st.lists(SARIF_SUPPRESSED, max_size=3))
def test_fingerprints_written_out_are_the_identities_digests(
    findings: list[Finding], suppressed: list[Suppressed]
) -> None:
    """`of_results` hashes each identity inline; `Identity.fingerprint` calls `digest`."""
    results = report_of(findings, suppressed).results
    for root in (None, "/"):
        identities = fingerprints.identify_results(results, root)
        expected = {f: identity.fingerprint for f, identity in identities.items()}
        assert fingerprints.of_results(results, root) == expected


@settings(max_examples=100, deadline=None)
@given(FINDINGS)
def test_the_sort_key_read_in_c_is_the_findings_own(finding: Finding) -> None:
    assert fingerprints.SORT_KEY(finding) == finding.sort_key


@settings(max_examples=30, deadline=None)
@given(st.lists(SARIF_FINDINGS, max_size=4), st.lists(SARIF_SUPPRESSED, max_size=2))
def test_a_report_written_in_pieces_is_its_text(
    findings: list[Finding], suppressed: list[Suppressed]
) -> None:
    report = report_of(findings, suppressed)
    for fmt in FORMATTERS:
        assert "".join(report_pieces(fmt, report)) == FORMATTERS[fmt](report)
