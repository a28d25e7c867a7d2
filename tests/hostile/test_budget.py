"""The per-file time budget: a parser that never returns costs one note, never the run or an ID."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import AZ_CLI
from runner import findings, run

from linter import budget, catalog, engine

CLIENT = f'client_id = "{AZ_CLI}"\n'

# A structured scanner for `*.slow` files that never finishes, and that swallows every
# Exception on the way, as a careless parser might: the budget must still stop it.
STALL = """
import sys, types
from linter import cli, scanners
def scan(text, targets):
    while True:
        try:
            sum(range(10_000))
        except Exception:
            pass
    yield
module = types.ModuleType("stalling")
module.scan = scan
sys.modules["stalling"] = module
scanners.SCANNERS = (("*.slow", "stalling"),) + scanners.SCANNERS
sys.exit(cli.main(sys.argv[1:]))
"""

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="the timer needs SIGALRM")


@POSIX
def test_a_stalled_parser_is_cut_off_and_its_ids_still_reported(tmp_path: Path) -> None:
    (tmp_path / "a.slow").write_text(CLIENT)
    (tmp_path / "b.slow").write_text(CLIENT)
    (tmp_path / "c.ts").write_text(CLIENT)
    started = time.monotonic()
    result = run(
        "check", "--timeout", "0.5", "--format", "json", ".", cwd=tmp_path, python=("-c", STALL)
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    assert findings(result) == [
        ("a.slow", 1, 14, "FPA001"),
        ("b.slow", 1, 14, "FPA001"),
        ("c.ts", 1, 14, "FPA001"),
    ]
    note = "parsed as text (stalling: parsing took longer than 0.5 s)"
    assert result.doc["notes"] == [
        {"path": "a.slow", "note": note},
        {"path": "b.slow", "note": note},
    ]
    text = run("check", "--timeout", "0.5", ".", cwd=tmp_path, python=("-c", STALL))
    assert text.notes_for("a.slow") == [note]
    assert "2 parsed as text" in text.stdout


def test_a_negative_timeout_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "--timeout", "-1", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "first-party-lint: error: --timeout must be 0 or more\n"


def test_without_a_timer_large_files_skip_the_structured_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Off the main thread no timer can interrupt a parse; big texts go to the text scanner."""
    monkeypatch.setattr(budget, "FALLBACK_CHARS", 1000)
    cat = catalog.load()
    text = "[auth]\n" + CLIENT + "# padding\n" * 200
    outcome: list[tuple[list[object], list[str]]] = []

    def scan() -> None:
        assert not budget.has_timer()
        found, notes = engine.findings_in("x.ini", "x.ini", text, cat.targets(text), cat, 5)
        outcome.append(([(f.location.line, f.rule) for f in found], notes))

    worker = threading.Thread(target=scan)
    worker.start()
    worker.join()
    assert outcome == [
        ([(2, "FPA001")], ["parsed as text (ini: over 0 MiB and no timer to bound the parse)"])
    ]


def test_the_budget_is_released_after_each_file() -> None:
    """No timer is left armed (it would kill an unrelated later step) and SIGALRM is restored."""
    if not budget.has_timer():
        pytest.skip("no interval timer here")
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with budget.limit(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before
    with pytest.raises(budget.OverBudget), budget.limit(0.05):
        time.sleep(2)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_callers_own_alarm_is_left_alone() -> None:
    """A library caller that uses SIGALRM or an interval timer keeps them: no budget timer."""
    if not budget.has_timer():
        pytest.skip("no interval timer here")
    import signal

    previous = signal.signal(signal.SIGALRM, signal.SIG_IGN)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        assert not budget.has_timer()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    handler_previous = signal.signal(signal.SIGALRM, lambda *_: None)
    try:
        assert not budget.has_timer()
    finally:
        signal.signal(signal.SIGALRM, handler_previous)
    assert budget.has_timer()
