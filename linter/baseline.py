"""The baseline file: findings a team accepted when adopting the linter, kept out of reports.

`first-party-lint baseline` writes it and `check --baseline FILE` reads it; `check` never
writes it (detect-secrets' hook rewrote its baseline and exited 3, which its users found "very
unintuitive"). The file holds fingerprints (`linter.fingerprints`: no line numbers, no
timestamps) with the readable parts beside each, sorted, so re-running `baseline` on an
unchanged tree is byte-identical and a new or fixed finding is a one-entry diff.

Paths in the file are relative to the file's own folder, so `check` finds the same entries
whether it runs from the repository root (CI, pre-commit) or from a subfolder.

Entries that match nothing any more ("stale": the finding was fixed, or its file deleted) are
counted in the summary but never fail a run; `baseline` drops them. Only files this run scanned
(or that no longer exist) can make an entry stale: pre-commit passes a few files, and the
entries of the others say nothing.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from linter import fingerprints
from linter.findings import FileResult, Finding, Scanned
from linter.report import json_text
from linter.values import Value, set_field

DEFAULT_FILE = ".first-party-lint-baseline.json"
SCHEMA = 1
_FINGERPRINT = re.compile(r"^[0-9a-f]{32}$")


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not a baseline: exit 2, naming the file."""


class Entry(Value):
    __slots__ = _fields = ("fingerprint", "path")
    fingerprint: str
    path: str

    def __init__(self, fingerprint: str, path: str) -> None:
        set_field(self, "fingerprint", fingerprint)
        set_field(self, "path", path)


class Applied(Value):
    """A run's results with baselined findings removed, and what the summary says about it."""

    __slots__ = _fields = ("results", "fingerprints", "baselined", "stale")
    results: list[FileResult]
    fingerprints: dict[Finding, str]
    baselined: int
    stale: int

    def __init__(
        self,
        results: list[FileResult],
        fingerprints: dict[Finding, str],
        baselined: int,
        stale: int,
    ) -> None:
        set_field(self, "results", results)
        set_field(self, "fingerprints", fingerprints)
        set_field(self, "baselined", baselined)
        set_field(self, "stale", stale)


def root_of(baseline_file: str) -> str:
    return str(Path(baseline_file).absolute().parent)


def render(results: Iterable[FileResult], root: str) -> str:
    """The baseline file for a run's findings: sorted, pretty JSON ending in a newline."""
    identities = fingerprints.identify_results(results, root)
    reported = [f for r in results if isinstance(r, Scanned) and r.findings for f in r.findings]
    entries = sorted(
        (
            {
                "fingerprint": identities[finding].fingerprint,
                "path": identities[finding].path,
                "rule": finding.rule,
                "app_id": finding.app.app_id,
                "app_name": finding.app.name,
                "context": identities[finding].context,
                "occurrence": identities[finding].occurrence,
            }
            for finding in reported
        ),
        key=lambda e: (e["path"], e["rule"], e["app_id"], e["context"], e["occurrence"]),
    )
    document = {
        "schema": SCHEMA,
        "fingerprints": fingerprints.VERSION,
        "tool": "first-party-lint",
        "findings": entries,
    }
    return json_text.dumps(document) + "\n"


def load(path: str) -> list[Entry]:
    """The entries of a baseline file; BaselineError names the file and what is wrong."""
    try:
        document: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline file not found (create it with 'first-party-lint baseline')"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a baseline file (invalid JSON: {exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise BaselineError(f"{path}: not a baseline file (no 'findings' list)")
    if document.get("schema") != SCHEMA or document.get("fingerprints") != fingerprints.VERSION:
        raise BaselineError(
            f"{path}: baseline schema {document.get('schema')!r} with fingerprints "
            f"{document.get('fingerprints')!r} is not the {SCHEMA} / {fingerprints.VERSION} "
            "this version reads; re-create it with 'first-party-lint baseline'"
        )
    entries = []
    for number, item in enumerate(document["findings"], 1):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("fingerprint"), str)
            and _FINGERPRINT.match(item["fingerprint"])
            and isinstance(item.get("path"), str)
        ):
            raise BaselineError(
                f"{path}: entry {number} of 'findings' has no valid 'fingerprint' and 'path'"
            )
        entries.append(Entry(item["fingerprint"], item["path"]))
    return entries


def apply(results: Sequence[FileResult], baseline_file: str, clean: Sequence[str] = ()) -> Applied:
    """Remove the findings the baseline lists; count those hidden and the stale entries.

    Fingerprints are computed over every finding first, so hiding one never renumbers another.
    `clean`: report names of files scanned clean and not in `results` (an entry for one of
    them is stale: its finding is gone).
    """
    entries = load(baseline_file)
    root = root_of(baseline_file)
    found = fingerprints.of_results(results, root)
    known = {entry.fingerprint for entry in entries}
    kept = [
        _unlisted(r, found, known) if isinstance(r, Scanned) and r.findings else r for r in results
    ]
    reported = [f for r in results if isinstance(r, Scanned) and r.findings for f in r.findings]
    matched = {found[f] for f in reported if found[f] in known}
    unmatched = [entry for entry in entries if entry.fingerprint not in matched]
    names = {entry.path.rpartition("/")[2] for entry in unmatched}
    scanned = _scanned(results, names, root, clean)
    stale = sum(1 for entry in unmatched if entry.path in scanned or _gone(Path(root) / entry.path))
    baselined = sum(1 for f in reported if found[f] in known)
    return Applied(kept, found, baselined, stale)


def _unlisted(result: Scanned, found: dict[Finding, str], known: set[str]) -> Scanned:
    new = tuple(f for f in result.findings if found[f] not in known)
    return result._replace(findings=new) if len(new) != len(result.findings) else result


def _scanned(
    results: Sequence[FileResult], names: set[str], root: str, clean: Sequence[str] = ()
) -> set[str]:
    """The scanned files named as entries name them (relative to `root`), of those whose
    file name is in `names`: making every path of a large tree relative would cost more
    than the rest of the run after the scan."""
    if not names:
        return set()
    paths = itertools.chain((r.path for r in results if isinstance(r, Scanned)), clean)
    return {
        fingerprints.relative_path(path, root) for path in paths if path.rpartition("/")[2] in names
    }


def _gone(path: Path) -> bool:
    try:
        return not path.exists()
    except (OSError, ValueError):  # a name too long for the system, a NUL: no such file
        return True
