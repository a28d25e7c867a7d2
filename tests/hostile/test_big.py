"""Big files: skipped above the size cap with a note, and scanned in linear time when asked.

The 1 GB file is sparse (no disk is written for its zeros), so skipping it costs nothing and
runs with the fast tests; reading it whole, and the 100 MB single-line minified file, are slow.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import AZ_CLI
from runner import findings, run

GIB = 1024 * 1024 * 1024
MINIFIED_CHUNK = "var a=function(b){return b+1};" * 34_000  # about 1 MB, no newline


def _sparse(path: Path, size: int, tail: bytes = b"") -> None:
    with path.open("wb") as handle:
        handle.truncate(size - len(tail))
        handle.seek(size - len(tail))
        handle.write(tail)


def test_a_1_gb_file_is_skipped_above_the_size_cap(tmp_path: Path) -> None:
    _sparse(tmp_path / "huge.log", GIB, f'\nclient_id = "{AZ_CLI}"\n'.encode())
    (tmp_path / "a.ts").write_text(f'client_id = "{AZ_CLI}"\n')
    result = run("check", ".", cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.notes_for("huge.log") == [
        "skipped, larger than the size cap (1024.0 MiB > 32.0 MiB)"
    ]
    assert "1 skipped (larger than the size cap: 1)" in result.stdout
    as_json = run("check", "--format", "json", ".", cwd=tmp_path, timeout=60)
    assert as_json.doc["skipped"] == [
        {"path": "huge.log", "reason": "larger than the size cap (1024.0 MiB > 32.0 MiB)"}
    ]


def test_a_1_gb_binary_file_is_recognised_from_its_head(tmp_path: Path) -> None:
    _sparse(tmp_path / "disk.img", GIB)
    started = time.monotonic()
    result = run("check", "--max-file-size", "0", "--format", "json", ".", cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert result.returncode == 0
    assert result.doc["skipped"] == [{"path": "disk.img", "reason": "binary"}]


@pytest.mark.slow
def test_a_1_gb_file_is_scanned_when_asked(tmp_path: Path) -> None:
    _sparse(tmp_path / "huge.log", GIB, f'\nclient_id = "{AZ_CLI}"\n'.encode())
    result = run(
        "check", "--max-file-size", "0", "--format", "json", ".", cwd=tmp_path, timeout=600
    )
    assert result.returncode == 1, result.stderr
    assert [(p, rule) for p, _line, _col, rule in findings(result)] == [("huge.log", "FPA001")]
    assert result.doc["notes"] == [
        {"path": "huge.log", "note": "contains NUL bytes; scanned as plain text"}
    ]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bundle.min.js", "bundle.min.json"])
def test_a_100_mb_single_line_file_scans_in_linear_time(tmp_path: Path, name: str) -> None:
    ids = 100
    path = tmp_path / name
    with path.open("w") as handle:
        if name.endswith(".json"):
            handle.write("[")
        for index in range(ids):
            handle.write(json_or_js(name, index))
        if name.endswith(".json"):
            handle.write('"end"]')
    assert path.stat().st_size > 100 * 1000 * 1000
    skipped = run("check", ".", cwd=tmp_path, timeout=120)
    assert skipped.returncode == 0
    assert skipped.notes_for(name)[0].startswith("skipped, larger than the size cap")
    started = time.monotonic()
    result = run(
        "check", "--max-file-size", "0", "--format", "json", ".", cwd=tmp_path, timeout=600
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    found = findings(result)
    assert len(found) == ids
    assert {rule for *_, rule in found} == {"FPA001"}
    assert {line for _p, line, _c, _r in found} == {1}
    assert all("\n" not in n["note"] for n in result.doc["notes"])
    assert elapsed < 300, elapsed


def json_or_js(name: str, index: int) -> str:
    if name.endswith(".json"):
        return f'"{MINIFIED_CHUNK}",{{"clientId":"{AZ_CLI}","n":{index}}},'
    return f'{MINIFIED_CHUNK}var c{index}={{clientId:"{AZ_CLI}"}};'
