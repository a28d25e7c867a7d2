"""Give every prefilter hit exactly one role: where "never silently missed" is enforced.

The prefilter (a regex over the raw text) is the ground truth of where catalog IDs stand;
scanners only describe regions. Each hit takes the role of the narrowest region that holds it,
an ID's own neighbourhood (`<id>/.default`, `api://<id>`) overrides that as a resource, and a
hit that no region covers is kept as unclear rather than dropped.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

from linter.findings import Role, Span, Target
from linter.roles import value_role

UNCOVERED = Span(0, 0, Role.UNCLEAR, "")


def resolve(text: str, targets: Sequence[Target], spans: Iterable[Span]) -> list[Span]:
    """The span that decides each target, in the order of `targets` (sorted by offset).

    A sweep over spans sorted by start, with a heap of the open ones keyed by width, finds the
    narrowest enclosing span of every target in O((hits + spans) log spans): thousands of IDs
    in one JSON file must not cost hits x spans comparisons.
    """
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    heap: list[tuple[int, int, int, Span]] = []
    chosen: list[Span] = []
    index = 0
    for target in targets:
        while index < len(ordered) and ordered[index].start <= target.start:
            span = ordered[index]
            heapq.heappush(heap, (span.end - span.start, index, span.end, span))
            index += 1
        # Targets come in offset order, so a span ending before this one ends is done for good.
        while heap and heap[0][2] < target.end:
            heapq.heappop(heap)
        span = heap[0][3] if heap else UNCOVERED
        resource = value_role(text, target.start, target.end)
        if resource is not None:
            span = span._replace(role=Role.RESOURCE, weak=False, context=span.context or resource)
        chosen.append(span)
    return chosen
