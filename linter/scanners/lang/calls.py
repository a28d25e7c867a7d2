"""What a call does with its arguments, in words every language shares.

A string passed to `Console.WriteLine`, `log.Printf` or `echo` is shown to a person; one passed
to `.Equals` is compared; one passed to `Guid.Parse` is still the same ID; the first argument
of `PublicClientApplicationBuilder.Create` is the client ID; `form.put("client_id", id)` names
its second argument by its first. Each language finds the callee and the argument's position,
and asks here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from linter import roles
from linter.findings import Role
from linter.scanners.lang.base import (
    CLIMB,
    COMPARISON,
    Key,
    Step,
    Verdict,
    message,
    text_of,
)

if TYPE_CHECKING:
    from tree_sitter import Node


# Calls whose string arguments are shown to a person, by the callee's last name segment.
_DISPLAY_CALLS = frozenset(
    {
        "print", "println", "printf", "printfn", "fprintf", "fprintln", "write", "writeline",
        "log", "info", "warn", "warning", "error", "debug", "trace", "fatal", "critical",
        "infof", "warnf", "errorf", "debugf", "fatalf", "panicf", "panic", "logf",
        "loginformation", "logwarning", "logerror", "logdebug", "logtrace", "logcritical",
        "writehost", "writeoutput", "writeverbose", "writewarning", "writeerror",
        "writeinformation", "writedebug", "writeprogress", "readhost", "echo",
        "alert", "confirm", "prompt", "showmessage", "messageboxshow", "show", "information",
        "verbose", "notice",
    }
)  # fmt: skip
# Calls that compare their receiver with their argument, and test assertions that compare
# their arguments (`expect(x).toBe(id)`, `Assert.Equal(id, x)`, `assert.Equal(t, id, x)`).
_COMPARE_CALLS = frozenset(
    {
        "equals", "equalsignorecase", "equalfold", "compare", "compareto", "startswith",
        "endswith", "contains", "containskey", "includes", "indexof", "has", "match",
        "tobe", "toequal", "tostrictequal", "tocontain", "equal", "notequal", "deepequal",
        "strictequal", "assertequal", "assertequals", "assertnotequal", "areequal",
        "arenotequal", "shouldbe", "isequalto", "be",
    }
)  # fmt: skip
# Calls that turn a GUID string into a GUID value without changing what it is.
_CONVERSIONS = frozenset(
    {"guid", "parse", "tryparse", "fromstring", "uuid", "mustparse", "tostring", "string"}
)


def callee_name(callee: str) -> str:
    """A callee as a reader names it: `Builder.Create(x).WithClientId` is `WithClientId`."""
    closing = callee.rfind(")")
    if closing != -1:
        callee = callee[closing + 1 :]
    return "".join(callee.split()).lstrip(".")  # a chain split over lines reads as one name


def _segments(callee: str) -> list[str]:
    return [roles.normalize(p) for p in callee.replace("::", ".").split(".") if p]


def call_step(callee: str, index: int, positional: dict[str, int]) -> Step:
    """What the `index`th positional argument of a call to `callee` is.

    `positional` maps a normalized constructor or function name (its last segment, or its last
    two joined, as `confidentialnew` for `confidential.New`) to the argument that holds the
    client ID, for APIs that take it by position after a tenant or an authority.
    """
    callee = callee_name(callee)
    parts = _segments(callee)
    if not parts:
        return None
    last = parts[-1]
    tail = "".join(parts[-2:])
    if last in _DISPLAY_CALLS or last.endswith(("exception", "error")):
        return message(callee)
    if last in _COMPARE_CALLS:
        return COMPARISON
    if last in _CONVERSIONS:
        return CLIMB
    if index == 0 and roles.call_role(callee) is not None:
        return Verdict(Role.CLIENT, f"{callee}(...)")
    if positional.get(last, positional.get(tail, -1)) == index:
        return Verdict(Role.CLIENT, f"{callee}(...)")
    if index == 0:
        guess = roles.name_role(parts[-1])
        if guess is not None and not guess[1]:
            return Verdict(guess[0], f"{callee}(...)")
    return None


def arguments_step(
    callee: str, arguments: Node, child: Node, positional: dict[str, int], strings: frozenset[str]
) -> Step:
    """A call argument: the callee decides first, else a string key just before it.

    `form.put("client_id", id)`, `values.Set("client_id", id)`, `new KeyValuePair<string,
    string>("client_id", id)`: key-value pairs passed as two arguments are as common in token
    requests as keyword arguments are in Python.
    """
    index = argument_index(arguments, child)
    step = call_step(callee, index, positional)
    if step is not None or index < 1:
        return step
    previous = arguments.named_children[index - 1]
    while previous.named_child_count == 1 and previous.type not in strings:
        previous = previous.named_children[0]  # C#'s `argument` wrapper
    if previous.type not in strings:
        return None
    key = text_of(previous).strip("\"'`@$")
    return Key(key) if roles.name_role(key) is not None else None


def receiver_step(callee: str) -> Step:
    """A literal that is the receiver of a method call: `"<id>".Equals(appId)`."""
    parts = _segments(callee)
    if parts and parts[-1] in _COMPARE_CALLS:
        return COMPARISON
    if parts and parts[-1] in _CONVERSIONS:
        return CLIMB
    return None


def argument_index(arguments: Node, child: Node) -> int:
    for index, node in enumerate(arguments.named_children):
        if node.start_byte == child.start_byte and node.end_byte == child.end_byte:
            return index
    return -1


EQUALITY = frozenset({"==", "!=", "===", "!==", "-eq", "-ne", "-ieq", "-ceq", "-ine", "-cne"})


def is_comparison(node: Node) -> bool:
    """A binary expression whose operator tests equality."""
    operator = node.child_by_field_name("operator")
    if operator is not None:
        return text_of(operator).lower() in EQUALITY
    return any(not c.is_named and text_of(c).lower() in EQUALITY for c in node.children)
