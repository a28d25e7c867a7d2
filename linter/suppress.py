"""The suppression stage: what the user accepted, with reasons, and what no longer matches.

Runs after scanning, before any report. A finding covered by a suppression comment of its
file (`first-party-lint: ignore[FPA001] reason`, see `linter.inline`) or by an `allow` entry
of a config file moves from `Scanned.findings` to `Scanned.suppressed`, keeping its reason for
the reports. Then the suppressions themselves are judged, as ruff's RUF100 and DevSkim's
expiring ignores do:

- FPA100: a comment that suppresses nothing (the ID was removed, the code is wrong, no code
  at all), and an `allow` entry that matched nothing in a run that walked its whole folder;
- FPA101: an `allow` entry past its `expires` date, which suppresses nothing any more;
- FPA102: a suppression without a reason, when the run requires reasons.

Comments are judged only for the rules that ran (`active`): with only FPA002 selected, an
`ignore[FPA001]` comment is not "unused". An `allow` entry is judged unused only when the run
walked a folder holding the entry's whole root (`walked`): pre-commit passes single files, and
an entry for another file would otherwise look unused on every commit.
"""

from __future__ import annotations

import argparse
import itertools
import os
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from linter import allow_match, rules
from linter.findings import (
    AllowEntry,
    App,
    FileResult,
    Finding,
    InlineSuppression,
    Location,
    Role,
    Scanned,
    Suppressed,
)

if TYPE_CHECKING:
    from datetime import date

AllowFor = Callable[[str], Sequence[AllowEntry]]
# The rules that ran, for the whole run or per path (each file's config may select its own).
Active = Collection[str] | Callable[[str], Collection[str]]
IN_SOURCE, EXTERNAL = "inSource", "external"  # SARIF's suppression kinds
_NO_APP = App("", "", "", False, False)


def add_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--require-reason",
        action="store_true",
        help="a suppression comment without a reason is an error (FPA102)",
    )


def walked_folders(paths: Iterable[Path]) -> list[str]:
    """The folders a run walks whole: only there can an `allow` entry be judged unused."""
    return [str(path) for path in paths if path.is_dir()]


def no_allow(path: str) -> Sequence[AllowEntry]:
    """No `allow` entries."""
    return ()


def apply(
    results: Iterable[FileResult],
    allow_for: AllowFor = no_allow,
    *,
    active: Active = frozenset(rules.RULES),
    require_reason: bool = False,
    today: date | None = None,
    walked: Sequence[str] = (),
    then: Callable[[FileResult], FileResult] | None = None,
    clean: Sequence[str] | None = None,
) -> list[FileResult]:
    """Move suppressed findings aside and add FPA100 / FPA101 / FPA102 findings.

    `allow_for(path)` gives the entries that apply to a scanned file's display path (the
    same for every file of a folder: they come from the folder's config); `active` the rules
    that ran (a set, or a function of a display path: for an `allow` entry, the path of its
    config file); `walked` the folders the run scanned whole. `then`, if given, is applied
    to each result this stage changes or adds (the CLI's rule selection, for the findings it
    adds), so that the caller need not go over every result again. `clean`: the report names
    of files scanned clean and left out of `results` (`tree_scan.scan_tree`); their folders'
    entries are judged too, and one that gets a finding about its entries (a config file)
    gets a result under its clean name. The results come back in order, then the ones added:
    a caller that keeps clean names drops those of the added results.
    """
    active_for = active if callable(active) else (lambda _path: active)
    results = list(results)
    # Every entry of a scanned file's config, in order: did it match? A clean file counts
    # too (an entry for its folder is judged), but only its folder is asked, once per folder.
    entries: dict[AllowEntry, bool] = {}
    for path in _one_per_folder(results, clean or ()):
        for entry in allow_for(path):
            entries.setdefault(entry, False)
    if today is None and any(e.expires is not None for e in entries):
        today = _today()  # a date: asked only when an entry expires
    now = today

    def judge(result: Scanned) -> FileResult:
        valid = [
            e
            for e in allow_for(result.path)
            if e.expires is None or (now is not None and e.expires >= now)
        ]
        judged = _file(result, valid, entries, active_for, require_reason)
        return judged if judged is result or then is None else then(judged)

    # Only files with findings or comments have anything to judge (few, in a large tree).
    out = [
        judge(r) if isinstance(r, Scanned) and (r.findings or r.suppressions) else r
        for r in results
    ]
    meta = list(_judge_entries(entries, active_for, today, walked))
    return _attach(out, meta, then, clean)


def _one_per_folder(results: Sequence[FileResult], clean: Iterable[str] = ()) -> Iterable[str]:
    """One scanned file's display path per folder, folders in the order of the results.

    The folder is the path before its last `/` (display paths use `/`), and `/` for a file
    at the root, which `x` (a file here, folder "") must not share. A string split, not
    `os.path.dirname`: this runs for every file of the tree."""
    paths = itertools.chain((r.path for r in results if isinstance(r, Scanned)), clean)
    return {
        (path.rpartition("/")[0] or path[: path.startswith("/")]): path for path in paths
    }.values()


def _file(
    result: Scanned,
    valid: Sequence[AllowEntry],
    entries: dict[AllowEntry, bool],
    active_for: Callable[[str], Collection[str]],
    require_reason: bool,
) -> Scanned:
    if not valid and not result.suppressions:
        return result  # nothing here can suppress a finding or be judged (a data file's IDs)
    # (line, code) -> the first comment covering it: one lookup per finding, however many
    # comments and IDs share a (minified) line.
    covering: dict[tuple[int, str], InlineSuppression] = {}
    for comment in result.suppressions:
        for code in comment.codes:
            covering.setdefault((comment.line, code), comment)
            if comment.own_line:
                covering.setdefault((comment.line + 1, code), comment)
    used: set[tuple[InlineSuppression, str]] = set()
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    # The entry that takes a finding depends on its app and path alone: asked once for each
    # (a data file holds thousands of IDs of a few apps).
    taken_by: dict[tuple[App, str], AllowEntry | None] = {}
    for finding in result.findings:
        if finding.rule not in rules.SUPPRESSIBLE:
            kept.append(finding)
            continue
        if covering:
            line = finding.location.line
            for code in _codes_covering(finding.rule):
                by = covering.get((line, code))
                if by is not None:
                    used.add((by, code))
                    suppressed.append(Suppressed(finding, IN_SOURCE, by.reason))
                    break
            if by is not None:
                continue
        if valid:
            key = (finding.app, finding.location.path)
            if key in taken_by:
                entry = taken_by[key]
            else:
                entry = next((e for e in valid if allow_match.matches(e, finding)), None)
                taken_by[key] = entry
            if entry is not None:
                entries[entry] = True
                suppressed.append(Suppressed(finding, EXTERNAL, entry.reason))
                continue
        kept.append(finding)
    active = active_for(result.path) if result.suppressions else ()
    for comment in result.suppressions:
        kept.extend(_judge_comment(result.path, comment, used, active, require_reason))
    return result._replace(findings=tuple(kept), suppressed=result.suppressed + tuple(suppressed))


def _today() -> date:
    """`datetime` imported here: a run without an expiring `allow` entry never needs it."""
    from datetime import date

    return date.today()


def _codes_covering(rule: str) -> tuple[str, ...]:
    """The codes whose comment suppresses a finding of `rule`, its own first.

    An ID accepted as a client ID (FPA001) is accepted in the weaker unclear role too: the
    Python constant that a whole-tree run reports as FPA001 (it reaches MSAL in another module)
    is FPA002 when pre-commit passes its file alone, and one comment must serve both runs.
    """
    return (rule, rules.FPA001.code) if rule == rules.FPA002.code else (rule,)


def _judge_comment(
    path: str,
    comment: InlineSuppression,
    used: set[tuple[InlineSuppression, str]],
    active: Collection[str],
    require_reason: bool,
) -> Iterable[Finding]:
    where = Location(path, comment.line, comment.column, comment.end_column)
    raw = f"ignore[{', '.join(comment.codes)}]" if comment.codes else "ignore"
    problems = []
    if not comment.codes:
        problems.append("it names no rule (write `first-party-lint: ignore[FPA001] reason`)")
    unknown = [c for c in comment.codes if c not in rules.SUPPRESSIBLE]
    if unknown:
        known = ", ".join(sorted(rules.SUPPRESSIBLE))
        problems.append(f"{', '.join(unknown)} is not a rule it can suppress ({known})")
    unused = [
        c
        for c in comment.codes
        if c in rules.SUPPRESSIBLE and c in active and (comment, c) not in used
    ]
    if unused:
        lines = f"{comment.line} or {comment.line + 1}" if comment.own_line else comment.line
        problems.append(f"no {', '.join(unused)} finding on line {lines}")
    if problems and rules.FPA100.code in active:
        yield _meta(rules.FPA100, where, f"unused suppression: {'; '.join(problems)}", raw)
    if require_reason and comment.codes and not comment.reason and rules.FPA102.code in active:
        message = f"suppression {raw} gives no reason (--require-reason)"
        yield _meta(rules.FPA102, where, message, raw)


def _judge_entries(
    entries: dict[AllowEntry, bool],
    active_for: Callable[[str], Collection[str]],
    today: date | None,
    walked: Sequence[str],
) -> Iterable[Finding]:
    """FPA101 and FPA100 for `allow` entries; `today` is set when any entry has `expires`."""
    folders = [allow_match.absolute(w) for w in walked]
    for entry, matched in entries.items():
        where = entry.origin or Location(entry.root, 1, 1, 1)
        active = active_for(where.path)
        judged = bool(rules.SUPPRESSIBLE.intersection(active))
        app = _entry_app(entry)
        scope = f" in {', '.join(entry.paths)}" if entry.paths else ""
        if entry.expires is not None and entry.expires < (today or _today()):
            if rules.FPA101.code in active:
                message = (
                    f"allow entry for {entry.app}{scope} expired on {entry.expires.isoformat()}; "
                    "its findings are reported again"
                )
                yield _meta(rules.FPA101, where, message, entry.app, app)
        elif (
            judged
            and not matched
            and rules.FPA100.code in active
            and allow_match.inside_any(entry.root, folders)
        ):
            message = f"unused allow entry: {entry.app}{scope} matched no finding"
            yield _meta(rules.FPA100, where, message, entry.app, app)


def _meta(
    rule: rules.Rule, where: Location, message: str, raw: str, app: App | None = None
) -> Finding:
    """A finding about a suppression rather than an ID in use: about a comment when no `app`
    is given, else about an `allow` entry (its `app` names what the entry names)."""
    context = "suppression comment" if app is None else "allow entry"
    return Finding(
        where, rule.code, rule.severity, app or _NO_APP, Role.UNCLEAR, context, raw, message
    )


def _entry_app(entry: AllowEntry) -> App:
    if allow_match.is_app_id(entry.app):
        return App(entry.app, "", "", False, False)
    return App("", entry.app, "", False, False)


def _attach(
    results: list[FileResult],
    meta: list[Finding],
    then: Callable[[FileResult], FileResult] | None,
    clean: Sequence[str] | None = None,
) -> list[FileResult]:
    """Findings about config entries go to their config file's result (one is added when the
    file was not among the scanned ones: the config loader read it)."""
    if not meta:
        return results
    # Paths are compared absolute, but only for results named like a config file of `meta`:
    # making every path of a large tree absolute would cost more than the rest of this stage.
    names = {os.path.basename(allow_match.absolute(f.location.path)) for f in meta}  # noqa: PTH119
    by_path = {
        allow_match.absolute(r.path): n
        for n, r in enumerate(results)
        if isinstance(r, Scanned) and r.path.rpartition("/")[2] in names
    }
    extra: dict[str, list[Finding]] = {}
    attached: dict[int, list[Finding]] = {}
    for finding in meta:
        number = by_path.get(allow_match.absolute(finding.location.path))
        if number is None:
            extra.setdefault(finding.location.path, []).append(finding)
        else:
            attached.setdefault(number, []).append(finding)
    done = then or _as_is
    for number, found in attached.items():
        result = results[number]
        assert isinstance(result, Scanned)
        results[number] = done(result._replace(findings=(*result.findings, *found)))
    if extra and clean:  # a config file scanned clean: its result now carries the findings
        wanted = {allow_match.absolute(path): path for path in extra}
        promoted = {
            name
            for name in clean
            if name.rpartition("/")[2] in names and allow_match.absolute(name) in wanted
        }
        for name in promoted:
            path = wanted[allow_match.absolute(name)]
            extra[name] = extra.pop(path) if path != name else extra[path]
    return results + [done(Scanned(path, tuple(found))) for path, found in extra.items()]


def _as_is(result: FileResult) -> FileResult:
    return result
