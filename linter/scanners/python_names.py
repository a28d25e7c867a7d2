"""Whether a name bound to an ID is used elsewhere in a Python file (`python_ast`'s test).

A literal bound to a name that is read again may reach a client sink through it, which only
libcst's scopes can follow; so the fast path steps aside when a bound name is mentioned
other than as `NAME =`. Each name is looked for with `str.find`: listing every identifier of
the file with one regex and intersecting the names cost ten times more.
"""

from __future__ import annotations

import re

_IDENTIFIER = re.compile(r"[^\W\d]\w*")
_WORD = re.compile(r"\w")
_NOT_BOUND = re.compile(r"(?!\w)(?!\s*=(?!=))")  # after a name: the end, and no `=` binding


def mentioned(source: str, names: set[str]) -> bool:
    """Whether one of `names` stands in `source` as a whole identifier, not before `=`
    (what `(?<!\\w)([^\\W\\d]\\w*)(?!\\w)(?!\\s*=(?!=))` finds). A name that is no such
    run (one with a combining mark) is never mentioned."""
    for name in names:
        if not _IDENTIFIER.fullmatch(name):
            continue
        at = source.find(name)
        while at != -1:
            before = at > 0 and _WORD.match(source, at - 1)
            if not before and _NOT_BOUND.match(source, at + len(name)):
                return True
            at = source.find(name, at + 1)
    return False
