"""The engine's promises: hits are never dropped, policy is applied once, nothing escapes."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from helpers import AZ_CLI, GRAPH, OFFICE

from linter import catalog as catalog_module
from linter import engine, rules, scanners
from linter.discovery import FileRef
from linter.findings import Failed, Role, Scanned, Span, Target
from linter.reconcile import UNCOVERED, resolve

CAT = catalog_module.load()


def _install_scanner(monkeypatch: pytest.MonkeyPatch, scan: object) -> None:
    module = types.ModuleType("fake_scanner")
    module.scan = scan  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_scanner", module)
    monkeypatch.setattr(scanners, "SCANNERS", (("*.fake", "fake_scanner"),))


def _scan(tmp_path: Path, name: str, text: str) -> object:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return engine.scan_file(FileRef(path, name), CAT, engine.ScanOptions())


@pytest.mark.parametrize(
    ("error", "note"),
    [
        (scanners.ParseError("line 3: bad"), "parsed as text (fake_scanner: line 3: bad)"),
        (RecursionError(), "parsed as text (fake_scanner: nested too deeply)"),
        (KeyError("x"), "parsed as text (fake_scanner scanner failed: KeyError: 'x')"),
    ],
)
def test_a_failing_scanner_costs_precision_not_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, note: str
) -> None:
    def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
        raise error
        yield  # pragma: no cover

    _install_scanner(monkeypatch, scan)
    result = _scan(tmp_path, "a.fake", f'client_id = "{AZ_CLI}"\n# {OFFICE}\n')
    assert isinstance(result, Scanned)
    assert [(f.rule, f.location.line) for f in result.findings] == [("FPA001", 1), ("FPA002", 2)]
    assert result.notes == (note,)


def test_an_uncovered_hit_is_reported_as_unclear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
        return iter(())

    _install_scanner(monkeypatch, scan)
    result = _scan(tmp_path, "a.fake", f"{AZ_CLI}\n")
    assert isinstance(result, Scanned)
    assert [(f.rule, f.role) for f in result.findings] == [("FPA002", Role.UNCLEAR)]


def test_an_unexpected_error_is_a_failed_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> object:
        raise MemoryError("simulated")

    monkeypatch.setattr(engine, "findings_in", boom)
    result = _scan(tmp_path, "a.py", f'x = "{AZ_CLI}"\n')
    assert result == Failed("a.py", "internal error: MemoryError: simulated")


def test_files_without_ids_are_never_decoded_or_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
        raise AssertionError("a scanner ran on a file without IDs")

    _install_scanner(monkeypatch, scan)
    result = _scan(tmp_path, "a.fake", "client_id = 04b07795-8ddb-461a-bbee-02f9e1bf7b47\n")
    assert result == Scanned("a.fake")


def _app(app_id: str) -> catalog_module.App:
    return CAT.apps[app_id]


@pytest.mark.parametrize(
    ("role", "weak", "app_id", "expected"),
    [
        (Role.CLIENT, False, AZ_CLI, "FPA001"),
        (Role.CLIENT, True, AZ_CLI, "FPA001"),
        (Role.CLIENT, False, GRAPH, "FPA001"),  # a resource API used as a client is still wrong
        (Role.CLIENT, True, GRAPH, None),  # APP_ID = Graph: a resource reference
        (Role.UNCLEAR, False, AZ_CLI, "FPA002"),
        (Role.UNCLEAR, False, OFFICE, "FPA002"),  # resource and client: can sign in
        (Role.UNCLEAR, False, GRAPH, None),  # resource-only, unclear: no risk
        (Role.RESOURCE, False, AZ_CLI, None),
        (Role.RESOURCE, False, GRAPH, None),
    ],
)
def test_judge_policy(role: Role, weak: bool, app_id: str, expected: str | None) -> None:
    verdict = rules.judge(Span(0, 1, role, "ctx", weak), _app(app_id))
    assert (verdict[0].code if verdict else None) == expected


def _target(start: int) -> Target:
    return Target(start, start + 36, start, start + 36, AZ_CLI)


def test_resolve_takes_the_narrowest_enclosing_span() -> None:
    text = " " * 400
    outer = Span(0, 300, Role.UNCLEAR, "outer")
    inner = Span(90, 140, Role.CLIENT, "inner")
    other = Span(200, 250, Role.RESOURCE, "other")
    targets = [_target(10), _target(100), _target(205), _target(320)]
    chosen = resolve(text, targets, [other, outer, inner])
    assert [s.context for s in chosen] == ["outer", "inner", "other", UNCOVERED.context]
    assert chosen[3] is UNCOVERED


def test_resolve_is_fast_with_thousands_of_spans() -> None:
    count = 20_000
    text = " " * (count * 40 + 40)
    spans = [Span(i * 40, i * 40 + 38, Role.CLIENT, str(i)) for i in range(count)]
    targets = [_target(i * 40 + 1) for i in range(count)]
    chosen = resolve(text, targets, reversed(spans))
    assert [s.context for s in chosen] == [str(i) for i in range(count)]


def test_scope_neighbourhood_overrides_a_client_key() -> None:
    text = f'client_id = "{GRAPH}/.default"'
    (target,) = CAT.targets(text)
    (span,) = resolve(text, [target], [Span(0, len(text), Role.CLIENT, "client_id")])
    assert (span.role, span.context) == (Role.RESOURCE, "client_id")
