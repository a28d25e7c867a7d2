"""`python -m linter`: the same entry point as the `first-party-lint` script."""

from __future__ import annotations

from linter.entry import run

raise SystemExit(run())
