"""Shared fixtures: the real catalog, well-known IDs and a helper that runs one scanner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import AZ_CLI, GRAPH

from linter import catalog as catalog_module
from linter.catalog import Catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    cat = catalog_module.load()
    assert AZ_CLI in cat.ids and GRAPH in cat.ids
    return cat


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test, and every CLI it starts, caches results in a fresh folder: never in the
    user's cache, and no test sees another's entries."""
    monkeypatch.setenv("FIRST_PARTY_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
