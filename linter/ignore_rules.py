"""Gitignore-style patterns, judged one path at a time as git itself judges them.

`exclude`, `extend-exclude` and `.gitignore` files all use git's pattern language, so they share
one matcher. pathspec translates each pattern into a regex (the translation is the hard part of
gitignore, and pathspec is the well-kept implementation black and hatchling rely on); the
matching is done here, per path: a pattern applies to a folder or file only when it matches
that path itself (`fullmatch`), not merely one of its ancestors. A walk asks about each folder
as it enters it and never enters an excluded one, which is exactly git's rule ("a file cannot
be re-included if a parent directory is excluded"), and it means that folders above the
walked root are never judged: naming `build/sub` on the command line walks it even when a
config excludes `build/` (unless `--force-exclude`), as ruff does.
"""

# Annotations are evaluated here, no `from __future__ import annotations`: the NamedTuple
# below would compile each string annotation at every start-up (see linter/findings.py).
import os
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple


# A folder or file name with no slash and at most `*` wildcards (`node_modules/`, `*.egg-info/`,
# `*.log`): the common case, and every default, translated here so that a run without such
# patterns never imports pathspec (start-up time matters to a pre-commit hook).
def _is_simple(pattern: str, wildcards: str = "*") -> bool:
    """A name of letters, digits, `_.-` (and `wildcards`), maybe ending in `/`, that names
    something (not only `.` and `*`). Plain string tests: no regex to keep linear."""
    name = pattern[:-1] if pattern.endswith("/") else pattern
    return name.strip("./*") != "" and all(c.isalnum() or c in "_.-" + wildcards for c in name)


def _translate(pattern: str) -> tuple[str | None, bool | None]:
    if _is_simple(pattern) and "**" not in pattern:
        name, slash = pattern.rstrip("/"), pattern.endswith("/")
        body = re.escape(name).replace(r"\*", "[^/]*")
        tail = "(?P<ps_d>/)" if slash else "(?:(?P<ps_d>/)|$)"
        return f"^(?:.+/)?{body}{tail}", True
    try:  # pathspec >= 1.0 names the class after gitignore; 0.12 called it gitwildmatch
        from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern as Pattern
    except ImportError:  # pragma: no cover (older pathspec)
        from pathspec.patterns.gitwildmatch import GitWildMatchPattern as Pattern
    source, include = Pattern.pattern_to_regex(pattern)
    return source, include


class PatternError(ValueError):
    """A pattern pathspec cannot translate (for example a lone `\\`)."""


class _Rule(NamedTuple):
    regex: re.Pattern[str]
    include: bool  # True: the pattern excludes; False: a `!` pattern re-includes
    prefix: bool  # `foo/**`: everything below `foo/`, judged by prefix
    dir_only: bool  # `foo/`: folders only


def _compile(pattern: str) -> _Rule | None:
    try:
        source, include = _translate(pattern)
    except (ValueError, TypeError) as exc:
        raise PatternError(f"bad pattern {pattern!r}: {exc}") from exc
    if source is None or include is None:  # a blank line or a comment
        return None
    dir_only = source.endswith("(?P<ps_d>/)")
    prefix = source.endswith("/") and not dir_only
    return _Rule(re.compile(source), bool(include), prefix, dir_only)


class PatternSet:
    """Patterns relative to `root` (an absolute folder), in the order they were written.

    A plain class, not a dataclass: every class built at import costs a pre-commit hook's
    start-up time, and a dataclass costs twenty times a plain one.
    """

    __slots__ = ("_names", "_rules", "patterns", "root")

    def __init__(self, root: str, patterns: tuple[str, ...]) -> None:
        self.root = root
        self.patterns = patterns
        # Plain folder names (`node_modules/`), when no `!` pattern makes order matter: a set
        # lookup of the folder's name instead of one regex each, for every folder of a walk
        # (and no regex compiled for them: the defaults are built at every start-up).
        names = frozenset(p[:-1] for p in patterns if p.endswith("/") and _is_simple(p, ""))
        compiled = [_compile(p) for p in patterns if not p.endswith("/") or p[:-1] not in names]
        rules = [r for r in compiled if r is not None]
        if not all(r.include for r in rules):  # order matters: every pattern as a regex
            names = frozenset()
            rules = [r for r in map(_compile, patterns) if r is not None]
        self._rules = tuple(rules)
        self._names = names

    def __repr__(self) -> str:
        return f"PatternSet({self.root!r}, {self.patterns!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PatternSet):
            return NotImplemented
        return (self.root, self.patterns) == (other.root, other.patterns)

    def __hash__(self) -> int:
        return hash((self.root, self.patterns))

    @property
    def files_only_by_folder(self) -> bool:
        """True when every pattern names folders only, so files need no check of their own."""
        return all(rule.dir_only for rule in self._rules)  # `_names` are folders too

    def decide(self, path: str, is_dir: bool) -> bool | None:
        """True: excluded, False: re-included by a `!` pattern, None: no pattern matches.

        `path` is absolute; one outside `root` matches nothing.
        """
        name = os.path.basename(path) if is_dir and self._names else ""  # noqa: PTH119
        if name in self._names and relative(path, self.root) is not None:
            return True
        if not self._rules:
            return None
        rel = relative(path, self.root)
        if rel is None:
            return None
        if is_dir:
            rel += "/"
        verdict: bool | None = None
        for rule in self._rules:  # the last matching pattern wins, as in git
            if rule.dir_only and not is_dir:
                continue
            hit = rule.regex.match(rel) if rule.prefix else rule.regex.fullmatch(rel)
            if hit is not None:
                verdict = rule.include
        return verdict


def relative(path: str, root: str) -> str | None:
    """`path` below `root`, `/`-separated; None when it is not below (or on another drive).
    The root "" stands for every drive's top: default patterns name folders at any depth."""
    if not root:  # patterns that hold anywhere: the path below its drive or `/`
        rel = os.path.splitdrive(path)[1].lstrip(os.sep)
    elif path == root:
        return None
    else:
        base = root.rstrip(os.sep) + os.sep
        if not path.startswith(base):
            return None
        rel = path[len(base) :]
    return rel.replace(os.sep, "/") if os.sep != "/" else rel


def validate(patterns: Iterable[str]) -> None:
    """Raise PatternError for the first pattern pathspec rejects."""
    for pattern in patterns:
        _compile(pattern)


def any_excludes(sets: Sequence[PatternSet], path: str, is_dir: bool) -> bool:
    """Independent sets (a config's `exclude`, its `extend-exclude`, the command line's): any
    one that excludes the path wins; a `!` only re-includes within its own set."""
    return any(s.decide(path, is_dir) for s in sets)


def chain_excludes(chain: Sequence[PatternSet], path: str, is_dir: bool) -> bool:
    """Nested `.gitignore` files, outermost first: a deeper file overrides a shallower one."""
    verdict: bool | None = None
    for patterns in chain:
        decided = patterns.decide(path, is_dir)
        if decided is not None:
            verdict = decided
    return bool(verdict)


def read_gitignore(folder: str) -> PatternSet | None:
    """The `.gitignore` of `folder`, or None when there is none (or it cannot be read)."""
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as f:  # noqa: PTH118, PTH123
            lines = f.read().splitlines()
    except OSError:
        return None
    try:
        return PatternSet(folder, tuple(lines))
    except PatternError:  # git skips a pattern it cannot read; so does the walk, for the file
        return PatternSet(folder, tuple(_valid(lines)))


def _valid(lines: Iterable[str]) -> Iterable[str]:
    for line in lines:
        try:
            _compile(line)
        except PatternError:
            continue
        yield line
