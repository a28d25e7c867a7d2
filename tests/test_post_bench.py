"""benchmarks/post.py times the stages after the scan on a tiny tree, in-process and in a
fresh process, so its figures can be re-made at any time (it is type-checked with the
package)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import AZ_CLI, benchmark_script


@pytest.mark.slow
def test_every_stage_is_timed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "auth.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
    (tree / "clean.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)  # post.py changes into the tree; monkeypatch changes back
    post = benchmark_script("post")
    out = tmp_path / "report.json"
    assert post.main(["--repeat", "2", str(tree), "-q", "--no-cache", "--format", "json",
                      "-o", str(out), "."]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    for stage in ("select_rules", "suppress.apply", "outputs.after_scan", "deliver (json)"):
        assert stage in printed
    assert "2 results, 1 findings" in printed
    assert post.main(["--cold", "1", str(tree), "-q", "--no-cache", "."]) == 0
    assert "fresh process (median of 1)" in capsys.readouterr().out
    assert sorted(p.name for p in tree.iterdir()) == ["auth.py", "clean.py"]  # nothing new
