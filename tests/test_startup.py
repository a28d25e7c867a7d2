"""What a pre-commit run loads: a hook pays for every import on every commit (README "Speed").

Checked by structure, not by timing: a timing assertion fails on a busy machine and passes on a
fast one whatever the code does, while the list of modules a run imports is the same
everywhere. `python -X importtime` names every module the process imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AZ_CLI, run_python

# What a run over clean files must not load, each with the reason it is not needed there.
NOT_ON_THE_CLEAN_PATH = {
    "libcst": "the Python parser (200 ms to import): only for a file that holds an ID",
    "yaml": "the YAML parser: only for a YAML file that holds an ID",
    "tree_sitter": "the parsers of other languages: only for such a file with an ID",
    "linter.scanners.python": "the Python scanner: only for a file with an ID",
    "linter.flows": "constants across modules: only when some file has a finding",
    "linter.reconcile": "roles of the IDs found: only for a file with an ID",
    "linter.roles": "role words and their regexes: only for a file with an ID",
    "linter.gitio": "git itself: only for --staged, --diff and history",
    "linter.gitscan": "--staged and --diff",
    "linter.hunks": "--diff",
    "linter.history": "the history command",
    "linter.merge": "the merge command",
    "linter.catalog_import": "catalog import and diff",
    "subprocess": "runs git: only for git scopes or a folder (git ls-files), not named files",
    "tempfile": "git's error output: only when git runs",
    "shutil": "argparse's terminal width, asked without it",
    "tomllib": "config files: none here",
    "tomli": "config files: none here (Python 3.10)",
    "pathspec": "gitignore patterns beyond plain folder names: none here",
    "concurrent.futures": "--jobs workers: only when enough files need a parse",
    "multiprocessing": "--jobs workers: only when enough files need a parse",
    "hashlib": "the result cache's keys: only for a file with an ID",
    "pickle": "the result cache: only for a file with an ID",
    "dataclasses": "8 ms with inspect: the value classes of a run are `linter.values` classes",
    "inspect": "imported by dataclasses; it imports ast, dis and tokenize",
    "datetime": "dates of `allow` entries that expire: none here",
    "signal": "the parse's time budget (SIGALRM): only for a file with an ID",
    "threading": "nothing here runs a thread (the time budget asks `signal` for the main one)",
}


def imported(cwd: Path, *args: str) -> set[str]:
    """The modules `first-party-lint ARGS` imports, run as a hook runs it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "linter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def _clean_files(folder: Path) -> list[str]:
    names = []
    for n in range(10):
        name = f"module_{n}.py"
        (folder / name).write_text(
            f'"""Module {n}."""\n\nVALUE = {n}\n\n\ndef f():\n    return VALUE\n'
        )
        names.append(name)
    return names


def test_a_clean_pre_commit_run_imports_nothing_heavy(tmp_path: Path) -> None:
    modules = imported(tmp_path, "check", *_clean_files(tmp_path))
    assert "linter.engine" in modules  # the run did scan (the parse of stderr works)
    assert _loaded(modules, set(NOT_ON_THE_CLEAN_PATH)) == {}


# Runs the CLI with `compile` watched: the source strings compiled at run time (not modules:
# importlib compiles bytes, and only when a .pyc is missing).
_WATCH_COMPILE = """
import builtins
compiled = []
def watched(source, *args, **kwargs):
    if isinstance(source, str):
        compiled.append(source)
    return real(source, *args, **kwargs)
real, builtins.compile = builtins.compile, watched
"""


def _watched_run(folder: Path, watch: str, report: str) -> str:
    """The CLI run as its script runs it (`check` on clean files) after `watch` set up, and
    the line the f-string `report` makes of what it saw (written at exit, even on error, by
    an `atexit` handler: the entry point leaves without returning)."""
    script = (
        f"import atexit, runpy, sys\n{watch}\nsys.argv[0] = 'first-party-lint'\n"
        f"atexit.register(lambda: sys.stderr.write(f{report!r} + '\\n'))\n"
        f"runpy.run_module('linter', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "check", *_clean_files(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()[-1]


def test_a_plain_folder_is_walked_without_starting_git(tmp_path: Path) -> None:
    """No `.git` above the folder (and no GIT_DIR): git could not list it, so it is not asked."""
    _clean_files(tmp_path)
    if any((parent / ".git").exists() for parent in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary folder is inside a git repository here")
    modules = imported(tmp_path, "check", ".")
    assert "linter.engine" in modules
    assert _loaded(modules, {"subprocess", "tempfile"}) == {}


def test_a_clean_pre_commit_run_compiles_nothing(tmp_path: Path) -> None:
    """The first `compile()` of a process costs 1 ms (it builds the AST node types), then a
    little per string: `typing.NamedTuple` compiles each annotation that is a string, as
    `from __future__ import annotations` makes them (see linter/findings.py)."""
    assert _watched_run(tmp_path, _WATCH_COMPILE, "compiled: {compiled!r}") == "compiled: []"


# Runs the CLI and counts the garbage collections made while `linter.cli` was being imported
# (its module exists, its last definition not yet), then how many objects are frozen at exit.
_WATCH_COLLECTOR = """
import gc
during_import = []
def watch(phase, info):
    cli = sys.modules.get("linter.cli")
    if phase == "start" and cli is not None and not hasattr(cli, "main"):
        during_import.append(info["generation"])
gc.callbacks.append(watch)
"""


def test_the_imports_run_without_garbage_collection(tmp_path: Path) -> None:
    """linter.entry: the collector walked the imports' objects 16 times, 5 ms of a clean run."""
    seen = _watched_run(
        tmp_path,
        _WATCH_COLLECTOR,
        "collections: {during_import!r}, frozen: {gc.get_freeze_count() > 0}",
    )
    assert seen == "collections: [], frozen: True"


def _loaded(modules: set[str], forbidden: set[str]) -> dict[str, str]:
    """The forbidden modules among `modules` (a package counts with its submodules)."""
    return {
        name: NOT_ON_THE_CLEAN_PATH[name]
        for name in forbidden
        if any(m == name or m.startswith(f"{name}.") for m in modules)
    }


def test_a_file_with_an_id_loads_the_parser(tmp_path: Path) -> None:
    """The other side of the test above: a list that can no longer catch a heavy import (a
    module renamed, importtime's format changed) fails here instead of passing silently."""
    names = _clean_files(tmp_path)
    (tmp_path / "auth.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    (tmp_path / "flow.py").write_text(f'import msal\nmsal.PublicClientApplication(f"{AZ_CLI}")\n')
    modules = imported(tmp_path, "check", *names, "auth.py")
    assert {"linter.scanners.python_ast", "linter.reconcile", "linter.roles"} <= modules
    assert "libcst" not in modules  # the ast path decides a plain literal
    assert "libcst" in imported(tmp_path, "check", *names, "flow.py")  # an f-string needs it


@pytest.mark.parametrize(
    ("args", "module"),
    [
        pytest.param(("history", "--help"), "linter.history", id="history"),
        pytest.param(("merge", "--help"), "linter.merge", id="merge"),
        pytest.param(("catalog", "import", "--help"), "linter.catalog_import", id="catalog"),
        pytest.param(("--help",), "linter.history", id="top-level-help-lists-all"),
    ],
)
def test_other_commands_load_their_own_modules(
    tmp_path: Path, args: tuple[str, ...], module: str
) -> None:
    assert module in imported(tmp_path, *args)


_LEAVES = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
if sys.argv[1] == "profiled":
    sys.setprofile(lambda *args: None)
sys.argv[1:] = ["check", "--format", "json", "."]
from linter.entry import run
code = run()
sys.setprofile(None)
print("returned", code)
raise SystemExit(code)
"""


@pytest.mark.parametrize("mode", ["plain", "profiled"])
def test_the_entry_point_leaves_without_teardown_unless_watched(tmp_path: Path, mode: str) -> None:
    """The process exits from the entry point with the run's code, its output flushed and
    `atexit` handlers run; under a profiler or tracer the entry point returns instead, so
    that they can report."""
    (tmp_path / "a.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    done = run_python("-c", _LEAVES, mode, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "atexit ran" in done.stderr
    out = done.stdout
    assert out.endswith("returned 1\n") == (mode == "profiled")
    assert json.loads(out.removesuffix("returned 1\n"))["findings"][0]["path"] == "a.py"
