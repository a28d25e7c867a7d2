"""Where a process starts: the `first-party-lint` script and `python -m linter` run `run`.

A pre-commit hook pays its start-up on every commit, and Python's cyclic garbage collector was
an eighth of it: importing the CLI builds some 60,000 objects, none of them garbage, and the
collector walked them 16 times during the imports and once more at exit (5 ms of a 42 ms run
over 10 clean files). So the imports run with the collector paused, and what they built is
frozen (`gc.freeze`: left out of every later collection; it lives until exit anyway).

The scan runs with the collector on, but at a much higher threshold: a run over a large tree
makes a few objects per file (a name, a result) and none of them cyclic, and at the default
(a young collection every 700 allocations, each tenth promoting) the collector was 20-30 ms of
CPU of a 100 MB scan, about 5% (measured: README "Speed"). Parsers do build cyclic garbage
(libcst's trees); at this threshold it is collected every 100,000 allocations, a few MiB.

At the end the process leaves without the interpreter's teardown (`run`, as mypy does):
freeing every module and object at exit was 3-4 ms of every run, and nothing is left to do;
`main` returns instead, for a caller that goes on.

Apart from this, `linter.cli.main` is the entry point (tests and library callers use it).
"""

from __future__ import annotations

import gc

_YOUNG = 100_000  # allocations between young collections (CPython's default: 700)


def main() -> int:
    import sys

    from linter import git_prefetch

    git_prefetch.start(sys.argv[1:])  # git's file list, on the other core during the imports
    enabled = gc.isenabled()
    gc.disable()
    try:
        from linter import cli
    finally:
        gc.freeze()
        gc.set_threshold(_YOUNG, 50, 100)
        if enabled:
            gc.enable()
    return cli.main()


def run() -> int:
    """`main` for the `first-party-lint` script and `python -m linter`, leaving at once."""
    code = main()
    _leave(code)
    return code  # a tracer or profiler is active: the usual exit, so it can report


def _leave(code: int) -> None:
    """Exit now, skipping the teardown: the `atexit` handlers run (a coverage tool's among
    them) and the output is flushed first. Not with a tracer or profiler active (coverage,
    cProfile, a debugger): they report after the entry point returns."""
    import sys

    if sys.gettrace() is not None or sys.getprofile() is not None:
        return
    import atexit
    import contextlib
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`), stream
            stream.flush()
    os._exit(code)
