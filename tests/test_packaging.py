"""The wheel carries data/: the catalog loads from a normal install, not only a checkout."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest
from helpers import AZ_CLI

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def test_wheel_ships_the_catalog(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = dist.glob("first_party_lint-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    work = tmp_path / "work"
    work.mkdir()
    (work / "appsettings.json").write_text(f'{{"AzureAd": {{"ClientId": "{AZ_CLI}"}}}}\n')

    where = subprocess.run(
        [str(bindir / "python"), "-c", "import linter.catalog as c; print(c.data_dir())"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "site-packages" in where and Path(where, "ids.txt").is_file()

    result = subprocess.run(
        [str(bindir / "first-party-lint"), "check", "appsettings.json"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("appsettings.json:1:27: FPA001 Microsoft Azure CLI")
    assert "How to fix AADSTS65002" in result.stdout
