"""`first-party-lint history`: every blob ever committed, scanned once, for security reviews.

A client ID removed last year still shipped in every build and clone made before, so a
reviewer needs to know what history holds, since when and whether HEAD still has it.

One walk answers both "what" and "since when". `git log --all --topo-order --reverse --raw`
lists, oldest commit first, every (path, blob) pair a commit adds or changes relative to its
first parent; that is every pair of every tree, each the first time a commit holds it, so
"introduced" needs no search. Merges are diffed against their first parent only: what a merge
brings from a side branch was already listed under the side branch's own, older commits, and
an edit made in the merge itself still shows. Each blob's content is read through one
`git cat-file --batch` process the first time it appears and never again (de-duplicated by
blob id, and by which scanner its file name selects); blobs without an ID leave only their id
behind, so memory grows with the number of blobs and of findings, never with content.

"Introduced" is defined as: the oldest commit, in topological order, whose tree holds the
finding, identified by (path, rule, app ID, context, occurrence), the same identity as a
baseline's. A finding removed and later re-added at the same path and context keeps its first
commit; the same ID added at another path is a finding of its own.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TextIO

from linter import engine, gitio, scanners, sources
from linter.catalog import Catalog
from linter.discovery import safe_name
from linter.findings import Failed, Finding, Scanned, Skipped

FORMATS = ("text", "json")
_LOG_FORMAT = "--format=%x01%H%x00%an%x00%ae%x00%aI"
Key = tuple[str, str, str, str, int]  # path, rule, app ID, context, occurrence


class Commit(NamedTuple):
    sha: str
    author: str
    email: str
    date: str  # ISO 8601, as the author's clock said


class Introduced(NamedTuple):
    """A finding as the commit that introduced it saw it, and whether HEAD still holds it."""

    finding: Finding
    commit: Commit
    blob: str
    at_head: bool = False


@dataclass
class Walk:
    """What one history scan saw; `skipped` and `errors` are (path, reason) pairs."""

    commits: int = 0
    blobs_scanned: int = 0
    binary_blobs: int = 0
    head: str = ""
    shallow: bool = False
    found: dict[Key, Introduced] = field(default_factory=dict)
    skipped: set[tuple[str, str]] = field(default_factory=set)
    notes: set[tuple[str, str]] = field(default_factory=set)
    errors: set[tuple[str, str]] = field(default_factory=set)

    def findings(self) -> list[Introduced]:
        return sorted(self.found.values(), key=lambda i: (*i.finding.sort_key, i.commit.date))


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = sub.add_parser(
        "history",
        help="scan every blob in the git history (all refs), each finding with the commit "
        "that introduced it",
        description="Scan every blob reachable from any ref (or in REF..HEAD), each once, and "
        "report each finding with the oldest commit whose tree holds it and whether HEAD "
        "still does. Exit 1 if an error finding exists anywhere in that history (even one "
        "removed since), 0 if none, 2 on a usage or git error.",
    )
    history.add_argument("paths", nargs="*", metavar="PATH", help="restrict to these pathspecs")
    history.add_argument("--since", metavar="REF", help="only commits in REF..HEAD")
    history.add_argument("--format", choices=FORMATS, default="text")
    history.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when errors are found"
    )
    history.add_argument("-v", "--verbose", action="store_true", help="also list every skip")
    engine.add_limit_arguments(history, "blob")


def _commits_and_changes(
    repo: gitio.Repo, since: str | None, paths: Sequence[str]
) -> Iterator[Commit | gitio.Change]:
    """The log, oldest first: a Commit, then the pairs it adds or changes, streamed."""
    args = ["log", "--topo-order", "--reverse", "--raw", "--no-renames", "--no-abbrev", "-z"]
    args += ["--diff-merges=first-parent", "--no-ext-diff", _LOG_FORMAT]
    if paths:  # without it, a pathspec would hide side branches that end TREESAME
        args.append("--full-history")
    if since:  # after --end-of-options: a REF can never be taken for an option
        args += ["--end-of-options", f"{since}..HEAD"]
    else:
        args.append("--all")
    with repo.fields(*args, "--", *paths) as parts:
        for part in parts:
            stripped = part.lstrip(b"\n")
            if stripped.startswith(b"\x01"):
                author, email, date = next(parts), next(parts), next(parts)
                yield Commit(stripped[1:].decode(), _text(author), _text(email), date.decode())
            elif stripped.startswith(b":"):
                first = next(parts)
                second = next(parts) if gitio.is_rename(part) else None
                yield gitio.parse_change(part, first, second)


def _text(raw: bytes) -> str:
    return safe_name(raw.decode("utf-8", errors="replace"))


def _path(raw: bytes) -> str:
    """A repository path as `check` shows it: undecodable bytes as `\\xNN` (`safe_name`)."""
    return safe_name(gitio.decode_path(raw))


class _Scanner:
    """Blob id -> findings, each blob read and scanned once per scanner kind."""

    def __init__(self, blobs: gitio.CatFile, catalog: Catalog, options: engine.ScanOptions):
        self._blobs, self._catalog, self._options = blobs, catalog, options
        self._kinds: dict[str, int] = {}  # file name -> scanner kind (0, 1, ...)
        self._kind_of: dict[tuple[str, bool], int] = {}
        self._seen: set[bytes] = set()
        self._flagged: dict[bytes, tuple[Finding, ...]] = {}

    def _kind(self, name: str) -> int:
        kind = self._kinds.get(name)
        if kind is None:
            variant = (scanners.module_for(name), sources.named_like_text(name))
            kind = self._kind_of.setdefault(variant, len(self._kind_of))
            self._kinds[name] = kind
        return kind

    def findings(self, change: gitio.Change, path: str, walk: Walk) -> tuple[Finding, ...]:
        name = path.rsplit("/", 1)[-1]
        key = bytes.fromhex(change.new_blob) + self._kind(name).to_bytes(2, "big")
        if key in self._seen:
            return self._flagged.get(key, ())
        self._seen.add(key)
        blob = self._blobs.get(change.new_blob, self._options.max_bytes)
        walk.blobs_scanned += 1
        if blob is None:
            walk.notes.add((path, f"blob {change.new_blob} is missing (shallow or partial clone)"))
            return ()
        if blob.data is None:
            reason = sources.size_cap_reason(blob.size, self._options.max_bytes)
            walk.skipped.add((path, reason))
            return ()
        result = engine.scan_bytes(blob.data, path, name, self._catalog, self._options)
        if isinstance(result, Skipped):
            if result.reason == sources.BINARY:
                walk.binary_blobs += 1
            else:
                walk.skipped.add((path, result.reason))
        elif isinstance(result, Failed):
            walk.errors.add((path, result.error))
        elif isinstance(result, Scanned):
            walk.notes.update((path, note) for note in result.notes)
            if result.findings:
                self._flagged[key] = result.findings
                return result.findings
        return ()


def _keys(path: str, findings: Sequence[Finding]) -> Iterator[tuple[Key, Finding]]:
    counts: dict[tuple[str, str, str], int] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key):
        ident = (finding.rule, finding.app.app_id, finding.context)
        counts[ident] = counts.get(ident, -1) + 1
        yield (path, *ident, counts[ident]), finding


def scan(
    repo: gitio.Repo,
    since: str | None,
    paths: Sequence[str],
    catalog: Catalog,
    options: engine.ScanOptions,
) -> Walk:
    walk = Walk(shallow=repo.is_shallow())
    if since is not None:
        _verify(repo, "--since", since)
    elif not repo.has_commits():
        return walk
    commit: Commit | None = None
    with gitio.CatFile(repo) as blobs:
        scanner = _Scanner(blobs, catalog, options)
        for item in _commits_and_changes(repo, since, paths):
            if isinstance(item, Commit):
                commit = item
                walk.commits += 1
                continue
            path = _path(item.path)
            if item.status == "D" or commit is None or item.new_mode == gitio.SYMLINK:
                continue
            if item.new_mode == gitio.GITLINK:
                walk.notes.add((path, "submodule (gitlink): its history is not scanned"))
                continue
            for key, finding in _keys(path, scanner.findings(item, path, walk)):
                if key not in walk.found:
                    here = finding._replace(location=finding.location._replace(path=path))
                    walk.found[key] = Introduced(here, commit, item.new_blob)
        if repo.has_commits():
            walk.head = repo.run("rev-parse", "HEAD").decode().strip()
            _mark_head(repo, scanner, walk)
    return walk


def _verify(repo: gitio.Repo, option: str, ref: str) -> None:
    try:
        repo.run("rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
        repo.run("rev-parse", "--verify", "HEAD^{commit}")
    except gitio.GitError as exc:
        raise gitio.GitError(f"{option} {ref}: not a commit here (git: {exc})") from exc


def _mark_head(repo: gitio.Repo, scanner: _Scanner, walk: Walk) -> None:
    """Which findings HEAD's tree still holds: its pairs, looked up in what was scanned."""
    if not walk.found:
        return
    at_head: set[Key] = set()
    paths = {key[0] for key in walk.found}
    with repo.fields("ls-tree", "-r", "-z", "--full-tree", "HEAD") as entries:
        for entry in entries:
            meta, _, name = entry.partition(b"\t")
            mode, kind, blob = meta.decode().split(" ")
            path = _path(name)
            if kind != "blob" or mode == gitio.SYMLINK or path not in paths:
                continue
            change = gitio.Change("", mode, "", blob, "M", name)
            at_head.update(key for key, _ in _keys(path, scanner.findings(change, path, walk)))
    for key in at_head & walk.found.keys():
        walk.found[key] = walk.found[key]._replace(at_head=True)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The `history` command: 0 clean, 1 an error finding anywhere in history, 2 broken."""
    from linter import __version__, catalog
    from linter.report import history as report

    problem = engine.limit_error(args)
    if problem:
        raise gitio.GitError(problem)
    repo = gitio.open_repo(Path.cwd(), bare_ok=True)
    cat = catalog.load()
    options = engine.ScanOptions(int(args.max_file_size * 1024 * 1024), args.timeout)
    walk = scan(repo, args.since, args.paths, cat, options)
    found = walk.findings()
    try:
        if args.format == "json":
            out.write(report.render_json(walk, found, __version__, cat.version, args.since))
        else:
            err.write(report.render_stderr(walk, verbose=args.verbose))
            out.write(report.render_text(walk, found, args.since))
        out.flush()
    except BrokenPipeError:  # `... | head` is not an error
        pass
    if walk.errors:
        return 2
    if args.exit_zero:
        return 0
    return 1 if any(i.finding.severity.value == "error" for i in found) else 0
