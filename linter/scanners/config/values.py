"""What the config scanners share: the hits a value holds, and keys written inside a value.

A config value is often more than an ID: a sign-in URL carries `client_id=<id>`, a connection
string `AppClientId=<id>;`, a tox `setenv` line `AZURE_CLIENT_ID = <id>`. The key inside the
value says more than the key that holds it, so such a hit gets a narrower span of its own, which
the engine prefers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from linter import roles
from linter.findings import Role, Span, Target

# How much of a value before a hit is read for a key: `nearest_key` looks no further anyway.
_LOOKBACK = 160


class Hits:
    """The prefilter's hits with range queries, so that only values holding one are classified.

    Scanners ask "does this value hold an ID?" once per value; a bisection keeps that O(log n),
    where walking the targets per value would cost values x hits.
    """

    __slots__ = ("_ends", "_starts", "_targets")

    def __init__(self, targets: Sequence[Target]) -> None:
        self._targets = targets
        self._starts = [t.start for t in targets]
        self._ends = [t.end for t in targets]

    def within(self, start: int, end: int) -> Sequence[Target]:
        """The hits whose 36 GUID characters lie in `[start, end)`."""
        lo = bisect_left(self._starts, start)
        hi = bisect_right(self._ends, end)
        return self._targets[lo:hi] if lo < hi else ()


def value_spans(
    text: str,
    hits: Hits,
    start: int,
    end: int,
    role: Role,
    context: str,
    weak: bool = False,
) -> Iterator[Span]:
    """The span of a value that holds hits, and a narrower one per hit that a key inside names.

    Nothing is yielded for a value without hits. `start` must be where the value itself begins
    (its opening quote at the earliest), never the key that holds it, or the holding key would
    be read a second time as a key inside the value.
    """
    found = hits.within(start, end)
    if not found:
        return
    yield Span(start, end, role, context, weak)
    for hit in found:
        prefix = text[max(start, hit.span_start - _LOOKBACK) : hit.span_start]
        guess = roles.guess_from_prefix(prefix)
        if guess is None:
            continue
        (inner, inner_weak), key = guess
        inner_context = f"{context}:{key}" if context else key
        yield Span(hit.span_start, hit.span_end, inner, inner_context, inner_weak)


def comment_spans(hits: Hits, start: int, end: int) -> Iterator[Span]:
    """A comment that mentions an ID: where it stands is known, its role never is."""
    if hits.within(start, end):
        yield Span(start, end, Role.UNCLEAR, "comment")


def role_of(path: Sequence[str]) -> tuple[Role, bool]:
    """`key_path_role`, with "unclear" for a path that names no role at all."""
    return roles.key_path_role(path) or (Role.UNCLEAR, False)
