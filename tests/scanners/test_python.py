"""The Python scanner: realistic snippets and the role each catalog ID in them gets.

Snippets name IDs by placeholder (`@CLI@` is the Azure CLI's client ID, see `_ids`) so that
the columns asserted below are counted on the final text; an ID is 36 characters wide.
"""

from __future__ import annotations

import time
from textwrap import dedent

import pytest
from helpers import (
    ARM,
    AZ_CLI,
    AZ_PS,
    GRAPH,
    GRAPH_CLI,
    NOT_IN_CATALOG,
    OFFICE,
    Seen,
    scan_roles,
)

from linter.catalog import Catalog
from linter.findings import Role
from linter.scanners import ParseError
from linter.scanners import python as scanner

MODULE = "linter.scanners.python"
_IDS = {
    "@CLI@": AZ_CLI,
    "@PS@": AZ_PS,
    "@GCLI@": GRAPH_CLI,
    "@OFF@": OFFICE,
    "@GRAPH@": GRAPH,
    "@ARM@": ARM,
    "@NOPE@": NOT_IN_CATALOG,
}


def _ids(template: str) -> str:
    text = dedent(template).lstrip("\n")
    for placeholder, app_id in _IDS.items():
        text = text.replace(placeholder, app_id)
    return text


def client(line: int, column: int, context: str) -> Seen:
    return Seen(line, column, "client", context)


def resource(line: int, column: int, context: str) -> Seen:
    return Seen(line, column, "resource", context)


def unclear(line: int, column: int, context: str) -> Seen:
    return Seen(line, column, "unclear", context)


PCA = "msal.PublicClientApplication(client_id)"
CCA = "msal.ConfidentialClientApplication(client_id)"

MSAL = [
    pytest.param(
        """
        import msal
        app = msal.PublicClientApplication("@CLI@", authority="https://login.microsoftonline.com/x")
        """,
        [client(2, 37, PCA)],
        id="msal-positional",
    ),
    pytest.param(
        """
        import msal
        app = msal.ConfidentialClientApplication(
            client_id="@CLI@",
            client_credential=os.environ["SECRET"],
        )
        """,
        [client(3, 16, "client_id=")],
        id="msal-keyword",
    ),
    pytest.param(
        """
        from msal import PublicClientApplication
        app = PublicClientApplication("@PS@")
        """,
        [client(2, 32, PCA)],
        id="msal-from-import",
    ),
    pytest.param(
        """
        import msal as m
        from msal import ConfidentialClientApplication as CCA
        a = m.PublicClientApplication("@CLI@")
        b = CCA("@PS@", client_credential=secret)
        """,
        [client(3, 32, PCA), client(4, 10, CCA)],
        id="msal-aliased",
    ),
]

IDENTITY = [
    pytest.param(
        """
        from azure.identity import ClientSecretCredential
        credential = ClientSecretCredential("@OFF@", "@CLI@", os.environ["AZURE_CLIENT_SECRET"])
        """,
        [
            unclear(2, 38, "azure.identity.ClientSecretCredential(tenant_id)"),
            client(2, 78, "azure.identity.ClientSecretCredential(client_id)"),
        ],
        id="client-secret-credential",
    ),
    pytest.param(
        """
        import azure.identity
        cred = azure.identity.CertificateCredential(tenant, "@CLI@", "cert.pem")
        """,
        [client(2, 54, "azure.identity.CertificateCredential(client_id)")],
        id="certificate-credential",
    ),
    pytest.param(
        """
        from azure.identity.aio import ClientAssertionCredential
        cred = ClientAssertionCredential(TENANT, "@CLI@", get_assertion)
        """,
        [client(2, 43, "azure.identity.aio.ClientAssertionCredential(client_id)")],
        id="client-assertion-credential",
    ),
    pytest.param(
        """
        from azure.identity import OnBehalfOfCredential
        cred = OnBehalfOfCredential(tenant_id, "@PS@", client_secret=s, user_assertion=token)
        """,
        [client(2, 41, "azure.identity.OnBehalfOfCredential(client_id)")],
        id="on-behalf-of-credential",
    ),
    pytest.param(
        """
        from azure.identity import AuthorizationCodeCredential
        cred = AuthorizationCodeCredential(tenant, "@CLI@", code, redirect_uri)
        """,
        [client(2, 45, "azure.identity.AuthorizationCodeCredential(client_id)")],
        id="authorization-code-credential",
    ),
    pytest.param(
        """
        from azure.identity import UsernamePasswordCredential
        cred = UsernamePasswordCredential("@CLI@", user, password)
        """,
        [client(2, 36, "azure.identity.UsernamePasswordCredential(client_id)")],
        id="username-password-credential",
    ),
    pytest.param(
        """
        from azure.identity import DeviceCodeCredential
        cred = DeviceCodeCredential("@CLI@")
        """,
        [client(2, 30, "azure.identity.DeviceCodeCredential(client_id)")],
        id="device-code-credential",
    ),
    pytest.param(
        """
        from azure.identity import InteractiveBrowserCredential
        cred = InteractiveBrowserCredential(client_id="@CLI@", tenant_id=TENANT)
        """,
        [client(2, 48, "client_id=")],
        id="interactive-browser-credential",
    ),
    pytest.param(
        'cred = ManagedIdentityCredential(client_id="@PS@")',
        [client(1, 45, "client_id=")],
        id="any-credential-client_id-keyword",
    ),
]

ADAL = [
    pytest.param(
        """
        import adal
        context = adal.AuthenticationContext(AUTHORITY)
        token = context.acquire_token_with_username_password(
            "@ARM@", user, password, "@CLI@"
        )
        """,
        [
            resource(4, 6, "context.acquire_token_with_username_password(resource)"),
            client(4, 62, "context.acquire_token_with_username_password(client_id)"),
        ],
        id="adal-username-password",
    ),
    pytest.param(
        'token = ctx.acquire_token_with_client_credentials("@ARM@", "@CLI@", secret)',
        [
            resource(1, 52, "ctx.acquire_token_with_client_credentials(resource)"),
            client(1, 92, "ctx.acquire_token_with_client_credentials(client_id)"),
        ],
        id="adal-client-credentials",
    ),
    pytest.param(
        'code = ctx.acquire_user_code("@GRAPH@", "@CLI@")',
        [
            resource(1, 31, "ctx.acquire_user_code(resource)"),
            client(1, 71, "ctx.acquire_user_code(client_id)"),
        ],
        id="adal-user-code",
    ),
    pytest.param(
        'token = ctx.acquire_token_with_device_code("@ARM@", code, "@CLI@")',
        [
            resource(1, 45, "ctx.acquire_token_with_device_code(resource)"),
            client(1, 91, "ctx.acquire_token_with_device_code(client_id)"),
        ],
        id="adal-device-code",
    ),
    pytest.param(
        'token = ctx.acquire_token_with_refresh_token(refresh, "@CLI@", "@ARM@")',
        [
            client(1, 56, "ctx.acquire_token_with_refresh_token(client_id)"),
            resource(1, 96, "ctx.acquire_token_with_refresh_token(resource)"),
        ],
        id="adal-refresh-token",
    ),
    pytest.param(
        'token = ctx.acquire_token("@ARM@", user_id, "@CLI@")',
        [
            resource(1, 28, "ctx.acquire_token(resource)"),
            client(1, 77, "ctx.acquire_token(client_id)"),
        ],
        id="adal-acquire-token",
    ),
]

NAMES = [
    pytest.param(
        'session = OAuth2Session(clientId="@CLI@")',
        [client(1, 35, "clientId=")],
        id="keyword-clientId",
    ),
    pytest.param('register(app_id="@CLI@")', [client(1, 18, "app_id=")], id="keyword-app_id"),
    pytest.param(
        'Connection(application_id="@PS@")',
        [client(1, 28, "application_id=")],
        id="keyword-application_id",
    ),
    pytest.param('CLIENT_ID = "@CLI@"', [client(1, 14, "CLIENT_ID")], id="assign-CLIENT_ID"),
    pytest.param('client_id = "@CLI@"', [client(1, 14, "client_id")], id="assign-client_id"),
    pytest.param(
        'AZURE_CLIENT_ID = "@CLI@"', [client(1, 20, "AZURE_CLIENT_ID")], id="assign-AZURE_CLIENT_ID"
    ),
    pytest.param('APP_ID = "@GCLI@"', [client(1, 11, "APP_ID")], id="assign-APP_ID"),
    pytest.param(
        """
        class Settings:
            def __init__(self):
                self.client_id = "@CLI@"
        settings.CLIENT_ID = "@PS@"
        """,
        [client(3, 27, "self.client_id"), client(4, 23, "settings.CLIENT_ID")],
        id="assign-attributes",
    ),
    pytest.param(
        """
        @dataclass
        class AuthConfig:
            client_id: str = "@CLI@"
        CLIENT_ID: Final = "@PS@"
        """,
        [client(3, 23, "client_id"), client(4, 21, "CLIENT_ID")],
        id="annotated-assignments",
    ),
    pytest.param(
        'CLIENT_ID, TENANT = "@CLI@", "contoso"',
        [client(1, 22, "CLIENT_ID")],
        id="tuple-unpacking",
    ),
    pytest.param('if (client_id := "@CLI@"):\n    pass', [client(1, 19, "client_id")], id="walrus"),
    pytest.param(
        'def login(client_id: str = "@CLI@", scope: str = "@GRAPH@"):\n    pass',
        [client(1, 29, "client_id"), resource(1, 82, "scope")],
        id="parameter-defaults",
    ),
    pytest.param(
        """
        class Config:
            @property
            def client_id(self) -> str:
                return "@CLI@"
        """,
        [client(4, 17, "client_id()")],
        id="property-returning-the-id",
    ),
    pytest.param(
        'MSAL_CONFIG = {"client_id": "@CLI@", "authority": AUTHORITY}',
        [client(1, 30, "client_id")],
        id="dict-key",
    ),
    pytest.param('config = dict(client_id="@CLI@")', [client(1, 26, "client_id=")], id="dict-call"),
    pytest.param('cfg["client_id"] = "@CLI@"', [client(1, 21, "client_id")], id="subscript-key"),
    pytest.param(
        'SETTINGS = {"azure_ad": {"app_id": "@CLI@"}}',
        [client(1, 37, "app_id")],
        id="nested-dict-key",
    ),
    pytest.param(
        'client = os.environ.get("AZURE_CLIENT_ID", "@CLI@")',
        [client(1, 45, "AZURE_CLIENT_ID")],
        id="environ-get-default",
    ),
    pytest.param(
        'CLIENT = os.getenv("AZURE_CLIENT_ID", "@CLI@")',
        [client(1, 40, "AZURE_CLIENT_ID")],
        id="getenv-default",
    ),
    pytest.param(
        'os.environ.setdefault("AZURE_CLIENT_ID", "@CLI@")',
        [client(1, 43, "AZURE_CLIENT_ID")],
        id="environ-setdefault",
    ),
    pytest.param(
        'os.environ["AZURE_CLIENT_ID"] = "@CLI@"',
        [client(1, 34, "AZURE_CLIENT_ID")],
        id="environ-assignment",
    ),
    pytest.param(
        """
        def test_login(monkeypatch):
            monkeypatch.setenv("AZURE_CLIENT_ID", "@CLI@")
        """,
        [client(2, 44, "AZURE_CLIENT_ID")],
        id="monkeypatch-setenv",
    ),
    pytest.param(
        'client_id = os.getenv("MY_APP", "@CLI@")',
        [client(1, 34, "client_id")],
        id="getenv-default-under-client-name",
    ),
]

URLS = [
    pytest.param(
        """
        url = (
            f"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize"
            f"?client_id=@CLI@&response_type=code&scope=openid"
        )
        """,
        [client(3, 18, "client_id=")],
        id="fstring-authorize-url",
    ),
    pytest.param(
        'AUTHORIZE = f"https://login.microsoftonline.com/common/oauth2/v2.0/authorize'
        "?client_id={'@CLI@'}&scope={scope}\"",
        [client(1, 90, "client_id=")],
        id="fstring-literal-in-expression",
    ),
    pytest.param(
        'body = "grant_type=password&client_id=@CLI@&scope=@GRAPH@/.default&username=" + user',
        [client(1, 39, "client_id="), resource(1, 82, "scope=")],
        id="token-request-body",
    ),
    pytest.param(
        """
        resp = requests.post(
            TOKEN_URL,
            data={"client_id": "@CLI@", "scope": "@ARM@/.default", "grant_type": "device_code"},
        )
        """,
        [client(3, 25, "client_id"), resource(3, 74, "scope")],
        id="token-request-dict",
    ),
    pytest.param(
        'DEVICE = "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode'
        '?client_id=@PS@"',
        [client(1, 92, "client_id=")],
        id="devicecode-url",
    ),
    pytest.param(
        """
        URL = ("https://login.microsoftonline.com/common/oauth2/authorize"
               "?client_id=" "@CLI@")
        """,
        [client(2, 23, "client_id=")],
        id="implicit-concatenation",
    ),
    pytest.param(
        'URL = "https://login.microsoftonline.com/common/oauth2/authorize'
        '?client_id={@CLI@}&resource=@ARM@"',
        [client(1, 76, "client_id="), resource(1, 124, "resource=")],
        id="braced-id-in-url",
    ),
    pytest.param(
        'BODY = b"client_id=@CLI@&grant_type=client_credentials"\nCLIENT_ID = b"@PS@"',
        [client(1, 20, "client_id="), client(2, 15, "CLIENT_ID")],
        id="bytes-literals",
    ),
    pytest.param(
        '''
        INI = """
        [auth]
        client_id = @CLI@
        tenant = common
        """
        ''',
        [client(3, 13, "client_id=")],
        id="triple-quoted-config",
    ),
]

FLOWS = [
    pytest.param(
        """
        import msal

        MY_APP = "@CLI@"


        def build():
            return msal.PublicClientApplication(MY_APP)
        """,
        [client(3, 11, "MY_APP")],
        id="module-literal-into-msal",
    ),
    pytest.param(
        """
        from azure.identity import InteractiveBrowserCredential
        DEFAULT_APP = "@CLI@"
        cred = InteractiveBrowserCredential(client_id=DEFAULT_APP)
        """,
        [client(2, 16, "DEFAULT_APP")],
        id="module-literal-into-keyword",
    ),
    pytest.param(
        """
        PUBLIC_APP = "@CLI@"
        LOGIN = f"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id={PUBLIC_APP}"
        """,
        [client(1, 15, "PUBLIC_APP")],
        id="module-literal-into-url",
    ),
    pytest.param(
        """
        import msal
        APP = "@CLI@"
        if DEBUG:
            APP = "@PS@"
        app = msal.PublicClientApplication(APP)
        """,
        [client(2, 8, "APP"), client(4, 12, "APP")],
        id="rebound-name",
    ),
    pytest.param(
        """
        import msal
        def build():
            app = "@CLI@"
            return msal.PublicClientApplication(app)
        """,
        [client(3, 12, "app")],
        id="local-literal-into-msal",
    ),
    pytest.param(
        'CLI_APP = "@CLI@"\nCLIENT_ID = CLI_APP', [client(1, 12, "CLI_APP")], id="name-into-name"
    ),
    pytest.param('MY_APP = "@CLI@"\nregister(MY_APP)', [unclear(1, 11, "MY_APP")], id="not-a-sink"),
    pytest.param(
        """
        import msal
        MY_APP = "@CLI@"
        def build(MY_APP):
            return msal.PublicClientApplication(MY_APP)
        """,
        [unclear(2, 11, "MY_APP")],
        id="shadowed-by-parameter",
    ),
]

RESOURCES = [
    pytest.param(
        """
        app.acquire_token_for_client(scopes=["@GRAPH@/.default"])
        app.acquire_token_silent(["@ARM@/user_impersonation"], account=account)
        ctx.acquire_token_with_client_credentials(resource="@ARM@", client_id=CLIENT)
        AUDIENCE = "@OFF@"
        """,
        [
            resource(1, 39, "scopes="),
            resource(2, 28, "app.acquire_token_silent(scopes)"),
            resource(3, 53, "resource="),
            resource(4, 13, "AUDIENCE"),
        ],
        id="scopes-resource-audience",
    ),
    pytest.param(
        'SCOPES = ["@GRAPH@", "@ARM@"]\nGRAPH_RESOURCE_ID = "@GRAPH@"',
        [
            resource(1, 12, "SCOPES"),
            resource(1, 52, "SCOPES"),
            resource(2, 22, "GRAPH_RESOURCE_ID"),
        ],
        id="resource-names",
    ),
    pytest.param(
        'token = credential.get_token("@ARM@/.default", "@GRAPH@/.default")',
        [
            resource(1, 31, "credential.get_token(scopes)"),
            resource(1, 80, "credential.get_token(scopes)"),
        ],
        id="get-token-scopes",
    ),
    pytest.param(
        """
        MANIFEST = {
            "requiredResourceAccess": [
                {"resourceAppId": "@GRAPH@", "resourceAccess": [{"id": SCOPE_ID}]},
            ],
            "preAuthorizedApplications": [{"appId": "@CLI@", "delegatedPermissionIds": []}],
        }
        """,
        [resource(3, 28, "resourceAppId"), resource(5, 46, "appId")],
        id="app-manifest",
    ),
    pytest.param(
        'SCOPE = f"api://{\'@CLI@\'}/access_as_user"\nSCOPE_LIST = [f"@GRAPH@/.default"]',
        [resource(1, 19, "SCOPE"), resource(2, 17, "SCOPE_LIST")],
        id="fstring-scopes",
    ),
]

UNCLEAR = [
    pytest.param('FOO = "@CLI@"', [unclear(1, 8, "FOO")], id="bare-constant"),
    pytest.param(
        "import msal  # the Azure CLI uses @CLI@", [unclear(1, 35, "comment")], id="comment"
    ),
    pytest.param(
        '''
        """Helpers for @CLI@."""


        def login():
            """Sign in.

            Uses the Azure PowerShell app @PS@ when nothing is configured.
            """
        ''',
        [unclear(1, 16, "docstring"), unclear(7, 35, "docstring")],
        id="docstrings",
    ),
    pytest.param(
        'FIRST_PARTY = ["@CLI@", "@PS@"]',
        [unclear(1, 17, "FIRST_PARTY"), unclear(1, 57, "FIRST_PARTY")],
        id="table-list",
    ),
    pytest.param(
        """
        KNOWN_APPS = (
            ("azure-cli", "@CLI@"),
            ("azure-powershell", "@PS@"),
        )
        """,
        [unclear(2, 20, "KNOWN_APPS"), unclear(3, 27, "KNOWN_APPS")],
        id="table-of-rows",
    ),
    pytest.param(
        'NAMES = {"cli": "@CLI@", "ps": "@PS@"}',
        [unclear(1, 18, "NAMES"), unclear(1, 64, "NAMES")],
        id="table-dict-values",
    ),
    pytest.param(
        'LABELS = {"@CLI@": "Azure CLI"}', [unclear(1, 12, "LABELS")], id="table-dict-keys"
    ),
    pytest.param(
        """
        if app_id == "@CLI@":
            raise PermissionError("first-party app")
        if client_id in ("@CLI@", "@PS@"):
            pass
        """,
        [
            unclear(1, 15, "comparison"),
            unclear(3, 19, "comparison"),
            unclear(3, 59, "comparison"),
        ],
        id="comparisons",
    ),
    pytest.param(
        """
        match client_id:
            case "@CLI@":
                pass
        """,
        [unclear(2, 11, "comparison")],
        id="match-case",
    ),
    pytest.param(
        """
        print("Signing in as @CLI@")
        logger.warning("unexpected client %s", "@PS@")
        logging.info(f"app {'@CLI@'}")
        raise ValueError(f"{client_id} is not allowed, use {'@PS@'}")
        """,
        [
            unclear(1, 22, "message"),
            unclear(2, 41, "message"),
            unclear(3, 22, "message"),
            unclear(4, 54, "message"),
        ],
        id="messages",
    ),
    pytest.param('register_app("@CLI@")', [unclear(1, 15, "register_app(...)")], id="unknown-call"),
]

NEAR_MISSES = [
    pytest.param('tenant_id = "@CLI@"', [unclear(1, 14, "tenant_id")], id="tenant_id-not-client"),
    pytest.param('client_id = "@NOPE@"', [], id="one-digit-off"),
    pytest.param(
        'msal.PublicClientApplication("11111111-2222-3333-4444-555555555555")',
        [],
        id="own-guid-as-client",
    ),
    pytest.param(
        'value = os.getenv("FALLBACK_APP", "@CLI@")',
        [unclear(1, 36, "FALLBACK_APP")],
        id="getenv-unknown-name",
    ),
]

TEXT = [
    pytest.param(
        'CLIENT_ID = "04B07795-8DDB-461A-BBEE-02F9E1BF7B46"',
        [client(1, 14, "CLIENT_ID")],
        id="upper-case",
    ),
    pytest.param('CLIENT_ID = "{@CLI@}"', [client(1, 14, "CLIENT_ID")], id="braced"),
    pytest.param(
        'APP = {"client_id": "@CLI@", "scope": "@GRAPH@/.default"}; print("@PS@")',
        [client(1, 22, "client_id"), resource(1, 71, "scope"), unclear(1, 127, "message")],
        id="several-ids-on-one-line",
    ),
    pytest.param(
        'class Config:\n\tCLIENT_ID = "@CLI@"\t# @PS@',
        [client(2, 15, "CLIENT_ID"), unclear(2, 55, "comment")],
        id="tabs",
    ),
    pytest.param(
        'NAME = "Zoë — 日本"; CLIENT_ID = "@CLI@"  # 😀 @PS@',
        [client(1, 33, "CLIENT_ID"), unclear(1, 76, "comment")],
        id="unicode-before-the-id",
    ),
    pytest.param(
        'import msal\r\napp = msal.PublicClientApplication("@CLI@")\r\n',
        [client(2, 37, PCA)],
        id="crlf",
    ),
    pytest.param('\ufeffCLIENT_ID = "@CLI@"', [client(1, 15, "CLIENT_ID")], id="byte-order-mark"),
    pytest.param(
        'CLIENT_ID = "@CLI@"\rFOO = "@PS@"',
        [client(1, 14, "CLIENT_ID"), unclear(1, 59, "FOO")],
        id="old-mac-line-ends",
    ),
]


@pytest.mark.parametrize(
    ("source", "expected"),
    MSAL + IDENTITY + ADAL + NAMES + URLS + FLOWS + RESOURCES + UNCLEAR + NEAR_MISSES + TEXT,
)
def test_roles(source: str, expected: list[Seen]) -> None:
    assert scan_roles(MODULE, _ids(source)) == expected


DEEP = 100_000


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param('print "hello"\nCLIENT_ID = "@CLI@"', "line 1: ", id="python2-print"),
        pytest.param(
            'if failed:\n    raise ValueError, "bad"\nCLIENT_ID = "@CLI@"',
            "line 2: ",
            id="python2-raise",
        ),
        pytest.param('MODE = 0755\nCLIENT_ID = "@CLI@"', "line 1: ", id="python2-octal"),
        pytest.param('CLIENT_ID = ("@CLI@"\nFOO = 1\n', "line 2: ", id="unclosed-bracket"),
        pytest.param('x = 1\ny = 2\nCLIENT_ID = "@CLI@\n', "line 3: ", id="unterminated-string"),
        pytest.param('CLIENT_ID = "@CLI@"\x00\n', "line 1: NUL byte", id="nul-byte"),
        pytest.param(
            "x = " + "(" * DEEP + "1" + ")" * DEEP + '\nCLIENT_ID = "@CLI@"',
            "line 1: expression nested more than 200 levels deep",
            id="deep-parentheses",
        ),
        pytest.param(
            "x = " + "+".join(["1"] * DEEP) + '\nCLIENT_ID = "@CLI@"',
            "line 1: expression nested more than 200",
            id="deep-operator-chain",
        ),
        pytest.param(
            'x = f"{' + "(" * DEEP + '}"\nCLIENT_ID = "@CLI@"',
            "line 1: expression nested more than 200",
            id="deep-fstring-field",
        ),
        pytest.param(
            "x = " + "lambda a, b: " * DEEP + '1\nCLIENT_ID = "@CLI@"',
            "line 1: expression nested more than 200",
            id="deep-lambdas",
        ),
        pytest.param(
            "if a:\n    pass\n" + "elif a:\n    pass\n" * DEEP + 'CLIENT_ID = "@CLI@"',
            "line 403: more than 200 elif branches",
            id="deep-elif-chain",
        ),
    ],
)
def test_parse_errors(source: str, message: str) -> None:
    with pytest.raises(ParseError, match="^" + message.replace("(", r"\(")) as raised:
        scan_roles(MODULE, _ids(source))
    assert "\n" not in str(raised.value)


def _spans(catalog: Catalog, text: str) -> list[tuple[str, Role, bool, str]]:
    spans = scanner.scan(text, catalog.targets(text))
    return sorted((text[s.start : s.end], s.role, s.weak, s.sink) for s in spans)


def test_weak_names_and_sinks(catalog: Catalog) -> None:
    text = _ids(
        """
        import msal
        APP_ID = "@GCLI@"
        CLIENT_ID = "@CLI@"
        MY_APP = "@PS@"
        a = msal.PublicClientApplication(MY_APP)
        b = msal.ConfidentialClientApplication(CLIENT_ID)
        register(app_id=APP_ID)
        """
    )
    assert _spans(catalog, text) == [
        (f'"{AZ_CLI}"', Role.CLIENT, False, "msal.ConfidentialClientApplication at line 6"),
        (f'"{GRAPH_CLI}"', Role.CLIENT, True, "register at line 7"),
        (f'"{AZ_PS}"', Role.CLIENT, False, "msal.PublicClientApplication at line 5"),
    ]


def test_spans_inside_strings_stop_at_the_next_parameter(catalog: Catalog) -> None:
    text = f'BODY = "grant_type=password&client_id={AZ_CLI}&scope=openid"'
    assert (f"{AZ_CLI}", Role.CLIENT, False, "") in _spans(catalog, text)


def test_no_targets_means_no_parse() -> None:
    assert list(scanner.scan('print "python 2"', [])) == []


@pytest.mark.parametrize(
    ("head", "row", "tail"),
    [
        pytest.param("TABLE = {\n", '    "{id}": "App {n}",\n', "}\n", id="dict-table"),
        pytest.param("", 'APP_{n} = "{id}"  # {id}\n', "", id="assignments-and-comments"),
        pytest.param(
            "URLS = [\n",
            '    "https://login.microsoftonline.com/x?client_id={id}&scope=openid",\n',
            "]\n",
            id="urls",
        ),
    ],
)
def test_thousands_of_ids_scan_quickly(catalog: Catalog, head: str, row: str, tail: str) -> None:
    ids = sorted(catalog.ids)
    rows = (row.format(id=ids[n % len(ids)], n=n) for n in range(3000))
    text = head + "".join(rows) + tail
    targets = catalog.targets(text)
    started = time.perf_counter()
    spans = list(scanner.scan(text, targets))
    assert time.perf_counter() - started < 3.0
    assert len(targets) >= 3000
    assert len(spans) >= 3000


def test_one_string_with_thousands_of_ids_is_linear(catalog: Catalog) -> None:
    ids = sorted(catalog.ids)
    text = 'BODY = "' + "&".join(f"client_id={ids[i % len(ids)]}" for i in range(5000)) + '"\n'
    started = time.perf_counter()
    spans = list(scanner.scan(text, catalog.targets(text)))
    assert time.perf_counter() - started < 1.0
    assert sum(span.role is Role.CLIENT for span in spans) == 5000


@pytest.mark.parametrize(
    ("source", "resource_id"),
    [
        pytest.param(
            'token = ctx.acquire_token_with_client_credentials("@ARM@", "@CLI@", secret)',
            ARM,
            id="adal-call",
        ),
        pytest.param(
            'body = "grant_type=client_credentials&client_id=@CLI@&scope=@GRAPH@/.default"',
            GRAPH,
            id="form-body",
        ),
        pytest.param(
            'requests.post(URL, data={"scope": "@ARM@/.default", "client_id": "@CLI@"})',
            ARM,
            id="request-dict",
        ),
        pytest.param('app = msal.PublicClientApplication("@CLI@")', "", id="none-requested"),
        pytest.param(
            """
            import msal
            APP = "@CLI@"
            app = msal.PublicClientApplication(APP)
            token = app.acquire_token_interactive(["@GRAPH@/.default"])
            """,
            "",
            id="requested-in-another-call",
        ),
    ],
)
def test_resource_requested_at_the_same_sink(
    catalog: Catalog, source: str, resource_id: str
) -> None:
    text = _ids(source)
    spans = scanner.scan(text, catalog.targets(text))
    clients = [span for span in spans if span.role is Role.CLIENT]
    assert [span.resource for span in clients] == [resource_id]
