"""Which lines a `git diff --raw --numstat -p -U0 -z` says were added or changed, per file.

One git process gives three views of the same file pairs, in the same order: `--raw` (status,
modes, both paths of a rename, NUL-separated so any path is exact), `--numstat` (`-` for a
binary file) and the patch, whose hunk headers `@@ -a,b +c,d @@` give the new side's lines.
The patch names files only in C-quoted form, so hunks are tied to a file by its `+++ b/...`
line, unquoted back to bytes; a file pair without that line (a pure rename, a mode change, a
deletion, a binary file) has no added text lines.

A hunk's lines are counted, not pattern-matched: an added line `++ x` is printed `+++ x`,
which only the count tells apart from a file header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.gitio import Change, is_rename, parse_change

_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {
    ord("a"): 7,
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("v"): 11,
    ord("f"): 12,
    ord("r"): 13,
    ord('"'): 34,
    ord("\\"): 92,
}


def unquote(name: bytes) -> bytes:
    """A path as git prints it in a patch header, back to its bytes.

    Unusual names are C-quoted (`"b/new\\nline"`, octal escapes for other bytes); a name with
    a space is followed by a TAB (for GNU patch), which a real trailing TAB never is: it would
    have been quoted.
    """
    if not name.startswith(b'"'):
        return name[:-1] if name.endswith(b"\t") else name
    out = bytearray()
    i = 1
    while i < len(name) and name[i] != ord('"'):
        char = name[i]
        if char != ord("\\"):
            out.append(char)
            i += 1
            continue
        nxt = name[i + 1 : i + 2]
        if nxt.isdigit():
            out.append(int(name[i + 1 : i + 4], 8))
            i += 4
        else:
            out.append(_ESCAPES.get(nxt[0], nxt[0]) if nxt else 92)
            i += 2
    return bytes(out)


def added_lines(patch: bytes) -> dict[bytes, set[int]]:
    """New-side line numbers of every hunk, keyed by the new path (bytes)."""
    found: dict[bytes, set[int]] = {}
    current: bytes | None = None
    old_left = new_left = 0
    for line in patch.split(b"\n"):
        if old_left or new_left:  # inside a hunk: its lines, however they look
            if line.startswith(b"-"):
                old_left -= 1
            elif line.startswith(b"+"):
                new_left -= 1
            continue
        if line.startswith(b"diff --git "):
            current = None
        elif line.startswith(b"+++ "):
            name = unquote(line[4:])
            current = name[2:] if name.startswith(b"b/") else None  # None: /dev/null
        elif current is not None and (match := _HUNK.match(line)):
            old_count, start, new_count = match.groups()
            old_left = 1 if old_count is None else int(old_count)
            new_left = 1 if new_count is None else int(new_count)
            found.setdefault(current, set()).update(range(int(start), int(start) + new_left))
    return found


def changed(output: bytes) -> Iterator[tuple[Change, frozenset[int] | None]]:
    """Each file pair that still exists, with its added lines; None: every line (binary)."""
    parts = output.split(b"\0")
    pos = 0
    entries: list[Change] = []
    while pos < len(parts) and parts[pos].startswith(b":"):
        if is_rename(parts[pos]):
            entries.append(parse_change(parts[pos], parts[pos + 1], parts[pos + 2]))
            pos += 3
        else:
            entries.append(parse_change(parts[pos], parts[pos + 1]))
            pos += 2
    # `--numstat`: one record per entry, `added<TAB>deleted<TAB>path`; for a rename the path
    # is empty and the two paths follow as fields of their own.
    binary: list[bool] = []
    for _ in entries:
        record = parts[pos]
        pos += 1
        binary.append(record.startswith(b"-\t-\t"))
        if record.split(b"\t", 2)[2:] == [b""]:
            pos += 2
    lines = added_lines(b"\0".join(parts[pos:]))
    for entry, is_binary in zip(entries, binary, strict=True):
        if entry.status != "D":
            yield entry, None if is_binary else frozenset(lines.get(entry.path, ()))
