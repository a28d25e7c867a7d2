"""The catalog: generated from ../shared, spelled canonically, found by the prefilter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AZ_CLI, GRAPH, NOT_IN_CATALOG, OFFICE

from linter import catalog as catalog_module
from linter.catalog import Catalog, canonical

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.mark.skipif(not (SHARED / "catalog").is_dir(), reason="../shared is not beside the repo")
def test_data_is_regenerated_from_shared_sources() -> None:
    """data/ must be exactly what scripts/build_catalog.py makes from ../shared today."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_catalog.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_catalog_knows_roles(catalog: Catalog) -> None:
    assert len(catalog) == 1994
    cli = catalog.apps[AZ_CLI]
    assert (cli.name, cli.is_resource, cli.client_capable) == ("Microsoft Azure CLI", False, True)
    graph = catalog.apps[GRAPH]
    assert (graph.is_resource, graph.seen_as_client, graph.client_capable) == (True, False, False)
    office = catalog.apps[OFFICE]
    assert (office.is_resource, office.client_capable) == (True, True)
    assert catalog.source_date == "2026-08-22"
    assert catalog.version.startswith("2026.08.22+")
    assert "f8cdef31-a31e-4b4a-93e4-5f571e91255a" in catalog.tenants


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (AZ_CLI, AZ_CLI),
        (AZ_CLI.upper(), AZ_CLI),
        ("{" + AZ_CLI.upper() + "}", AZ_CLI),
        (f"  {AZ_CLI} ", AZ_CLI),
        (AZ_CLI.replace("-", ""), None),
        (AZ_CLI[:-1], None),
        ("not a guid", None),
    ],
)
def test_canonical_spelling(written: str, expected: str | None) -> None:
    assert canonical(written) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f'"{AZ_CLI}"', [(1, 37)]),
        (f"{{{AZ_CLI.upper()}}}", [(1, 37)]),
        (f"x{AZ_CLI}y", [(1, 37)]),  # letters that are not hex do not join the GUID
        (f"a{AZ_CLI}", []),  # a longer hex run is another value
        (f"{AZ_CLI}0", []),
        (NOT_IN_CATALOG, []),
        (f"{AZ_CLI}{AZ_CLI}", []),
        (f"{AZ_CLI},{AZ_CLI}", [(0, 36), (37, 73)]),
        (AZ_CLI[:20], []),
        # Regression: a hex digit that ends an escape does not join the GUID (these were missed).
        (f"client_id%3D{AZ_CLI}", [(12, 48)]),
        (f"%22{AZ_CLI}%22", [(3, 39)]),
        (f'"\\f{AZ_CLI}"', [(3, 39)]),
        (f"\\x22{AZ_CLI}", [(4, 40)]),
        (f"\\u0022{AZ_CLI}", [(6, 42)]),
        (f"%2{AZ_CLI}", []),  # not an escape: `%2` and the GUID's digits are one hex run
    ],
)
def test_targets_and_bytes_prefilter_agree(
    catalog: Catalog, text: str, found: list[tuple[int, int]]
) -> None:
    targets = catalog.targets(text)
    assert [(t.start, t.end) for t in targets] == found
    assert catalog.contains_any(text.encode()) == bool(found)
    assert all(t.app_id == AZ_CLI for t in targets)


def test_braces_widen_the_span(catalog: Catalog) -> None:
    (target,) = catalog.targets(f"id={{{AZ_CLI}}}")
    assert (target.span_start, target.span_end, target.start) == (3, 41, 4)


def test_search_by_id_or_name(catalog: Catalog) -> None:
    assert [a.app_id for a in catalog.search("{" + AZ_CLI.upper() + "}")] == [AZ_CLI]
    names = {a.name for a in catalog.search("azure cli")}
    assert "Microsoft Azure CLI" in names
    assert catalog.search("   ") == []


def test_extra_apps_join_the_prefilter(catalog: Catalog) -> None:
    extra = catalog_module.App(NOT_IN_CATALOG, "Contoso forbidden app", "", False, True)
    bigger = catalog.with_apps([extra])
    assert bigger.targets(NOT_IN_CATALOG)[0].app_id == NOT_IN_CATALOG
    assert bigger.apps[NOT_IN_CATALOG].name == "Contoso forbidden app"
    assert bigger.apps[AZ_CLI].name == "Microsoft Azure CLI"
    assert NOT_IN_CATALOG not in catalog.ids


def test_missing_data_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(catalog_module.CatalogError, match=r"ids\.txt"):
        catalog_module.load(tmp_path)
