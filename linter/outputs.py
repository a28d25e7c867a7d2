"""Between the scan and the terminal: `--baseline`, `--output` and the `baseline` command.

The `baseline` command is `check` with its report sent to a file in the baseline format: the
same parser (it inherits every option of `check`), the same scan, the same notes on stderr, so
the two can never disagree about which findings exist. It exits 0 (recording findings is what
was asked) unless a file failed.

`--output FILE` writes the report to FILE and prints the text summary to the terminal, with
the usual notes on stderr: a CI log then says what happened while the SARIF or JUnit file goes
to its consumer. The file is written whole or not at all (a temporary file renamed over it).

What this tool writes is excluded from what it scans: the baseline file (it lists app IDs by
design) and this run's `--output` file are skipped with a reason, as is any file named like the
default baseline.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Iterable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO

from linter import baseline, sources
from linter.findings import FileResult, Scanned, Severity, Skipped
from linter.report import Report
from linter.report import pieces as report_pieces


class OutputError(Exception):
    """A baseline or output file that cannot be read or written: one line, exit 2."""


def add_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE; the terminal shows the summary",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in FILE (written by 'first-party-lint baseline')",
    )


def add_command(sub: Any, check: argparse.ArgumentParser) -> None:
    """`baseline`: every option of `check` (call this after all of them are added)."""
    sub.add_parser(
        "baseline",
        parents=[check],
        conflict_handler="resolve",  # the inherited -h/--help replaces the parser's own
        help=f"record current findings in a baseline file (default: {baseline.DEFAULT_FILE})",
        description="Scan as 'check' does and record every finding in a baseline file "
        f"(--output, default {baseline.DEFAULT_FILE}); 'check --baseline FILE' then reports "
        "only findings not in it.",
    )


def output_path(args: argparse.Namespace) -> str | None:
    if args.command == "baseline":
        return str(args.output or baseline.DEFAULT_FILE)
    return str(args.output) if args.output else None


def check_arguments(args: argparse.Namespace) -> None:
    """Combinations that would do something other than what the user meant."""
    if args.command == "baseline":
        if args.baseline:
            raise OutputError("'baseline' records every finding; --baseline is for 'check'")
        if args.format not in (None, "text"):  # None: not given (a config's `format` is moot)
            raise OutputError("'baseline' writes its own format; --format is for 'check'")
    target = output_path(args)
    if target and any(_same_file(target, path) for path in args.paths):
        raise OutputError(f"--output {target} is also a file to scan; write the report elsewhere")
    if args.baseline and target and _same_file(target, args.baseline):
        raise OutputError(
            f"--output {target} would overwrite the baseline file; 'check' never does"
        )


def after_scan(
    args: argparse.Namespace, results: Sequence[FileResult], clean: Sequence[str] = ()
) -> dict[str, Any]:
    """The Report's results and baseline fields: own files skipped, baselined findings hidden.
    `clean`: report names of files scanned clean and not in `results` (`tree_scan.scan_tree`),
    counted as such unless one is the tool's own (then it is a skip among the results)."""
    own = [name for name in (output_path(args), args.baseline) if name]
    # A file can only be one of the tool's own if its name ends like one: a string test per
    # file, and the full comparison for the few that pass it.
    endings = (baseline.DEFAULT_FILE, *(os.path.basename(mine) for mine in own))  # noqa: PTH119
    if _any_ends(results, endings):
        kept = [_skip_own(r, own) if r.path.endswith(endings) else r for r in results]
    else:
        kept = list(results)
    clean_count = len(clean)
    if clean and _ends(clean, endings):
        skips = [_skip_own(Scanned(name), own) for name in clean if name.endswith(endings)]
        skips = [skip for skip in skips if isinstance(skip, Skipped)]
        kept += skips
        clean_count -= len(skips)
    if not args.baseline:
        return {"results": kept, "clean": clean_count}  # fingerprints: when a format asks
    try:
        applied = baseline.apply(kept, args.baseline, clean)
    except baseline.BaselineError as exc:
        raise OutputError(str(exc)) from None
    return {
        "results": applied.results,
        "clean": clean_count,
        "fingerprints": applied.fingerprints,
        "baselined": applied.baselined,
        "stale": applied.stale,
    }


def _any_ends(results: Sequence[FileResult], endings: tuple[str, ...]) -> bool:
    """Whether a result's path may end with one of `endings` (`_ends`)."""
    return _ends(map(_PATH, results), endings)


def _ends(paths: Iterable[str], endings: tuple[str, ...]) -> bool:
    """Whether a path may end with one of `endings`: the paths joined by newlines, searched
    in C (a path that ends so is followed by a newline; one holding a newline can only make
    this say yes), cheaper than asking each of a large tree's paths."""
    text = "\n".join(paths) + "\n"
    return any(f"{ending}\n" in text for ending in endings)


_PATH = attrgetter("path")


def write(args: argparse.Namespace, report: Report) -> str | None:
    """Write the report (or the baseline) to its file; the line for the terminal, if any."""
    target = output_path(args)
    if target is None:
        return None
    text: str | list[str]
    if args.command == "baseline":
        text = baseline.render(report.results, baseline.root_of(target))
        count = len(report.findings)
        errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
        message = (
            f"baseline: {count} finding{'' if count == 1 else 's'} recorded in {target} "
            f"({errors} error{'' if errors == 1 else 's'}, {count - errors} warning"
            f"{'' if count - errors == 1 else 's'})"
        )
    else:
        text = report_pieces(args.format, report)
        message = f"report written to {target} ({args.format})"
    _replace(target, text)
    return message


def _replace(target: str, text: str | list[str]) -> None:
    """Write `text` (or its pieces) to `target` atomically, with `\\n` line ends on every
    platform.

    A target that exists and is not a regular file (`/dev/null`, a FIFO, `/dev/stdout`) is
    written in place: renaming a temporary file over it would replace the device itself (as
    root, `-o /dev/null` left a regular file at /dev/null for every other program)."""
    if _special(target):
        try:
            with open(target, "wb") as stream:  # noqa: PTH123
                _write_to(stream, text)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
        return
    import tempfile  # only runs that write a file pay for the import

    folder = Path(target).absolute().parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=".first-party-lint-", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            _write_to(stream, text)
        # mkstemp's 0600 is for secrets; a report keeps the mode of the file it replaces.
        Path(temporary).chmod(_mode(target))
        Path(temporary).replace(target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None


def _write_to(stream: BinaryIO, text: str | list[str]) -> None:
    for piece in [text] if isinstance(text, str) else text:
        stream.write(piece.encode("utf-8"))


def _special(target: str) -> bool:
    """Whether `target` exists and is something other than a regular file (or a link to one)."""
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)  # noqa: PTH116
    except OSError:  # missing (the usual case), or not reachable: the rename path reports it
        return False


def _mode(target: str) -> int:
    try:
        return Path(target).stat().st_mode & 0o777
    except OSError:
        return 0o644


def _same_file(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _skip_own(result: FileResult, own: Sequence[str]) -> FileResult:
    """The baseline and this run's report, by name; reports of earlier runs are recognised by
    their content where it is read (`sources.is_own_report`)."""
    if isinstance(result, Skipped):
        return result
    name = result.path.rpartition("/")[2]  # display paths use `/`
    if name == baseline.DEFAULT_FILE or any(
        name == os.path.basename(mine) and _same_file(result.path, mine)  # noqa: PTH119
        for mine in own
    ):
        return Skipped(result.path, sources.OWN_FILE)
    return result
