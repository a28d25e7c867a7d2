"""Report formats: each a pure function from a finished run to the text it prints.

Pure functions over immutable results keep every format golden-testable, and a plain dict keeps
the list of formats greppable (no registration magic).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from linter import fingerprints as fingerprint_module
from linter.findings import SORT_KEY, Failed, FileResult, Finding, Scanned, Skipped, Suppressed
from linter.values import Value, set_field


class Report(Value):
    """A finished run. What the formats ask for (findings, skipped files, notes, ...) is
    sorted once here, from the few results that carry anything: in a large tree nearly every
    result is a clean file, which only counts in `files_scanned`. `findings` (derived from
    `results`, so not a field) are every reported finding, sorted."""

    _fields = (
        "results",
        "tool_version",
        "catalog_version",
        "remediation",
        "fingerprints",
        "baselined",
        "stale",
    )
    __slots__ = (
        *_fields,
        "findings",
        "files_scanned",
        "_carrying",
        "_skipped",
        "_failed",
        "_notes",
        "_suppressed",
    )
    results: Sequence[FileResult]
    tool_version: str
    catalog_version: str
    remediation: str
    findings: tuple[Finding, ...]
    # Each finding's fingerprint (linter.fingerprints), computed by the caller over the whole
    # run before anything was filtered out; computed here from `results` when not given.
    fingerprints: Mapping[Finding, str]
    baselined: int  # findings hidden because the baseline file lists them
    stale: int  # baseline entries of scanned files that matched nothing (fixed since)
    # Derived from `results` once (see `_sort_out`), not fields a caller gives.
    files_scanned: int
    _carrying: list[Scanned]
    _skipped: list[Skipped]
    _failed: list[Failed]
    _notes: list[tuple[str, str]]
    _suppressed: list[Suppressed]

    def __init__(
        self,
        results: Sequence[FileResult],
        tool_version: str,
        catalog_version: str,
        remediation: str,
        fingerprints: Mapping[Finding, str] | None = None,
        baselined: int = 0,
        stale: int = 0,
        clean: int = 0,
    ) -> None:
        set_field(self, "results", results)
        set_field(self, "tool_version", tool_version)
        set_field(self, "catalog_version", catalog_version)
        set_field(self, "remediation", remediation)
        found = _sort_out(self, results, clean)
        set_field(self, "findings", tuple(sorted(found, key=SORT_KEY)))
        if not fingerprints:  # computed when a format first shows one, of the findings only
            fingerprints = fingerprint_module.Lazy(self._carrying)
        set_field(self, "fingerprints", fingerprints)
        set_field(self, "baselined", baselined)
        set_field(self, "stale", stale)

    def fingerprint(self, finding: Finding) -> str:
        return fingerprint_module.lookup(self.fingerprints, finding)

    @property
    def scanned(self) -> list[Scanned]:
        """Every scanned file, clean ones too (formats count them with `files_scanned`)."""
        return [r for r in self.results if isinstance(r, Scanned)]

    @property
    def skipped(self) -> list[Skipped]:
        return self._skipped

    @property
    def failed(self) -> list[Failed]:
        return self._failed

    @property
    def notes(self) -> list[tuple[str, str]]:
        return self._notes

    @property
    def suppressed(self) -> list[Suppressed]:
        """Findings the user accepted (comments, `allow` entries), sorted like findings."""
        return self._suppressed

    @property
    def carrying(self) -> list[Scanned]:
        """The scanned files with findings, notes or suppressed findings, in run order."""
        return self._carrying

    def counts(self) -> Counter[str]:
        return Counter(f.rule for f in self.findings)


def _sort_out(report: Report, results: Sequence[FileResult], clean: int) -> list[Finding]:
    """Set `report`'s derived parts from one pass over every result (the rest of the work is
    over the few results it keeps); return the findings, unsorted. `clean`: files scanned
    clean that `results` leave out (the compact form of a large tree's run)."""
    kept = [
        r for r in results if not isinstance(r, Scanned) or r.findings or r.notes or r.suppressed
    ]
    carrying = [r for r in kept if isinstance(r, Scanned)]
    parts = {
        "files_scanned": clean + len(results) - (len(kept) - len(carrying)),
        "_carrying": carrying,
        "_skipped": sorted((r for r in kept if isinstance(r, Skipped)), key=lambda r: r.path),
        "_failed": sorted((r for r in kept if isinstance(r, Failed)), key=lambda r: r.path),
        "_notes": sorted((r.path, n) for r in carrying for n in r.notes),
        "_suppressed": sorted(
            (s for r in carrying for s in r.suppressed),
            key=lambda s: SORT_KEY(s.finding),
        ),
    }
    for name, value in parts.items():
        object.__setattr__(report, name, value)
    return [f for r in carrying for f in r.findings]


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


def _json_pieces(report: Report) -> list[str]:
    from linter.report import json_format

    return json_format.pieces(report)


def _sarif_pieces(report: Report) -> list[str]:
    from linter.report import sarif

    return sarif.pieces(report)


def pieces(fmt: str, report: Report) -> list[str]:
    """`FORMATTERS[fmt](report)` in pieces whose text is the same joined: the JSON formats
    give theirs (a few megabytes for a data file's thousands of findings are then written
    without two more copies); the others one piece."""
    by_parts = {"json": _json_pieces, "sarif": _sarif_pieces}.get(fmt)
    return by_parts(report) if by_parts else [FORMATTERS[fmt](report)]


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
    "gitlab": _gitlab,
    "junit": _junit,
}
