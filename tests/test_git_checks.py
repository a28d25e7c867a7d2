"""`check --staged` and `check --diff REF` against real git repositories in temp dirs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from git_repo import Repo, located
from helpers import AZ_CLI, GRAPH_CLI, OFFICE

CLIENT = f'CLIENT_ID = "{AZ_CLI}"\n'
OTHER = f'CLIENT_ID = "{GRAPH_CLI}"\n'


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo", tmp_path)


# --- --staged --------------------------------------------------------------------------------


def test_staged_content_is_judged_not_the_working_tree(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.commit("clean")
    repo.write("a.py", "x = 1\n" + CLIENT)
    repo.git("add", "a.py")
    repo.write("a.py", "x = 1\n")  # edited back after staging: the commit still holds the ID
    code, doc = repo.json("check", "--staged")
    assert code == 1
    assert located(doc) == [("a.py", 2, 14, "FPA001", "error")]
    assert repo.run("check", "a.py").returncode == 0  # the working tree alone is clean


@pytest.mark.parametrize("mode", [("--staged",), ("--diff", "HEAD")], ids=["staged", "diff"])
def test_config_excludes_apply_to_files_git_names(repo: Repo, mode: tuple[str, ...]) -> None:
    """Regression: git-named files bypassed the walk, so `exclude` patterns were ignored."""
    repo.write("pyproject.toml", '[tool.first-party-lint]\nextend-exclude = ["fixtures/"]\n')
    repo.commit("config")
    repo.write("fixtures/sample.py", CLIENT)
    repo.write("src/app.py", OTHER)
    repo.git("add", "fixtures/sample.py", "src/app.py")
    code, doc = repo.json("check", *mode)
    assert code == 1
    assert located(doc) == [("src/app.py", 1, 14, "FPA001", "error")]


def test_diff_with_a_baseline_reports_a_new_copy_of_a_baselined_id(repo: Repo) -> None:
    """Regression: the --diff line filter ran before fingerprints, so the one new copy of a
    baselined ID was counted as occurrence 0, matched the baseline and vanished."""
    repo.write("a.py", CLIENT)
    repo.commit("base")
    assert repo.run("baseline").returncode == 0
    repo.git("add", ".first-party-lint-baseline.json")
    repo.commit("baseline")
    repo.write("a.py", CLIENT + "\n" + CLIENT)
    code, doc = repo.json(
        "check", "--diff", "HEAD", "--baseline", ".first-party-lint-baseline.json"
    )
    assert code == 1
    assert located(doc) == [("a.py", 3, 14, "FPA001", "error")]


def test_working_tree_edit_after_staging_clean_content_is_not_judged(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.git("add", "a.py")
    repo.write("a.py", CLIENT)  # not staged: not part of the commit
    code, doc = repo.json("check", "--staged")
    assert (code, doc["findings"], doc["files_scanned"]) == (0, [], 1)


def test_staged_scans_added_modified_renamed_but_not_deleted_or_unstaged(repo: Repo) -> None:
    repo.write("keep.py", CLIENT)
    repo.write("gone.py", CLIENT)
    repo.write("old.py", "x = 1\n" + CLIENT)
    repo.commit("base")
    repo.git("rm", "-q", "gone.py")
    repo.git("mv", "old.py", "new.py")
    repo.write("added.env", f"AZURE_CLIENT_ID={AZ_CLI}\n")
    repo.write("untracked.py", CLIENT)
    repo.git("add", "added.env")
    code, doc = repo.json("check", "--staged")
    assert code == 1
    assert located(doc) == [
        ("added.env", 1, 17, "FPA001", "error"),
        ("new.py", 2, 14, "FPA001", "error"),
    ]


def test_staged_paths_restrict_the_scan(repo: Repo) -> None:
    repo.write("src/a.py", CLIENT)
    repo.write("docs/b.py", CLIENT)
    repo.git("add", "-A")
    _, doc = repo.json("check", "--staged", "src")
    assert located(doc) == [("src/a.py", 1, 14, "FPA001", "error")]


def test_staged_in_a_repository_without_commits(repo: Repo) -> None:
    repo.write("a.py", CLIENT)
    repo.git("add", "a.py")
    code, doc = repo.json("check", "--staged")
    assert (code, located(doc)) == (1, [("a.py", 1, 14, "FPA001", "error")])


def test_staged_paths_are_relative_to_the_current_folder(repo: Repo) -> None:
    repo.write("src/a.py", CLIENT)
    repo.git("add", "-A")
    done = Repo.run(_inside(repo, "src"), "check", "--staged", "-q")
    assert done.stdout.startswith("a.py:1:14: FPA001"), done.stdout + done.stderr


def test_diff_from_a_subfolder(repo: Repo) -> None:
    repo.write("src/a.py", "x = 1\n")
    repo.commit("base")
    repo.write("src/a.py", "x = 1\n" + CLIENT)
    repo.write("src/new.py", OTHER)  # untracked
    repo.write("top.py", OTHER)  # outside the pathspec "."
    done = Repo.run(_inside(repo, "src"), "check", "-q", "--diff", "HEAD", ".")
    assert [line for line in done.stdout.splitlines() if not line.startswith(" ")] == [
        f"a.py:2:14: FPA001 Microsoft Azure CLI ({AZ_CLI}) used as client ID in CLIENT_ID",
        f"new.py:1:14: FPA001 Microsoft Graph Command Line Tools ({GRAPH_CLI}) used as client"
        " ID in CLIENT_ID",
    ]


def _inside(repo: Repo, folder: str) -> Repo:
    clone = object.__new__(Repo)
    clone.path, clone.env = repo.path / folder, repo.env
    return clone


def test_staged_gitlink_is_skipped_with_a_note(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    sha = repo.commit("one")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{sha},vendor/lib")
    code, doc = repo.json("check", "--staged")
    assert code == 0
    assert doc["skipped"] == [
        {
            "path": "vendor/lib",
            "reason": "submodule (gitlink): not scanned; run first-party-lint inside it",
        }
    ]


def test_staged_binary_blob_is_skipped_and_nul_laden_source_is_scanned(repo: Repo) -> None:
    repo.write("logo.png", b"\x89PNG\x00\x00" + CLIENT.encode())
    repo.write("odd.py", b"# \x00\n" + CLIENT.encode())
    repo.git("add", "-A")
    _, doc = repo.json("check", "--staged")
    assert located(doc) == [("odd.py", 2, 14, "FPA001", "error")]
    assert doc["skipped"] == [{"path": "logo.png", "reason": "binary"}]
    assert doc["notes"] == [{"path": "odd.py", "note": "contains NUL bytes; scanned as plain text"}]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_staged_symlink_is_listed_not_followed(repo: Repo) -> None:
    repo.write("real.py", "x = 1\n")
    (repo.path / "link.py").symlink_to("real.py")
    repo.git("add", "-A")
    code, doc = repo.json("check", "--staged")
    assert (code, doc["findings"]) == (0, [])
    assert doc["skipped"] == [
        {
            "path": "link.py",
            "reason": "symbolic link (git stores its target path, which is not scanned)",
        }
    ]


# --- --diff ----------------------------------------------------------------------------------


def _branch_point(repo: Repo) -> None:
    """main: base; feature branches off; main then gains a commit the diff must not see."""
    repo.write("app.py", "import os\n" + CLIENT + "y = 2\n")  # an old finding: not new
    repo.write("moved.py", "a = 1\n" + CLIENT)
    repo.write("deleted.py", CLIENT)
    repo.write("same.py", CLIENT)  # untouched: not scanned at all
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.git("checkout", "-q", "main")
    repo.write("main_only.py", CLIENT)
    repo.commit("main moves on")
    repo.git("checkout", "-q", "feature")


def test_diff_reports_only_lines_changed_since_the_merge_base(repo: Repo) -> None:
    _branch_point(repo)
    repo.write("app.py", "import os\n" + CLIENT + "y = 3\n" + OTHER)  # line 4 is new
    repo.git("mv", "moved.py", "renamed.py")  # its old finding stays old
    repo.write("renamed.py", "a = 1\n" + CLIENT + OTHER)
    repo.git("rm", "-q", "deleted.py")
    repo.write("new.env", f"AZURE_CLIENT_ID={OFFICE}\n")
    repo.commit("feature work")
    repo.write("wip.py", "x = 1\n" + CLIENT)  # untracked: every line is new
    code, doc = repo.json("check", "--diff", "main")
    assert code == 1
    assert located(doc, "app_id") == [
        ("app.py", 4, 14, "FPA001", "error", GRAPH_CLI),
        ("new.env", 1, 17, "FPA001", "error", OFFICE),
        ("renamed.py", 3, 14, "FPA001", "error", GRAPH_CLI),
        ("wip.py", 2, 14, "FPA001", "error", AZ_CLI),
    ]
    assert doc["files_scanned"] == 4  # not same.py, deleted.py nor main_only.py


def test_diff_counts_uncommitted_changes(repo: Repo) -> None:
    _branch_point(repo)
    repo.write("app.py", "import os\n" + CLIENT + "y = 2\n" + OTHER)
    assert located(repo.json("check", "--diff", "main")[1]) == [
        ("app.py", 4, 14, "FPA001", "error")
    ]
    repo.git("add", "app.py")  # staged only: still counted
    assert located(repo.json("check", "--diff", "main")[1]) == [
        ("app.py", 4, 14, "FPA001", "error")
    ]


def test_diff_of_a_pure_rename_and_a_deletion_is_clean(repo: Repo) -> None:
    _branch_point(repo)
    (repo.path / "elsewhere").mkdir()
    repo.git("mv", "moved.py", "elsewhere/moved.py")
    repo.git("rm", "-q", "deleted.py")
    code, doc = repo.json("check", "--diff", "main")
    assert (code, doc["findings"], doc["files_scanned"]) == (0, [], 0)


def test_diff_after_a_rebase_compares_with_the_new_base(repo: Repo) -> None:
    _branch_point(repo)
    repo.write("feature.py", OTHER)
    repo.commit("feature")
    repo.git("rebase", "-q", "main")  # main_only.py is now below the merge-base
    code, doc = repo.json("check", "--diff", "main")
    assert located(doc, "app_id") == [("feature.py", 1, 14, "FPA001", "error", GRAPH_CLI)]
    assert code == 1


def test_diff_gitlink_is_skipped_with_a_note(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    sha = repo.commit("one")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{sha},vendor/lib")
    repo.commit("two", add_all=False)
    (repo.path / "vendor" / "lib").mkdir(parents=True)  # as an uninitialised submodule is
    repo.write("a.py", "x = 1\n" + CLIENT)
    code, doc = repo.json("check", "--diff", "HEAD~1")
    assert (code, located(doc)) == (1, [("a.py", 2, 14, "FPA001", "error")])
    assert doc["skipped"] == [
        {
            "path": "vendor/lib",
            "reason": "submodule (gitlink): not scanned; run first-party-lint inside it",
        }
    ]


def test_diff_line_that_looks_like_a_file_header(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.commit("base")
    # Added lines beginning `++ ` print as `+++ ...` inside the -U0 patch.
    repo.write("a.py", "x = 1\n'''\n++ b/a.py\n'''\n" + CLIENT)
    _, doc = repo.json("check", "--diff", "HEAD")
    assert located(doc) == [("a.py", 5, 14, "FPA001", "error")]


def test_diff_binary_file_named_like_text_counts_every_line(repo: Repo) -> None:
    repo.write("blob.py", b"x = 1\x00\n")
    repo.commit("base")
    repo.write("blob.py", b"x = 2\x00\n" + CLIENT.encode())
    _, doc = repo.json("check", "--diff", "HEAD")
    assert located(doc) == [("blob.py", 2, 14, "FPA001", "error")]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        pytest.param("nope", "--diff nope: Not a valid object name nope", id="unknown"),
        pytest.param("-x", "--diff -x: Not a valid object name -x", id="option-like"),
    ],
)
def test_diff_bad_ref_is_exit_2_with_gits_reason(repo: Repo, ref: str, message: str) -> None:
    repo.write("a.py", "x = 1\n")
    repo.commit("one")
    done = repo.run("check", f"--diff={ref}")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"first-party-lint: error: {message}\n"


def test_diff_without_common_ancestor(repo: Repo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.commit("one")
    repo.git("checkout", "-q", "--orphan", "other")
    repo.commit("unrelated")
    done = repo.run("check", "--diff", "main")
    assert done.returncode == 2
    assert done.stderr == (
        "first-party-lint: error: --diff main: main and HEAD have no common ancestor\n"
    )


# --- both ------------------------------------------------------------------------------------

ODD = [
    pytest.param("with space.py", "with space.py", id="space"),
    pytest.param("tab\there.py", "tab\\there.py", id="tab"),
    pytest.param("new\nline.py", "new\\nline.py", id="newline"),
    pytest.param('quote"and\\slash.py', 'quote"and\\slash.py', id="quote-backslash"),
    pytest.param("ünï cödé.py", "ünï cödé.py", id="utf-8"),
    pytest.param(b"latin\xe9.py", "latin\\xe9.py", id="not-utf-8"),
]


@pytest.mark.skipif(sys.platform == "win32", reason="such names are not valid on Windows")
@pytest.mark.parametrize(("name", "shown"), ODD)
@pytest.mark.parametrize("mode", ["--staged", "--diff"])
def test_odd_file_names(repo: Repo, name: str | bytes, shown: str, mode: str) -> None:
    repo.write("base.py", "x = 1\n")
    repo.commit("base")
    repo.write(name, "x = 1\n" + CLIENT)
    repo.git("add", "-A")
    args = ["check", "--staged"] if mode == "--staged" else ["check", "--diff", "HEAD"]
    code, doc = repo.json(*args)
    assert (code, located(doc)) == (1, [(shown, 2, 14, "FPA001", "error")])


@pytest.mark.parametrize("mode", [["--staged"], ["--diff", "HEAD"]])
def test_outside_a_repository_is_exit_2(tmp_path: Path, mode: list[str]) -> None:
    outside = _inside(Repo(tmp_path / "r", tmp_path), "..")
    done = outside.run("check", *mode)
    assert done.returncode == 2
    assert done.stderr == f"first-party-lint: error: not inside a git repository: {tmp_path}\n"


def test_missing_git_is_exit_2(repo: Repo, tmp_path: Path) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    done = repo.run("check", "--staged", env={**repo.env, "PATH": str(empty)})
    assert done.returncode == 2
    assert done.stderr == (
        "first-party-lint: error: git is not installed or not on PATH "
        "(needed by --staged, --diff, history)\n"
    )


def test_staged_and_diff_together_is_a_usage_error(repo: Repo) -> None:
    done = repo.run("check", "--staged", "--diff", "HEAD")
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


def test_the_repository_is_never_written(repo: Repo) -> None:
    """`git diff` refreshes the index's stat cache when it may; these scans must not."""
    _branch_point(repo)
    repo.write("app.py", "import os\n" + CLIENT + "y = 2\n" + OTHER)
    os.utime(repo.path / "same.py", (1_000_000_000, 1_000_000_000))  # stale stat info
    index = (repo.path / ".git" / "index").read_bytes()
    before = sorted(p.relative_to(repo.path) for p in repo.path.rglob("*"))
    for args in (["--staged"], ["--diff", "main"]):
        assert repo.run("check", *args).returncode in (0, 1)
    assert repo.run("history").returncode == 1
    assert (repo.path / ".git" / "index").read_bytes() == index
    assert sorted(p.relative_to(repo.path) for p in repo.path.rglob("*")) == before


def test_diff_reports_the_fingerprints_of_a_whole_run(repo: Repo) -> None:
    """Occurrences are counted over every finding of a file, not over the changed lines
    alone: a --diff report's new copy of an ID has the fingerprint a full run gives it (what
    a baseline, and code scanning's partialFingerprints, match)."""
    repo.write("a.py", CLIENT)
    repo.commit("base")
    repo.write("a.py", CLIENT + "\n" + CLIENT)
    _, whole = repo.json("check", "a.py")
    _, diff = repo.json("check", "--diff", "HEAD")
    assert [f["line"] for f in diff["findings"]] == [3]
    by_line = {f["line"]: f["fingerprint"] for f in whole["findings"]}
    assert diff["findings"][0]["fingerprint"] == by_line[3] != by_line[1]
