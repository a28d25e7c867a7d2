"""Writing generated files, or checking that the committed ones are current.

Every generator in scripts/ has the same contract: write only what changed, and with
`--check` write nothing and fail when a committed file differs, so that a test can prove the
repository holds what the generator would produce.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path


def write_or_check(outputs: Mapping[Path, str], check: bool) -> int:
    """Exit status: 0 when current (or written), 1 when `check` found a stale file."""
    stale = []
    for path, content in outputs.items():
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        stale.append(path.name)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    if check and stale:
        print(f"out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0
