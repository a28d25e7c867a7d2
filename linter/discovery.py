"""Which files a run looks at.

Files named on the command line are always scanned: that is how pre-commit calls the hook,
and a user who names a file means it. Directories are walked without following symbolic links
(no loops, nothing outside the tree), skipping version-control data, virtual environments,
dependency folders and build output, but not dotfiles such as `.env` or `.github/`, where
client IDs live.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter, methodcaller
from pathlib import Path
from typing import Protocol

from linter import git_files, ignore_rules
from linter.findings import Skipped
from linter.values import Value, set_field

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "node_modules",
        "bower_components",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".eggs",
        ".direnv",
        ".terraform",
        ".angular",
        ".next",
        ".gradle",
        "build",
        "dist",
        "site-packages",
    }
)


# A link to a file of the tree itself: that file is scanned where it stands, so the skip is
# listed (JSON, -v) but not worth a line in the terminal.
SYMLINK_INSIDE = "symbolic link not followed (target inside the scanned tree)"


class PathError(Exception):
    """A path named by the user does not exist: a usage error."""


class FileRef(Value):
    """A file to scan: where it is (`file`, as discovery spelled it), and how reports name it
    (`display`: relative, `/`-separated).

    It holds strings: a large tree makes one per file, and the Path the frozen dataclass
    used to hold was a third of discovery's time. `path` builds one on demand.
    """

    __slots__ = _fields = ("file", "display")
    file: str
    display: str

    def __init__(self, file: str | os.PathLike[str], display: str) -> None:
        set_field(self, "file", os.fspath(file))
        set_field(self, "display", display)

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def name(self) -> str:
        """The file's own name, as `Path.name` gives it (what scanners are chosen by)."""
        return os.path.basename(self.file)  # noqa: PTH119 (hot path)


def safe_name(name: str) -> str:
    """A path as one printable line: what a terminal, a CI log and a JSON parser all accept.

    File names are bytes on POSIX. One that is not valid UTF-8 reaches Python with surrogate
    escapes, which no UTF-8 stream can encode (printing it would crash the run), and one with
    a newline or an escape sequence would forge report lines or repaint the terminal. Such
    characters are written as Python escapes (`\\xff`, `\\n`, `\\u202e`); every other name
    is unchanged.
    """
    if name.isprintable():
        return name
    out = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode escapes it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1] if code > 0xFF or char in "\t\n\r" else f"\\x{code:02x}")
    return "".join(out)


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when below it, else absolute; `/`-separated and
    printable (`safe_name`)."""
    absolute = path if path.is_absolute() else cwd / path
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        return safe_name(absolute.as_posix())
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):  # not `..name`: that is inside
        return safe_name(Path(os.path.normpath(absolute)).as_posix())
    return safe_name(Path(rel).as_posix())


class Shown:
    """`display_path` of the files below `root`: the folder's own display computed once, and
    each file's part below it appended. The same string, without the `relpath` and two Path
    objects per file that were most of a large tree's discovery time. A path not spelled
    below `root` (as a walk and git's listing spell them) takes the long way. `many` names a
    list at once: below the current folder on POSIX, printable names are their own display
    (the same list comes back)."""

    def __init__(self, root: Path, cwd: Path) -> None:
        self.cwd = cwd
        top = os.fspath(root)
        self.prefix = top if top.endswith(os.sep) else top + os.sep
        shown = display_path(root, cwd)
        self.head = "" if shown == "." else shown if shown.endswith("/") else shown + "/"
        # Path(".") / "a" is "a": below the current folder, any relative path is spelled below it.
        self.here = top == os.curdir
        # Relative and not above: on POSIX, the first test alone (str methods, not posixpath's).
        self.not_below = (os.sep, os.pardir + os.sep, *((os.altsep,) if os.altsep else ()))
        self.posix = os.name == "posix"
        # A folder shown absolute is outside the working directory; if that is inside it, the
        # files there are shown relative, so each takes the long way.
        self.fast = not Path(shown).is_absolute() or not _inside(cwd, root)

    def __call__(self, text: str) -> str:
        if not self.fast:
            return display_path(Path(text), self.cwd)
        if text.startswith(self.prefix):
            rest = text[len(self.prefix) :]
        elif (
            self.here
            and not text.startswith(self.not_below)
            and (self.posix or not os.path.isabs(text))  # noqa: PTH117
        ):
            rest = text
        else:
            return display_path(Path(text), self.cwd)
        return self.head + safe_name(rest if os.sep == "/" else rest.replace(os.sep, "/"))

    def many(self, texts: list[str]) -> list[str]:
        if self.fast and self.here and self.posix and not self.head:
            joined = "\0" + "\0".join(texts)  # each name's start, found in C
            if "".join(texts).isprintable() and "\0/" not in joined and "\0../" not in joined:
                return texts
        return [self(text) for text in texts]


def shown_below(root: Path, cwd: Path) -> Shown:
    return Shown(root, cwd)


def _inside(folder: Path, root: Path) -> bool:
    """Whether `folder` is `root` or below it, as `relpath` sees paths (no symlinks resolved)."""
    try:
        rel = os.path.relpath(os.path.abspath(folder), os.path.abspath(root))  # noqa: PTH100
    except ValueError:  # another drive on Windows
        return False
    return rel != os.pardir and not rel.startswith(os.pardir + os.sep)


def symlink_reason(link: str, root: str) -> str:
    """Why a symbolic link is not followed, in the words a user can act on."""
    target = os.path.realpath(link)
    if not os.path.exists(link):  # noqa: PTH110 (a str from scandir; hot path)
        return "symbolic link not followed (broken or a loop)"
    inside = target == root or target.startswith(root.rstrip(os.sep) + os.sep)
    if not inside:
        return "symbolic link not followed (points outside the scanned tree)"
    return SYMLINK_INSIDE


# Folders never scanned, whatever `exclude` says: version-control data.
VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr"})


class Filter(Protocol):
    """What the configuration says about paths (absolute, as `os.path.abspath` gives them).

    `excluded` judges one path at its own level (a walk asks about each folder as it enters
    it); `project_root` bounds how far up `--force-exclude` looks at a named file's folders.
    `linter.config.Resolver` is the configured implementation.
    """

    def excluded(self, path: str, is_dir: bool) -> bool: ...

    def respect_gitignore(self, folder: str) -> bool: ...

    def files_excluded_in(self, folder: str) -> bool:
        """Whether a file directly in `folder` can be excluded by its name; when not, a walk
        asks `excluded` about folders only (one call per file was a tenth of a walk)."""
        ...

    def project_root(self, path: str) -> str: ...

    def listed(self, folder: str, holds: Callable[[str], bool]) -> None:
        """A walk has listed `folder` (absolute); `holds(name)` says whether a name is in it.
        A configured filter learns from it which folders hold no config file, without a
        system call for each."""
        ...


class DefaultFilter:
    """No configuration: the folders of SKIP_DIRS by name, `.gitignore` respected."""

    def __init__(self, cwd: str) -> None:
        self.cwd = cwd

    def excluded(self, path: str, is_dir: bool) -> bool:
        name = os.path.basename(path)  # noqa: PTH119 (hot path)
        return is_dir and (name in SKIP_DIRS or name.endswith(".egg-info"))

    def respect_gitignore(self, folder: str) -> bool:
        return True

    def files_excluded_in(self, folder: str) -> bool:
        return False

    def project_root(self, path: str) -> str:
        return self.cwd

    def listed(self, folder: str, holds: Callable[[str], bool]) -> None:
        return None


_VENV_MARK = "pyvenv.cfg"


def is_venv(folder: str) -> bool:
    """A virtual environment by any name (env/, .env-3.12/) carries pyvenv.cfg. os.path, not
    pathlib: this runs for every directory of a large tree."""
    return os.path.isfile(os.path.join(folder, _VENV_MARK))  # noqa: PTH113, PTH118


def skipped_folder(name: str, full: str, rules: Filter) -> bool:
    """Whether a walk leaves out the folder `full` (absolute), whatever lists it."""
    return name in VCS_DIRS or is_venv(full) or rules.excluded(full, True)


_by_name = attrgetter("name")


# A folder to walk: as the walk spells it, absolute, and the `.gitignore` rules met above it.
Folder = tuple[str, str, tuple[ignore_rules.PatternSet, ...]]


class Walk:
    """The walk of one tree, a folder at a time: `below` walks from a folder, `folder` lists
    one, so that a run can hand out a tree's folders to several processes (`linter.plan`) and
    put their files back in the order one walk gives."""

    def __init__(self, root: Path, rules: Filter | None = None, gitignore: bool = False) -> None:
        self.judge = rules or DefaultFilter(str(Path.cwd()))
        self.real_root = os.path.realpath(root)
        self.top = os.path.abspath(root)  # noqa: PTH100 (named by the user: walked even if a venv)
        self.gitignore = gitignore
        self.start: Folder = (str(root), self.top, ())  # spelled as Path spells it ("a/b")

    def below(self, start: Folder) -> Iterator[str | Skipped]:
        """Every file below `start` (a folder of this walk) in walk order, and the skips."""
        stack = [start]
        while stack:
            files, skips, subdirs = self.folder(stack.pop())
            yield from _merged(files, skips)
            stack.extend(reversed(subdirs))

    def collect(self, start: Folder) -> tuple[list[str], list[tuple[int, Skipped]]]:
        """`below` as lists: the files, and each skip with its place among all the items."""
        paths: list[str] = []
        skips: list[tuple[int, Skipped]] = []
        stack = [start]
        while stack:
            files, found, subdirs = self.folder(stack.pop())
            if found:
                start_at = len(paths) + len(skips)
                skips += [(start_at + place, skipped) for place, skipped in found]
            paths += files
            stack.extend(reversed(subdirs))
        return paths, skips

    def folder(self, folder: Folder) -> tuple[list[str], list[tuple[int, Skipped]], list[Folder]]:
        """One folder's files (by name), its skips (with their places among its items), and
        its subfolders to walk (by name)."""
        current, absolute, chain = folder
        subdirs: list[Folder] = []
        judge = self.judge
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=_by_name)
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else None
            why = f"folder {reason or 'cannot be read: ' + str(exc.strerror)}"
            return [], [(0, Skipped(current, why))], subdirs
        if absolute != self.top and _named(entries, _VENV_MARK, True):
            return [], [], subdirs  # a virtual environment (`is_venv`), known from the listing
        if self.gitignore and _named(entries, ".gitignore", False):
            read = ignore_rules.read_gitignore(absolute)
            chain = (*chain, read) if read else chain
        judge.listed(absolute, lambda name: _named(entries, name, False))
        below_here = current != os.curdir
        base = absolute if absolute.endswith(os.sep) else absolute + os.sep
        judge_files = chain or judge.files_excluded_in(absolute)
        if not judge_files:  # most folders: files and folders only, no name judged
            regular = list(filter(_is_file, entries))
            folders = list(filter(_is_dir, entries))
            if len(regular) + len(folders) == len(entries):
                for entry in folders:
                    full = base + entry.name
                    if entry.name not in VCS_DIRS and not judge.excluded(full, True):
                        subdirs.append((entry.path if below_here else entry.name, full, chain))
                return list(map(_PATH if below_here else _by_name, regular)), [], subdirs
        found: list[str | Skipped] = []
        for entry in entries:
            try:
                if not judge_files and entry.is_file(follow_symlinks=False):
                    found.append(entry.path if below_here else entry.name)
                    continue
                full = base + entry.name
                is_dir = entry.is_dir(follow_symlinks=False)
                if judge.excluded(full, is_dir) or (
                    chain and ignore_rules.chain_excludes(chain, full, is_dir)
                ):
                    continue
                if entry.is_symlink():
                    found.append(Skipped(entry.path, symlink_reason(entry.path, self.real_root)))
                elif is_dir:
                    if entry.name not in VCS_DIRS:
                        subdirs.append((entry.path if below_here else entry.name, full, chain))
                elif entry.is_file(follow_symlinks=False):
                    found.append(entry.path if below_here else entry.name)
                else:  # reading a FIFO would block until a writer comes, a device never ends
                    found.append(
                        Skipped(entry.path, "not a regular file (a device, FIFO or socket)")
                    )
            except OSError as exc:
                found.append(Skipped(entry.path, f"cannot be examined: {exc.strerror or exc}"))
        files = [item for item in found if type(item) is str]
        skips = [(place, item) for place, item in enumerate(found) if isinstance(item, Skipped)]
        return files, skips, subdirs


_PATH = attrgetter("path")
_is_file = methodcaller("is_file", follow_symlinks=False)
_is_dir = methodcaller("is_dir", follow_symlinks=False)


def _named(entries: list[os.DirEntry[str]], name: str, is_file: bool) -> bool:
    """Whether the sorted `entries` hold `name` (a file, if `is_file`): a binary search, not a
    look at every entry of every folder."""
    at = bisect.bisect_left(entries, name, key=_by_name)
    return at < len(entries) and entries[at].name == name and (not is_file or entries[at].is_file())


def _merged(files: list[str], skips: list[tuple[int, Skipped]]) -> Iterator[str | Skipped]:
    if not skips:
        yield from files
        return
    remaining = iter(files)
    count = 0
    for place, skipped in skips:
        for _ in range(place - count):
            yield next(remaining)
        yield skipped
        count = place + 1
    yield from remaining


def walk(
    root: Path, rules: Filter | None = None, gitignore: bool = False
) -> Iterator[str | Skipped]:
    """Every regular file below `root`, sorted per directory, symlinks not followed.

    What is not walked is said, never silently dropped: a folder that cannot be listed and a
    symbolic link come back as `Skipped` with the reason (their paths as given, made
    printable by the caller). What `rules` exclude is left out in silence, and so, with
    `gitignore`, is what the `.gitignore` files met on the way ignore (git's own listing is
    used instead inside a repository: see `files_below`).
    """
    tree = Walk(root, rules, gitignore)
    return tree.below(tree.start)


def check_paths(paths: Sequence[str]) -> list[Path]:
    """The paths as given, or PathError naming every one that does not exist."""
    resolved = [Path(p) for p in paths]
    missing = [safe_name(str(p)) for p in resolved if not os.path.lexists(p)]
    if missing:
        raise PathError(", ".join(missing))
    return resolved


def files_below(folder: Path, rules: Filter) -> Iterator[str | Skipped]:
    """The files of a folder: git's own listing inside a repository when `.gitignore` is
    respected (fast, and exactly git's rules: nested ignores, `.git/info/exclude`, the user's
    global excludes), else a walk that reads the `.gitignore` files it meets (or none)."""
    gitignore = rules.respect_gitignore(os.path.abspath(folder))  # noqa: PTH100
    if gitignore:
        listed = git_files.ls_files(folder)
        if listed is not None:
            return git_files.files(folder, listed, rules, files_below, symlink_reason)
    return walk(folder, rules, gitignore)


def force_excluded(path: Path, rules: Filter) -> bool:
    """`--force-exclude`: whether a named file, or a folder it is in, is excluded; folders
    are looked at up to the project's root (the nearest config's folder), not above."""
    full = os.path.abspath(path)  # noqa: PTH100
    if rules.excluded(full, False):
        return True
    top = rules.project_root(full)
    folder = os.path.dirname(full)  # noqa: PTH120
    while folder != top and ignore_rules.relative(folder, top) is not None:
        if rules.excluded(folder, True):
            return True
        folder = os.path.dirname(folder)  # noqa: PTH120
    return False


def iter_files(
    paths: Iterable[Path],
    cwd: Path | None = None,
    rules: Filter | None = None,
    force_exclude: bool = False,
) -> Iterator[FileRef | Skipped]:
    """Files to scan, each once, in a deterministic order, and what the walk left out.

    A file named in `paths` is kept even when `rules` exclude it, unless `force_exclude`
    (pre-commit names every changed file, excluded or not).
    """
    base = cwd or Path.cwd()
    judge = rules or DefaultFilter(str(base))
    seen: set[str] = set()
    given = list(paths)
    for path in given:
        show = shown_below(path, base)
        candidates: Iterator[str | Skipped]
        alone = len(given) == 1
        if path.is_dir():
            candidates = files_below(path, judge)
        elif force_exclude and force_excluded(path, judge):
            continue
        else:
            candidates = iter((os.fspath(path),))
        for file in candidates:
            if isinstance(file, Skipped):
                yield Skipped(display_path(Path(file.path), base), file.reason)
                continue
            display = show(file)
            if alone:  # one folder lists each file once: no set of 100k names to keep
                yield FileRef(file, display)
                continue
            if display in seen:
                continue
            seen.add(display)
            yield FileRef(file, display)
