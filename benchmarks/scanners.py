"""The scanners' own cost: `engine.scan_file` on the files the sweep keeps, by extension.

    cd TREE && python /path/to/benchmarks/scanners.py [--repeat N] [--first]

The whole run (discovery, sweep, post-scan stages) is `bench.py`'s; this isolates the parse
and judge of the kept files, in one process with imports done, so that a change to a scanner
shows up above the noise of a shared machine. Each pass prints milliseconds of CPU per
extension; the last line is the first pass (it pays each kind's imports and set-up) and the
median of the later ones. `--first` instead prints the first-time cost per extension: the
first scan of the smallest kept file of each kind in a fresh process, less its later scans.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from pathlib import Path

from linter import catalog, discovery, engine, sweep
from linter.discovery import FileRef


def _kept(cat: catalog.Catalog) -> list[FileRef]:
    paths = [p for p in discovery.iter_files([Path()]) if isinstance(p, FileRef)]
    return [paths[k] for k in sweep.sweep([p.file for p in paths], cat, sweep.BUFFER)]


def _extension(ref: FileRef) -> str:
    return Path(ref.file).suffix


def steady(cat: catalog.Catalog, refs: list[FileRef], repeat: int) -> None:
    options = engine.ScanOptions()
    totals: list[float] = []
    for _ in range(repeat):
        spent: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])
        started = time.process_time()
        for ref in refs:
            before = time.process_time()
            engine.scan_file(ref, cat, options)
            spent[_extension(ref)][0] += 1
            spent[_extension(ref)][1] += time.process_time() - before
        totals.append(time.process_time() - started)
        shown = {ext: (int(n), round(1000 * s, 1)) for ext, (n, s) in spent.items()}
        print(shown, round(1000 * totals[-1], 1))
    later = statistics.median(totals[1:]) if len(totals) > 1 else float("nan")
    print(f"first {1000 * totals[0]:.0f} ms, steady median {1000 * later:.0f} ms")


def first_time(cat: catalog.Catalog, refs: list[FileRef]) -> None:
    options = engine.ScanOptions()
    smallest: dict[str, FileRef] = {}
    for ref in refs:
        known = smallest.get(_extension(ref))
        if known is None or Path(ref.file).stat().st_size < Path(known.file).stat().st_size:
            smallest[_extension(ref)] = ref
    chosen = [smallest[ext] for ext in sorted(smallest)]
    passes: list[dict[str, float]] = []
    for _ in range(3):
        spent: dict[str, float] = {}
        for ref in chosen:
            before = time.process_time()
            engine.scan_file(ref, cat, options)
            spent[_extension(ref)] = time.process_time() - before
        passes.append(spent)
    extra = {ext: spent - min(p[ext] for p in passes[1:]) for ext, spent in passes[0].items()}
    print({ext: round(1000 * cost, 1) for ext, cost in extra.items()})
    print(f"first-time cost {1000 * sum(extra.values()):.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--first", action="store_true", help="first-time cost per extension")
    args = parser.parse_args(argv)
    cat = catalog.load().with_apps([])  # as the CLI loads it
    refs = _kept(cat)
    if args.first:
        first_time(cat, refs)
    else:
        steady(cat, refs, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
