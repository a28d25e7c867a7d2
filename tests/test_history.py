"""`first-party-lint history` against real git repositories in temp dirs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from git_repo import Repo, located
from helpers import AZ_CLI, GRAPH_CLI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import engine, gitio, history
from linter.catalog import Catalog
from linter.findings import Scanned

CLIENT = f'CLIENT_ID = "{AZ_CLI}"\n'
OTHER = f'CLIENT_ID = "{GRAPH_CLI}"\n'
MESSAGE = f"Microsoft Azure CLI ({AZ_CLI}) used as client ID in CLIENT_ID"


def _day(n: int) -> str:
    return f"2026-01-0{n}T00:00:00Z"


@pytest.fixture
def story(tmp_path: Path) -> tuple[Repo, list[str]]:
    """Introduced in commit 2 (in two files sharing one blob), removed in 4, re-added
    elsewhere in 5."""
    repo = Repo(tmp_path / "repo", tmp_path)
    shas = []
    repo.write("README.md", "hello\n")
    shas.append(repo.commit("one", date=_day(1)))
    repo.write("a.py", "x = 1\n" + CLIENT)
    repo.write("copy.py", "x = 1\n" + CLIENT)  # the same blob as a.py
    shas.append(repo.commit("two", date=_day(2)))
    repo.write("b.txt", "unrelated\n")
    shas.append(repo.commit("three", date=_day(3)))
    repo.write("a.py", "x = 1\n")
    (repo.path / "copy.py").unlink()
    shas.append(repo.commit("four", date=_day(4)))
    repo.write("other.py", "y = 2\n" + CLIENT)
    shas.append(repo.commit("five", date=_day(5)))
    return repo, shas


def test_text_report_names_the_introducing_commit(story: tuple[Repo, list[str]]) -> None:
    repo, shas = story
    done = repo.run("history")
    assert done.returncode == 1, done.stderr  # errors in history fail, even removed ones
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        f"a.py:2:14: FPA001 {MESSAGE}",
        f"    introduced in {shas[1][:12]} on 2026-01-02 by Test <test@example.com>;"
        " not present at HEAD",
        f"copy.py:2:14: FPA001 {MESSAGE}",
        f"    introduced in {shas[1][:12]} on 2026-01-02 by Test <test@example.com>;"
        " not present at HEAD",
        f"other.py:2:14: FPA001 {MESSAGE}",
        f"    introduced in {shas[4][:12]} on 2026-01-05 by Test <test@example.com>;"
        " still present at HEAD",
        "history of all refs: 5 commits, 5 blobs scanned; 3 errors and 0 warnings"
        " (FPA001: 3), 1 still present at HEAD.",
    ]


def test_json_report(story: tuple[Repo, list[str]]) -> None:
    repo, shas = story
    code, doc = repo.json("history")
    assert code == 1
    assert located(doc, "commit", "at_head") == [
        ("a.py", 2, 14, "FPA001", "error", shas[1], False),
        ("copy.py", 2, 14, "FPA001", "error", shas[1], False),
        ("other.py", 2, 14, "FPA001", "error", shas[4], True),
    ]
    first = doc["findings"][0]
    assert {k: first[k] for k in ("author", "author_email", "date", "blob", "app_id")} == {
        "author": "Test",
        "author_email": "test@example.com",
        "date": "2026-01-02T00:00:00Z".replace("Z", "+00:00"),
        "blob": repo.git("rev-parse", f"{shas[1]}:a.py").strip(),
        "app_id": AZ_CLI,
    }
    # README, a.py = copy.py (one blob, two paths: scanned once), b.txt, a.py again, other.py
    assert (doc["commits_scanned"], doc["blobs_scanned"]) == (5, 5)
    assert (doc["range"], doc["head"], doc["shallow"]) == ("--all", shas[4], False)
    assert doc["summary"] == {"FPA001": 3}
    assert (doc["skipped"], doc["notes"], doc["errors"]) == ([], [], [])


def test_re_added_at_the_same_place_keeps_its_first_commit(
    story: tuple[Repo, list[str]],
) -> None:
    repo, shas = story
    repo.write("a.py", "x = 1\n\n" + CLIENT)  # moved down a line: the same finding
    repo.commit("six", date=_day(6))
    _, doc = repo.json("history", "a.py")
    assert located(doc, "commit", "at_head") == [("a.py", 2, 14, "FPA001", "error", shas[1], True)]


def test_since_limits_the_range(story: tuple[Repo, list[str]]) -> None:
    repo, shas = story
    code, doc = repo.json("history", "--since", shas[2])
    assert code == 1
    assert located(doc, "commit") == [("other.py", 2, 14, "FPA001", "error", shas[4])]
    assert (doc["range"], doc["commits_scanned"]) == (f"{shas[2]}..HEAD", 2)


def test_paths_restrict_the_scan(story: tuple[Repo, list[str]]) -> None:
    repo, shas = story
    _, doc = repo.json("history", "copy.py", "README.md")
    assert located(doc, "commit") == [("copy.py", 2, 14, "FPA001", "error", shas[1])]


def test_side_branch_and_merges(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", tmp_path)
    repo.write("base.py", "x = 1\n")
    repo.commit("base", date=_day(1))
    repo.git("checkout", "-q", "-b", "side")
    repo.write("side.py", CLIENT)
    side = repo.commit("on the side", date=_day(2))
    repo.git("checkout", "-q", "main")
    repo.write("main.py", "y = 2\n")
    repo.commit("on main", date=_day(3))
    repo.git("merge", "-q", "--no-commit", "side")
    repo.write("evil.py", OTHER)  # a change made in the merge commit itself
    merge = repo.commit("merge", date=_day(4))
    _, doc = repo.json("history")
    assert located(doc, "commit", "at_head") == [
        ("evil.py", 1, 14, "FPA001", "error", merge, True),
        ("side.py", 1, 14, "FPA001", "error", side, True),
    ]


def test_unmerged_branches_are_searched_too(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", tmp_path)
    repo.write("base.py", "x = 1\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "experiment")
    repo.write("try.py", CLIENT)
    tried = repo.commit("try")
    repo.git("checkout", "-q", "main")
    code, doc = repo.json("history")
    assert (code, located(doc, "commit", "at_head")) == (
        1,
        [("try.py", 1, 14, "FPA001", "error", tried, False)],
    )


def test_clean_history_exits_0_and_exit_zero(story: tuple[Repo, list[str]]) -> None:
    repo, _ = story
    assert repo.run("history", "README.md").returncode == 0
    assert repo.run("history", "--exit-zero").returncode == 0


def test_empty_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", tmp_path)
    done = repo.run("history")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "history of all refs: 0 commits, 0 blobs scanned;"
        " no Microsoft first-party app IDs in client positions.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("--since", "nope"),
            "--since nope: not a commit here (git: Needed a single revision)",
            id="bad-since",
        ),
        pytest.param(("--max-file-size", "-1"), "--max-file-size must be 0 or more"),
    ],
)
def test_usage_errors(story: tuple[Repo, list[str]], args: tuple[str, ...], message: str) -> None:
    done = story[0].run("history", *args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"first-party-lint: error: {message}\n"


def test_outside_a_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", tmp_path)
    repo.path = tmp_path
    done = repo.run("history")
    assert done.returncode == 2
    assert done.stderr == f"first-party-lint: error: not inside a git repository: {tmp_path}\n"


def test_shallow_clone_says_what_it_could_not_see(
    story: tuple[Repo, list[str]], tmp_path: Path
) -> None:
    repo, shas = story
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "3", repo.path.as_uri(), str(clone)],
        env=repo.env,
        check=True,
        capture_output=True,
    )
    repo.path = clone
    code, doc = repo.json("history")
    assert code == 1
    # commit 2 is beyond the boundary: the oldest commit seen (3) holds a.py's finding
    assert located(doc, "commit") == [
        ("a.py", 2, 14, "FPA001", "error", shas[2]),
        ("copy.py", 2, 14, "FPA001", "error", shas[2]),
        ("other.py", 2, 14, "FPA001", "error", shas[4]),
    ]
    assert doc["shallow"] is True
    assert doc["notes"][0]["note"].startswith("shallow clone: commits beyond the shallow")
    assert "shallow clone" in repo.run("history").stderr


def test_gitlinks_binary_and_oversized_blobs(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", tmp_path)
    repo.write("a.py", "x = 1\n")
    sha = repo.commit("one")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{sha},vendor/lib")
    repo.write("logo.png", b"\x89PNG\x00\x00" + CLIENT.encode())
    repo.write("big.py", "#" * 2000 + "\n" + CLIENT)
    repo.git("add", "logo.png", "big.py")
    repo.commit("two", add_all=False)
    code, doc = repo.json("history", "--max-file-size", "0.001")
    assert (code, doc["findings"], doc["binary_blobs"]) == (0, [], 1)
    assert doc["skipped"] == [
        {"path": "big.py", "reason": "larger than the size cap (0.0 MiB > 0.0 MiB)"}
    ]
    assert doc["notes"] == [
        {"path": "vendor/lib", "note": "submodule (gitlink): its history is not scanned"}
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="such names are not valid on Windows")
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        pytest.param("with space.py", "with space.py", id="space"),
        pytest.param("new\nline.py", "new\\nline.py", id="newline"),
        pytest.param(b"latin\xe9.py", "latin\\xe9.py", id="not-utf-8"),
    ],
)
def test_odd_file_names(tmp_path: Path, name: str | bytes, shown: str) -> None:
    repo = Repo(tmp_path / "repo", tmp_path)
    repo.write(name, CLIENT)
    sha = repo.commit("odd")
    _, doc = repo.json("history")
    assert located(doc, "commit", "at_head") == [(shown, 1, 14, "FPA001", "error", sha, True)]


def test_bare_mirror_clone(story: tuple[Repo, list[str]], tmp_path: Path) -> None:
    repo, shas = story
    mirror = tmp_path / "mirror.git"
    repo.git("clone", "-q", "--mirror", str(repo.path), str(mirror))
    repo.path = mirror
    _, doc = repo.json("history")
    assert [(path, commit) for path, *_, commit in located(doc, "commit")] == [
        ("a.py", shas[1]),
        ("copy.py", shas[1]),
        ("other.py", shas[4]),
    ]


def test_since_that_looks_like_an_option_is_not_one(story: tuple[Repo, list[str]]) -> None:
    repo, _ = story
    done = repo.run("history", "--since=--output=written.txt")
    assert done.returncode == 2
    assert not (repo.path / "written.txt").exists()
    assert not list(repo.path.glob("written*"))


_CONTENTS = ["x = 1\n", CLIENT, "x = 1\n" + CLIENT, OTHER + CLIENT, f"# {AZ_CLI}\n"]
_STEP = st.lists(
    st.tuples(st.sampled_from(["a.py", "b.py", "c.env"]), st.sampled_from([*_CONTENTS, None])),
    min_size=1,
    max_size=3,
)


@pytest.mark.slow
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(_STEP, min_size=1, max_size=5))
def test_introduced_is_the_oldest_commit_whose_tree_holds_the_finding(
    tmp_path_factory: pytest.TempPathFactory,
    catalog: Catalog,
    steps: list[list[tuple[str, str | None]]],
) -> None:
    """The walk agrees with brute force: every commit's whole tree scanned, oldest first."""
    base = tmp_path_factory.mktemp("prop")
    repo = Repo(base / "repo", base)
    shas = []
    for step in steps:
        for name, content in step:
            if content is None:
                (repo.path / name).unlink(missing_ok=True)
            else:
                repo.write(name, content)
        shas.append(repo.commit("step"))
    options = engine.ScanOptions()
    expected: dict[tuple[str, ...], str] = {}
    held: set[tuple[str, ...]] = set()
    for sha in shas:
        held = set()
        for line in repo.git("ls-tree", "-r", "--name-only", sha).splitlines():
            data = repo.git("cat-file", "blob", f"{sha}:{line}").encode()
            result = engine.scan_bytes(data, line, line, catalog, options)
            assert isinstance(result, Scanned)
            seen: dict[tuple[str, ...], int] = {}
            for f in sorted(result.findings, key=lambda f: f.sort_key):
                ident = (line, f.rule, f.app.app_id, f.context)
                seen[ident] = seen.get(ident, -1) + 1
                held.add((*ident, str(seen[ident])))
        for key in held:
            expected.setdefault(key, sha)
    walk = history.scan(gitio.open_repo(repo.path), None, [], catalog, options)
    got = {
        (*key[:4], str(key[4])): (item.commit.sha, item.at_head) for key, item in walk.found.items()
    }
    assert got == {key: (sha, key in held) for key, sha in expected.items()}
