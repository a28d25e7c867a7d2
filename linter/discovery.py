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


class PathError(Exception):
    """A path named by the user does not exist: a usage error."""


@dataclass(frozen=True)
class FileRef:
    """A file to scan: where it is, and how reports name it (relative, `/`-separated)."""

    path: Path
    display: str


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when below it, else absolute; always `/`-separated."""
    absolute = path if path.is_absolute() else cwd / path
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        return absolute.as_posix()
    if rel.startswith(".."):
        return Path(os.path.normpath(absolute)).as_posix()
    return Path(rel).as_posix()


def _skip_dir(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    if name in SKIP_DIRS or name.endswith(".egg-info"):
        return True
    # A virtual environment by any name (env/, .env-3.12/) carries pyvenv.cfg. os.path, not
    # pathlib: this runs for every directory of a large tree.
    return os.path.isfile(os.path.join(entry.path, "pyvenv.cfg"))  # noqa: PTH113, PTH118


def walk(root: Path) -> Iterator[Path]:
    """Every regular file below `root`, sorted per directory, symlinks not followed."""
    stack = [str(root)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            try:
                if entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if not _skip_dir(entry):
                        subdirs.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    yield Path(entry.path)
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def check_paths(paths: Sequence[str]) -> list[Path]:
    """The paths as given, or PathError naming every one that does not exist."""
    resolved = [Path(p) for p in paths]
    missing = [str(p) for p in resolved if not os.path.lexists(p)]
    if missing:
        raise PathError(", ".join(missing))
    return resolved


def iter_files(paths: Iterable[Path], cwd: Path | None = None) -> Iterator[FileRef]:
    """Files to scan, each once, in a deterministic order."""
    base = cwd or Path.cwd()
    seen: set[str] = set()
    for path in paths:
        candidates = walk(path) if path.is_dir() else iter((path,))
        for file in candidates:
            display = display_path(file, base)
            if display in seen:
                continue
            seen.add(display)
            yield FileRef(file, display)
