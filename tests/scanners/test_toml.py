"""The TOML scanner: key paths from headers, dotted keys, arrays and inline tables."""

from __future__ import annotations

import time

import pytest
from helpers import ARM, AZ_CLI, AZ_PS, GRAPH, NOT_IN_CATALOG, OFFICE, Seen, scan_roles

from linter.scanners import ParseError

TOML = "linter.scanners.config.toml"
OTHER_GUID = "11111111-2222-3333-4444-555555555555"


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


CASES = [
    # Clients: by table header, dotted key, quoted key, array of tables, inline table.
    pytest.param(
        lines("[tool.myapp.auth]", f'client_id = "{AZ_CLI}"'),
        [Seen(2, 14, "client", "tool:myapp:auth:client_id")],
        id="table-header-client-id",
    ),
    pytest.param(
        lines(f'tool.myapp.auth.client_id = "{AZ_CLI}"'),
        [Seen(1, 30, "client", "tool:myapp:auth:client_id")],
        id="dotted-key-client-id",
    ),
    pytest.param(
        lines('[tool."my.app"]', f"\"client-id\" = '{AZ_CLI}'"),
        [Seen(2, 16, "client", "tool:my.app:client-id")],
        id="quoted-keys",
    ),
    pytest.param(
        lines(
            "[[apps]]",
            'name = "cli"',
            f'client_id = "{AZ_CLI}"',
            "",
            "[[apps]]",
            f'client_id = "{AZ_PS}"',
        ),
        [Seen(3, 14, "client", "apps:0:client_id"), Seen(6, 14, "client", "apps:1:client_id")],
        id="array-of-tables-counts-elements",
    ),
    pytest.param(
        lines(
            "[[servers]]",
            "[servers.auth]",
            f'appid = "{AZ_CLI}"',
            "[[servers]]",
            "[servers.auth]",
            f'appid = "{AZ_PS}"',
        ),
        [
            Seen(3, 10, "client", "servers:0:auth:appid"),
            Seen(6, 10, "client", "servers:1:auth:appid"),
        ],
        id="sub-table-of-array-element-app-id-under-auth",
    ),
    pytest.param(
        lines(f'auth = {{ client_id = "{AZ_CLI}", scope = "{GRAPH}/.default" }}'),
        [Seen(1, 23, "client", "auth:client_id"), Seen(1, 71, "resource", "auth:scope")],
        id="inline-table-keys",
    ),
    pytest.param(
        lines(
            "[tool.poetry]",
            "released = 1979-05-27 07:32:00Z  # a date-time holds a space",
            f'client_id = """{AZ_CLI}"""',
            f"clientId = '''{{{AZ_PS}}}'''",
        ),
        [
            Seen(3, 16, "client", "tool:poetry:client_id"),
            Seen(4, 15, "client", "tool:poetry:clientId"),
        ],
        id="date-time-and-multi-line-quotes",
    ),
    # A URL parameter inside a value names its own key.
    pytest.param(
        lines(
            "[oauth]",
            'authorize = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize'
            f'?client_id={AZ_CLI}&scope=openid"',
        ),
        [Seen(2, 87, "client", "oauth:authorize:client_id")],
        id="url-client-id-parameter",
    ),
    # Resources.
    pytest.param(
        lines(f'scopes = ["{GRAPH}/.default", "api://{OFFICE}/access"]'),
        [Seen(1, 12, "resource", "scopes:0"), Seen(1, 67, "resource", "scopes:1")],
        id="scopes-array",
    ),
    pytest.param(
        lines("[[requiredResourceAccess]]", f'resourceAppId = "{GRAPH}"', f'id = "{ARM}"'),
        [
            Seen(2, 18, "resource", "requiredResourceAccess:0:resourceAppId"),
            Seen(3, 7, "resource", "requiredResourceAccess:0:id"),
        ],
        id="required-resource-access",
    ),
    pytest.param(
        lines("[api]", f'audience = "{OFFICE}"'),
        [Seen(2, 13, "resource", "api:audience")],
        id="audience",
    ),
    # Unclear: lists of IDs, app IDs outside auth sections, comments, prose, IDs as keys.
    pytest.param(
        lines(
            "known_apps = [",
            f'  "{AZ_CLI}",  # was {OFFICE}',
            f'  ["{AZ_PS}"],',
            "]",
        ),
        [
            Seen(2, 4, "unclear", "known_apps:0"),
            Seen(2, 50, "unclear", "comment"),
            Seen(3, 5, "unclear", "known_apps:1:0"),
        ],
        id="multi-line-nested-array",
    ),
    pytest.param(
        lines("[build]", f'app_id = "{AZ_CLI}"'),
        [Seen(2, 11, "unclear", "build:app_id")],
        id="app-id-outside-auth-section",
    ),
    pytest.param(
        lines(f"# The Azure CLI is {AZ_CLI}", f'name = "x"  # or {AZ_PS}'),
        [Seen(1, 20, "unclear", "comment"), Seen(2, 18, "unclear", "comment")],
        id="comments",
    ),
    pytest.param(
        lines('description = """', f'Signs in as \\"{AZ_CLI}\\"', '"""'),
        [Seen(2, 15, "unclear", "description")],
        id="multi-line-string-with-escapes",
    ),
    pytest.param(
        lines("[apps]", f'"{AZ_CLI}" = "Azure CLI"', f"{AZ_PS} = {{ name = 'ps' }}"),
        [Seen(2, 2, "unclear", "apps"), Seen(3, 1, "unclear", "apps")],
        id="ids-as-keys",
    ),
    # Spelling: upper case, braces (the column is the brace's), several on one line.
    pytest.param(
        lines(f'client_id = "{AZ_CLI.upper()}"'),
        [Seen(1, 14, "client", "client_id")],
        id="upper-case",
    ),
    pytest.param(
        lines(f'client_id = "{{{AZ_CLI}}}"'),
        [Seen(1, 14, "client", "client_id")],
        id="braced",
    ),
    pytest.param(
        lines(f'apps = {{ cli = "{AZ_CLI}", ps = "{AZ_PS}", client_id = "{OFFICE}" }}'),
        [
            Seen(1, 17, "unclear", "apps:cli"),
            Seen(1, 62, "unclear", "apps:ps"),
            Seen(1, 114, "client", "apps:client_id"),
        ],
        id="several-on-one-line",
    ),
    # Near misses: not catalog IDs, so nothing at all.
    pytest.param(lines(f'client_id = "{NOT_IN_CATALOG}"'), [], id="one-digit-off"),
    pytest.param(lines(f'client_id = "{OTHER_GUID}"'), [], id="client-key-other-guid"),
    pytest.param(lines(f'client_id = "{AZ_CLI}0"'), [], id="longer-hex-run"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_toml_scanner(text: str, expected: list[Seen]) -> None:
    assert scan_roles(TOML, text) == expected


MALFORMED = [
    pytest.param(lines('client_id = "a"', f'client_id = "{AZ_CLI}"'), id="duplicate-key"),
    pytest.param(lines("[tool.auth", f'client_id = "{AZ_CLI}"'), id="unclosed-header"),
    pytest.param(lines("[auth]", "[auth]", f'client_id = "{AZ_CLI}"'), id="duplicate-table"),
    pytest.param(lines(f'client_id = "{AZ_CLI}'), id="unterminated-string"),
    pytest.param(lines(f"client_id = {AZ_CLI}"), id="bare-value"),
    pytest.param("x = " + "[" * 100_000 + "]" * 100_000, id="nested-100k-deep"),
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_toml_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError, match="invalid TOML"):
        scan_roles(TOML, text)


def test_many_ids_scan_in_linear_time() -> None:
    text = "".join(
        f'[app{i}]\nclient_id = "{AZ_CLI}"\naccess = [{{ resourceAppId = "{GRAPH}" }}]  # {AZ_PS}\n'
        for i in range(2_000)
    )
    began = time.perf_counter()
    seen = scan_roles(TOML, text)
    assert time.perf_counter() - began < 2.0
    assert [s.role for s in seen[:3]] == ["client", "resource", "unclear"]
    assert len(seen) == 6_000
