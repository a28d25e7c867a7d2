"""Python's floor on a tree: the least any Python scanner can do, timed beside the linter.

    python benchmarks/floor.py [--no-search] [--processes=N] FOLDER

Walks `FOLDER` (symbolic links not followed), reads every regular file into one reused buffer
and, unless `--no-search`, runs the sweep's regular expression over it: nothing else. No
catalog, no report, no imports beyond `os` and `re`, the tree split between `--processes`
forked processes (2 by default; one elsewhere than Linux) that take its top-level folders
from a shared queue. `bench.py` runs it in the same alternation as the linter and ripgrep, so
that each ratio to ripgrep can be read against the floor measured in the same run: what the
interpreter's start, the walk and the reads cost before the linter does any work of its own.
Prints the number of files and of regular-expression matches.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

# The sweep's pattern (linter/sweep.py `_PROBE`; a test keeps the two equal). Not imported:
# importing the linter would add its own start-up to a floor that must not have it.
PROBE = rb"-(?:([0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})|party-lint:)"
BUFFER = 256 * 1024
_WORD = 4  # bytes per queued folder number: reads of up to PIPE_BUF bytes are atomic


def _read_all(fd: int) -> bytes:
    parts = []
    while chunk := os.read(fd, 1 << 16):
        parts.append(chunk)
    return b"".join(parts)


def _work(folders: list[str], queue: int, search: bool) -> tuple[int, int]:
    """Folders taken from `queue` until it is empty: files read, and matches found."""
    probe = re.compile(PROBE).findall
    buffers = (bytearray(BUFFER),)
    buffer = buffers[0]
    readv = getattr(os, "readv", None)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    files = matches = 0
    while number := os.read(queue, _WORD):
        stack = [folders[int.from_bytes(number, "little")]]
        while stack:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        fd = os.open(entry.path, flags)
                        try:
                            if readv:
                                size = readv(fd, buffers)
                            else:  # Windows: a read and a copy
                                data = os.read(fd, BUFFER)
                                size = len(data)
                                buffer[:size] = data
                        finally:
                            os.close(fd)
                        files += 1
                        if search:
                            matches += len(probe(buffer, 0, size))
    return files, matches


def floor(root: str, processes: int, search: bool) -> tuple[int, int]:
    """Files read and matches, over `processes` processes sharing the top-level folders (the
    files directly in `root` are read first, by this process)."""
    with os.scandir(root) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    folders = [e.path for e in entries if e.is_dir(follow_symlinks=False)]
    queue_read, queue_write = os.pipe()
    # Every folder's number, then the end (the pipe holds 64 KiB: 16k top-level folders).
    os.write(queue_write, b"".join(n.to_bytes(_WORD, "little") for n in range(len(folders))))
    os.close(queue_write)
    files, matches = _work_top([e for e in entries if e.is_file(follow_symlinks=False)], search)
    children = []
    can_fork = sys.platform.startswith("linux")
    for _ in range(processes - 1 if can_fork else 0):
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(answer_read)
                counted = _work(folders, queue_read, search)
                os.write(answer_write, f"{counted[0]} {counted[1]}".encode())
                code = 0
            finally:
                os._exit(code)
        os.close(answer_write)
        children.append((pid, answer_read))
    mine = _work(folders, queue_read, search)
    files, matches = files + mine[0], matches + mine[1]
    for pid, answer_read in children:
        theirs = _read_all(answer_read).split()
        os.close(answer_read)
        os.waitpid(pid, 0)
        files, matches = files + int(theirs[0]), matches + int(theirs[1])
    return files, matches


def _work_top(entries: list[os.DirEntry[str]], search: bool) -> tuple[int, int]:
    """The root's own files (in no queued folder)."""
    probe = re.compile(PROBE).findall
    matches = 0
    for entry in entries:
        with open(entry.path, "rb") as stream:  # noqa: PTH123 (no pathlib in a floor)
            data = stream.read(BUFFER)
        if search:
            matches += len(probe(data))
    return len(entries), matches


def main(argv: Sequence[str] | None = None) -> int:
    """Arguments read by hand: argparse's import (and the `re` patterns it compiles) would be
    part of the floor."""
    args = list(sys.argv[1:] if argv is None else argv)
    search = "--no-search" not in args
    processes = 2
    for arg in [a for a in args if a.startswith("--processes=")]:
        processes = max(1, int(arg.partition("=")[2]))
    folders = [a for a in args if not a.startswith("--")]
    if len(folders) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    files, matches = floor(folders[0], processes, search)
    print(f"{files} files, {matches} matches")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
