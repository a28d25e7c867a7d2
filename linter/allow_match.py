"""Which findings an `allow` entry covers: its app (an ID, or part of a name) and its paths.

Paths are gitignore-style patterns relative to the entry's `root` (the folder of the config
file that declared it), matched against the finding's path made relative to that folder; paths
are compared as displayed, without resolving symbolic links, as the reports name them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from linter import ignore_rules
from linter.findings import AllowEntry, Finding

_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_app_id(app: str) -> bool:
    """An entry names an app by its canonical ID, or else by part of its name."""
    return _GUID.fullmatch(app) is not None


def matches(entry: AllowEntry, finding: Finding) -> bool:
    """The entry names the finding's app and one of its paths (if any) holds the finding."""
    if not entry.app.strip():  # an empty name would be part of every name
        return False
    if is_app_id(entry.app):
        if finding.app.app_id != entry.app:
            return False
    elif entry.app.casefold() not in finding.app.name.casefold():
        return False
    relative = _relative(finding.location.path, entry.root)
    if relative is None:
        return False
    return not entry.paths or any(glob_matches(p, relative) for p in entry.paths)


def _relative(path: str, root: str) -> str | None:
    """`path` relative to `root`, `/`-separated, or None when it is not below it."""
    try:
        rel = os.path.relpath(absolute(path), absolute(root))
    except ValueError:  # Windows: another drive is never below the root
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return rel.replace(os.sep, "/")


def absolute(path: str) -> str:
    """Absolute and normalised, without resolving links: paths are compared as displayed."""
    return os.path.normpath(Path(path).absolute())


def inside_any(root: str, folders: Sequence[str]) -> bool:
    return any(_relative(root, folder) is not None for folder in folders)


def glob_matches(pattern: str, relative: str) -> bool:
    """gitignore-style, with the matcher `exclude` uses (`linter.ignore_rules`): `*.json` at
    any depth, `src/*.py` and `/x` from the root, `tests/` a folder, `**` any number of
    folders. A pattern naming a folder covers every file under it, as an excluded folder
    does."""
    patterns = ignore_rules.PatternSet("", (pattern,))
    parts = relative.split("/")
    for depth in range(1, len(parts) + 1):
        is_dir = depth < len(parts)
        if patterns.decide(os.sep + os.sep.join(parts[:depth]), is_dir):  # noqa: PTH118
            return True
    return False
