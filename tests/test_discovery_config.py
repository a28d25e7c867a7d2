"""Which files a configured run scans: excludes, --force-exclude, .gitignore in and out of git."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from git_env import git, git_env, use_git_env
from helpers import AZ_CLI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import cli, discovery, git_files, ignore_rules
from linter.config import Overrides, Resolver
from linter.findings import Skipped

CLIENT = f'CLIENT_ID = "{AZ_CLI}"\n'


def scanned(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch, capsys) -> list[str]:
    """Paths with a finding (every test file holds one), via the real CLI in-process."""
    monkeypatch.chdir(cwd)
    code = cli.main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return sorted(f["path"] for f in json.loads(out)["findings"])


def tree(root: Path, *names: str) -> Path:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(CLIENT)
    return root


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A real repository in a temp folder, with hermetic git settings for every git call."""
    env = use_git_env(monkeypatch, tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", env=env)

    def run(*args: str) -> str:
        return git(repo, *args, env=env)

    return repo, run


@pytest.mark.parametrize(
    ("config", "flags", "expected"),
    [
        pytest.param("", (), ["a.py", "src/gen/g.py", "src/s.py"], id="defaults"),
        pytest.param('extend-exclude = ["gen/"]', (), ["a.py", "src/s.py"], id="extend"),
        pytest.param(
            'extend-exclude = ["/gen/"]',
            (),
            ["a.py", "src/gen/g.py", "src/s.py"],
            id="anchored-elsewhere",
        ),
        pytest.param('extend-exclude = ["/src/gen/"]', (), ["a.py", "src/s.py"], id="anchored"),
        pytest.param('extend-exclude = ["*.py", "!a.py"]', (), ["a.py"], id="negation"),
        pytest.param(
            'exclude = ["src/"]',
            (),
            ["a.py", "build/b.py", "node_modules/n.py"],
            id="exclude-replaces-defaults",
        ),
        pytest.param("", ("--extend-exclude", "src/s.py,a.py"), ["src/gen/g.py"], id="flag"),
        pytest.param(
            'exclude = ["src/"]',
            ("--exclude", "a.py"),
            ["build/b.py", "node_modules/n.py", "src/gen/g.py", "src/s.py"],
            id="flag-replaces-config",
        ),
    ],
)
def test_exclude_and_extend_exclude(tmp_path, config, flags, expected, monkeypatch, capsys):
    tree(tmp_path, "a.py", "src/s.py", "src/gen/g.py", "build/b.py", "node_modules/n.py")
    tree(tmp_path, ".git/x.py", "env/lib.py")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n")  # always skipped
    (tmp_path / ".first-party-lint.toml").write_text(config + "\n")
    assert scanned(tmp_path, *flags, monkeypatch=monkeypatch, capsys=capsys) == expected


def test_named_files_are_scanned_unless_force_exclude(tmp_path, monkeypatch, capsys) -> None:
    tree(tmp_path, "gen/g.py", "keep.py", "build/b.py", "deep/gen/x/y.py")
    (tmp_path / "pyproject.toml").write_text('[tool.first-party-lint]\nextend-exclude=["gen/"]\n')
    names = ("gen/g.py", "keep.py", "build/b.py", "deep/gen/x/y.py")
    assert scanned(tmp_path, *names, monkeypatch=monkeypatch, capsys=capsys) == sorted(names)
    forced = scanned(tmp_path, "--force-exclude", *names, monkeypatch=monkeypatch, capsys=capsys)
    assert forced == ["keep.py"]


def test_a_named_folder_below_an_excluded_one_is_walked(tmp_path, monkeypatch, capsys) -> None:
    """As in ruff: excludes judge what a walk meets, not the folders the user named."""
    tree(tmp_path, "build/sub/a.py")
    assert scanned(tmp_path, "build/sub", monkeypatch=monkeypatch, capsys=capsys) == [
        "build/sub/a.py"
    ]


def test_force_exclude_looks_no_higher_than_the_project(tmp_path, monkeypatch, capsys) -> None:
    """A project that lives in a folder named `build` is not excluded by the default `build/`."""
    project = tree(tmp_path / "build" / "project", "a.py")
    (project / ".first-party-lint.toml").write_text("")
    found = scanned(project, "--force-exclude", "a.py", monkeypatch=monkeypatch, capsys=capsys)
    assert found == ["a.py"]
    assert scanned(project, monkeypatch=monkeypatch, capsys=capsys) == ["a.py"]


def test_git_lists_what_git_considers_the_project(git_repo, monkeypatch, capsys) -> None:
    repo, run = git_repo
    tree(repo, "tracked.py", "untracked.py", "out/gen.py", "debug.log", "secret/x.py", "k.log")
    tree(repo, ".github/workflows/ci.py", ".env.local", "staged-then-deleted.py")
    (repo / ".gitignore").write_text("out/\n*.log\n")
    (repo / ".git" / "info" / "exclude").write_text("secret/\n")
    run("add", "tracked.py", ".gitignore", "staged-then-deleted.py")
    run("add", "-f", "k.log")  # tracked although ignored: part of the project
    (repo / "staged-then-deleted.py").unlink()
    expected = [".env.local", ".github/workflows/ci.py", "k.log", "tracked.py", "untracked.py"]
    assert scanned(repo, monkeypatch=monkeypatch, capsys=capsys) == expected
    everything = scanned(repo, "--no-respect-gitignore", monkeypatch=monkeypatch, capsys=capsys)
    assert everything == sorted([*expected, "debug.log", "out/gen.py", "secret/x.py"])
    (repo / ".first-party-lint.toml").write_text("respect-gitignore = false\n")
    assert scanned(repo, monkeypatch=monkeypatch, capsys=capsys) == everything
    flag = scanned(repo, "--respect-gitignore", monkeypatch=monkeypatch, capsys=capsys)
    assert flag == expected  # the flag over the config


def test_git_mode_keeps_the_walks_guarantees(git_repo, monkeypatch, capsys) -> None:
    repo, run = git_repo
    tree(repo, "a.py", "node_modules/n.py", "venv2/lib.py", "sub/.venv/x.py", "build/b.py")
    (repo / "venv2" / "pyvenv.cfg").write_text("home = /usr\n")
    (repo / "sub" / ".first-party-lint.toml").write_text('extend-exclude = ["b.py"]\n')
    tree(repo, "sub/b.py", "sub/c.py")
    run("add", "-A")
    run("commit", "-q", "-m", "committed, venv and node_modules included")
    assert scanned(repo, monkeypatch=monkeypatch, capsys=capsys) == ["a.py", "sub/c.py"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_git_mode_notes_symlinks_and_walks_submodule_folders(git_repo, monkeypatch, capsys):
    repo, _run = git_repo
    tree(repo, "a.py", "nested/inner.py")
    (repo / "link.py").symlink_to(repo / "a.py")
    inner = repo / "nested"
    git(inner, "init", "-q", env=git_env(repo.parent))
    monkeypatch.chdir(repo)
    code = cli.main(["check", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert sorted(f["path"] for f in doc["findings"]) == ["a.py", "nested/inner.py"]
    assert [s["path"] for s in doc["skipped"]] == ["link.py"]


def test_a_named_folder_that_git_ignores_is_noted(git_repo, monkeypatch, capsys) -> None:
    repo, _ = git_repo
    tree(repo, "out/gen.py")
    (repo / ".gitignore").write_text("out/\n")
    monkeypatch.chdir(repo)
    assert cli.main(["check", "out"]) == 0
    err = capsys.readouterr().err
    assert "out: skipped, folder ignored by git (--no-respect-gitignore scans it)" in err


def test_gitignore_outside_a_repository(tmp_path, monkeypatch, capsys) -> None:
    tree(tmp_path, "a.py", "out/gen.py", "docs/x.log", "docs/keep.log", "docs/sub/y.log")
    (tmp_path / ".gitignore").write_text("out/\n*.log\n")
    (tmp_path / "docs" / ".gitignore").write_text("!keep.log\n")
    found = scanned(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert found == ["a.py", "docs/keep.log"]
    everything = scanned(tmp_path, "--no-respect-gitignore", monkeypatch=monkeypatch, capsys=capsys)
    assert everything == ["a.py", "docs/keep.log", "docs/sub/y.log", "docs/x.log", "out/gen.py"]


def test_git_order_is_the_walk_order(git_repo) -> None:
    repo, _run = git_repo
    names = ["b.py", "a-b/x.py", "a/z.py", "a/b/c.py", "a/a.py", "A.py", "a.txt", "a/b.py"]
    tree(repo, *names)
    rules = discovery.DefaultFilter(str(repo))
    walked = [Path(p) for p in discovery.walk(repo, rules) if not isinstance(p, Skipped)]
    via_git = [Path(p) for p in discovery.files_below(repo, rules) if not isinstance(p, Skipped)]
    assert [p.relative_to(repo).as_posix() for p in via_git] == [
        p.relative_to(repo).as_posix() for p in walked
    ]


NAME = st.text(alphabet="ab-._B1", min_size=1, max_size=4).filter(lambda n: n not in {".", ".."})


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(NAME, min_size=1, max_size=3), min_size=1, max_size=8, unique_by=tuple))
def test_walk_order_key_matches_the_walk(tmp_path_factory, paths) -> None:
    root = tmp_path_factory.mktemp("order")
    made = set()
    for parts in paths:
        target = root.joinpath(*parts)
        if any(root.joinpath(*parts[:i]).is_file() for i in range(1, len(parts) + 1)) or any(
            m.startswith("/".join(parts) + "/") for m in made
        ):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("")
        made.add("/".join(parts))
    rules = discovery.DefaultFilter(str(root))
    walked = [
        Path(p).relative_to(root).as_posix()
        for p in discovery.walk(root, rules)
        if not isinstance(p, Skipped)
    ]
    assert walked == sorted(made, key=git_files.walk_order)


KIND = st.sampled_from(["file", "file", "file", "link-in", "link-out", "link-dir", "staged-gone"])


def _listing(root: Path, items: list[str | Skipped]) -> list[tuple[str, str]]:
    return [
        ("skip", Path(i.path).relative_to(root).as_posix() + ": " + i.reason)
        if isinstance(i, Skipped)
        else ("file", Path(i).relative_to(root).as_posix())
        for i in items
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
@pytest.mark.parametrize("alone", [1, 3])
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.lists(NAME, min_size=1, max_size=3), KIND),
        min_size=1,
        max_size=10,
        unique_by=lambda p: tuple(p[0]),
    )
)
def test_git_mode_lists_what_the_walk_lists(tmp_path_factory, monkeypatch, alone, entries) -> None:
    """Inside a repository with nothing ignored, git's listing (one folder listing per folder
    from the `alone`th name on, not a system call per file) gives the walk's files, links and
    order: tracked and untracked files, links inside and outside the tree, a link to a folder,
    a file staged and then deleted (git still names it; it is gone, so neither lists it)."""
    base = tmp_path_factory.mktemp("gitmode")
    root, outside = base / "repo", base / "outside.py"
    root.mkdir()
    outside.write_text("")
    env = use_git_env(monkeypatch, base)
    git(root, "init", "-q", env=env)
    made: set[str] = set()
    gone = []
    for parts, kind in entries:
        name = "/".join(parts)
        if any(name.startswith(m + "/") or m.startswith(name + "/") for m in made) or any(
            "/".join(parts[:i]) in made for i in range(1, len(parts))
        ):
            continue
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(name)
        if kind == "link-in":
            target.symlink_to(root / ".git" / "HEAD")
        elif kind == "link-out":
            target.symlink_to(outside)
        elif kind == "link-dir":
            target.symlink_to(base)
        else:
            target.write_text("")
            if kind == "staged-gone":
                gone.append(target)
    git(root, "add", "-A", env=env)
    for target in gone:
        target.unlink()
    rules = discovery.DefaultFilter(str(root))
    monkeypatch.setattr(git_files, "_ALONE", alone)
    listed = git_files.ls_files(root)
    assert listed is not None
    via_git = list(
        git_files.files(root, listed, rules, discovery.files_below, discovery.symlink_reason)
    )
    assert _listing(root, via_git) == _listing(root, list(discovery.walk(root, rules)))


def test_git_mode_lists_a_folder_of_many_names_at_once(git_repo, monkeypatch) -> None:
    """A folder git names at least `_ALONE` files in is listed before its first name, with
    no lstat for any of them; one with fewer has each looked at alone (it may hold a few
    tracked files among many ignored ones). Regression: the first seven names of every
    folder were an lstat each."""
    repo, run = git_repo
    many = [f"many/f{n}.py" for n in range(git_files._ALONE + 2)]
    tree(repo, *many, "few/a.py", "few/b.py")
    run("add", "-A")
    looked_up: list[str] = []
    listed_folders: list[str] = []
    real_lstat, real_entries = os.lstat, git_files._entries

    def lstat(path: str, *args: object, **kwargs: object) -> os.stat_result:
        looked_up.append(os.path.relpath(path, repo))  # os's own lookups too (realpath)
        return real_lstat(path, *args, **kwargs)

    def entries(folder: str) -> dict[str, os.DirEntry[str]] | None:
        listed_folders.append(os.path.relpath(folder, repo))
        return real_entries(folder)

    monkeypatch.setattr(git_files.os, "lstat", lstat)
    monkeypatch.setattr(git_files, "_entries", entries)
    rules = discovery.DefaultFilter(str(repo))
    listed = git_files.ls_files(repo)
    assert listed is not None
    items = git_files.files(repo, listed, rules, discovery.files_below, discovery.symlink_reason)
    assert [Path(item).relative_to(repo).as_posix() for item in items] == [
        "few/a.py",
        "few/b.py",
        *sorted(many),
    ]
    assert listed_folders == ["many"]
    assert sorted(p for p in looked_up if p.endswith(".py")) == ["few/a.py", "few/b.py"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_git_mode_looks_up_each_name_of_a_folder_it_cannot_list(git_repo, monkeypatch) -> None:
    """A folder readable but not listable (mode -wx) still lets one open its files: each name
    git gives is then looked at alone, and nothing is dropped."""
    repo, run = git_repo
    tree(repo, "a.py", "locked/b.py", "locked/c.py")
    (repo / "locked" / "link.py").symlink_to(repo / "a.py")
    run("add", "-A")
    real = git_files._entries
    monkeypatch.setattr(
        git_files, "_entries", lambda folder: None if folder.endswith("locked") else real(folder)
    )
    rules = discovery.DefaultFilter(str(repo))
    listed = git_files.ls_files(repo)
    assert listed is not None
    items = git_files.files(repo, listed, rules, discovery.files_below, discovery.symlink_reason)
    assert _listing(repo, list(items)) == [
        ("file", "a.py"),
        ("file", "locked/b.py"),
        ("file", "locked/c.py"),
        (
            "skip",
            "locked/link.py: "
            + discovery.symlink_reason(str(repo / "locked" / "link.py"), str(repo.resolve())),
        ),
    ]


PATTERN = st.text(alphabet="ab*?/!.[]-", min_size=1, max_size=8)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(PATTERN)
def test_no_exclude_pattern_drops_a_named_file(tmp_path_factory, pattern) -> None:
    root = tmp_path_factory.mktemp("named")
    target = tree(root, "a/b.py") / "a" / "b.py"
    try:
        resolver = Resolver(Overrides(cwd=str(root), exclude=(pattern,), extend_exclude=(pattern,)))
        files = list(discovery.iter_files([target], cwd=root, rules=resolver))
    except ignore_rules.PatternError:
        return
    assert [f.display for f in files if not isinstance(f, Skipped)] == ["a/b.py"]


SIMPLE = st.from_regex(r"[a-z.*_-]{0,4}[a-z_-][a-z.*_-]{0,4}/?", fullmatch=True)


@given(SIMPLE)
def test_plain_patterns_translate_as_pathspec_does(pattern) -> None:
    """Plain names are translated without pathspec (start-up time); the same regex either way."""
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    if "**" in pattern:
        return
    assert ignore_rules._translate(pattern) == GitIgnoreSpecPattern.pattern_to_regex(pattern)


def test_the_walk_tells_the_config_which_folders_hold_no_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A walked folder whose listing holds no config file takes its parent's config without
    looking for one on disk; the folder that holds one still reads it (its exclude applies)."""
    tree(tmp_path, "a/b/c/one.py", "a/b/two.py", "d/three.py", "d/e/skipped.py", "d/e/kept.py")
    (tmp_path / "d" / ".first-party-lint.toml").write_text('extend-exclude = ["skipped.py"]\n')
    looked: list[str] = []
    real = Resolver._load_in

    def spy(self: Resolver, folder: str) -> object:
        looked.append(folder)
        return real(self, folder)

    monkeypatch.setattr(Resolver, "_load_in", spy)
    found = scanned(tmp_path, "-j1", monkeypatch=monkeypatch, capsys=capsys)
    assert found == ["a/b/c/one.py", "a/b/two.py", "d/e/kept.py", "d/three.py"]
    below = [f for f in looked if f.startswith(str(tmp_path) + os.sep)]
    assert below == [str(tmp_path / "d")]
