"""Value types shared by every stage of the pipeline.

Everything here is immutable and hashable so that sorting, de-duplication and baselines are
plain set operations, and so that results can cross process boundaries unchanged.

Unlike most of the package, this module (like the others whose NamedTuples every run builds)
does not import `annotations` from `__future__`: `typing.NamedTuple` compiles each field's
annotation that is a string, and the first `compile()` of a process costs 1 ms (it builds the
AST node types), each further one a little; a pre-commit hook would pay that on every commit.
Evaluated annotations cost nothing. Names imported for type checking only are quoted.
`tests/test_startup.py` checks that a clean run compiles nothing.
"""

from collections.abc import Callable
from enum import Enum
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from linter.values import Value, set_field

if TYPE_CHECKING:
    from datetime import date


class Role(str, Enum):
    """What an ID is doing where it stands: the whole product is telling these apart."""

    CLIENT = "client"
    RESOURCE = "resource"
    UNCLEAR = "unclear"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class App(NamedTuple):
    """One catalog entry; `app_id` is always the canonical lower-case GUID."""

    app_id: str
    name: str
    owner_tenant: str
    is_resource: bool
    seen_as_client: bool

    @property
    def client_capable(self) -> bool:
        """An ID known only as a resource API cannot sign anybody in, so it is no client risk."""
        return self.seen_as_client or not self.is_resource

    @property
    def label(self) -> str:
        return self.name or "unnamed Microsoft first-party app"


class Target(NamedTuple):
    """A prefilter hit: where a catalog GUID stands in the decoded text.

    `start`/`end` are character offsets of the 36 GUID characters; `span_start`/`span_end`
    widen them to the braces when the ID is written `{...}`, because that is the text a fix
    replaces.
    """

    start: int
    end: int
    span_start: int
    span_end: int
    app_id: str


class Span(NamedTuple):
    """What a scanner says about a region of the text: the role of any ID inside it.

    Scanners never see the catalog, so they describe regions (a JSON value, a Python string,
    a URL parameter) and the engine assigns each hit the narrowest region that holds it.
    `weak` marks client evidence that is only a name such as `APP_ID`: an ID the catalog knows
    purely as a resource API is then taken as a resource reference, not a client. `sink` names
    where a constant is used as a client; `resource` is the ID of a resource requested
    literally at the same sink, so the sign-in error can name it as Entra ID will.
    """

    start: int
    end: int
    role: Role
    context: str
    weak: bool = False
    sink: str = ""
    resource: str = ""


class Location(NamedTuple):
    """A posix path and 1-based line and column; `end_column` is exclusive, as in SARIF."""

    path: str
    line: int
    column: int
    end_column: int


class Finding(NamedTuple):
    location: Location
    rule: str
    severity: Severity
    app: App
    role: Role
    context: str
    raw: str
    message: str
    resource: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return SORT_KEY(self)


# A finding's place in a report (path, line, column, rule), read in C: a data file's thousands
# of findings are sorted more than once a run, and a Python key function cost a call each.
SORT_KEY: Callable[[Finding], tuple[str, int, int, str]] = attrgetter(
    "location.path", "location.line", "location.column", "rule"
)


class InlineSuppression(NamedTuple):
    """A `first-party-lint: ignore[CODE, ...] reason` comment found in a file.

    `line`, `column` and `end_column` locate the marker (1-based, end exclusive) so FPA100 can
    point at it. `codes` are upper-cased as written (empty for a bare `ignore`). `own_line`
    says the comment stands alone on its line, so it also covers the line below.
    """

    line: int
    column: int
    end_column: int
    codes: tuple[str, ...]
    reason: str
    own_line: bool


class Suppressed(NamedTuple):
    """A finding the user accepted: kept for reports (SARIF `result.suppressions`, JSON).

    `kind` is SARIF's word: "inSource" for a comment in the file, "external" for an `allow`
    entry of a config file; `justification` is the reason the user gave (may be empty).
    """

    finding: Finding
    kind: str
    justification: str


class Scanned(Value):
    """A file that was read; `notes` say when it was parsed as text or otherwise degraded.

    `suppressions` are the file's suppression comments (collected only when its bytes hold the
    marker); `suppressed` are the findings those comments or `allow` entries took out of
    `findings`, filled in by `linter.suppress.apply`.
    """

    __slots__ = _fields = ("path", "findings", "notes", "suppressions", "suppressed")
    path: str
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]
    suppressions: tuple[InlineSuppression, ...]
    suppressed: tuple[Suppressed, ...]

    def __init__(
        self,
        path: str,
        findings: tuple[Finding, ...] = (),
        notes: tuple[str, ...] = (),
        suppressions: tuple[InlineSuppression, ...] = (),
        suppressed: tuple[Suppressed, ...] = (),
    ) -> None:
        set_field(self, "path", path)
        set_field(self, "findings", findings)
        set_field(self, "notes", notes)
        set_field(self, "suppressions", suppressions)
        set_field(self, "suppressed", suppressed)


class Skipped(Value):
    """A file deliberately not scanned (binary, too large, unreadable): always reported."""

    __slots__ = _fields = ("path", "reason")
    path: str
    reason: str

    def __init__(self, path: str, reason: str) -> None:
        set_field(self, "path", path)
        set_field(self, "reason", reason)


class Failed(Value):
    """A file the tool could not handle because of its own bug: the run goes on, exit is 2."""

    __slots__ = _fields = ("path", "error")
    path: str
    error: str

    def __init__(self, path: str, error: str) -> None:
        set_field(self, "path", path)
        set_field(self, "error", error)


FileResult = Scanned | Skipped | Failed


class AllowEntry(Value):
    """One `allow` entry of a config file: a finding the team accepted, with its reason.

    The config loader builds these; the suppression stage matches them. `app` is a canonical
    lower-case app ID or, when it is not a GUID, part of an app's name (matched case-blind).
    `paths` are gitignore-style globs relative to `root` (the folder of the config file that
    declared the entry); empty means everywhere under `root`. `origin` points at the entry in
    its config file, so FPA100 (unused) and FPA101 (expired) can say where to edit.
    """

    __slots__ = _fields = ("app", "reason", "paths", "expires", "root", "origin")
    app: str
    reason: str
    paths: tuple[str, ...]
    expires: "date | None"
    root: str
    origin: Location | None

    def __init__(
        self,
        app: str,
        reason: str,
        paths: tuple[str, ...] = (),
        expires: "date | None" = None,
        root: str = ".",
        origin: Location | None = None,
    ) -> None:
        set_field(self, "app", app)
        set_field(self, "reason", reason)
        set_field(self, "paths", paths)
        set_field(self, "expires", expires)
        set_field(self, "root", root)
        set_field(self, "origin", origin)
