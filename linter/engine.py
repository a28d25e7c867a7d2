"""One file in, one result out: the pipeline of design.md, and the place nothing may escape.

`scan_all` adds the one step that needs more than one file: Python constants followed across
modules (`linter.flows`), run after every file has its own result.

`scan_file` never raises. The prefilter's hits are the ground truth; a parser that fails or a
scanner with a bug only costs precision (the text scanner takes over, with a note), never an
ID, and an unexpected error leaves a `Failed` result while the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from linter import flows, rules, scanners, sources
from linter.catalog import Catalog
from linter.discovery import FileRef
from linter.findings import Failed, FileResult, Finding, Location, Scanned, Span, Target
from linter.positions import LineIndex
from linter.reconcile import resolve


@dataclass(frozen=True)
class ScanOptions:
    max_bytes: int = sources.DEFAULT_MAX_BYTES


def _spans(name: str, text: str, targets: Sequence[Target]) -> tuple[list[Span], list[str]]:
    """The structured scanner's spans, or the text scanner's with a note saying why."""
    module = scanners.module_for(name)
    if module == scanners.TEXT_SCANNER:
        return list(scanners.load(module)(text, targets)), []
    fmt = module.rsplit(".", 1)[-1].split(":")[0]
    try:
        return list(scanners.load(module)(text, targets)), []
    except scanners.ScannerUnavailable:
        return list(scanners.load(scanners.TEXT_SCANNER)(text, targets)), []
    except scanners.ParseError as exc:
        note = f"parsed as text ({fmt}: {exc})"
    except RecursionError:
        note = f"parsed as text ({fmt}: nested too deeply)"
    except ImportError as exc:
        note = f"parsed as text ({fmt} parser unavailable: {exc})"
    except Exception as exc:  # a scanner bug must cost precision, not IDs
        note = f"parsed as text ({fmt} scanner failed: {type(exc).__name__}: {exc})"
    return list(scanners.load(scanners.TEXT_SCANNER)(text, targets)), [note]


def findings_in(
    display: str, name: str, text: str, targets: Sequence[Target], catalog: Catalog
) -> tuple[list[Finding], list[str]]:
    """Judge every target in `text`; the core of a scan, shared by files and git blobs."""
    spans, notes = _spans(name, text, targets)
    index = LineIndex(text)
    findings = []
    for target, span in zip(targets, resolve(text, targets, spans), strict=True):
        app = catalog.apps.get(target.app_id)
        if app is None:
            continue
        verdict = rules.judge(span, app)
        if verdict is None:
            continue
        rule, role = verdict
        line, column = index.position(target.span_start)
        width = target.span_end - target.span_start
        findings.append(
            Finding(
                location=Location(display, line, column, column + width),
                rule=rule.code,
                severity=rule.severity,
                app=app,
                role=role,
                context=span.context,
                raw=text[target.span_start : target.span_end],
                message=rules.message(rule, app, span),
                resource=span.resource,
            )
        )
    return findings, notes


def scan_file(ref: FileRef, catalog: Catalog, options: ScanOptions) -> FileResult:
    try:
        return _scan_file(ref, catalog, options)
    except Exception as exc:  # the last line of defence: report, and let the run go on
        return Failed(ref.display, f"internal error: {type(exc).__name__}: {exc}")


def _scan_file(ref: FileRef, catalog: Catalog, options: ScanOptions) -> FileResult:
    source = sources.read(ref.path, ref.display, options.max_bytes)
    if not isinstance(source, sources.Source):
        return source
    if source.ascii_compatible and not catalog.contains_any(source.data):
        return Scanned(ref.display)
    text = source.text()
    targets = catalog.targets(text)
    if not targets:
        return Scanned(ref.display)
    findings, notes = findings_in(ref.display, PurePath(ref.path).name, text, targets, catalog)
    return Scanned(ref.display, tuple(findings), tuple(notes))


def scan_files(
    refs: Iterable[FileRef], catalog: Catalog, options: ScanOptions
) -> Iterator[FileResult]:
    for ref in refs:
        yield scan_file(ref, catalog, options)


def scan_all(refs: Iterable[FileRef], catalog: Catalog, options: ScanOptions) -> list[FileResult]:
    """Every file scanned on its own, then constants followed across the Python modules of the
    set (`linter.flows`): what the CLI runs, for library users who want the same answer."""
    files = list(refs)
    results = [scan_file(ref, catalog, options) for ref in files]
    try:
        return flows.follow(files, results, options.max_bytes)
    except Exception:  # the second pass only adds precision; its failure must cost nothing else
        return results
