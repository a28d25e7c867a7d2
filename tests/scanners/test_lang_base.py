"""The tree-sitter plumbing: offsets, the silent fallback without a grammar, parse errors."""

from __future__ import annotations

import builtins
import sys
import time
from pathlib import Path

import pytest
from helpers import AZ_CLI
from lang_helpers import Seen, scan

from linter import catalog as catalog_module
from linter import engine, scanners
from linter.discovery import FileRef
from linter.findings import Scanned
from linter.scanners.lang.base import Offsets

CAT = catalog_module.load()


def test_offsets_round_trip_through_multibyte_text() -> None:
    text = "héllo\n€ = 'x'\n\U0001f600 y\n"
    offsets = Offsets(text)
    for char in range(len(text) + 1):
        byte = offsets.to_byte(char)
        assert byte == len(text[:char].encode("utf-8"))
        assert offsets.to_char(byte) == char


def test_positions_after_non_ascii_text_are_exact() -> None:
    snippet = (
        '// Ünïcödé €\nconst app = new PublicClientApplication({ auth: { clientId: "@CLI" } });\n'
    )
    assert scan("linter.scanners.lang.javascript", snippet) == [Seen(2, 62, "client", "clientId")]


def test_a_missing_grammar_falls_back_to_text_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_grammar(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("tree_sitter_c_sharp"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "tree_sitter_c_sharp", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_grammar)
    path = tmp_path / "Auth.cs"
    path.write_text(f'var app = PublicClientApplicationBuilder.Create("{AZ_CLI}");\n')
    result = engine.scan_file(FileRef(path, "Auth.cs"), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned)
    assert [(f.rule, f.location.column) for f in result.findings] == [("FPA001", 50)]
    assert result.notes == ()


def test_a_hit_inside_a_syntax_error_is_a_parse_error_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "broken.ts"
    path.write_text(f'const clientIds = ["{AZ_CLI}" "other"];\n')
    with pytest.raises(scanners.ParseError, match="line 1: syntax error"):
        list(
            scanners.load("linter.scanners.lang.typescript")(
                path.read_text(), CAT.targets(path.read_text())
            )
        )
    result = engine.scan_file(FileRef(path, "broken.ts"), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned)
    assert result.notes == ("parsed as text (typescript: line 1: syntax error)",)
    assert [f.rule for f in result.findings] == ["FPA002"]  # the text scanner read it


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("Auth.cs", "linter.scanners.lang.csharp"),
        ("app.mjs", "linter.scanners.lang.javascript"),
        ("App.tsx", "linter.scanners.lang.typescript:scan_tsx"),
        ("Connect.psm1", "linter.scanners.lang.powershell"),
        ("main.go", "linter.scanners.lang.go"),
        ("Auth.java", "linter.scanners.lang.java"),
        ("prod.tfvars", "linter.scanners.lang.hcl"),
        ("main.bicep", "linter.scanners.lang.bicep"),
        ("login.zsh", "linter.scanners.lang.bash"),
    ],
)
def test_registry_routes_languages_by_extension(name: str, module: str) -> None:
    assert scanners.module_for(name) == module
    assert callable(scanners.load(module))


def test_a_table_of_thousands_with_hundreds_of_uses_is_fast() -> None:
    """Where a binding goes is asked once per binding, not once per literal in it."""
    snippet = (
        "const KNOWN = [\n"
        + '  "@CLI",\n' * 5_000
        + "];\n"
        + "".join(f"use(KNOWN, {i});\n" for i in range(500))
        + "for (const id of KNOWN) { new PublicClientApplication({ auth: { clientId: id } }); }\n"
    )
    began = time.perf_counter()
    seen = scan("linter.scanners.lang.javascript", snippet)
    assert time.perf_counter() - began < 3.0
    assert len(seen) == 5_000
    assert seen[-1] == Seen(5_001, 4, "client", "KNOWN", "clientId at line 5503")


def test_deep_nesting_costs_no_more_than_its_parse() -> None:
    """tree-sitter finds a parent by descending from the root: ancestor walks are bounded."""
    snippet = "x = " + "[" * 50_000 + '"@CLI"' + "]" * 50_000 + "\n"
    began = time.perf_counter()
    assert scan("linter.scanners.lang.javascript", snippet) == [Seen(1, 50_006, "unclear", "")]
    assert time.perf_counter() - began < 5.0


def test_a_grammar_for_another_abi_falls_back_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tree_sitter

    def incompatible(pointer: object) -> object:
        raise ValueError("Incompatible Language version 16. Must be between 13 and 15")

    monkeypatch.setattr(tree_sitter, "Language", incompatible)
    path = tmp_path / "auth.go"
    path.write_text(f'package auth\n\nvar c, _ = public.New("{AZ_CLI}")\n')
    result = engine.scan_file(FileRef(path, "auth.go"), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned)
    assert [(f.rule, f.location.line, f.location.column) for f in result.findings] == [
        ("FPA002", 3, 24)  # the text scanner does not know public.New: a warning
    ]
    assert result.notes == ()


def test_the_sign_in_error_names_a_resource_requested_at_the_same_sink(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers import GRAPH

    from linter import cli

    path = tmp_path / "token.ps1"
    path.write_text(
        f'$body = @{{ client_id = "{AZ_CLI}"; scope = "{GRAPH}/.default" }}\n', encoding="utf-8"
    )
    assert cli.main(["check", "-q", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        f"AADSTS65002: Consent between first party application '{AZ_CLI}' and first party "
        f"resource '{GRAPH}' must be configured via preauthorization"
    ) in out
