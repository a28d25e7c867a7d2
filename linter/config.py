"""Configuration: which file applies to which path, and what it says.

A config is `[tool.first-party-lint]` in `pyproject.toml` or the same keys at the top of
`.first-party-lint.toml` (which wins when a folder has both, as `ruff.toml` does over
`pyproject.toml`). Each path gets the config nearest to it, found by walking up its folders;
levels are not merged unless a file says `extend = "<path>"` (ruff's rule: a nested project
states all it wants; it starts from the defaults, which report everything, so a forgotten key
can only make it report more). `--config FILE` replaces discovery for every path, and
command-line flags apply last, over any file. Reading one file is `config_files`.

Settings of the whole run (`format`, `fail-on`, `extra-ids`, `require-reason`) come from the
config of the current directory (or `--config`); settings of a path (`exclude`,
`extend-exclude`, `select`, `ignore`, `allow`) from the path's own; `respect-gitignore` from
the config of each folder named on the command line (git lists a folder's tree in one go).
The `Resolver` is the one object that knows this; it is passed explicitly (no global state)
and caches one answer per folder, so thousands of files cost one walk up per folder.
"""

# Annotations are evaluated here, no `from __future__ import annotations`: the NamedTuple
# below would compile each string annotation at every start-up (see linter/findings.py).
import argparse
import os
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from linter import ignore_rules, rules
from linter.config_files import CONFIG_FILE, PYPROJECT, SECTION, Config, load_file
from linter.config_schema import ConfigError, check_codes
from linter.discovery import display_path
from linter.findings import AllowEntry, FileResult, Scanned

__all__ = ["Config", "ConfigError", "Overrides", "Resolver", "load_file"]


class Overrides(NamedTuple):
    """Command-line flags: each replaces the key of every config file (None: not given)."""

    cwd: str
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool | None = None
    fail_on: str | None = None
    format: str | None = None

    def apply(self, config: Config) -> Config:
        changes: dict[str, Any] = {
            name: getattr(self, name)
            for name in ("select", "ignore", "respect_gitignore", "fail_on", "format")
            if getattr(self, name) is not None
        }
        if self.exclude is not None:  # relative to where the command runs, as ruff's are
            changes["exclude"] = ignore_rules.PatternSet(self.cwd, self.exclude)
        if self.extend_exclude:
            more = ignore_rules.PatternSet(self.cwd, self.extend_exclude)
            changes["extend_exclude"] = (*config.extend_exclude, more)
        return config._replace(**changes) if changes else config


class Seen:
    """Whether something happened, in this process or in a worker that said so (the
    `sweep_workers.Flag` of a run)."""

    __slots__ = ("happened",)

    def __init__(self) -> None:
        self.happened = False

    def is_set(self) -> bool:
        return self.happened

    def set(self) -> None:
        self.happened = True


class Resolver:
    """The config of each path; also the `discovery.Filter` the walk consults."""

    def __init__(self, overrides: Overrides, config_file: Path | None = None) -> None:
        self.overrides = overrides
        self.config_file = config_file  # --config: one file for every path
        self._by_folder: dict[str, Config] = {}
        self._by_given: dict[str, Config] = {}  # for_path: folder as written -> config
        self._fixed: Config | None = None
        # The working folder, when joining a relative path to it needs no normalising: POSIX
        # separators, already absolute and normal, not the root (whose join keeps one `/`).
        cwd = overrides.cwd
        normal = os.sep == "/" and cwd != "/" and os.path.abspath(cwd) == cwd  # noqa: PTH100
        self._cwd = cwd if normal else None
        # The tool's own files whose every ID is a setting, not a use: config files by any name
        # (--config, `extend`) and extra-ids files. pyproject.toml is not among them: the TOML
        # scanner already takes its [tool.first-party-lint] table as references.
        self._own: set[str] = set()
        # Whether a config with `allow` entries was read, here or (as a worker reported) in a
        # worker that walked part of the tree: without one, the suppression stage need not
        # look up the config of every folder of the run (`reporting.suppressed`).
        self.allow_read = Seen()
        if self.config_file is not None:
            found = load_file(self.config_file, self.overrides.cwd)
            if found is None:
                shown = display_path(self.config_file, Path(self.overrides.cwd))
                raise ConfigError(f"{shown}: no [tool.{SECTION}] table in this file")
            self._fixed = self._remember(self.overrides.apply(found))

    @property
    def run(self) -> Config:
        """The config of the whole run: `--config`, or the one of the current directory."""
        return self.for_folder(self.overrides.cwd)

    def for_folder(self, folder: str) -> Config:
        """The nearest config at or above `folder` (absolute), cached for every level passed."""
        if self._fixed is not None:
            return self._fixed
        passed: list[str] = []
        current = folder
        found: Config | None = None
        while True:
            known = self._by_folder.get(current)
            if known is not None:
                found = known
                break
            passed.append(current)
            found = self._load_in(current)
            if found is not None:
                break
            parent = os.path.dirname(current)  # noqa: PTH120
            if parent == current:
                found = self.overrides.apply(Config(root=self.overrides.cwd))
                break
            current = parent
        for level in passed:
            self._by_folder[level] = found
        return found

    def listed(self, folder: str, holds: Callable[[str], bool]) -> None:
        """A walk's listing of `folder`: without a config file in it, its config is its
        parent's, known without the two system calls `_load_in` makes (a thousand folders of
        a large tree, in every process that walks)."""
        if self._fixed is not None or folder in self._by_folder:
            return
        if holds(CONFIG_FILE) or holds(PYPROJECT):
            return  # read when asked, as before
        parent = os.path.dirname(folder)  # noqa: PTH120
        if parent != folder:
            self._by_folder[folder] = self.for_folder(parent)

    def _load_in(self, folder: str) -> Config | None:
        for name in (CONFIG_FILE, PYPROJECT):
            candidate = os.path.join(folder, name)  # noqa: PTH118
            if os.path.isfile(candidate):  # noqa: PTH113
                loaded = load_file(Path(candidate), self.overrides.cwd)
                if loaded is not None:
                    return self._remember(self.overrides.apply(loaded))
        return None

    def _remember(self, config: Config) -> Config:
        if config.allow:
            self.allow_read.set()
        for own in (config.path, config.extra_ids_file, *config.extends):
            if own and not own.endswith(PYPROJECT):
                self._own.add(own)
        return config

    def _is_setting(self, path: str) -> bool:
        """Whether `path` is one of the tool's own files: an ID written there names what to
        allow or forbid, and reporting it would make every config that mentions an ID fail."""
        absolute = os.path.abspath(os.path.join(self.overrides.cwd, path))  # noqa: PTH100, PTH118
        return absolute in self._own

    def for_path(self, path: str | Path) -> Config:
        """The config of a file, named as reports name it or as given on the command line.

        Cached by the folder as written (the run's files share a few hundred folders): the
        stages after the scan ask once per file, and joining and normalising each path cost
        more than the rest of a clean file's scan."""
        folder = os.path.dirname(path)  # noqa: PTH120
        known = self._by_given.get(folder)
        if known is None:
            known = self.for_folder(self._absolute_folder(path, folder))
            self._by_given[folder] = known
        return known

    def _absolute_folder(self, path: str | Path, folder: str) -> str:
        """The absolute folder of `path` (`folder`, its dirname as given): what `abspath`
        makes of it, without `abspath` for the plain relative paths a walk reports (a run
        after a walk asks once for each of its folders, a thousand in a large tree, and
        normalising each cost more than the rest of the lookup)."""
        cwd = self._cwd
        if cwd is not None and type(path) is str:
            marked = f"/{path}/"
            if "//" not in marked and "/./" not in marked and "/../" not in marked:
                # relative (else `//`), no empty, `.` or `..` part: abspath only joins
                return f"{cwd}/{folder}" if folder else cwd
        full = os.path.join(self.overrides.cwd, path)  # noqa: PTH118 (absolute stays so)
        return os.path.dirname(os.path.abspath(full))  # noqa: PTH100, PTH120

    # discovery.Filter
    def excluded(self, path: str, is_dir: bool) -> bool:
        return self.for_folder(os.path.dirname(path)).excluded(path, is_dir)  # noqa: PTH120

    def respect_gitignore(self, folder: str) -> bool:
        return self.for_folder(folder).respect_gitignore

    def files_excluded_in(self, folder: str) -> bool:
        return not self.for_folder(folder).folders_only

    def project_root(self, path: str) -> str:
        return self.for_folder(os.path.dirname(path)).root  # noqa: PTH120

    # the suppression stage
    def allow_for(self, path: str) -> Sequence[AllowEntry]:
        """The `allow` entries that apply to a finding's path (from the path's own config)."""
        return self.for_path(path).allow

    def select_rules(self, results: Iterable[FileResult]) -> list[FileResult]:
        """Each file's findings limited to the rules its config selects, without the IDs that
        the tool's own files (config tables, extra-ids files) name as settings. Files without
        findings (nearly all of a tree) pass without a config lookup."""
        return [self._selected(r) if isinstance(r, Scanned) and r.findings else r for r in results]

    def select_one(self, result: FileResult) -> FileResult:
        """`select_rules` of one result."""
        return self._selected(result) if isinstance(result, Scanned) and result.findings else result

    def _selected(self, result: Scanned) -> Scanned:
        # Each rule asked once per file: a file may hold thousands of one rule's findings. In
        # the tool's own files an ID is a setting, so its FPA001/FPA002 go; what the
        # suppression stage says about the file's `allow` entries (FPA100-FPA102) stays.
        config = self.for_path(result.path)
        settings = bool(self._own) and self._is_setting(result.path)
        present = set(map(_RULE, result.findings))
        enabled = {
            rule
            for rule in present
            if config.rule_enabled(rule) and not (settings and rule in _ID_RULES)
        }
        if len(enabled) == len(present):
            return result
        return result._replace(findings=tuple(f for f in result.findings if f.rule in enabled))


_ID_RULES = frozenset({rules.FPA001.code, rules.FPA002.code})  # the rules about a use of an ID
_RULE = attrgetter("rule")


def _codes(text: str) -> tuple[str, ...]:
    codes = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    bad = check_codes(codes)
    if bad is not None:
        raise argparse.ArgumentTypeError(f"unknown rule code {bad!r}")
    return codes


def _patterns(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(",") if p.strip())


def add_arguments(check: argparse.ArgumentParser) -> None:
    """The flags of `check` that override config keys (README "Configuration")."""
    check.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="use this config file for every path (no discovery)",
    )
    check.add_argument(
        "--select",
        type=_codes,
        metavar="CODES",
        help="rule codes or prefixes to report, comma-separated",
    )
    check.add_argument(
        "--ignore",
        type=_codes,
        metavar="CODES",
        help="rule codes or prefixes not to report, comma-separated",
    )
    check.add_argument(
        "--exclude",
        type=_patterns,
        metavar="PATTERNS",
        help="gitignore-style patterns replacing the default excludes",
    )
    check.add_argument(
        "--extend-exclude",
        type=_patterns,
        metavar="PATTERNS",
        default=(),
        help="gitignore-style patterns excluded as well",
    )
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply excludes to files named on the command line too (for pre-commit)",
    )
    gitignore = check.add_mutually_exclusive_group()
    gitignore.add_argument(
        "--respect-gitignore", dest="respect_gitignore", action="store_true", default=None
    )
    gitignore.add_argument(
        "--no-respect-gitignore",
        dest="respect_gitignore",
        action="store_false",
        help="scan files .gitignore ignores",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default=None,
        help="the severity that makes the exit code 1 (default: error)",
    )


def resolver_from_args(args: argparse.Namespace, cwd: Path | None = None) -> Resolver:
    """The resolver for a `check` run: flags over the config files."""
    overrides = Overrides(
        cwd=os.path.abspath(cwd or Path.cwd()),  # noqa: PTH100
        select=args.select,
        ignore=args.ignore,
        exclude=args.exclude,
        extend_exclude=args.extend_exclude,
        respect_gitignore=args.respect_gitignore,
        fail_on=args.fail_on,
        format=args.format,
    )
    return Resolver(overrides, args.config)
