"""Test helpers for projects that use versioned objects (OVO's ``fixture`` module).

Its ``Fixture`` classes come from the ``fixtures`` package, a dependency of
vobjects (a small one, with none of its own), so that following the
tutorial needs no test extras.  The hash checker lives in
:mod:`vobjects._checker`; the pytest plugin (:mod:`vobjects.pytest_plugin`)
uses that directly.

Deliberate differences from OVO's module are listed in
``doc/source/fixture.rst``: cycle-safe dependency trees with list edges as
an opt-in, order-insensitive ``test_relationships``, sorted and explained
hash mismatches, an opt-in strict datetime comparison in ``compare_obj``,
and patches aimed at ``vobjects.base`` rather than OVO's module.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any
from unittest import mock

import fixtures

from vobjects import _registry
from vobjects._checker import LOG, ObjectHashMismatch, ObjectVersionChecker
from vobjects._fingerprint import ArgSpec, CompatArgSpec, OsloOrderedDict, get_method_spec
from vobjects._object import VersionedObject
from vobjects._remotable import VersionedObjectIndirectionAPI

__all__ = [
    "LOG",
    "ArgSpec",
    "CompatArgSpec",
    "FakeIndirectionAPI",
    "IndirectionFixture",
    "ObjectHashMismatch",
    "ObjectVersionChecker",
    "OsloOrderedDict",
    "StableObjectJsonFixture",
    "VersionedObjectRegistryFixture",
    "compare_obj",
    "get_method_spec",
]


def _naive(value: datetime.datetime) -> datetime.datetime:
    """``value`` as naive UTC (an aware value is converted first)."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(datetime.timezone.utc)
    return value.replace(tzinfo=None)


def compare_obj(
    test: Any,
    obj: VersionedObject,
    db_obj: Mapping[str, Any],
    subs: Mapping[str, str] | None = None,
    allow_missing: list[str] | None = None,
    comparators: Mapping[str, Callable[[Any, Any], None]] | None = None,
    *,
    strict_datetimes: bool = False,
) -> None:
    """Assert that ``obj`` holds the values of the dict-like ``db_obj``.

    ``subs`` maps field names to ``db_obj`` keys; fields in ``allow_missing``
    are skipped when absent on either side; ``comparators[field](db_value,
    obj_value)`` replaces ``test.assertEqual`` for a field.  A field set on
    one side only fails; unset on both is skipped.

    By default datetime fields compare as in OVO, which is vacuous: the
    ``db_obj`` value is replaced by the object's, so they always match.  With
    ``strict_datetimes=True`` both are converted to naive UTC and compared.
    """
    subs = subs or {}
    allow_missing = allow_missing or []
    comparators = comparators or {}
    for key in obj.fields:
        db_key = subs.get(key, key)
        if key in allow_missing and (key not in obj or db_key not in db_obj):
            continue
        on_obj = obj.obj_attr_is_set(key)
        on_db = db_key in db_obj
        if not on_obj and not on_db:
            continue
        if on_obj and not on_db:
            raise AssertionError(
                f"{key} (db_key: {db_key}) is set on the object, but not on the db_obj, so the objects are not equal"
            )
        if on_db and not on_obj:
            raise AssertionError(
                f"{key} (db_key: {db_key}) is set on the db_obj, but not on the object, so the objects are not equal"
            )
        obj_val = getattr(obj, key)
        db_val = db_obj[db_key]
        if strict_datetimes:
            if isinstance(obj_val, datetime.datetime):
                obj_val = _naive(obj_val)
            if isinstance(db_val, datetime.datetime):
                db_val = _naive(db_val)
        else:
            # OVO's behaviour, kept so passing suites stay green: see the docstring.
            if isinstance(obj_val, datetime.datetime):
                obj_val = obj_val.replace(tzinfo=None)
            if isinstance(db_val, datetime.datetime):
                db_val = obj_val.replace(tzinfo=None)
        if key in comparators:
            comparators[key](db_val, obj_val)
        else:
            test.assertEqual(db_val, obj_val)


def _no_indirection() -> Any:
    """A patch that runs remotable methods locally for its duration."""
    return mock.patch.object(VersionedObject, "indirection_api", None)


class FakeIndirectionAPI(VersionedObjectIndirectionAPI):
    """An indirection API that runs every remotable call locally, over a serializer.

    Objects and arguments make the round trip through ``serializer`` (by
    default a new ``vobjects.base.VersionedObjectSerializer``), so tests see
    what a conductor would see, including backports of class-method results
    to the caller's version.
    """

    def __init__(self, serializer: Any = None) -> None:
        super().__init__()
        if serializer is None:
            from vobjects._serializer import VersionedObjectSerializer

            serializer = VersionedObjectSerializer()
        self._ser = serializer

    def _get_changes(self, orig_obj: VersionedObject, new_obj: VersionedObject) -> dict[str, Any]:
        updates: dict[str, Any] = {}
        for name, field in new_obj.fields.items():
            if not new_obj.obj_attr_is_set(name):
                continue
            if not orig_obj.obj_attr_is_set(name) or getattr(orig_obj, name) != getattr(new_obj, name):
                updates[name] = field.to_primitive(new_obj, name, getattr(new_obj, name))
        return updates

    def _round_trip(self, context: Any, value: Any) -> Any:
        return self._ser.deserialize_entity(context, self._ser.serialize_entity(context, value))

    def _canonicalize_args(
        self, context: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (
            tuple(self._round_trip(context, arg) for arg in args),
            {name: self._round_trip(context, arg) for name, arg in kwargs.items()},
        )

    def object_action(
        self, context: Any, objinst: Any, objmethod: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[dict[str, Any], Any]:
        objinst = self._round_trip(context, objinst)
        objmethod = str(objmethod)
        args, kwargs = self._canonicalize_args(context, args, kwargs)
        original = objinst.obj_clone()
        with _no_indirection():
            result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = self._get_changes(original, objinst)
        updates["obj_what_changed"] = objinst.obj_what_changed()
        return updates, result

    def _class_action(
        self, context: Any, objname: str, objmethod: str, objver: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        args, kwargs = self._canonicalize_args(context, args, kwargs)
        cls = VersionedObject.obj_class_from_name(objname, objver)
        with _no_indirection():
            result = getattr(cls, objmethod)(context, *args, **kwargs)
        if isinstance(result, VersionedObject):
            # Rebuilt through the result's own class (OVO used VersionedObject),
            # so objects with a project's own serial namespace come back too.
            primitive = result.obj_to_primitive(target_version=objver)
            return type(result).obj_from_primitive(primitive, context=context)
        return result

    def object_class_action(
        self, context: Any, objname: str, objmethod: str, objver: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        return self._class_action(context, str(objname), str(objmethod), str(objver), args, kwargs)

    def object_class_action_versions(
        self,
        context: Any,
        objname: str,
        objmethod: str,
        object_versions: dict[str, str],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        objname = str(objname)
        versions = {str(name): str(version) for name, version in object_versions.items()}
        return self._class_action(context, objname, str(objmethod), versions[objname], args, kwargs)

    def object_backport(self, context: Any, objinst: Any, target_version: str) -> Any:
        raise Exception("not supported")


class IndirectionFixture(fixtures.Fixture):
    """Route remotable calls through ``indirection_api`` (a new FakeIndirectionAPI by default)."""

    def __init__(self, indirection_api: VersionedObjectIndirectionAPI | None = None) -> None:
        super().__init__()
        self.indirection_api = indirection_api or FakeIndirectionAPI()

    def setUp(self) -> None:
        super().setUp()
        self.useFixture(fixtures.MonkeyPatch("vobjects.base.VersionedObject.indirection_api", self.indirection_api))


class VersionedObjectRegistryFixture(fixtures.Fixture):
    """Registrations made while this fixture is active are undone at cleanup."""

    _base_test_obj_backup: dict[str, list[type[VersionedObject]]]

    def setUp(self) -> None:
        super().setUp()
        table = _registry.VersionedObjectRegistry._registry._obj_classes
        backup = type(table)() if isinstance(table, _registry.ObjectClasses) else {}
        backup.update((name, list(classes)) for name, classes in table.items())
        self._base_test_obj_backup = backup
        self.addCleanup(self._restore_obj_registry)

    @staticmethod
    def register(cls_name: type[VersionedObject]) -> None:
        """Register a class for the duration of the fixture."""
        _registry.VersionedObjectRegistry.register(cls_name)

    def _restore_obj_registry(self) -> None:
        _registry.VersionedObjectRegistry._registry._obj_classes = self._base_test_obj_backup


class StableObjectJsonFixture(fixtures.Fixture):
    """Sorts the ``changes`` list of every primitive, for tests that compare them.

    vobjects already emits ``changes`` sorted; the fixture keeps that promise
    for subclasses that build primitives themselves, as OVO's does.
    """

    def __init__(self) -> None:
        super().__init__()
        self._original_otp = VersionedObject.obj_to_primitive

    def setUp(self) -> None:
        super().setUp()
        original = self._original_otp

        def obj_to_primitive(obj: VersionedObject, *args: Any, **kwargs: Any) -> dict[str, Any]:
            result = original(obj, *args, **kwargs)
            key = obj._obj_primitive_key("changes")
            if key in result:
                result[key].sort()
            return result

        self.useFixture(fixtures.MonkeyPatch("vobjects.base.VersionedObject.obj_to_primitive", obj_to_primitive))
