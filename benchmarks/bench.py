"""Speed of the real CLI against ripgrep, on a generated tree or on any folder.

    python benchmarks/bench.py [--size MB] [--dense-size MB] [--repeat N] [--path DIR] ...

Five cases, each printed as a Markdown table row per tool:
- few: a large tree with few hits (one file in 2,000 holds a catalog ID);
- git: the same tree as a git repository with every file committed (what CI checks out: the
  file list comes from `git ls-files`; ripgrep leaves `.git` out with `-g '!.git'`);
- dense: one file in 100 holds IDs, plus one JSON with 3,400 of them (like the Azure SDK's
  and ROADtools' data, the dense corpus of the project's research);
- precommit: `check f1 .. f10` on 10 files without IDs, then on 10 with IDs (Python, JSON);
- catalog: the in-process scan of the few-hits tree with the shipped catalog and with 20,000
  IDs (`Catalog.with_apps`), to show the cost does not grow with the catalog.

Every process is timed whole (start-up included) and measured with `os.wait4`: wall time,
CPU (user + sys of that child) and its peak RSS. Runs alternate linter (`--no-cache`), linter
with a warm cache, ripgrep, ripgrep, so noise on a shared machine hits all; the ratio is the
median of the paired ratios. The cache lives in the run's temporary folder. The anchor
is `rg -uu -c -i GUID_REGEX` (the least work any scanner must do: find every GUID); `rg -F -i
-f ids.txt` (what a user tries first) is shown for reference. The tree is deterministic: the
same seed and size give the same bytes on every machine. Beside them, Python's floor
(`benchmarks/floor.py`): two processes that only walk the tree, read each file and run the
sweep's regular expression, the least any Python scanner pays, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter import cache, catalog, discovery, engine, tree_scan  # noqa: E402
from linter.findings import App  # noqa: E402

MB = 1000 * 1000
GUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
KINDS = (("py", 40), ("json", 14), ("yaml", 10), ("cs", 15), ("ts", 13), ("md", 8))
WORDS = [
    *("request", "response", "client", "token", "value", "result", "config", "item", "index"),
    *("buffer", "status", "payload", "header", "account", "tenant", "region", "service"),
    *("resource", "handler", "session", "options", "message"),
]


class Sample(NamedTuple):
    wall: float
    cpu: float
    rss_mib: float
    code: int


class Tree(NamedTuple):
    root: Path
    files: int
    size: int


def _guid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _word(rng: random.Random) -> str:
    return rng.choice(WORDS)


def _filler(kind: str, rng: random.Random, index: int) -> str:
    """One line of ordinary code or data in the file's language; now and then a random GUID,
    as real code has (project GUIDs, request IDs), so the prefilter has near misses to reject."""
    a, b, n = _word(rng), _word(rng), rng.randint(0, 9999)
    guid = _guid(rng) if rng.random() < 0.02 else ""
    lines = {
        "py": f'    {a}_{index} = compute_{b}({n}, name="{guid or a}")  # {b} {a}\n',
        "json": f'  "{a}{index}": {{"{b}": {n}, "id": "{guid or b}"}},\n',
        "yaml": f"  {a}_{index}: {{{b}: {n}, id: '{guid or b}'}}\n",
        "cs": f'        var {a}{index} = Get{b.title()}({n}, "{guid or a}"); // {b}\n',
        "ts": f'  const {a}{index} = await get{b.title()}({n}, "{guid or a}"); // {b}\n',
        "md": f"The {a} of the {b} is {n} ({guid or 'see above'}); use it as {a}{index}.\n",
    }
    return lines[kind]


def _id_line(kind: str, app_id: str, client: bool) -> str:
    """A catalog ID where real projects put one: as the client, or as a resource scope."""
    if client:
        lines = {
            "py": f'    app = msal.PublicClientApplication("{app_id}")\n',
            "json": f'  "ClientId": "{app_id}",\n',
            "yaml": f"  client_id: {app_id}\n",
            "cs": f'        var app = Builder.Create("{app_id}").Build();\n',
            "ts": f'  const msalConfig = {{ auth: {{ clientId: "{app_id}" }} }};\n',
            "md": f"Sign in with `az login` (client {app_id}).\n",
        }
    else:
        lines = {
            "py": f'    scopes = ["{app_id}/.default"]\n',
            "json": f'  "Scopes": ["{app_id}/.default"],\n',
            "yaml": f"  resource: {app_id}\n",
            "cs": f'        var scopes = new[] {{ "{app_id}/.default" }};\n',
            "ts": f'  const scopes = ["{app_id}/.default"];\n',
            "md": f"The resource `{app_id}` is requested with `/.default`.\n",
        }
    return lines[kind]


def _wrap(kind: str, body: list[str]) -> str:
    if kind == "json":
        return "{\n" + "".join(body) + '  "end": true\n}\n'
    if kind == "py":
        return "import os\n\n\ndef main():\n" + "".join(body) + "    return None\n"
    if kind == "cs":
        return "class Program\n{\n    static void Main()\n    {\n" + "".join(body) + "    }\n}\n"
    if kind == "ts":
        return "export async function main() {\n" + "".join(body) + "}\n"
    if kind == "yaml":
        return "settings:\n" + "".join(body)
    return "# Notes\n\n" + "".join(body)


def _ids() -> list[str]:
    """Catalog IDs that can sign in (so a client use is an error), in a fixed order."""
    cat = catalog.load()
    return sorted(a.app_id for a in cat.apps.values() if a.client_capable and a.name)


def generate(root: Path, size_mb: float, density: float, seed: int, big_json: int = 0) -> Tree:
    """A tree of about `size_mb` MB; `density` of its files hold one or two catalog IDs."""
    rng = random.Random(seed)
    ids = _ids()
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    total = files = 0
    while total < size_mb * MB:
        kind = rng.choice(kinds)
        # Sizes as in real repositories: most files a few KB, a long tail of large ones.
        lines = min(4000, max(3, int(rng.lognormvariate(3.8, 1.1))))
        body = [_filler(kind, rng, i) for i in range(lines)]
        if rng.random() < density:
            for _ in range(rng.randint(1, 2)):
                line = _id_line(kind, rng.choice(ids), client=rng.random() < 0.5)
                body.insert(rng.randrange(len(body) + 1), line)
        folder = root / f"pkg{files // 200:03d}" / f"mod{files // 20 % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        data = _wrap(kind, body).encode()
        (folder / f"{_word(rng)}_{files}.{kind}").write_bytes(data)
        total += len(data)
        files += 1
    if big_json:  # one data file dense with IDs: `{"<id>": {"name": ..., "scopes": [...]}}`
        entries = [
            f'  "{rng.choice(ids)}": {{"name": "{_word(rng)}", "scopes": ["{_word(rng)}.read"]}}'
            for _ in range(big_json)
        ]
        data = ("{\n" + ",\n".join(entries) + "\n}\n").encode()
        (root / "firstpartyscopes.json").write_bytes(data)
        total, files = total + len(data), files + 1
    return Tree(root, files, total)


def measure(command: Sequence[str], cwd: Path) -> Sample:
    """One whole process: wall, CPU and peak RSS of that child alone (`os.wait4`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # As installed: bytecode cached. Without it every start compiles the package again (an
    # extra 30 ms or so), which no user's hook pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss, os.waitstatus_to_exitcode(status))


def linter_command(paths: Sequence[str], extra: Sequence[str] = ()) -> list[str]:
    return [sys.executable, "-m", "linter", "check", "-q", "--format", "json", *extra, *paths]


def _row(case: str, tool: str, samples: list[Sample], tree: Tree, ratio: str) -> str:
    wall = statistics.median(s.wall for s in samples)
    cpu = statistics.median(s.cpu for s in samples)
    rss = max(s.rss_mib for s in samples)
    return (
        f"| {case} | {tool} | {tree.files:,} | {tree.size / MB:.1f} | {wall:.3f} | {cpu:.3f} "
        f"| {rss:.0f} | {tree.files / wall:,.0f} | {tree.size / MB / wall:.0f} | {ratio} |"
    )


def compare(
    case: str, tree: Tree, repeat: int, extra: Sequence[str], rg_extra: Sequence[str] = ()
) -> list[str]:
    """The linter against ripgrep on the same files, in alternation; rows for the table."""
    jobs: dict[str, list[str]] = {"first-party-lint": linter_command(["."], extra)}
    if "--no-cache" in extra:  # the second run over an unchanged tree: the warm-up fills it
        warm = [arg for arg in extra if arg != "--no-cache"]
        jobs["first-party-lint, cache warm"] = linter_command(["."], warm)
    # Python's floor on the same tree (benchmarks/floor.py): the interpreter's start, the walk,
    # the reads, and the sweep's regular expression, on two processes; nothing else.
    floor = [sys.executable, str(ROOT / "benchmarks" / "floor.py")]
    jobs["python floor: walk, read, search"] = [*floor, "."]
    jobs["python floor: walk, read"] = [*floor, "--no-search", "."]
    rg = shutil.which("rg")
    if rg:
        jobs["rg -uu -c -i GUID (anchor)"] = [rg, "-uu", *rg_extra, "-c", "-i", GUID_RE, "."]
        ids = str(catalog.data_dir() / catalog.IDS_FILE)
        jobs["rg -uu -c -F -i -f ids.txt"] = [
            rg,
            "-uu",
            *rg_extra,
            "-c",
            "-F",
            "-i",
            "-f",
            ids,
            ".",
        ]
    samples: dict[str, list[Sample]] = {name: [] for name in jobs}
    for command in jobs.values():  # one uncounted warm-up each: the page cache
        measure(command, tree.root)
    for _ in range(repeat):
        for name, command in jobs.items():
            samples[name].append(measure(command, tree.root))
    anchor = samples.get("rg -uu -c -i GUID (anchor)")
    rows = []
    for name, runs in samples.items():
        ratio = "- | -"
        if anchor:  # wall, and CPU (steadier on a loaded machine; rg's counts both threads)
            wall = statistics.median(r.wall / a.wall for r, a in zip(runs, anchor, strict=True))
            cpu = statistics.median(r.cpu / a.cpu for r, a in zip(runs, anchor, strict=True))
            ratio = f"{wall:.2f}x | {cpu:.2f}x"
        rows.append(_row(case, name, runs, tree, ratio))
    return rows


def precommit(folder: Path, repeat: int, extra: Sequence[str]) -> list[str]:
    """`check f1 .. f10` as pre-commit calls it: 10 files without IDs, then 10 with IDs."""
    rng = random.Random(7)
    ids = _ids()
    clean, hits = [], []
    for i in range(10):
        kind = KINDS[i % len(KINDS)][0]
        body = [_filler(kind, rng, n) for n in range(60)]
        (folder / f"clean{i}.{kind}").write_text(_wrap(kind, body))
        clean.append(f"clean{i}.{kind}")
        kind = ("py", "json")[i % 2]  # filler of the hit file's own kind: it must parse
        body = [_filler(kind, rng, n) for n in range(60)]
        body.insert(30, _id_line(kind, ids[i * 7 % len(ids)], client=i % 3 != 0))
        (folder / f"hit{i}.{kind}").write_text(_wrap(kind, body))
        hits.append(f"hit{i}.{kind}")
    rows = []
    for label, names in (("10 files, no IDs", clean), ("10 files with IDs (py, json)", hits)):
        runs = [measure(linter_command(names, extra), folder) for _ in range(repeat + 1)][1:]
        bare = [measure([sys.executable, "-c", "pass"], folder) for _ in range(repeat)]
        wall = statistics.median(s.wall for s in runs) * 1000
        cpu = statistics.median(s.cpu for s in runs) * 1000
        rows.append(
            f"| precommit | {label} | {wall:.0f} ms | cpu {cpu:.0f} ms "
            f"| {max(s.rss_mib for s in runs):.0f} MiB | python -c pass: "
            f"{statistics.median(s.wall for s in bare) * 1000:.0f} ms |"
        )
    return rows


def catalog_size(tree: Tree, repeat: int, extra_ids: int = 18_000) -> list[str]:
    """The in-process scan with the shipped catalog, then with `extra_ids` more synthetic IDs."""
    rng = random.Random(11)
    base = catalog.load()
    big = base.with_apps(App(_guid(rng), "synthetic", "", False, True) for _ in range(extra_ids))
    walls: dict[int, list[float]] = {len(base): [], len(big): []}
    for _ in range(repeat):  # alternating, so a busy moment of the machine hits both
        for cat in (base, big):
            started = time.perf_counter()
            tree_scan.scan_all(discovery.iter_files([tree.root]), cat, engine.ScanOptions())
            walls[len(cat)].append(time.perf_counter() - started)
    rows = []
    for size, runs in walls.items():
        wall = statistics.median(runs)
        rows.append(
            f"| catalog | {size:,} IDs, in process | {tree.files:,} | {tree.size / MB:.1f} "
            f"| {wall:.3f} | {tree.size / MB / wall:.0f} MB/s |"
        )
    return rows


CASES: dict[str, Callable[[argparse.Namespace, Path], list[str]]] = {}


def _few(args: argparse.Namespace, tmp: Path) -> list[str]:
    tree = _tree(args, tmp / "few", args.size, 0.0005, 0)
    return compare("few hits", tree, args.repeat, args.linter_arg)


def _git(args: argparse.Namespace, tmp: Path) -> list[str]:
    tree = _tree(args, tmp / "few-git", args.size, 0.0005, 0)
    if not args.path and not (tree.root / ".git").exists():
        _commit_all(tree.root)
    return compare("git", tree, args.repeat, args.linter_arg, ["-g", "!.git"])


def _commit_all(root: Path) -> None:
    """The tree as a repository with everything committed, by a hermetic git (no user or
    system config, fixed identity), so that the index lists every file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    for command in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-q", "-m", "tree"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)


def _dense(args: argparse.Namespace, tmp: Path) -> list[str]:
    tree = _tree(args, tmp / "dense", args.dense_size, 0.01, 3400)
    return compare("dense", tree, args.repeat, args.linter_arg)


def _precommit(args: argparse.Namespace, tmp: Path) -> list[str]:
    folder = tmp / "precommit"
    folder.mkdir()
    return precommit(folder, args.repeat, args.linter_arg)


def _catalog(args: argparse.Namespace, tmp: Path) -> list[str]:
    return catalog_size(_tree(args, tmp / "few", args.size, 0.0005, 0), args.repeat)


CASES.update(few=_few, git=_git, dense=_dense, precommit=_precommit, catalog=_catalog)


def _tree(args: argparse.Namespace, root: Path, size: float, density: float, big: int) -> Tree:
    if args.path:
        refs = [r for r in discovery.iter_files([args.path]) if isinstance(r, discovery.FileRef)]
        return Tree(args.path.resolve(), len(refs), sum(r.path.stat().st_size for r in refs))
    if root.is_dir():
        return Tree(root, *_count(root))
    return generate(root, size, density, args.seed, big)


def _count(root: Path) -> tuple[int, int]:
    """Files and bytes, git's own folder left out (no tool here reads it)."""
    files = [p for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts]
    return len(files), sum(p.stat().st_size for p in files)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=100, help="few-hits tree, MB (100)")
    parser.add_argument("--dense-size", type=float, default=100, help="dense tree, MB (100)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per tool (5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--path", type=Path, help="scan this folder instead of generating trees")
    parser.add_argument(
        "--keep", type=Path, help="generate the trees here and reuse them on the next run"
    )
    parser.add_argument(
        "--cases",
        default="few,git,dense,precommit,catalog",
        help="comma-separated: " + ",".join(CASES),
    )
    parser.add_argument(
        "--linter-arg", action="append", default=["--no-cache"], help="extra flag for check"
    )
    args = parser.parse_args(argv)
    cases = args.cases.split(",")
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, rg: {shutil.which('rg')}")
    print("| case | tool | files | MB | wall s | cpu s | peak MiB | files/s | MB/s | wall vs rg "
          "| cpu vs rg |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="fpl-bench-") as tmp:
        os.environ[cache.ENV_DIR] = str(Path(tmp) / "cache")  # never the user's own cache
        work = args.keep or Path(tmp)
        for case in cases:
            if case == "precommit":
                shutil.rmtree(work / "precommit", ignore_errors=True)
            for row in CASES[case](args, work):
                print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
