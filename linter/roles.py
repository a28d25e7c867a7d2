"""The shared vocabulary that decides whether a name, key or neighbourhood means "client".

Every scanner asks the same questions (is `AzureAd:ClientId` a client key? is `scope` a
resource key? is `<id>/.default` a scope?), so the answers live here once: a word added here is
understood by the Python, config and text scanners alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from linter.findings import Role

RoleGuess = tuple[Role, bool]
"""A role and whether the evidence is weak (a generic name such as `APP_ID`)."""

_NON_ALNUM = re.compile(r"[^a-z0-9]")
_SEGMENTS = re.compile(r"[.:/\\\[\]]+|__")

# Keys whose values are resource APIs (scopes, audiences, identifier URIs): legitimate uses.
_RESOURCE_SUFFIXES = (
    "scope",
    "scopes",
    "resource",
    "resources",
    "resourceid",
    "resourceappid",
    "resourceapplicationid",
    "resourceuri",
    "audience",
    "audiences",
    "identifieruri",
    "identifieruris",
    "resourceaccess",
)
_RESOURCE_EXACT = frozenset({"aud", "apiid", "apiappid", "targetresource"})

# Containers whose members describe *other* apps allowed to call yours: an app manifest's
# pre-authorised or known clients, and required resource access. Listing a Microsoft app there
# is how you legitimately work with it.
_LEGIT_CONTAINERS = frozenset(
    {
        "requiredresourceaccess",
        "resourceaccess",
        "preauthorizedapplications",
        "knownclientapplications",
        "allowedclientapplications",
        "allowedapplications",
        "authorizedclientapplications",
        "trustedclientapplications",
        "validaudiences",
        "allowedaudiences",
    }
)

# Section names under which a bare `AppId` is the app's own identity (ASP.NET's `AzureAd`,
# MSAL config blocks, auth settings of every flavour).
_AUTH_WORDS = (
    "azuread",
    "aad",
    "entra",
    "auth",
    "msal",
    "oauth",
    "openid",
    "oidc",
    "identity",
    "login",
    "signin",
    "credential",
    "azure",
    "b2c",
    "adal",
    "microsoft",
)

# Call names whose first argument is the calling app's client ID.
_CLIENT_CALLS = frozenset(
    {
        "publicclientapplication",
        "confidentialclientapplication",
        "publicclientapplicationbuildercreate",
        "confidentialclientapplicationbuildercreate",
        "withclientid",
    }
)


def normalize(word: str) -> str:
    """Fold case and separators so `AZURE_CLIENT_ID`, `azure-client-id` and `AzureClientId` meet."""
    return _NON_ALNUM.sub("", word.lower())


def last_segment(name: str) -> str:
    """`AzureAd:ClientId`, `options.ClientId` and `AzureAd__ClientId` all end in `ClientId`."""
    parts = [p for p in _SEGMENTS.split(name) if p]
    return parts[-1] if parts else ""


def name_role(name: str) -> RoleGuess | None:
    """Classify an identifier, key, keyword argument or environment-variable name."""
    seg = normalize(last_segment(name))
    if not seg:
        return None
    if seg in _LEGIT_CONTAINERS:
        return (Role.RESOURCE, False)
    if seg in _RESOURCE_EXACT or seg.endswith(_RESOURCE_SUFFIXES):
        return (Role.RESOURCE, False)
    if seg.endswith(("clientids", "clientidlist", "appids", "applicationids")):
        # A list of IDs: a lookup table at best, the caller decides what it is.
        return (Role.UNCLEAR, False)
    if seg.endswith("clientid") or (seg.startswith("client") and seg.endswith("id")):
        return (Role.CLIENT, False)
    if seg.endswith(("appid", "applicationid")):
        return (Role.CLIENT, True)
    return None


def call_role(callee: str) -> RoleGuess | None:
    """Classify the first positional argument of a call by the callee's dotted name."""
    parts = [normalize(p) for p in callee.split(".") if p]
    if not parts:
        return None
    joined_tail = "".join(parts[-2:])
    if parts[-1] in _CLIENT_CALLS or joined_tail in _CLIENT_CALLS:
        return (Role.CLIENT, False)
    return None


def is_auth_section(segment: str) -> bool:
    seg = normalize(segment)
    return any(word in seg for word in _AUTH_WORDS)


def key_path_role(path: Sequence[str]) -> RoleGuess | None:
    """Classify a value by its key path in a structured config file.

    Client-ID keys (`ClientId`, `client_id`, `AZURE_CLIENT_ID`) are clients anywhere; a bare
    `AppId` only under an auth section, since elsewhere it is more often a lookup table.
    Anything inside a manifest's pre-authorised or required-resource lists is a legitimate
    reference to another app.
    """
    if not path:
        return None
    ancestors = path[:-1]
    if any(normalize(last_segment(a)) in _LEGIT_CONTAINERS for a in ancestors):
        return (Role.RESOURCE, False)
    guess = name_role(path[-1])
    if guess is None:
        return None
    role, weak = guess
    if role is Role.CLIENT and weak:
        if any(is_auth_section(a) for a in ancestors) or is_auth_section(
            path[-1].rsplit(":", 1)[0] if ":" in path[-1] else ""
        ):
            return (Role.CLIENT, True)
        return (Role.UNCLEAR, False)
    return guess


_SCOPE_AFTER = re.compile(r"/(?:\.default|[A-Za-z_][\w.-]*)(?=$|[\s\"'`,;&)\]}<>|])")
_RESOURCE_BEFORE = ("api://", "spn:")


def value_role(text: str, start: int, end: int) -> str | None:
    """Recognise a resource from the ID's own neighbourhood, whatever the key.

    `<id>/.default` and `<id>/user_impersonation` are scopes, `api://<id>` is an identifier
    URI: both name the resource being called, never the caller. Returns what was recognised.
    """
    if _SCOPE_AFTER.match(text, end, min(len(text), end + 80)):
        return "scope"
    before = text[max(0, start - 6) : start].lower()
    if before.endswith(_RESOURCE_BEFORE):
        return "identifier URI"
    return None


# The key or identifier that a value on the same line belongs to: `key = "`, `key: '`,
# `"key": "`, `key => "`, `-Key "`, `key=` in a query string, `Name(` for a call. The pattern
# is written for the REVERSED prefix and anchored at its start: matching backwards from the ID
# tries one start position instead of every one, which keeps each lookup linear. `nearest_key`
# folds every run of whitespace to one space, so `[ ]?` stands for any run of blanks and no
# run can be shared out between neighbouring optional blanks in exponentially many ways.
_KEY_BEFORE_REVERSED = re.compile(
    r"""
    \{?[ ]?                           # opening brace of a braced GUID
    ["'`]?                           # opening quote
    (?:@|[rRuUbBfF]{1,2}|\$)?        # string prefixes: @"..." r"..." f"..." $"..."
    [ ]?[\[{(]?[ ]?
    (?:\([ ]?[\w.]+[ ]wen[ ]?)?         # C#/Java `new Guid(`
    (?P<sep>>=|=:|=\?\?|[:=(,]|[ ])     # assignment, mapping, call or parameter
    [ ]?
    ["'`\]]?                         # end of a quoted key or an index
    (?P<key>(?:[\w$@-]*[A-Za-z_$@][.:])*[\w$@-]*[A-Za-z_$@])  # dotted or ida:ClientId
    """,
    re.VERBOSE,
)

_LOOKBACK = 160
_BLANKS = re.compile(r"\s+")


def nearest_key(prefix: str) -> tuple[str, str] | None:
    """The key that the text right before a value names, with the separator that joined them.

    Only the last `_LOOKBACK` characters are examined so that the cost per hit is bounded.
    Runs of whitespace are folded to one space first: the pattern has several optional blanks
    in a row (around quotes, brackets and the separator, which may itself be a blank), and a
    long run that could be split between them in every way made one failed match take seconds
    (160 spaces of alignment before an ID: 5 s per hit). One space fits only a few ways.
    """
    tail = _BLANKS.sub(" ", prefix[-_LOOKBACK:])[::-1]
    match = _KEY_BEFORE_REVERSED.match(tail)
    if match is None:
        return None
    return (match.group("key")[::-1], match.group("sep")[::-1])


# `<add key="ida:ClientId" value="<id>"/>` seen without an XML parser (a broken web.config, a
# .config read as text): the attribute named `value` is named by its sibling `key` or `name`.
# Searched only in the bounded tail, after a literal `key`/`name`, so it stays linear.
_NAMED_VALUE = re.compile(
    r"""\b(?:key|name)\s*=\s*(?:"([^"<>]{1,120})"|'([^'<>]{1,120})')\s+value\s*=\s*(?:["']\s*)?\{?\Z""",
    re.IGNORECASE,
)


def guess_from_prefix(prefix: str) -> tuple[RoleGuess, str] | None:
    """Role evidence from the text just before a value: a key name, or a client-ID call."""
    found = nearest_key(prefix)
    if found is None:
        return None
    key, sep = found
    if key.lower() == "value" and sep == "=":
        named = _NAMED_VALUE.search(prefix[-_LOOKBACK:])
        if named is not None:
            key = named.group(1) or named.group(2)
    if sep == "(":
        call = call_role(key)
        return (call, f"{key}(...)") if call else None
    if sep == "," and not key.isupper() and "_" not in key and "-" not in key:
        # `f(a, "<id>")`: the previous argument is not a key, except env-var style names
        # as in getenv("AZURE_CLIENT_ID", "<id>").
        return None
    guess = name_role(key)
    if guess is None:
        return None
    return (guess, key.lstrip("-$@"))
