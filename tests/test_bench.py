"""benchmarks/bench.py runs end to end on a tiny tree, so the figures in the README can be
re-made at any time (the script is also type-checked with the package)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import benchmark_script

from linter import discovery, engine, sweep, tree_scan
from linter.findings import Scanned


def test_generated_tree_is_deterministic_and_holds_ids(tmp_path: Path, catalog) -> None:
    bench = benchmark_script("bench")
    one = bench.generate(tmp_path / "one", 0.2, 0.2, seed=3, big_json=50)
    two = bench.generate(tmp_path / "two", 0.2, 0.2, seed=3, big_json=50)
    assert one.files == two.files and one.size == two.size >= 200_000
    first = sorted(p.relative_to(one.root) for p in one.root.rglob("*") if p.is_file())
    assert first == sorted(p.relative_to(two.root) for p in two.root.rglob("*") if p.is_file())
    assert all((one.root / p).read_bytes() == (two.root / p).read_bytes() for p in first)
    assert {p.suffix for p in first} == {".py", ".json", ".yaml", ".cs", ".ts", ".md"}
    with_ids = [p for p in first if catalog.contains_any((one.root / p).read_bytes())]
    assert 2 <= len(with_ids) < len(first)
    assert len(catalog.targets((one.root / "firstpartyscopes.json").read_text())) == 50
    # Valid files, so the benchmark measures parsers, not their fall-back to the text scanner.
    results = tree_scan.scan_all(discovery.iter_files([one.root]), catalog, engine.ScanOptions())
    assert [n for r in results if isinstance(r, Scanned) for n in r.notes] == []
    assert "FPA001" in {f.rule for r in results if isinstance(r, Scanned) for f in r.findings}


@pytest.mark.slow
def test_every_case_prints_its_rows(capsys: pytest.CaptureFixture[str], catalog) -> None:
    bench = benchmark_script("bench")
    argv = ["--size", "0.1", "--dense-size", "0.1", "--repeat", "1"]
    assert bench.main(argv) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    cases = [row.split(" | ")[0][2:] for row in rows[1:]]
    tools = 6 if shutil.which("rg") else 4
    expected = ["few hits", "git", "dense"]
    assert (
        cases == [c for c in expected for _ in range(tools)] + ["precommit"] * 2 + ["catalog"] * 2
    )
    assert f"| {len(catalog):,} IDs" in rows[-2]  # the shipped catalog, then 18,000 more
    assert f"| {len(catalog) + 18_000:,} IDs" in rows[-1]
    if tools == 6:
        assert rows[5].endswith("| 1.00x | 1.00x |")  # the rg anchor against itself


def test_the_floor_searches_with_the_sweeps_pattern(tmp_path: Path) -> None:
    """benchmarks/floor.py keeps its own copy of the pattern (importing the linter would add
    its start-up to the floor): the same bytes, and it counts what the sweep's pattern finds."""
    floor = benchmark_script("floor")
    assert sweep._PROBE.pattern == floor.PROBE
    (tmp_path / "sub").mkdir()
    text = "x = '00000000-0000-0000-0000-000000000000'  # first-party-lint: allow\n"
    (tmp_path / "top.py").write_text(text)
    (tmp_path / "sub" / "a.py").write_text(text * 3)
    assert floor.floor(str(tmp_path), 2, True) == (2, 8)
    assert floor.floor(str(tmp_path), 1, False) == (2, 0)
