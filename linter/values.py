"""Immutable value classes without `dataclasses`, for the types a pre-commit run builds.

`import dataclasses` costs a hook about 8 ms on every commit (it imports `inspect`, which
imports `ast`, `dis`, `tokenize` ...), and each `@dataclass` another 0.3 ms, because it writes
and compiles its methods at import. A subclass of `Value` costs what any small class costs:
it lists its fields once in `_fields` (and in `__slots__`), sets them in a hand-written
`__init__` (the constructor's signature and defaults stay visible to readers and to mypy),
and inherits what `@dataclass(frozen=True)` generated: equality by class and fields, a hash of
the fields, a repr, `AttributeError` on assignment, pickling (results cross to worker
processes and into the cache) and `_replace`, named as on the NamedTuples of
`linter.findings`.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    _V = TypeVar("_V", bound="Value")

# How `__init__` sets a field: the class's own `__setattr__` refuses every assignment.
set_field = object.__setattr__


class Value:
    """Base of an immutable value class: see the module docstring for what a subclass writes."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    # The fields' values as a tuple, read in C: equality and hash are as fast as a
    # dataclass's (an `allow` entry is hashed once per file it may apply to).
    _values_of: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        names = cls._fields
        if len(names) > 1:
            cls._values_of = attrgetter(*names)
        else:  # attrgetter of one name gives the value, not a tuple
            cls._values_of = lambda value: tuple([getattr(value, name) for name in names])

    def _values(self) -> tuple[Any, ...]:
        return type(self)._values_of(self)

    def _replace(self: _V, **changes: Any) -> _V:
        """A copy with `changes` applied (`dataclasses.replace`); the constructor checks them."""
        values = dict(zip(self._fields, self._values(), strict=True))
        values.update(changes)
        return self.__class__(**values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Value) or other.__class__ is not self.__class__:
            return NotImplemented
        return bool(type(self)._values_of(self) == type(other)._values_of(other))

    def __hash__(self) -> int:
        return hash(type(self)._values_of(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt through the constructor: pickle's default fills a __dict__ (slots have none)
        # or calls setattr (refused here).
        return (self.__class__, self._values())


def fields(value: Value) -> tuple[str, ...]:
    """The names of `value`'s fields, in constructor order (`dataclasses.fields`)."""
    return value._fields
