"""Regenerate `data/` from the normalized catalog sources and the AADSTS65002 guide.

Run from the repository root: `python scripts/build_catalog.py [--shared ../shared]`.
The output is deterministic (sorted, no timestamps) so a rebuild from unchanged sources leaves
git clean, and `tests/test_catalog.py` checks that the committed `data/` matches the sources.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from generated import write_or_check

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"

# Sources whose listing of an ID is evidence that the ID signs in as a client.
CLIENT_SOURCES = frozenset(
    {
        "roadtx_fps",
        "entrascopes_fps",
        "entrascopes_authcodefix",
        "entrascopes_brk",
        "secureworks_foci",
        "aadinternals",
        "graphrunner",
        "tokentactics",
    }
)
_DATE = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def source_date(sources_md: str) -> str:
    """The newest snapshot date in SOURCES.md's source table: how current the catalog is."""
    dates = [
        d for line in sources_md.splitlines() if line.startswith("| `") for d in _DATE.findall(line)
    ]
    if not dates:
        raise SystemExit("SOURCES.md names no snapshot date")
    return str(max(dates))


def build_catalog(shared: Path) -> dict[str, object]:
    cat_dir = shared / "catalog"
    apps = _rows(cat_dir / "first_party_apps.csv")
    resources = {r["app_id"].lower(): r for r in _rows(cat_dir / "resources.csv")}
    tenants = _rows(cat_dir / "microsoft_tenants.csv")
    digest = hashlib.sha256()
    for name in ("first_party_apps.csv", "resources.csv", "microsoft_tenants.csv"):
        digest.update((cat_dir / name).read_bytes())
    date = source_date((cat_dir / "SOURCES.md").read_text(encoding="utf-8"))

    entries = []
    for row in apps:
        app_id = row["app_id"].strip().lower()
        sources = {s for s in row["sources"].split(";") if s}
        res = resources.get(app_id)
        entries.append(
            {
                "id": app_id,
                "name": row["display_name"].strip(),
                "owner": row["owner_tenant_id"].strip().lower(),
                "resource": res is not None,
                "client": bool(sources & CLIENT_SOURCES)
                or (res is not None and res["also_seen_as_client"] == "true"),
                "foci": row["foci"],
                "sources": sorted(sources),
            }
        )
    entries.sort(key=lambda e: str(e["id"]))
    return {
        "schema": 1,
        "version": f"{date.replace('-', '.')}+{digest.hexdigest()[:8]}",
        "source_date": date,
        "tenants": {t["tenant_id"].lower(): t["name"] for t in tenants},
        "apps": entries,
    }


def dump_catalog(doc: dict[str, object]) -> str:
    """JSON with one app per line: small diffs when the sources change, fast to load."""
    head = {k: v for k, v in doc.items() if k != "apps"}
    lines = json.dumps(head, indent=1, sort_keys=True, ensure_ascii=False)[:-2]
    apps = doc["apps"]
    assert isinstance(apps, list)
    body = ",\n".join("  " + json.dumps(a, sort_keys=True, ensure_ascii=False) for a in apps)
    return f'{lines},\n "apps": [\n{body}\n ]\n}}\n'


def dump_ids(doc: dict[str, object]) -> str:
    """The prefilter's view: a header with the version, then one ID a line."""
    apps = doc["apps"]
    assert isinstance(apps, list)
    header = f"# version={doc['version']} source_date={doc['source_date']}"
    return "\n".join([header, *(str(a["id"]) for a in apps)]) + "\n"


def _section(markdown: str, heading: str) -> str:
    """The body under a `####`-style heading up to the next heading of any level."""
    pattern = re.compile(rf"^#+\s*{re.escape(heading)}\s*$(.*?)(?=^#|\Z)", re.M | re.S)
    match = pattern.search(markdown)
    if match is None:
        raise SystemExit(f"the guide has no section {heading!r}")
    return match.group(1).strip()


def build_remediation(guide: str) -> str:
    """The guide's error, cause and resolution steps, without its broken or off-topic parts.

    The guide carries three "could not be generated" sections and generic MFA steps that have
    nothing to do with this error; only the AADSTS65002-specific troubleshooting is kept.
    """
    title = guide.splitlines()[0].lstrip("# ").strip()
    error = title.split(" - ", 1)[0].strip()
    description = _section(guide, "Description:")
    steps = _section(guide, "Step-by-Step Resolution Strategies:")
    common = _section(guide, "Common Issues:")
    if "could not be generated" in description + steps + common:
        raise SystemExit("the guide's kept sections contain a generation error")
    return (
        "# How to fix AADSTS65002\n\n"
        f"Sign-in will fail with:\n\n    {error}\n\n"
        "## Why it happens\n\n"
        f"{description}\n\n"
        "## Common causes\n\n"
        f"{common}\n\n"
        "## Steps\n\n"
        f"{steps}\n\n"
        "In code: register your own application in Microsoft Entra ID, grant it the API\n"
        "permissions it needs, and read its client ID from configuration (for example the\n"
        "AZURE_CLIENT_ID environment variable) instead of a Microsoft-owned ID.\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--output", type=Path, default=ROOT / "data")
    parser.add_argument("--check", action="store_true", help="exit 1 if data/ is out of date")
    args = parser.parse_args(argv)

    catalog = build_catalog(args.shared)
    outputs = {
        "catalog.json": dump_catalog(catalog),
        "ids.txt": dump_ids(catalog),
        "remediation.md": build_remediation(
            (args.shared / "guide" / "AADSTS65002.md").read_text(encoding="utf-8")
        ),
    }
    return write_or_check({args.output / name: text for name, text in outputs.items()}, args.check)


if __name__ == "__main__":
    raise SystemExit(main())
