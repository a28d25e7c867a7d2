"""`check --staged` and `check --diff REF`: what git says changed, scanned like any file.

`--staged` judges the content in the index, which is what the commit will hold: a file staged
and then edited again in the working tree is judged by its staged version (the failure of
linters that read the disk behind `git commit`). `--diff REF` is for pull requests in a
repository that is not clean yet: only findings on lines added or changed since the
merge-base of REF and HEAD are reported, and files untouched since then are not even read.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from linter import discovery, engine, gitio, sources, tree_scan
from linter.catalog import Catalog
from linter.discovery import FileRef, display_path
from linter.findings import FileResult, Scanned, Skipped

GITLINK_REASON = "submodule (gitlink): not scanned; run first-party-lint inside it"
SYMLINK_REASON = "symbolic link (git stores its target path, which is not scanned)"


Changed = Mapping[str, "frozenset[int] | None"]
"""Display path -> the lines `--diff` reports on (None: every line of a new file)."""


@dataclass(frozen=True)
class Scope:
    """Whole-file results, and for `--diff` the lines to keep once every later stage ran.

    The line filter is applied last (`keep_changed`) because fingerprints count occurrences in
    the whole file and suppressions must see the findings they cover: filtering first would
    make baselined findings look new and suppressions look unused."""

    results: list[FileResult]
    changed: Changed | None = None


def results(args: argparse.Namespace, catalog: Catalog, options: engine.ScanOptions) -> Scope:
    """The results of `--staged` or `--diff`; GitError (exit 2) when git cannot answer."""
    repo = gitio.open_repo(Path.cwd())
    if args.staged:
        return Scope(staged(repo, args.paths, catalog, options))
    return changed_lines(repo, args.diff, args.paths, catalog, options)


def not_excluded(results: Sequence[FileResult], rules: discovery.Filter) -> list[FileResult]:
    """The results of files the config's excludes leave in: git names the files, as
    pre-commit does, so the excludes apply as if forced (`discovery.force_excluded`)."""
    judge = _FolderVerdicts(rules)
    return [r for r in results if not discovery.force_excluded(Path(r.path), judge)]


class _FolderVerdicts:
    """`rules`, each folder judged once: `force_excluded` asks about every folder above each
    file, and git may name thousands of files in a few folders."""

    def __init__(self, rules: discovery.Filter) -> None:
        self.rules = rules
        self.folders: dict[str, bool] = {}

    def excluded(self, path: str, is_dir: bool) -> bool:
        if not is_dir:
            return self.rules.excluded(path, is_dir)
        known = self.folders.get(path)
        if known is None:
            known = self.folders[path] = self.rules.excluded(path, is_dir)
        return known

    def respect_gitignore(self, folder: str) -> bool:
        return self.rules.respect_gitignore(folder)

    def project_root(self, path: str) -> str:
        return self.rules.project_root(path)

    def files_excluded_in(self, folder: str) -> bool:
        return self.rules.files_excluded_in(folder)

    def listed(self, folder: str, holds: Callable[[str], bool]) -> None:
        self.rules.listed(folder, holds)


def keep_changed(results: Sequence[FileResult], changed: Changed) -> list[FileResult]:
    """Only the findings on changed lines; files outside `changed` are kept as they are."""
    return [
        _on_lines(r, changed.get(r.path)) if isinstance(r, Scanned) and r.findings else r
        for r in results
    ]


def _on_lines(result: Scanned, lines: frozenset[int] | None) -> Scanned:
    if lines is None:
        return result
    found = tuple(f for f in result.findings if f.location.line in lines)
    return result._replace(findings=found)


def _name(path: bytes) -> str:
    return gitio.decode_path(path.rsplit(b"/", 1)[-1])


def _not_content(change: gitio.Change, display: str) -> Skipped | None:
    if change.new_mode == gitio.GITLINK:
        return Skipped(display, GITLINK_REASON)
    if change.new_mode == gitio.SYMLINK:
        return Skipped(display, SYMLINK_REASON)
    return None


def staged(
    repo: gitio.Repo, paths: Sequence[str], catalog: Catalog, options: engine.ScanOptions
) -> list[FileResult]:
    """Each staged blob through one `git cat-file --batch`, judged under its path's name.

    Plumbing (`diff-index`), not `git diff`: the porcelain rewrites the index when it finds
    stale stat information, and a linter must leave the repository as it found it."""
    listing = repo.run(
        "diff-index",
        "--cached",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--diff-filter=ACMRT",
        "HEAD" if repo.has_commits() else empty_tree(repo),
        "--",
        *paths,
    )
    out: list[FileResult] = []
    with gitio.CatFile(repo) as blobs:
        for change in gitio.changes(iter(listing.split(b"\0"))):
            display = display_path(repo.path(change.path), repo.cwd)
            skip = _not_content(change, display)
            if skip is not None:
                out.append(skip)
                continue
            blob = blobs.get(change.new_blob, options.max_bytes)
            if blob is None:
                out.append(Skipped(display, "staged blob missing from the repository"))
            elif blob.data is None:
                out.append(Skipped(display, sources.size_cap_reason(blob.size, options.max_bytes)))
            else:
                out.append(
                    engine.scan_bytes(blob.data, display, _name(change.path), catalog, options)
                )
    return sorted(out, key=lambda r: r.path)


def empty_tree(repo: gitio.Repo) -> str:
    """The id of the empty tree (SHA-1 or SHA-256 repository), computed, never written."""
    return repo.run("hash-object", "-t", "tree", "--stdin").decode().strip()


def merge_base(repo: gitio.Repo, ref: str) -> str:
    """The commit REF and HEAD last shared: what a pull request is compared with."""
    try:
        base = repo.run("merge-base", "--end-of-options", ref, "HEAD", ok=(0, 1)).strip()
    except gitio.GitError as exc:
        raise gitio.GitError(f"--diff {ref}: {exc}") from exc
    if base:
        return base.decode()
    hint = (
        " (this is a shallow clone: fetch the full history, e.g. actions/checkout with "
        "fetch-depth: 0)"
        if repo.is_shallow()
        else ""
    )
    raise gitio.GitError(f"--diff {ref}: {ref} and HEAD have no common ancestor{hint}")


def changed_lines(
    repo: gitio.Repo,
    ref: str,
    paths: Sequence[str],
    catalog: Catalog,
    options: engine.ScanOptions,
) -> Scope:
    """Working-tree files changed since the merge-base, scanned whole, with the changed lines
    to keep. Untracked files (not ignored) are new, so every line of them counts."""
    base = merge_base(repo, ref)
    output = repo.run(
        "diff-index",
        "--raw",
        "--numstat",
        "-p",
        "-U0",
        "-z",
        "-M",
        "--no-abbrev",
        "--no-ext-diff",
        "--no-textconv",
        "--no-color",
        "--no-relative",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        base,
        "--",
        *paths,
    )
    skipped: list[FileResult] = []
    wanted: dict[bytes, frozenset[int] | None] = {}
    from linter import hunks  # only --diff reads hunks

    for change, lines in hunks.changed(output):
        display = display_path(repo.path(change.path), repo.cwd)
        skip = _not_content(change, display)
        if skip is not None:
            skipped.append(skip)
        elif lines is None or lines:
            wanted[change.path] = lines
    untracked = repo.run(
        "ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", *paths
    )
    for name in filter(None, untracked.split(b"\0")):
        wanted[name] = None
    names = [name for name in sorted(wanted) if not repo.path(name).is_symlink()]
    refs = [FileRef(repo.path(name), display_path(repo.path(name), repo.cwd)) for name in names]
    changed = {ref.display: wanted[name] for name, ref in zip(names, refs, strict=True)}
    scanned = list(tree_scan.scan_all(refs, catalog, options))
    return Scope(sorted(skipped + scanned, key=lambda r: r.path), changed)
