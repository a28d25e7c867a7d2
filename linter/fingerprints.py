"""Stable identities for findings: what the baseline stores and SARIF calls partialFingerprints.

A fingerprint hashes the file's path, the rule, the app ID, the finding's context and its
occurrence index, and nothing that moves: no line, no column, no date. Line-number identities
are the most common complaint about detect-secrets' and gitleaks' baselines (every edit above a
finding made it "new"); here, adding lines above, moving a function within its file or
reformatting leaves every fingerprint as it was, while a second copy of an ID in the same
context is a new occurrence and so a new fingerprint.

The occurrence index is the finding's position among the findings of its file that share rule,
app and context, in file order. When a copy is inserted *before* an existing one, the count
still grows by exactly one, but the later of the two carries the new index: the baseline
knows how many there were, not which one came first.
"""

# Annotations are evaluated here, no `from __future__ import annotations`: the NamedTuple
# below would compile each string annotation at every start-up (see linter/findings.py).
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from linter import digests
from linter.findings import SORT_KEY, FileResult, Finding, Scanned

VERSION = "first-party-lint/v1"  # the key in SARIF partialFingerprints; bump if the hash changes

# Parts of a context that depend on where the code stands rather than what it is. Scanners
# join contexts on one line already; these strip what is left: whitespace (a call split over
# lines by a formatter), `at line N` (a sink's position), and array indices in key paths
# (`apps:3:appId`): an entry inserted above must not renumber the ones below.
_WHITESPACE = re.compile(r"\s+")
_AT_LINE = re.compile(r"\bat line \d+")


def normalize_context(context: str) -> str:
    """The context as the fingerprint sees it: without positions and without whitespace."""
    compact = _WHITESPACE.sub("", _AT_LINE.sub("", context))
    parts = compact.split(":")
    return ":".join("#" if p.isascii() and p.isdigit() else p for p in parts)


def relative_path(path: str, root: str | None) -> str:
    """`path` (as reported) relative to `root`, `/`-separated; `root` None keeps it as is.

    The baseline passes its own folder, so a check run from a subfolder, or by pre-commit from
    the repository root, still finds the same files under the same names.
    """
    if root is None:
        return path
    try:
        relative = os.path.relpath(Path(path).absolute(), Path(root).absolute())
    except ValueError:  # another drive on Windows: no relative form exists
        return Path(path).absolute().as_posix()
    return Path(relative).as_posix()


def digest(path: str, rule: str, app_id: str, context: str, occurrence: int) -> str:
    """The fingerprint of one finding's identity parts (already relative and normalised)."""
    parts = (VERSION, path, rule, app_id, context, str(occurrence))
    return digests.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


class Identity(NamedTuple):
    """A finding's fingerprint and the readable parts it was made of (what the baseline shows)."""

    path: str
    rule: str
    app_id: str
    context: str
    occurrence: int

    @property
    def fingerprint(self) -> str:
        return digest(*self)


def identify(findings: Iterable[Finding], root: str | None = None) -> dict[Finding, Identity]:
    """Each finding's identity; findings of several files may be mixed, in any order."""
    return {
        finding: Identity(path, finding.rule, finding.app.app_id, context, occurrence)
        for finding, path, context, occurrence in _identified(findings, root)
    }


def _identified(
    findings: Iterable[Finding], root: str | None
) -> Iterator[tuple[Finding, str, str, int]]:
    """Each finding with its path (relative to `root`), normalised context and occurrence."""
    ordered = sorted(findings, key=SORT_KEY)
    seen: dict[tuple[str, str, str, str], int] = {}
    # Thousands of findings share a few files and contexts: each made relative and
    # normalised once.
    paths: dict[str, str] = {}
    contexts: dict[str, str] = {}
    for finding in ordered:
        path = paths.get(finding.location.path)
        if path is None:
            path = paths[finding.location.path] = relative_path(finding.location.path, root)
        context = contexts.get(finding.context)
        if context is None:
            context = contexts[finding.context] = normalize_context(finding.context)
        key = (path, finding.rule, finding.app.app_id, context)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        yield finding, path, context, occurrence


def identify_results(
    results: Iterable[FileResult], root: str | None = None
) -> dict[Finding, Identity]:
    """Identities of every finding of a run, computed over all of a file's findings.

    Suppressed findings count too (`Scanned.suppressed`, (finding, kind, reason) triples, where
    the suppression stage provides them), and nothing is filtered out before: suppressing or
    baselining one copy of an ID must never renumber the others.
    """
    return identify(_found(results), root)


def _found(results: Iterable[FileResult]) -> list[Finding]:
    """Every finding of `results`, suppressed ones too."""
    return [
        finding
        for result in results
        if isinstance(result, Scanned) and (result.findings or result.suppressed)
        for finding in (*result.findings, *suppressed(result))
    ]


def suppressed(result: Scanned) -> list[Finding]:
    return [item.finding for item in result.suppressed]


def of_results(results: Iterable[FileResult], root: str | None = None) -> dict[Finding, str]:
    """Each finding's fingerprint (see `identify_results`), without an Identity per finding."""
    return {
        finding: digest(path, finding.rule, finding.app.app_id, context, occurrence)
        for finding, path, context, occurrence in _identified(_found(results), root)
    }


class Lazy(Mapping[Finding, str]):
    """`of_results(results, root)`, computed when first read: the text, GitHub and JUnit
    reports show no fingerprint, and a data file's thousands of findings cost a digest each.
    `results` are immutable, so the answer is the one computed at once would have been."""

    __slots__ = ("_known", "_results", "_root")

    def __init__(self, results: Sequence[FileResult], root: str | None = None) -> None:
        self._results = results
        self._root = root
        self._known: dict[Finding, str] | None = None

    def _all(self) -> dict[Finding, str]:
        if self._known is None:
            self._known = of_results(self._results, self._root)
            self._results = ()
        return self._known

    def __getitem__(self, finding: Finding) -> str:
        return self._all()[finding]

    def get(self, finding: Finding, default: Any = None) -> Any:
        return self._all().get(finding, default)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def lookup(fingerprints: Mapping[Finding, str], finding: Finding) -> str:
    """A finding's fingerprint, computed alone when a caller built a report by hand."""
    known = fingerprints.get(finding)
    return known if known is not None else identify([finding])[finding].fingerprint
