"""Shell scripts, parsed with tree-sitter-bash: token requests and `az login` as an app.

Client sinks: `client_id=` in a curl / wget body or URL (a word or a string), `az login
--service-principal --username <id>` (or `-u`), flags named like client IDs (`--client-id`),
and variables named like them (`export AZURE_CLIENT_ID=...`). A variable that reaches one of
them in the same script, directly or through a `for` loop over an array, is reported at its
literal. Lookups with `az ad sp`, `az ad app` and `az role` name another app: a resource.
`echo` / `printf` text and `[ "$x" = "<id>" ]` tests are not client uses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from linter import roles
from linter.findings import Role, Span, Target
from linter.scanners.lang import base, judge

if TYPE_CHECKING:
    from tree_sitter import Node

_DISPLAY = frozenset({"echo", "printf", "read", "logger", "whiptail", "dialog"})
_TEST_OPERATORS = frozenset({"=", "==", "!=", "=~"})
_STRINGS = frozenset({"string", "raw_string", "ansi_c_string", "concatenation"})


def _command_step(command: Node, argument: Node) -> base.Step:
    name = base.field(command, "name")
    if name in _DISPLAY:
        return base.message(name)
    words = [base.text_of(a) for a in command.children_by_field_name("argument")]
    previous = argument.prev_named_sibling
    flag = base.text_of(previous) if previous is not None else ""
    if name == "az" and len(words) > 1:
        if words[0] in ("ad", "role"):
            return base.Verdict(Role.RESOURCE, f"az {words[0]} {words[1]}")
        if words[0] == "login" and "--service-principal" in words and flag in ("-u", "--username"):
            return base.Verdict(Role.CLIENT, f"az login --service-principal {flag}")
    if flag.startswith("-"):
        guess = roles.name_role(flag.lstrip("-"))
        if guess is not None:
            return base.Verdict(guess[0], f"{name} {flag}", guess[1])
    return None


class Bash(base.Grammar):
    name = "bash"
    reference_spelled = True
    module = "tree_sitter_bash"
    comment_types = frozenset({"comment"})
    string_types = frozenset({"string", "raw_string", "ansi_c_string", "heredoc_body"})
    wrappers = frozenset({"concatenation", "declaration_command"})
    collections = frozenset({"array"})

    def step(self, parent: Node, child: Node) -> base.Step:
        kind = parent.type
        if kind == "variable_assignment":
            name = parent.child_by_field_name("name")
            if name is None or child == name:
                return None
            return base.Bind(base.text_of(name), name)
        if kind == "command":
            if child == parent.child_by_field_name("name"):
                return None
            return _command_step(parent, child)
        if kind == "binary_expression":
            operator = base.field(parent, "operator") or "".join(
                base.text_of(c) for c in parent.children if not c.is_named
            )
            return base.COMPARISON if operator.strip() in _TEST_OPERATORS else None
        return None

    def reference(self, node: Node, parent: Node | None) -> str | None:
        if node.type not in ("simple_expansion", "expansion"):
            return None
        for child in node.named_children:
            if child.type == "variable_name":
                return base.text_of(child)
            if child.type == "subscript":
                return base.field(child, "name")
        return None

    def loop_variable(self, iterated: Node) -> base.Bind | None:
        node = iterated
        parent = node.parent
        while parent is not None and parent.type in _STRINGS:
            node, parent = parent, parent.parent
        if parent is None or parent.type != "for_statement":
            return None
        variable = parent.child_by_field_name("variable")
        if variable is None or node == variable:
            return None
        return base.Bind(base.text_of(variable), variable)


GRAMMAR = Bash()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)
