"""One file in, one result out: the pipeline of design.md, and the place nothing may escape.

A run over many files (the sweep, its workers, constants followed across Python modules) is
`linter.tree_scan`, built on `scan_file` and `scan_files` here.

`scan_file` never raises. The prefilter's hits are the ground truth; a parser that fails or a
scanner with a bug only costs precision (the text scanner takes over, with a note), never an
ID, and an unexpected error leaves a `Failed` result while the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from linter import budget, inline, rules, scanners, sources
from linter.catalog import Catalog
from linter.discovery import FileRef
from linter.findings import (
    Failed,
    FileResult,
    Finding,
    Location,
    Scanned,
    Skipped,
    Span,
    Target,
)
from linter.positions import LineIndex
from linter.values import Value, set_field

if TYPE_CHECKING:
    import argparse

    from linter.cache import ResultCache


class ScanOptions(Value):
    """Per-run limits: the size cap, and the time budget of one file's structured parse."""

    __slots__ = _fields = ("max_bytes", "timeout", "cache", "jobs")
    max_bytes: int
    timeout: float
    cache: ResultCache | None  # results of files with IDs (linter.cache); None: off
    jobs: int  # processes for the parse step (linter.parallel); 0: decide by the work

    def __init__(
        self,
        max_bytes: int = sources.DEFAULT_MAX_BYTES,
        timeout: float = budget.DEFAULT_SECONDS,
        cache: ResultCache | None = None,
        jobs: int = 1,
    ) -> None:
        set_field(self, "max_bytes", max_bytes)
        set_field(self, "timeout", timeout)
        set_field(self, "cache", cache)
        set_field(self, "jobs", jobs)


def add_limit_arguments(parser: argparse.ArgumentParser, unit: str) -> None:
    """`--max-file-size` and `--timeout`, the same for every command that scans (`check` reads
    files, `history` blobs); `limit_error` checks them."""
    parser.add_argument(
        "--max-file-size",
        type=float,
        default=sources.DEFAULT_MAX_BYTES / (1024 * 1024),
        metavar="MIB",
        help=f"skip (and list) larger {unit}s; 0 scans every size (default: %(default)g)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=budget.DEFAULT_SECONDS,
        metavar="SECONDS",
        help=f"time budget of one {unit}'s structured parse; a {unit} over it is scanned as "
        "text with a note; 0 disables the budget (default: %(default)g)",
    )


def limit_error(args: argparse.Namespace) -> str | None:
    """The usage mistake in `add_limit_arguments`' flags, if any."""
    for flag, value in (("--max-file-size", args.max_file_size), ("--timeout", args.timeout)):
        if value < 0:
            return f"{flag} must be 0 or more"
    return None


def _text_spans(text: str, targets: Sequence[Target]) -> list[Span]:
    return list(scanners.load(scanners.TEXT_SCANNER)(text, targets))


def _spans(
    name: str, text: str, targets: Sequence[Target], timeout: float = 0
) -> tuple[list[Span], list[str]]:
    """The structured scanner's spans, or the text scanner's with a note saying why."""
    module = scanners.module_for(name)
    if module == scanners.TEXT_SCANNER:
        return _text_spans(text, targets), []
    fmt = module.rsplit(".", 1)[-1].split(":")[0]
    timed = timeout > 0 and budget.has_timer()
    if timeout > 0 and not timed and len(text) > budget.FALLBACK_CHARS:
        limit = budget.FALLBACK_CHARS // (1024 * 1024)
        note = f"parsed as text ({fmt}: over {limit} MiB and no timer to bound the parse)"
        return _text_spans(text, targets), [note]
    try:
        scan = scanners.load(module)  # importing libcst is not the file's parse: not timed
        with budget.limit(timeout if timed else 0):
            return list(scan(text, targets)), []
    except scanners.ScannerUnavailable:
        return _text_spans(text, targets), []
    except budget.OverBudget:
        note = f"parsed as text ({fmt}: parsing took longer than {timeout:g} s)"
    except scanners.ParseError as exc:
        note = f"parsed as text ({fmt}: {exc})"
    except RecursionError:
        note = f"parsed as text ({fmt}: nested too deeply)"
    except ImportError as exc:
        note = f"parsed as text ({fmt} parser unavailable: {exc})"
    except Exception as exc:  # a scanner bug must cost precision, not IDs
        note = f"parsed as text ({fmt} scanner failed: {type(exc).__name__}: {exc})"
    return _text_spans(text, targets), [note]


def findings_in(
    display: str,
    name: str,
    text: str,
    targets: Sequence[Target],
    catalog: Catalog,
    timeout: float = 0,
) -> tuple[list[Finding], list[str]]:
    """Judge every target in `text`; the core of a scan, shared by files and git blobs.

    `timeout` bounds the structured parse (0: unbounded), see `linter.budget`.
    """
    from linter.reconcile import resolve  # with its role regexes: only a file with an ID

    spans, notes = _spans(name, text, targets, timeout)
    # A data file's thousands of hits pass here: the functions are looked up once, not per hit.
    position = LineIndex(text).position
    app_of, judge, message = catalog.apps.get, rules.judge, rules.message
    findings = []
    for target, span in zip(targets, resolve(text, targets, spans), strict=True):
        app = app_of(target.app_id)
        if app is None:
            continue
        verdict = judge(span, app)
        if verdict is None:
            continue
        rule, role = verdict
        start, end = target.span_start, target.span_end
        line, column = position(start)
        findings.append(
            Finding(  # location, rule, severity, app, role, context, raw, message, resource
                Location(display, line, column, column + end - start),
                rule.code,
                rule.severity,
                app,
                role,
                span.context,
                text[start:end],
                message(rule, app, span),
                span.resource,
            )
        )
    return findings, notes


def scan_file(ref: FileRef, catalog: Catalog, options: ScanOptions) -> FileResult:
    try:
        return _scan_file(ref, catalog, options)
    except Exception as exc:  # the last line of defence: report, and let the run go on
        return Failed(ref.display, f"internal error: {type(exc).__name__}: {exc}")


def scan_bytes(
    data: bytes, display: str, name: str, catalog: Catalog, options: ScanOptions
) -> FileResult:
    """Content that is not a file on disk (a git blob): judged as a file called `name` would
    be, reported under `display`. Never raises, like `scan_file`."""
    try:
        source = sources.from_bytes(data, display, name, options.max_bytes)
        if not isinstance(source, sources.Source):
            return source
        return _scan_source(source, display, name, catalog, options)
    except Exception as exc:
        return Failed(display, f"internal error: {type(exc).__name__}: {exc}")


def _scan_file(ref: FileRef, catalog: Catalog, options: ScanOptions) -> FileResult:
    source = sources.read(ref.file, ref.display, options.max_bytes)
    if not isinstance(source, sources.Source):
        return source
    return scan_read(ref, source, catalog, options)


def holds_id(source: sources.Source, catalog: Catalog) -> bool:
    """The prefilter over raw bytes: only a file it keeps is decoded, parsed or cached."""
    return not source.ascii_compatible or source.binary or catalog.contains_any(source.data)


def scan_read(
    ref: FileRef,
    source: sources.Source,
    catalog: Catalog,
    options: ScanOptions,
    held: bool | None = None,
) -> FileResult:
    """Everything after a file is read: the serial scan and `--jobs` workers run this, so a
    per-file step belongs in `_scan_source`. `held`: the prefilter's answer when known."""
    return _scan_source(source, ref.display, ref.name, catalog, options, held)


def _scan_source(
    source: sources.Source,
    display: str,
    name: str,
    catalog: Catalog,
    options: ScanOptions,
    held: bool | None = None,
) -> FileResult:
    """Shared by files, `--jobs` workers and bytes (`scan_bytes`): the findings (cached), and
    the suppression comments."""
    result: FileResult
    if not (holds_id(source, catalog) if held is None else held):
        result = Scanned(display)  # almost every file ends here: nothing to parse or cache
    elif sources.is_own_report(source.data):  # an earlier run's report lists every ID it found
        return Skipped(display, sources.OWN_FILE)
    elif options.cache is None:
        result = _judged(source, display, name, catalog, options)
    else:
        from linter import cache

        result = cache.cached(
            options.cache,
            display,
            source.data,
            lambda: _judged(source, display, name, catalog, options),
        )
    # Also in files without an ID: a comment left behind after its ID was removed is FPA100.
    if not isinstance(result, Scanned):
        return result
    marked = inline.collect(name, source)
    return result._replace(suppressions=marked) if marked else result


def _judged(
    source: sources.Source, display: str, name: str, catalog: Catalog, options: ScanOptions
) -> Scanned:
    """Decode -> prefilter -> scanner -> judge."""
    # NUL bytes in a file named like text: no parser accepts them, the text scanner still reads
    # every ID, and the user learns why the file was read coarsely.
    notes = ("contains NUL bytes; scanned as plain text",) if source.binary else ()
    if source.binary:
        text, targets = _binary_text(source, catalog)
    elif source.ascii_compatible and not catalog.contains_any(source.data):
        return Scanned(display, (), notes)
    else:
        text = source.text()
        targets = catalog.targets(text)
        if not targets and not source.ascii_compatible and catalog.contains_any(source.data):
            # Bytes that open like a UTF-16/32 byte order mark but hold IDs in plain ASCII:
            # the mark lied (a binary-ish or mis-saved file), and the IDs must not be lost.
            mark = source.encoding.upper()
            source = sources.Source(source.data, "utf-8", binary=True)
            text = source.text()
            targets = catalog.targets(text)
            notes = (f"starts with a {mark} byte order mark but is not; scanned as plain text",)
    if not targets:
        return Scanned(display, (), notes)
    name = "" if source.binary else name  # "": the text scanner
    findings, more = findings_in(display, name, text, targets, catalog, options.timeout)
    return Scanned(display, tuple(findings), notes + tuple(more))


_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def _binary_text(source: sources.Source, catalog: Catalog) -> tuple[str, list[Target]]:
    """NUL-laden text: as UTF-8, else in the wide encoding in which catalog IDs appear.

    UTF-16 without a BOM is recognised by sniffing only when it is mostly ASCII; a file in
    another script fails the sniff, and read as UTF-8 its IDs would be lost between NULs.
    """
    if catalog.contains_any(source.data):
        text = source.text()
        return text, catalog.targets(text)
    # A GUID's dashes in a wide encoding are `-` next to a NUL; without one, nothing to decode.
    if b"-\x00" not in source.data and b"\x00-" not in source.data:
        return "", []
    for encoding in _WIDE:
        wide = sources.Source(source.data, encoding).text()
        targets = catalog.targets(wide)
        if targets:
            return wide, targets
    return "", []


def scan_files(
    refs: Iterable[FileRef | Skipped], catalog: Catalog, options: ScanOptions
) -> Iterator[FileResult]:
    """Scan each file; what discovery already skipped (a symlink, an unreadable folder) passes."""
    for ref in refs:
        yield ref if isinstance(ref, Skipped) else scan_file(ref, catalog, options)
