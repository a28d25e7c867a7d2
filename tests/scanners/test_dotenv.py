"""The dotenv scanner: `KEY=value` lines in all the dialects that loaders accept."""

from __future__ import annotations

import pytest
from helpers import AZ_CLI, AZ_PS, GRAPH, NOT_IN_CATALOG, OFFICE, Seen, scan_roles

from linter.catalog import Catalog
from linter.findings import Role
from linter.scanners import ParseError
from linter.scanners.config import dotenv

DOTENV = "linter.scanners.config.dotenv"
OTHER_GUID = "11111111-2222-3333-4444-555555555555"


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


LOCAL_ENV = lines(
    "# Local development settings for the API (copy to .env.local).",
    f"# Azure CLI is {AZ_CLI}; do not sign in as it.",
    "",
    f"export AZURE_CLIENT_ID={AZ_CLI}",
    f'ARM_CLIENT_ID="{AZ_PS}"  # the deployment principal, was {OFFICE}',
    "AZURE_TENANT_ID=contoso.onmicrosoft.com",
    f"APP_ID='{OFFICE}'",
    f"GRAPH_SCOPE={GRAPH}/.default",
    f"API_SCOPE={OFFICE}",
    f"KNOWN_APP={AZ_CLI}   # inline comment after an unquoted value",
    "   ",
    f"CLIENT_ID: {AZ_PS}",
    "LOGIN_URL=https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
    f"?client_id={AZ_CLI}&scope=openid",
    "DEBUG=true",
)

CASES = [
    pytest.param(
        LOCAL_ENV,
        [
            Seen(2, 16, "unclear", "comment"),
            Seen(4, 24, "client", "AZURE_CLIENT_ID"),
            Seen(5, 16, "client", "ARM_CLIENT_ID"),
            Seen(5, 87, "unclear", "comment"),
            Seen(7, 9, "client", "APP_ID"),
            Seen(8, 13, "resource", "GRAPH_SCOPE"),
            Seen(9, 11, "resource", "API_SCOPE"),
            Seen(10, 11, "unclear", "KNOWN_APP"),
            Seen(12, 12, "client", "CLIENT_ID"),
            Seen(13, 84, "client", "LOGIN_URL:client_id"),
        ],
        id="local-env-export-quotes-comments",
    ),
    pytest.param(
        lines(
            'CERT="-----BEGIN CERTIFICATE-----',
            f"MII/{AZ_CLI}",
            '-----END CERTIFICATE-----"',
            f"AZURE_CLIENT_ID={AZ_PS}",
        ),
        [Seen(2, 5, "unclear", "CERT"), Seen(4, 17, "client", "AZURE_CLIENT_ID")],
        id="double-quotes-span-lines",
    ),
    pytest.param(
        lines(f'NOTE="a # {AZ_CLI}"', f"TAG=x#{AZ_PS}", f"URL=https://x/#{OFFICE}"),
        [
            Seen(1, 11, "unclear", "NOTE"),
            Seen(2, 7, "unclear", "TAG"),
            Seen(3, 16, "unclear", "URL"),
        ],
        id="hash-inside-a-value-is-not-a-comment",
    ),
    pytest.param(
        lines(f'AzureAd__ClientId="{AZ_CLI}"', f"  export   azure-client-id = {AZ_PS}"),
        [Seen(1, 20, "client", "AzureAd__ClientId"), Seen(2, 30, "client", "azure-client-id")],
        id="aspnet-and-spaced-spellings",
    ),
    pytest.param(
        lines(f'AZURE_CLIENT_ID="{AZ_CLI}"\r', f"OTHER={AZ_PS}\r"),
        [Seen(1, 18, "client", "AZURE_CLIENT_ID"), Seen(2, 7, "unclear", "OTHER")],
        id="crlf-line-ends",
    ),
    pytest.param(
        lines('BROKEN="no closing quote', f"AZURE_CLIENT_ID={AZ_CLI}", f'LATER="{AZ_PS}"'),
        [Seen(2, 17, "client", "BROKEN:AZURE_CLIENT_ID"), Seen(3, 8, "unclear", "")],
        id="open-quote-runs-to-the-next-quote-as-loaders-read-it",
    ),
    pytest.param(
        lines(f'AZURE_CLIENT_ID="{AZ_CLI}', f"OTHER={AZ_PS}"),
        [Seen(1, 18, "client", "AZURE_CLIENT_ID"), Seen(2, 7, "unclear", "OTHER")],
        id="quote-that-never-closes-is-part-of-the-value",
    ),
    pytest.param(
        lines("# shell leftovers", "set -a", f"AZURE_CLIENT_ID={AZ_CLI}", "BARE_NAME", "DEBUG=1"),
        [Seen(3, 17, "client", "AZURE_CLIENT_ID")],
        id="a-stray-line-is-tolerated",
    ),
    # Spelling: upper case, braces (the column is the brace's), several on one line.
    pytest.param(
        lines(f"AZURE_CLIENT_ID={AZ_CLI.upper()}", f"CLIENT_ID={{{AZ_PS}}}"),
        [Seen(1, 17, "client", "AZURE_CLIENT_ID"), Seen(2, 11, "client", "CLIENT_ID")],
        id="upper-case-and-braced",
    ),
    pytest.param(
        lines(f"KNOWN_APPS={AZ_CLI},{AZ_PS}  # and {OFFICE}"),
        [
            Seen(1, 12, "unclear", "KNOWN_APPS"),
            Seen(1, 49, "unclear", "KNOWN_APPS"),
            Seen(1, 93, "unclear", "comment"),
        ],
        id="several-on-one-line",
    ),
    # Near misses: not catalog IDs, so nothing at all.
    pytest.param(lines(f"AZURE_CLIENT_ID={NOT_IN_CATALOG}"), [], id="one-digit-off"),
    pytest.param(lines(f"AZURE_CLIENT_ID={OTHER_GUID}"), [], id="client-key-other-guid"),
    pytest.param(lines(f"AZURE_CLIENT_ID={AZ_CLI}0"), [], id="longer-hex-run"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dotenv_scanner(text: str, expected: list[Seen]) -> None:
    assert scan_roles(DOTENV, text) == expected


def test_app_id_is_weak_client_evidence(catalog: Catalog) -> None:
    text = lines(f"APP_ID={GRAPH}", f"AZURE_CLIENT_ID={AZ_CLI}")
    spans = list(dotenv.scan(text, catalog.targets(text)))
    assert [(s.role, s.context, s.weak) for s in spans] == [
        (Role.CLIENT, "APP_ID", True),
        (Role.CLIENT, "AZURE_CLIENT_ID", False),
    ]


NOT_DOTENV = [
    pytest.param(lines("{", f'  "AZURE_CLIENT_ID": "{AZ_CLI}"', "}"), 1, id="json"),
    pytest.param(
        lines("Sign in with the Azure CLI", f"({AZ_CLI}) as shown.", "DEBUG=1"), 1, id="prose"
    ),
    pytest.param(
        lines("A=1", "B=2", "<configuration>", f'<add key="ClientId" value="{AZ_CLI}"/>', "</x>"),
        3,
        id="xml-after-two-assignments",
    ),
]


@pytest.mark.parametrize(("text", "line"), NOT_DOTENV)
def test_text_that_is_clearly_not_dotenv_is_a_parse_error(text: str, line: int) -> None:
    with pytest.raises(ParseError, match=f"^line {line}: not a KEY=value line"):
        scan_roles(DOTENV, text)


def test_deeply_nested_json_in_a_value_is_just_text() -> None:
    depth = 100_000
    text = "SETTINGS=" + '{"a":' * depth + f'"{AZ_CLI}"' + "}" * depth + "\n"
    assert scan_roles(DOTENV, text) == [Seen(1, 9 + 5 * depth + 2, "unclear", "SETTINGS")]


def test_many_open_quotes_stay_linear() -> None:
    """Each open quote pairs with the next line's, the last one with nothing: one pass."""
    text = 'A="x\n' * 50_000 + f"AZURE_CLIENT_ID={AZ_CLI}\n" + 'B="' + "\\x" * 100_000
    assert scan_roles(DOTENV, text) == [Seen(50_001, 17, "client", "AZURE_CLIENT_ID")]


def test_large_file_with_thousands_of_ids() -> None:
    text = "".join(
        f'export AZURE_CLIENT_ID={AZ_CLI}  # note {n}\nBLOB_{n}="{"y" * 900}"\n'
        for n in range(3_400)
    )
    seen = scan_roles(DOTENV, text)
    assert len(seen) == 3_400
    assert {s.role for s in seen} == {"client"}
