"""Loading a grammar: its compiled binding, without the package's resource-file machinery."""

from __future__ import annotations

import subprocess
import sys

import pytest

from linter.scanners.lang import base

GRAMMARS = [
    ("tree_sitter_c_sharp", "language"),
    ("tree_sitter_typescript", "language_typescript"),
    ("tree_sitter_typescript", "language_tsx"),
    ("tree_sitter_javascript", "language"),
    ("tree_sitter_powershell", "language"),
    ("tree_sitter_bash", "language"),
    ("tree_sitter_go", "language"),
    ("tree_sitter_java", "language"),
    ("tree_sitter_hcl", "language"),
    ("tree_sitter_bicep", "language"),
]


def test_a_grammar_loads_without_importlib_resources() -> None:
    """The packages' `__init__` imports importlib.resources (tempfile, shutil, random)."""
    code = (
        "import sys\n"
        "from linter.scanners.lang import base\n"
        "base.parse(base.Grammar.__new__(type('G', (base.Grammar,), "
        "{'module': 'tree_sitter_c_sharp'})), 'class C {}')\n"
        "print(sorted(m for m in ('importlib.resources', 'tempfile', 'shutil') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("module", "function"), GRAMMARS)
def test_the_binding_gives_the_packages_language(module: str, function: str) -> None:
    from tree_sitter import Language

    package = __import__(module)
    loaded = base.language(module, function)
    assert isinstance(loaded, Language)
    expected = Language(getattr(package, function)())
    assert (loaded.name, loaded.abi_version, loaded.node_kind_count) == (
        expected.name,
        expected.abi_version,
        expected.node_kind_count,
    )


def test_a_missing_grammar_package_is_unavailable() -> None:
    with pytest.raises(base.ScannerUnavailable, match="not installed"):
        base.language("tree_sitter_no_such_grammar")
