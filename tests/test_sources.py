"""Decoding: the encodings Windows tools write, binary sniffing, size caps, line ends."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from helpers import AZ_CLI

from linter import sources
from linter.findings import Skipped

TEXT = f'{{\n  "AzureAd": {{ "ClientId": "{AZ_CLI}" }}\n}}\n'


@pytest.mark.parametrize(
    ("raw", "encoding", "prefilterable"),
    [
        pytest.param(TEXT.encode(), "utf-8", True, id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode(), "utf-8", True, id="utf-8-bom"),
        pytest.param(
            codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", False, id="utf-16-le-bom"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", False, id="utf-16-be-bom"
        ),
        pytest.param(TEXT.encode("utf-16-le"), "utf-16-le", False, id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("utf-16-be"), "utf-16-be", False, id="utf-16-be-no-bom"),
        pytest.param(
            codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", False, id="utf-32-le-bom"
        ),
    ],
)
def test_decoding(tmp_path: Path, raw: bytes, encoding: str, prefilterable: bool) -> None:
    path = tmp_path / "appsettings.json"
    path.write_bytes(raw)
    source = sources.read(path, "appsettings.json")
    assert isinstance(source, sources.Source)
    assert source.encoding == encoding
    assert source.ascii_compatible is prefilterable
    assert source.text() == TEXT


def test_invalid_utf8_keeps_positions(tmp_path: Path) -> None:
    path = tmp_path / "x.cfg"
    path.write_bytes(b"caf\xe9 = 1\nclient_id = " + AZ_CLI.encode() + b"\n")
    source = sources.read(path, "x.cfg")
    assert isinstance(source, sources.Source)
    assert source.text().splitlines()[1] == f"client_id = {AZ_CLI}"


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        (b"a\r\nb\r\n", ["a", "b"]),
        (b"a\rb\rc", ["a", "b", "c"]),
        (b"a\r\nb\rc\n", ["a", "b", "c"]),
    ],
)
def test_line_ends_are_normalised(tmp_path: Path, raw: bytes, lines: list[str]) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(raw)
    source = sources.read(path, "f.txt")
    assert isinstance(source, sources.Source)
    assert source.text().split("\n")[: len(lines)] == lines


def test_binary_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert sources.read(path, "image.png") == Skipped("image.png", "binary")


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2048)
    result = sources.read(path, "big.json", max_bytes=1024)
    assert isinstance(result, Skipped)
    assert result.reason.startswith("larger than the size cap")
    assert isinstance(sources.read(path, "big.json", max_bytes=0), sources.Source)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.py"
    path.write_bytes(b"")
    source = sources.read(path, "empty.py")
    assert isinstance(source, sources.Source)
    assert source.text() == ""


def test_directory_and_missing(tmp_path: Path) -> None:
    assert sources.read(tmp_path, "d") == Skipped("d", "is a directory")
    assert sources.read(tmp_path / "gone", "gone") == Skipped("gone", "no longer exists")


def test_a_stray_nul_does_not_make_text_binary(tmp_path: Path) -> None:
    """Regression: a source file with one NUL was skipped as binary and its IDs missed."""
    path = tmp_path / "auth.py"
    path.write_bytes(f'CLIENT_ID = "{AZ_CLI}"\n\x00\n'.encode())
    source = sources.read(path, "auth.py")
    assert isinstance(source, sources.Source)
    assert AZ_CLI in source.text()


def test_multibyte_character_cut_by_the_sniff_window_is_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\x00" + b"a" * 8188 + "é".encode() * 2000)
    assert isinstance(sources.read(path, "notes.txt"), sources.Source)
