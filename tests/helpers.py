"""Test helpers: well-known catalog IDs and a one-call way to see what a scanner decided."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from linter import catalog as catalog_module
from linter import scanners
from linter.findings import Span
from linter.positions import LineIndex
from linter.reconcile import resolve

AZ_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"  # Microsoft Azure CLI: a client
AZ_PS = "1950a258-227b-4e31-a9cf-717495945fc2"  # Microsoft Azure PowerShell: a client
GRAPH_CLI = "14d82eec-204b-4c2f-b7e8-296a70dab67e"  # Microsoft Graph Command Line Tools
OFFICE = "d3590ed6-52b3-4102-aeff-aad2292ab01c"  # Microsoft Office: client and resource
GRAPH = "00000003-0000-0000-c000-000000000000"  # Microsoft Graph: only ever a resource
ARM = "797f4846-ba00-4fd7-ba43-dac1f8f63013"  # Azure Resource Manager: only a resource
NOT_IN_CATALOG = "04b07795-8ddb-461a-bbee-02f9e1bf7b47"  # one digit off Azure CLI

_CATALOG = catalog_module.load()


class Seen(NamedTuple):
    """What one ID occurrence resolved to: 1-based line and column of the ID text."""

    line: int
    column: int
    role: str
    context: str


def resolved(module: str, text: str) -> list[tuple[int, int, Span]]:
    """Run the scanner `module` over `text`: each ID's 1-based line and column, and its span.

    Raises the scanner's ParseError unchanged, so tests can assert on parse failures.
    """
    targets = _CATALOG.targets(text)
    spans = list(scanners.load(module)(text, targets))
    index = LineIndex(text)
    return [
        (*index.position(target.span_start), span)
        for target, span in zip(targets, resolve(text, targets, spans), strict=True)
    ]


def scan_roles(module: str, text: str) -> list[Seen]:
    """What each ID in `text` resolved to (e.g. module "linter.scanners.python")."""
    return [
        Seen(line, column, span.role.value, span.context)
        for line, column, span in resolved(module, text)
    ]


def roles(module: str, text: str) -> list[str]:
    """Just the roles, in order: the common case in table-driven tests."""
    return [s.role for s in scan_roles(module, text)]


ROOT = Path(__file__).resolve().parent.parent


def run_python(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in a subprocess with this checkout importable (`env` added to ours)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        check=False,
        timeout=timeout,
    )


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m linter ARGS` in a subprocess, as users run it, from this checkout."""
    return run_python("-m", "linter", *args, cwd=cwd)


def benchmark_script(name: str) -> ModuleType:
    """`benchmarks/<name>.py` as a module (they are scripts, not a package)."""
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
