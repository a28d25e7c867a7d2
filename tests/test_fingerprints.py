"""Fingerprints: nothing that moves (lines, columns, formatting) may change one; a copy must.

Through the real CLI (`cli.main`, `--format json`, whose findings carry their fingerprint):
each language's one-line and formatter-split spellings of the same code give the same
fingerprints, and inserting blank or comment lines anywhere never changes the set (hypothesis).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import AZ_CLI, OFFICE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import cli, fingerprints

ID = AZ_CLI


def fingerprinted(folder: Path) -> list[tuple[str, str, str]]:
    """(path, rule, fingerprint) of every finding under `folder`, paths relative to it."""
    out = io.StringIO()
    with _chdir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["check", "--format", "json", "."])
    assert code in (0, 1)
    return [
        (f["path"], f["rule"], f["fingerprint"]) for f in json.loads(out.getvalue())["findings"]
    ]


@contextlib.contextmanager
def _chdir(folder: Path) -> Iterator[None]:  # contextlib.chdir is Python 3.11+
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


@pytest.mark.parametrize(
    ("context", "normalised"),
    [
        pytest.param("AzureAd:ClientId", "AzureAd:ClientId", id="key-path-kept"),
        pytest.param("apps:3:appId", "apps:#:appId", id="array-index"),
        pytest.param("0:clientId", "#:clientId", id="top-level-array"),
        pytest.param("KnownClients:12", "KnownClients:#", id="trailing-index"),
        pytest.param("api2:v2.0:ClientId", "api2:v2.0:ClientId", id="digits-in-names-kept"),
        pytest.param("message (Console .WriteLine)", "message(Console.WriteLine)", id="spaces"),
        pytest.param("Builder\n  .Create(...)", "Builder.Create(...)", id="line-break"),
        pytest.param("CLIENT_ID at line 12", "CLIENT_ID", id="at-line"),
        pytest.param("", "", id="empty"),
        pytest.param("0", "#", id="top-level-array-alone"),
        pytest.param("a:²:b", "a:²:b", id="only-ascii-digits"),
    ],
)
def test_normalize_context(context: str, normalised: str) -> None:
    assert fingerprints.normalize_context(context) == normalised


# The same code written on one line and as a formatter splits it (black, prettier, gofmt,
# PowerShell backticks, YAML flow style, TOML inline tables, JSON minified).
REFORMATTED = [
    pytest.param(
        "x.py",
        f'app = msal.PublicClientApplication("{ID}", authority=A)\nprint("x", "{ID}")\n'
        f'd = {{"a": {{"client_id": "{ID}"}}}}\n',
        f'app = msal.PublicClientApplication(\n    "{ID}",\n    authority=A,\n)\n'
        f'print(\n    "x",\n    "{ID}",\n)\nd = {{\n    "a": {{\n        "client_id": "{ID}"\n'
        "    }\n}\n",
        id="python",
    ),
    pytest.param(
        "x.cs",
        f'var app = PublicClientApplicationBuilder.Create("{ID}").WithAuthority(a).Build();\n'
        f'var c = new ClientSecretCredential(tenant, "{ID}", secret);\n'
        f'Console.WriteLine("{ID}");\n',
        f'var app = PublicClientApplicationBuilder\n    .Create(\n        "{ID}")\n'
        "    .WithAuthority(a)\n    .Build();\n"
        f'var c = new ClientSecretCredential(\n    tenant,\n    "{ID}",\n    secret);\n'
        f'Console\n  .WriteLine(\n  "{ID}");\n',
        id="csharp",
    ),
    pytest.param(
        "x.js",
        f'const app = new msal.PublicClientApplication({{ auth: {{ clientId: "{ID}" }} }});\n'
        f'console.log("{ID}");\n',
        f"const app = new msal.PublicClientApplication({{\n  auth: {{\n    clientId:\n"
        f'      "{ID}",\n  }},\n}});\nconsole\n  .log(\n    "{ID}");\n',
        id="javascript",
    ),
    pytest.param(
        "x.ps1",
        f'Connect-MgGraph -ClientId "{ID}" -TenantId t\n$x = @{{ client_id = "{ID}" }}\n',
        f'Connect-MgGraph `\n  -ClientId "{ID}" `\n  -TenantId t\n$x = @{{\n'
        f'  client_id = "{ID}"\n}}\n',
        id="powershell",
    ),
    pytest.param(
        "x.go",
        f'cred, err := azidentity.NewClientSecretCredential(tenant, "{ID}", secret, nil)\n',
        f'cred, err := azidentity.NewClientSecretCredential(\n\ttenant,\n\t"{ID}",\n'
        "\tsecret,\n\tnil,\n)\n",
        id="go",
    ),
    pytest.param(
        "x.yaml",
        f'AzureAd:\n  ClientId: "{ID}"\nenv:\n  - name: AZURE_CLIENT_ID\n    value: "{ID}"\n',
        f'AzureAd: {{ClientId: "{ID}"}}\nenv: [{{name: AZURE_CLIENT_ID, value: "{ID}"}}]\n',
        id="yaml-flow-style",
    ),
    pytest.param(
        "x.toml",
        f'[tool.auth]\nclient_id = "{ID}"\n',
        f'tool = {{ auth = {{ client_id = "{ID}" }} }}\n',
        id="toml-inline-table",
    ),
    pytest.param(
        "x.json",
        f'{{\n  "AzureAd": {{\n    "ClientId": "{ID}"\n  }},\n'
        f'  "Known": [\n    "{OFFICE}"\n  ]\n}}\n',
        f'{{"AzureAd":{{"ClientId":"{ID}"}},"Known":["{OFFICE}"]}}',
        id="json-minified",
    ),
    pytest.param(
        "x.tf",
        f'resource "azuread_x" "y" {{\n  client_id = "{ID}"\n}}\n',
        f'resource "azuread_x" "y" {{ client_id = "{ID}" }}\n',
        id="terraform",
    ),
]


@pytest.mark.parametrize(("name", "one_way", "other_way"), REFORMATTED)
def test_reformatting_keeps_every_fingerprint(
    tmp_path: Path, name: str, one_way: str, other_way: str
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / name).write_text(one_way)
    (tmp_path / "b" / name).write_text(other_way)
    before = fingerprinted(tmp_path / "a")
    assert before, "the example must produce findings, or the test proves nothing"
    assert fingerprinted(tmp_path / "b") == before


def test_a_copy_in_the_same_context_is_a_new_occurrence(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(f'msal.PublicClientApplication("{ID}")\n')
    one = fingerprinted(tmp_path)
    (tmp_path / "x.py").write_text(f'msal.PublicClientApplication("{ID}")\n' * 2)
    two = fingerprinted(tmp_path)
    assert len(one) == 1 and len(two) == 2
    assert two[0] == one[0] and two[1][2] != one[0][2]


# Files where a blank line or a comment line may stand between any two lines.
PROPERTY_TREE = {
    "auth.py": (
        "import msal\n"
        f'PORTAL = "{OFFICE}"\n'
        "def make():\n"
        "    return msal.PublicClientApplication(\n"
        f'        "{ID}",\n'
        "        authority=A,\n"
        "    )\n",
        "# note",
    ),
    "appsettings.json": (
        f'{{\n  "AzureAd": {{\n    "ClientId": "{ID}"\n  }},\n  "Known": [\n    "{OFFICE}",\n'
        f'    "{ID}"\n  ]\n}}\n',
        "// note",
    ),
    ".env": (f"AZURE_CLIENT_ID={ID}\n# portal {OFFICE}\n", "# note"),
    "deploy.yaml": (
        f"jobs:\n  login:\n    with:\n      client-id: {ID}\n    env:\n"
        f"      - name: AZURE_CLIENT_ID\n        value: {ID}\n",
        "# note",
    ),
    "Auth.cs": (
        "class A {\n  void M() {\n    var app = PublicClientApplicationBuilder\n"
        f'      .Create("{ID}")\n      .Build();\n  }}\n}}\n',
        "// note",
    ),
}
insertions = st.lists(
    st.tuples(st.sampled_from(sorted(PROPERTY_TREE)), st.integers(0, 50), st.booleans()),
    max_size=8,
)


def _write(folder: Path, inserted: list[tuple[str, int, bool]]) -> None:
    for name, (text, comment) in PROPERTY_TREE.items():
        lines = text.splitlines(keepends=True)
        for target, position, as_comment in inserted:
            if target == name:
                lines.insert(position % (len(lines) + 1), f"{comment}\n" if as_comment else "\n")
        (folder / name).write_text("".join(lines))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(inserted=insertions)
def test_blank_and_comment_lines_never_change_the_fingerprint_set(
    tmp_path: Path, inserted: list[tuple[str, int, bool]]
) -> None:
    _write(tmp_path, [])
    original = sorted(fingerprinted(tmp_path))
    assert {rule for _, rule, _ in original} == {"FPA001", "FPA002"} and len(original) >= 8
    _write(tmp_path, inserted)
    assert sorted(fingerprinted(tmp_path)) == original


def findings_json(folder: Path) -> list[dict[str, object]]:
    out = io.StringIO()
    with _chdir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["check", "--format", "json", "."])
    found: list[dict[str, object]] = json.loads(out.getvalue())["findings"]
    return found


@pytest.mark.parametrize(
    ("name", "code", "context"),
    [
        pytest.param(
            "Auth.cs",
            "class A {\n  void M() {\n    var app = PublicClientApplicationBuilder\n"
            f'// note\n      .Create("{ID}")\n      .Build();\n  }}\n}}\n',
            "PublicClientApplicationBuilder.Create(...)",
            id="csharp-was-FPA002",
        ),
        pytest.param(
            "x.go",
            "package m\nfunc f() {\n\tcred, err := azidentity.\n\t\t// note\n"
            f'\t\tNewClientSecretCredential(tenant, "{ID}", secret, nil)\n}}\n',
            "azidentity.NewClientSecretCredential(...)",
            id="go-was-FPA002",
        ),
        pytest.param(
            "x.js",
            f'const c = new identity\n  // note\n  .ClientSecretCredential(tenant, "{ID}", s);\n',
            "identity.ClientSecretCredential(...)",
            id="javascript-context-held-the-comment",
        ),
        pytest.param(
            "x.ts",
            f'const c = new identity\n  /* note */ .ClientSecretCredential(tenant, "{ID}", s);\n',
            "identity.ClientSecretCredential(...)",
            id="typescript-block-comment",
        ),
        pytest.param(
            "A.java",
            "class A { void m() { var app = PublicClientApplication\n  // note\n"
            f'  .builder("{ID}")\n  .build(); }} }}\n',
            "PublicClientApplication.builder(...)",
            id="java",
        ),
    ],
)
def test_a_comment_inside_a_call_chain_changes_nothing(
    tmp_path: Path, name: str, code: str, context: str
) -> None:
    """Regression (found by the property above): a comment line inside a callee made the call
    unrecognised (C#, Go: FPA001 became FPA002) or entered the context (JavaScript)."""
    (tmp_path / name).write_text(code)
    found = findings_json(tmp_path)
    assert [(f["rule"], f["context"]) for f in found] == [("FPA001", context)]


def test_digest_is_sha256_whichever_module_computes_it() -> None:
    """The fingerprint is the first half of the SHA-256 of its parts, as hashlib computes it
    (the module takes CPython's own SHA-2 where it has one, to skip loading OpenSSL)."""
    import hashlib

    parts = ("first-party-lint/v1", "a/é.py", "FPA001", "x", "client_id", "3")
    expected = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
    assert fingerprints.digest("a/é.py", "FPA001", "x", "client_id", 3) == expected
