"""The labelled corpus behind benchmarks/accuracy.py: labels that match the files, and a floor.

A label that points beside an ID, or an ID that nobody labelled, would make the precision
figures quietly wrong; these tests keep `tests/corpus/labels.tsv` and the files in step.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from linter import catalog as catalog_module
from linter.positions import LineIndex

CORPUS = Path(__file__).resolve().parent / "corpus"
CAT = catalog_module.load()


def _accuracy() -> ModuleType:
    path = CORPUS.parent.parent / "benchmarks" / "accuracy.py"
    spec = importlib.util.spec_from_file_location("accuracy", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module
    spec.loader.exec_module(module)
    return module


ACCURACY = _accuracy()


def _ids_in_corpus() -> set[tuple[str, int, int]]:
    found = set()
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "labels.tsv"):
        text = path.read_text(encoding="utf-8")
        index = LineIndex(text)
        rel = path.relative_to(CORPUS).as_posix()
        for target in CAT.targets(text):
            found.add((rel, *index.position(target.span_start)))
    return found


def test_every_label_is_a_catalog_id_and_every_id_is_labelled() -> None:
    labelled = set(ACCURACY.read_labels(CORPUS))
    in_files = _ids_in_corpus()
    assert sorted(labelled - in_files) == [], "labels that point at no catalog ID"
    assert sorted(in_files - labelled) == [], "catalog IDs without a label"


def test_every_language_and_format_has_each_label() -> None:
    labels = ACCURACY.read_labels(CORPUS)
    kinds: dict[str, set[str]] = {}
    for (path, _, _), label in labels.items():
        kinds.setdefault(ACCURACY.language(path), set()).add(label)
    code = {name: found for name, found in kinds.items() if name != "docs"}
    assert all(found == {"client", "resource", "mention"} for found in code.values()), kinds


def test_grammars_beat_the_text_scanner_and_keep_a_floor() -> None:
    """A floor, not the figures (README has those): a regression fails, an improvement not."""
    parsed = ACCURACY.measure(CORPUS)
    text = ACCURACY.measure(CORPUS, grammars=False)
    assert parsed.overall.precision >= 0.98
    assert parsed.overall.recall >= 0.85
    assert parsed.overall.recall > text.overall.recall
    assert parsed.overall.precision >= text.overall.precision
