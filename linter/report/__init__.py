"""Report formats: each a pure function from a finished run to the text it prints.

Pure functions over immutable results keep every format golden-testable, and a plain dict keeps
the list of formats greppable (no registration magic).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from linter import fingerprints as fingerprint_module
from linter.findings import Failed, FileResult, Finding, Scanned, Skipped, Suppressed


@dataclass(frozen=True)
class Report:
    """A finished run. What the formats ask for (findings, skipped files, notes, ...) is
    sorted once here, from the few results that carry anything: in a large tree nearly every
    result is a clean file, which only counts in `files_scanned`."""

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
    files_scanned: int = field(init=False)
    _parts: _Parts = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One pass over every result; the rest of the work is over what it keeps.
        carrying = [
            r
            for r in self.results
            if not isinstance(r, Scanned) or r.findings or r.notes or r.suppressed
        ]
        scanned = [r for r in carrying if isinstance(r, Scanned)]
        others = len(carrying) - len(scanned)
        found = [f for r in scanned for f in r.findings]
        suppressed = [s for r in scanned for s in r.suppressed]
        parts = _Parts(
            scanned,
            sorted((r for r in carrying if isinstance(r, Skipped)), key=lambda r: r.path),
            sorted((r for r in carrying if isinstance(r, Failed)), key=lambda r: r.path),
            sorted((r.path, n) for r in scanned for n in r.notes),
            sorted(suppressed, key=lambda s: s.finding.sort_key),
        )
        object.__setattr__(self, "_parts", parts)
        object.__setattr__(self, "files_scanned", len(self.results) - others)
        object.__setattr__(self, "findings", tuple(sorted(found, key=lambda f: f.sort_key)))
        if not self.fingerprints and (found or suppressed):
            object.__setattr__(self, "fingerprints", fingerprint_module.of_results(scanned))

    def fingerprint(self, finding: Finding) -> str:
        return fingerprint_module.lookup(self.fingerprints, finding)

    @property
    def scanned(self) -> list[Scanned]:
        """Every scanned file, clean ones too (formats count them with `files_scanned`)."""
        return [r for r in self.results if isinstance(r, Scanned)]

    @property
    def skipped(self) -> list[Skipped]:
        return self._parts.skipped

    @property
    def failed(self) -> list[Failed]:
        return self._parts.failed

    @property
    def notes(self) -> list[tuple[str, str]]:
        return self._parts.notes

    @property
    def suppressed(self) -> list[Suppressed]:
        """Findings the user accepted (comments, `allow` entries), sorted like findings."""
        return self._parts.suppressed

    @property
    def carrying(self) -> list[Scanned]:
        """The scanned files with findings, notes or suppressed findings, in run order."""
        return self._parts.carrying

    def counts(self) -> Counter[str]:
        return Counter(f.rule for f in self.findings)


class _Parts(NamedTuple):
    """What `Report` sorted out of its results (its properties return these lists)."""

    carrying: list[Scanned]
    skipped: list[Skipped]
    failed: list[Failed]
    notes: list[tuple[str, str]]
    suppressed: list[Suppressed]


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
