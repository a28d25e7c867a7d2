"""The INI scanner: section and key, continuation lines, comments, and a lenient parse."""

from __future__ import annotations

import time

import pytest
from helpers import ARM, AZ_CLI, AZ_PS, GRAPH, NOT_IN_CATALOG, OFFICE, Seen, scan_roles

from linter.scanners import ParseError

INI = "linter.scanners.config.ini"
OTHER_GUID = "11111111-2222-3333-4444-555555555555"
LOGIN = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


CASES = [
    # Clients: `=` and `:` delimiters, keys before any section, git's indented keys.
    pytest.param(
        lines("[metadata]", "name = myapp", "", "[azure]", f"client_id = {AZ_CLI}"),
        [Seen(5, 13, "client", "azure:client_id")],
        id="setup-cfg-section-key",
    ),
    pytest.param(
        lines("[AzureAd]", f"ClientId: {AZ_CLI}", f"AppId = {{{OFFICE}}}"),
        [Seen(2, 11, "client", "AzureAd:ClientId"), Seen(3, 9, "client", "AzureAd:AppId")],
        id="colon-delimiter-and-app-id-under-auth-section",
    ),
    pytest.param(
        lines(f"client_id = {AZ_CLI}", "[other]"),
        [Seen(1, 13, "client", "client_id")],
        id="key-before-any-section",
    ),
    pytest.param(
        lines(
            '[credential "https://dev.azure.com"]', f"\tclientid = {AZ_CLI}", "\tuseHttpPath = 1"
        ),
        [Seen(2, 13, "client", 'credential "https://dev.azure.com":clientid')],
        id="git-config-indented-keys",
    ),
    pytest.param(
        lines("[appSettings]", f"ida:ClientId = {AZ_CLI}"),
        [Seen(2, 16, "client", "appSettings:ida:ClientId")],
        id="key-ends-at-first-colon-inner-key-still-read",
    ),
    # Continuation lines belong to the key above them; a key inside one names its own role.
    pytest.param(
        lines("[testenv]", "setenv =", f"    AZURE_CLIENT_ID = {AZ_CLI}", f"    OTHER = {AZ_PS}"),
        [
            Seen(3, 23, "client", "testenv:setenv:AZURE_CLIENT_ID"),
            Seen(4, 13, "unclear", "testenv:setenv"),
        ],
        id="tox-setenv-continuation",
    ),
    pytest.param(
        lines("[app]", "client_ids =", f"    {AZ_CLI}", "", f"    {AZ_PS}", "name = x"),
        [Seen(3, 5, "unclear", "app:client_ids"), Seen(5, 5, "unclear", "app:client_ids")],
        id="continuation-across-blank-line",
    ),
    pytest.param(
        lines("[oauth]", f"authorize = {LOGIN}?client_id={AZ_CLI}&scope={GRAPH}/.default"),
        [
            Seen(2, 86, "client", "oauth:authorize:client_id"),
            Seen(2, 129, "resource", "oauth:authorize:scope"),
        ],
        id="url-parameters",
    ),
    pytest.param(
        lines(f"redirect = https://app/#/auth?client_id={AZ_CLI}"),
        [Seen(1, 41, "client", "redirect:client_id")],
        id="hash-inside-value-is-not-a-comment",
    ),
    # Resources.
    pytest.param(
        lines("[api]", f"audience = {OFFICE}", f"scopes = {GRAPH}/.default {ARM}/.default"),
        [
            Seen(2, 12, "resource", "api:audience"),
            Seen(3, 10, "resource", "api:scopes"),
            Seen(3, 56, "resource", "api:scopes"),
        ],
        id="resource-keys",
    ),
    # Unclear: comments, app IDs outside auth, IDs as keys or sections, unknown lines.
    pytest.param(
        lines(
            f"; {AZ_CLI}",
            "[s] # section comment " + AZ_PS,
            "name = x ; was " + OFFICE,
            "setenv =",
            f"    # {GRAPH}",
        ),
        [
            Seen(1, 3, "unclear", "comment"),
            Seen(2, 23, "unclear", "comment"),
            Seen(3, 16, "unclear", "comment"),
            Seen(5, 7, "unclear", "comment"),
        ],
        id="comments",
    ),
    pytest.param(
        lines("[build]", f"app_id = {AZ_CLI}"),
        [Seen(2, 10, "unclear", "build:app_id")],
        id="app-id-outside-auth-section",
    ),
    pytest.param(
        lines("[apps]", f"{AZ_CLI} = Azure CLI", OFFICE, f"[{AZ_PS}]"),
        [
            Seen(2, 1, "unclear", "apps"),
            Seen(3, 1, "unclear", "apps"),
            Seen(4, 2, "unclear", "section"),
        ],
        id="ids-as-keys-sections-and-bare-lines",
    ),
    # Spelling: upper case, braces, several on a line, CRLF.
    pytest.param(
        lines("[AzureAd]", f"ClientId = {AZ_CLI.upper()}"),
        [Seen(2, 12, "client", "AzureAd:ClientId")],
        id="upper-case",
    ),
    pytest.param(
        lines(f"client_id = {{{AZ_CLI}}}"),
        [Seen(1, 13, "client", "client_id")],
        id="braced",
    ),
    pytest.param(
        lines(f"client_ids = {AZ_CLI}, {AZ_PS}"),
        [Seen(1, 14, "unclear", "client_ids"), Seen(1, 52, "unclear", "client_ids")],
        id="several-on-one-line",
    ),
    pytest.param(
        f"[AzureAd]\r\nClientId = {AZ_CLI}\r\nTenantId = x\r\n",
        [Seen(2, 12, "client", "AzureAd:ClientId")],
        id="crlf",
    ),
    # Near misses.
    pytest.param(lines(f"client_id = {NOT_IN_CATALOG}"), [], id="one-digit-off"),
    pytest.param(lines(f"client_id = {OTHER_GUID}"), [], id="client-key-other-guid"),
    pytest.param(lines(f"client_id = {AZ_CLI}0"), [], id="longer-hex-run"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_ini_scanner(text: str, expected: list[Seen]) -> None:
    assert scan_roles(INI, text) == expected


LENIENT = [
    pytest.param(
        lines("[AzureAd]", "just some words", "more words", "and more", f"ClientId = {AZ_CLI}"),
        [Seen(5, 12, "client", "AzureAd:ClientId")],
        id="unknown-lines-after-a-section",
    ),
    pytest.param(
        lines("stray line", "[AzureAd]", f"ClientId = {AZ_CLI}", "Instance = x"),
        [Seen(3, 12, "client", "AzureAd:ClientId")],
        id="a-few-unknown-lines-before-the-first-section",
    ),
]


@pytest.mark.parametrize(("text", "expected"), LENIENT)
def test_lenient_parse(text: str, expected: list[Seen]) -> None:
    assert scan_roles(INI, text) == expected


NOT_INI = [
    pytest.param(lines("{", f'  "client_id": "{AZ_CLI}"', "}"), "line 1", id="json"),
    pytest.param(
        lines("This file explains the app.", f"It uses {AZ_CLI}", "", "Nothing more."),
        "line 1",
        id="prose",
    ),
    pytest.param(
        lines("# a comment", "- item", "- item", f"- {AZ_CLI}", "[late]"),
        "line 2",
        id="list-before-a-late-section",
    ),
]


@pytest.mark.parametrize(("text", "where"), NOT_INI)
def test_text_that_is_clearly_not_ini_is_a_parse_error(text: str, where: str) -> None:
    with pytest.raises(ParseError, match=f"^{where}: not INI"):
        scan_roles(INI, text)


def test_many_ids_scan_in_linear_time() -> None:
    text = "".join(
        f"[s{i}]\nclient_id = {AZ_CLI} ; {AZ_PS}\nurl = https://x/?client_id={AZ_CLI}\n"
        for i in range(2_000)
    )
    began = time.perf_counter()
    seen = scan_roles(INI, text)
    assert time.perf_counter() - began < 2.0
    assert [s.role for s in seen[:3]] == ["client", "unclear", "client"]
    assert len(seen) == 6_000
