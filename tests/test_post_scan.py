"""What `check` does after the scan costs (almost) nothing per clean file.

A large tree is thousands of files without an ID and a handful with one; every stage after
the scan (rule selection, suppressions, own-file skipping, fingerprints, baseline, the
report) must do its per-file work only for files that carry something. These tests count the
expensive calls (config lookups, path normalisation) over many clean files, so a stage that
goes back to asking about each file fails here, not only in a benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from helpers import AZ_CLI
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import allow_match, baseline, config, fingerprints, outputs, reporting, suppress
from linter.findings import (
    AllowEntry,
    App,
    FileResult,
    Finding,
    Location,
    Role,
    Scanned,
    Severity,
    Skipped,
)
from linter.report import FORMATTERS, Report

APP = App(AZ_CLI, "Microsoft Azure CLI", "", False, True)
FOLDERS = ("", "a/", "a/b/", "c/")


def clean(count: int = 400) -> list[FileResult]:
    """`count` clean files spread over FOLDERS, as a walk lists them (folder by folder)."""
    per = count // len(FOLDERS)
    return [Scanned(f"{folder}f{n}.py") for folder in FOLDERS for n in range(per)]


def finding(path: str, line: int = 1) -> Finding:
    where = Location(path, line, 1, 37)
    return Finding(where, "FPA001", Severity.ERROR, APP, Role.CLIENT, "client_id", AZ_CLI, "m")


def counting(seen: list[str], entries: Sequence[AllowEntry] = ()) -> suppress.AllowFor:
    def allow_for(path: str) -> Sequence[AllowEntry]:
        seen.append(path)
        return entries

    return allow_for


def test_allow_entries_are_asked_once_per_folder() -> None:
    asked: list[str] = []
    results = [*clean(), Scanned("a/hit.py", (finding("a/hit.py"),))]
    out = suppress.apply(results, counting(asked))
    folders = Counter(path[: path.rfind("/") + 1] for path in asked)
    # every folder once for the entries seen, and the file with a finding for its own judging
    assert folders == Counter({"": 1, "a/": 2, "a/b/": 1, "c/": 1})
    assert out == results


def test_a_file_at_the_root_and_one_here_are_different_folders() -> None:
    """`x` (the working folder) and `/x` (the root) share no folder: both configs are asked,
    and the expired entry only `/x`'s config holds is judged (FPA101)."""
    expired = AllowEntry(AZ_CLI, "old", expires=date(2020, 1, 1), root="/")
    entries = {"/x": [expired]}
    out = suppress.apply(
        [Scanned("x"), Scanned("/x")], lambda path: entries.get(path, []), today=date(2026, 1, 1)
    )
    assert [f.rule for r in out if isinstance(r, Scanned) for f in r.findings] == ["FPA101"]


def test_unused_entry_is_attached_without_making_every_path_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    made: list[str] = []
    absolute = allow_match.absolute

    def counted(path: str) -> str:
        made.append(path)
        return absolute(path)

    monkeypatch.setattr(allow_match, "absolute", counted)
    origin = Location("a/pyproject.toml", 3, 1, 1)
    unused = AllowEntry(AZ_CLI, "gone", root="a", origin=origin)
    results = [*clean(), Scanned("a/pyproject.toml")]
    out = suppress.apply(results, lambda _path: [unused], walked=["."])
    assert len(out) == len(results)  # attached to the config file's result, none added
    config_file = out[-1]
    assert isinstance(config_file, Scanned)
    assert [f.rule for f in config_file.findings] == ["FPA100"]
    assert not [p for p in made if p.endswith(".py")]


class CountingResolver(config.Resolver):
    def __init__(self, cwd: Path) -> None:
        super().__init__(config.Overrides(cwd=str(cwd)))
        self.asked: list[str] = []

    def for_path(self, path: str | Path) -> config.Config:
        self.asked.append(str(path))
        return super().for_path(path)


def test_rule_selection_looks_up_no_config_for_clean_files(tmp_path: Path) -> None:
    resolver = CountingResolver(tmp_path)
    results = [*clean(), Scanned("a/hit.py", (finding("a/hit.py"),))]
    assert resolver.select_rules(results) == results
    assert resolver.asked == ["a/hit.py"]


def namespace(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**{"command": "check", "output": None, "baseline": None, **given})


@pytest.mark.parametrize("allow", [False, True])
def test_clean_files_folders_are_looked_up_only_when_an_allow_entry_was_read(
    tmp_path: Path, allow: bool
) -> None:
    """The clean files matter to the suppression stage only through their configs' `allow`
    entries (one unused is an FPA100): with none read in the run, their folders are not
    looked up, one by one (most of the stage on a large tree)."""
    table = f'[[allow]]\nid = "{AZ_CLI}"\npaths = ["nowhere/*"]\nreason = "r"\n'
    table = table if allow else 'select = ["ALL"]\n'
    (tmp_path / ".first-party-lint.toml").write_text(table)
    resolver = CountingResolver(tmp_path)
    resolver.run  # noqa: B018 (the run's config, read as the CLI reads it first)
    hit = Scanned("a/hit.py", (finding("a/hit.py"),))
    names = [result.path for result in clean()]
    args = namespace(require_reason=False, shard=None)
    out = reporting.suppressed(args, resolver, [hit], ["."], names)
    asked = {path[: path.rfind("/") + 1] for path in resolver.asked}
    assert asked == ({"", "a/", "a/b/", "c/"} if allow else {"a/"})
    rules = [f.rule for r in out if isinstance(r, Scanned) for f in r.findings]
    assert rules == (["FPA001", "FPA100"] if allow else ["FPA001"])


def test_own_files_are_compared_only_when_the_name_matches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[tuple[str, str]] = []

    def same_file(a: str, b: str) -> bool:
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(outputs, "_same_file", same_file)
    results = [*clean(), Scanned("c/report.sarif"), Scanned(f"a/{baseline.DEFAULT_FILE}")]
    staged = outputs.after_scan(namespace(output="c/report.sarif"), results)
    kept: list[FileResult] = staged["results"]
    assert compared == [("c/report.sarif", "c/report.sarif")]
    assert [r.path for r in kept if isinstance(r, Skipped)] == [
        "c/report.sarif",
        f"a/{baseline.DEFAULT_FILE}",
    ]
    assert len(kept) == len(results)


def test_baseline_makes_relative_only_the_paths_named_like_a_stale_entry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    hit = Scanned("a/hit.py", (finding("a/hit.py"),))
    recorded = baseline.render([hit], str(tmp_path))
    document = json.loads(recorded)
    document["findings"].append({"fingerprint": "0" * 32, "path": "c/f3.py"})  # fixed since
    (tmp_path / "b.json").write_text(json.dumps(document), encoding="utf-8")
    made: list[str] = []
    relative = fingerprints.relative_path

    def counted(path: str, root: str | None) -> str:
        made.append(path)
        return relative(path, root)

    monkeypatch.setattr(fingerprints, "relative_path", counted)
    applied = baseline.apply([*clean(), hit], "b.json")
    assert (applied.baselined, applied.stale) == (1, 1)
    # the finding's fingerprint, and the files named like the stale entry (one per folder)
    assert sorted(made) == ["a/b/f3.py", "a/f3.py", "a/hit.py", "c/f3.py", "f3.py"]


def test_report_sorts_its_parts_once_and_counts_clean_files() -> None:
    results = [
        *clean(),
        Scanned("b/notes.json", notes=("parsed as text (json: broken)",)),
        Skipped("z.bin", "binary"),
        Skipped("a.bin", "binary"),
        Scanned("a/hit.py", (finding("a/hit.py"),)),
    ]
    report = Report(results, "0", "catalog", "remediation")
    assert report.files_scanned == len(results) - 2
    assert report.skipped is report.skipped  # computed once, not on every call
    assert [s.path for s in report.skipped] == ["a.bin", "z.bin"]
    assert report.notes == [("b/notes.json", "parsed as text (json: broken)")]
    assert report.carrying == [results[-4], results[-1]]
    assert len(report.scanned) == report.files_scanned
    text = FORMATTERS["text"](report)
    assert f"{report.files_scanned} files scanned" in text
    assert json.loads(FORMATTERS["json"](report))["files_scanned"] == report.files_scanned
    sarif = json.loads(FORMATTERS["sarif"](report))
    assert sarif["runs"][0]["properties"]["filesScanned"] == report.files_scanned


class CountingFilter:
    """discovery.Filter excluding the folder `skip/`, counting the folders it is asked about."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.folders: list[str] = []

    def excluded(self, path: str, is_dir: bool) -> bool:
        if is_dir:
            self.folders.append(path)
        return is_dir and path.endswith("/skip")

    def respect_gitignore(self, folder: str) -> bool:
        return True

    def project_root(self, path: str) -> str:
        return self.root


def test_git_scopes_judge_each_folder_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from linter import gitscan

    monkeypatch.chdir(tmp_path)
    judge = CountingFilter(str(tmp_path))
    results: list[FileResult] = [Scanned(f"a/b/f{n}.py") for n in range(50)]
    results += [Scanned(f"skip/f{n}.py") for n in range(50)]
    kept = gitscan.not_excluded(results, judge)
    assert kept == results[:50]
    assert Counter(judge.folders) == Counter(
        {str(tmp_path / "a/b"): 1, str(tmp_path / "a"): 1, str(tmp_path / "skip"): 1}
    )


def test_allow_entries_are_matched_once_per_app_and_path_of_a_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A data file with thousands of IDs of a few apps: each (app, path) asks the entries
    once, and every finding still goes where the entry that matches it says."""
    other = App("00000003-0000-0000-c000-000000000000", "Microsoft Graph", "", True, False)
    asked: list[tuple[str, str]] = []
    matches = allow_match.matches

    def counted(entry: AllowEntry, found: Finding) -> bool:
        asked.append((entry.app, found.app.app_id))
        return matches(entry, found)

    monkeypatch.setattr(allow_match, "matches", counted)
    mixed = tuple(
        finding("d/data.json", n)._replace(app=APP if n % 3 else other) for n in range(1, 301)
    )
    entries = [AllowEntry(other.app_id, "graph is fine"), AllowEntry("azure cli", "also fine")]
    out = suppress.apply([Scanned("d/data.json", mixed)], lambda _path: entries)
    (result,) = out
    assert isinstance(result, Scanned)
    assert not result.findings
    assert [s.finding for s in result.suppressed] == list(mixed)
    assert {s.justification for s in result.suppressed if s.finding.app == other} == {
        "graph is fine"
    }
    assert {s.justification for s in result.suppressed if s.finding.app == APP} == {"also fine"}
    assert len(asked) <= 3  # (graph: 1) + (azure cli: the first entry, then the second)


def test_a_file_nothing_can_suppress_is_passed_on_as_it_is() -> None:
    hit = Scanned("a/hit.py", tuple(finding("a/hit.py", n) for n in range(1, 50)))
    (out,) = suppress.apply([hit])
    assert out is hit


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b c", ".", "..", "", "...", ".x", "é"]), max_size=5),
    st.sampled_from(["/", "/w", "/w/", "/w/./v", "/w/x/..", "rel"]),
)
def test_the_folder_of_a_path_is_what_abspath_makes_of_it(parts: list[str], cwd: str) -> None:
    """`for_path` joins the working folder and a plain relative path without `abspath`; any
    other path (and any working folder not already normal) still goes through it."""
    path = "/".join(parts)
    resolver = config.Resolver(config.Overrides(cwd=cwd))
    expected = os.path.dirname(os.path.abspath(os.path.join(cwd, path)))  # noqa: PTH100, PTH118, PTH120
    assert resolver._absolute_folder(path, os.path.dirname(path)) == expected  # noqa: PTH120


def test_the_joined_search_for_own_files_misses_no_path() -> None:
    """`_any_ends` may say yes wrongly (then every path is asked), never no wrongly."""
    results: list[FileResult] = [Scanned("a/x.sarif"), Skipped("b/c\nd.json", "binary")]
    assert outputs._any_ends(results, ("x.sarif",))
    assert outputs._any_ends(results, ("c",))  # the newline inside a path: a harmless yes
    assert outputs._any_ends(results, ("",))  # `--output dir/`: every path ends with ""
    assert not outputs._any_ends(results, ("y.sarif", baseline.DEFAULT_FILE))
    assert not outputs._any_ends([], ("x",))


def test_fingerprints_are_computed_only_for_a_format_that_shows_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    computed: list[int] = []
    of_results = fingerprints.of_results

    def counted(results: Sequence[FileResult], root: str | None = None) -> dict[Finding, str]:
        computed.append(len(results))
        return of_results(results, root)

    monkeypatch.setattr(fingerprints, "of_results", counted)
    hit = Scanned("a/hit.py", (finding("a/hit.py"),))
    results = [*clean(), hit]
    staged = outputs.after_scan(namespace(), results)
    report = Report(tool_version="1", catalog_version="1", remediation="r", **staged)
    for fmt in ("text", "github", "junit"):
        FORMATTERS[fmt](report)
    assert computed == []
    document = json.loads(FORMATTERS["json"](report))
    FORMATTERS["sarif"](report)
    # Once, over the results that hold findings (the same fingerprints as over all of them).
    assert computed == [1]
    expected = of_results(results)[hit.findings[0]]
    assert document["findings"][0]["fingerprint"] == expected


def test_findings_about_suppressions_follow_the_selection_of_their_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """FPA100 is selected after the suppression stage adds it, by the config of the file it
    lands in: ignored at the root (an unused comment, an unused `allow` entry of the root's
    config), reported in a folder whose config selects everything."""
    (tmp_path / ".first-party-lint.toml").write_text(
        f'ignore = ["FPA100"]\n[[allow]]\nid = "{AZ_CLI}"\nreason = "old"\n'
    )
    comment = "x = 1  # first-party-lint: ignore[FPA001] not here\n"
    (tmp_path / "a.py").write_text(comment)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".first-party-lint.toml").write_text('select = ["ALL"]\n')
    (tmp_path / "sub" / "b.py").write_text(comment)
    monkeypatch.chdir(tmp_path)
    from linter import cli

    assert cli.main(["check", "--no-cache", "--format", "json", "."]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["path"], f["rule"]) for f in found] == [("sub/b.py", "FPA100")]


def test_a_file_in_the_root_folder_is_not_one_in_the_working_folder(tmp_path: Path) -> None:
    """`x` and `/x` have the same text before their last `/` (none): `for_path` must not
    give one the config of the other, whichever is asked first."""
    (tmp_path / ".first-party-lint.toml").write_text('select = ["FPA001"]\n')
    for first, second in (("x", "/x"), ("/x", "x")):
        resolver = config.Resolver(config.Overrides(cwd=str(tmp_path)))
        answers = {path: resolver.for_path(path) for path in (first, second)}
        assert answers["x"].path == str(tmp_path / ".first-party-lint.toml")
        assert answers["/x"] == config.Resolver(config.Overrides(cwd=str(tmp_path))).for_folder("/")
