"""The libcst side of the Python scanner's labels: string node types, names and imports.

Kept apart from `python_labels` so that the `ast` fast path (`python_ast`) shares the
labels without importing libcst, which alone costs about 200 ms.
"""

from __future__ import annotations

import libcst as cst

StringNode = cst.SimpleString | cst.ConcatenatedString | cst.FormattedString
STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def dotted(node: cst.BaseExpression) -> str:
    """`a.b.c` for attribute chains; a chain rooted in a call keeps the part after it."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
    return ".".join(reversed(parts))


def literal_text(node: cst.BaseExpression | None) -> str:
    """The text of a plain string literal used as a key or name, else the dotted name."""
    if isinstance(node, cst.SimpleString):
        return node.raw_value
    return dotted(node) if node is not None else ""


class Imports:
    """Local names of imported modules and classes, so `PCA(...)` after
    `from msal import PublicClientApplication as PCA` is known as msal's."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def add(self, node: cst.Import | cst.ImportFrom) -> None:
        names, module = node.names, ""
        if isinstance(node, cst.ImportFrom):
            if node.module is None:
                return
            module = f"{literal_text(node.module)}."
        if isinstance(names, cst.ImportStar):
            return
        for alias in names:
            full = module + literal_text(alias.name)
            local = full.rpartition(".")[2] if module else full.partition(".")[0]
            if isinstance(alias.asname, cst.AsName) and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            elif not module:
                full = local
            self._names[local] = full

    def qualify(self, callee: str) -> str:
        head, dot, rest = callee.partition(".")
        known = self._names.get(head)
        return f"{known}{dot}{rest}" if known else callee
