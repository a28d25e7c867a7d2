"""The command line: arguments in, exit code out, no scanning logic of its own.

Exit codes are a contract with CI: 0 clean, 1 an error-severity finding, 2 a usage, config or
internal error, so a pipeline can tell "found something" from "broke".
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

# Only what `check` needs is imported here: a pre-commit hook pays for every import on each
# commit, so the modules of other commands (history, merge, catalog import) load in `_parser`
# and `main` when their command runs, and git's modules only for --staged/--diff.
from linter import (
    __version__,
    cache,
    catalog,
    config,
    discovery,
    engine,
    gitscan_args,
    outputs,
    parallel,
    plan,
    reporting,
    rules,
    shard,
    suppress,
    tree_scan,
)
from linter.report import FORMATTERS
from linter.reporting import PROG, write

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the tool was called: one line to stderr, exit 2."""


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, given the terminal's width: argparse's own asks `shutil`, whose
    import (bz2 and lzma with it) costs a hook a few percent of its run, to format nothing."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        stream = sys.__stdout__
        try:
            columns = os.get_terminal_size(stream.fileno()).columns if stream else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


COMMANDS = ("check", "rule", "catalog", "history", "cache", "merge", "baseline")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `command` only that command's parser (and `check`'s,
    which `baseline` inherits): argparse looks up translations for every parser it builds, a
    few milliseconds a hook would pay on each commit for commands it does not run."""

    def wanted(name: str) -> bool:
        return command is None or command == name or (name == "check" and command == "baseline")

    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=_Formatter,
        description="Find Microsoft first-party application IDs used as client IDs "
        "(the cause of AADSTS65002).",
    )
    parser.add_argument("--version", action="store_true", help="print versions and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if wanted("check"):
        _add_check(sub)
    if wanted("rule"):
        rule = sub.add_parser("rule", help="print a rule's documentation")
        rule.add_argument("code", nargs="?", help="rule code, e.g. FPA001 (default: list rules)")
    if wanted("catalog"):
        from linter import catalog_import

        cat = sub.add_parser("catalog", help="what the catalog knows")
        cat_sub = cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
        show = cat_sub.add_parser("show", help="show apps by ID or by part of the name")
        show.add_argument("query", help="an app ID (any case, braces allowed) or part of a name")
        cat_sub.add_parser("info", help="catalog version, source date and size")
        catalog_import.add_parsers(cat_sub)
    if wanted("history"):
        from linter import history

        history.add_parser(sub)
    if wanted("cache"):
        cache.add_command(sub)
    if wanted("merge"):
        from linter import merge

        merge.add_command(sub)
    if wanted("baseline"):  # last: `baseline` inherits every option of `check`
        outputs.add_command(sub, sub.choices["check"])
    return parser


def _add_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser(
        "check", help="scan files and directories (default: .)", formatter_class=_Formatter
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    check.add_argument("--format", choices=sorted(FORMATTERS), default=None)
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when errors are found")
    check.add_argument(
        "-q", "--quiet", action="store_true", help="print findings only, no guide or summary"
    )
    check.add_argument("-v", "--verbose", action="store_true", help="also list every skipped file")
    engine.add_limit_arguments(check, "file")
    config.add_arguments(check)
    outputs.add_arguments(check)
    gitscan_args.add_arguments(check)
    suppress.add_arguments(check)
    cache.add_arguments(check)
    shard.add_arguments(check)
    parallel.add_arguments(check)


def prepare(
    args: argparse.Namespace,
) -> tuple[config.Resolver, catalog.Catalog, engine.ScanOptions]:
    """What a scan needs from the arguments and the config files (`args.format` set from
    them); `benchmarks/post.py` prepares its scan with it too."""
    resolver = config.resolver_from_args(args)
    args.format = resolver.run.format or "text"
    cat = catalog.load().with_apps(resolver.run.extra_ids)
    options = engine.ScanOptions(
        max_bytes=int(args.max_file_size * 1024 * 1024), timeout=args.timeout, jobs=args.jobs
    )
    return resolver, cat, cache.configure(args, options, cat, __version__)


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        paths = [] if gitscan_args.active(args) else discovery.check_paths(args.paths or ["."])
    except discovery.PathError as exc:
        raise UsageError(f"no such file or directory: {exc}") from exc
    problem = engine.limit_error(args)
    if problem:
        raise UsageError(problem)
    outputs.check_arguments(args)
    resolver, cat, options = prepare(args)
    run = resolver.run
    # Files one by one, then constants that travel across the Python modules of the set.
    clean: list[str] = []  # files scanned clean, by name (a tree's run: no object for each)
    if gitscan_args.active(args):
        from linter import gitscan

        scope = gitscan.results(args, cat, options)
        kept = gitscan.not_excluded(scope.results, resolver)
        results, changed, walked = kept, scope.changed, []
    else:
        files = plan.of_paths(paths, rules=resolver, force_exclude=args.force_exclude)
        selected = shard.select(files, paths, args.shard)
        results, clean = tree_scan.scan_tree(selected, cat, options, resolver.allow_read)
        changed, walked = None, suppress.walked_folders(paths)
    report = reporting.post_scan(args, resolver, cat, results, changed, walked, clean)
    reporting.deliver(args, report, out, err)

    if report.failed:
        return EXIT_ERROR
    if args.exit_zero or args.command == "baseline":
        return EXIT_CLEAN
    blocking = any(map(run.blocks, report.findings))
    return EXIT_FINDINGS if blocking else EXIT_CLEAN


def _rule(args: argparse.Namespace, out: TextIO) -> int:
    if args.code is None:
        for rule in rules.RULES.values():
            write(out, f"{rule.code}  {rule.name:<36} {rule.severity.value:<8} {rule.summary}\n")
        return EXIT_CLEAN
    found = rules.RULES.get(args.code.upper())
    if found is None:
        raise UsageError(f"unknown rule {args.code!r}; known: {', '.join(rules.RULES)}")
    write(out, found.doc())
    return EXIT_CLEAN


def _catalog(args: argparse.Namespace, out: TextIO) -> int:
    from linter import catalog_import

    if args.catalog_command in catalog_import.COMMANDS:
        return catalog_import.run(args, out)
    cat = catalog.load()
    if args.catalog_command == "info":
        write(
            out,
            f"catalog {cat.version}, sources as of {cat.source_date}, {len(cat)} app IDs "
            f"({sum(a.is_resource for a in cat.apps.values())} known as resource APIs)\n",
        )
        return EXIT_CLEAN
    apps = cat.search(args.query)
    if not apps:
        write(out, f"no catalog entry matches {args.query!r}\n")
        return EXIT_FINDINGS
    for app in sorted(apps, key=lambda a: (a.name.casefold(), a.app_id)):
        owner = cat.tenants.get(app.owner_tenant, "") if app.owner_tenant else ""
        roles = [
            "resource API" if app.is_resource else "",
            "signs in as a client" if app.seen_as_client else "",
        ]
        write(
            out,
            f"{app.app_id}  {app.label}\n"
            f"    owner tenant: {app.owner_tenant or 'not stated by any source'}"
            f"{f' ({owner})' if owner else ''}\n"
            f"    known as: {', '.join(r for r in roles if r) or 'first-party app'}\n"
            f"    as a client ID: FPA001 error; as a resource: not reported; "
            f"where unclear: {'FPA002 warning' if app.client_capable else 'not reported'}\n",
        )
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    out, err = sys.stdout, sys.stderr
    argv = sys.argv[1:] if argv is None else argv
    # A command first (as every hook and script writes it): only its parser is built.
    parser = _parser(argv[0] if argv and argv[0] in COMMANDS else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help is 0, a usage mistake is 2
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    try:
        if args.version:
            cat = catalog.load()
            write(out, f"{PROG} {__version__} (catalog {cat.version}, {len(cat)} app IDs)\n")
            return EXIT_CLEAN
        if args.command in ("check", "baseline"):
            return _check(args, out, err)
        if args.command == "rule":
            return _rule(args, out)
        if args.command == "catalog":
            return _catalog(args, out)
        if args.command == "history":
            from linter import history

            return history.run(args, out, err)
        if args.command == "cache":
            return cache.command(args, out)
        if args.command == "merge":
            from linter import merge

            return merge.command(args, out, err)
        parser.print_usage(err)
        write(err, f"{PROG}: error: a command is required (try '{PROG} check .')\n")
        return EXIT_ERROR
    except (UsageError, config.ConfigError, outputs.OutputError, gitscan_args.GitError) as exc:
        write(err, f"{PROG}: error: {exc}\n")
        return EXIT_ERROR
    except catalog.CatalogError as exc:
        write(err, f"{PROG}: error: {exc} (reinstall the package)\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # exit 2, never a traceback that looks like "found something"
        write(err, f"{PROG}: internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
