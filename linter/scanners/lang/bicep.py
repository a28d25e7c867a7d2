"""Bicep, parsed with tree-sitter-bicep: existing service principals versus app credentials.

Resource uses: a `Microsoft.Graph/servicePrincipals` resource (usually `existing`) keyed by
`appId`, role assignments and permission grants to one, and `requiredResourceAccess`. Client
uses: properties named like client IDs (`clientId`, an AKS `servicePrincipalProfile`), and a
`var` or `param` default that reaches one in the same file, reported at its literal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from linter.findings import Role, Span, Target
from linter.scanners.lang import base, calls, judge

if TYPE_CHECKING:
    from tree_sitter import Node

# Resource types whose `appId` names another app's service principal: a directory lookup.
_DIRECTORY_TYPES = ("serviceprincipals", "approleassignedto", "oauth2permissiongrants")


def _resource_type(node: Node) -> tuple[str, str] | None:
    """The symbolic name and type string of the resource declaration around `node`."""
    current = next((a for a in base.ancestors(node) if a.type == "resource_declaration"), None)
    if current is None or current.named_child_count < 2:
        return None
    symbol, kind = current.named_children[0], current.named_children[1]
    return base.text_of(symbol), base.text_of(kind).strip("'").lower()


class Bicep(base.Grammar):
    name = "bicep"
    reference_spelled = True
    module = "tree_sitter_bicep"
    string_types = frozenset({"string", "multiline_string"})
    wrappers = frozenset({"parenthesized_expression", "arguments", "call_expression"})
    collections = frozenset({"array"})

    def step(self, parent: Node, child: Node) -> base.Step:
        kind = parent.type
        if kind == "object_property":
            key = parent.named_children[0] if parent.named_children else None
            if key is None or key == child:
                return None
            name = base.text_of(key).strip("'")
            resource = _resource_type(parent)
            if resource is not None and any(t in resource[1] for t in _DIRECTORY_TYPES):
                return base.Verdict(Role.RESOURCE, f"{resource[0]}.{name}")
            return base.Key(name)
        if kind == "object":
            return base.CLIMB
        if kind in ("variable_declaration", "parameter_declaration"):
            declared = parent.named_children[0] if parent.named_children else None
            if declared is None or declared == child:
                return None
            return base.Bind(base.text_of(declared), declared)
        if kind == "binary_expression" and calls.is_comparison(parent):
            return base.COMPARISON
        return None

    def reference(self, node: Node, parent: Node | None) -> str | None:
        if node.type != "identifier":
            return None
        if (
            parent is not None
            and parent.type in ("object_property", "resource_declaration")
            and parent.named_children[0] == node
        ):
            return None  # a property key or a resource's symbolic name
        return base.text_of(node)


GRAMMAR = Bicep()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)
