"""Go, parsed with tree-sitter-go: MSAL Go and azidentity constructors and option structs.

Client sinks: `public.New(clientID, ...)`, `confidential.New(authority, clientID, cred)`, the
client-ID argument of `azidentity.NewClientSecretCredential(tenantID, clientID, ...)` and its
siblings, and `ClientID:` fields of option structs (`azidentity.*Options{ClientID: ...}`) or map
literals. A `const` or `var` that reaches one of them in the same file, directly or through a
`range` over a slice, is reported at its literal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from linter.findings import Span, Target
from linter.scanners.lang import base, calls, judge

if TYPE_CHECKING:
    from tree_sitter import Node

POSITIONAL = {
    "publicnew": 0,
    "confidentialnew": 1,
    "newclientsecretcredential": 1,
    "newclientcertificatecredential": 1,
    "newclientassertioncredential": 1,
    "newusernamepasswordcredential": 1,
    "newonbehalfofcredentialwithsecret": 1,
    "newonbehalfofcredentialwithcertificate": 1,
    "newonbehalfofcredentialwithclientassertions": 1,
}


class Go(base.Grammar):
    name = "go"
    reference_spelled = True
    module = "tree_sitter_go"
    string_types = frozenset({"interpreted_string_literal", "raw_string_literal"})
    wrappers = frozenset({"parenthesized_expression", "literal_element", "expression_list"})
    collections = frozenset({"literal_value"})

    def is_collection(self, node: Node) -> bool:
        """`{ClientID: x}` is a struct or map; `{"a", "b"}` a slice: keys make the difference."""
        if node.type != "literal_value":
            return False
        return not any(child.type == "keyed_element" for child in node.named_children)

    def step(self, parent: Node, child: Node) -> base.Step:
        kind = parent.type
        if kind == "keyed_element":
            key = parent.child_by_field_name("key")
            if key is None or key == child:
                return None
            return base.Key(base.text_of(key).strip('"`'))
        if kind == "literal_value":
            return base.CLIMB  # a struct or map whose key was already read
        if kind == "composite_literal":
            return base.CLIMB
        if kind in ("const_spec", "var_spec"):
            name = parent.child_by_field_name("name")
            if name is None or child == name:
                return None
            return base.Bind(base.text_of(name), name)
        if kind in ("short_var_declaration", "assignment_statement"):
            left = parent.child_by_field_name("left")
            if left is None or child == left:
                return None
            target = left.named_children[0] if left.named_child_count == 1 else None
            if target is None:
                return None
            if target.type == "identifier":
                return base.Bind(base.text_of(target), target)
            return base.Key(base.text_of(target))
        if kind == "argument_list":
            call = parent.parent
            if call is None:
                return None
            callee = base.code_text(call.child_by_field_name("function"))
            return calls.arguments_step(callee, parent, child, POSITIONAL, self.string_types)
        if kind == "call_expression":
            return base.CLIMB  # the value passed through a conversion: `uuid.MustParse(id)`
        if kind == "binary_expression" and calls.is_comparison(parent):
            return base.COMPARISON
        return None

    def reference(self, node: Node, parent: Node | None) -> str | None:
        return base.text_of(node) if node.type == "identifier" else None

    def loop_variable(self, iterated: Node) -> base.Bind | None:
        parent = iterated.parent
        if parent is None or parent.type != "range_clause":
            return None
        if iterated != parent.child_by_field_name("right"):
            return None
        left = parent.child_by_field_name("left")
        if left is None or not left.named_children:
            return None
        value = left.named_children[-1]
        return base.Bind(base.text_of(value), value)


GRAMMAR = Go()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)
