"""Small immutable records, typed like frozen dataclasses but made without `dataclasses`.

`confplan mark` imports the commands, which are records: importing `dataclasses`
(and `inspect` with it) and setting up a dataclass per command would cost it about
a tenth of its time, as it would for the progress entries (see progress/models.py).
Here a class lists its fields as annotations; it gets slots, an `__init__` taking
them in order (or by name), and equality, hashing and a repr by value. Assigning to
a field afterwards raises AttributeError, and type checkers see the class as a
frozen dataclass.
"""

from __future__ import annotations

from typing import Any, ClassVar, dataclass_transform


@dataclass_transform(frozen_default=True)
class RecordType(type):
    """Makes a record class: its annotated names (not ClassVar) are its fields, after
    those of its bases; a value given in the class body is the field's default."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> RecordType:
        annotations = namespace.get("__annotations__", {})
        own = tuple(n for n, a in annotations.items() if not _is_class_variable(a))
        fields: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in bases:
            fields += getattr(base, "_fields", ())
            defaults.update(getattr(base, "_defaults", {}))
        fields += own
        defaults.update((n, namespace.pop(n)) for n in own if n in namespace)
        first = next((i for i, f in enumerate(fields) if f in defaults), len(fields))
        bare = [f for f in fields[first:] if f not in defaults]
        if bare:
            raise TypeError(f"{name}: {bare[0]!r} without a default follows one with")
        namespace.update(__slots__=own, _fields=fields, _defaults=defaults, __match_args__=fields)
        return super().__new__(mcs, name, bases, namespace, **kwargs)


def _is_class_variable(annotation: object) -> bool:
    return str(annotation).startswith(("ClassVar", "typing.ClassVar"))


class Record(metaclass=RecordType):
    """The base of records: `class Move(Record): session: str; to: int = 1`."""

    _fields: ClassVar[tuple[str, ...]]
    _defaults: ClassVar[dict[str, Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        kind = type(self).__name__
        if len(args) > len(fields):
            raise TypeError(f"{kind} takes {len(fields)} values, not {len(args)}")
        values = dict(zip(fields, args, strict=False))
        for name, value in kwargs.items():
            if name not in fields or name in values:
                raise TypeError(f"{kind}: unexpected or repeated value for {name!r}")
            values[name] = value
        for name in fields:
            if name in values:
                value = values[name]
            elif name in self._defaults:
                value = self._defaults[name]
            else:
                raise TypeError(f"{kind} needs a value for {name!r}")
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"
