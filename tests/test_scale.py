"""Scans split for CI matrices (--shard), joined again (merge), and parsed in parallel (--jobs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import AZ_CLI, GRAPH, GRAPH_CLI, OFFICE
from helpers import run_cli as run
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import shard


def make_tree(root: Path, files: int = 40) -> Path:
    """Python and JSON files, a third with IDs (clients and resources), the rest clean."""
    for i in range(files):
        folder = root / f"pkg{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 3 == 0:
            app = (AZ_CLI, GRAPH_CLI, OFFICE)[i % 9 // 3]
            (folder / f"auth{i}.py").write_text(
                f'import msal\n\napp = msal.PublicClientApplication("{app}")\n'
            )
        elif i % 3 == 1:
            (folder / f"settings{i}.json").write_text(
                f'{{"AzureAd": {{"ClientId": "{AZ_CLI}", "Scopes": ["{GRAPH}/.default"]}}}}\n'
            )
        else:
            (folder / f"util{i}.py").write_text(f"def f{i}(x):\n    return x + {i}\n")
    return root


# --shard ----------------------------------------------------------------------------------


def test_bucket_is_the_same_everywhere() -> None:
    """A fixed digest, not Python's salted hash(): CI machines must agree."""
    assert [shard.bucket(p, 4) for p in ("src/app.py", "README.md", "a/b/c.json")] == [
        shard.bucket(p, 4) for p in ("src/app.py", "README.md", "a/b/c.json")
    ]
    assert (
        shard.bucket("src/app.py", 1000)
        == int.from_bytes(
            __import__("hashlib").blake2b(b"src/app.py", digest_size=8).digest(), "big"
        )
        % 1000
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1/1", shard.Shard(1, 1), id="one"),
        pytest.param("3/8", shard.Shard(3, 8), id="middle"),
    ],
)
def test_shard_parses(text: str, expected: shard.Shard) -> None:
    assert shard.parse(text) == expected


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "1", "a/b", "1/2/3", "-1/2"])
def test_bad_shard_is_a_usage_error(text: str, tmp_path: Path) -> None:
    result = run("check", "--shard", text, ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "K/N" in result.stderr


paths = st.lists(
    st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6}){0,2}\.py", fullmatch=True), unique=True, max_size=30
)


@settings(max_examples=25, deadline=None)
@given(names=paths, total=st.integers(1, 7))
def test_shards_partition_the_files(names: list[str], total: int) -> None:
    """Every file in exactly one shard, order kept: the union of all shards is the full scan."""
    from linter.discovery import FileRef

    root = Path("/repo")
    refs = [FileRef(root / name, name) for name in names]
    parts = [list(shard.select(refs, [root], shard.Shard(k, total))) for k in range(1, total + 1)]
    assert sorted(r.display for part in parts for r in part) == sorted(names)
    for part in parts:
        assert part == [r for r in refs if r in part]


def test_shard_key_ignores_where_the_repository_is(tmp_path: Path) -> None:
    from linter.discovery import FileRef

    keys = [
        shard.relative_to_root(base / "src" / "a.py", [base])
        for base in (tmp_path / "one", tmp_path / "elsewhere" / "two")
    ]
    assert keys == ["src/a.py", "src/a.py"]
    ref = FileRef(tmp_path / "one" / "src" / "a.py", "x")
    assert list(shard.select([ref], [tmp_path / "one"], shard.Shard(1, 1))) == [ref]


@pytest.mark.parametrize("fmt", ["json"])
def test_merged_shards_equal_the_full_scan(tmp_path: Path, fmt: str) -> None:
    tree = make_tree(tmp_path / "repo")
    full = run("check", "--format", fmt, ".", cwd=tree)
    reports = []
    for k in (1, 2, 3):
        part = run("check", "--format", fmt, "--shard", f"{k}/3", ".", cwd=tree)
        assert part.returncode in (0, 1), part.stderr
        report = tmp_path / f"part{k}.{fmt}"
        report.write_text(part.stdout)
        reports.append(str(report))
    assert 0 < json.loads(Path(reports[0]).read_text())["files_scanned"] < 40
    merged = run("merge", *reports, cwd=tree)
    assert merged.returncode == full.returncode == 1
    assert json.loads(merged.stdout) == json.loads(full.stdout)


# merge ------------------------------------------------------------------------------------


def _json_report(findings: list[dict[str, object]], **extra: object) -> dict[str, object]:
    report: dict[str, object] = {
        "schema": 1,
        "version": "0.1.0",
        "catalog_version": "2026.08.22",
        "findings": findings,
        "summary": {},
        "files_scanned": 3,
        "skipped": [],
        "notes": [],
        "errors": [],
        "remediation": "Register your own app.",
    }
    for finding in findings:
        summary = report["summary"]
        assert isinstance(summary, dict)
        summary[str(finding["rule"])] = summary.get(str(finding["rule"]), 0) + 1
    report.update(extra)
    return report


def _finding(path: str, line: int, rule: str, severity: str) -> dict[str, object]:
    return {"path": path, "line": line, "column": 5, "rule": rule, "severity": severity}


def _write(tmp_path: Path, name: str, document: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        pytest.param([], [], 0, id="clean"),
        pytest.param([_finding("b.py", 1, "FPA002", "warning")], [], 0, id="warnings-only"),
        pytest.param(
            [_finding("b.py", 1, "FPA002", "warning")],
            [_finding("a.py", 9, "FPA001", "error")],
            1,
            id="an-error",
        ),
    ],
)
def test_merge_json(tmp_path: Path, first, second, code: int) -> None:
    a = _write(
        tmp_path, "a.json", _json_report(first, skipped=[{"path": "z.png", "reason": "binary"}])
    )
    b = _write(tmp_path, "b.json", _json_report(second, extra_field=[1]))
    output = tmp_path / "merged.json"
    result = run("merge", a, b, "--output", str(output), cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    merged = json.loads(output.read_text())
    assert merged["findings"] == sorted(first + second, key=lambda f: (f["path"], f["line"]))
    assert merged["files_scanned"] == 6
    assert sum(merged["summary"].values()) == len(first + second)
    assert merged["skipped"] == [{"path": "z.png", "reason": "binary"}]
    assert merged["extra_field"] == [1]  # a field only one report has (another stage's) is kept


def test_merge_refuses_mixed_catalogs_unless_allowed(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.json", _json_report([]))
    b = _write(tmp_path, "b.json", _json_report([], catalog_version="2027.01.01"))
    refused = run("merge", a, b, cwd=tmp_path)
    assert refused.returncode == 2
    assert "different versions" in refused.stderr and "2027.01.01" in refused.stderr
    allowed = run("merge", "--allow-mixed-versions", a, b, cwd=tmp_path)
    assert allowed.returncode == 0
    assert "warning" in allowed.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("not json", "not a JSON document", id="not-json"),
        pytest.param('{"other": 1}', "neither", id="other-json"),
    ],
)
def test_merge_bad_input_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run("merge", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"first-party-lint: error: {bad}: {message}")


def _rule(code: str, level: str) -> dict[str, object]:
    return {"id": code, "name": code.lower(), "defaultConfiguration": {"level": level}}


def _sarif(rules: list[dict[str, object]], results: list[dict[str, object]], note: str) -> object:
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "first-party-lint",
                        "version": "0.1.0",
                        "rules": rules,
                        "properties": {"catalogVersion": "2026.08.22"},
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [{"message": {"text": note}}],
                    }
                ],
                "results": results,
                "properties": {"filesScanned": 2},
            }
        ],
    }


def _result(code: str, index: int, uri: str, **extra: object) -> dict[str, object]:
    location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": 1}}}
    return {
        "ruleId": code,
        "ruleIndex": index,
        "message": {"text": code},
        "locations": [location],
        **extra,
    }


def test_merge_sarif_one_run_rules_once_indexes_remapped(tmp_path: Path) -> None:
    a = _sarif([_rule("FPA002", "warning")], [_result("FPA002", 0, "a.py")], "a.png skipped")
    b = _sarif(
        [_rule("FPA001", "error"), _rule("FPA002", "warning")],
        [_result("FPA001", 0, "b.py"), _result("FPA002", 1, "c.py")],
        "b.json parsed as text",
    )
    result = run(
        "merge", _write(tmp_path, "a.sarif", a), _write(tmp_path, "b.sarif", b), cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr  # FPA001's default level is error
    merged = json.loads(result.stdout)
    assert merged["version"] == "2.1.0" and len(merged["runs"]) == 1
    run_ = merged["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["FPA002", "FPA001"]
    assert [(r["ruleId"], rules[r["ruleIndex"]]["id"]) for r in run_["results"]] == [
        ("FPA002", "FPA002"),
        ("FPA001", "FPA001"),
        ("FPA002", "FPA002"),
    ]
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["a.png skipped", "b.json parsed as text"]
    assert run_["properties"]["filesScanned"] == 4


def test_merge_sarif_suppressed_errors_do_not_fail(tmp_path: Path) -> None:
    a = _sarif(
        [_rule("FPA001", "error")],
        [_result("FPA001", 0, "a.py", suppressions=[{"kind": "inSource"}])],
        "",
    )
    result = run("merge", _write(tmp_path, "a.sarif", a), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_merge_refuses_json_with_sarif(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.json", _json_report([]))
    b = _write(tmp_path, "b.sarif", _sarif([], [], ""))
    result = run("merge", a, b, cwd=tmp_path)
    assert result.returncode == 2 and "cannot merge JSON reports with SARIF" in result.stderr


# --jobs -----------------------------------------------------------------------------------


def test_jobs_give_the_serial_result_in_the_same_order(tmp_path: Path) -> None:
    tree = make_tree(tmp_path / "repo", files=60)
    serial = run("check", "--no-cache", "--format", "json", "-j", "1", ".", cwd=tree)
    assert serial.returncode == 1, serial.stderr
    assert len(json.loads(serial.stdout)["findings"]) >= 40
    for jobs in ("2", "3"):
        pooled = run("check", "--no-cache", "--format", "json", "-j", jobs, ".", cwd=tree)
        assert pooled.stdout == serial.stdout
        assert pooled.returncode == 1
    # The pool with the cache: workers' results are stored by the parent and read back.
    assert run("check", "--format", "json", "-j", "2", ".", cwd=tree).stdout == serial.stdout
    assert run("check", "--format", "json", "-j", "2", ".", cwd=tree).stdout == serial.stdout


def test_jobs_in_process_match_serial(tmp_path: Path, catalog) -> None:
    """`parallel.scan_files` directly: results equal (every field) and in input order."""
    from linter import discovery, engine, parallel

    tree = make_tree(tmp_path / "repo", files=30)
    items = list(discovery.iter_files([tree], cwd=tree))
    serial = list(engine.scan_files(items, catalog, engine.ScanOptions()))
    pooled = parallel.scan_files(items, catalog, engine.ScanOptions(jobs=2))
    assert pooled == serial


def test_worker_start_arguments_pickle(catalog) -> None:
    """What a spawned worker (macOS, Windows) receives must pickle, extra apps included."""
    import pickle

    from linter import parallel
    from linter.findings import App

    extended = catalog.with_apps(
        [App("5a1b2c3d-0000-4000-8000-00000000abcd", "Ours", "", False, True)]
    )
    snapshot = pickle.loads(pickle.dumps(parallel._snapshot(extended)))
    from linter import engine

    parallel._start(snapshot, pickle.loads(pickle.dumps(engine.ScanOptions(jobs=2))))
    worker_catalog = parallel._state["catalog"]
    assert worker_catalog.ids == extended.ids
    assert worker_catalog.apps == extended.apps
    assert worker_catalog.extra == extended.extra


def test_a_dead_worker_costs_nothing_but_time(tmp_path: Path, catalog) -> None:
    """A native parser crash kills a worker (BrokenProcessPool): the file is scanned again in
    the main process, so the pool never changes what is reported."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from linter import discovery, engine, parallel

    (tmp_path / "auth.py").write_text(
        f'import msal\napp = msal.PublicClientApplication("{AZ_CLI}")\n'
    )
    (ref,) = discovery.iter_files([tmp_path], cwd=tmp_path)
    dead: Future[object] = Future()
    dead.set_exception(BrokenProcessPool("a child process terminated abruptly"))
    result = parallel._collect(dead, ref, catalog, engine.ScanOptions())  # type: ignore[arg-type]
    assert result == engine.scan_file(ref, catalog, engine.ScanOptions())
    assert [f.rule for f in result.findings] == ["FPA001"]
