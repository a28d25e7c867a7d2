"""Time the stages of `check` after the scan, in-process, on one scan's results.

    python benchmarks/post.py [--repeat N] [--cold N] TREE [CHECK_ARGS ...]

The tree is scanned once (as `check` does, with the same arguments); then the stages that
`reporting.post_scan` and `reporting.deliver` run are timed `--repeat` times on the same
results, each alone (rule selection, suppressions, the tool's own files and the baseline,
the Report, the output: fingerprints are computed there, by the formats that show them), then
the two functions whole. The medians of wall and CPU time are printed per stage, in
milliseconds, and the first call's wall time. The default arguments are the dense case of
issue 5: `-q --no-cache --format json -o /dev/null .`; give others after TREE, for example
`-q --no-cache .` (text) or `-q --no-cache --format sarif -o /dev/null .`.

Timing a stage in-process, many times, measures the few milliseconds a change saves even on
a busy machine, where the whole process's wall time varies by more than that. It leaves out
what only a fresh process pays (the first import of a report module, of `hashlib`, the
cyclic collector walking the scan's objects): `--cold N` runs `check` N times, each in a new
process started as the `first-party-lint` script starts, and prints the median time from the
end of `tree_scan.scan_all` to the end of `check`, the collector's share of it and each stage's.
Measure with the modules' `.pyc` files written (PYTHONDONTWRITEBYTECODE unset, one run
first): without them every fresh process compiles each module it imports.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter import (  # noqa: E402
    cli,
    config,
    discovery,
    outputs,
    plan,
    reporting,
    shard,
    suppress,
    tree_scan,
)
from linter.findings import FileResult  # noqa: E402
from linter.report import Report  # noqa: E402

DEFAULT_ARGS = ("-q", "--no-cache", "--format", "json", "-o", os.devnull, ".")


def _timed(
    function: Callable[[Any], Any], repeat: int, setup: Callable[[], Any] = lambda: None
) -> tuple[float, float, float, Any]:
    """Median wall and CPU milliseconds of `repeat` calls of `function(setup())` (`setup`
    not timed), the first call's wall time (it imports what the stage needs), and the last
    call's value."""
    walls, cpus = [], []
    value = None
    for _ in range(repeat):
        given = setup()
        wall, cpu = time.perf_counter(), time.process_time()
        value = function(given)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, walls[0] * 1000, value


def _cold_child(check: list[str]) -> None:
    """One `check` run as the script runs it; prints the milliseconds after the scan (wall,
    CPU, in the collector), then the wall time of each stage (name=ms)."""
    gc.freeze()  # as `linter.entry` does after the imports
    marks: dict[str, float] = {}
    collecting = [0.0]
    stages: dict[str, float] = {}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            marks["gc"] = time.perf_counter()
        elif "wall" in marks:
            collecting[0] += time.perf_counter() - marks["gc"]

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - start

        return run

    scan_tree = tree_scan.scan_tree

    def timed_scan(*args: Any, **kwargs: Any) -> tuple[list[FileResult], list[str]]:
        scanned = scan_tree(*args, **kwargs)
        marks["wall"], marks["cpu"] = time.perf_counter(), time.process_time()
        return scanned

    tree_scan.scan_tree = timed_scan
    patches: list[tuple[Any, str]] = [
        (config.Resolver, "select_rules"),
        (suppress, "apply"),
        (outputs, "after_scan"),
        (reporting, "Report"),
        (reporting, "deliver"),
    ]
    for owner, name in patches:
        setattr(owner, name, timed(name, getattr(owner, name)))
    gc.callbacks.append(on_gc)
    with open(os.devnull, "w") as sink:  # noqa: PTH123
        sys.stdout, sys.stderr = sink, sink
        try:
            cli.main(["check", *check])
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    wall, cpu = time.perf_counter() - marks["wall"], time.process_time() - marks["cpu"]
    print(f"{wall * 1000:.3f} {cpu * 1000:.3f} {collecting[0] * 1000:.3f}")
    print(" ".join(f"{name}={seconds * 1000:.3f}" for name, seconds in stages.items()))


def _cold(count: int, tree: Path, check: list[str]) -> None:
    samples, stages = [], []
    for _ in range(count):
        child = [sys.executable, __file__, "--cold-child", str(tree), *check]
        done = subprocess.run(child, capture_output=True, text=True, check=True)
        totals, parts = done.stdout.splitlines()
        samples.append([float(x) for x in totals.split()])
        stages.append({k: float(v) for k, v in (p.split("=") for p in parts.split())})
    wall, cpu, collector = (statistics.median(column) for column in zip(*samples, strict=True))
    print(
        f"after the scan, fresh process (median of {count}): wall {wall:.1f} ms, "
        f"cpu {cpu:.1f} ms, of which the cyclic collector {collector:.1f} ms"
    )
    for name in stages[0]:
        print(f"  {name:<22} {statistics.median(s[name] for s in stages):6.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--cold", type=int, default=0, metavar="N", help="N fresh processes")
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("tree", type=Path)
    parser.add_argument("check", nargs=argparse.REMAINDER, help="arguments of `check`")
    options = parser.parse_args(argv)
    os.chdir(options.tree)
    check = options.check or list(DEFAULT_ARGS)
    if options.cold_child:
        _cold_child(check)
        return 0
    if options.cold:
        _cold(options.cold, options.tree, check)
        return 0
    args = cli._parser("check").parse_args(["check", *check])

    # What `_check` does before the scan, then the scan, once.
    paths = discovery.check_paths(args.paths or ["."])
    outputs.check_arguments(args)
    resolver, cat, scan = cli.prepare(args)
    run = resolver.run
    files = plan.of_paths(paths, rules=resolver, force_exclude=args.force_exclude)
    scanned, clean = tree_scan.scan_tree(shard.select(files, paths, args.shard), cat, scan)
    walked = suppress.walked_folders(paths)
    found = sum(len(r.findings) for r in scanned if hasattr(r, "findings"))
    results = len(scanned) + len(clean)
    print(f"{options.tree}: {results} results, {found} findings; check {' '.join(args.paths)}")

    def selected() -> list[FileResult]:
        return resolver.select_rules(scanned)

    def applied(results: list[FileResult]) -> list[FileResult]:
        return reporting.suppressed(args, resolver, results, walked, list(clean))

    def report_of(staged: dict[str, Any]) -> Report:
        return reporting.report_of(cat, staged)

    def delivered(report: Report) -> None:
        reporting.deliver(args, report, io.StringIO(), io.StringIO())

    rows: list[tuple[str, float, float, float]] = []

    def stage(
        name: str, function: Callable[[Any], Any], setup: Callable[[], Any] = lambda: None
    ) -> Any:
        wall, cpu, first, value = _timed(function, options.repeat, setup)
        rows.append((name, wall, cpu, first))
        return value

    one = stage("select_rules", lambda _: selected())
    two = stage("suppress.apply", lambda _: applied(one))
    staged = stage("outputs.after_scan", lambda _: outputs.after_scan(args, two, clean))
    report = stage("Report", lambda _: report_of(staged))
    # A new Report each time (not timed): a report computes its fingerprints once, when a
    # format first reads one, and the output is where that is paid.
    stage(
        f"deliver ({args.format})",
        delivered,
        lambda: report_of(outputs.after_scan(args, two, clean)),
    )
    stage("exit code", lambda _: any(map(run.blocks, report.findings)))
    rows.append(
        (
            "(sum of the stages)",
            sum(row[1] for row in rows),
            sum(row[2] for row in rows),
            sum(row[3] for row in rows),
        )
    )
    stage(
        "post_scan + deliver",
        lambda _: delivered(reporting.post_scan(args, resolver, cat, scanned, None, walked, clean)),
    )
    print(f"{'stage':<24} {'wall ms':>8} {'cpu ms':>8} {'first':>8}   (median of {options.repeat})")
    for name, wall, cpu, first in rows:
        print(f"{name:<24} {wall:8.2f} {cpu:8.2f} {first:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
