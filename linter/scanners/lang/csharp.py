"""C#, parsed with tree-sitter-c-sharp: MSAL.NET builders, Azure.Identity credentials, options.

Client sinks: `PublicClientApplicationBuilder.Create(id)`, `ConfidentialClientApplicationBuilder
.Create(id)`, `.WithClientId(id)`, the client-ID argument of the Azure.Identity credentials
(`new ClientSecretCredential(tenantId, clientId, secret)`), `ClientId = ...` in an options
initializer or assignment, and `clientId:` named arguments. A `const` or field that reaches one
of them in the same file is reported at its literal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from linter.findings import Span, Target
from linter.scanners.lang import base, calls, judge

if TYPE_CHECKING:
    from tree_sitter import Node

# The Azure.Identity constructors that take the client ID by position.
POSITIONAL = {
    "clientsecretcredential": 1,
    "clientcertificatecredential": 1,
    "clientassertioncredential": 1,
    "onbehalfofcredential": 1,
    "authorizationcodecredential": 1,
    "interactivebrowsercredential": 1,
    "devicecodecredential": 2,
    "usernamepasswordcredential": 3,
    "managedidentitycredential": 0,
}


class CSharp(base.Grammar):
    name = "csharp"
    reference_spelled = True
    module = "tree_sitter_c_sharp"
    string_types = frozenset(
        {
            "string_literal",
            "verbatim_string_literal",
            "raw_string_literal",
            "interpolated_string_expression",
        }
    )
    wrappers = frozenset(
        {
            "parenthesized_expression",
            "cast_expression",
            "equals_value_clause",
            "conditional_expression",
        }
    )
    collections = frozenset(
        {
            "initializer_expression",
            "array_creation_expression",
            "implicit_array_creation_expression",
            "collection_expression",
        }
    )

    def step(self, parent: Node, child: Node) -> base.Step:
        kind = parent.type
        if kind == "argument":
            name = parent.child_by_field_name("name")
            if name is not None and name.start_byte != child.start_byte:
                return base.Key(base.text_of(name))
            return base.CLIMB
        if kind == "argument_list":
            call = parent.parent
            if call is None:
                return None
            callee = call.child_by_field_name("function") or call.child_by_field_name("type")
            return calls.arguments_step(
                base.code_text(callee), parent, child, POSITIONAL, self.string_types
            )
        if kind == "member_access_expression":
            if child == parent.child_by_field_name("expression"):
                return calls.receiver_step(base.field(parent, "name"))
            return base.CLIMB
        if kind == "assignment_expression" and child == parent.child_by_field_name("right"):
            return base.Key(base.field(parent, "left"))
        if kind in ("variable_declarator", "parameter", "property_declaration"):
            name = parent.child_by_field_name("name")
            if name is None or child == name:
                return None
            if kind == "property_declaration":
                return base.Key(base.text_of(name))
            return base.Bind(base.text_of(name), name)
        if kind == "binary_expression":
            if calls.is_comparison(parent):
                return base.COMPARISON
            if base.field(parent, "operator") == "??":
                return base.CLIMB  # `Environment.GetEnvironmentVariable(...) ?? "<id>"`
        if kind in ("object_creation_expression", "invocation_expression"):
            # Reached only when the value passed through: `new Guid(id)`, `id.ToString()`.
            return base.CLIMB
        return None

    def reference(self, node: Node, parent: Node | None) -> str | None:
        if node.type != "identifier":
            return None
        if (
            parent is not None
            and parent.type == "member_access_expression"
            and node != parent.child_by_field_name("name")
        ):
            return None  # the receiver `options` of `options.ClientId`
        return base.text_of(node)

    def loop_variable(self, iterated: Node) -> base.Bind | None:
        parent = iterated.parent
        if parent is None or parent.type != "foreach_statement":
            return None
        if iterated != parent.child_by_field_name("right"):
            return None
        left = parent.child_by_field_name("left")
        return base.Bind(base.text_of(left), left) if left is not None else None


GRAMMAR = CSharp()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)
