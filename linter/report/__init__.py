"""Report formats: each a pure function from a finished run to the text it prints.

Pure functions over immutable results keep every format golden-testable, and a plain dict keeps
the list of formats greppable (no registration magic).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from linter import fingerprints as fingerprint_module
from linter.findings import Failed, FileResult, Finding, Scanned, Skipped, Suppressed


@dataclass(frozen=True)
class Report:
    results: Sequence[FileResult]
    tool_version: str
    catalog_version: str
    remediation: str
    findings: tuple[Finding, ...] = field(init=False)
    # Each finding's fingerprint (linter.fingerprints), computed by the caller over the whole
    # run before anything was filtered out; computed here from `results` when not given.
    fingerprints: Mapping[Finding, str] = field(default_factory=dict)
    baselined: int = 0  # findings hidden because the baseline file lists them
    stale: int = 0  # baseline entries of scanned files that matched nothing (fixed since)

    def __post_init__(self) -> None:
        found = [f for r in self.results if isinstance(r, Scanned) for f in r.findings]
        object.__setattr__(self, "findings", tuple(sorted(found, key=lambda f: f.sort_key)))
        if not self.fingerprints:
            object.__setattr__(self, "fingerprints", fingerprint_module.of_results(self.results))

    def fingerprint(self, finding: Finding) -> str:
        return fingerprint_module.lookup(self.fingerprints, finding)

    @property
    def scanned(self) -> list[Scanned]:
        return [r for r in self.results if isinstance(r, Scanned)]

    @property
    def skipped(self) -> list[Skipped]:
        return sorted((r for r in self.results if isinstance(r, Skipped)), key=lambda r: r.path)

    @property
    def failed(self) -> list[Failed]:
        return sorted((r for r in self.results if isinstance(r, Failed)), key=lambda r: r.path)

    @property
    def notes(self) -> list[tuple[str, str]]:
        return sorted((r.path, n) for r in self.scanned for n in r.notes)

    @property
    def suppressed(self) -> list[Suppressed]:
        """Findings the user accepted (comments, `allow` entries), sorted like findings."""
        found = [s for r in self.scanned for s in r.suppressed]
        return sorted(found, key=lambda s: s.finding.sort_key)

    def counts(self) -> Counter[str]:
        return Counter(f.rule for f in self.findings)


def _text(report: Report) -> str:
    from linter.report import text

    return text.render(report)


def _json(report: Report) -> str:
    from linter.report import json_format

    return json_format.render(report)


def _sarif(report: Report) -> str:
    from linter.report import sarif

    return sarif.render(report)


def _github(report: Report) -> str:
    from linter.report import github

    return github.render(report)


def _gitlab(report: Report) -> str:
    from linter.report import gitlab

    return gitlab.render(report)


def _junit(report: Report) -> str:
    from linter.report import junit

    return junit.render(report)


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
    "gitlab": _gitlab,
    "junit": _junit,
}
