"""The reports of `first-party-lint history`: text for a reviewer, JSON for their tools.

The JSON is `check --format json`'s document (same finding fields, same `skipped`, `notes`
and `errors` lists) with what history adds: per finding the commit that introduced it, its
author and date, the blob and whether HEAD still holds it; per run the range, the HEAD
commit, the counts of commits and blobs and whether the clone was shallow.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from linter import catalog
from linter.report import text
from linter.report.json_format import SCHEMA_VERSION, finding_dict

if TYPE_CHECKING:
    from linter.history import Introduced, Walk

SHALLOW_NOTE = (
    "shallow clone: commits beyond the shallow boundary were not seen, so a finding older than "
    "the boundary is reported as introduced by the oldest commit that holds it here "
    "(fetch the full history: git fetch --unshallow)"
)


def _where(item: Introduced) -> str:
    commit = item.commit
    head = "still present at HEAD" if item.at_head else "not present at HEAD"
    return (
        f"    introduced in {commit.sha[:12]} on {commit.date[:10]} by {commit.author} "
        f"<{commit.email}>; {head}"
    )


def summary(walk: Walk, found: Sequence[Introduced], since: str | None) -> str:
    scope = f"{since}..HEAD" if since else "all refs"
    parts = [
        f"history of {scope}: {text.plural(walk.commits, 'commit')}, "
        f"{text.plural(walk.blobs_scanned, 'blob')} scanned"
    ]
    tallied = text.tally([i.finding for i in found])
    if found:
        tallied += f", {sum(1 for i in found if i.at_head)} still present at HEAD"
    parts.append(tallied)
    if walk.skipped:
        parts.append(f"{len(walk.skipped)} skipped")
    if walk.errors:
        parts.append(f"{len(walk.errors)} failed")
    return "; ".join(parts) + "."


def render_text(walk: Walk, found: Sequence[Introduced], since: str | None) -> str:
    lines = []
    for item in found:
        loc = item.finding.location
        lines.append(
            f"{loc.path}:{loc.line}:{loc.column}: {item.finding.rule} {item.finding.message}"
        )
        lines.append(_where(item))
    lines.append(summary(walk, found, since))
    return "\n".join(lines) + "\n"


def render_stderr(walk: Walk, *, verbose: bool) -> str:
    """Notes, skips and failures, one line each (as `check` prints them)."""
    prog = "first-party-lint"
    lines = [f"{prog}: {SHALLOW_NOTE}"] if walk.shallow else []
    lines += [f"{prog}: {path}: {note}" for path, note in sorted(walk.notes)]
    lines += [f"{prog}: {path}: skipped, {reason}" for path, reason in sorted(walk.skipped)]
    if verbose and walk.binary_blobs:
        lines.append(f"{prog}: {text.plural(walk.binary_blobs, 'binary blob')} skipped")
    lines += [f"{prog}: {path}: {error}" for path, error in sorted(walk.errors)]
    return "".join(f"{line}\n" for line in lines)


def render_json(
    walk: Walk, found: Sequence[Introduced], version: str, catalog_version: str, since: str | None
) -> str:
    findings: list[dict[str, Any]] = []
    for item in found:
        entry = finding_dict(item.finding)
        entry.update(
            commit=item.commit.sha,
            author=item.commit.author,
            author_email=item.commit.email,
            date=item.commit.date,
            blob=item.blob,
            at_head=item.at_head,
        )
        findings.append(entry)
    notes = [{"path": path, "note": note} for path, note in sorted(walk.notes)]
    if walk.shallow:
        notes.insert(0, {"path": "", "note": SHALLOW_NOTE})
    document = {
        "schema": SCHEMA_VERSION,
        "version": version,
        "catalog_version": catalog_version,
        "range": f"{since}..HEAD" if since else "--all",
        "head": walk.head or None,
        "shallow": walk.shallow,
        "findings": findings,
        "summary": dict(sorted(Counter(i.finding.rule for i in found).items())),
        "commits_scanned": walk.commits,
        "blobs_scanned": walk.blobs_scanned,
        "binary_blobs": walk.binary_blobs,
        "skipped": [{"path": p, "reason": r} for p, r in sorted(walk.skipped)],
        "notes": notes,
        "errors": [{"path": p, "error": e} for p, e in sorted(walk.errors)],
        "remediation": catalog.load_remediation(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
