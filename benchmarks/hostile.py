"""Peak memory and wall time of the real CLI on each hostile input.

    python benchmarks/hostile.py [--quick]

Each case is generated in a temporary folder, scanned by a fresh `python -m linter check`
process, and measured with `os.wait4`, which returns the resource usage of that one child
(`ru_maxrss`: its peak resident set, in KiB on Linux). `--quick` leaves out the 100 MB and
1 GB cases. The figures go into the README's "Reliability" section.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AZ_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
CLIENT = f'client_id = "{AZ_CLI}"\n'
MB = 1000 * 1000
GIB = 1024 * 1024 * 1024

Maker = Callable[[Path], None]


def _write(name: str, data: bytes) -> Maker:
    def make(folder: Path) -> None:
        (folder / name).write_bytes(data)

    return make


def _sparse(name: str, size: int, tail: bytes) -> Maker:
    def make(folder: Path) -> None:
        with (folder / name).open("wb") as handle:
            handle.truncate(size - len(tail))
            handle.seek(size - len(tail))
            handle.write(tail)

    return make


def _minified(name: str, size: int) -> Maker:
    chunk = "var a=function(b){return b+1};" * 34_000

    def make(folder: Path) -> None:
        with (folder / name).open("w") as handle:
            written = 0
            while written < size:
                handle.write(chunk + f'var c={{clientId:"{AZ_CLI}"}};')
                written += len(chunk) + 60

    return make


def _yaml_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + f'\nclient_id: "{AZ_CLI}"\n').encode()


def _xml_bomb() -> bytes:
    entities = "".join(
        f'<!ENTITY l{i} "{(f"&l{i - 1};" if i else "lol") * 10}">' for i in range(10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE x [{entities}]>'
        f'<x><add key="ClientId" value="{AZ_CLI}"/>&l9;</x>\n'
    ).encode()


def cases(quick: bool) -> list[tuple[str, Maker, list[str]]]:
    found: list[tuple[str, Maker, list[str]]] = [
        ("empty tree", lambda folder: None, []),
        ("png, 1 MB", _write("logo.png", b"\x89PNG\r\n\x1a\n\x00" + os.urandom(MB)), []),
        (
            "invalid UTF-8, 1 MB",
            _write("bad.ts", b"\x80\xfe\xff" * (MB // 3) + CLIENT.encode()),
            [],
        ),
        ("UTF-16 LE, no BOM", _write("a.toml", (CLIENT * 10_000).encode("utf-16-le")), []),
        ("NUL bytes in .py", _write("nul.py", (CLIENT + "\x00").encode() * 10_000), []),
        (
            "JSON nested 100,000 deep",
            _write("deep.json", ('{"a":' * 100_000 + f'"{AZ_CLI}"' + "}" * 100_000).encode()),
            [],
        ),
        ("YAML billion laughs", _write("bomb.yaml", _yaml_bomb()), []),
        ("XML billion laughs", _write("bomb.xml", _xml_bomb()), []),
        (
            "10,000 IDs behind 160 blanks",
            _write("aligned.md", f"x{' ' * 170}{AZ_CLI}\n".encode() * 10_000),
            [],
        ),
        ("1 GB sparse, over the cap", _sparse("huge.log", GIB, CLIENT.encode()), []),
        ("1 GB sparse binary, cap off", _sparse("disk.img", GIB, b""), ["--max-file-size", "0"]),
    ]
    if not quick:
        found += [
            ("100 MB minified line, cap off", _minified("app.min.js", 100 * MB),
             ["--max-file-size", "0"]),
            ("1 GB sparse text, cap off", _sparse("huge.log", GIB, CLIENT.encode()),
             ["--max-file-size", "0"]),
        ]  # fmt: skip
    return found


def measure(folder: Path, options: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and exit code of one `check` run in `folder`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "linter", "check", "-q", *options, "."]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out the 100 MB and 1 GB runs")
    args = parser.parse_args()
    print("| case | wall (s) | peak RSS (MiB) | exit |\n|---|---:|---:|---:|")
    for label, make, options in cases(args.quick):
        with tempfile.TemporaryDirectory(prefix="fpl-bench-") as tmp:
            folder = Path(tmp)
            make(folder)
            wall, rss, code = measure(folder, options)
        print(f"| {label} | {wall:.2f} | {rss:.0f} | {code} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
