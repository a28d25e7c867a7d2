"""The built-in hash modules give hashlib's digests, and the fallback is hashlib itself."""

from __future__ import annotations

import builtins
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import AZ_CLI, ROOT
from hypothesis import given
from hypothesis import strategies as st

from linter import digests


@given(data=st.binary(max_size=300), more=st.binary(max_size=300), size=st.integers(1, 64))
def test_digests_are_hashlib_s(data: bytes, more: bytes, size: int) -> None:
    ours = digests.blake2b(data, digest_size=size)
    ours.update(more)
    theirs = hashlib.blake2b(data, digest_size=size)
    theirs.update(more)
    assert ours.hexdigest() == theirs.hexdigest()
    assert ours.digest() == theirs.digest()
    sha = digests.sha256(data)
    sha.update(more)
    assert sha.hexdigest() == hashlib.sha256(data + more).hexdigest()


def test_without_the_built_in_modules_hashlib_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_builtins(name: str, *args: Any, **kwargs: Any) -> object:
        if name in ("_blake2", "_sha2", "_sha256"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    digests._first.cache_clear()  # the constructors are looked up once per process
    monkeypatch.setattr(builtins, "__import__", no_builtins)
    try:
        assert digests._first(digests._SHA256) is hashlib.sha256
        assert digests.sha256(b"x").hexdigest() == hashlib.sha256(b"x").hexdigest()
        made = digests.blake2b(b"x", 8).hexdigest()
        assert made == hashlib.blake2b(b"x", digest_size=8).hexdigest()
    finally:
        digests._first.cache_clear()


def test_a_run_with_findings_loads_no_hashlib(tmp_path: Path) -> None:
    """Fingerprints (JSON report), cache keys and --shard buckets: none loads OpenSSL."""
    (tmp_path / "auth.py").write_text(f'import msal\nmsal.PublicClientApplication("{AZ_CLI}")\n')
    code = (
        "import sys; from linter import cli; "
        "code = cli.main(['check', '--format', 'json', '--shard', '1/1', sys.argv[1]]); "
        "cli.main(['check', '--format', 'json', '--shard', '1/2', sys.argv[1]]); "
        "print(code, 'hashlib' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "FIRST_PARTY_LINT_CACHE_DIR": str(tmp_path / "cache")},
        check=False,
    )
    assert done.stderr.splitlines()[-1] == "1 False", done.stderr
    assert '"fingerprint": "' in done.stdout
    assert list((tmp_path / "cache").rglob("*")), "the cache was not written"
