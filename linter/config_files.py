"""Config files: reading one, with `extend`, into a frozen `Config`.

tomllib decides validity (its errors carry the line); `config_schema` checks every key. A
`pyproject.toml` that does not mention the tool is not parsed at all, so a broken one in some
test fixture cannot stop a scan of the tree that holds it.

`extend = "<path>"` takes another config as the base: each key of this file replaces the
base's, except `extend-exclude`, which adds to it (its name says so). Patterns, `allow` paths
and an `extra-ids` file stay relative to the folder of the file that wrote them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from linter import ignore_rules
from linter.config_schema import ConfigError, Source, parse
from linter.discovery import display_path
from linter.findings import AllowEntry, App, Finding, Severity
from linter.values import Value, set_field
from linter.walk import SKIP_DIRS, VCS_DIRS

CONFIG_FILE = ".first-party-lint.toml"
PYPROJECT = "pyproject.toml"
SECTION = "first-party-lint"
# What `exclude` replaces: the walk's long-standing skips, as gitignore patterns (folders by
# name at any depth). Version-control folders and virtual environments (a folder holding
# pyvenv.cfg) are skipped whatever the config says.
DEFAULT_EXCLUDE = (*sorted(f"{name}/" for name in SKIP_DIRS - VCS_DIRS), "*.egg-info/")
_DEFAULT_SET = ignore_rules.PatternSet("", DEFAULT_EXCLUDE)


class Config(Value):
    """What one config file (or none: the defaults) says, with command-line flags applied."""

    _fields = (
        "root",
        "source",
        "exclude",
        "extend_exclude",
        "respect_gitignore",
        "select",
        "ignore",
        "fail_on",
        "format",
        "require_reason",
        "allow",
        "extra_ids",
        "extra_ids_file",
        "path",
        "extends",
    )
    __slots__ = (*_fields, "__dict__")  # __dict__: the cached properties below
    root: str  # absolute folder of the config file (the current directory for the defaults)
    source: str | None  # the config file as reports name it; None: defaults
    exclude: ignore_rules.PatternSet
    extend_exclude: tuple[ignore_rules.PatternSet, ...]
    respect_gitignore: bool
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: str
    format: str | None
    require_reason: bool
    allow: tuple[AllowEntry, ...]
    extra_ids: tuple[App, ...]
    extra_ids_file: str | None  # absolute, when `extra-ids` names a file
    path: str | None  # the config file, absolute
    extends: tuple[str, ...]  # the files `extend` read, absolute, nearest first

    def __init__(
        self,
        root: str,
        source: str | None = None,
        exclude: ignore_rules.PatternSet = _DEFAULT_SET,
        extend_exclude: tuple[ignore_rules.PatternSet, ...] = (),
        respect_gitignore: bool = True,
        select: tuple[str, ...] = ("ALL",),
        ignore: tuple[str, ...] = (),
        fail_on: str = "error",
        format: str | None = None,
        require_reason: bool = False,
        allow: tuple[AllowEntry, ...] = (),
        extra_ids: tuple[App, ...] = (),
        extra_ids_file: str | None = None,
        path: str | None = None,
        extends: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "root", root)
        set_field(self, "source", source)
        set_field(self, "exclude", exclude)
        set_field(self, "extend_exclude", extend_exclude)
        set_field(self, "respect_gitignore", respect_gitignore)
        set_field(self, "select", select)
        set_field(self, "ignore", ignore)
        set_field(self, "fail_on", fail_on)
        set_field(self, "format", format)
        set_field(self, "require_reason", require_reason)
        set_field(self, "allow", allow)
        set_field(self, "extra_ids", extra_ids)
        set_field(self, "extra_ids_file", extra_ids_file)
        set_field(self, "path", path)
        set_field(self, "extends", extends)

    @cached_property
    def _pattern_sets(self) -> tuple[ignore_rules.PatternSet, ...]:
        return (self.exclude, *self.extend_exclude)

    @cached_property
    def folders_only(self) -> bool:
        """Whether every pattern names folders, so no file is excluded by its own name."""
        return all(s.files_only_by_folder for s in self._pattern_sets)

    def excluded(self, path: str, is_dir: bool) -> bool:
        if not is_dir and self.folders_only:  # the usual case: every pattern names folders
            return False
        return ignore_rules.any_excludes(self._pattern_sets, path, is_dir)

    def rule_enabled(self, code: str) -> bool:
        """ruff's rule: the longest matching code or prefix decides; `ignore` wins a tie."""
        chosen = _longest(self.select, code)
        return chosen >= 0 and chosen > _longest(self.ignore, code)

    def blocks(self, finding: Finding) -> bool:
        """Whether `finding` makes the exit code 1 under `fail-on`."""
        return self.fail_on == "warning" or finding.severity is Severity.ERROR


def _longest(prefixes: Sequence[str], code: str) -> int:
    lengths = [0 if p == "ALL" else len(p) for p in prefixes if p == "ALL" or code.startswith(p)]
    return max(lengths, default=-1)


def _toml() -> Any:
    """tomllib, imported when a config file is first read: most runs have none to read, and a
    pre-commit hook pays for every import."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    return tomllib


def load_file(path: Path, cwd: str) -> Config | None:
    """The config in `path` (with what it extends); None for a pyproject.toml without our
    table."""
    fields = _fields(Path(os.path.abspath(path)), cwd, ())  # noqa: PTH100
    return None if fields is None else Config(**fields)


def _fields(absolute: Path, cwd: str, chain: tuple[str, ...]) -> dict[str, Any] | None:
    shown = display_path(absolute, Path(cwd))
    try:
        text = absolute.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: cannot read the config file: {exc}") from exc
    is_pyproject = absolute.name == PYPROJECT
    if is_pyproject and SECTION not in text:
        return None
    toml = _toml()
    try:
        document = toml.loads(text)
    except toml.TOMLDecodeError as exc:  # its message ends "(at line N, column M)"
        raise ConfigError(f"{shown}: invalid TOML: {exc}") from exc
    table: Any = document
    if is_pyproject:
        table = document.get("tool", {})
        table = table.get(SECTION) if isinstance(table, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{shown}: tool.{SECTION}: expected a table")
    root = display_path(absolute.parent, Path(cwd))
    src = Source(absolute, text, f"tool.{SECTION}." if is_pyproject else "", shown, root)
    fields = parse(src, table)
    folder = str(absolute.parent)
    if "exclude" in fields:
        fields["exclude"] = ignore_rules.PatternSet(folder, fields["exclude"])
    if "extend_exclude" in fields:
        fields["extend_exclude"] = (ignore_rules.PatternSet(folder, fields["extend_exclude"]),)
    if isinstance(table.get("extra-ids"), str):
        fields["extra_ids_file"] = os.path.normpath(absolute.parent / table["extra-ids"])
    base_name = fields.pop("extend", None)
    if base_name is not None:
        fields = _extended(src, fields, base_name, cwd, (*chain, str(absolute)))
    return {**fields, "root": folder, "source": shown, "path": str(absolute)}


def _extended(
    src: Source, fields: dict[str, Any], base_name: str, cwd: str, chain: tuple[str, ...]
) -> dict[str, Any]:
    """`fields` over the config they extend (its own `extend` followed in turn)."""
    base_path = Path(os.path.normpath(src.path.parent / base_name))
    if str(base_path) in chain:
        raise src.error("extend", f"{base_name} extends this file again (a loop)")
    if not base_path.is_file():
        raise src.error("extend", f"no such file: {base_name}")
    base = _fields(base_path, cwd, chain)
    if base is None:
        raise src.error("extend", f"{base_name} has no [tool.{SECTION}] table")
    merged = {k: v for k, v in base.items() if k not in ("root", "source", "path")}
    merged.update(fields)
    merged["extend_exclude"] = (*base.get("extend_exclude", ()), *fields.get("extend_exclude", ()))
    merged["extends"] = (str(base_path), *base.get("extends", ()))
    return merged
