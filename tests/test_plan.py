"""A run's files cut into units (linter.plan): the units in order list exactly what one walk
lists, whatever the cut, in a plain folder and in a repository; and a run that reports from
the compact form (results that carry something, names of the clean files) reports what the
full list of results reports."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from git_env import git, use_git_env
from helpers import AZ_CLI, GRAPH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import cli, discovery, plan, sweep_workers
from linter.findings import Skipped

NAME = st.text(alphabet="ab-._B1", min_size=1, max_size=3).filter(lambda n: n not in {".", ".."})
KIND = st.sampled_from(["file", "file", "file", "file", "link", "venv", "skipped-dir", "ignored"])
SYMLINKS = sys.platform != "win32"


def build(root: Path, entries: list[tuple[list[str], str]]) -> None:
    """Files in nested folders, with links, a virtual environment, a folder the defaults
    exclude and a file a `.gitignore` ignores."""
    made: set[str] = set()
    for parts, kind in entries:
        name = "/".join(parts)
        if any(name.startswith(m + "/") or m.startswith(name + "/") or m == name for m in made):
            continue
        made.add(name)
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "link" and SYMLINKS:
            target.symlink_to(root)
        elif kind == "venv":
            target.mkdir()
            (target / "pyvenv.cfg").write_text("home = /usr\n")
            (target / "lib.py").write_text("")
        elif kind == "skipped-dir":
            (target / "node_modules").mkdir(parents=True)
            (target / "node_modules" / "x.js").write_text("")
        elif kind == "ignored":
            target.write_text("")
            (target.parent / ".gitignore").write_text(f"{parts[-1]}\n")
        else:
            target.write_text("")


def listing(items: Iterable[discovery.FileRef | Skipped]) -> list[tuple[str, str]]:
    return [
        ("skip", f"{i.path}: {i.reason}")
        if isinstance(i, Skipped)
        else ("file", f"{i.file} as {i.display}")
        for i in items
    ]


ENTRIES = st.lists(
    st.tuples(st.lists(NAME, min_size=1, max_size=4), KIND),
    min_size=1,
    max_size=14,
    unique_by=lambda entry: tuple(entry[0]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=ENTRIES, want=st.sampled_from([1, 2, 3, 64]), chunk=st.sampled_from([1, 2, 256]))
def test_a_folder_s_units_list_what_one_walk_lists(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    entries: list[tuple[list[str], str]],
    want: int,
    chunk: int,
) -> None:
    """Cut into `want` subtrees, each folder's own files in units of `chunk`: the same files,
    skips, report names and order as `discovery.iter_files`, and the count when known."""
    monkeypatch.setattr(plan, "CHUNK", chunk)
    base = tmp_path_factory.mktemp("plan")
    root = base / "tree"
    root.mkdir()
    build(root, entries)
    for named in (root, root / entries[0][0][0]):
        if not named.is_dir() or named.is_symlink():
            continue
        made = plan.of_paths([named], cwd=base, want=want)
        walked = listing(discovery.iter_files([named], cwd=base))
        assert listing(made) == walked
        assert made.known in (None, sum(1 for kind, _ in walked if kind == "file"))
        assert listing(made) == walked  # a plan can be listed again: units are not used up


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=ENTRIES, want=st.sampled_from([1, 3, 64]))
def test_a_repository_s_units_list_what_git_mode_lists(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    entries: list[tuple[list[str], str]],
    want: int,
) -> None:
    """Inside a repository the units are slices of git's list: the same files as one pass
    over it (tracked and untracked, ignored ones left out)."""
    base = tmp_path_factory.mktemp("repo")
    root = base / "tree"
    root.mkdir()
    env = use_git_env(monkeypatch, base)
    git(root, "init", "-q", env=env)
    build(root, entries)
    git(root, "add", "-A", env=env)
    made = plan.of_paths([root], cwd=base, want=want)
    assert listing(made) == listing(discovery.iter_files([root], cwd=base))
    assert made.known is not None


def test_a_flat_folder_is_cut_into_units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a folder of files and no subfolder was one unit, so no worker had any."""
    monkeypatch.setattr(plan, "CHUNK", 4)
    for number in range(10):
        (tmp_path / f"f{number}.py").write_text("")
    made = plan.of_paths([tmp_path], cwd=tmp_path)
    assert [len(made.listing(n)[0]) for n in range(len(made.units))] == [4, 4, 2]
    assert made.known == 10


def test_named_files_are_listed_first(tmp_path: Path) -> None:
    """Files named one by one (pre-commit) are listed as `iter_files` lists them, then cut."""
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("")
    named = [tmp_path / "b.py", tmp_path / "a.py", tmp_path / "b.py"]
    made = plan.of_paths(named, cwd=tmp_path)
    assert [ref.display for ref in made] == ["b.py", "a.py"]  # type: ignore[union-attr]
    assert made.known == 2


# The compact form of a run's results (tree_scan.scan_tree): each case is a tree where a
# clean file matters to the report, run with and without workers.
CONFIG_ALLOW_UNUSED = """
[[allow]]
name = "Microsoft Azure CLI"
paths = ["nowhere/*.py"]
reason = "matches nothing: FPA100 on this config file, which holds no ID (swept clean)"
"""


def _report(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> dict[str, Any]:
    """The JSON report of `check` run in `tree` (written to stdout, or to `-o`'s file)."""
    monkeypatch.chdir(tree)
    code = cli.main(["check", "--no-cache", "--format", "json", *args])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    text = (tree / args[args.index("-o") + 1]).read_text() if "-o" in args else out
    document = json.loads(text)
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_a_clean_config_file_gets_the_findings_about_its_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    (tmp_path / ".first-party-lint.toml").write_text(CONFIG_ALLOW_UNUSED)
    (tmp_path / "a.py").write_text("x = 1\n")
    report = _report(tmp_path, monkeypatch, capsys, jobs)
    assert report["files_scanned"] == 2
    found = report["findings"]
    assert isinstance(found, list)
    assert [(f["path"], f["rule"]) for f in found] == [(".first-party-lint.toml", "FPA100")]


@pytest.mark.skipif(not sweep_workers.can_fork(), reason="workers are forked on Linux only")
def test_an_allow_entry_only_a_worker_read_is_still_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The suppression stage looks up the clean files' configs only when a config with
    `allow` entries was read in the run; a worker that read one says so. Here the worker walks
    every unit (this process takes none) and the config sits in a folder the plan's cut never
    listed: only the worker's word makes its unused entry an FPA100."""
    for number in range(plan.UNITS):  # enough first-level folders: the cut lists no deeper
        (tmp_path / f"d{number:02}").mkdir()
        (tmp_path / f"d{number:02}" / "x.py").write_text("x = 1\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".first-party-lint.toml").write_text(CONFIG_ALLOW_UNUSED)
    (tmp_path / "sub" / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 1)
    monkeypatch.setattr(sweep_workers, "claim", lambda queue: None)
    report = _report(tmp_path, monkeypatch, capsys, "-j2")
    assert report["files_scanned"] == plan.UNITS + 2
    found = [(f["path"], f["rule"]) for f in report["findings"]]
    assert found == [("sub/.first-party-lint.toml", "FPA100")]


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_a_clean_report_file_of_this_run_is_skipped_not_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "out.json").write_text("{}\n")
    report = _report(tmp_path, monkeypatch, capsys, jobs, "-o", "out.json")
    assert report["files_scanned"] == 1
    assert [s["path"] for s in report["skipped"]] == ["out.json"]


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_a_baseline_entry_for_a_file_now_clean_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    (tmp_path / "a.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    (tmp_path / "b.py").write_text(f'SCOPE = "{GRAPH}/.default"\n')
    monkeypatch.chdir(tmp_path)
    assert cli.main(["baseline", "--no-cache", "-q", "."]) == 0
    capsys.readouterr()
    (tmp_path / "a.py").write_text("CLIENT_ID = None  # fixed\n")
    report = _report(
        tmp_path, monkeypatch, capsys, jobs, "--baseline", ".first-party-lint-baseline.json"
    )
    assert report["findings"] == []
    assert report["stale_baseline_entries"] == 1


def test_a_plan_never_has_more_units_than_the_queue_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unit numbers are queued in one pipe before any process reads it: past `plan.MOST`,
    neighbouring units are joined (order, skips and report names kept). Regression: a long
    enough list of named files made more numbers than a pipe holds, and the write never
    returned."""
    monkeypatch.setattr(plan, "MOST", 3)
    refs: list[discovery.FileRef | Skipped] = []
    for number in range(10):
        (tmp_path / f"f{number}.py").write_text("")
        refs.append(discovery.FileRef(tmp_path / f"f{number}.py", f"f{number}.py"))
        if number % 4 == 1:
            refs.append(Skipped(f"link{number}", "symbolic link not followed"))
    made = plan.Plan.of(refs, 1)
    assert len(made.units) == 3
    assert listing(made) == listing(refs)
