"""The sweep settles clean files without the full pipeline: it must never settle one that the
full pipeline would report, note, skip or suppress, in one process or spread over forks."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import AZ_CLI, GRAPH, NOT_IN_CATALOG, OFFICE, run_python
from helpers import run_cli as run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import catalog as catalog_module
from linter import discovery, engine, plan, sweep, sweep_pipes, sweep_workers, tree_scan
from linter.findings import Scanned

CATALOG = catalog_module.load()
FORKS = pytest.mark.skipif(not sweep_workers.can_fork(), reason="workers are forked on Linux only")

# Pieces a file is made of: each alone decides whether the sweep may settle the file.
PIECES = [
    b"x = 1\n",
    b"# plain comment - with - dashes -\n",
    f'client_id = "{AZ_CLI}"\n'.encode(),
    f'scope = "{GRAPH}/.default"\n'.encode(),
    f'guid = "{NOT_IN_CATALOG}"\n'.encode(),
    f"ID={OFFICE.upper()}\n".encode(),
    b"# first-party-lint: ignore[FPA001] reviewed\n",
    b"party-lint: first-party-lint:\n",
    b"-party-lint:\n",
    b"\x00\x01\x02",
    "caf\u00e9 \u2014 na\u00efve\n".encode(),
    b"\xff\xfe\xfd",
    f"{AZ_CLI[:-1]}\n".encode(),
    f"x{AZ_CLI}\n".encode(),
]
STARTS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x00"]
NAMES = ["a.py", "b.json", "c.txt", "d.bin", "e.md", ".env"]


def full_scan(items: list[discovery.FileRef], options: engine.ScanOptions) -> list[object]:
    """What every file gets without the sweep: `scan_file` one by one."""
    return [engine.scan_file(item, CATALOG, options) for item in items]


def write_tree(root: Path, files: list[tuple[str, bytes]]) -> list[discovery.FileRef]:
    refs = []
    for number, (name, data) in enumerate(files):
        path = root / f"f{number:03d}_{name}"
        path.write_bytes(data)
        refs.append(discovery.FileRef(path, path.name))
    return refs


FILE = st.tuples(
    st.sampled_from(NAMES),
    st.builds(
        lambda start, parts: start + b"".join(parts),
        st.sampled_from(STARTS),
        st.lists(st.sampled_from(PIECES), max_size=4),
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=st.lists(FILE, min_size=1, max_size=12), jobs=st.sampled_from([1, 2]))
def test_the_sweep_settles_only_what_the_full_scan_finds_clean(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    files: list[tuple[str, bytes]],
    jobs: int,
) -> None:
    """Same results (findings, notes, skips, suppression comments) with and without it; with
    two processes the workers fork past 3 files and take units of 2."""
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 3)
    monkeypatch.setattr(plan, "CHUNK", 2)
    root = tmp_path_factory.mktemp("sweep")
    refs = write_tree(root, files)
    options = engine.ScanOptions(jobs=jobs)
    assert tree_scan.swept(refs, CATALOG, options).every() == full_scan(refs, options)


def _mixed(text: str) -> str:
    """Every other letter upper case."""
    return "".join(c.upper() if n % 2 else c for n, c in enumerate(text))


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        pytest.param(b"nothing here\n", False, id="clean"),
        pytest.param(b"", False, id="empty"),
        pytest.param(f'"{AZ_CLI}"'.encode(), True, id="catalog-id"),
        pytest.param(f'"{AZ_CLI.upper()}"'.encode(), True, id="catalog-id-upper"),
        pytest.param(f'"{NOT_IN_CATALOG}"'.encode(), False, id="other-guid"),
        pytest.param(_mixed(AZ_CLI).encode(), True, id="catalog-id-mixed-case"),
        # Only a GUID's tail is compared: one that ends like an ID is kept, and the full scan
        # finds it clean (`test_the_sweep_settles_only_what_the_full_scan_finds_clean`).
        pytest.param(f"ffffffff{AZ_CLI[8:]}".encode(), True, id="another-head-same-tail"),
        pytest.param(f"{NOT_IN_CATALOG} -party-lint: x".encode(), False, id="guid-and-half-marker"),
        pytest.param(f"{NOT_IN_CATALOG} first-party-lint:".encode(), True, id="guid-and-marker"),
        pytest.param(AZ_CLI.encode(), True, id="id-is-the-whole-file"),
        pytest.param(AZ_CLI[:-1].encode(), False, id="id-cut-by-end-of-file"),
        pytest.param(b"# first-party-lint: ignore[FPA001] x\n", True, id="marker"),
        pytest.param(b"first-party-lint: at the start", True, id="marker-first"),
        pytest.param(b"-party-lint: alone", False, id="half-a-marker"),
        pytest.param(b"text\x00more", True, id="nul-in-head"),
        pytest.param(b"x" * 9000 + b"\x00", False, id="nul-after-head"),
        pytest.param(codecs.BOM_UTF8 + b"x", True, id="bom"),
        pytest.param(b"x" * sweep.BUFFER, True, id="fills-the-buffer"),
        pytest.param(b"x" * (sweep.BUFFER - 1), False, id="just-below-the-buffer"),
    ],
)
@pytest.mark.parametrize("readv", [True, False], ids=["readv", "read-and-copy"])
def test_what_the_sweep_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, kept: bool, readv: bool
) -> None:
    """Also where os.readv is missing (Windows): a read and a copy into the same buffer."""
    if not readv:
        monkeypatch.setattr(sweep, "_readv", sweep._copy_into)
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    stale = tmp_path / "stale.txt"  # read first: its bytes stay in the buffer
    stale.write_bytes(f"{'x' * 200}{AZ_CLI}\x00first-party-lint:".encode() * 2)
    assert sweep.sweep([str(stale), str(path)], CATALOG, sweep.BUFFER) == ([0, 1] if kept else [0])


def test_stale_bytes_of_a_longer_file_are_never_read(tmp_path: Path) -> None:
    """The buffer is reused: an ID or a NUL left by the file before must not count."""
    long = tmp_path / "long.txt"
    long.write_bytes(b"x" * 100 + f'"{AZ_CLI}"'.encode() + b"\x00")
    short = tmp_path / "short.txt"
    short.write_bytes(b"y" * 10)
    cut = tmp_path / "cut.txt"
    cut.write_bytes(b"x" * 101 + AZ_CLI[:20].encode())  # the rest of the ID is stale
    names = [str(long), str(short), str(cut)]
    assert sweep.sweep(names, CATALOG, sweep.BUFFER) == [0]


def test_the_size_cap_shrinks_the_buffer(tmp_path: Path) -> None:
    """A file over --max-file-size is kept, so the full path can skip it with its reason."""
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 101)
    assert sweep.sweep([str(path)], CATALOG, sweep.buffer_size(100)) == [0]
    assert sweep.sweep([str(path)], CATALOG, sweep.buffer_size(101)) == []


def test_unreadable_and_vanished_files_are_kept(tmp_path: Path) -> None:
    gone = tmp_path / "gone.txt"
    folder = tmp_path / "dir"
    folder.mkdir()
    assert sweep.sweep([str(gone), str(folder)], CATALOG, sweep.BUFFER) == [0, 1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_kept_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert sweep.sweep([str(fifo)], CATALOG, sweep.BUFFER) == [0]


def many(root: Path, count: int) -> tuple[list[str], set[int]]:
    """`count` files, every 97th with a client ID, every 89th with a suppression marker."""
    names, expected = [], set()
    for number in range(count):
        path = root / f"d{number // 300}" / f"f{number}.py"
        path.parent.mkdir(exist_ok=True)
        body = f"x = {number}\n"
        if number % 97 == 0:
            body += f'client_id = "{AZ_CLI}"\n'
            expected.add(number)
        if number % 89 == 0:
            body += "# first-party-lint: ignore[FPA001] ok\n"
            expected.add(number)
        path.write_text(body)
        names.append(str(path))
    return names, expected


def sweeper_run(
    names: list[str],
    processes: int,
    parse: sweep_workers.Parse | None = None,
    shown: Callable[[str], str] = str,
) -> tuple[list[int], dict[int, Any]]:
    """The files as a plan of units of `plan.CHUNK`: (kept indices, parsed results by index)."""
    refs = [discovery.FileRef(name, shown(name)) for name in names]
    sweeper = sweep_workers.Sweeper(CATALOG, 0, processes, parse)
    try:
        parts, done = sweeper.run(plan.Plan.of(refs))
    finally:
        sweeper.close()
    kept: list[int] = []
    results: dict[int, Any] = {}
    start = 0
    for number, part in enumerate(parts):
        kept += [start + index for index in part.kept]
        results.update({start + k: done[(number, k)] for k in part.kept if (number, k) in done})
        start += len(part.paths)
    assert start == len(names)
    return kept, results


@FORKS
@pytest.mark.parametrize("processes", [1, 2, 3])
def test_forked_workers_keep_what_one_process_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    """Units taken from one queue by every process: one answer."""
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 50)
    monkeypatch.setattr(plan, "CHUNK", 16)
    names, expected = many(tmp_path, 1500)
    assert sweeper_run(names, processes)[0] == sorted(expected)


def _worker_dies_after_its_first_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker answers the first unit it takes, then exits without another word."""
    real = sweep_pipes.serve

    def dies(owner, queue, tasks, answers):  # type: ignore[no-untyped-def]
        one, feed = os.pipe()
        taken = os.read(queue, sweep_pipes.QUEUE_WORD)
        os.write(feed, taken)
        os.close(feed)
        real(owner, one, os.open(os.devnull, os.O_RDONLY), answers)
        os._exit(3)

    monkeypatch.setattr(sweep_pipes, "serve", dies)


@FORKS
def test_a_worker_that_dies_costs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The units it took and never answered are swept by the parent: no ID lost, no process
    left behind."""
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 50)
    monkeypatch.setattr(plan, "CHUNK", 16)
    _worker_dies_after_its_first_unit(monkeypatch)
    names, expected = many(tmp_path, 800)
    assert sweeper_run(names, 2)[0] == sorted(expected)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.slow
def test_a_large_tree_reports_the_same_with_and_without_workers(tmp_path: Path) -> None:
    """Through the real CLI, past the fork threshold: the report does not depend on -j."""
    (tmp_path / "tree").mkdir()
    names, expected = many(tmp_path / "tree", sweep_workers.FORK_AFTER + 700)
    serial = run("check", "--format", "json", "--no-cache", "-j1", "tree", cwd=tmp_path)
    forked = run("check", "--format", "json", "--no-cache", "tree", cwd=tmp_path)
    assert serial.returncode == forked.returncode == 1
    assert json.loads(serial.stdout) == json.loads(forked.stdout)
    found = {f["path"] for f in json.loads(forked.stdout)["findings"] if f["rule"] == "FPA001"}
    assert found == {
        Path(names[n]).relative_to(tmp_path).as_posix() for n in expected if n % 97 == 0
    }


def test_clean_files_get_an_empty_result(tmp_path: Path) -> None:
    refs = write_tree(tmp_path, [("a.py", b"x = 1\n"), ("b.py", f'c = "{AZ_CLI}"\n'.encode())])
    results = tree_scan.swept(refs, CATALOG, engine.ScanOptions(jobs=1)).every()
    assert results[0] == Scanned(refs[0].display)
    assert isinstance(results[1], Scanned)
    assert results[1].findings


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        pytest.param(b"from settings import CLIENT_ID\n", True, id="name-and-module"),
        pytest.param(b"from . import CLIENT_ID\n", True, id="relative-import"),
        pytest.param(b"CLIENT_ID = 1\n", False, id="name-alone"),
        pytest.param(b"import settings\n", False, id="module-alone"),
        pytest.param(
            codecs.BOM_UTF16_LE + "from settings import CLIENT_ID".encode("utf-16-le"),
            True,
            id="utf-16-is-left-to-the-decoder",
        ),
        pytest.param(b"", False, id="empty"),
    ],
)
def test_which_files_may_import_a_constant(tmp_path: Path, data: bytes, kept: bool) -> None:
    """The cross-module pass (linter.flows) reads only these files in full."""
    path = tmp_path / "m.py"
    path.write_bytes(data)
    needles = [(b"CLIENT_ID", b"settings"), (b"CLIENT_ID", b"from .")]
    assert sweep.mentioning([str(path)], needles) == ([0] if kept else [])


def test_the_scanned_code_s_own_warnings_stay_out_of_the_output(tmp_path: Path) -> None:
    """An invalid escape such as `"\\d"` makes `ast.parse` warn (a SyntaxWarning on stderr
    from 3.12, a DeprecationWarning shown under PYTHONWARNINGS before): the user's code, not
    the report's business. Regression: the stdlib parser path printed them, from workers too."""
    for number in range(3):
        (tmp_path / f"m{number}.py").write_text(f'PATTERN = "\\d+"\nCLIENT_ID = "{AZ_CLI}"\n')
    done = run_python(
        "-m", "linter", "check", "--no-cache", ".", cwd=tmp_path, env={"PYTHONWARNINGS": "always"}
    )
    assert done.returncode == 1
    assert "(FPA001: 3)" in done.stdout
    assert "escape" not in done.stderr


# Run in a child process: a deadlock must fail the test, not hang the suite.
_DEADLOCK_SCRIPT = """
import sys
from linter import catalog, discovery, plan, sweep_workers

sweep_workers.FORK_AFTER = 8
sweep_workers._DEFER = 100_000  # every file this process keeps goes to the worker
names = sys.argv[1:]

def big(path, display):  # an answer far larger than a pipe holds
    return display.encode() * 2000

refs = [discovery.FileRef(name, name) for name in names]
sweeper = sweep_workers.Sweeper(catalog.load(), 0, 2, big)
try:
    parts, done = sweeper.run(plan.Plan.of(refs, 8))
finally:
    sweeper.close()
paths = [path for part in parts for path in part.paths]
assert paths == names
assert all(part.kept == list(range(len(part.paths))) for part in parts)
expected = {}
for number, part in enumerate(parts):
    for index, name in enumerate(part.paths):
        expected[(number, index)] = name.encode() * 2000
assert done == expected
print("ok")
"""


@FORKS
def test_large_answers_and_long_paths_never_deadlock(tmp_path: Path) -> None:
    """A worker writing a large answer stops reading the files sent to it; with long paths
    that pipe fills, and the parent must keep reading answers while it waits to write more.
    Regression: both sides blocked on a full pipe, for ever."""
    folder = tmp_path / ("d" * 200) / ("e" * 200)
    folder.mkdir(parents=True)
    names = []
    for number in range(400):
        path = folder / f"{'f' * 200}{number}.py"
        path.write_text(f'CLIENT_ID = "{AZ_CLI}"\n')
        names.append(str(path))
    try:
        done = run_python("-c", _DEADLOCK_SCRIPT, *names, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the sweep deadlocked")
    assert done.stdout.strip() == "ok", done.stderr


@FORKS
@pytest.mark.parametrize("defer", [0, 2, 1000])
def test_files_kept_here_are_scanned_once_here_or_by_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, defer: int
) -> None:
    """What this process keeps goes to the worker (up to `_DEFER` files) or is scanned here:
    every kept file comes back once, with its own result."""
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 20)
    monkeypatch.setattr(sweep_workers, "_DEFER", defer)
    monkeypatch.setattr(plan, "CHUNK", 8)
    names, expected = many(tmp_path, 1200)

    def parse(path: str, display: str) -> tuple[str, int]:
        return display, os.getpid()  # which process scanned it: either may

    kept, done = sweeper_run(names, 2, parse)
    assert kept == sorted(expected)
    assert {n: found for n, (found, _) in done.items()} == {n: names[n] for n in kept}


@FORKS
def test_names_that_are_not_ascii_cross_to_the_worker_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths go to a worker as bytes (an undecodable name included) and come back as the
    same strings, so the worker opens the file the walk found and reports it by its name."""
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 2)
    monkeypatch.setattr(plan, "CHUNK", 2)
    folder = os.fsencode(tmp_path)
    raw = [b"caf\xc3\xa9.py", b"bad\xff.py", "日本.py".encode(), b"plain.py"] * 3
    names = []
    for number, name in enumerate(raw):
        path = Path(os.fsdecode(folder + b"/" + str(number).encode() + name))
        path.write_bytes(f'CLIENT_ID = "{AZ_CLI}"\n'.encode())
        names.append(str(path))

    def parse(path: str, display: str) -> tuple[str, str]:
        return path, display

    kept, done = sweeper_run(names, 2, parse, discovery.safe_name)
    assert kept == list(range(len(names)))
    assert done == {n: (name, discovery.safe_name(name)) for n, name in enumerate(names)}


def _parsed_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, defer: int
) -> tuple[list[int], dict[int, int]]:
    """Kept files in units swept by both processes: the indices this process's own sweeps
    kept, and the process that scanned each kept file."""
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 20)
    monkeypatch.setattr(sweep_workers, "_DEFER", defer)
    monkeypatch.setattr(plan, "CHUNK", 8)
    here: list[int] = []
    real_sweep = sweep.sweep

    def recording(*args: Any) -> list[int]:
        kept = real_sweep(*args)
        here.extend(kept)  # this process's own units only (a worker sweeps in sweep_pipes)
        return kept

    monkeypatch.setattr(sweep_workers, "sweep", recording)
    names, expected = many(tmp_path, 1200)

    def parse(path: str, display: str) -> int:
        return os.getpid()

    kept, done = sweeper_run(names, 2, parse)
    assert kept == sorted(expected)
    assert sorted(done) == kept
    return here, done


@FORKS
def test_a_few_files_kept_here_are_scanned_by_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files with IDs are rare in most trees: the ones this process's sweeps keep go to the
    worker (which has imported the parsers), so this process imports none."""
    here, done = _parsed_where(tmp_path, monkeypatch, defer=1000)
    assert here, "this process swept no unit holding a kept file: the test proves nothing"
    assert all(pid != os.getpid() for pid in done.values())


@FORKS
def test_past_the_deferred_limit_this_process_scans_its_kept_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tree dense with IDs: past `_DEFER` files sent, this process parses what its own
    sweeps keep, so the parsing is shared."""
    here, done = _parsed_where(tmp_path, monkeypatch, defer=2)
    assert len(here) > 2
    assert any(pid == os.getpid() for pid in done.values())


_FOLLOW_SCRIPT = """
import sys
from linter import cli, plan, sweep_workers

sweep_workers.FORK_AFTER = 8
plan.CHUNK = 8
code = cli.main(["check", "-q", "--no-cache", "--format", "json", sys.argv[1]])
print(code, "linter.flows" in sys.modules)
"""


@FORKS
@pytest.mark.parametrize(
    ("source", "imported"),
    [
        pytest.param(f'import msal\nmsal.PublicClientApplication("{AZ_CLI}")\n', False, id="call"),
        pytest.param(f'CLIENT_ID = "{AZ_CLI}"\n', True, id="constant"),
    ],
)
def test_the_cross_module_pass_runs_only_for_constants_the_workers_found(
    tmp_path: Path, source: str, imported: bool
) -> None:
    """The workers look for constants where they scan a Python file: with none found, this
    process skips the pass and its imports (ast, the module resolver: 4 ms); with one, the
    pass runs and names the sink in the importer."""
    for number in range(40):
        (tmp_path / f"m{number}.py").write_text("x = 1\n")
    (tmp_path / "auth.py").write_text(source)
    (tmp_path / "use.py").write_text(
        "import msal\nfrom auth import CLIENT_ID\nmsal.PublicClientApplication(CLIENT_ID)\n"
    )
    done = run_python("-c", _FOLLOW_SCRIPT, str(tmp_path), timeout=60)
    assert done.stdout.split("\n")[-2:] == [f"1 {imported}", ""], done.stderr
    found = json.loads(done.stdout.rsplit("\n", 2)[0])["findings"]
    flows_into = [f["message"] for f in found if ", flows into " in f["message"]]
    assert bool(flows_into) == imported


@FORKS
@pytest.mark.parametrize("count", [1, 63, 64, 300])
def test_a_file_with_many_findings_crosses_the_pipe_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """A data file's thousands of findings travel from the worker as plain rows (past
    `tree_scan._WIRE_FROM`) and are rebuilt here: the same result as scanning it in this process."""
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 4)
    monkeypatch.setattr(plan, "CHUNK", 4)
    # This process takes no unit: the worker sweeps and scans them all.
    monkeypatch.setattr(sweep_workers, "claim", lambda queue: None)
    ids = [AZ_CLI, OFFICE]
    rows = ",\n".join(f'  "{ids[n % 2]}": "app {n}"' for n in range(count))
    files = [("a.py", b"x = 1\n")] * 8 + [("data.json", f"{{\n{rows}\n}}\n".encode())]
    files += [("b.py", f'import msal\nmsal.PublicClientApplication("{AZ_CLI}")\n'.encode())]
    refs = write_tree(tmp_path, files)
    options = engine.ScanOptions(jobs=2)
    run = tree_scan.swept(refs, CATALOG, options)
    assert [position for position, _ in run.kept()] == [8, 9]
    results = run.every()
    assert results == full_scan(refs, options)
    assert len(results[8].findings) == count


@FORKS
@pytest.mark.parametrize("defer", [2, 1000], ids=["some-to-the-worker", "all-to-the-worker"])
def test_files_sent_to_a_dead_worker_are_scanned_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, defer: int
) -> None:
    """The worker dies after its first unit: what this process sent it and never got back
    is scanned here, each file once."""
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 50)
    monkeypatch.setattr(sweep_workers, "_DEFER", defer)
    monkeypatch.setattr(plan, "CHUNK", 16)
    _worker_dies_after_its_first_unit(monkeypatch)
    names, expected = many(tmp_path, 1500)

    def parse(path: str, display: str) -> str:
        return display

    kept, done = sweeper_run(names, 2, parse)
    assert kept == sorted(expected)
    assert done == {n: names[n] for n in kept}
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
