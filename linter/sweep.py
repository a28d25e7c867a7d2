"""The sweep: which files of a run need more than a glance.

Almost every file of a tree holds no catalog ID, and the whole cost of such a file used to be
the machinery around it (a Path, a `Source`, a result object built and judged, a fresh
256 KiB allocation per read). The sweep reads each file into one reused buffer, in a loop that
does nothing else, and keeps the index of every file that might need the full pipeline: one
holding a catalog ID (or a GUID that ends like one) or the suppression marker (an unused
comment is FPA100 even without an ID), a NUL byte in its head or a byte-order mark (binary,
or a wide encoding a bytes search cannot see), one too large for the buffer, an empty one
that is not a regular file, and one that failed to open or read. Every other file is clean by
the very tests `engine` applies, so its result is known; a kept file goes through
`engine.scan_file` as before, which reads it again and decides everything (a second read of
the rare file is cheaper than carrying bytes around for the common one).

Over the units of a plan, on several processes: `linter.sweep_workers`. Figures: README "Speed".
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Sequence

from linter import sources
from linter.catalog import Catalog

BUFFER = 256 * 1024  # files this size or larger take the full path (sources.read's one call)
# First bytes of the byte-order marks `sources.decode_kind` knows (a leading NUL is caught as
# a NUL in the head, the SNIFF bytes it judges).
_BOM_FIRST = frozenset(bom[0] for bom, _ in sources.BOMS) - {0}
# One pass finds both a GUID's tail (all but its first group) and the suppression marker
# (`first-party-lint:`, see linter.inline): both start with a literal dash, which `re` scans
# for at memchr speed. `findall` gives each tail, and an empty string for a marker.
_PROBE = re.compile(
    rb"-(?:([0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})|party-lint:)"
)
_MARKER = b"first-party-lint:"
SNIFF = sources.SNIFF

Name = str | bytes  # as listed (str), or as a worker receives it (bytes)


def _copy_into(fd: int, buffers: tuple[bytearray]) -> int:
    """`os.readv` where there is none (Windows): a read and a copy."""
    data = os.read(fd, len(buffers[0]))
    buffers[0][: len(data)] = data
    return len(data)


# One system call into the reused buffer (POSIX); a fresh 256 KiB object per read was half of
# the sweep's system time.
_readv: Callable[[int, tuple[bytearray]], int] = getattr(os, "readv", _copy_into)


def _glance(buffers: tuple[bytearray], path: Name) -> int:
    """Read a file into the buffer: its length, or -1 ("keep") when a search of ASCII bytes
    cannot judge it: too large for the buffer, a byte-order mark, a NUL in the head (binary,
    or UTF-16/32), not a regular file, or not readable. Bytes past the length are the
    previous file's: no test looks at them. (`sweep` makes the same tests inline.)"""
    buffer = buffers[0]
    try:
        fd = os.open(path, sources.OPEN_FLAGS)
        try:
            n = _readv(fd, buffers)
            # Empty: a regular file is clean; a FIFO or a device the walk did not see (a race,
            # a named path) reads as nothing too, and the full path names it.
            if n == 0:
                return 0 if stat.S_ISREG(os.fstat(fd).st_mode) else -1
        finally:
            os.close(fd)
    except OSError:  # the full path says why, in the user's words
        return -1
    if n == len(buffer) or buffer[0] in _BOM_FIRST or buffer.find(0, 0, min(n, SNIFF)) >= 0:
        return -1
    return n


def sweep(
    paths: Sequence[Name], catalog: Catalog, size: int, start: int = 0, stop: int | None = None
) -> list[int]:
    """The loop every file of a run passes through, kept as bare as Python allows: the
    indices (into `paths`, from `start` to `stop`) of the files that need the full scan."""
    buffers = (bytearray(size),)
    buffer = buffers[0]
    # A file is kept when a GUID's tail is a catalog ID's: its first group is not looked at,
    # so a GUID that only ends like an ID is kept too, and the full scan finds it clean. The
    # tails are compared in C (`isdisjoint`), not one by one in Python: a large tree holds
    # tens of thousands of GUIDs that are no catalog ID, and a lookup each was a tenth of
    # the sweep.
    tails = catalog.tails_bytes
    probe = _PROBE.findall
    lower = bytes.lower
    # `_glance`, inlined: a call per file was 5% of this loop.
    readv, flags, full, boms, sniff = _readv, sources.OPEN_FLAGS, len(buffer), _BOM_FIRST, SNIFF
    kept = []
    for index in range(start, len(paths) if stop is None else stop):
        try:
            fd = os.open(paths[index], flags)
            try:
                n = readv(fd, buffers)
                if n == 0 and not stat.S_ISREG(os.fstat(fd).st_mode):
                    n = -1  # a FIFO or a device the walk did not see: the full path names it
            finally:
                os.close(fd)
        except OSError:  # the full path says why, in the user's words
            n = -1
        if n <= 0:  # empty (clean), or kept
            if n:
                kept.append(index)
            continue
        if n == full or buffer[0] in boms or buffer.find(0, 0, sniff if n > sniff else n) >= 0:
            kept.append(index)
            continue
        found = probe(buffer, 0, n)
        if found and (
            not tails.isdisjoint(map(lower, found))
            or (b"" in found and buffer.find(_MARKER, 0, n) >= 0)
        ):
            kept.append(index)
    return kept


def mentioning(paths: Sequence[str], needles: Sequence[tuple[bytes, bytes]]) -> list[int]:
    """The indices of files that hold both bytes of a needle, or that bytes cannot judge:
    `linter.flows` looks for importers of a constant in every Python file of the run."""
    buffers = (bytearray(BUFFER),)
    buffer = buffers[0]
    kept = []
    for index, path in enumerate(paths):
        n = _glance(buffers, path)
        if n < 0 or any(
            buffer.find(first, 0, n) >= 0 and buffer.find(second, 0, n) >= 0
            for first, second in needles
        ):
            kept.append(index)
    return kept


def buffer_size(max_bytes: int) -> int:
    """A file filling the buffer is kept: so is one over the size cap, which `sources.read`
    then skips with its reason."""
    return min(BUFFER, max_bytes + 1) if max_bytes else BUFFER
