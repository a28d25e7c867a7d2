"""The result cache: a second run reuses parses, and no change ever yields a stale result."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AZ_CLI, GRAPH
from helpers import run_cli as run

from linter import cache, discovery, engine, tree_scan
from linter import findings as findings_module
from linter.catalog import Catalog
from linter.findings import App, Scanned
from linter.values import set_field

ROOT = Path(__file__).resolve().parent.parent
OWN_APP = "5a1b2c3d-0000-4000-8000-00000000abcd"  # not in the catalog; an organisation adds it


def entries() -> list[Path]:
    return list(Path(os.environ[cache.ENV_DIR]).rglob("*.pickle"))


def scan(root: Path, cat: Catalog, version: str = "1.0", **options: object) -> list[Scanned]:
    """The engine as the CLI runs it, with the cache on, over every file below `root`."""
    plain = engine.ScanOptions(**options)  # type: ignore[arg-type]
    args = type("Args", (), {"no_cache": False})()
    configured = cache.configure(args, plain, cat, version)  # type: ignore[arg-type]
    results = tree_scan.scan_all(discovery.iter_files([root], cwd=root), cat, configured)
    return [r for r in results if isinstance(r, Scanned)]


def findings(results: list[Scanned]) -> list[tuple[str, int, str, str]]:
    return [
        (f.location.path, f.location.line, f.rule, f.app.app_id)
        for r in results
        for f in r.findings
    ]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "auth.py").write_text(
        f'import msal\napp = msal.PublicClientApplication("{AZ_CLI}")\n'
    )
    (tmp_path / "graph.py").write_text(f'SCOPES = ["{GRAPH}/.default"]\n')
    (tmp_path / "clean.py").write_text("print('no IDs here')\n")
    return tmp_path


def test_second_run_reads_parses_from_the_cache(tree: Path, catalog: Catalog, monkeypatch) -> None:
    first = scan(tree, catalog)
    assert len(entries()) == 2  # the two files with IDs; the clean file is not worth an entry

    def no_parse(*args: object) -> None:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(engine, "_judged", no_parse)
    assert scan(tree, catalog) == first
    assert findings(first) == [("auth.py", 2, "FPA001", AZ_CLI)]


def test_an_edited_file_is_scanned_again(tree: Path, catalog: Catalog) -> None:
    assert findings(scan(tree, catalog)) == [("auth.py", 2, "FPA001", AZ_CLI)]
    (tree / "auth.py").write_text(
        f'\n\nimport msal\napp = msal.PublicClientApplication("{AZ_CLI}")\n'
    )
    assert findings(scan(tree, catalog)) == [("auth.py", 4, "FPA001", AZ_CLI)]
    (tree / "auth.py").write_text("app = None\n")
    assert findings(scan(tree, catalog)) == []


def test_extra_catalog_ids_change_the_key(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "auth.py").write_text(
        f'import msal\napp = msal.PublicClientApplication("{AZ_CLI}")\nOWN = "{OWN_APP}"\n'
        f'other = msal.PublicClientApplication("{OWN_APP}")\n'
    )
    assert [f[3] for f in findings(scan(tmp_path, catalog))] == [AZ_CLI]
    extended = catalog.with_apps([App(OWN_APP, "Our shared app", "", False, True)])
    assert [f[3] for f in findings(scan(tmp_path, extended))] == [AZ_CLI, OWN_APP, OWN_APP]
    renamed = catalog.with_apps([App(OWN_APP, "Renamed", "", False, True)])
    assert {f.app.name for r in scan(tmp_path, renamed) for f in r.findings} == {
        "Microsoft Azure CLI",
        "Renamed",
    }


def test_tool_version_and_options_change_the_key(tree: Path, catalog: Catalog) -> None:
    scan(tree, catalog, version="1.0")
    assert len(entries()) == 2
    scan(tree, catalog, version="1.1")
    assert len(entries()) == 4
    scan(tree, catalog, version="1.1", max_bytes=1000)
    assert len(entries()) == 6
    scan(tree, catalog, version="1.1", max_bytes=1000, jobs=1)  # jobs do not change results
    assert len(entries()) == 6


def test_salt_covers_every_option_field(catalog: Catalog) -> None:
    """A field added to ScanOptions is keyed without touching the cache module."""

    class Options(engine.ScanOptions):
        __slots__ = ("new_setting",)
        _fields = (*engine.ScanOptions._fields, "new_setting")

        def __init__(self, new_setting: str = "a") -> None:
            super().__init__()
            set_field(self, "new_setting", new_setting)

    assert cache.salt("1", catalog, Options(new_setting="a")) != cache.salt(
        "1", catalog, Options(new_setting="b")
    )
    assert cache.salt("1", catalog, Options(), {"allow": 1}) != cache.salt(
        "1", catalog, Options(), {"allow": 2}
    )


def _dataclass_era(entry: Path) -> None:
    """`entry` as format v1 wrote it, when `Scanned` was a dataclass: pickle stored its class
    and `__dict__`, which the slotted class has no room for."""

    @dataclasses.dataclass(frozen=True)
    class Scanned:
        path: str
        findings: tuple[object, ...] = ()
        notes: tuple[str, ...] = ()
        suppressions: tuple[object, ...] = ()
        suppressed: tuple[object, ...] = ()

    Scanned.__module__, Scanned.__qualname__ = "linter.findings", "Scanned"
    with pytest.MonkeyPatch.context() as patch:  # pickle names the class as it is imported
        patch.setattr(findings_module, "Scanned", Scanned)
        old = pickle.loads(entry.read_bytes())
        entry.write_bytes(pickle.dumps(Scanned(old.path, old.findings, old.notes)))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: p.write_bytes(b"\x80\x04garbage"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps({"not": "a result"})), id="other-type"),
        pytest.param(
            lambda p: p.write_bytes(pickle.dumps(Scanned("elsewhere.py"))), id="other-path"
        ),
        pytest.param(lambda p: (p.unlink(), p.mkdir()), id="a-folder"),
        pytest.param(_dataclass_era, id="dataclass-era"),
    ],
)
def test_damaged_entries_are_misses(tree: Path, catalog: Catalog, damage) -> None:
    expected = findings(scan(tree, catalog))
    for entry in entries():
        damage(entry)
    assert findings(scan(tree, catalog)) == expected


def test_round_trip_keeps_every_field(tree: Path, catalog: Catalog) -> None:
    first = {r.path: r for r in scan(tree, catalog)}
    stored = [pickle.loads(p.read_bytes()) for p in entries()]
    assert sorted(r.path for r in stored) == ["auth.py", "graph.py"]
    assert all(r == first[r.path] for r in stored)  # dataclass equality: every field


def test_cli_no_cache_writes_nothing_and_cache_stays_out_of_the_tree(tree: Path) -> None:
    result = run("check", "--no-cache", "--format", "json", ".", cwd=tree)
    assert result.returncode == 1
    assert entries() == []
    assert run("check", "--format", "json", ".", cwd=tree).stdout == result.stdout
    assert len(entries()) == 2
    assert sorted(p.name for p in tree.iterdir()) == ["auth.py", "clean.py", "graph.py"]
    assert run("check", "--format", "json", ".", cwd=tree).stdout == result.stdout


def test_cli_cache_info_and_clean(tree: Path) -> None:
    run("check", ".", cwd=tree)
    assert " 2 entries" in run("cache", "info", cwd=tree).stdout
    cleaned = run("cache", "clean", cwd=tree)
    assert cleaned.returncode == 0 and "removed 2 entries" in cleaned.stdout
    assert entries() == []


def test_cache_clean_removes_only_its_own_files(tree: Path) -> None:
    """A cache folder set by mistake to a folder of other files loses none of them."""
    folder = Path(os.environ[cache.ENV_DIR])
    (folder / "notes.txt").write_text("mine")
    (folder / "v1-not-ours").mkdir()
    (folder / "v1-not-ours" / "keep.pickle").write_text("mine too")
    run("check", ".", cwd=tree)
    assert len(entries()) == 2 + 1
    assert "removed 2 entries" in run("cache", "clean", cwd=tree).stdout
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "notes.txt",
        "v1-not-ours",
        "v1-not-ours/keep.pickle",
    ]


def test_unwritable_cache_costs_nothing_but_speed(tree: Path, tmp_path_factory) -> None:
    blocker = tmp_path_factory.mktemp("ro") / "file"
    blocker.write_text("a file where the cache folder should be")
    env = {**os.environ, "PYTHONPATH": str(ROOT), cache.ENV_DIR: str(blocker)}
    result = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--format", "json", "."],
        cwd=tree, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert [f["app_id"] for f in json.loads(result.stdout)["findings"]] == [AZ_CLI]


def test_concurrent_writers_never_expose_half_an_entry(tmp_path: Path, catalog: Catalog) -> None:
    """Writers racing on one key (parallel CI jobs on one runner): a reader sees the whole entry
    or a miss, never a torn file, and no temporary file is left behind."""
    from concurrent.futures import ThreadPoolExecutor

    store = cache.ResultCache(str(tmp_path / "c"), ("1", catalog, engine.ScanOptions(), None))
    result = Scanned("big.py", notes=tuple(f"note {i}" * 50 for i in range(2000)))
    key = store.key("big.py", b"data")

    def write_then_read(_: int) -> Scanned | None:
        store.put(key, result)
        return store.get(key, "big.py")

    with ThreadPoolExecutor(8) as pool:
        seen = list(pool.map(write_then_read, range(40)))
    assert all(entry == result for entry in seen)
    assert [p.name for p in (tmp_path / "c").rglob("*") if p.is_file()] == [f"{key[2:]}.pickle"]


def test_a_detached_cache_pickles_for_spawned_workers(catalog: Catalog) -> None:
    """Workers started by spawn (macOS, Windows) get the cache pickled: same salt, same keys."""
    store = cache.ResultCache("/c", ("1", catalog.with_apps([]), engine.ScanOptions(), None))
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps(store)  # the catalog's loaders are closures
    copy = pickle.loads(pickle.dumps(store.detached()))
    assert copy.salt == store.salt
    assert copy.key("a.py", b"x") == store.key("a.py", b"x")
    options = pickle.loads(pickle.dumps(engine.ScanOptions(cache=store.detached(), jobs=2)))
    assert options.cache is not None and options.cache.salt == store.salt


def test_no_home_directory_means_no_cache_not_a_crash(tree: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("HOME", cache.ENV_DIR, "XDG_CACHE_HOME")
    }
    env["PYTHONPATH"] = str(ROOT)
    script = (
        "import pathlib, sys\n"
        "def nohome(): raise RuntimeError('Could not determine home directory.')\n"
        "pathlib.Path.home = staticmethod(nohome)\n"
        "from linter import cli\n"
        "sys.exit(cli.main(['check', '--format', 'json', '.']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tree,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert [f["app_id"] for f in json.loads(result.stdout)["findings"]] == [AZ_CLI]
