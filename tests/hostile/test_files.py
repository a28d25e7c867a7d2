"""Hostile files in one tree, one real CLI run: nothing crashes, every ID is still reported.

Each case is a file a repository can hold and a parser can choke on. The whole tree is scanned
by one subprocess (in JSON, and again in text for the notes), which also proves that the run
goes on after each of them: every assertion below reads the same run. Where an ID is present,
the finding is asserted at its line and column; where a file is degraded or skipped, its note
is asserted to be one line that names the file.

Formats parsed by scanners that are still being written (Python, JSON, YAML, .env) are asserted
the same way whether they fall back to the text scanner or are parsed: the promise is the same.
"""

from __future__ import annotations

import codecs
import io
import marshal
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import AZ_CLI, GRAPH
from runner import Run, findings, run

CLIENT = f'client_id = "{AZ_CLI}"\n'


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    found: list[tuple[int, int, str]] = field(default_factory=list)
    note: str | None = None  # a substring of the file's one-line note, when it must have one
    skipped: str | None = None  # the JSON skip reason
    quiet: bool = False  # a skip that the terminal leaves to -v and JSON


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("auth.py", CLIENT * 50)
    return buffer.getvalue()


def _pyc() -> bytes:
    code = compile(f"CLIENT_ID = {AZ_CLI!r}\n", "auth.py", "exec")
    return b"\x6f\x0d\x0d\x0a" + b"\x00" * 12 + marshal.dumps(code)


def _nested_json(depth: int) -> bytes:
    return ('{"a":' * depth + f'{{"ClientId": "{AZ_CLI}"}}' + "}" * depth).encode()


def _yaml_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append(f'client_id: "{AZ_CLI}"')
    return ("\n".join(lines) + "\n").encode()


XML_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<configuration><appSettings><add key="ClientId" value="{AZ_CLI}"/>&lol9;'
    + "</appSettings></configuration>\n"
).encode()
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">'
    '<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'
    f'<c><add key="ida:ClientId" value="{AZ_CLI}"/>&x;</c>\n'
).encode()
EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE c SYSTEM "http://127.0.0.1:9/c.dtd">\n'
    f'<c><add key="ClientId" value="{AZ_CLI}"/></c>\n'
).encode()


def _encoded(codec: str, bom: bytes) -> bytes:
    return bom + CLIENT.encode(codec)


CASES = [
    Case(
        "logo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        [],
        None,
        "binary",
        quiet=True,
    ),
    Case("bundle.zip", _zip(), [], None, "binary", quiet=True),
    Case("auth.cpython-312.pyc", _pyc(), [], None, "binary", quiet=True),
    Case(
        "nul.py",
        f'CLIENT_ID = "{AZ_CLI}"\x00\x00\n'.encode(),
        [(1, 14, "FPA001")],
        "contains NUL bytes",
    ),
    Case("nul-only.json", b"\x00" * 64, [], "contains NUL bytes"),
    Case(
        "invalid-utf8.cfg",
        b"[auth]\n# caf\xe9 \xff\xfe\xc3\n" + CLIENT.encode(),
        [(3, 14, "FPA001")],
    ),
    Case(
        "invalid-utf8.ts", b"\xfd\xfe\xff garbage \x80\x81\n" + CLIENT.encode(), [(2, 14, "FPA001")]
    ),
    *(
        Case(f"{label}.toml", _encoded(codec, bom), [(1, 14, "FPA001")])
        for label, codec, bom in [
            ("utf-8-bom", "utf-8", codecs.BOM_UTF8),
            ("utf-16-le-bom", "utf-16-le", codecs.BOM_UTF16_LE),
            ("utf-16-be-bom", "utf-16-be", codecs.BOM_UTF16_BE),
            ("utf-16-le", "utf-16-le", b""),
            ("utf-16-be", "utf-16-be", b""),
            ("utf-32-le-bom", "utf-32-le", codecs.BOM_UTF32_LE),
            ("utf-32-be-bom", "utf-32-be", codecs.BOM_UTF32_BE),
            ("utf-32-le", "utf-32-le", b""),
            ("utf-32-be", "utf-32-be", b""),
        ]
    ),
    Case("mixed-eol.ts", f"a = 1\r\nb = 2\rc = 3\n\r\n{CLIENT}\r".encode(), [(5, 14, "FPA001")]),
    Case("lone-cr.ini", f"[auth]\r; note\r{CLIENT}".encode(), [(3, 14, "FPA001")]),
    Case(
        "bom-lie.ts",
        b"\xff\xfe\x80 not UTF-16\n" + CLIENT.encode(),
        [(2, 14, "FPA001")],
        "starts with a UTF-16-LE byte order mark but is not",
    ),
    Case(
        "cjk-utf-16-le.ts",
        ("日本語の設定ファイル" * 40 + "\n" + CLIENT).encode("utf-16-le"),
        [(2, 14, "FPA001")],
        "contains NUL bytes",
    ),
    Case("empty.py", b""),
    Case("empty.json", b""),
    Case("empty.xml", b""),
    Case("deep.json", _nested_json(100_000), [(1, 500_015, "FPA001")]),
    Case(
        "deep-array.json",
        ("[" * 100_000 + f'"{AZ_CLI}"' + "]" * 100_000).encode(),
        [(1, 100_002, "FPA002")],
    ),
    Case("bomb.yaml", _yaml_bomb(), [(11, 13, "FPA001")]),
    Case(
        "recursive.yaml",
        f'a: &a [*a]\nb: &b {{x: *b}}\nclient_id: "{AZ_CLI}"\n'.encode(),
        [(3, 13, "FPA001")],
    ),
    Case("bomb.config", XML_BOMB, [(14, 56, "FPA001")], "entity declarations are not expanded"),
    Case("xxe.xml", XXE, [(3, 35, "FPA001")], "entity declarations are not expanded"),
    Case("external-dtd.xml", EXTERNAL_DTD, [(3, 31, "FPA001")]),
    Case(
        "broken.toml",
        f'{CLIENT}[[[broken\nx = "\n'.encode(),
        [(1, 14, "FPA001")],
        "parsed as text (toml: invalid TOML",
    ),
    Case(
        "broken.ini",
        (f"{CLIENT}this is not ini\nnor this\nnor that\n").encode(),
        [(1, 14, "FPA001")],
        "parsed as text (ini: line 2: not INI",
    ),
    Case(
        "broken.py",
        f"def f(:\n    CLIENT_ID = '{AZ_CLI}'\n".encode(),
        [(2, 18, "FPA001")],
        "parsed as text (python",
    ),
    # CPython 3.10's own parser segfaults on the first, libcst on both: python_depth refuses
    # them before either parser runs (regression: the check once ran only before libcst).
    Case(
        "deep-plus.py",
        ("x = " + "1+" * 200_000 + f"1\nCLIENT_ID = '{AZ_CLI}'\n").encode(),
        [(2, 14, "FPA001")],
        "parsed as text (python",
    ),
    Case(
        "deep-calls.py",
        ("x = f" + "()" * 100_000 + f"\nCLIENT_ID = '{AZ_CLI}'\n").encode(),
        [(2, 14, "FPA001")],
        "parsed as text (python",
    ),
    Case(
        "py2.py",
        f'print "hello"\nCLIENT_ID = "{AZ_CLI}"\nexec "x = 1"\n'.encode(),
        [(2, 14, "FPA001")],
        "parsed as text (python",
    ),
    Case(
        "broken.json",
        f'{{"ClientId": "{AZ_CLI}", \n'.encode(),
        [(1, 15, "FPA001")],
        "parsed as text (json",
    ),
    Case(
        "broken.yaml",
        f'client_id: "{AZ_CLI}"\n  - : [\n'.encode(),
        [(1, 13, "FPA001")],
        "parsed as text (yaml",
    ),
    Case(
        ".env",
        f"export AZURE_CLIENT_ID=\"{AZ_CLI}\nOTHER='unterminated\n\x1b[31m\n".encode(),
        [(1, 25, "FPA001")],
    ),
    Case(
        ".env.production",
        codecs.BOM_UTF16_LE + f"AZURE_CLIENT_ID={AZ_CLI}\r\n".encode("utf-16-le"),
        [(1, 17, "FPA001")],
    ),
    Case(
        ".env.local",
        f"AZURE_CLIENT_ID={AZ_CLI}\n\x00\x00\n".encode(),
        [(1, 17, "FPA001")],
        "contains NUL bytes",
    ),
    Case("scope.ts", f'const scope = "{GRAPH}/.default";\n'.encode()),
]
IDS = [case.name for case in CASES]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run]:
    tree = tmp_path_factory.mktemp("hostile")
    for case in CASES:
        (tree / case.name).write_bytes(case.data)
    as_json = run("check", "--format", "json", ".", cwd=tree)
    as_text = run("check", ".", cwd=tree)
    return as_json, as_text


def test_the_run_finishes_with_findings_and_no_error(runs: tuple[Run, Run]) -> None:
    as_json, as_text = runs
    assert as_json.returncode == as_text.returncode == 1, as_json.stderr
    assert as_json.doc["errors"] == []
    assert "Traceback" not in as_json.stderr + as_text.stderr
    assert as_json.doc["files_scanned"] == sum(1 for c in CASES if c.skipped is None)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case(runs: tuple[Run, Run], case: Case) -> None:
    as_json, as_text = runs
    mine = [(line, col, rule) for path, line, col, rule in findings(as_json) if path == case.name]
    assert mine == case.found
    skipped = {s["path"]: s["reason"] for s in as_json.doc["skipped"]}
    assert skipped.get(case.name) == case.skipped
    notes = as_text.notes_for(case.name)
    if case.skipped and case.quiet:
        assert notes == []
    elif case.skipped:
        assert notes == [f"skipped, {case.skipped}"]
    if case.note is not None:
        assert len(notes) == 1, as_text.stderr
        assert case.note in notes[0]
        json_notes = [n["note"] for n in as_json.doc["notes"] if n["path"] == case.name]
        assert json_notes == notes


def test_quiet_skips_are_listed_with_verbose(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(CASES[0].data)
    result = run("check", "-v", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert result.notes_for("logo.png") == ["skipped, binary"]
    assert "1 skipped (binary: 1)" in result.stdout
