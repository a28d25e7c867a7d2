"""The Python scanner's labels, and the library facts they are drawn from.

A label (`Guess`) is what a position says about the value in it. The facts are about libraries
(msal, azure-identity, adal, os.environ, logging): which positional parameter of which call is
the client ID. Whether a parameter *name* means client or resource is still roles.name_role's.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from linter.findings import Role
from linter.roles import call_role, key_path_role, name_role

if TYPE_CHECKING:
    import libcst as cst


class Guess(NamedTuple):
    """A label a parent puts on a child value.

    `sink` names the position for a name passed there ("msal.PublicClientApplication");
    `owner` is the name a literal is bound to, and `flows_to` where that name was passed.
    `owner` and `region` are libcst nodes, or `ast` ones on the fast path (`python_ast`).
    `region` is the call or dict that decided: a resource requested literally inside it is
    the one sign-in will name.
    """

    role: Role
    context: str
    weak: bool = False
    sink: str = ""
    path: tuple[str, ...] = ()
    owner: cst.Name | ast.Name | None = None
    prose: bool = False
    flows_to: str = ""
    region: cst.CSTNode | ast.AST | None = None


class Located(NamedTuple):
    start: int
    end: int
    guess: Guess


def named(
    name: str,
    context: str,
    sink: str = "",
    path: tuple[str, ...] = (),
    owner: cst.Name | ast.Name | None = None,
) -> Guess | None:
    """The label a name gives the value bound or passed to it, if it says anything."""
    found = name_role(name)
    if found is None:
        return None
    return Guess(found[0], context, found[1], sink, path or (name,), owner)


# Positional parameters of the auth APIs (msal, azure-identity, adal's AuthenticationContext),
# by callee name. The names go through roles.name_role like any keyword, so `client_id` is the
# caller and `resource` / `scopes` are resources; `*scopes` takes every positional argument.
SIGNATURES: Mapping[str, tuple[str, ...]] = {
    "PublicClientApplication": ("client_id",),
    "ConfidentialClientApplication": ("client_id",),
    "acquire_token_silent": ("scopes",),
    "acquire_token_silent_with_error": ("scopes",),
    "acquire_token_interactive": ("scopes",),
    "acquire_token_for_client": ("scopes",),
    "acquire_token_by_username_password": ("username", "password", "scopes"),
    "acquire_token_by_authorization_code": ("code", "scopes"),
    "acquire_token_by_refresh_token": ("refresh_token", "scopes"),
    "acquire_token_on_behalf_of": ("user_assertion", "scopes"),
    "initiate_device_flow": ("scopes",),
    "initiate_auth_code_flow": ("scopes",),
    "get_authorization_request_url": ("scopes",),
    "ClientSecretCredential": ("tenant_id", "client_id", "client_secret"),
    "CertificateCredential": ("tenant_id", "client_id", "certificate_path"),
    "ClientAssertionCredential": ("tenant_id", "client_id", "func"),
    "OnBehalfOfCredential": ("tenant_id", "client_id"),
    "AuthorizationCodeCredential": ("tenant_id", "client_id", "authorization_code"),
    "UsernamePasswordCredential": ("client_id", "username", "password"),
    "DeviceCodeCredential": ("client_id",),
    "get_token": ("*scopes",),
    "get_token_info": ("*scopes",),
    "acquire_token": ("resource", "user_id", "client_id"),
    "acquire_token_with_username_password": ("resource", "username", "password", "client_id"),
    "acquire_token_with_client_credentials": ("resource", "client_id", "client_secret"),
    "acquire_token_with_client_certificate": ("resource", "client_id", "certificate"),
    "acquire_user_code": ("resource", "client_id"),
    "acquire_token_with_device_code": ("resource", "user_code_info", "client_id"),
    "acquire_token_with_refresh_token": ("refresh_token", "client_id", "resource"),
    "acquire_token_with_authorization_code": (
        "authorization_code",
        "redirect_uri",
        "resource",
        "client_id",
    ),
}

# `mapping.get(KEY, default)`, `os.getenv(NAME, default)`, `monkeypatch.setenv(NAME, value)`:
# the key names the value in the second argument.
LOOKUPS = frozenset({"get", "getenv", "setdefault", "setenv", "putenv", "pop"})
LOOKUP_DEFAULTS = frozenset({"default", "fallback", "value"})
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical"})


def param_at(params: tuple[str, ...], index: int) -> str:
    if index < len(params):
        return params[index].lstrip("*")
    return params[-1][1:] if params and params[-1].startswith("*") else ""


def is_message(callee: str) -> bool:
    """print, logging and exception messages: an ID there is being reported, not used."""
    head, _, last = callee.rpartition(".")
    if callee in ("print", "warnings.warn"):
        return True
    if last in _LOG_METHODS and head:
        receiver = head.rpartition(".")[2].lower().lstrip("_")
        if receiver == "log" or receiver.endswith(("logger", "logging")):
            return True
    return last[:1].isupper() and last.endswith(("Error", "Exception", "Warning"))


class CallLabels(NamedTuple):
    """What a call says about its arguments, decided once for both syntax trees (libcst and
    ast): `message` (every argument is being reported, not used), the label the receiver of a
    method call inherits, one label per positional argument and one per keyword argument."""

    message: bool
    receiver: Guess | None
    positional: list[Guess]
    keywords: list[Guess]


def call_labels(
    callee: str,
    own: Guess | None,
    positional: int,
    first_key: str,
    keywords: list[str],
) -> CallLabels:
    """`callee` qualified through imports, `own` the label the call itself received,
    `positional` how many positional arguments it has (`first_key` the literal text of the
    first), `keywords` the names of its keyword arguments."""
    if is_message(callee):
        return CallLabels(True, None, [], [])
    last = callee.rpartition(".")[2]
    inherited = own if own is not None and own.role is not Role.UNCLEAR else None
    params = SIGNATURES.get(last, ())
    if not params and call_role(callee):
        params = ("client_id",)
    lookup = None
    if last in LOOKUPS and positional:
        lookup = named(first_key, first_key, owner=own.owner if own else None) or inherited
        lookup = lookup or Guess(Role.UNCLEAR, first_key, path=(first_key,))
    by_position = []
    for index in range(positional):
        param = param_at(params, index)
        if param:
            guess = named(param, f"{callee}({param})", sink=callee)
            guess = guess or Guess(Role.UNCLEAR, f"{callee}({param})")
        elif lookup is not None and index == 1:
            guess = lookup
        else:
            guess = inherited or Guess(Role.UNCLEAR, f"{callee or last}(...)")
        by_position.append(guess)
    by_keyword = []
    for word in keywords:
        found = named(word, f"{word}=", sink=callee)
        if found is None and lookup is not None and word in LOOKUP_DEFAULTS:
            found = lookup
        by_keyword.append(found or inherited or Guess(Role.UNCLEAR, f"{word}=", path=(word,)))
    return CallLabels(False, inherited, by_position, by_keyword)


def target_guess(name: str, owner: cst.Name | ast.Name | None) -> Guess | None:
    """The label of what is bound to `name` (a variable, attribute or subscript key):
    its own role when the name says one, else unclear with the name as context."""
    if not name:
        return None
    return named(name, name, owner=owner) or Guess(Role.UNCLEAR, name, path=(name,), owner=owner)


def element_guess(collection: Guess) -> Guess:
    """What an element of a labelled list, tuple or set is: a resource list's elements are
    resources; any other list only says where its elements stand (unclear)."""
    if collection.role is Role.RESOURCE:
        return collection
    return Guess(Role.UNCLEAR, collection.context, path=collection.path)


def dict_labels(table: Guess | None) -> tuple[tuple[str, ...], Guess | None]:
    """For a dict literal labelled `table`: the key path its keys extend, and the label of
    the keys themselves (a resource table's keys are resources; any other labelled dict's
    keys are unclear; an unlabelled dict's keys are not labelled)."""
    path = table.path if table else ()
    if table is None or table.role is Role.RESOURCE:
        return path, table
    return path, Guess(Role.UNCLEAR, table.context, path=path)


def value_guess(path: tuple[str, ...], key: str, entry: Guess | None) -> Guess:
    """The label of the value stored under `key` ("": not a literal) in a dict whose keys
    are labelled `entry`: a resource key path, else what the key names, else the dict's own
    label, else unclear."""
    keyed = (*path, key)
    legit = key_path_role(keyed) if key else None
    if legit is not None and legit[0] is Role.RESOURCE:
        return Guess(Role.RESOURCE, key, path=keyed)
    guess = named(key, key, path=keyed) if key else None
    if guess is None and entry is not None:
        guess = entry._replace(path=keyed)
    return guess or Guess(Role.UNCLEAR, key, path=keyed)
