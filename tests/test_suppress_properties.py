"""Property: a suppression comment for rule R above line L changes nothing but R on L (and
FPA002 on L for R = FPA001, which covers the weaker role)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from helpers import AZ_CLI, GRAPH, GRAPH_CLI, OFFICE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import catalog, engine, suppress
from linter.discovery import FileRef
from linter.findings import Scanned

CAT = catalog.load()
IDS = (AZ_CLI, GRAPH_CLI, OFFICE, GRAPH)

# File kind: (file name, comment opener, lines holding {id} in every role the scanner knows).
KINDS = {
    "python": (
        "auth.py",
        "#",
        (
            'app = msal.PublicClientApplication("{id}")',
            'DEFAULT_APP = "{id}"',
            "# see {id}",
            'scopes = ["{id}/.default"]',
            'client_id = "{id}"',
            'pair = ("{id}", "{id}")',
            'note = "# first-party-lint: ignore[FPA002] inside a string"',
            "x = 1",
        ),
    ),
    "javascript": (
        "auth.js",
        "//",
        (
            'const c = { auth: { clientId: "{id}" } };',
            'const known = ["{id}", "{id}"];',
            "// see {id}",
            'const scopes = ["{id}/.default"];',
            'const n = "// first-party-lint: ignore[FPA001] inside a string";',
            "let x = 1;",
        ),
    ),
    "dotenv": (
        ".env",
        "#",
        ("AZURE_CLIENT_ID={id}", "OTHER_APP={id}", "# see {id}", "SCOPE={id}/.default", "X=1"),
    ),
}

Seen = tuple[int, int, str]


def _findings(name: str, text: str) -> list[Seen]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        result = engine.scan_file(FileRef(path, name), CAT, engine.ScanOptions())
    (judged,) = suppress.apply([result])
    assert isinstance(judged, Scanned)
    return sorted((f.location.line, f.location.column, f.rule) for f in judged.findings)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    name, opener, pool = KINDS[draw(st.sampled_from(sorted(KINDS)))]
    templates = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=8))
    lines = [t.replace("{id}", draw(st.sampled_from(IDS)), 1) for t in templates]
    lines = [line.replace("{id}", draw(st.sampled_from(IDS))) for line in lines]
    return name, opener, lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=files(), data=st.data())
def test_suppression_above_a_line_touches_only_its_rule_on_that_line(
    file: tuple[str, str, list[str]], data: st.DataObject
) -> None:
    name, opener, lines = file
    at = data.draw(st.integers(0, len(lines) - 1))
    rule = data.draw(st.sampled_from(["FPA001", "FPA002"]))
    comment = f"{opener} first-party-lint: ignore[{rule}] reviewed"
    before = _findings(name, "\n".join(lines) + "\n")
    after = _findings(name, "\n".join([*lines[:at], comment, *lines[at:]]) + "\n")

    target = at + 1  # the 1-based number of the line below the comment, before inserting it
    moved = [(n if n < target else n + 1, c, r) for n, c, r in before]
    covered = {"FPA001", "FPA002"} if rule == "FPA001" else {rule}  # FPA001 covers FPA002 too
    hit = [(n, c, r) for n, c, r in moved if n == target + 1 and r in covered]
    expected = [f for f in moved if f not in hit]
    if not hit:  # nothing to suppress: the comment is reported, at its marker
        expected.append((target, len(opener) + 2, "FPA100"))
    assert after == sorted(expected)
