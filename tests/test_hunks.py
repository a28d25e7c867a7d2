"""Reading git's patch output back: quoted names, hunk headers, and content read as bytes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from git_env import git_env
from helpers import AZ_CLI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import engine, hunks
from linter.catalog import Catalog
from linter.discovery import FileRef


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        pytest.param(b"b/plain.py", b"b/plain.py", id="plain"),
        pytest.param(b"b/with space.py\t", b"b/with space.py", id="space-tab"),
        pytest.param(b'"b/new\\nline.py"', b"b/new\nline.py", id="newline"),
        pytest.param(b'"b/tab\\there"\t', b"b/tab\there", id="tab-and-trailer"),
        pytest.param(b'"b/q\\"uote\\\\slash"', b'b/q"uote\\slash', id="quote-backslash"),
        pytest.param(b'"b/\\303\\274ber.py"', "b/über.py".encode(), id="octal-utf-8"),
        pytest.param(b'"b/latin\\351.py"', b"b/latin\xe9.py", id="octal-not-utf-8"),
    ],
)
def test_unquote(printed: bytes, name: bytes) -> None:
    assert hunks.unquote(printed) == name


def test_hunk_lines_are_counted_not_pattern_matched() -> None:
    patch = (
        b"diff --git a/x b/x\n--- a/x\n+++ b/x\n"
        b"@@ -1,0 +2,3 @@\n+++ b/y\n+@@ -1 +1 @@\n+diff --git a/z b/z\n"
        b"@@ -9 +11 @@\n-old\n+new\n"
        b"@@ -20,2 +21,0 @@\n-gone\n-gone too\n"
        b"diff --git a/y b/y\ndeleted file mode 100644\n--- a/y\n+++ /dev/null\n"
        b"@@ -1 +0,0 @@\n-bye\n"
    )
    assert hunks.added_lines(patch) == {b"x": {2, 3, 4, 11}}


_LINES = st.lists(st.sampled_from(["a", "b", "c", "++ b/x", "--- a/x", "@@ -1 +1 @@", ""]))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(old=_LINES, new=_LINES)
def test_added_lines_agree_with_git(tmp_path: Path, old: list[str], new: list[str]) -> None:
    """Whatever git's alignment, the lines it does not mark as added are old lines, in order,
    and a line that occurs nowhere in the old file is always marked."""
    (tmp_path / "old").write_text("".join(f"{line}\n" for line in old))
    (tmp_path / "new").write_text("".join(f"{line}\n" for line in new))
    patch = subprocess.run(
        ["git", "diff", "--no-index", "-U0", "--no-color", "old", "new"],
        cwd=tmp_path,
        env=git_env(tmp_path),
        capture_output=True,
        check=False,
    ).stdout
    added = hunks.added_lines(patch).get(b"new", set())
    assert added <= set(range(1, len(new) + 1))
    kept = iter(old)
    assert all(line in kept for n, line in enumerate(new, 1) if n not in added)
    assert all(n in added for n, line in enumerate(new, 1) if line not in old)


_CONTENT = st.lists(
    st.sampled_from(
        [
            f'CLIENT_ID = "{AZ_CLI}"\n',
            f'{{"ClientId": "{AZ_CLI}"}}\n',
            "x = 1\n",
            "\x00",
            "\r\n",
            "\ufeff",
            f"# {AZ_CLI.upper()}\n",
        ]
    )
).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_CONTENT, name=st.sampled_from(["a.py", "appsettings.json", ".env", "x.png", "x"]))
def test_scan_bytes_equals_scan_file(
    tmp_path: Path, catalog: Catalog, text: str, name: str
) -> None:
    """A blob is judged exactly as the same bytes in a file of the same name."""
    data = text.encode("utf-8")
    (tmp_path / name).write_bytes(data)
    options = engine.ScanOptions()
    from_file = engine.scan_file(FileRef(tmp_path / name, name), catalog, options)
    assert engine.scan_bytes(data, name, name, catalog, options) == from_file
