"""Mixins combined with ``VersionedObject``: dict access, comparison, timestamps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from vobjects import fields as _fields

_NOT_GIVEN = object()


class VersionedObjectMixin:
    """Marker base for mixins that contribute ``fields`` to object classes."""


class TimestampedObject(VersionedObjectMixin):
    """Adds the nullable ``created_at`` and ``updated_at`` datetime fields."""

    fields: ClassVar[dict[str, _fields.Field[Any]]] = {
        "created_at": _fields.DateTimeField(nullable=True),
        "updated_at": _fields.DateTimeField(nullable=True),
    }


class ComparableVersionedObject:
    """Objects equal when their primitives are equal (handy in tests).

    As in OVO, change tracking takes part (the primitive carries ``changes``)
    and hashing stays by identity.
    """

    def __eq__(self, other: object) -> bool:
        if hasattr(other, "obj_to_primitive"):
            return bool(self.obj_to_primitive() == other.obj_to_primitive())  # type: ignore[attr-defined]
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if hasattr(other, "obj_to_primitive"):
            return bool(self.obj_to_primitive() != other.obj_to_primitive())  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return super().__hash__()


class VersionedObjectDictCompat:
    """Read and write fields as ``obj['name']``, for code not yet moved to attributes.

    Iteration yields set fields and every extra field, in ``obj_fields`` order.
    """

    def __iter__(self) -> Iterator[str]:
        extra = self.obj_extra_fields  # type: ignore[attr-defined]
        for name in self.obj_fields:  # type: ignore[attr-defined]
            if name in extra or self.obj_attr_is_set(name):  # type: ignore[attr-defined]
                yield name

    keys = __iter__

    def values(self) -> Iterator[Any]:
        for name in self:
            yield getattr(self, name)

    def items(self) -> Iterator[tuple[str, Any]]:
        for name in self:
            yield name, getattr(self, name)

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    def __setitem__(self, name: str, value: Any) -> None:
        setattr(self, name, value)

    def get(self, key: str, value: Any = _NOT_GIVEN) -> Any:
        """The field's value; ``value`` when given and the field is unset.

        Raises AttributeError for a name that is not a field, even with a default.
        """
        if key not in self.obj_fields:  # type: ignore[attr-defined]
            raise AttributeError(f"'{self.__class__}' object has no attribute '{key}'")
        if value is not _NOT_GIVEN and not self.obj_attr_is_set(key):  # type: ignore[attr-defined]
            return value
        return getattr(self, key)

    def update(self, updates: dict[str, Any]) -> None:
        for key, value in updates.items():
            setattr(self, key, value)
