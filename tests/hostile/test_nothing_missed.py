"""Nothing missed: an ID anywhere, in any spelling and encoding, is reported or a resource use.

Hypothesis writes a file of a random format with random filler (any Unicode), puts a catalog
ID at a random place (any case, braces or not, between quotes and escapes as URL encoding,
JSON, C and HTML write them) and saves it in a random encoding. The engine must then find the
ID at its exact line and column and either report it or have resolved it as a resource use.
A second property: every file of a random tree is either scanned or listed as skipped.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from linter import catalog as catalog_module
from linter import cli, engine, scanners
from linter.discovery import FileRef
from linter.findings import Role, Scanned, Skipped
from linter.positions import LineIndex
from linter.reconcile import resolve

CAT = catalog_module.load()
CLIENT_IDS = sorted(a.app_id for a in CAT.apps.values() if a.seen_as_client)
NAMES = (
    "auth.py", "appsettings.json", ".env", "values.yaml", "settings.toml", "setup.cfg",
    "web.config", "auth.ts", "deploy.sh", "main.tf", "NOTES.md", "Dockerfile",
)  # fmt: skip
BEFORE = (
    " ", "\n", "\t", '"', "'", "`", "=", ":", "(", "[", ",", ">", '\\"', "\\n", "\\t", "\\f",
    "\\b", "%22", "%3D", "%3d", "\\x22", "\\u0022", "&quot;", "client_id=", "\r\n", "\r",
)  # fmt: skip
AFTER = (
    " ",
    "\n",
    '"',
    "'",
    "`",
    ",",
    ";",
    ")",
    "]",
    "<",
    '\\"',
    "\\n",
    "%22",
    "&quot;",
    "&",
    "\r",
)
ENCODINGS = (
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""),
    ("utf-16-be", b""),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
    ("utf-32-le", b""),
)
FILLER = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    app_id = draw(st.sampled_from(CLIENT_IDS))
    written = "".join(c.upper() if draw(st.booleans()) else c for c in app_id)
    return app_id, "{" + written + "}" if draw(st.booleans()) else written


def _normalized(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _scan(name: str, data: bytes) -> Scanned | Skipped:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        result = engine.scan_file(FileRef(path, name), CAT, engine.ScanOptions())
    assert isinstance(result, Scanned | Skipped), result
    return result


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(NAMES),
    head=FILLER,
    tail=FILLER,
    before=st.sampled_from(BEFORE),
    after=st.sampled_from(AFTER),
    spelled=spellings(),
    encoding=st.sampled_from(ENCODINGS),
)
def test_an_id_anywhere_is_found_and_reported_or_a_resource_use(
    name: str,
    head: str,
    tail: str,
    before: str,
    after: str,
    spelled: tuple[str, str],
    encoding: tuple[str, bytes],
) -> None:
    app_id, written = spelled
    codec, bom = encoding
    # FF FE 00 00 is the UTF-32 BOM, or the UTF-16 BOM and a NUL: no real text starts so.
    assume(not (bom and head.startswith("\x00")))
    text = head + before + written + after + tail
    result = _scan(name, bom + text.encode(codec))
    if isinstance(result, Skipped):  # binary-looking bytes in a file not named like text
        assert result.reason == "binary" and name == "Dockerfile", result
        return
    decoded = _normalized(text)
    offset = len(_normalized(head + before))
    line, column = LineIndex(decoded).position(offset)
    reported = {(f.location.line, f.location.column) for f in result.findings}
    if (line, column) in reported:
        return
    # Not reported: it must be a hit that resolved as a resource use, never a miss.
    targets = CAT.targets(decoded)
    hits = [t for t in targets if t.span_start == offset and t.app_id == app_id]
    assert hits, (text, result)
    spans, _notes = engine._spans(name, decoded, targets)
    roles = dict(zip(targets, resolve(decoded, targets, spans), strict=True))
    assert roles[hits[0]].role is Role.RESOURCE, (text, result)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    files=st.dictionaries(
        st.text("abcxyz", min_size=1, max_size=6).map(lambda s: s + ".ts")
        | st.sampled_from(["logo.png", "a.pyc", "blob", "big.json", "x.md"]),
        st.binary(max_size=3000) | st.just(b"\x00" * 2048) | st.just(b"x" * 2 * 1024 * 1024),
        min_size=1,
        max_size=6,
    )
)
def test_every_file_is_scanned_or_listed_as_skipped(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for file_name, data in files.items():
            (Path(tmp) / file_name).write_bytes(data)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["check", "--format", "json", "--max-file-size", "1", tmp])
        doc = json.loads(out.getvalue())
    assert code in (0, 1)
    assert doc["errors"] == []
    skipped = {Path(s["path"]).name: s["reason"] for s in doc["skipped"]}
    assert doc["files_scanned"] + len(skipped) == len(files)
    for file_name, data in files.items():
        if len(data) > 1024 * 1024:
            assert skipped[file_name].startswith("larger than the size cap")
        elif file_name in skipped:
            assert skipped[file_name] == "binary"
            assert scanners.module_for(file_name) == scanners.TEXT_SCANNER
