"""The XML scanner: element paths, keyed settings, attributes, and entities never expanded."""

from __future__ import annotations

import builtins
import socket
import time

import pytest
from helpers import ARM, AZ_CLI, AZ_PS, GRAPH, NOT_IN_CATALOG, OFFICE, Seen, scan_roles

from linter.scanners import ParseError

XML = "linter.scanners.config.xml"
OTHER_GUID = "11111111-2222-3333-4444-555555555555"
PROLOG = '<?xml version="1.0" encoding="utf-8"?>'


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


WEB_CONFIG = lines(
    PROLOG,
    "<configuration>",
    "  <appSettings>",
    f'    <add key="ida:ClientId" value="{AZ_CLI}" />',
    f'    <add key="ida:Audience" value="api://{OFFICE}" />',
    '    <add key="ida:Tenant" value="contoso.onmicrosoft.com" />',
    f'    <add key="KnownApp" value="{AZ_PS}" />',
    f'    <add key="{GRAPH}" value="Microsoft Graph" />',
    "  </appSettings>",
    "  <system.web>",
    '    <compilation debug="true" targetFramework="4.8" />',
    "  </system.web>",
    "</configuration>",
)

APP_CONFIG = lines(
    PROLOG,
    "<configuration>",
    "  <connectionStrings>",
    '    <add name="Kusto" connectionString="Data Source=https://help.kusto.windows.net;'
    f'Fed=True;AppClientId={AZ_CLI};AppKey=secret" />',
    f'    <add name="Sql" connectionString="Server=tcp:x.database.windows.net;User Id={AZ_PS}" />',
    "  </connectionStrings>",
    "  <applicationSettings>",
    "    <MyApp.Properties.Settings>",
    '      <setting name="ClientId" serializeAs="String">',
    f"        <value>{OFFICE}</value>",
    "      </setting>",
    "    </MyApp.Properties.Settings>",
    "  </applicationSettings>",
    "</configuration>",
)

CSPROJ = lines(
    '<Project Sdk="Microsoft.NET.Sdk.Web">',
    "  <PropertyGroup>",
    "    <TargetFramework>net8.0</TargetFramework>",
    f"    <AzureAdClientId>{AZ_CLI}</AzureAdClientId>",
    f"    <ProjectGuid>{{{OTHER_GUID}}}</ProjectGuid>",
    f"    <GraphScope>{GRAPH}/.default</GraphScope>",
    "  </PropertyGroup>",
    "  <ItemGroup>",
    '    <PackageReference Include="Microsoft.Identity.Web" Version="2.17.0" />',
    "  </ItemGroup>",
    "</Project>",
)

PLIST = lines(
    PROLOG,
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"'
    ' "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    "\t<key>MSALClientId</key>",
    f"\t<string>{AZ_CLI}</string>",
    "\t<key>MSALScopes</key>",
    f"\t<array><string>{GRAPH}</string></array>",
    "\t<key>Auth</key>",
    f"\t<dict><key>AppId</key><string>{AZ_PS}</string></dict>",
    "\t<key>Note</key>",
    f"\t<string>{OFFICE}</string>",
    "</dict>",
    "</plist>",
)

RESX = lines(
    "<root>",
    '  <data name="ClientId" xml:space="preserve">',
    f"    <value>{AZ_CLI}</value>",
    "  </data>",
    '  <data name="Greeting" xml:space="preserve">',
    "    <value>Hello</value>",
    f"    <comment>Azure CLI is {AZ_PS}</comment>",
    "  </data>",
    "</root>",
)

CASES = [
    pytest.param(
        WEB_CONFIG,
        [
            Seen(4, 36, "client", "configuration:appSettings:ida:ClientId"),
            Seen(5, 42, "resource", "configuration:appSettings:ida:Audience"),
            Seen(7, 32, "unclear", "configuration:appSettings:KnownApp"),
            Seen(8, 15, "unclear", "configuration:appSettings:add@key"),
        ],
        id="web-config-app-settings",
    ),
    pytest.param(
        APP_CONFIG,
        [
            Seen(
                4,
                105,
                "client",
                "configuration:connectionStrings:Kusto@connectionString:AppClientId",
            ),
            Seen(5, 81, "unclear", "configuration:connectionStrings:Sql@connectionString"),
            Seen(
                10,
                16,
                "client",
                "configuration:applicationSettings:MyApp.Properties.Settings:ClientId",
            ),
        ],
        id="app-config-connection-strings-and-settings",
    ),
    pytest.param(
        CSPROJ,
        [
            Seen(4, 22, "client", "Project:PropertyGroup:AzureAdClientId"),
            Seen(6, 17, "resource", "Project:PropertyGroup:GraphScope"),
        ],
        id="csproj-properties",
    ),
    pytest.param(
        PLIST,
        [
            Seen(6, 10, "client", "plist:dict:MSALClientId"),
            Seen(8, 17, "resource", "plist:dict:MSALScopes"),
            Seen(10, 32, "client", "plist:dict:Auth:AppId"),
            Seen(12, 10, "unclear", "plist:dict:Note"),
        ],
        id="plist-keys-name-values",
    ),
    pytest.param(
        RESX,
        [Seen(3, 12, "client", "root:ClientId"), Seen(7, 27, "unclear", "root:Greeting:comment")],
        id="resx-data-values",
    ),
    pytest.param(
        f'<Foo ClientId="{AZ_CLI}" resourceAppId=\'{GRAPH}\' Other="{AZ_PS}"/>',
        [
            Seen(1, 16, "client", "Foo@ClientId"),
            Seen(1, 69, "resource", "Foo@resourceAppId"),
            Seen(1, 114, "unclear", "Foo@Other"),
        ],
        id="attributes-several-on-one-line",
    ),
    pytest.param(
        lines(
            "<Auth>",
            f"  <ResourceId>{ARM}</ResourceId>",
            f"  <Audience>{OFFICE}</Audience>",
            f"  <Scope>{GRAPH}/user_impersonation</Scope>",
            f"  <AppId>{AZ_CLI}</AppId>",
            "</Auth>",
        ),
        [
            Seen(2, 15, "resource", "Auth:ResourceId"),
            Seen(3, 13, "resource", "Auth:Audience"),
            Seen(4, 10, "resource", "Auth:Scope"),
            Seen(5, 10, "client", "Auth:AppId"),
        ],
        id="resource-elements-and-app-id-under-auth",
    ),
    pytest.param(
        lines(
            f"<!-- Azure CLI: {AZ_CLI} -->",
            "<Settings>",
            f"  <!-- was {AZ_PS} -->",
            f"  <Build><AppId>{OFFICE}</AppId></Build>",
            "</Settings>",
        ),
        [
            Seen(1, 17, "unclear", "comment"),
            Seen(3, 12, "unclear", "comment"),
            Seen(4, 17, "unclear", "Settings:Build:AppId"),
        ],
        id="comments-and-app-id-outside-auth",
    ),
    pytest.param(
        lines(
            "<Settings>",
            f"  <Name>Café — déjà vu</Name><ClientId>&amp; <![CDATA[{AZ_CLI}]]></ClientId>",
            "</Settings>",
        ),
        [Seen(2, 55, "client", "Settings:ClientId")],
        id="non-ascii-entities-and-cdata-keep-columns",
    ),
    pytest.param(
        lines('<?xml version="1.0" encoding="utf-16"?>', f"<ClientId>{AZ_CLI}</ClientId>"),
        [Seen(2, 11, "client", "ClientId")],
        id="declared-encoding-of-decoded-text-is-ignored",
    ),
    pytest.param(
        lines(
            "<Connection>",
            "  <Authority>https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
            f"?client_id={AZ_CLI}&amp;scope=openid</Authority>",
            "</Connection>",
        ),
        [Seen(2, 87, "client", "Connection:Authority:client_id")],
        id="url-client-id-parameter",
    ),
    # Spelling.
    pytest.param(
        f"<ClientId>{AZ_CLI.upper()}</ClientId>",
        [Seen(1, 11, "client", "ClientId")],
        id="upper-case",
    ),
    pytest.param(
        f'<add key="ClientId" value="{{{AZ_CLI}}}"/>',
        [Seen(1, 28, "client", "ClientId")],
        id="braced",
    ),
    # Near misses.
    pytest.param(f"<ClientId>{NOT_IN_CATALOG}</ClientId>", [], id="one-digit-off"),
    pytest.param(f"<ClientId>{OTHER_GUID}</ClientId>", [], id="client-element-other-guid"),
    pytest.param(f'<Foo ClientId="{AZ_CLI}a"/>', [], id="longer-hex-run"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_xml_scanner(text: str, expected: list[Seen]) -> None:
    assert scan_roles(XML, text) == expected


@pytest.fixture
def no_io(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a file or a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the scanner tried I/O: {args!r}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


BILLION_LAUGHS = lines(
    '<?xml version="1.0"?>',
    "<!DOCTYPE lolz [",
    ' <!ENTITY lol "lol">',
    *(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ),
    "]>",
    f'<lolz ClientId="{AZ_CLI}">&lol9;</lolz>',
)

ENTITIES = [
    pytest.param(BILLION_LAUGHS, id="billion-laughs"),
    pytest.param(
        lines(
            PROLOG,
            '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            f"<foo><ClientId>{AZ_CLI}</ClientId>&xxe;</foo>",
        ),
        id="xxe-file",
    ),
    pytest.param(
        lines(
            '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>',
            f"<foo ClientId='{AZ_CLI}'>&xxe;</foo>",
        ),
        id="xxe-http",
    ),
    pytest.param(
        lines(
            '<!DOCTYPE foo [<!ENTITY % dtd SYSTEM "http://127.0.0.1:9/evil.dtd"> %dtd;]>',
            f"<foo>{AZ_CLI}</foo>",
        ),
        id="parameter-entity",
    ),
    pytest.param(
        lines(
            f'<!DOCTYPE foo [<!ENTITY a "{"a" * 50_000}">]>',
            f"<foo>{'&a;' * 50_000}{AZ_CLI}</foo>",
        ),
        id="quadratic-blowup",
    ),
    pytest.param(
        lines('<!DOCTYPE foo [<!ENTITY logo SYSTEM "logo.gif" NDATA gif>]>', "<foo/>"),
        id="unparsed-entity",
    ),
]


@pytest.mark.usefixtures("no_io")
@pytest.mark.parametrize("text", ENTITIES)
def test_entity_declarations_are_refused_unexpanded(text: str) -> None:
    began = time.perf_counter()
    with pytest.raises(ParseError, match=r"^line \d+: entity declarations are not expanded$"):
        scan_roles(XML, text)
    assert time.perf_counter() - began < 1.0


@pytest.mark.usefixtures("no_io")
def test_external_dtd_is_never_read() -> None:
    text = lines(
        '<!DOCTYPE foo SYSTEM "http://127.0.0.1:9/evil.dtd">',
        f"<foo><ClientId>{AZ_CLI}</ClientId>&xxe;</foo>",
    )
    assert scan_roles(XML, text) == [Seen(2, 16, "client", "foo:ClientId")]


MALFORMED = [
    pytest.param(f"<a><ClientId>{AZ_CLI}</a>", "mismatched tag", id="mismatched-tag"),
    pytest.param(f"<ClientId>{AZ_CLI}", "no element found", id="unclosed"),
    pytest.param(f"<a/><ClientId>{AZ_CLI}</ClientId>", "junk after", id="two-roots"),
    pytest.param(f"client_id = {AZ_CLI}\n", "syntax error", id="not-xml"),
    pytest.param(f"<a>&nbsp;{AZ_CLI}</a>", "undefined entity", id="undefined-entity"),
    pytest.param(f'<a b="{AZ_CLI}" b="x"/>', "duplicate attribute", id="duplicate-attribute"),
    pytest.param("", "no element found", id="empty"),
    pytest.param(f"<a>\udcff{AZ_CLI}</a>", "undecodable character", id="lone-surrogate"),
]


@pytest.mark.parametrize(("text", "reason"), MALFORMED)
def test_malformed_xml_is_a_parse_error(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=f"^invalid XML: {reason}"):
        scan_roles(XML, text)


def test_deep_nesting_does_not_crash() -> None:
    text = "<a>" * 100_000 + AZ_CLI + "</a>" * 100_000
    assert scan_roles(XML, text) == [Seen(1, 300_001, "unclear", ":".join(["a"] * 16))]


def test_many_ids_scan_in_linear_time() -> None:
    text = (
        "<configuration><appSettings>\n"
        + "".join(
            f'<add key="App{i}:ClientId" value="{AZ_CLI}"/><x>é {GRAPH}<!-- {AZ_PS} --></x>\n'
            for i in range(2_000)
        )
        + "</appSettings></configuration>\n"
    )
    began = time.perf_counter()
    seen = scan_roles(XML, text)
    assert time.perf_counter() - began < 2.0
    assert [s.role for s in seen[:3]] == ["client", "unclear", "unclear"]
    assert seen[-1] == Seen(2_001, 121, "unclear", "comment")
    assert len(seen) == 6_000
