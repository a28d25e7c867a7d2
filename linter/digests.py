"""Hash functions without `import hashlib`, whose OpenSSL loading costs 3-4 ms.

Every run that finds an ID hashes something (fingerprints, cache keys, `--shard` buckets), and
a pre-commit hook pays each millisecond on every commit. CPython ships its own BLAKE2 and
SHA-256 as small built-in modules (`_blake2`; `_sha256`, named `_sha2` from 3.12), which load
in a fraction of that and give the same digests; `hashlib` is the fallback for a Python built
without them (some FIPS builds), so a digest never depends on which one answered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a Protocol class costs 1 ms to create at start-up, for annotations only
    from typing import Protocol

    class Digest(Protocol):
        def update(self, data: bytes, /) -> None: ...

        def digest(self) -> bytes: ...

        def hexdigest(self) -> str: ...


_BLAKE2B = (("_blake2", "blake2b"), ("hashlib", "blake2b"))
_SHA256 = (("_sha2", "sha256"), ("_sha256", "sha256"), ("hashlib", "sha256"))


@cache
def _first(places: tuple[tuple[str, str], ...]) -> Callable[..., Any]:
    """The first constructor found (looked for once per process: a data file's thousands of
    fingerprints ask for it each)."""
    for module, name in places:
        try:
            found: Callable[..., Any] = getattr(__import__(module), name)  # top-level modules
        except (ImportError, AttributeError):
            continue
        return found
    raise ImportError(f"no {places[-1][1]} in this Python")


def blake2b(data: bytes = b"", digest_size: int = 64) -> Digest:
    """`hashlib.blake2b(data, digest_size=...)` (hashlib's own is `_blake2`'s)."""
    digest: Digest = _first(_BLAKE2B)(data, digest_size=digest_size)
    return digest


def sha256(data: bytes = b"") -> Digest:
    """`hashlib.sha256(data)`."""
    digest: Digest = _first(_SHA256)(data)
    return digest
