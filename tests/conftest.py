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
