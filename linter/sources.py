"""Reading a file into text: size cap, binary sniffing and the encodings Windows tools write.

appsettings files saved by Visual Studio are often UTF-8 with a BOM or UTF-16, and a linter
that reads them as bytes misses every ID in them. Decoding is postponed until the prefilter has
seen a catalog ID in the raw bytes, because almost no file has one.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from linter.findings import Skipped

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
_SNIFF = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Source:
    """Raw bytes and how to decode them; `ascii_compatible` means the bytes can be prefiltered."""

    data: bytes
    encoding: str
    bom: int = 0

    @property
    def ascii_compatible(self) -> bool:
        return self.encoding == "utf-8"

    def text(self) -> str:
        """Decoded text with `\n` line ends, as libcst and PyYAML count lines.

        Undecodable bytes become U+FFFD so every other character keeps its place, and CR LF or a
        lone CR become LF so that every parser and the report agree on line numbers.
        """
        body = self.data[self.bom :]
        text = body.decode(self.encoding, errors="replace")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in every other byte of its ASCII characters."""
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - (len(head) % 2)]
    if len(head) < 4:
        return None
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    half = len(head) // 2
    if odd_nul > 0.4 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.4 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def decode_kind(data: bytes) -> tuple[str, int] | None:
    """The encoding and BOM length of `data`, or None when it looks binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    head = data[:_SNIFF]
    if b"\x00" not in head:
        return "utf-8", 0
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16, 0
    # A NUL alone does not make a file binary: source files with a stray NUL are still text,
    # and their IDs must be found. Images, archives and bytecode are not valid UTF-8.
    return ("utf-8", 0) if _is_utf8(head, complete=len(data) <= _SNIFF) else None


def _is_utf8(head: bytes, complete: bool) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sniffed window may end inside a multi-byte character.
        return (
            not complete and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
        )
    return True


def read(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | Skipped:
    """Read one file, or say in one line why it is not scanned."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if max_bytes and size > max_bytes:
                return Skipped(
                    display, f"larger than the size cap ({_mib(size)} > {_mib(max_bytes)})"
                )
            data = handle.read(max_bytes + 1 if max_bytes else -1)
    except IsADirectoryError:
        return Skipped(display, "is a directory")
    except PermissionError:
        return Skipped(display, "permission denied")
    except FileNotFoundError:
        return Skipped(display, "no longer exists")
    except OSError as exc:
        return Skipped(display, f"cannot be read: {exc.strerror or exc}")
    if max_bytes and len(data) > max_bytes:
        return Skipped(display, f"grew past the size cap ({_mib(max_bytes)}) while being read")
    kind = decode_kind(data)
    if kind is None:
        return Skipped(display, "binary")
    encoding, bom = kind
    return Source(data, encoding, bom)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"
