"""Declared lifecycles: the version each field (and enum value) appeared in.

Instead of a hand-written ``obj_make_compatible`` that pops every field
added after the target version, a class may declare::

    class Flavor(base.VersionedObject):
        VERSION = "1.2"
        fields = {..., "extra_specs": ..., "description": ..., "state": fields.EnumField([...])}
        obj_field_history = {"extra_specs": "1.1", "description": "1.2"}
        obj_enum_history = {"state": {"paused": "1.2", "shelved": ("1.2", "stopped")}}

``obj_field_history`` maps a field to the version that added it; a backport
to an older version drops the field.  ``obj_enum_history`` maps an enum field
(or list-of-enum field) to ``{value: added}`` or ``{value: (added, fallback)}``:
an older target gets ``fallback`` in place of the value, or, without a
fallback, the backport raises :class:`~vobjects.exception.EnumValueTooNew`.

Fields not named keep OVO behaviour.  Neither attribute is part of the OVO
fingerprint, and ``fields`` is unchanged.  The plan is built once per class
(:func:`build`, called from ``_classbuild.build_codec``) and applied by
``VersionedObject.obj_make_compatible`` before the child backports, so
overrides that call ``super()`` still run their own code afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vobjects import _versions, exception
from vobjects import fields as _fields

if TYPE_CHECKING:
    from vobjects import _schema

_REFUSE = object()


class Lifecycle:
    """The precomputed backport plan of one class."""

    __slots__ = ("_plans", "added", "enums", "objname")

    def __init__(
        self,
        objname: str,
        added: tuple[tuple[tuple[int, ...], str, str], ...],
        enums: tuple[tuple[str, Any, tuple[int, ...], str, Any, bool], ...],
    ) -> None:
        self.objname = objname
        #: ``(parsed version, version, field)`` per declared field.
        self.added = added
        #: ``(field, value, parsed version, version, fallback or _REFUSE, is_list)``.
        self.enums = enums
        self._plans: dict[str, tuple[frozenset[str], tuple[Any, ...]]] = {}

    def plan(self, target_version: str) -> tuple[frozenset[str], tuple[Any, ...]]:
        """``(fields to drop, enum rules)`` for ``target_version``, cached."""
        try:
            return self._plans[target_version]
        except KeyError:
            pass
        target = _versions.parse(target_version)
        drop = frozenset(name for parsed, _version, name in self.added if parsed > target)
        rules = tuple(rule for rule in self.enums if rule[2] > target and rule[0] not in drop)
        if len(self._plans) < 256:
            self._plans[target_version] = (drop, rules)
        return drop, rules

    def apply(self, primitive: dict[str, Any], target_version: str) -> frozenset[str]:
        """Backport ``primitive`` (a data dict) in place; returns the dropped fields."""
        drop, rules = self.plan(target_version)
        for name in drop:
            primitive.pop(name, None)
        for field, value, _parsed, added, fallback, is_list in rules:
            if field not in primitive:
                continue
            current = primitive[field]
            if is_list:
                if isinstance(current, list) and value in current:
                    primitive[field] = [
                        self._replace(field, value, added, fallback, target_version) if item == value else item
                        for item in current
                    ]
            elif current == value:
                primitive[field] = self._replace(field, value, added, fallback, target_version)
        return drop

    def _replace(self, field: str, value: Any, added: str, fallback: Any, target_version: str) -> Any:
        if fallback is _REFUSE:
            raise exception.EnumValueTooNew(
                objname=self.objname, field=field, value=value, added=added, target_version=target_version
            )
        return fallback

    def fields_at(self, field_names: set[str] | frozenset[str], target_version: str) -> set[str]:
        """The names among ``field_names`` that exist at ``target_version``."""
        drop, _rules = self.plan(target_version)
        return set(field_names) - drop


def _invalid(cls: type, field: str, reason: str) -> exception.LifecycleInvalid:
    return exception.LifecycleInvalid(objname=cls.obj_name(), field=field, reason=reason)  # type: ignore[attr-defined]


def _parse(cls: type, field: str, version: Any, current: tuple[int, ...]) -> tuple[int, ...]:
    try:
        parsed = _versions.parse(version)
    except (ValueError, exception.VersionedObjectsException):
        raise _invalid(cls, field, f"{version!r} is not a version of the form X.Y") from None
    if parsed > current:
        raise _invalid(cls, field, f"added in {version}, after the class version {cls.VERSION}")  # type: ignore[attr-defined]
    return parsed


def _enum_of(field: Any) -> tuple[Any, bool] | None:
    """``(Enum type, is_list)`` of an enum or list-of-enum field, else None."""
    ftype = field._type
    if isinstance(ftype, _fields.Enum):
        return ftype, False
    if isinstance(ftype, _fields.List) and isinstance(ftype._element_type._type, _fields.Enum):
        return ftype._element_type._type, True
    return None


def build(cls: type) -> Lifecycle | None:
    """The plan for ``cls``, or None when it declares no lifecycle.

    Raises :class:`~vobjects.exception.LifecycleInvalid` for a field that does
    not exist, a version that is malformed or newer than the class, an enum
    value that is not valid, or a fallback that is not a valid value.
    """
    history = getattr(cls, "obj_field_history", None) or {}
    enum_history = getattr(cls, "obj_enum_history", None) or {}
    if not history and not enum_history:
        return None
    if hasattr(cls, "child_versions"):
        # ObjectListBase backports by child_versions and never reaches the hook.
        raise _invalid(cls, "*", "list objects (ObjectListBase) cannot declare a lifecycle")
    fields = cls.fields  # type: ignore[attr-defined]
    current = _versions.parse(cls.VERSION)  # type: ignore[attr-defined]
    added = []
    for name, version in sorted(history.items()):
        if name not in fields:
            raise _invalid(cls, name, "there is no such field")
        added.append((_parse(cls, name, version, current), version, name))
    enums = []
    for name, values in sorted(enum_history.items()):
        if name not in fields:
            raise _invalid(cls, name, "there is no such field")
        found = _enum_of(fields[name])
        if found is None:
            raise _invalid(cls, name, "obj_enum_history names a field that is not an enum or a list of enums")
        enum_type, is_list = found
        valid = list(enum_type._valid_values)
        for value, spec in sorted(values.items()):
            if value not in valid:
                raise _invalid(cls, name, f"{value!r} is not one of its valid values")
            version, fallback = (spec, _REFUSE) if isinstance(spec, str) else tuple(spec)
            if fallback is not _REFUSE and fallback not in valid:
                raise _invalid(cls, name, f"fallback {fallback!r} for {value!r} is not one of its valid values")
            enums.append((name, value, _parse(cls, name, version, current), version, fallback, is_list))
    return Lifecycle(cls.obj_name(), tuple(added), tuple(enums))  # type: ignore[attr-defined]


def _without_values(ftype: _schema.TypeSchema, gone: set[Any]) -> _schema.TypeSchema:
    import dataclasses

    if ftype.values is not None:
        return dataclasses.replace(ftype, values=tuple(v for v in ftype.values if v not in gone))
    if ftype.element is not None:
        element = dataclasses.replace(ftype.element, type=_without_values(ftype.element.type, gone))
        return dataclasses.replace(ftype, element=element)
    return ftype


def schema_at(cls: type, version: str) -> _schema.ObjectSchema:
    """The schema of ``cls`` at an older ``version``, as its declared lifecycle implies.

    Fields and enum values added after ``version`` are left out, and a list's
    ``child_versions`` keep the entries up to ``version``.  Remotable methods
    and types are assumed unchanged (a lifecycle does not record them).
    """
    # Imported here: dataclasses and inspect cost ~10 ms on ``import vobjects.base``.
    import dataclasses

    from vobjects import _schema

    current = _schema.schema_of(cls)
    if version == current.version:
        return current
    lifecycle = build(cls)
    target = _versions.parse(version)
    fields = dict(current.fields)
    if lifecycle is not None:
        drop, _rules = lifecycle.plan(version)
        for name in drop:
            fields.pop(name, None)
        for name, value, parsed, *_rest in lifecycle.enums:
            if name in fields and parsed > target:
                field = fields[name]
                fields[name] = dataclasses.replace(field, type=_without_values(field.type, {value}))
    child_versions = current.child_versions
    if child_versions is not None:
        child_versions = tuple(pair for pair in child_versions if _versions.parse(pair[0]) <= target)
    return dataclasses.replace(
        current, version=version, fields=tuple(sorted(fields.items())), child_versions=child_versions
    )


def derived_versions(cls: type) -> list[str]:
    """The older versions of the class's major a declared lifecycle describes, oldest first.

    Empty for a class that declares no lifecycle.  OVO versions are consecutive
    (``X.0``, ``X.1``, ...), so every minor below the current one was released.
    """
    if not (getattr(cls, "obj_field_history", None) or getattr(cls, "obj_enum_history", None)):
        return []
    parsed = _versions.parse(cls.VERSION)  # type: ignore[attr-defined]
    if len(parsed) != 2:
        return []
    return [f"{parsed[0]}.{minor}" for minor in range(parsed[1])]
