"""Every regular expression in the package stays linear on adversarial input.

One backtracking regex is enough for a crafted file to hang a pre-commit hook. Each module-level
pattern of `linter` is found by introspection and timed on strings built to make a backtracking
engine work hardest (long runs of the characters its classes and quantifiers overlap on, with
a final character that makes the match fail), at two sizes: four times the input must cost
about four times the time, never sixteen, and each doubling of a small input is checked first,
so a catastrophic pattern fails in milliseconds rather than hanging. Timing on a shared machine
is noisy, so each size keeps its fastest of three runs and the bars are generous.

Patterns used only with `.match` at one position over a bounded window (the reversed key
pattern on 160 characters, a start tag that expat has already accepted) are timed that way;
finding all matches of them over a whole text is not how they run. A pattern added later is
timed with `finditer` over the whole text unless it is listed in `ANCHORED`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Callable

import pytest
from helpers import AZ_CLI

import linter
from linter import catalog, engine

ANCHORED = {
    "linter.roles._KEY_BEFORE_REVERSED": "match on the last 160 characters before a hit",
    "linter.roles._SCOPE_AFTER": "match on the 80 characters after a hit",
    "linter.scanners.text._LINE_COMMENT": "match on the 400 characters before a hit",
    "linter.scanners.config.xml._START_TAG": "match at a start tag that expat accepted",
    "linter.scanners.config.xml._ATTRIBUTE": "finditer inside one start tag",
    "linter.scanners.config.dotenv._ASSIGNMENT": "match at a line start, bounded by the line",
    "linter.scanners.config.dotenv._BARE_NAME": "match at a line start, bounded by the line",
    "linter.scanners.config.dotenv._BLANK": "match at a line start, bounded by the line",
    "linter.scanners.config.dotenv._FULL_COMMENT": "match at a line start, bounded by the line",
    "linter.scanners.config.yaml._ASSIGNMENT": "match at the start of one scalar",
    "linter.scanners.config.json_valid._STRUCTURE": "match where the last one ended; a miss ends",
    "linter.scanners.config.json_valid._KEY_AT": "match at a member's start, once per member",
    "linter.scanners.config.json_valid._STRING_AT": "match at a value's start, once per value",
    "linter.scanners.config.json_valid._MEMBERS": "match after an object's `{` or `,`",
    "linter.scanners.python_names._NOT_BOUND": "match right after one occurrence of a name",
}

UNITS = (
    "a", "1", "f", " ", "\t", "\n", "-", "_", "@", "$", ".", ":", "/", "\\", '"', "'", "`",
    "{", "(", "[", "<", "=", "#", ";", "*", "é", "a.", "a:", "/a", "a-", "a ", "a=", ", ",
    "<a ", 'x="', "//", "--", "<!--", "/*", "0000-", "-0000", "0-0-", "ab12", "wen(", "= ",
    'key="v" ', "key=", "name='", "value=", ">=", "=:", "rem ", "]", "%3D", "\\x2",
)  # fmt: skip


def _patterns() -> dict[str, re.Pattern[str] | re.Pattern[bytes]]:
    found: dict[str, re.Pattern[str] | re.Pattern[bytes]] = {}
    for info in pkgutil.walk_packages(linter.__path__, "linter."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # a scanner whose optional dependency is missing
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{info.name}.{name}"] = value
    return found


PATTERNS = _patterns()


def _fastest(action: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def _worst_ratio(pattern: re.Pattern[str] | re.Pattern[bytes], anchored: bool) -> str | None:
    """The first unit on which the pattern grows faster than linearly, described; else None.

    The input doubles from a few characters up to 40,000, so an exponential or high-degree
    pattern fails within milliseconds instead of hanging the suite (a regex call cannot be
    interrupted): any doubling may cost at most 6x. Then 4x the input may cost at most 8x,
    which a quadratic pattern (16x) does not meet.
    """
    for unit in UNITS:
        times: list[float] = []
        for chars in (10 * 2**k for k in range(13)):  # 10 ... 40,960 characters
            text = unit * max(1, chars // len(unit)) + "!"
            subject: str | bytes = text.encode() if isinstance(pattern.pattern, bytes) else text

            def work(subject: str | bytes = subject) -> object:
                if anchored:
                    return pattern.match(subject)  # type: ignore[arg-type]
                return sum(1 for _ in pattern.finditer(subject))  # type: ignore[arg-type]

            times.append(_fastest(work))
            if len(times) > 1 and times[-1] > 0.005 and times[-1] > 6 * times[-2]:
                # A scheduler pause on a busy machine looks like a jump: measure again, longer.
                times[-1] = _fastest(work, repeat=9)
                if times[-1] > 0.005 and times[-1] > 6 * times[-2]:
                    ratio = times[-1] / times[-2]
                    return f"{unit!r} at {chars} characters: x{ratio:.0f} per doubling"
        small, large = times[-3], times[-1]
        if large > 0.02 and large > 8 * max(small, 1e-4):
            return f"{unit!r}: {small * 1000:.1f} ms -> {large * 1000:.1f} ms for 4x the input"
    return None


def test_the_known_patterns_are_found() -> None:
    """The introspection works: the prefilter and the text scanner's patterns are among them."""
    assert "linter.catalog._MIDDLE_STR" in PATTERNS
    assert "linter.scanners.text._TRAILING_COMMENT" in PATTERNS
    assert set(ANCHORED) <= set(PATTERNS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear(name: str) -> None:
    assert _worst_ratio(PATTERNS[name], anchored=name in ANCHORED) is None


FILLERS = ("a." * 300, "a1" * 300, " #" * 300, '"' * 600, "/a" * 300, "=" * 600, "<a " * 200)


@pytest.mark.parametrize("name", ["x.ts", "x.md", "x.ini", "x.toml", "x.xml", "x.json"])
@pytest.mark.parametrize("filler", FILLERS, ids=lambda f: repr(f[:4]))
def test_a_long_line_of_hits_behind_adversarial_text_scans_in_linear_time(
    name: str, filler: str
) -> None:
    """Where the windowed patterns run for real: every hit of a minified line reads back."""
    cat = catalog.load()

    def scan(copies: int) -> float:
        text = (filler + f'client_id = "{AZ_CLI}"') * copies + "\n"
        targets = cat.targets(text)
        assert len(targets) == copies
        started = time.perf_counter()
        found, _notes = engine.findings_in(name, name, text, targets, cat)
        elapsed = time.perf_counter() - started
        assert len(found) == copies  # every hit reported, none dropped
        return elapsed

    small = min(scan(250) for _ in range(3))
    large = min(scan(1000) for _ in range(3))
    assert large < 8 * max(small, 0.02), (small, large)
