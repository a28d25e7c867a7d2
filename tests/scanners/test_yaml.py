"""The YAML scanner: workflows, Kubernetes, Compose and Helm values, by key path."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from helpers import AZ_CLI, AZ_PS, GRAPH, NOT_IN_CATALOG, OFFICE, Seen, scan_roles

from linter.catalog import Catalog
from linter.findings import Role
from linter.scanners import ParseError
from linter.scanners.config import yaml as yaml_scanner

YAML = "linter.scanners.config.yaml"
OTHER_GUID = "11111111-2222-3333-4444-555555555555"
DEEP = 100_000


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


WORKFLOW = lines(
    "name: deploy",
    "on:",
    "  push:",
    "    branches: [main]",
    "permissions:",
    "  id-token: write",
    "  contents: read",
    "env:",
    f"  AZURE_CLIENT_ID: {AZ_CLI}  # was {AZ_PS}",
    "jobs:",
    "  deploy:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - uses: azure/login@v2",
    "        with:",
    f"          client-id: {AZ_CLI}",
    "          tenant-id: ${{ secrets.AZURE_TENANT_ID }}",
    "          subscription-id: ${{ secrets.AZURE_SUBSCRIPTION_ID }}",
    "      - uses: azure/login@v1",
    "        with:",
    f'          creds: \'{{"clientId": "{AZ_PS}", "clientSecret": "***"}}\'',
    "      - run: |",
    f"          az account get-access-token --resource {GRAPH}",
    f"          echo signed in with {OFFICE}",
)

DEPLOYMENT = lines(
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: api",
    "spec:",
    "  template:",
    "    spec:",
    "      serviceAccountName: api",
    "      containers:",
    "        - name: api",
    "          image: contoso.azurecr.io/api:1.2.3",
    "          env:",
    "            - name: AZURE_CLIENT_ID",
    f'              value: "{AZ_CLI}"',
    f"            - value: '{AZ_PS}'",
    "              name: ARM_CLIENT_ID",
    "            - name: KNOWN_APP",
    f"              value: {OFFICE}",
    "            - name: SECRET",
    "              valueFrom:",
    "                secretKeyRef: {name: api, key: secret}",
    "---",
    "apiVersion: v1",
    "kind: ServiceAccount",
    "metadata:",
    "  name: api",
    "  annotations:",
    f"    azure.workload.identity/client-id: {AZ_CLI}",
)

COMPOSE = lines(
    "services:",
    "  api:",
    "    image: contoso/api",
    "    environment:",
    f"      - AZURE_CLIENT_ID={AZ_CLI}",
    f'      - "KNOWN_APP={AZ_PS}"',
    "      - LOG_LEVEL=debug",
    "  worker:",
    "    environment:",
    f"      AZURE_CLIENT_ID: {AZ_PS}",
    f'      GRAPH_SCOPE: "{GRAPH}/.default"',
    "  job:",
    f'    environment: ["ARM_CLIENT_ID={OFFICE}"]',
)

HELM_VALUES = lines(
    "azure:",
    "  workloadIdentity:",
    f"    clientId: {AZ_CLI}",
    "auth:",
    f"  appId: {AZ_PS}",
    f"  scopes: ['{GRAPH}/.default']",
    "apps:",
    f"  - {{name: office, appId: {OFFICE}}}",
    "signin:",
    "  url: >-",
    "    https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
    f"    ?client_id={AZ_CLI}",
    "  script: |",
    f"    # {AZ_PS} is not a comment here",
)

CASES = [
    pytest.param(
        WORKFLOW,
        [
            Seen(9, 20, "client", "env:AZURE_CLIENT_ID"),
            Seen(9, 64, "unclear", "comment"),
            Seen(17, 22, "client", "jobs:deploy:steps:1:with:client-id"),
            Seen(22, 33, "client", "jobs:deploy:steps:2:with:creds:clientId"),
            Seen(24, 50, "resource", "jobs:deploy:steps:3:run:resource"),
            Seen(25, 31, "unclear", "jobs:deploy:steps:3:run"),
        ],
        id="github-workflow-azure-login",
    ),
    pytest.param(
        DEPLOYMENT,
        [
            Seen(14, 23, "client", "spec:template:spec:containers:0:env:AZURE_CLIENT_ID"),
            Seen(15, 23, "client", "spec:template:spec:containers:0:env:ARM_CLIENT_ID"),
            Seen(18, 22, "unclear", "spec:template:spec:containers:0:env:KNOWN_APP"),
            Seen(28, 40, "client", "metadata:annotations:azure.workload.identity/client-id"),
        ],
        id="kubernetes-env-name-value-and-workload-identity",
    ),
    pytest.param(
        COMPOSE,
        [
            Seen(5, 25, "client", "services:api:environment:AZURE_CLIENT_ID"),
            Seen(6, 20, "unclear", "services:api:environment:KNOWN_APP"),
            Seen(10, 24, "client", "services:worker:environment:AZURE_CLIENT_ID"),
            Seen(11, 21, "resource", "services:worker:environment:GRAPH_SCOPE"),
            Seen(13, 34, "client", "services:job:environment:ARM_CLIENT_ID"),
        ],
        id="docker-compose-environment",
    ),
    pytest.param(
        HELM_VALUES,
        [
            Seen(3, 15, "client", "azure:workloadIdentity:clientId"),
            Seen(5, 10, "client", "auth:appId"),
            Seen(6, 13, "resource", "auth:scopes:0"),
            Seen(8, 27, "unclear", "apps:0:appId"),
            Seen(12, 16, "client", "signin:url:client_id"),
            Seen(14, 7, "unclear", "signin:script"),
        ],
        id="helm-values-and-block-scalars",
    ),
    pytest.param(
        lines(
            "variables:",
            "  - name: AZURE_CLIENT_ID",
            f"    value: {AZ_CLI}",
            "  - group: shared",
        ),
        [Seen(3, 12, "client", "variables:AZURE_CLIENT_ID")],
        id="azure-pipelines-variables",
    ),
    pytest.param(
        lines("- name: AZURE_CLIENT_ID", "  value:", f"    - {AZ_CLI}"),
        [Seen(3, 7, "unclear", "0:value:0")],
        id="name-beside-a-list-value-is-not-a-pair",
    ),
    # Unclear: tables of IDs, comments, anchors written once and used twice.
    pytest.param(
        lines(
            "knownApps:",
            f"  {AZ_CLI}: Azure CLI",
            f"  '{AZ_PS}': {{name: Azure PowerShell}}",
            f"{OFFICE}: Office",
        ),
        [
            Seen(2, 3, "unclear", "knownApps"),
            Seen(3, 4, "unclear", "knownApps"),
            Seen(4, 1, "unclear", "key"),
        ],
        id="ids-as-keys-are-a-table",
    ),
    pytest.param(
        lines(
            f"# Azure CLI: {AZ_CLI}", "a: 1", f"b: 'x #' #{AZ_PS}", "c: |", "  text", f"#{OFFICE}"
        ),
        [
            Seen(1, 14, "unclear", "comment"),
            Seen(3, 11, "unclear", "comment"),
            Seen(6, 2, "unclear", "comment"),
        ],
        id="comments",
    ),
    pytest.param(
        lines(
            f"defaults: &auth {{clientId: {AZ_CLI}}}",
            "prod: *auth",
            "staging:",
            "  <<: *auth",
            f"  tenant: {AZ_PS}",
        ),
        [Seen(1, 28, "client", "defaults:clientId"), Seen(5, 11, "unclear", "staging:tenant")],
        id="anchors-aliases-and-merge-keys",
    ),
    pytest.param(
        lines(f"clientId: {{{AZ_CLI}}}"),
        [Seen(1, 11, "unclear", "clientId")],
        id="unquoted-braces-are-a-flow-mapping",
    ),
    pytest.param(
        lines(f"a: {AZ_CLI}", "---", f"clientId: {AZ_PS}", "...", "---", f"- {OFFICE}"),
        [
            Seen(1, 4, "unclear", "a"),
            Seen(3, 11, "client", "clientId"),
            Seen(6, 3, "unclear", "0"),
        ],
        id="every-document",
    ),
    # Spelling: quotes, upper case, braces (the column is the brace's), several on one line.
    pytest.param(
        lines(f"clientId: '{AZ_CLI.upper()}'", f'client_id: "{{{AZ_PS}}}"'),
        [Seen(1, 12, "client", "clientId"), Seen(2, 13, "client", "client_id")],
        id="upper-case-and-braced",
    ),
    pytest.param(
        lines(f"auth: {{cli: {AZ_CLI}, clientId: {AZ_PS}, scope: {GRAPH}/.default}}"),
        [
            Seen(1, 13, "unclear", "auth:cli"),
            Seen(1, 61, "client", "auth:clientId"),
            Seen(1, 106, "resource", "auth:scope"),
        ],
        id="several-on-one-line",
    ),
    pytest.param(
        "\ufeff" + lines("a: é😀", f"clientId: {AZ_CLI}"),
        [Seen(2, 11, "client", "clientId")],
        id="byte-order-mark-and-astral-characters",
    ),
    # Near misses: not catalog IDs, so nothing at all.
    pytest.param(lines(f"clientId: {NOT_IN_CATALOG}"), [], id="one-digit-off"),
    pytest.param(lines(f"clientId: {OTHER_GUID}"), [], id="client-key-other-guid"),
    pytest.param(lines(f"clientId: {AZ_CLI}0"), [], id="longer-hex-run"),
]


@pytest.fixture(params=["libyaml", "pure"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Both parsers: PyYAML without libyaml must place every ID the same way."""
    if request.param == "pure":
        monkeypatch.setattr(yaml_scanner, "_LOADER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    yield request.param


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_yaml_scanner(text: str, expected: list[Seen], loader: str) -> None:
    assert scan_roles(YAML, text) == expected


def test_app_id_under_auth_is_weak_client_evidence(catalog: Catalog) -> None:
    text = lines("auth:", f"  appId: {GRAPH}", f"  clientId: {AZ_CLI}")
    spans = list(yaml_scanner.scan(text, catalog.targets(text)))
    assert [(s.role, s.context, s.weak) for s in spans] == [
        (Role.CLIENT, "auth:appId", True),
        (Role.CLIENT, "auth:clientId", False),
    ]


# Our own cap, or libyaml's (PyYAML 6.0.4's libyaml stops at its own depth first, with the same
# line number): either way a ParseError naming the line, and the text scanner takes over.
DEEP_MESSAGE = r"line 1: (nested deeper|exceeded maximum nesting depth)"
MALFORMED = [
    pytest.param(lines("a: [1, 2", f"clientId: {AZ_CLI}"), "line 2: ", id="unclosed-flow"),
    pytest.param(lines("a:", "  b: 1", f" clientId: {AZ_CLI}"), "line 3: ", id="bad-indent"),
    pytest.param(lines(f"clientId: *cli  # {AZ_CLI}"), "line 1: undefined alias", id="alias"),
    pytest.param(lines(f'clientId: "{AZ_CLI}'), "line 2: ", id="unterminated-quote"),
    pytest.param(lines("a: 1", f"\tclientId: {AZ_CLI}"), "line 2: ", id="tab-indent"),
    pytest.param(lines(f"clientId: {AZ_CLI}\x00"), "line 1: ", id="control-character"),
    pytest.param("[" * DEEP + AZ_CLI + "]" * DEEP, DEEP_MESSAGE, id="deep-sequences"),
    pytest.param("{a: " * DEEP + AZ_CLI + "}" * DEEP, DEEP_MESSAGE, id="deep-mappings"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_yaml_is_a_parse_error(text: str, message: str, loader: str) -> None:
    with pytest.raises(ParseError, match="^" + message):  # messages are regexes
        scan_roles(YAML, text)


def test_deep_block_nesting_within_the_cap(loader: str) -> None:
    text = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(98))
    text += f"{'  ' * 98}clientId: {AZ_CLI}\n"
    context = "k0:k1:...:k91:k92:k93:k94:k95:k96:k97:clientId"
    assert scan_roles(YAML, text) == [Seen(99, 207, "client", context)]


def test_alias_bombs_cost_only_their_text(loader: str) -> None:
    """A billion laughs is ten lines of events: aliases are never expanded."""
    rows = [f"a0: &a0 [{{clientId: {AZ_CLI}}}]"]
    rows += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    rows += ["loop: &loop [*loop, {self: *loop}]"]
    assert scan_roles(YAML, lines(*rows)) == [Seen(1, 21, "client", "a0:0:clientId")]


def test_large_file_with_thousands_of_ids() -> None:
    """3,400 Kubernetes documents, one ID each: see --durations."""
    document = lines(
        "---",
        "kind: Deployment",
        "metadata: {name: app, labels: {tier: backend}}",
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: api",
        "          env:",
        "            - name: AZURE_CLIENT_ID",
        f'              value: "{AZ_CLI}"',
        "            - name: NOTE",
        f"              value: {'x' * 300}",
    )
    seen = scan_roles(YAML, document * 3_400)
    assert len(seen) == 3_400
    assert {s.role for s in seen} == {"client"}
