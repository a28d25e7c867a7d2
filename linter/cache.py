"""A content-keyed cache of per-file results, in the user's cache directory.

What pays to cache was measured (README "Speed"): a file without a catalog ID costs one regex
pass over its bytes, about as much as hashing those bytes, so caching it would only add a
lookup. A file with an ID costs a parse (libcst alone takes 200 ms to import), so only those
results are stored, after the prefilter has said the file holds an ID.

Never stale: the key is a hash of the file's bytes and display path together with a salt made
of the tool version, the catalog (version, every ID, any added apps) and every scan option that
can change a result (`ScanOptions`' fields, generically, plus the `extra` settings a caller
passes). Any change in those is a different key; old entries are simply never read again
(`first-party-lint cache clean` removes them).

Safe to share: entries are written to a temporary file and moved into place with `os.replace`,
so a concurrent run sees a whole entry or none, and an entry that cannot be read or unpickled,
or holds something else than the file's result, is a miss, never an error. Entries are
pickles of the result object (every field of `Scanned`, whatever fields it grows), under a
format version; the cache directory is the user's own, as trusted as their home directory.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from linter import values
from linter.findings import FileResult, Scanned
from linter.values import Value, set_field

ENV_DIR = "FIRST_PARTY_LINT_CACHE_DIR"
# Bump when the pickled types change shape incompatibly. v2: results are `values.Value`
# classes, no longer dataclasses (a v1 entry would not unpickle; under v2 it is never read).
FORMAT = "v2"
_APP = "first-party-lint"


def default_dir() -> Path:
    """The platform's cache folder: $XDG_CACHE_HOME, ~/Library/Caches or %LOCALAPPDATA%."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / _APP / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / _APP
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / _APP


def _where() -> str:
    try:
        return str(default_dir())
    except (RuntimeError, KeyError, OSError):  # no home directory (some CI containers)
        return "none: no home directory"


def salt(
    tool_version: str, catalog: Any, options: Any, extra: Mapping[str, object] | None = None
) -> str:
    """Everything besides a file's bytes and name that decides its result, as one digest.

    `options` is a `values.Value` (the engine's ScanOptions): all its fields are keyed, so a
    new option is keyed without touching this module; `extra` takes settings that live elsewhere
    (config), one entry each. `cache` and `jobs` do not change a result and are left out.
    """
    from linter import digests  # paid only by a run whose files hold IDs

    digest = digests.blake2b(digest_size=20)
    fields = {
        name: getattr(options, name)
        for name in values.fields(options)
        if name not in ("cache", "jobs")
    }
    parts: list[object] = [FORMAT, tool_version, catalog.version, sorted(fields.items())]
    parts += [sorted(catalog.extra), sorted((extra or {}).items())]
    digest.update(repr(parts).encode())
    digest.update("\n".join(sorted(catalog.ids)).encode())
    return digest.hexdigest()


class ResultCache(Value):
    """Where entries live and what goes into the run's salt (`salt`'s arguments), digested on
    first use: a run whose files hold no ID never hashes anything.

    Equal, hashed and shown by `directory` alone (`_fields`): the salt's inputs hold the
    catalog. Not for `_replace`, which knows only `_fields`.
    """

    __slots__ = ("_salt", "directory", "inputs")
    _fields = ("directory",)
    directory: str
    inputs: tuple[Any, ...]
    _salt: str | None

    def __init__(self, directory: str, inputs: tuple[Any, ...]) -> None:
        set_field(self, "directory", directory)
        set_field(self, "inputs", inputs)
        set_field(self, "_salt", None)

    @property
    def salt(self) -> str:
        digest = self._salt
        if digest is None:
            digest = salt(*self.inputs)
            set_field(self, "_salt", digest)
        return digest

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restored, (self.directory, self.inputs, self._salt))

    def detached(self) -> ResultCache:
        """A copy with its salt computed and without the catalog (whose loaders do not
        pickle), for worker processes started by spawn (macOS, Windows)."""
        return _restored(self.directory, (), self.salt)

    def key(self, display: str, data: bytes) -> str:
        from linter import digests

        digest = digests.blake2b(self.salt.encode(), digest_size=20)
        digest.update(display.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return Path(self.directory) / FORMAT / key[:2] / f"{key[2:]}.pickle"

    def get(self, key: str, display: str) -> Scanned | None:
        import pickle  # here, not at the top: a run over clean files never needs it

        try:
            with self._path(key).open("rb") as handle:
                entry = pickle.load(handle)
        except Exception:  # missing, unreadable, truncated, from another version: a miss
            return None
        if isinstance(entry, Scanned) and entry.path == display:
            return entry
        return None

    def put(self, key: str, result: FileResult) -> None:
        if not isinstance(result, Scanned) or any("longer than" in n for n in result.notes):
            return  # a failure, or an outcome of the time budget (the machine's load): not kept
        import pickle
        import tempfile

        path = self._path(key)
        payload = memoryview(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                try:
                    while payload:  # os.write, not a file object: one open, of the named path
                        payload = payload[os.write(fd, payload) :]
                finally:
                    os.close(fd)
                os.replace(temp, path)  # noqa: PTH105 (atomic, str from mkstemp)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:  # a read-only or full disk costs speed, never the run
            return


def _restored(directory: str, inputs: tuple[Any, ...], digest: str | None) -> ResultCache:
    """A `ResultCache` with its salt already known (unpickled, or `detached`)."""
    store = ResultCache(directory, inputs)
    set_field(store, "_salt", digest)
    return store


def cached(
    store: ResultCache | None, display: str, data: bytes, scan: Callable[[], FileResult]
) -> FileResult:
    """`scan()`, or its stored result for these exact bytes, name and settings."""
    if store is None:
        return scan()
    key = store.key(display, data)
    hit = store.get(key, display)
    if hit is not None:
        return hit
    result = scan()
    store.put(key, result)
    return result


def add_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--no-cache",
        action="store_true",
        help=f"neither read nor write the result cache (default folder: {_where()}; "
        f"${ENV_DIR} overrides it)",
    )


def add_command(sub: Any) -> None:
    parser = sub.add_parser("cache", help="the result cache: where it is, how big, clean it")
    actions = parser.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    actions.add_parser("info", help="folder, entries and size")
    actions.add_parser("clean", help="remove every cached result")


def _entries(root: Path) -> list[Path]:
    """The cache's own files only (`v*/xx/*.pickle` and leftover temporaries): a cache folder
    pointed by mistake at a folder with other files never loses them to `cache clean`."""
    if not root.is_dir():
        return []
    return [
        p
        for p in root.glob("v*/??/*")
        if p.is_file() and (p.suffix == ".pickle" or p.name.startswith(".tmp-"))
    ]


def command(args: argparse.Namespace, out: TextIO) -> int:
    """`first-party-lint cache info|clean`: the cache is safe to delete at any time."""
    root = default_dir()
    entries = _entries(root)
    if args.cache_command == "info":
        size = sum(p.stat().st_size for p in entries)
        out.write(f"{root}: {len(entries)} entries, {size / 1024:.0f} KiB\n")
        return 0
    removed = 0
    for path in entries:
        try:
            path.unlink()
            removed += 1
        except OSError:
            continue
    folders = [*root.glob("v*/??"), *root.glob("v*")]  # emptied ones only: rmdir or nothing
    for folder in (p for p in folders if p.is_dir()):
        try:
            folder.rmdir()
        except OSError:
            continue
    out.write(f"{root}: removed {removed} entries\n")
    return 0


def configure(
    args: argparse.Namespace,
    options: Any,
    catalog: Any,
    tool_version: str,
    extra: Mapping[str, object] | None = None,
) -> Any:
    """`options` with the run's cache, or unchanged under `--no-cache`.

    `extra`: settings outside `options` that change results (the config file's), keyed as is.
    """
    if getattr(args, "no_cache", False):
        return options
    try:
        folder = default_dir()
    except (RuntimeError, KeyError, OSError):  # no home directory: run without a cache
        return options
    store = ResultCache(str(folder), (tool_version, catalog, options, extra))
    return options._replace(cache=store)
