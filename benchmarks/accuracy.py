"""Precision and recall of FPA001 over the labelled corpus in tests/corpus/.

Every catalog ID in the corpus is labelled in `tests/corpus/labels.tsv` as `client` (FPA001
expected), `resource` (silence expected) or `mention` (FPA002 at most). The labels live in a
sidecar file, not in comments beside the IDs, because a comment on the line would itself change
what the text scanner sees. This runs the real engine over the whole corpus as the CLI does
(files one by one, then Python constants followed across modules), and prints precision and
recall of FPA001 overall and per language, with the confusion of labels against outcomes
(FPA001 / FPA002 / silent), so a change that trades precision for recall shows up as numbers,
not anecdotes.

    python benchmarks/accuracy.py [--corpus tests/corpus] [--misses] [--without-grammars]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from linter import catalog as catalog_module  # noqa: E402
from linter import engine, scanners, tree_scan  # noqa: E402
from linter.discovery import FileRef  # noqa: E402
from linter.findings import Scanned  # noqa: E402

LANG_PACKAGE = "linter.scanners.lang."
LABELS = ("client", "resource", "mention")
OUTCOMES = ("FPA001", "FPA002", "silent")


def read_labels(corpus: Path) -> dict[tuple[str, int, int], str]:
    """`(path, line, column) -> label` from labels.tsv; `#` lines are comments."""
    labels = {}
    for row in (corpus / "labels.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        path, line, column, label = row.split("\t")
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} in {row!r}")
        labels[(path, int(line), int(column))] = label
    return labels


def _python_files(corpus: Path) -> set[str]:
    """Python modules without IDs still count: they may import a constant into a client sink."""
    return {path.relative_to(corpus).as_posix() for path in corpus.rglob("*.py")}


def language(path: str) -> str:
    """The corpus groups files by language in its first directory."""
    return path.split("/", 1)[0]


@dataclass
class Tally:
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def true_positives(self) -> int:
        return self.confusion["client", "FPA001"]

    @property
    def false_positives(self) -> int:
        return sum(self.confusion[label, "FPA001"] for label in ("resource", "mention"))

    @property
    def false_negatives(self) -> int:
        return self.confusion["client", "FPA002"] + self.confusion["client", "silent"]

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def measure(corpus: Path, grammars: bool = True) -> Report:
    """Scan every labelled file with the real engine and tally outcomes against labels.

    With `grammars=False` the language scanners are left out of the registry, so every
    C#, TypeScript, PowerShell ... file is read by the text scanner: the baseline they replace.
    """
    if not grammars:
        saved = scanners.SCANNERS
        scanners.SCANNERS = tuple(
            (glob, module) for glob, module in saved if not module.startswith(LANG_PACKAGE)
        )
        try:
            return measure(corpus)
        finally:
            scanners.SCANNERS = saved
    labels = read_labels(corpus)
    catalog = catalog_module.load()
    report = Report()
    files = sorted({path for path, _, _ in labels} | _python_files(corpus))
    refs = [FileRef(corpus / rel, rel) for rel in files]
    for rel, result in zip(
        files, tree_scan.scan_all(refs, catalog, engine.ScanOptions()), strict=True
    ):
        if not isinstance(result, Scanned):
            raise RuntimeError(f"{rel}: {result}")
        report.notes.extend(f"{rel}: {note}" for note in result.notes)
        outcome = {(f.location.line, f.location.column): f for f in result.findings}
        tally = report.by_language.setdefault(language(rel), Tally())
        for (path, line, column), label in sorted(labels.items()):
            if path != rel:
                continue
            finding = outcome.get((line, column))
            verdict = finding.rule if finding is not None else "silent"
            tally.confusion[label, verdict] += 1
            report.overall.confusion[label, verdict] += 1
            wrong = (label == "client") != (verdict == "FPA001")
            if wrong:
                said = f"{finding.rule} ({finding.context})" if finding else "silent"
                report.misses.append(f"{rel}:{line}:{column}: {label}, got {said}")
    return report


def render(report: Report, misses: bool) -> str:
    rows = [
        "FPA001 on the labelled corpus (client = FPA001 expected; resource and mention are not)",
        "",
        f"{'language':<12} {'precision':>9} {'recall':>7}  "
        + "  ".join(f"{label[:3]}>{outcome}" for label in LABELS for outcome in OUTCOMES),
    ]
    for name, tally in [*sorted(report.by_language.items()), ("ALL", report.overall)]:
        cells = "  ".join(
            f"{tally.confusion[label, outcome]:>{len(label[:3]) + 1 + len(outcome)}}"
            for label in LABELS
            for outcome in OUTCOMES
        )
        rows.append(f"{name:<12} {tally.precision:>9.3f} {tally.recall:>7.3f}  {cells}")
    overall = report.overall
    rows.append("")
    rows.append(
        f"true positives {overall.true_positives}, false positives {overall.false_positives}, "
        f"false negatives {overall.false_negatives}"
    )
    if misses:
        rows += ["", "Misclassified:", *report.misses]
        rows += ["", "Notes:", *report.notes]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    parser.add_argument("--misses", action="store_true", help="list every misclassified ID")
    parser.add_argument(
        "--without-grammars",
        action="store_true",
        help="read every language file with the text scanner (the baseline)",
    )
    args = parser.parse_args(argv)
    print(render(measure(args.corpus, grammars=not args.without_grammars), args.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
