"""Terraform and HCL, parsed with tree-sitter-hcl: provider credentials versus directory lookups.

Client sinks: `client_id` in a `provider "azurerm"` / `"azuread"` / `"azapi"` block or an
`azurerm` backend, and any attribute named like a client ID elsewhere (a module input, an AKS
`service_principal { client_id }`); a `locals` value or a variable default that reaches one of
them through `local.x` / `var.x` in the same file is reported at its literal.

Resource uses: a data source or resource that looks up, provisions or grants to another app
(`data "azuread_service_principal"`, `azuread_application_published_app_ids`,
`resource "azuread_service_principal"` for a Microsoft app, app role assignments and
pre-authorizations), and `required_resource_access { resource_app_id }`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from linter import roles
from linter.findings import Role, Span, Target
from linter.scanners.lang import base, calls, judge

if TYPE_CHECKING:
    from tree_sitter import Node

# Data sources and resources whose IDs name another app: a directory object, not the caller.
_DIRECTORY_TYPES = (
    "service_principal",
    "published_app_ids",
    "pre_authorized",
    "app_role_assignment",
    "delegated_permission_grant",
    "application_api_access",
)


def _block(node: Node) -> tuple[str, list[str]] | None:
    """The nearest enclosing block: its kind (`provider`, `data`, ...) and its labels."""
    current = next((a for a in base.ancestors(node) if a.type == "block"), None)
    if current is None:
        return None
    kind = base.text_of(current.named_children[0]) if current.named_children else ""
    labels = []
    for child in current.named_children[1:]:
        if child.type not in ("string_lit", "identifier"):
            break
        labels.append(base.text_of(child).strip('"'))
    return kind, labels


class Hcl(base.Grammar):
    name = "hcl"
    module = "tree_sitter_hcl"
    string_types = frozenset({"string_lit", "heredoc_template", "template_expr"})
    wrappers = frozenset(
        {"expression", "literal_value", "collection_value", "operation", "conditional"}
    )
    collections = frozenset({"tuple"})

    def step(self, parent: Node, child: Node) -> base.Step:
        kind = parent.type
        if kind == "attribute":
            name = base.text_of(parent.named_children[0])
            block = _block(parent)
            if block is None:
                return base.Key(name)  # a top-level attribute: a .tfvars value
            block_kind, labels = block
            context = ".".join([block_kind, *labels, name])
            if block_kind == "locals":
                return base.Bind(f"local.{name}", parent.named_children[0])
            if block_kind == "variable" and name == "default" and labels:
                return base.Bind(f"var.{labels[0]}", parent.named_children[0])
            if (
                block_kind in ("data", "resource")
                and labels
                and any(word in labels[0] for word in _DIRECTORY_TYPES)
            ):
                return base.Verdict(Role.RESOURCE, context)
            guess = roles.key_path_role([*labels, name]) if block_kind != "provider" else None
            if block_kind in ("provider", "backend") and roles.name_role(name):
                guess = roles.name_role(name)
            if guess is None:
                return base.Verdict(Role.UNCLEAR, context) if block_kind != "locals" else None
            return base.Verdict(guess[0], context, guess[1])
        if kind == "object_elem":
            key = parent.child_by_field_name("key")
            if key is None or key == child:
                return None
            return base.Key(base.text_of(key).strip('"'))
        if kind == "object":
            return base.CLIMB
        if kind == "binary_operation" and calls.is_comparison(parent):
            return base.COMPARISON
        if kind == "function_arguments":
            return base.CLIMB  # `lower("<id>")`, `toset([...])`: the value passes through
        if kind == "function_call":
            return base.CLIMB
        return None

    def reference(self, node: Node, parent: Node | None) -> str | None:
        if node.type != "variable_expr":
            return None
        prefix = base.text_of(node)
        attr = node.next_named_sibling
        if prefix not in ("local", "var") or attr is None or attr.type != "get_attr":
            return None
        return f"{prefix}.{base.text_of(attr).lstrip('.')}"


GRAMMAR = Hcl()


def scan(text: str, targets: Sequence[Target]) -> Iterator[Span]:
    return judge.scan_with(GRAMMAR, text, targets)
