"""The keys of a config file: each one's type, default and checks, in one table.

Every mistake is a `ConfigError` whose one line names the file, the line when it can be found,
and the key, and suggests the nearest valid key for a typo: a misspelt `exlude` that silently
did nothing would be the worst kind of config bug (a rule set replaced without notice cost one
project four months of unscanned commits, see the research notes on gitleaks' `[extend]`).
"""

# Annotations are evaluated here, no `from __future__ import annotations`: the NamedTuple
# below would compile each string annotation at every start-up (see linter/findings.py).
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from linter import ignore_rules, rules
from linter.catalog import canonical
from linter.findings import AllowEntry, App, Location

if TYPE_CHECKING:
    from datetime import date

FAIL_ON = ("error", "warning")
EXTRA_NAME = "app listed in extra-ids"


class ConfigError(Exception):
    """A config file that cannot be used as written: one line, exit 2."""


class Source(NamedTuple):
    """A config file being read: its path, text and the prefix its keys are shown with."""

    path: Path
    text: str
    prefix: str  # "tool.first-party-lint." in pyproject.toml, "" in .first-party-lint.toml
    display: str  # how messages and reports name the file
    root_display: str  # its folder, named as reports name files ("." for the current one)

    def line_of(self, needle: str, after: int = 0) -> int:
        """The 1-based line where `needle` first stands after line `after`; tomllib gives no
        positions, so this is a linear search of the text (0 when not found)."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if number > after and needle in line:
                return number
        return 0

    def key_line(self, key: str) -> int:
        pattern = re.compile(rf"^\s*(\[+\s*)?([\w.\"-]*\.)?\"?{re.escape(key)}\"?\s*(=|\])")
        for number, line in enumerate(self.text.splitlines(), 1):
            if pattern.match(line):
                return number
        return 0

    def error(self, key: str, problem: str, line: int = 0) -> ConfigError:
        where = line or self.key_line(key.split("[")[0])
        place = f"{self.display}:{where}" if where else self.display
        return ConfigError(f"{place}: {self.prefix}{key}: {problem}")


def _type_name(value: object) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string"}.get(
        type(value), f"a {type(value).__name__}"
    )


def _strings(src: Source, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise src.error(key, f"expected a list of strings, got {_type_name(value)}")
    return tuple(value)


def _patterns(src: Source, key: str, value: object) -> tuple[str, ...]:
    patterns = _strings(src, key, value)
    try:
        ignore_rules.validate(patterns)
    except ignore_rules.PatternError as exc:
        raise src.error(key, str(exc)) from exc
    return patterns


def _bool(src: Source, key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise src.error(key, f"expected true or false, got {_type_name(value)}")
    return value


def check_codes(codes: Sequence[str]) -> str | None:
    """The first code that names no rule (a prefix such as "FPA0" counts), or None."""
    for code in codes:
        upper = code.upper()
        if upper != "ALL" and not any(known.startswith(upper) for known in rules.RULES):
            return code
    return None


def _codes(src: Source, key: str, value: object) -> tuple[str, ...]:
    codes = _strings(src, key, value)
    bad = check_codes(codes)
    if bad is not None:
        known = ", ".join(rules.RULES)
        raise src.error(key, f"unknown rule code {bad!r} (known: {known}, or a prefix, or ALL)")
    return tuple(c.upper() for c in codes)


def _fail_on(src: Source, key: str, value: object) -> str:
    if value not in FAIL_ON:
        raise src.error(key, f"expected one of {', '.join(map(repr, FAIL_ON))}, got {value!r}")
    return str(value)


def _format(src: Source, key: str, value: object) -> str:
    from linter.report import FORMATTERS

    if not isinstance(value, str) or value not in FORMATTERS:
        raise src.error(key, f"unknown format {value!r} (known: {', '.join(sorted(FORMATTERS))})")
    return value


def parse_date(value: object) -> "date | None":
    """A TOML date or a "YYYY-MM-DD" string; None for anything else.

    `datetime` is imported here, when an `allow` entry has `expires`: a run without one (every
    pre-commit run of a repository without such entries) never needs it."""
    from datetime import date, datetime

    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


_ALLOW_KEYS = ("id", "name", "paths", "reason", "expires")


def _allow(src: Source, key: str, value: object) -> tuple[AllowEntry, ...]:
    if not isinstance(value, list):
        raise src.error(key, f"expected a list of tables, got {_type_name(value)}")
    entries = []
    line = src.key_line(key)
    for index, item in enumerate(value):
        here = f"{key}[{index}]"
        named = item.get("id", item.get("name")) if isinstance(item, dict) else None
        if isinstance(named, str) and named:  # the entry's own line, for messages and FPA100
            line = src.line_of(named, line) or line
        if not isinstance(item, dict):
            raise src.error(
                here,
                f"expected a table such as {{id = ..., reason = ...}}, got {_type_name(item)}",
                line,
            )
        _no_unknown(src, here, item, _ALLOW_KEYS)
        if ("id" in item) == ("name" in item):
            raise src.error(here, "needs exactly one of `id` or `name`", line)
        if "id" in item:
            raw = item["id"]
            app = canonical(raw) if isinstance(raw, str) else None
            if app is None:
                raise src.error(f"{here}.id", f"not an app ID (a GUID): {raw!r}", line)
        else:
            raw = item["name"]
            if not isinstance(raw, str) or not raw.strip():
                raise src.error(f"{here}.name", "expected a non-empty string", line)
            app = raw.strip()
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise src.error(f"{here}.reason", "a reason is required (why is this allowed?)", line)
        paths = _patterns(src, f"{here}.paths", item.get("paths", []))
        expires = None
        if "expires" in item:
            expires = parse_date(item["expires"])
            if expires is None:
                raise src.error(
                    f"{here}.expires", f"expected a date YYYY-MM-DD, got {item['expires']!r}", line
                )
        origin = Location(src.display, line or 1, 1, 1)
        entries.append(AllowEntry(app, reason.strip(), paths, expires, src.root_display, origin))
    return tuple(entries)


def _extra_ids(src: Source, key: str, value: object) -> tuple[App, ...]:
    if isinstance(value, str):
        return read_extra_ids(src.path.parent / value, lambda p: src.error(key, p))
    if not isinstance(value, list):
        raise src.error(key, f"expected a file name or a list of IDs, got {_type_name(value)}")
    apps = []
    for index, item in enumerate(value):
        here = f"{key}[{index}]"
        raw, name = item, ""
        if isinstance(item, dict):
            _no_unknown(src, here, item, ("id", "name"))
            raw, name = item.get("id"), item.get("name", "")
            if not isinstance(name, str):
                raise src.error(f"{here}.name", "expected a string")
        app_id = canonical(raw) if isinstance(raw, str) else None
        if app_id is None:
            raise src.error(here, f"not an app ID (a GUID): {raw!r}")
        apps.append(extra_app(app_id, name))
    return tuple(apps)


def extra_app(app_id: str, name: str) -> App:
    """An ID an organisation forbids as a client ID: a client-capable catalog entry."""
    return App(app_id, name.strip() or EXTRA_NAME, "", is_resource=False, seen_as_client=False)


def read_extra_ids(path: Path, fail: Callable[[str], ConfigError]) -> tuple[App, ...]:
    """An extra-ids file: one `<app ID>  <name>` a line; `#` starts a comment line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read extra-ids file {path}: {exc}") from exc
    apps = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        first, _, name = stripped.partition(" ")
        app_id = canonical(first)
        if app_id is None:
            raise fail(f"{path}:{number}: not an app ID (a GUID): {first!r}")
        apps.append(extra_app(app_id, name))
    return tuple(apps)


def _no_unknown(src: Source, where: str, table: Mapping[str, Any], known: Sequence[str]) -> None:
    for name in table:
        if name not in known:
            raise src.error(f"{where}.{name}", f"unknown key{_did_you_mean(name, known)}")


def _did_you_mean(name: str, known: Sequence[str]) -> str:
    import difflib  # only for a mistake

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"


def _file_name(src: Source, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise src.error(key, f"expected a file name, got {_type_name(value)}")
    return value


PARSERS: dict[str, Callable[[Source, str, Any], Any]] = {
    "extend": _file_name,
    "exclude": _patterns,
    "extend-exclude": _patterns,
    "respect-gitignore": _bool,
    "select": _codes,
    "ignore": _codes,
    "fail-on": _fail_on,
    "format": _format,
    "require-reason": _bool,
    "allow": _allow,
    "extra-ids": _extra_ids,
}


def parse(src: Source, table: Mapping[str, Any]) -> dict[str, Any]:
    """Each key checked and converted; the result is keyed by the Config field names."""
    fields: dict[str, Any] = {}
    for key, value in table.items():
        parser = PARSERS.get(key)
        if parser is None:
            raise src.error(key, f"unknown key{_did_you_mean(key, list(PARSERS))}")
        fields[key.replace("-", "_")] = parser(src, key, value)
    return fields
