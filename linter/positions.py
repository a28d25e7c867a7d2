"""Offsets to 1-based lines and columns, and back, without quadratic counting.

Parsers speak in different coordinates (libcst: line and 0-based column; PyYAML: character
index; expat: line and byte column). Scanners convert once, here, to character offsets; the
engine converts back once per finding. Counting newlines from the start of the file for every
hit cost seconds on a JSON file with thousands of IDs, so line starts are indexed once and
looked up by bisection.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate


class LineIndex:
    """Line starts of one text: `offset()` and `position()` are O(log lines)."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        # Each line's start: the running sum of line lengths plus their `\n`, at C speed (a
        # loop of `find` calls was a tenth of a Python file's scan).
        lengths = map((1).__add__, map(len, text.split("\n")))
        self._starts = list(accumulate(lengths, initial=0))[:-1]

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based line and 0-based column (libcst's convention)."""
        if line < 1:
            return 0
        if line > len(self._starts):
            return len(self._text)
        return min(self._starts[line - 1] + column, len(self._text))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based column of a character offset."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        return self._starts[line - 1]
