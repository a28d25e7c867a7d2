"""Java, parsed with tree-sitter-java: MSAL4J builders and azure-identity credential builders.

Client sinks: `PublicClientApplication.builder(clientId)`,
`ConfidentialClientApplication.builder(clientId, credential)`, any builder or setter named like
a client ID (`new ClientSecretCredentialBuilder().clientId(id)`, `setClientId(id)`), and
assignments to a `clientId` field. A `static final` constant that reaches one of them in the
same file, directly or through an enhanced `for` over an array, is reported at its literal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from linter.findings import Span, Target
from linter.scanners.lang import base, calls, judge

if TYPE_CHECKING:
    from tree_sitter import Node

POSITIONAL = {
    "publicclientapplicationbuilder": 0,
    "confidentialclientapplicationbuilder": 0,
}


def _callee(call: Node) -> str:
    if call.type == "object_creation_expression":
        return base.field(call, "type")
    receiver = call.child_by_field_name("object")
    name = base.field(call, "name")
    return f"{base.code_text(receiver)}.{name}" if receiver is not None else name


class Java(base.Grammar):
    name = "java"
    reference_spelled = True
    module = "tree_sitter_java"
    comment_types = frozenset({"line_comment", "block_comment"})
    string_types = frozenset({"string_literal", "text_block"})
    wrappers = frozenset({"parenthesized_expression", "cast_expression", "ternary_expression"})
    collections = frozenset({"array_initializer", "array_creation_expression"})

    def step(self, parent: Node, child: Node) -> base.Step:
        kind = parent.type
        if kind == "variable_declarator":
            name = parent.child_by_field_name("name")
            if name is None or child == name:
                return None
            return base.Bind(base.text_of(name), name)
        if kind == "assignment_expression" and child == parent.child_by_field_name("right"):
            return base.Key(base.field(parent, "left"))
        if kind == "argument_list":
            call = parent.parent
            if call is None:
                return None
            return calls.arguments_step(_callee(call), parent, child, POSITIONAL, self.string_types)
        if kind == "method_invocation":
            if child == parent.child_by_field_name("object"):
                return calls.receiver_step(base.field(parent, "name"))
            return base.CLIMB
        if kind == "object_creation_expression":
            return base.CLIMB  # the value passed through a conversion: `new String(id)`
        if kind == "binary_expression" and calls.is_comparison(parent):
            return base.COMPARISON
        return None

    def reference(self, node: Node, parent: Node | None) -> str | None:
        return base.text_of(node) if node.type == "identifier" else None

    def loop_variable(self, iterated: Node) -> base.Bind | None:
        parent = iterated.parent
        if parent is None or parent.type != "enhanced_for_statement":
            return None
        if iterated != parent.child_by_field_name("value"):
            return None
        name = parent.child_by_field_name("name")
        return base.Bind(base.text_of(name), name) if name is not None else None


GRAMMAR = Java()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)
