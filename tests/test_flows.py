"""Constants that travel across Python modules (linter.flows), on real files in tmp trees.

`MY_APP` is a vague name, so the per-file scan says FPA002 at the literal; reaching a client
sink in another scanned module must turn that into FPA001 naming the sink, and nothing else
may change a finding.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from helpers import AZ_CLI, AZ_PS
from test_cli import run

from linter import catalog as catalog_module
from linter import discovery, engine, flows, module_paths, plan, scanners, sweep_workers, tree_scan
from linter.findings import Scanned

CAT = catalog_module.load()
CONFIG = f'MY_APP = "{AZ_CLI}"\n'
USE = "from config import MY_APP\nimport msal\nmsal.PublicClientApplication(MY_APP)\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def findings(root: Path, *paths: str, jobs: int = 1) -> dict[str, tuple[str, str]]:
    """`path:line:column -> (rule, message)` after scan_all over `paths` (default: root)."""
    targets = [root / p for p in paths] if paths else [root]
    refs = list(discovery.iter_files(targets, cwd=root))
    results = tree_scan.scan_all(refs, CAT, engine.ScanOptions(jobs=jobs))
    alone = list(engine.scan_files(refs, CAT, engine.ScanOptions()))
    assert [upgrades_only(a, b) for a, b in zip(alone, results, strict=True)]
    found = {}
    for result in results:
        assert isinstance(result, Scanned), result
        for f in result.findings:
            loc = f.location
            found[f"{loc.path}:{loc.line}:{loc.column}"] = (f.rule, f.message)
    return found


def upgrades_only(before: object, after: object) -> bool:
    """The pass's contract: same files, same findings in the same places, each one unchanged
    or turned into FPA001 whose message adds the sink to the same words."""
    assert isinstance(before, Scanned) and isinstance(after, Scanned)
    assert (before.path, before.notes) == (after.path, after.notes)
    assert len(before.findings) == len(after.findings)
    for old, new in zip(before.findings, after.findings, strict=True):
        assert (old.location, old.app, old.raw, old.context) == (
            new.location,
            new.app,
            new.raw,
            new.context,
        )
        if old != new:
            assert new.rule == "FPA001" and ", flows into " in new.message
            assert old.rule == "FPA002" or new.message.startswith(old.message + ", flows into ")
    return True


def rule_at(root: Path, where: str, *paths: str) -> str:
    return findings(root, *paths)[where][0]


def test_cli_names_the_sink_in_the_other_module(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "config.py": f'CLIENT_ID = "{AZ_CLI}"\n{CONFIG}',
            "auth.py": """
                import msal

                from config import CLIENT_ID, MY_APP

                public = msal.PublicClientApplication(MY_APP)
                confidential = msal.ConfidentialClientApplication(CLIENT_ID)
            """,
        },
    )
    result = run("check", "-q", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert lines == [
        f"config.py:1:14: FPA001 Microsoft Azure CLI ({AZ_CLI}) used as client ID in CLIENT_ID,"
        " flows into msal.ConfidentialClientApplication at auth.py:6",
        f"config.py:2:11: FPA001 Microsoft Azure CLI ({AZ_CLI}) used as client ID in MY_APP,"
        " flows into msal.PublicClientApplication at auth.py:5",
    ]


def test_cli_without_the_importer_keeps_the_warning(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "config.py": CONFIG,
            "auth.py": "import msal, config\nmsal.PublicClientApplication(config.MY_APP)\n",
        },
    )
    assert run("check", "config.py", cwd=tmp_path).returncode == 0
    assert run("check", "config.py", "auth.py", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "app/__init__.py": "",
                "app/config.py": CONFIG,
                "app/auth.py": "from .config import MY_APP as X\nimport msal\n"
                "msal.PublicClientApplication(X)\n",
            },
            ("app/config.py:1:11", "FPA001", "msal.PublicClientApplication at app/auth.py:3"),
            id="relative-aliased",
        ),
        pytest.param(
            {
                "config.py": CONFIG,
                "auth.py": "import config as c\nfrom azure.identity import DeviceCodeCredential\n"
                "cred = DeviceCodeCredential(client_id=c.MY_APP)\n",
            },
            ("config.py:1:11", "FPA001", "azure.identity.DeviceCodeCredential at auth.py:3"),
            id="module-alias-attribute",
        ),
        pytest.param(
            {
                "src/app/__init__.py": "",
                "src/app/settings.py": CONFIG,
                "src/app/auth.py": "from app.settings import MY_APP\nimport msal\n"
                "msal.PublicClientApplication(MY_APP)\n",
            },
            ("src/app/settings.py:1:11", "FPA001", "at src/app/auth.py:3"),
            id="src-layout-package-path",
        ),
        pytest.param(
            {
                "src/app/settings.py": CONFIG,
                "tests/test_auth.py": "import app.settings\nimport msal\n\n"
                "msal.PublicClientApplication(app.settings.MY_APP)\n",
            },
            ("src/app/settings.py:1:11", "FPA001", "at tests/test_auth.py:4"),
            id="dotted-import-from-tests",
        ),
        pytest.param(
            {
                "app/__init__.py": "",
                "app/config.py": CONFIG,
                "app/auth.py": "from . import config\n\n"
                'URL = f"https://login.microsoftonline.com/common?client_id={config.MY_APP}"\n',
            },
            ("app/config.py:1:11", "FPA001", "client_id= in a string at app/auth.py:3"),
            id="from-package-import-module",
        ),
        pytest.param(
            {
                "config.py": CONFIG,
                "auth.py": 'from config import MY_APP\nURL = f"https://x/?client_id={MY_APP}"\n',
            },
            ("config.py:1:11", "FPA001", "client_id= in a string at auth.py:2"),
            id="into-a-url",
        ),
        pytest.param(
            {
                "config.py": CONFIG,
                "report.py": "from config import MY_APP\nprint(MY_APP)\nlog.info(MY_APP)\n",
            },
            ("config.py:1:11", "FPA002", "unclear"),
            id="imported-but-only-printed",
        ),
        pytest.param(
            {
                "config.py": CONFIG,
                "auth.py": "import msal\nfrom config import MY_APP\n\n"
                "def build(MY_APP):\n    return msal.PublicClientApplication(MY_APP)\n",
            },
            ("config.py:1:11", "FPA002", "unclear"),
            id="shadowed-by-a-parameter",
        ),
        pytest.param(
            {
                "config.py": CONFIG,
                "auth.py": "from config import MY_APP\nimport msal\n"
                "msal.PublicClientApplication(MY_APP\n",
            },
            ("config.py:1:11", "FPA002", "unclear"),
            id="syntax-error-in-the-importer",
        ),
        pytest.param(
            {
                "config.py": "import auth\n" + CONFIG,
                "auth.py": "import msal\nimport config\n"
                "def build():\n    return msal.PublicClientApplication(config.MY_APP)\n",
            },
            ("config.py:2:11", "FPA001", "at auth.py:4"),
            id="import-cycle",
        ),
        pytest.param(
            {
                "config.py": "def helper():\n" + "    " + CONFIG,
                "auth.py": USE,
            },
            ("config.py:2:15", "FPA002", "unclear"),
            id="not-module-level",
        ),
    ],
)
@pytest.mark.parametrize(
    "jobs",
    [
        pytest.param(1, id="one-process"),
        pytest.param(
            2,
            id="forked-worker",  # whose scan also finds the constants (flows.constants_of)
            marks=pytest.mark.skipif(not sweep_workers.can_fork(), reason="Linux only"),
        ),
    ],
)
def test_flows(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    expected: tuple[str, str, str],
    jobs: int,
) -> None:
    monkeypatch.setattr(sweep_workers, "FORK_AFTER", 1)
    monkeypatch.setattr(plan, "CHUNK", 1)
    where, rule, text = expected
    found = findings(tree(tmp_path, files), jobs=jobs)
    assert found[where][0] == rule
    assert text in found[where][1]
    assert len(found) == 1, found


def test_same_name_in_two_modules_resolves_the_nearest(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "one/config.py": CONFIG,
            "two/config.py": f'MY_APP = "{AZ_PS}"\n',
            "two/auth.py": "import msal\nfrom config import MY_APP\n"
            "msal.PublicClientApplication(MY_APP)\n",
        },
    )
    found = findings(tmp_path)
    assert found["one/config.py:1:11"][0] == "FPA002"
    assert found["two/config.py:1:11"][0] == "FPA001"
    assert "at two/auth.py:3" in found["two/config.py:1:11"][1]


def test_first_sink_in_scan_order_is_named(tmp_path: Path) -> None:
    use = USE
    tree(tmp_path, {"config.py": CONFIG, "b.py": use, "a.py": "# first\n" + use})
    assert "at a.py:4" in findings(tmp_path)["config.py:1:11"][1]


def test_importer_outside_the_scanned_set_is_not_seen(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "config.py": CONFIG,
            "auth.py": USE,
        },
    )
    assert rule_at(tmp_path, "config.py:1:11", "config.py") == "FPA002"
    assert rule_at(tmp_path, "config.py:1:11", "config.py", "auth.py") == "FPA001"


def test_nothing_to_follow_leaves_results_alone(tmp_path: Path) -> None:
    tree(tmp_path, {"auth.py": f'import msal\nmsal.PublicClientApplication("{AZ_CLI}")\n'})
    refs = list(discovery.iter_files([tmp_path], cwd=tmp_path))
    results = [engine.scan_file(ref, CAT, engine.ScanOptions()) for ref in refs]
    assert flows.follow(refs, results) == results


def test_resolve_by_path(tmp_path: Path) -> None:
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/sub/mod.py": "", "pkg/sub/here.py": ""})
    here = str(tmp_path / "pkg" / "sub" / "here.py")
    key = module_paths.file_key
    assert module_paths.resolve(here, 1, "mod") == key(tmp_path / "pkg" / "sub" / "mod.py")
    assert module_paths.resolve(here, 2, "") == key(tmp_path / "pkg" / "__init__.py")
    assert module_paths.resolve(here, 0, "pkg.sub.mod") == key(tmp_path / "pkg/sub/mod.py")
    assert module_paths.resolve(here, 0, "not_there_at_all_xyz") is None
    assert module_paths.resolve(here, 99, "mod") is None
    (tmp_path / "pkg" / "sub.py").write_text("")  # a module beside the package of that name
    assert module_paths.resolve(here, 1, "") is None
    assert module_paths.resolve(here, 2, "") == key(tmp_path / "pkg" / "__init__.py")


def test_from_package_import_name_of_init(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "app/__init__.py": CONFIG,
            "app/auth.py": USE.replace("from config", "from ."),
        },
    )
    assert rule_at(tmp_path, "app/__init__.py:1:11") == "FPA001"


def test_a_failing_second_pass_keeps_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, {"config.py": CONFIG, "auth.py": USE})

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(flows, "upgrades", boom)
    assert rule_at(tmp_path, "config.py:1:11") == "FPA002"


def test_chained_assignment_names_the_first_sink_of_either_name(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "config.py": f'MY_APP = OTHER_APP = "{AZ_CLI}"\n',
            "b.py": USE,
            "a.py": USE.replace("MY_APP", "OTHER_APP"),
        },
    )
    assert "at a.py:3" in findings(tmp_path)["config.py:1:23"][1]


def test_star_import_is_not_followed(tmp_path: Path) -> None:
    use = "from config import *\nimport msal\nmsal.PublicClientApplication(MY_APP)\n"
    tree(tmp_path, {"config.py": CONFIG, "auth.py": use})
    assert rule_at(tmp_path, "config.py:1:11") == "FPA002"


def test_only_files_naming_the_constant_and_its_module_are_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from linter.scanners import python_imports

    tree(
        tmp_path,
        {
            "config.py": CONFIG,
            "auth.py": USE,
            "unrelated.py": "MY_APP = 1\n",
            "other.py": "import config\n",
            "notes.txt": "MY_APP from config\n",
        },
    )
    parsed: list[str] = []
    real = python_imports.uses

    def spy(text: str, *args: object) -> object:
        parsed.append(text)
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(python_imports, "uses", spy)
    assert rule_at(tmp_path, "config.py:1:11") == "FPA001"
    assert parsed == [USE]


def test_utf16_importer(tmp_path: Path) -> None:
    tree(tmp_path, {"config.py": CONFIG})
    (tmp_path / "auth.py").write_text(USE, encoding="utf-16")
    assert rule_at(tmp_path, "config.py:1:11") == "FPA001"


def test_byte_order_mark_and_wide_characters_before_the_literal(tmp_path: Path) -> None:
    tree(tmp_path, {"auth.py": USE})
    text = f'NAME = "Zoë — 日本"; MY_APP = "{AZ_CLI}"\n'
    (tmp_path / "config.py").write_text("\ufeff" + text, encoding="utf-8")
    found = findings(tmp_path)
    (where,) = found
    assert found[where][0] == "FPA001", found


def test_constants_under_if_and_try_are_module_level(tmp_path: Path) -> None:
    config = f"try:\n    import local\nexcept ImportError:\n    if True:\n        {CONFIG}"
    tree(tmp_path, {"config.py": config, "auth.py": USE})
    assert rule_at(tmp_path, "config.py:5:19") == "FPA001"


def test_the_hook_runs_one_process_per_commit() -> None:
    """pre-commit would otherwise split a commit's files into batches the pass cannot join."""
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert [hook["require_serial"] for hook in hooks] == [True]


@pytest.mark.parametrize(
    ("package", "importer"),
    [
        pytest.param("from .base import MY_APP\n", USE.replace("config", "settings"), id="plain"),
        pytest.param(
            "from .base import MY_APP as PORTAL\n",
            USE.replace("config", "settings").replace("MY_APP", "PORTAL"),
            id="renamed",
        ),
        pytest.param(
            "from settings.base import MY_APP\n",
            "import msal\nimport settings\n\nmsal.PublicClientApplication(settings.MY_APP)\n",
            id="absolute-then-attribute",
        ),
    ],
)
def test_reexported_by_a_package(tmp_path: Path, package: str, importer: str) -> None:
    tree(
        tmp_path,
        {"settings/__init__.py": package, "settings/base.py": CONFIG, "auth.py": importer},
    )
    found = findings(tmp_path)
    assert found["settings/base.py:1:11"][0] == "FPA001"
    assert "at auth.py:" in found["settings/base.py:1:11"][1]


def test_reexport_inside_a_function_is_not_an_export(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "settings/__init__.py": "def load():\n    from .base import MY_APP\n    return 1\n",
            "settings/base.py": CONFIG,
            "auth.py": USE.replace("config", "settings"),
        },
    )
    assert rule_at(tmp_path, "settings/base.py:1:11") == "FPA002"


@pytest.mark.parametrize(
    "deep",
    [
        pytest.param("x = " + "(" * 100_000 + "1" + ")" * 100_000, id="parentheses"),
        pytest.param("x = " + "+".join(["1"] * 100_000), id="operator-chain"),
    ],
)
def test_deeply_nested_modules_are_skipped_not_crashed_on(tmp_path: Path, deep: str) -> None:
    tree(tmp_path, {"config.py": f"{deep}\n{CONFIG}", "auth.py": f"{deep}\n{USE}"})
    found = findings(tmp_path)
    assert [rule for rule, _ in found.values()] == ["FPA002"]


def test_lookups_match_the_python_scanner() -> None:
    from linter.scanners import python_labels

    assert flows._LOOKUPS == python_labels.LOOKUPS


def test_importing_the_engine_does_not_import_libcst() -> None:
    """A run over files without Python IDs must not pay libcst's 200 ms import."""
    code = "import sys, linter.engine, linter.cli; print('libcst' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param(
            f'MY_APP = os.environ.get("APP", "{AZ_CLI}")\n', "FPA001", id="lookup-default"
        ),
        pytest.param(f'MY_APP = OTHER or "{AZ_CLI}"\n', "FPA001", id="or-fallback"),
        pytest.param(f'MY_APP = "{AZ_CLI}".lower()\n', "FPA001", id="lowered"),
        pytest.param(f'MY_APP = make_app("{AZ_CLI}")\n', "FPA002", id="inside-another-call"),
    ],
)
def test_what_a_name_takes_from_its_value(tmp_path: Path, config: str, expected: str) -> None:
    tree(tmp_path, {"config.py": "import os\n" + config, "auth.py": USE})
    (found,) = findings(tmp_path).values()
    assert found[0] == expected


@pytest.mark.parametrize(
    "name",
    [
        "a.py",
        "A.PY",
        "b.pyi",
        "c.pyw",
        ".env.py",
        "x.py.json",
        "x.json.py",
        "py",
        ".py",
        "a.pyc",
        "a.pyx",
        "setup.cfg",
        "README.md",
        "a.ipynb",
        "dir.py/x.txt",
        ".env",
        "Makefile",
    ],
)
def test_python_files_are_those_the_scanners_table_gives_the_python_scanner(name: str) -> None:
    """The suffix test agrees with the table that picks scanners."""
    ref = discovery.FileRef(name, name)
    assert scanners.is_python(ref.name) == (scanners.module_for(ref.name) == scanners.PYTHON)


def test_each_run_looks_at_the_files_afresh(tmp_path: Path) -> None:
    """A run remembers what it found on disk; the next run (a new `Modules`) sees a module
    created in between, as a long-lived library caller running scans again would expect."""
    tree(tmp_path, {"app/here.py": ""})
    here = tmp_path / "app" / "here.py"
    run = module_paths.Modules()
    assert run.resolve(here, 1, "late") is None
    (tmp_path / "app" / "late.py").write_text("")
    assert run.resolve(here, 1, "late") is None
    assert module_paths.Modules().resolve(here, 1, "late") == tmp_path / "app" / "late.py"
    tree(tmp_path, {"config.py": CONFIG})
    assert rule_at(tmp_path, "config.py:1:11") == "FPA002"
    tree(tmp_path, {"auth.py": USE})
    assert rule_at(tmp_path, "config.py:1:11") == "FPA001"


def test_a_scanned_python_file_is_parsed_once_for_its_constants(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a file is scanned, the cross-module pass looks for its constants in the tree the
    scanner made (`parse_quietly` keeps the last one), not in a second parse."""
    import ast

    from linter.scanners import python_depth

    (tmp_path / "settings.py").write_text(f'CLIENT_ID = "{AZ_CLI}"\nOTHER = 1\n')
    ref = discovery.FileRef(tmp_path / "settings.py", "settings.py")
    parses: list[str] = []
    real = ast.parse

    def counted(source: str, *args: object, **kwargs: object) -> ast.Module:
        parses.append(source)
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(python_depth.ast, "parse", counted)
    result = engine.scan_file(ref, CAT, engine.ScanOptions())
    found = flows.constants_of(ref, result, engine.ScanOptions().max_bytes)
    assert found and [c.name for c in found] == ["CLIENT_ID"]
    assert len(parses) == 1
    assert python_depth.parse_quietly("x = 2\n") is not python_depth.parse_quietly("x = 3\n")
