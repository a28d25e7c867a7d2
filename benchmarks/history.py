"""Time and memory of `first-party-lint history` on a generated repository with many commits.

The repository is written with `git fast-import` (seconds for thousands of commits): FILES
source files of about SIZE bytes, COMMITS commits each editing a few of them, a side branch
merged back every 100 commits, and a client ID added to a file now and then and removed again
later, so the walk has findings to date. The history scan then runs through the real CLI in a
subprocess; its wall time and peak memory (maximum resident set size of the child) are printed
next to those of `check` over the checked-out HEAD, the ratio being the meaningful figure on a
shared machine.

    python benchmarks/history.py [--commits 2000] [--files 400] [--size 3000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AZ_CLI = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def _blob(rng: random.Random, size: int, number: int) -> bytes:
    words = ("alpha", "beta", "gamma", "delta", "value", "client", "token", "config", "name")
    lines = [f"# module {number}"]
    while sum(len(line) + 1 for line in lines) < size:
        lines.append(f"{rng.choice(words)}_{rng.randrange(1000)} = {rng.randrange(10**6)}")
    return ("\n".join(lines) + "\n").encode()


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def generate(dest: Path, commits: int, files: int, size: int) -> None:
    """A repository of `commits` commits written by one `git fast-import`."""
    rng = random.Random(20260101)
    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True, env=_ENV)
    process = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=dest, stdin=subprocess.PIPE, env=_ENV
    )
    assert process.stdin is not None
    write = process.stdin.write
    contents = {f"src/pkg{n % 20}/mod{n}.py": _blob(rng, size, n) for n in range(files)}
    names = sorted(contents)
    main_tip = 0
    side_tip = 0
    for number in range(commits):
        mark = number + 1
        on_side = number % 100 in range(90, 95)
        branch = "side" if on_side else "main"
        parent = (side_tip or main_tip) if on_side else main_tip
        write(b"commit refs/heads/%s\nmark :%d\n" % (branch.encode(), mark))
        stamp = 1_700_000_000 + number * 60
        write(b"author Dev <dev@example.com> %d +0000\n" % stamp)
        write(b"committer Dev <dev@example.com> %d +0000\n" % stamp)
        write(_data(b"change %d" % number))
        if parent:
            write(b"from :%d\n" % parent)
        if number % 100 == 96 and side_tip:  # merge the side branch back
            write(b"merge :%d\n" % side_tip)
        touched = names if number == 0 else rng.sample(names, 3)
        for name in touched:
            body = contents[name] if number == 0 else _blob(rng, size, rng.randrange(10**6))
            if number and number % 37 == 0:
                body += f'CLIENT_ID = "{AZ_CLI}"\n'.encode()
            contents[name] = body
            write(b"M 100644 inline %s\n" % name.encode())
            write(_data(body))
        write(b"\n")
        if on_side:
            side_tip = mark
        else:
            main_tip = mark
            if number % 100 == 96:
                side_tip = 0
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=dest, check=True, env=_ENV)


def _timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MiB of this child (Linux: ru_maxrss is KiB), stdout tail."""
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); "
        "print(r.stdout.strip().splitlines()[-1])"
    )
    env = {**_ENV, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, sys.executable, "-m", "linter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    first, last = done.stdout.splitlines()[:2]
    seconds, mib = (float(x) for x in first.split())
    return seconds, mib, last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="generate here and keep the repository")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.keep or Path(tmp) / "repo"
        started = time.perf_counter()
        generate(repo, args.commits, args.files, args.size)
        print(f"generated {args.commits} commits in {time.perf_counter() - started:.1f} s")
        objects = subprocess.run(
            ["git", "count-objects", "-v"], cwd=repo, capture_output=True, text=True, env=_ENV
        ).stdout.split()
        print("repository:", " ".join(objects))
        for label, command in (
            ("history --all", ["history"]),
            ("check HEAD tree", ["check", "-q", "--exit-zero", "."]),
        ):
            seconds, mib, tail = _timed(command, repo)
            print(f"{label:<16} {seconds:6.2f} s  peak {mib:6.1f} MiB  | {tail[:110]}")
    print(f"(ru_maxrss of this process for reference: {_self_mib():.1f} MiB)")
    return 0


def _self_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    raise SystemExit(main())
