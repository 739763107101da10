"""Containers that cannot be changed in place, for the data a stage hands to the next.

Frozen models and dataclasses refuse `bank.claims = …`, but not `bank.claims[key] = …` or
`question.choices.append(…)`. Lists inside the data are tuples; mappings are `FrozenDict`.

`FrozenDict` is a `dict` subclass, not a `types.MappingProxyType`, on purpose: pydantic, json,
Jinja and `isinstance(value, dict)` keep treating it as the dict it is, and it can be pickled
(a mapping proxy cannot) when data travels to a worker process. It is still, for `isinstance`, a
`MutableMapping`; its mutators raise TypeError. A bank model's mapping field is
`Annotated[dict[K, V], AfterValidator(FrozenDict)]`, as `types.fields.Text` is: pydantic validates a dict,
then stores it frozen.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A dict that refuses every change after it is made; a stage that needs another builds a new one."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("this mapping is frozen: build a new one instead of changing it")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    @classmethod
    def fromkeys(cls, keys: Any, value: Any = None) -> Any:  # dict's would set the items one by one
        return cls(dict.fromkeys(keys, value))

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        # Unpickling a dict subclass sets its items one by one, which `__setitem__` refuses.
        return type(self), (dict(self),)

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        import copy

        return type(self)({copy.deepcopy(key, memo): copy.deepcopy(value, memo) for key, value in self.items()})

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


def freeze(value: Any) -> Any:
    """Lists as tuples and dicts as FrozenDicts, all the way down (plain data a stage keeps)."""
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    if isinstance(value, dict):
        return FrozenDict({key: freeze(item) for key, item in value.items()})
    return value


def freeze_mappings(instance: Any, *names: str) -> None:
    """In a frozen dataclass's `__post_init__`: make these mapping fields FrozenDicts, however the instance was
    made (loaded, built by a later stage, or `dataclasses.replace` with a plain dict). None stays None."""
    for name in names:
        value = getattr(instance, name)
        if value is not None and not isinstance(value, FrozenDict):
            object.__setattr__(instance, name, FrozenDict(value))


def thaw(value: Any) -> Any:
    """The opposite, for data that leaves as JSON (a manifest): lists and plain dicts, as json.loads gives them,
    so a manifest made in memory and one read from its file hold the same types."""
    if isinstance(value, (list, tuple)):
        return [thaw(item) for item in value]
    if isinstance(value, dict):
        return {key: thaw(item) for key, item in value.items()}
    return value
