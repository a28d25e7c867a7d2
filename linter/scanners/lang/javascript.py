"""JavaScript (and the TypeScript grammars' shared shape): MSAL.js configs, @azure/identity.

Client sinks: `clientId` in any object (MSAL.js and msal-node `auth: { clientId }`, the
@azure/identity credential options), the positional client ID of the @azure/identity
credentials (`new ClientSecretCredential(tenantId, clientId, secret)`), JSX attributes such as
`clientId="..."`, and assignments to `x.clientId`. A `const` that reaches one of them in the
same file, directly, as a shorthand property (`{ clientId }`) or through a `for ... of` loop
over a table, is reported at its literal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from linter.findings import Span, Target
from linter.scanners.lang import base, calls, judge

if TYPE_CHECKING:
    from tree_sitter import Node

POSITIONAL = {
    "clientsecretcredential": 1,
    "clientcertificatecredential": 1,
    "clientassertioncredential": 1,
    "usernamepasswordcredential": 1,
    "authorizationcodecredential": 1,
}
_PASS_THROUGH = frozenset({"||", "??", "&&"})


class JavaScript(base.Grammar):
    name = "javascript"
    reference_spelled = True
    module = "tree_sitter_javascript"
    string_types = frozenset({"string", "template_string"})
    wrappers = frozenset(
        {
            "parenthesized_expression",
            "as_expression",
            "satisfies_expression",
            "non_null_expression",
            "type_assertion",
            "ternary_expression",
            "spread_element",
        }
    )
    collections = frozenset({"array"})

    def step(self, parent: Node, child: Node) -> base.Step:
        kind = parent.type
        if kind == "object":
            if child.type == "shorthand_property_identifier":
                return base.Key(base.text_of(child))
            return base.CLIMB
        if kind == "pair":
            if child == parent.child_by_field_name("key"):
                return None  # an ID used as a key: a lookup table
            return base.Key(base.text_of(parent.child_by_field_name("key")).strip("\"'`"))
        if kind == "jsx_attribute":
            return base.Key(base.text_of(parent.named_children[0]))
        if kind == "variable_declarator":
            name = parent.child_by_field_name("name")
            if name is None or child == name or name.type != "identifier":
                return None
            return base.Bind(base.text_of(name), name)
        if kind == "assignment_expression" and child == parent.child_by_field_name("right"):
            return base.Key(base.field(parent, "left"))
        if kind == "arguments":
            call = parent.parent
            if call is None:
                return None
            callee = call.child_by_field_name("function") or call.child_by_field_name("constructor")
            return calls.arguments_step(
                base.code_text(callee), parent, child, POSITIONAL, self.string_types
            )
        if kind == "member_expression" and child == parent.child_by_field_name("object"):
            return calls.receiver_step(base.field(parent, "property"))
        if kind in ("call_expression", "new_expression"):
            return base.CLIMB  # the value passed through a conversion: `String(id)`
        if kind == "binary_expression":
            if calls.is_comparison(parent):
                return base.COMPARISON
            if base.field(parent, "operator") in _PASS_THROUGH:
                return base.CLIMB
        return None

    def reference(self, node: Node, parent: Node | None) -> str | None:
        if node.type in ("identifier", "shorthand_property_identifier"):
            return base.text_of(node)
        return None

    def loop_variable(self, iterated: Node) -> base.Bind | None:
        parent = iterated.parent
        if parent is not None and parent.type == "member_expression":
            return _callback_item(parent, iterated)
        if parent is None or parent.type != "for_in_statement":
            return None
        if iterated != parent.child_by_field_name("right"):
            return None
        left = parent.child_by_field_name("left")
        return base.Bind(base.text_of(left), left) if left is not None else None


_ITERATING_METHODS = frozenset({"forEach", "map", "flatMap", "some", "every", "find", "filter"})


def _callback_item(member: Node, iterated: Node) -> base.Bind | None:
    """`KNOWN.forEach((id) => ...)`: the callback's first parameter, within the callback."""
    if iterated != member.child_by_field_name("object"):
        return None
    if base.field(member, "property") not in _ITERATING_METHODS:
        return None
    call = member.parent
    arguments = call.child_by_field_name("arguments") if call is not None else None
    callback = arguments.named_children[0] if arguments and arguments.named_children else None
    if callback is None or callback.type not in ("arrow_function", "function_expression"):
        return None
    parameter = callback.child_by_field_name("parameter")
    if parameter is None:
        parameters = callback.child_by_field_name("parameters")
        named = parameters.named_children if parameters is not None else []
        parameter = named[0] if named else None
        if parameter is not None and parameter.type != "identifier":
            parameter = parameter.child_by_field_name("pattern")  # TypeScript `(id: string)`
    if parameter is None or parameter.type != "identifier":
        return None
    return base.Bind(base.text_of(parameter), parameter, scope=callback)


GRAMMAR = JavaScript()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)
