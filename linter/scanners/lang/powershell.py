"""PowerShell, parsed with tree-sitter-powershell: sign-in cmdlets, parameters, token bodies.

Client sinks: `-ClientId`, `-ApplicationId` and `-AppId` of `Connect-MgGraph`,
`Connect-AzAccount`, `Connect-PnPOnline`, `Connect-ExchangeOnline` and any other cmdlet;
parameter defaults and variables named like client IDs; hashtable keys (`@{ client_id = ... }`
sent as a token request body, splatted `@{ ClientId = ... }`); `client_id=` inside a string.
A variable that reaches one of them in the same script, directly or through a `foreach` over a
table, is reported at its literal.

Not client uses: a `-AppId` / `-ApplicationId` / `-Filter` given to a cmdlet that looks up or
provisions a service principal or application (`Get-MgServicePrincipal`,
`New-AzADServicePrincipal`): that names another app, a resource; `-eq` / `-ne` / `-in`
comparisons; text written with `Write-Host` and friends or asked with `Read-Host`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from linter import roles
from linter.findings import Role, Span, Target
from linter.scanners.lang import base, judge

if TYPE_CHECKING:
    from tree_sitter import Node

_DISPLAY = frozenset(
    {"write-host", "write-output", "write-verbose", "write-warning", "write-error",
     "write-information", "write-debug", "write-progress", "read-host", "echo", "write",
     "out-host", "throw"}
)  # fmt: skip
# Nouns of cmdlets that look up or create *another* app's service principal or registration.
_DIRECTORY_NOUNS = (
    "serviceprincipal",
    "application",
    "approle",
    "oauth2permission",
    "adapp",
    "roleassignment",
)
_COMPARE_OPERATORS = frozenset(
    {"-eq", "-ne", "-ieq", "-ine", "-ceq", "-cne", "-in", "-notin", "-contains",
     "-notcontains", "-like", "-notlike", "-match", "-notmatch", "-imatch", "-cmatch"}
)  # fmt: skip


def _command_step(command: Node, argument: Node) -> base.Step:
    name = base.field(command, "command_name")
    lowered = name.lower()
    if lowered in _DISPLAY:
        return base.message(name)
    parameter = argument.prev_named_sibling
    while parameter is not None and parameter.type == "command_argument_sep":
        parameter = parameter.prev_named_sibling
    if parameter is None or parameter.type != "command_parameter":
        return None
    switch = base.text_of(parameter).lstrip("-").rstrip(":")
    context = f"{name} -{switch}"
    verb, _, noun = lowered.partition("-")
    if verb != "connect" and any(word in noun.replace("-", "") for word in _DIRECTORY_NOUNS):
        return base.Verdict(Role.RESOURCE, context)
    guess = roles.name_role(switch)
    if guess is None:
        return None
    role, weak = guess
    if role is Role.CLIENT and verb == "connect":
        weak = False  # -AppId of a sign-in cmdlet is the app that signs in
    return base.Verdict(role, context, weak)


class PowerShell(base.Grammar):
    name = "powershell"
    reference_spelled = True
    module = "tree_sitter_powershell"
    case_sensitive = False
    string_types = frozenset({"string_literal"})
    wrappers = frozenset(
        {
            "pipeline", "pipeline_chain", "logical_expression", "bitwise_expression",
            "additive_expression", "multiplicative_expression", "format_expression",
            "range_expression", "unary_expression", "expression_with_unary_operator",
            "parenthesized_expression", "sub_expression", "statement_list",
            "script_parameter_default", "hash_literal_body", "cast_expression",
            "array_literal_expression",
        }
    )  # fmt: skip
    collections = frozenset({"array_expression"})

    def step(self, parent: Node, child: Node) -> base.Step:
        kind = parent.type
        if kind == "comparison_expression":
            for node in parent.children:
                if node.type == "comparison_operator":
                    if base.text_of(node).lower() in _COMPARE_OPERATORS:
                        return base.COMPARISON
                    return None
            return base.CLIMB
        if kind == "command_elements" and parent.parent is not None:
            return _command_step(parent.parent, child)
        if kind == "hash_entry":
            key = parent.named_children[0] if parent.named_children else None
            if key is None or key == child:
                return None  # an ID as a hashtable key: a lookup table
            name = base.text_of(key).strip("\"'")
            guess = roles.name_role(name)
            splat = _splatted_into(parent) if guess and guess[0] is Role.CLIENT else ""
            if splat:
                return base.Verdict(Role.CLIENT, f"{splat} -{name} (splatted)")
            return base.Key(name)
        if kind == "hash_literal_expression":
            return base.CLIMB
        if kind == "script_parameter":
            variable = next((c for c in parent.named_children if c.type == "variable"), None)
            if variable is None:
                return None
            return base.Bind(_variable_name(variable), variable)
        if kind == "assignment_expression":
            left = parent.named_children[0] if parent.named_children else None
            if left is None or left == child:
                return None
            target = _single_variable(left)
            if target is not None:
                return base.Bind(_variable_name(target), target)
            return base.Key(base.text_of(left))
        return None

    def is_collection(self, node: Node) -> bool:
        """Every PowerShell value is an `array_literal_expression`; only a comma makes a list."""
        if node.type == "array_literal_expression":
            return node.named_child_count > 1
        return node.type == "array_expression"

    def reference(self, node: Node, parent: Node | None) -> str | None:
        if node.type != "variable":
            return None
        return _variable_name(node)

    def loop_variable(self, iterated: Node) -> base.Bind | None:
        node = iterated
        parent = node.parent
        while parent is not None and (
            parent.type in self.wrappers or parent.type == "comparison_expression"
        ):
            item = _pipeline_item(node) if parent.type == "pipeline_chain" else None
            if item is not None:
                return item
            node, parent = parent, parent.parent
        if parent is None or parent.type != "foreach_statement":
            return None
        variable = parent.named_children[0] if parent.named_children else None
        if variable is None or variable.type != "variable" or variable == node:
            return None
        return base.Bind(_variable_name(variable), variable)


def _splatted_into(entry: Node) -> str:
    """The sign-in cmdlet a hashtable is splatted into: `$p = @{...}; Connect-AzAccount @p`."""
    node = next((a for a in base.ancestors(entry) if a.type == "assignment_expression"), None)
    if node is None or not node.named_children:
        return ""
    variable = _single_variable(node.named_children[0])
    root = [node, *base.ancestors(node, limit=256)][-1]
    if variable is None or root.parent is not None:
        return ""  # not reached within the bound: no search through an unknown text
    splat = re.compile(
        rf"^\s*(Connect-\w+)\b[^\n]*@{re.escape(_variable_name(variable))}\b",
        re.IGNORECASE | re.MULTILINE,
    )
    found = splat.search(base.text_of(root))
    return found.group(1) if found else ""


_FOREACH_COMMANDS = frozenset({"foreach-object", "%", "foreach"})


def _pipeline_item(source: Node) -> base.Bind | None:
    """`$apps | ForEach-Object { ... $_ ... }`: `$_` in that script block is each item."""
    command = source.next_named_sibling
    if command is None or command.type != "command":
        return None
    if base.field(command, "command_name").lower() not in _FOREACH_COMMANDS:
        return None
    return base.Bind("_", source, scope=command)


def _variable_name(node: Node) -> str:
    """`$script:AppId` and `${AppId}` are both `AppId`."""
    name = base.text_of(node).lstrip("$@").strip("{}")
    return name.rsplit(":", 1)[-1]


def _single_variable(node: Node) -> Node | None:
    """The variable an assignment's left side is, when it is one plain variable."""
    while node.named_child_count == 1 and node.type != "variable":
        node = node.named_children[0]
    return node if node.type == "variable" else None


GRAMMAR = PowerShell()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)
