"""Which files a run looks at.

Files named on the command line are always scanned: that is how pre-commit calls the hook,
and a user who names a file means it. Directories are walked without following symbolic links
(no loops, nothing outside the tree), skipping version-control data, virtual environments,
dependency folders and build output, but not dotfiles such as `.env` or `.github/`, where
client IDs live.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from linter.findings import Skipped

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "node_modules",
        "bower_components",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".eggs",
        ".direnv",
        ".terraform",
        ".angular",
        ".next",
        ".gradle",
        "build",
        "dist",
        "site-packages",
    }
)


# A link to a file of the tree itself: that file is scanned where it stands, so the skip is
# listed (JSON, -v) but not worth a line in the terminal.
SYMLINK_INSIDE = "symbolic link not followed (target inside the scanned tree)"


class PathError(Exception):
    """A path named by the user does not exist: a usage error."""


@dataclass(frozen=True)
class FileRef:
    """A file to scan: where it is, and how reports name it (relative, `/`-separated)."""

    path: Path
    display: str


def safe_name(name: str) -> str:
    """A path as one printable line: what a terminal, a CI log and a JSON parser all accept.

    File names are bytes on POSIX. One that is not valid UTF-8 reaches Python with surrogate
    escapes, which no UTF-8 stream can encode (printing it would crash the run), and one with
    a newline or an escape sequence would forge report lines or repaint the terminal. Such
    characters are written as Python escapes (`\\xff`, `\\n`, `\\u202e`); every other name
    is unchanged.
    """
    if name.isprintable():
        return name
    out = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode escapes it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1] if code > 0xFF or char in "\t\n\r" else f"\\x{code:02x}")
    return "".join(out)


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when below it, else absolute; `/`-separated and
    printable (`safe_name`)."""
    absolute = path if path.is_absolute() else cwd / path
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        return safe_name(absolute.as_posix())
    if rel.startswith(".."):
        return safe_name(Path(os.path.normpath(absolute)).as_posix())
    return safe_name(Path(rel).as_posix())


def _skip_dir(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    if name in SKIP_DIRS or name.endswith(".egg-info"):
        return True
    # A virtual environment by any name (env/, .env-3.12/) carries pyvenv.cfg. os.path, not
    # pathlib: this runs for every directory of a large tree.
    return os.path.isfile(os.path.join(entry.path, "pyvenv.cfg"))  # noqa: PTH113, PTH118


def _symlink_reason(link: str, root: str) -> str:
    """Why a symbolic link is not followed, in the words a user can act on."""
    target = os.path.realpath(link)
    if not os.path.exists(link):  # noqa: PTH110 (a str from scandir; hot path)
        return "symbolic link not followed (broken or a loop)"
    inside = target == root or target.startswith(root.rstrip(os.sep) + os.sep)
    if not inside:
        return "symbolic link not followed (points outside the scanned tree)"
    return SYMLINK_INSIDE


def walk(root: Path) -> Iterator[Path | Skipped]:
    """Every regular file below `root`, sorted per directory, symlinks not followed.

    What is not walked is said, never silently dropped: a folder that cannot be listed and a
    symbolic link come back as `Skipped` with the reason (their paths as given, made
    printable by the caller).
    """
    real_root = os.path.realpath(root)
    stack = [str(root)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else None
            yield Skipped(current, f"folder {reason or 'cannot be read: ' + str(exc.strerror)}")
            continue
        subdirs = []
        for entry in entries:
            try:
                if entry.is_symlink():
                    yield Skipped(entry.path, _symlink_reason(entry.path, real_root))
                elif entry.is_dir(follow_symlinks=False):
                    if not _skip_dir(entry):
                        subdirs.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    yield Path(entry.path)
                else:  # reading a FIFO would block until a writer comes, a device never ends
                    yield Skipped(entry.path, "not a regular file (a device, FIFO or socket)")
            except OSError as exc:
                yield Skipped(entry.path, f"cannot be examined: {exc.strerror or exc}")
        stack.extend(reversed(subdirs))


def check_paths(paths: Sequence[str]) -> list[Path]:
    """The paths as given, or PathError naming every one that does not exist."""
    resolved = [Path(p) for p in paths]
    missing = [safe_name(str(p)) for p in resolved if not os.path.lexists(p)]
    if missing:
        raise PathError(", ".join(missing))
    return resolved


def iter_files(paths: Iterable[Path], cwd: Path | None = None) -> Iterator[FileRef | Skipped]:
    """Files to scan, each once, in a deterministic order, and what the walk left out."""
    base = cwd or Path.cwd()
    seen: set[str] = set()
    for path in paths:
        candidates = walk(path) if path.is_dir() else iter((path,))
        for file in candidates:
            if isinstance(file, Skipped):
                yield Skipped(display_path(Path(file.path), base), file.reason)
                continue
            display = display_path(file, base)
            if display in seen:
                continue
            seen.add(display)
            yield FileRef(file, display)
