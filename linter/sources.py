"""Reading a file into text: size cap, binary sniffing and the encodings Windows tools write.

appsettings files saved by Visual Studio are often UTF-8 with a BOM or UTF-16, and a linter
that reads them as bytes misses every ID in them. Decoding is postponed until the prefilter has
seen a catalog ID in the raw bytes, because almost no file has one.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from linter.findings import Skipped
from linter.values import Value, set_field

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
SNIFF = 8192  # the head that decides binary or a wide encoding
_SMALL = 256 * 1024  # read in one call below this size
# Read-only, and never blocking: a FIFO named on the command line (or swapped in for a file
# during the run) would otherwise hang `open()` until a writer appears.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1024 * 1024
BINARY = "binary"
OWN_FILE = "first-party-lint baseline or report"  # the skip reason of the tool's own files

# Names that promise text although no structured scanner reads them: source code and scripts.
# A file so named that holds NUL bytes is still scanned (with a note), because a stray NUL in
# a .py or .cs file must not hide the client ID next to it; any other binary-looking file
# (an image, an archive, a .pyc) is skipped and listed.
_TEXT_SUFFIXES = frozenset(
    """
    .py .pyi .pyw .js .jsx .mjs .cjs .ts .tsx .cs .csx .vb .fs .fsx .java .kt .kts .scala .go
    .rs .rb .php .pl .pm .swift .m .mm .c .h .cc .cpp .hpp .cxx .ps1 .psm1 .psd1 .sh .bash .zsh
    .fish .bat .cmd .tf .tfvars .hcl .bicep .bicepparam .sql .gradle .properties .groovy .r
    .lua .dart .ex .exs .erl .clj .vue .svelte .css .scss .less .ipynb .razor .cshtml .jsp
    .tmpl .j2 .jinja .tpl .csv .tsv .log
    """.split()  # noqa: SIM905
)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class Source(Value):
    """Raw bytes and how to decode them; `ascii_compatible` means the bytes can be prefiltered.

    `binary` marks bytes that look binary (NUL bytes in the first 8 KiB, and not UTF-16 or
    UTF-32) in a file named like text: the engine reads it with the text scanner only, and
    says so in a note. Binary-looking files with other names never become a Source.
    """

    __slots__ = _fields = ("data", "encoding", "bom", "binary")
    data: bytes
    encoding: str
    bom: int
    binary: bool

    def __init__(self, data: bytes, encoding: str, bom: int = 0, binary: bool = False) -> None:
        set_field(self, "data", data)
        set_field(self, "encoding", encoding)
        set_field(self, "bom", bom)
        set_field(self, "binary", binary)

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


def _utf32_without_bom(head: bytes) -> str | None:
    """UTF-32 text without a BOM has three NULs in every four bytes of its ASCII characters."""
    head = head[: len(head) - (len(head) % 4)]
    if len(head) < 8:
        return None
    quarter = len(head) // 4
    lanes = [head[i::4].count(0) for i in range(4)]
    if lanes[0] < 0.05 * quarter and min(lanes[1:]) > 0.9 * quarter:
        return "utf-32-le"
    if lanes[3] < 0.05 * quarter and min(lanes[:3]) > 0.9 * quarter:
        return "utf-32-be"
    return None


def decode_kind(data: bytes) -> tuple[str, int] | None:
    """The encoding and BOM length of `data`, or None when it looks binary."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    head = data[:SNIFF]
    if b"\x00" not in head:
        return "utf-8", 0
    # UTF-32 first: its ASCII also has a NUL in every other byte, which reads as UTF-16.
    wide = _utf32_without_bom(head) or _utf16_without_bom(head)
    return (wide, 0) if wide else None


def named_like_text(name: str) -> bool:
    """Whether a file name promises text: a structured scanner's pattern or a source suffix."""
    from linter import scanners

    if scanners.module_for(name) != scanners.TEXT_SCANNER:
        return True
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in _TEXT_SUFFIXES


def _open(path: str | Path) -> int:
    """A read-only descriptor that never blocks: a FIFO named on the command line (or swapped
    in for a file during the run) would otherwise hang `open()` until a writer appears."""
    return os.open(path, OPEN_FLAGS)


def read(path: str | Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source | Skipped:
    """Read one file, or say in one line why it is not scanned.

    Only regular files are read: a device (`/dev/zero`), a FIFO or a socket never ends or
    never starts, and the size cap is checked on the open descriptor, so a file swapped,
    truncated or grown between discovery and reading is judged by what is actually read.
    """
    try:
        fd = _open(path)
    except IsADirectoryError:
        return Skipped(display, "is a directory")
    except PermissionError:
        return Skipped(display, "permission denied")
    except FileNotFoundError:
        if os.path.islink(path):  # noqa: PTH114 (a str or a Path)
            return Skipped(display, "symbolic link to a file that does not exist")
        return Skipped(display, "no longer exists")
    except OSError as exc:
        return Skipped(display, f"cannot be read: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return Skipped(display, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            return Skipped(display, "not a regular file (a device, FIFO or socket)")
        if max_bytes and info.st_size > max_bytes:
            return Skipped(
                display, f"larger than the size cap ({_mib(info.st_size)} > {_mib(max_bytes)})"
            )
        # The head decides "binary" before the rest is read: a 1 GB image costs 8 KiB. A small
        # file (most of a tree) is read whole in one call: one system call, not three.
        small = info.st_size < _SMALL
        data = os.read(fd, info.st_size + 1) if small else _read_all(fd, SNIFF)
        kind = decode_kind(data[:SNIFF])
        if kind is None and not named_like_text(os.path.basename(path)):  # noqa: PTH119
            return Skipped(display, BINARY)
        sniffed = len(data)
        limit = max(0, max_bytes + 1 - len(data)) if max_bytes else -1
        if limit and not (small and len(data) <= info.st_size):  # a short read: end of file
            data += _read_all(fd, limit)
        if sniffed < SNIFF and len(data) > sniffed:  # the head grew: judge it again
            kind = decode_kind(data[:SNIFF])
    except OSError as exc:
        return Skipped(display, f"cannot be read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if max_bytes and len(data) > max_bytes:
        return Skipped(display, f"grew past the size cap ({_mib(max_bytes)}) while being read")
    return _source(data, kind)


def from_bytes(
    data: bytes, display: str, name: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Source | Skipped:
    """`read` for content already in memory (a git blob), judged as a file called `name`."""
    if max_bytes and len(data) > max_bytes:
        return Skipped(display, size_cap_reason(len(data), max_bytes))
    if decode_kind(data[:SNIFF]) is None and not named_like_text(name):
        return Skipped(display, BINARY)
    return _decoded(data)


def size_cap_reason(size: int, max_bytes: int) -> str:
    return f"larger than the size cap ({_mib(size)} > {_mib(max_bytes)})"


def _decoded(data: bytes) -> Source:
    return _source(data, decode_kind(data))


def _source(data: bytes, kind: tuple[str, int] | None) -> Source:
    """`kind`: `decode_kind` of the data's head, which is all it looks at."""
    if kind is None:
        return Source(data, "utf-8", binary=True)
    encoding, bom = kind
    return Source(data, encoding, bom)


def _read_all(fd: int, limit: int) -> bytes:
    """Up to `limit` bytes (-1: all), in chunks: `os.read` returns short reads."""
    chunks: list[bytes] = []
    total = 0
    while limit < 0 or total < limit:
        want = _CHUNK if limit < 0 else min(_CHUNK, limit - total)
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


# How each of this tool's reports begins: a report left in the tree by an earlier run (say
# `--output results.sarif`) lists every ID it found and must not come back as findings.
_OWN_MARKERS = (  # every part of one entry must be in the file's first kilobyte
    (b"sarif-2.1.0", b'"name": "first-party-lint"'),  # SARIF: schema and tool.driver
    (b'"fingerprints": "first-party-lint/',),  # baseline
    (b'<testsuites name="first-party-lint"',),  # JUnit
    (b'{\n  "schema": 1,\n  "version": "', b'"catalog_version": "'),  # JSON
    (b'"check_name": "FPA0', b'"fingerprint": "'),  # GitLab Code Quality
    (b",title=FPA0",),  # GitHub workflow commands
)
_HEAD = 1024


def is_own_report(data: bytes) -> bool:
    """Whether `data` is a report or baseline this tool wrote: judged on bytes already read,
    only for files that hold an ID."""
    head = data[:_HEAD]
    return any(all(part in head for part in marker) for marker in _OWN_MARKERS)
