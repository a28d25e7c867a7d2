"""The Python scanner's two paths agree: `python_ast` (fast) and libcst give the same spans.

The role tables of test_python.py run through the public scanner, which takes the fast path
when it can; here every table source, the Python corpus and generated sources are scanned by
both paths directly, so a divergence fails even where the role tables would not notice it.
The fast path must also step aside where it cannot decide alone (f-strings holding an ID, a
bound name reaching a client sink, syntax this interpreter rejects).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AZ_CLI, GRAPH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_python import (
    ADAL,
    FLOWS,
    IDENTITY,
    MSAL,
    NAMES,
    NEAR_MISSES,
    RESOURCES,
    TEXT,
    UNCLEAR,
    URLS,
    _ids,
)

from linter import catalog as catalog_module
from linter.catalog import Catalog
from linter.findings import Span
from linter.scanners import ParseError, python, python_ast, python_cst

CAT = catalog_module.load()
CORPUS = sorted((Path(__file__).parents[1] / "corpus" / "python").rglob("*.py"))


def _both(catalog: Catalog, text: str) -> tuple[list[Span] | None, list[Span]]:
    """(fast path's spans or None when it steps aside, libcst's spans)."""
    targets = catalog.targets(text)
    slow = python_cst.cst_spans(text, targets)
    tree = python_ast.classify(python._prepare(text), [target.start for target in targets])
    if tree is None:
        return None, slow
    return python._assemble(tree.source, targets, tree, python_ast.pieces), slow


TABLES = MSAL + IDENTITY + ADAL + NAMES + URLS + FLOWS + RESOURCES + UNCLEAR + NEAR_MISSES + TEXT


@pytest.mark.parametrize(("source", "expected"), TABLES)
def test_role_tables_agree(catalog: Catalog, source: str, expected: object) -> None:
    fast, slow = _both(catalog, _ids(source))
    assert fast is None or fast == slow


def test_most_table_sources_take_the_fast_path(catalog: Catalog) -> None:
    fast = [_both(catalog, _ids(param.values[0]))[0] is not None for param in TABLES]
    assert sum(fast) >= 0.7 * len(fast)


@pytest.mark.parametrize("path", CORPUS, ids=[path.name for path in CORPUS])
def test_corpus_agrees(catalog: Catalog, path: Path) -> None:
    fast, slow = _both(catalog, path.read_text(encoding="utf-8"))
    assert fast is None or fast == slow


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(f'NOTE = "héllo wörld"; CLIENT_ID = "{AZ_CLI}"\n', id="non-ascii-before"),
        pytest.param(f'x = "日本"  # {AZ_CLI}\n', id="wide-chars-then-comment"),
        pytest.param(f'x = "a # b"; y = 1  # c {AZ_CLI}\n', id="hash-in-string-then-comment"),
        pytest.param(f'x = """\n# {GRAPH}\n"""  # {AZ_CLI}\n', id="hash-inside-triple-string"),
        pytest.param(f"x = 1  # {AZ_CLI} and {GRAPH}\n", id="two-ids-one-comment"),
        pytest.param(
            f'SCOPE = ("{GRAPH}"  # it\'s "quoted"\n    "/.default")\nCLIENT_ID = "{AZ_CLI}"\n',
            id="quote-in-comment-between-pieces",
        ),
        pytest.param(f'T = {{"client_id": b"{AZ_CLI}", **other}}\n', id="bytes-and-spread"),
        pytest.param(f'x = r"client_id={AZ_CLI}&scope={GRAPH}"\n', id="raw-query"),
        pytest.param(f'd["client\\x5fid"] = "{AZ_CLI}"\n', id="escaped-key"),
        pytest.param(f'a, *b = "{AZ_CLI}", "x", "y"\n', id="starred-unpack"),
        pytest.param(
            f'@register(client_id="{AZ_CLI}")\ndef f(app_id="{GRAPH}", *, client_id="{AZ_CLI}"):'
            f'\n    return "{AZ_CLI}"\n',
            id="decorator-defaults-return",
        ),
        pytest.param(f'\ufeffCLIENT_ID = "{AZ_CLI}"\r\n# {GRAPH}\r\n', id="bom-and-crlf"),
        pytest.param(f'x = 1\rCLIENT_ID = "{AZ_CLI}"\r', id="old-mac-line-ends"),
        pytest.param(
            f'match x:\n    case "{AZ_CLI}":\n        pass\nf = lambda client_id="{AZ_CLI}": 1\n',
            id="match-and-lambda",
        ),
    ],
)
def test_tricky_sources_agree_on_the_fast_path(catalog: Catalog, source: str) -> None:
    fast, slow = _both(catalog, source)
    assert fast is not None
    assert fast == slow


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(f'URL = f"https://x/?client_id={AZ_CLI}&u={{user}}"\n', id="fstring-id"),
        pytest.param(
            f'import msal\nAPP = "{AZ_CLI}"\nmsal.PublicClientApplication(APP)\n',
            id="bound-name-into-sink",
        ),
        pytest.param(
            f'APP = "{AZ_CLI}"\nURL = f"https://x/?client_id={{APP}}"\n', id="bound-name-in-fstring"
        ),
        pytest.param(f'print "x"\nCLIENT_ID = "{AZ_CLI}"\n', id="syntax-ast-rejects"),
    ],
)
def test_the_fast_path_steps_aside(catalog: Catalog, source: str) -> None:
    targets = catalog.targets(source)
    starts = [target.start for target in targets]
    assert python_ast.classify(python._prepare(source), starts) is None


_NAMES = st.sampled_from(
    ["client_id", "CLIENT_ID", "app_id", "scope", "resource", "x", "tenant", "é"]
)
_IDS = st.sampled_from([AZ_CLI, GRAPH, f"{GRAPH}/.default", f"api://{AZ_CLI}"])
_STRINGS = st.builds(
    lambda prefix, quote, before, value, after: f"{prefix}{quote}{before}{value}{after}{quote}",
    st.sampled_from(["", "r", "b", "u", "rb"]),
    st.sampled_from(['"', "'", '"""']),
    st.sampled_from(["", "client_id=", "x&scope=", "é ", "#"]),
    _IDS,
    st.sampled_from(["", "&scope=openid", " ü"]),
)
_VALUES = st.one_of(
    _STRINGS,
    st.builds(lambda a, b: f"{a} {b}", _STRINGS, _STRINGS),
    st.builds(lambda a, b: f"({a}\n    # note '\n    {b})", _STRINGS, _STRINGS),
    st.builds(lambda n, v: f"{{{v!r}: {n!r}}}".replace("'", ""), _STRINGS, _NAMES),
)
_STATEMENTS = st.one_of(
    st.builds(lambda n, v: f"{n} = {v}", _NAMES, _VALUES),
    st.builds(lambda n, v: f"call({n}={v})", _NAMES, _VALUES),
    st.builds(lambda v: f"msal.PublicClientApplication({v})", _VALUES),
    st.builds(lambda n, v: f"os.environ.get({n!r}, {v})", _NAMES, _VALUES),
    st.builds(lambda v: f"TABLE = [{v}, {v}]", _VALUES),
    st.builds(lambda n, v: f"x = 1  # {n} {v}", _NAMES, _IDS),
    st.builds(lambda n, v: f"def f({n}={v}):\n    return {v}", _NAMES, _VALUES),
    st.builds(lambda v: f"log.info({v})", _VALUES),
    st.builds(lambda v: f"if a == {v}:\n    pass", _VALUES),
    st.builds(lambda v: f"PCA({v})", _VALUES),
    # Statements without an ID: skipped by the fast path but for the imports they hold.
    st.just("if TYPE_CHECKING:\n    from msal import PublicClientApplication as PCA"),
    st.just("try:\n    import msal as PCA\nexcept ImportError:\n    pass"),
    st.just('@decorate(x="y")\ndef g(a=1):\n    return compute(a, name="v")'),
    st.just('y = compute(1, name="v")  # a comment'),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_STATEMENTS, min_size=1, max_size=6))
def test_generated_sources_agree(statements: list[str]) -> None:
    source = "import msal, os\n" + "\n".join(statements) + "\n"
    try:
        fast, slow = _both(CAT, source)
    except ParseError:
        return  # a generated `é = ...` that libcst refuses: the text scanner's business
    assert fast is None or fast == slow


@pytest.mark.parametrize(
    ("source", "libcst_loaded"),
    [
        pytest.param(f'CLIENT_ID = "{AZ_CLI}"\n', False, id="plain-literal"),
        pytest.param(f'URL = f"https://x/?client_id={AZ_CLI}"\n', True, id="fstring-needs-libcst"),
    ],
)
def test_libcst_is_imported_only_when_a_file_needs_it(
    tmp_path: Path, source: str, libcst_loaded: bool
) -> None:
    """`import libcst` alone costs 200 ms: the pre-commit budget for files with IDs."""
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    code = (
        "import sys\nfrom linter import cli\n"
        f"code = cli.main(['check', '--no-cache', '--format', 'json', {str(tmp_path)!r}])\n"
        "print(code, 'libcst' in sys.modules, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert '"FPA001"' in out.stdout
    assert out.stderr.split()[-2:] == ["1", str(libcst_loaded)]
