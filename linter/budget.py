"""A per-file time budget for the structured parse, so one pathological file cannot stall a run.

Python threads cannot be killed, and a worker process per file would cost more than the scan of
almost every file, so the budget is an interval timer: `signal.setitimer(ITIMER_REAL)` raises
`OverBudget` from the SIGALRM handler in the middle of the parse. That works on POSIX, in the
main thread, where the CLI runs. Everywhere else (Windows, a library caller in a thread, or a
caller that already uses SIGALRM) there is no timer, and the fallback is to skip the structured
parse of texts above `FALLBACK_CHARS`, the size where a parser could plausibly take seconds.

Either way the text scanner, which is linear and cannot be interrupted, still reads the file, so
a file over budget costs precision (a note, roles from the line) and never an ID.

`OverBudget` derives from BaseException so that a scanner's own `except Exception` cannot
swallow it. A signal is only handled between Python bytecodes: a parser stuck inside one C
call (a regex, a native tokenizer) is interrupted when that call returns, which is why every
regex in the package must be linear and the fallback size limit applies when there is no timer.

`signal` is imported by the functions that use it: only a file with an ID is parsed, and a
pre-commit run over clean files would pay 1 ms for it (`signal` builds its enums at import).
Whether this is the main thread is asked of `signal` itself, not `threading` (another ms in
each process that parses).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import FrameType

DEFAULT_SECONDS = 5.0
FALLBACK_CHARS = 4 * 1024 * 1024


class OverBudget(BaseException):
    """The structured parse of one file took longer than its budget."""


def has_timer() -> bool:
    """Whether `limit` can interrupt a parse here: POSIX timers, main thread, SIGALRM unused
    (no handler of the caller's, none installed outside Python, and no interval timer of
    theirs running)."""
    import signal

    if not hasattr(signal, "setitimer"):
        return False
    if signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):  # the caller's own timer is running
        return False
    handler = signal.getsignal(signal.SIGALRM)
    if handler not in (signal.SIG_DFL, signal.SIG_IGN):
        return False  # the caller's, or one set outside Python (`limit` could not restore it)
    try:  # the same handler again: only the main thread may set one (asked without threading)
        signal.signal(signal.SIGALRM, handler)
    except ValueError:
        return False
    return True


def _raise(_signum: int, _frame: FrameType | None) -> None:
    raise OverBudget


@contextmanager
def limit(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the body after `seconds` (0: no limit). Requires `has_timer()`."""
    if seconds <= 0:
        yield
        return
    import signal

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
