"""Where a process starts: the `first-party-lint` script and `python -m linter` run `main`.

A pre-commit hook pays its start-up on every commit, and Python's cyclic garbage collector was
an eighth of it: importing the CLI builds some 60,000 objects, none of them garbage, and the
collector walked them 16 times during the imports and once more at exit (5 ms of a 42 ms run
over 10 clean files). So the imports run with the collector paused, and what they built is
frozen (`gc.freeze`: left out of every later collection; it lives until exit anyway). The scan
itself runs with the collector on, as before.

Apart from this, `linter.cli.main` is the entry point (tests and library callers use it).
"""

from __future__ import annotations

import gc


def main() -> int:
    enabled = gc.isenabled()
    gc.disable()
    try:
        from linter import cli
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return cli.main()
