"""``ObjectListBase``: an object whose one field ``objects`` is a list of objects.

Combine it before ``VersionedObject``: ``class L(ObjectListBase,
VersionedObject)``.  It behaves as a read-only sequence of its objects and
backports its children by ``child_versions`` (list version -> child version).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, TypeVar, overload

from vobjects import _backport, exception
from vobjects import fields as _fields

_VO = TypeVar("_VO")

_SAME_TYPE_ONLY = "List Objects should be of the same type and only have an 'objects' field"


class ObjectListBase(Sequence[_VO]):
    """Mixin for list objects; see the module docstring."""

    fields: ClassVar[dict[str, _fields.Field[Any]]] = {
        "objects": _fields.ListOfObjectsField("VersionedObject"),
    }
    #: ``{list version: child version}``, oldest first.
    child_versions: ClassVar[dict[str, str]] = {}
    objects: list[_VO]
    _context: Any
    _changed_fields: set[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "objects" not in kwargs:
            self.objects = []
            self._changed_fields.discard("objects")

    def __len__(self) -> int:
        return len(self.objects)

    def __contains__(self, value: object) -> bool:
        return value in self.objects

    def __iter__(self) -> Iterator[_VO]:
        return iter(self.objects)

    @overload
    def __getitem__(self, index: int) -> _VO: ...

    @overload
    def __getitem__(self, index: slice) -> ObjectListBase[_VO]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            new = self.__class__()
            new.objects = self.objects[index]
            new.obj_reset_changes()  # type: ignore[attr-defined]
            new._context = self._context
            return new
        return self.objects[index]

    def sort(self, key: Callable[[_VO], Any] | None = None, reverse: bool = False) -> None:
        """Sort the objects in place; this is not recorded as a change."""
        self.objects.sort(key=key, reverse=reverse)  # type: ignore[arg-type]

    def obj_make_compatible(self, primitive: dict[str, Any], target_version: str) -> None:
        """Backport the children by ``child_versions``, else relationships or manifest.

        With no rule at all every child is labelled ``1.0``, as in OVO.
        """
        if self.child_versions:
            relationships: Any = list(self.child_versions.items())
        else:
            try:
                relationships = self._obj_relationship_for("objects", target_version)  # type: ignore[attr-defined]
            except exception.ObjectActionError:
                relationships = None

        def backport(version: str) -> None:
            _backport.do_subobject_backport(version, self, "objects", primitive)  # type: ignore[arg-type]

        try:
            if relationships:
                _backport.get_subobject_version(target_version, relationships, backport)
            else:
                backport("1.0")
        except exception.TargetBeforeSubobjectExistedException:
            del primitive["objects"]

    def obj_what_changed(self) -> set[str]:
        """Changed fields, plus ``objects`` when any child has changes."""
        changes = set(self._changed_fields)
        if any(child.obj_what_changed() for child in self.objects):  # type: ignore[attr-defined]
            changes.add("objects")
        return changes

    def _only_objects(self, other: object) -> bool:
        return self.__class__ == other.__class__ and list(self.fields) == ["objects"]

    def __add__(self, other: ObjectListBase[_VO]) -> ObjectListBase[_VO]:
        if self._only_objects(other):
            return self.__class__(objects=self.objects + other.objects)  # type: ignore[call-arg]
        raise TypeError(_SAME_TYPE_ONLY)

    def __radd__(self, other: ObjectListBase[_VO]) -> ObjectListBase[_VO]:
        if self._only_objects(other):
            raise NotImplementedError("__radd__ is not implemented for objects of the same type")
        raise TypeError(_SAME_TYPE_ONLY)
