"""`first-party-lint merge REPORT...`: the reports of a CI matrix's jobs joined into one.

Shards (`check --shard K/N`) and scans of separate repositories each write a JSON report
(`check --format json`) or a SARIF 2.1.0 log; one report is what a reviewer reads and what
GitHub code scanning takes. The merge is generic over fields, because other stages add fields:

- JSON: lists are concatenated (duplicates dropped, findings sorted by path, line and column),
  integers and dicts of integers (`files_scanned`, `summary`) are summed, anything else is taken
  from the first report;
- SARIF: runs of the same tool become one run: results concatenated, rules de-duplicated by id
  with every `ruleIndex` remapped, artifacts likewise, and every invocation's notifications
  (skipped files, parse notes, errors) kept in one invocation.

Reports from different tool or catalog versions are refused (exit 2, naming both): findings
judged by two catalogs are not one result, and the merged report can state one version only.
`--allow-mixed-versions` merges them anyway with a warning. The exit code is `check`'s: 1 when
an error-severity finding is in the merged report, 2 when a report says a file failed.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
Document = dict[str, Any]


class MergeError(Exception):
    """A report that cannot be read or merged: one line on stderr, exit 2."""


def add_command(sub: Any) -> None:
    parser = sub.add_parser("merge", help="join JSON or SARIF reports (of shards) into one")
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="report files")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    parser.add_argument(
        "--allow-mixed-versions",
        action="store_true",
        help="merge reports of different tool or catalog versions (with a warning)",
    )


def _load(path: str) -> Document:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise MergeError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise MergeError(f"{path}: not a JSON document: {exc}") from exc
    if not isinstance(document, dict) or not ("runs" in document or "findings" in document):
        raise MergeError(f"{path}: neither a first-party-lint JSON report nor a SARIF log")
    return document


def _unique(items: Iterable[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _sort_key(item: Any) -> tuple[str, int, int, str]:
    if not isinstance(item, dict):
        return (json.dumps(item, sort_keys=True), 0, 0, "")
    return (
        str(item.get("path", "")),
        int(item.get("line", 0) or 0),
        int(item.get("column", 0) or 0),
        str(item.get("rule", item.get("note", item.get("reason", "")))),
    )


def _merge_values(values: list[Any]) -> Any:
    first = values[0]
    if isinstance(first, list):
        return sorted(_unique(x for v in values if isinstance(v, list) for x in v), key=_sort_key)
    if isinstance(first, int) and not isinstance(first, bool):
        return sum(v for v in values if isinstance(v, int))
    if isinstance(first, dict) and all(
        isinstance(x, int) and not isinstance(x, bool) for v in values for x in v.values()
    ):
        total: dict[str, int] = {}
        for value in values:
            for key, count in value.items():
                total[key] = total.get(key, 0) + count
        return dict(sorted(total.items()))
    return first


def _versions(documents: Sequence[tuple[str, Document]], get: Any) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for path, document in documents:
        for version in get(document):
            found.setdefault(version, path)
    return found


def merge_json(documents: Sequence[Document]) -> Document:
    merged: Document = {}
    for key in documents[0]:
        if key == "schema":
            merged[key] = max(d.get(key, 0) for d in documents)
            continue
        merged[key] = _merge_values([d[key] for d in documents if key in d])
    for document in documents[1:]:  # fields only later reports have
        for key, value in document.items():
            merged.setdefault(key, value)
    return merged


def _json_versions(document: Document) -> list[tuple[str, str]]:
    return [(str(document.get("version")), str(document.get("catalog_version")))]


def _driver(run: Document) -> Document:
    driver = run.get("tool", {}).get("driver", {})
    return driver if isinstance(driver, dict) else {}


def _sarif_versions(document: Document) -> list[tuple[str, str]]:
    out = []
    for run in document.get("runs", []):
        driver = _driver(run)
        catalog = driver.get("properties", {}).get("catalogVersion", "")
        out.append((f"{driver.get('name')} {driver.get('version')}", str(catalog)))
    return out


def _remap_result(result: Document, rule_map: dict[int, int], artifact_map: dict[int, int]) -> Any:
    result = dict(result)
    if isinstance(result.get("ruleIndex"), int):
        result["ruleIndex"] = rule_map.get(result["ruleIndex"], result["ruleIndex"])
    if isinstance(result.get("rule"), dict) and isinstance(result["rule"].get("index"), int):
        result["rule"] = {**result["rule"], "index": rule_map.get(result["rule"]["index"], -1)}
    locations = []
    for location in result.get("locations", []):
        physical = location.get("physicalLocation", {})
        artifact = physical.get("artifactLocation", {})
        if isinstance(artifact.get("index"), int):
            artifact = {**artifact, "index": artifact_map.get(artifact["index"], -1)}
            location = {**location, "physicalLocation": {**physical, "artifactLocation": artifact}}
        locations.append(location)
    if "locations" in result:
        result["locations"] = locations
    return result


def _join_runs(runs: Sequence[Document]) -> Document:
    merged: Document = json.loads(json.dumps(runs[0]))  # deep copy: the first run's fields stay
    rules: list[Document] = []
    rule_ids: dict[str, int] = {}
    artifacts: list[Document] = []
    artifact_keys: dict[str, int] = {}
    results: list[Any] = []
    notifications: list[Any] = []
    successful = True
    properties: list[Document] = []
    for run in runs:
        rule_map: dict[int, int] = {}
        for old, rule in enumerate(_driver(run).get("rules", [])):
            rule_map[old] = rule_ids.setdefault(str(rule.get("id")), len(rules))
            if rule_map[old] == len(rules):
                rules.append(rule)
        artifact_map: dict[int, int] = {}
        for old, artifact in enumerate(run.get("artifacts", [])):
            key = json.dumps(artifact.get("location", artifact), sort_keys=True)
            artifact_map[old] = artifact_keys.setdefault(key, len(artifacts))
            if artifact_map[old] == len(artifacts):
                artifacts.append(artifact)
        results += [_remap_result(r, rule_map, artifact_map) for r in run.get("results", [])]
        for invocation in run.get("invocations", []):
            successful = successful and bool(invocation.get("executionSuccessful", True))
            notifications += invocation.get("toolExecutionNotifications", [])
        properties.append(run.get("properties", {}))
    merged["tool"]["driver"]["rules"] = rules
    if artifacts:
        merged["artifacts"] = artifacts
    merged["results"] = _unique(results)
    merged["invocations"] = [
        {"executionSuccessful": successful, "toolExecutionNotifications": _unique(notifications)}
    ]
    if any(properties):
        merged["properties"] = {
            key: _merge_values([p[key] for p in properties if key in p])
            for key in dict.fromkeys(k for p in properties for k in p)
        }
    return merged


def merge_sarif(documents: Sequence[Document]) -> Document:
    groups: dict[str, list[Document]] = {}
    for document in documents:
        for run in document.get("runs", []):
            groups.setdefault(str(_driver(run).get("name")), []).append(run)
    merged = {key: value for key, value in documents[0].items() if key != "runs"}
    merged["runs"] = [_join_runs(runs) for runs in groups.values()]
    return merged


def _level(result: Document, run: Document) -> str:
    if "level" in result:
        return str(result["level"])
    rules = _driver(run).get("rules", [])
    index = result.get("ruleIndex")
    if isinstance(index, int) and 0 <= index < len(rules):
        return str(rules[index].get("defaultConfiguration", {}).get("level", "warning"))
    return "warning"


def exit_code(document: Document) -> int:
    if "runs" in document:
        runs = document["runs"]
        if any(not i.get("executionSuccessful", True) for r in runs for i in r["invocations"]):
            return EXIT_ERROR
        blocking = any(
            _level(result, run) == "error" and not result.get("suppressions")
            for run in runs
            for result in run.get("results", [])
        )
    else:
        if document.get("errors"):
            return EXIT_ERROR
        blocking = any(f.get("severity") == "error" for f in document.get("findings", []))
    return EXIT_FINDINGS if blocking else EXIT_CLEAN


def merge(paths: Sequence[str], allow_mixed: bool, err: TextIO) -> Document:
    documents = [(path, _load(path)) for path in paths]
    kinds = {"runs" in document for _, document in documents}
    if len(kinds) > 1:
        raise MergeError("cannot merge JSON reports with SARIF logs; pass one kind")
    sarif = kinds == {True}
    versions = _versions(documents, _sarif_versions if sarif else _json_versions)
    if len(versions) > 1:
        listed = "; ".join(
            f"{tool}, catalog {cat} ({path})" for (tool, cat), path in versions.items()
        )
        if not allow_mixed:
            raise MergeError(f"reports of different versions: {listed} (--allow-mixed-versions)")
        err.write(f"first-party-lint: warning: merging reports of different versions: {listed}\n")
    plain = [document for _, document in documents]
    return merge_sarif(plain) if sarif else merge_json(plain)


def command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        document = merge(args.reports, args.allow_mixed_versions, err)
    except MergeError as exc:
        err.write(f"first-party-lint: error: {exc}\n")
        return EXIT_ERROR
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            err.write(f"first-party-lint: error: {args.output}: {exc.strerror or exc}\n")
            return EXIT_ERROR
    else:
        out.write(text)
    return exit_code(document)
