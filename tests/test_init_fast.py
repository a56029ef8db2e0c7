"""The constructor's fast path behaves as OVO's one ``setattr`` per kwarg.

A registered class's generated ``init`` takes a shortcut when the kwargs are
exactly its fields: it coerces them all, in field order, then stores them.
Every other case goes the ordered way (``init_fields``, or OVO's plain
``setattr`` loop).  Each test builds the same objects with vobjects and with
OVO and expects the same fields, changes, context, extra attributes, or the
same error; where a shortcut is meant to be taken (or not), it says so.
"""

from __future__ import annotations

import datetime
import inspect
import types
from typing import Any
from unittest import mock

import pytest
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from vobjects import _object, base, fields

UUID = "d4a2cbf6-6d4c-4a4b-9a5e-0c8f5f8e2b11"
WHEN = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)


def _define(b: Any, fld: Any) -> types.SimpleNamespace:
    """The classes of these tests, registered with one library."""
    register = b.VersionedObjectRegistry.register

    @register
    class Kid(b.VersionedObject):
        VERSION = "1.0"
        fields = {"id": fld.IntegerField(), "name": fld.StringField(nullable=True)}

    @register
    class Thing(b.VersionedObject):
        VERSION = "1.0"
        fields = {
            "id": fld.IntegerField(),
            "uuid": fld.UUIDField(),
            "state": fld.EnumField(valid_values=("on", "off")),
            "note": fld.StringField(nullable=True),
            "at": fld.DateTimeField(nullable=True),
            "ip": fld.IPV4AddressField(nullable=True),
            "tags": fld.ListOfStringsField(),
            "meta": fld.DictOfStringsField(),
            "kid": fld.ObjectField("Kid", nullable=True),
            "kids": fld.ListOfObjectsField("Kid"),
        }
        obj_extra_fields = ["label"]

        @property
        def label(self) -> str:
            return f"thing {self.id}"

    @register
    class Frozen(b.VersionedObject):
        VERSION = "1.0"
        fields = {"ro": fld.IntegerField(read_only=True), "b": fld.IntegerField()}

    @register
    class Own(Thing):
        """A subclass whose own __init__ sets things around super().__init__."""

        def __init__(self, context: Any = None, **kwargs: Any) -> None:
            self.before = len(kwargs)
            super().__init__(context, **kwargs)
            self.after = sorted(self._changed_fields)

    @register
    class More(Thing):
        VERSION = "1.1"
        fields = {"more": fld.IntegerField(nullable=True)}

    class Unregistered(b.VersionedObject):
        fields = {"id": fld.IntegerField()}

    class Inherits(Thing):
        """Never registered: its fields are Thing's properties."""

    @register
    class Watched(b.VersionedObject):
        VERSION = "1.0"
        fields = {"a": fld.IntegerField(), "b": fld.StringField()}

        def __setattr__(self, name: str, value: Any) -> None:
            self.__dict__.setdefault("seen", []).append(name)
            super().__setattr__(name, value)

    @register
    class Things(b.ObjectListBase, b.VersionedObject):
        VERSION = "1.0"
        fields = {"objects": fld.ListOfObjectsField("Thing")}

    return types.SimpleNamespace(**{name: value for name, value in locals().items() if isinstance(value, type)})


@pytest.fixture
def ours() -> types.SimpleNamespace:
    return _define(base, fields)


@pytest.fixture
def theirs() -> types.SimpleNamespace:
    return _define(ovo_base, ovo_fields)


def _values(lib: types.SimpleNamespace, **changes: Any) -> dict[str, Any]:
    """Every field of Thing, in field order, with values to coerce or not."""
    values = {
        "id": 1,
        "uuid": UUID,
        "state": "on",
        "note": None,
        "at": WHEN,
        "ip": "10.0.0.1",
        "tags": ["a", "b"],
        "meta": {"k": "v"},
        "kid": lib.Kid(id=7, name="k"),
        "kids": [lib.Kid(id=8), lib.Kid(id=9, name=None)],
    }
    values.update(changes)
    return values


def _sorted_changes(value: Any) -> Any:
    """A primitive with its change lists sorted (OVO writes them in set order)."""
    if isinstance(value, list):
        return [_sorted_changes(item) for item in value]
    if isinstance(value, dict):
        return {k: sorted(v) if k.endswith(".changes") else _sorted_changes(v) for k, v in value.items()}
    return value


def _state(obj: Any) -> dict[str, Any]:
    """What a construction left behind, comparable across the two libraries."""
    primitive = _sorted_changes(obj.obj_to_primitive())
    return {
        "data": primitive["versioned_object.data"],
        "changed": sorted(obj._changed_fields),
        "context": obj._context,
        "extra": {k: v for k, v in vars(obj).items() if not k.startswith("_")},
    }


def _outcome(make: Any, *args: Any, **kwargs: Any) -> Any:
    """The state ``make(*args, **kwargs)`` builds, or the error it raises."""
    try:
        return _state(make(*args, **kwargs))
    except Exception as exc:
        return (type(exc).__name__, str(exc))


def _same(ours: Any, theirs: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """Build class ``name`` with both libraries from the same arguments; they must agree."""
    outcome = _outcome(getattr(ours, name), *args, **kwargs)
    assert outcome == _outcome(getattr(theirs, name), *args, **kwargs)
    return outcome


def _ordered(cls: type, *args: Any, **kwargs: Any) -> Any:
    """``cls(*args, **kwargs)`` through the ordered path only, never the shortcut."""
    obj = cls.__new__(cls)
    context = args[0] if args else kwargs.pop("context", None)
    _object.init_fields(obj, context, kwargs, None)
    return obj


@pytest.fixture
def shortcut(ours: types.SimpleNamespace) -> Any:
    """Count, per class, the constructions that fell back to the ordered path."""
    fallbacks: dict[str, int] = {}

    def patch(cls: type) -> Any:
        namespace = cls._vo_codec.init.__globals__

        def counting(obj: Any, *args: Any) -> None:
            fallbacks[cls.__name__] = fallbacks.get(cls.__name__, 0) + 1
            _object.init_fields(obj, *args)

        return mock.patch.dict(namespace, {"_init_fields": counting})

    return types.SimpleNamespace(patch=patch, fallbacks=fallbacks)


class TestExactFields:
    def test_all_fields_take_the_shortcut_and_match_ovo(self, ours, theirs, shortcut):
        with shortcut.patch(ours.Thing):
            mine = _state(ours.Thing(**_values(ours)))
        assert shortcut.fallbacks == {}
        assert mine == _state(theirs.Thing(**_values(theirs)))
        assert mine["changed"] == sorted(ours.Thing.fields)

    def test_values_that_need_coercion(self, ours, theirs):
        changes = {"id": "12", "at": datetime.datetime(2024, 1, 2, 3, 4, 5), "tags": ("x", 3), "meta": {"k": 1}}
        outcome = _outcome(ours.Thing, **_values(ours, **changes))
        assert outcome == _outcome(theirs.Thing, **_values(theirs, **changes))
        assert outcome["data"]["id"] == 12
        assert outcome["data"]["tags"] == ["x", "3"]

    def test_kwargs_in_any_order(self, ours, theirs, shortcut):
        reverse = dict(reversed(list(_values(ours).items())))
        with shortcut.patch(ours.Thing):
            mine = _state(ours.Thing(**reverse))
        assert shortcut.fallbacks == {}
        assert mine == _state(theirs.Thing(**dict(reversed(list(_values(theirs).items())))))

    def test_the_same_as_the_ordered_path(self, ours):
        assert _state(ours.Thing(**_values(ours))) == _state(_ordered(ours.Thing, **_values(ours)))

    def test_stored_in_the_field_attributes(self, ours):
        obj = ours.Thing(**_values(ours))
        assert obj.__dict__["_obj_id"] == 1
        assert obj.obj_attr_is_set("kids") and "_obj_kids" in vars(obj)


class TestBadValues:
    @pytest.mark.parametrize(
        "changes",
        [
            {"id": "x"},
            {"kids": None},
            {"state": "dim"},
            {"id": "x", "state": "dim"},
            {"state": "dim", "id": "x"},
            {"ip": "nope", "kid": 5},
        ],
    )
    def test_the_first_bad_kwarg_wins_as_in_ovo(self, ours, theirs, changes):
        # Bad values moved to the front, in this order: OVO raises for the first.
        def order(lib: types.SimpleNamespace) -> dict[str, Any]:
            values = _values(lib, **changes)
            return {**{name: values[name] for name in changes}, **values}

        outcome = _outcome(ours.Thing, **order(ours))
        assert outcome == _outcome(theirs.Thing, **order(theirs))
        assert isinstance(outcome, tuple)

    def test_a_caught_error_leaves_what_ovo_leaves(self, ours, theirs):
        def build(lib: types.SimpleNamespace) -> Any:
            class Catching(lib.Thing):
                def __init__(self, **kwargs: Any) -> None:
                    try:
                        super().__init__(None, **kwargs)
                    except ValueError:
                        pass

            values = _values(lib, state="dim")
            return _state(Catching(**{"meta": values.pop("meta"), "state": values.pop("state"), **values}))

        mine = build(ours)
        assert mine == build(theirs)
        assert mine["data"] == {"meta": {"k": "v"}}
        assert mine["changed"] == ["meta"]

    def test_an_invalid_uuid_warns_once_when_it_is_the_only_odd_value(self, ours):
        with pytest.warns(FutureWarning) as caught:
            ours.Thing(**_values(ours, uuid="not-a-uuid"))
        assert len(caught) == 1


class TestNotExactlyTheFields:
    def test_some_fields(self, ours, theirs):
        _same(ours, theirs, "Thing", id=1, note="n")

    def test_no_kwargs(self, ours, theirs):
        assert _same(ours, theirs, "Thing")["changed"] == []

    def test_an_unknown_kwarg_is_a_plain_attribute(self, ours, theirs, shortcut):
        with shortcut.patch(ours.Thing):
            ours.Thing(**_values(ours), colour="red")
        assert shortcut.fallbacks == {"Thing": 1}
        mine = _outcome(ours.Thing, **_values(ours), colour="red")
        assert mine == _outcome(theirs.Thing, **_values(theirs), colour="red")
        assert mine["extra"] == {"colour": "red"}

    def test_a_field_missing_and_an_unknown_kwarg(self, ours, theirs):
        def kwargs(lib: types.SimpleNamespace) -> dict[str, Any]:
            values = _values(lib, colour="red")
            del values["note"]
            return values

        assert _outcome(ours.Thing, **kwargs(ours)) == _outcome(theirs.Thing, **kwargs(theirs))

    def test_an_extra_field_goes_through_its_property(self, ours, theirs):
        # OVO sets it with setattr: a read-only property refuses.
        assert _same(ours, theirs, "Thing", id=1, label="x")[0] == "AttributeError"


class TestContext:
    @pytest.mark.parametrize("how", ["positional", "keyword"])
    def test_context(self, ours, theirs, how, shortcut):
        ctx = object()

        def build(lib: types.SimpleNamespace) -> Any:
            values = _values(lib)
            thing = lib.Thing(ctx, **values) if how == "positional" else lib.Thing(context=ctx, **values)
            return _state(thing)

        with shortcut.patch(ours.Thing):
            mine = build(ours)
        assert shortcut.fallbacks == {}
        assert mine == build(theirs)
        assert mine["context"] is ctx

    def test_signature_is_ovo_s(self, ours, theirs):
        assert inspect.signature(ours.Thing) == inspect.signature(theirs.Thing)
        assert str(inspect.signature(ours.Thing.__init__)) == "(self, context: 'Any' = None, **kwargs: 'Any') -> 'None'"
        assert ours.Thing.__init__ is base.VersionedObject.__init__


class TestClasses:
    def test_subclass_with_its_own_init(self, ours, theirs):
        mine = _outcome(ours.Own, **_values(ours))
        assert mine == _outcome(theirs.Own, **_values(theirs))
        assert mine["extra"] == {"before": len(ours.Thing.fields), "after": sorted(ours.Thing.fields)}

    def test_subclass_with_its_own_init_and_some_fields(self, ours, theirs):
        assert _same(ours, theirs, "Own", note="x")["extra"] == {"before": 1, "after": ["note"]}

    def test_registered_subclass_uses_its_own_fields(self, ours, theirs, shortcut):
        with shortcut.patch(ours.More):
            mine = _state(ours.More(**_values(ours), more=3))
        assert shortcut.fallbacks == {}
        assert mine == _state(theirs.More(**_values(theirs), more=3))
        # Thing's shortcut does not accept More's extra field.
        assert _same(ours, theirs, "Thing", **_values(ours), more=3)["extra"] == {"more": 3}

    def test_unregistered_subclass_sets_through_inherited_properties(self, ours, theirs):
        mine = _outcome(ours.Inherits, **_values(ours))
        assert mine == _outcome(theirs.Inherits, **_values(theirs))
        assert mine["data"]["id"] == 1

    def test_class_never_registered_gets_plain_attributes(self, ours, theirs):
        mine = ours.Unregistered(id="1")
        other = theirs.Unregistered(id="1")
        assert vars(mine) == vars(other) == {"_changed_fields": set(), "_context": None, "id": "1"}

    def test_own_setattr_sees_every_assignment(self, ours, theirs):
        # The properties' own stores too, as OVO's setattr of "_obj_<name>".
        seen = ["_changed_fields", "_context", "a", "_obj_a", "b", "_obj_b"]
        assert ours.Watched(a=1, b="x").seen == theirs.Watched(a=1, b="x").seen == seen
        mine = ours.Watched(a="1", b="x")
        assert (mine.a, mine.b, mine._changed_fields) == (1, "x", {"a", "b"})

    def test_object_list(self, ours, theirs):
        assert _same(ours, theirs, "Things")["data"] == {"objects": []}
        mine = _outcome(ours.Things, objects=[ours.Thing(id=1)])
        assert mine == _outcome(theirs.Things, objects=[theirs.Thing(id=1)])


class TestReadOnly:
    def test_constructed_once(self, ours, theirs):
        assert _same(ours, theirs, "Frozen", ro=1, b=2)["data"] == {"ro": 1, "b": 2}

    @pytest.mark.parametrize("ro", [1, 5])
    def test_constructed_again(self, ours, theirs, ro):
        def again(lib: types.SimpleNamespace) -> Any:
            obj = lib.Frozen(ro=1, b=2)
            try:
                obj.__init__(ro=ro, b=3)
            except Exception as exc:
                return (type(exc).__name__, str(exc), _state(obj))
            return _state(obj)

        assert again(ours) == again(theirs)


class TestReinit:
    def test_construct_again_replaces_fields_and_changes(self, ours, theirs):
        def again(lib: types.SimpleNamespace) -> Any:
            obj = lib.Thing(**_values(lib))
            obj.obj_reset_changes()
            obj.extra = 1
            obj.__init__("ctx", **_values(lib, id=2, note="n"))
            return _state(obj)

        mine = again(ours)
        assert mine == again(theirs)
        assert mine["data"]["id"] == 2 and mine["extra"] == {"extra": 1}


def test_patched_base_init_still_runs(ours):
    with mock.patch.object(base.VersionedObject, "__init__", return_value=None) as init:
        ours.Thing(id=1)
    init.assert_called_once_with(id=1)


@pytest.mark.parametrize("name", ["a.b", "with-dash", "\ufb01le", "version_manifest"])
def test_field_names_that_are_not_plain_attributes(name):
    @base.VersionedObjectRegistry.register
    class Odd(base.VersionedObject):
        VERSION = "1.0"
        fields = {name: fields.IntegerField(), "n": fields.IntegerField()}

    fast = Odd(**{name: "1", "n": 2})
    assert fast.__dict__ == _ordered(Odd, **{name: "1", "n": 2}).__dict__
    assert fast.__dict__["_obj_" + name] == 1


def test_custom_field_type_takes_the_ordered_path(ours):
    class Doubled(fields.Integer):
        def coerce(self, obj: Any, attr: str, value: Any) -> int:
            return 2 * super().coerce(obj, attr, value)

    @base.VersionedObjectRegistry.register
    class Custom(base.VersionedObject):
        VERSION = "1.0"
        fields = {"n": fields.Field(Doubled()), "m": fields.IntegerField()}

    assert "_get_all(kwargs)" not in Custom._vo_codec.source
    obj = Custom(n=2, m="3")
    assert (obj.n, obj.m, obj._changed_fields) == (4, 3, {"n", "m"})


def test_read_only_class_takes_the_ordered_path(ours):
    assert "_get_all(kwargs)" not in ours.Frozen._vo_codec.source
    assert "_get_all(kwargs)" in ours.Thing._vo_codec.source


class TestCallErrors:
    """``self`` and ``context`` are positional-only in vobjects; calls bind (or fail) as in OVO."""

    @pytest.mark.parametrize(
        ("args", "kwargs"),
        [
            ((), {"self": 1}),
            ((), {"self": 1, "id": 2}),
            ((1, 2), {}),
            ((1,), {"context": 2}),
            ((None,), {"context": 2}),
            ((), {"context": 3}),
            ((), {"context": 3, "id": 4}),
            ((), {"id": 4, "context": 3}),
            ((1,), {"self": 2, "context": 3}),
            ((1,), {"context": 3, "self": 2}),
            ((), {"context": 3, "self": 2}),
        ],
    )
    @pytest.mark.parametrize("name", ["Thing", "Unregistered", "Own", "Things"])
    def test_binding(self, ours, theirs, name, args, kwargs):
        _same(ours, theirs, name, *args, **kwargs)

    def test_a_field_named_self(self):
        def build(b: Any, fld: Any) -> Any:
            @b.VersionedObjectRegistry.register
            class Selfish(b.VersionedObject):
                VERSION = "1.0"
                fields = {"self": fld.IntegerField()}

            return _outcome(Selfish, self=1)

        outcome = build(base, fields)
        assert outcome == build(ovo_base, ovo_fields)
        assert outcome[0] == "TypeError"

    def test_no_self_at_all(self):
        with pytest.raises(TypeError) as mine:
            base.VersionedObject.__init__()
        with pytest.raises(TypeError) as other:
            ovo_base.VersionedObject.__init__()
        assert str(mine.value) == str(other.value)
