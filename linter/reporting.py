"""After the scan, the report: the stages `check` runs on the results, and where the report goes.

A module of its own so that `benchmarks/post.py` times exactly what `check` runs, and the
command line (`linter.cli`) keeps to arguments and exit codes.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from linter import (
    __version__,
    catalog,
    config,
    discovery,
    fingerprints,
    outputs,
    rules,
    sources,
    suppress,
)
from linter.findings import FileResult
from linter.report import FORMATTERS, Report

if TYPE_CHECKING:
    from linter.config_files import Config
    from linter.gitscan import Changed

PROG = "first-party-lint"
# Skips that need no line in the terminal (they are in JSON and under -v): a file with binary
# content and no text name, a symlink to a file that is scanned anyway, the tool's own files.
QUIET_SKIPS = frozenset({sources.BINARY, discovery.SYMLINK_INSIDE, sources.OWN_FILE})


def write(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:  # `... | head` is not an error
        pass


def post_scan(
    args: argparse.Namespace,
    resolver: config.Resolver,
    cat: catalog.Catalog,
    results: list[FileResult],
    changed: Changed | None,
    walked: Sequence[str],
    clean: Sequence[str] = (),
) -> Report:
    """The stages after the scan (a function of its own so `benchmarks/post.py` times what
    `check` runs): rule selection, suppressions, the tool's own files, fingerprints and the
    baseline, and the report sorted out. `clean`: the report names of the files scanned
    clean that `results` leave out (`tree_scan.scan_tree`)."""
    # Rules each file's config selects; then what the user accepted (comments, allow entries)
    # and FPA100-FPA102 judged for those rules, and the selection again for the results that
    # changed (for FPA100-FPA102).
    selected = resolver.select_rules(results)
    results = suppressed(args, resolver, selected, walked, clean)
    if len(results) > len(selected):  # config files given findings about their entries
        added = {result.path for result in results[len(selected) :]}
        clean = [name for name in clean if name not in added]  # those scanned clean
    # The tool's own files skipped, baselined findings hidden.
    staged = outputs.after_scan(args, results, clean)
    if changed is not None:  # --diff: fingerprints count every finding, the report not
        from linter import gitscan

        staged.setdefault("fingerprints", fingerprints.Lazy(staged["results"]))
        staged["results"] = gitscan.keep_changed(staged["results"], changed)
    return report_of(cat, staged)


def suppressed(
    args: argparse.Namespace,
    resolver: config.Resolver,
    results: list[FileResult],
    walked: Sequence[str],
    clean: Sequence[str] | None = None,
) -> list[FileResult]:
    """What comments and `allow` entries take out, FPA100-FPA102 added and selected (`clean`:
    see `suppress.apply`). The clean files' folders only matter to the `allow` entries of
    their configs: with no such entry read in the run, they are not looked up (a config
    lookup for each of a large tree's thousand folders was most of this stage)."""
    return suppress.apply(
        results,
        resolver.allow_for,
        active=lambda path: enabled(resolver.for_path(path)),
        require_reason=args.require_reason or resolver.run.require_reason,
        walked=walked if args.shard is None else [],
        then=resolver.select_one,
        clean=clean if resolver.allow_read.is_set() else None,
    )


def report_of(cat: catalog.Catalog, staged: dict[str, Any]) -> Report:
    return Report(
        tool_version=__version__,
        catalog_version=cat.version,
        remediation=catalog.load_remediation(),
        **staged,
    )


def deliver(args: argparse.Namespace, report: Report, out: TextIO, err: TextIO) -> None:
    """The report to its file or the terminal, with the notes on stderr."""
    written = outputs.write(args, report)

    if args.format == "text" or written is not None:
        for path, note in report.notes:
            write(err, f"{PROG}: {path}: {note}\n")
        for skipped in report.skipped:
            if args.verbose or skipped.reason not in QUIET_SKIPS:
                write(err, f"{PROG}: {skipped.path}: skipped, {skipped.reason}\n")
        for failed in report.failed:
            write(err, f"{PROG}: {failed.path}: {failed.error}\n")
        if written is not None:  # the report is in the file: the terminal gets the summary
            from linter.report import text

            write(out, "" if args.quiet else f"{text.summary(report)}\n{written}\n")
        elif args.quiet:
            from linter.report import text

            lines = text.render(report, remediation=False).splitlines()
            write(out, "".join(f"{line}\n" for line in lines[:-1] if line))
        else:
            write(out, FORMATTERS["text"](report))
    else:
        write(out, FORMATTERS[args.format](report))


def enabled(chosen: Config) -> set[str]:
    return {code for code in rules.RULES if chosen.rule_enabled(code)}
