"""Which files a run looks at, and the names reports give them.

Files named on the command line are always scanned: that is how pre-commit calls the hook,
and a user who names a file means it. A folder is listed by git inside a repository
(`linter.git_files`), else walked (`linter.walk`: no symbolic link followed, version-control
data, virtual environments, dependency folders and build output skipped, dotfiles such as
`.env` or `.github/` kept, since client IDs live there).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from linter import git_files, ignore_rules
from linter.findings import Skipped
from linter.values import Value, set_field
from linter.walk import SKIP_DIRS as SKIP_DIRS
from linter.walk import SYMLINK_INSIDE as SYMLINK_INSIDE
from linter.walk import VCS_DIRS as VCS_DIRS
from linter.walk import DefaultFilter as DefaultFilter
from linter.walk import Filter as Filter
from linter.walk import Folder as Folder
from linter.walk import Walk as Walk
from linter.walk import is_venv as is_venv
from linter.walk import skipped_folder as skipped_folder
from linter.walk import symlink_reason as symlink_reason
from linter.walk import walk as walk


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
    gitignore, listed = listing_source(folder, rules)
    if listed is not None:
        return git_files.files(folder, listed, rules, files_below, symlink_reason)
    return walk(folder, rules, gitignore)


def listing_source(folder: Path, rules: Filter) -> tuple[bool, git_files.Listed | None]:
    """Whether `.gitignore` is respected below `folder`, and git's listing of it when it is
    and git gives one (else the folder is walked): the choice of `files_below`, which
    `linter.plan` makes too when it cuts a folder into units."""
    gitignore = rules.respect_gitignore(os.path.abspath(folder))  # noqa: PTH100
    return gitignore, git_files.ls_files(folder) if gitignore else None


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
