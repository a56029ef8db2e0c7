"""Classes that define a field's storage attribute ``_obj_<name>`` behave as in OVO.

OVO reaches ``_obj_<name>`` only by attribute access (``hasattr``,
``getattr``, ``setattr``, ``delattr``), so a class-level property (watcher's
``ActionPlan._obj_state``, which remembers the old state) or a plain class
default is honoured everywhere.  Each test runs the same scenario on models
defined with both libraries and compares what it saw.
"""

from __future__ import annotations

import pytest
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from vobjects import _classbuild, base, fields

CHANGES = "versioned_object.changes"


def define(lib_base, lib_fields):
    """Thing (property-backed ``_obj_state``), Plain (``_obj_name = None``), Lazy and Parent."""
    register = lib_base.VersionedObjectRegistry.register

    @register
    class Thing(lib_base.VersionedObject):
        fields = {
            "id": lib_fields.IntegerField(),
            "state": lib_fields.StringField(nullable=True),
            "name": lib_fields.StringField(nullable=True),
            "kid": lib_fields.ObjectField("Plain", nullable=True),
        }
        _state = None
        _old_state = None

        @property
        def _obj_state(self):
            return self._state

        @_obj_state.setter
        def _obj_state(self, value):
            self._old_state, self._state = self._state, value

    @register
    class Plain(lib_base.VersionedObject):
        fields = {"id": lib_fields.IntegerField(), "name": lib_fields.StringField(nullable=True)}
        _obj_name = None

    @register
    class Lazy(lib_base.VersionedObject):
        fields = {"id": lib_fields.IntegerField(), "state": lib_fields.StringField()}

        @property
        def _obj_state(self):
            try:
                return self.__dict__["_state"]
            except KeyError:
                raise AttributeError("_obj_state") from None

        @_obj_state.setter
        def _obj_state(self, value):
            self.__dict__["_state"] = value

        def obj_load_attr(self, attrname):
            self.state = "loaded"

    @register
    class Parent(lib_base.VersionedObject):
        fields = {
            "thing": lib_fields.ObjectField("Thing", nullable=True),
            "things": lib_fields.ListOfObjectsField("Thing"),
            "plains": lib_fields.ListOfObjectsField("Plain"),
        }

    return Thing, Plain, Lazy, Parent


def both(scenario):
    """``scenario(Thing, Plain, Lazy, Parent)`` run with vobjects and with OVO."""
    ours = scenario(*define(base, fields))
    theirs = scenario(*define(ovo_base, ovo_fields))
    return ours, theirs


def norm(value):
    """``value`` with every primitive's changes list sorted (OVO lists them in set order)."""
    if isinstance(value, dict):
        return {key: sorted(item) if key == CHANGES else norm(item) for key, item in value.items()}
    if isinstance(value, list):
        return [norm(item) for item in value]
    return value


def state_of(thing):
    return thing.state, thing._state, thing._old_state


def outcome(func):
    """What ``func()`` returned, or the type of what it raised."""
    try:
        return func()
    except Exception as exc:
        return type(exc).__name__


def test_flag_set_only_for_classes_defining_storage():
    """Only a class with a class-level ``_obj_<field>`` in its MRO takes the attribute-access paths."""
    Thing, Plain, Lazy, Parent = define(base, fields)
    assert [Thing._vo_codec.shadowed, Plain._vo_codec.shadowed, Lazy._vo_codec.shadowed] == [True, True, True]
    assert Parent._vo_codec.shadowed is False

    class Sub(Parent):
        _obj_thing = None

    assert _classbuild.codec_for(Sub).shadowed is True


def test_construct_all_and_partial_kwargs():
    """The constructor stores through the property, with every field given or only some."""

    def scenario(Thing, Plain, Lazy, Parent):
        whole = Thing(id=1, state="a", name="n", kid=None)
        partial = Thing(id=2, state="x")
        plain = Plain(id=3)
        named = Plain(id=4, name="n")
        return (
            state_of(whole),
            state_of(partial),
            sorted(partial.obj_what_changed()),
            sorted(key for key in partial.__dict__ if key.startswith("_obj_")),
            (plain.name, plain.obj_attr_is_set("name"), named.name, Plain.__dict__["_obj_name"]),
        )

    ours, theirs = both(scenario)
    assert theirs == ours


def test_assign_and_is_set():
    """Assignment reaches the property's setter; "is it set?" is ``hasattr``, class values included."""

    def scenario(Thing, Plain, Lazy, Parent):
        thing = Thing(id=1, state="first")
        thing.state = "second"
        fresh = Thing()
        return (
            state_of(thing),
            thing.obj_attr_is_set("state"),
            "state" in thing,
            fresh.obj_attr_is_set("state"),
            fresh.obj_attr_is_set("name"),
            Plain().obj_attr_is_set("name"),
            Plain().obj_attr_is_set("id"),
        )

    ours, theirs = both(scenario)
    assert theirs == ours


def test_changes():
    """``obj_get_changes``, ``obj_what_changed`` and ``obj_reset_changes`` (also recursive)."""

    def scenario(Thing, Plain, Lazy, Parent):
        thing = Thing(id=1, state="a")
        seen = [thing.obj_get_changes(), sorted(thing.obj_what_changed())]
        thing.obj_reset_changes(["id"])
        seen.append(thing.obj_get_changes())
        thing.obj_reset_changes()
        thing.state = "b"
        seen.append(thing.obj_get_changes())
        kid = Plain(id=5, name="k")
        kid.obj_reset_changes()
        thing.kid = kid
        thing.obj_reset_changes()
        kid.name = "changed"
        seen.append(sorted(thing.obj_what_changed()))
        thing.obj_reset_changes(recursive=True)
        seen.append((sorted(thing.obj_what_changed()), sorted(kid.obj_what_changed())))
        return seen

    ours, theirs = both(scenario)
    assert theirs == ours


def test_to_primitive_top_level_and_as_child():
    """The primitive holds the property's value, at the top and as a child in an object and a list field."""

    def scenario(Thing, Plain, Lazy, Parent):
        thing = Thing(id=1, state="a")
        thing.state = "b"
        parent = Parent(thing=thing, things=[Thing(id=2, state="c"), Thing(id=3)], plains=[Plain(id=4)])
        primitives = [thing, Thing(), Plain(), Plain(id=1, name="n"), parent]
        return [norm(obj.obj_to_primitive()) for obj in primitives]

    ours, theirs = both(scenario)
    assert theirs == ours


def test_from_primitive_top_level_and_as_child():
    """Loading stores through the property, at the top and for children."""

    def scenario(Thing, Plain, Lazy, Parent):
        thing = Thing(id=1, state="a", name="n")
        parent = Parent(thing=thing, things=[Thing(id=2, state="c")], plains=[Plain(id=4, name="p"), Plain(id=5)])
        top = Thing.obj_from_primitive(thing.obj_to_primitive())
        loaded = Parent.obj_from_primitive(parent.obj_to_primitive())
        return (
            state_of(top),
            sorted(top.obj_what_changed()),
            state_of(loaded.thing),
            [state_of(child) for child in loaded.things],
            [(plain.name, "_obj_name" in plain.__dict__) for plain in loaded.plains],
            Plain.obj_from_primitive(Plain(id=6).obj_to_primitive()).name,
        )

    ours, theirs = both(scenario)
    assert theirs == ours


def test_delete():
    """Deleting a field deletes the attribute: a property without deleter refuses, a class value stays."""

    def scenario(Thing, Plain, Lazy, Parent):
        thing = Thing(id=1, state="a")
        plain = Plain(id=1, name="n")

        def delete_state():
            del thing.state

        def delete_name():
            del plain.name

        first = outcome(delete_name)
        return (
            outcome(delete_state),
            thing.state,
            first,
            plain.name,
            plain.obj_attr_is_set("name"),
            outcome(delete_name),
        )

    ours, theirs = both(scenario)
    assert theirs == ours


def test_lazy_load_reads_through_property():
    """An unset field loaded by ``obj_load_attr`` is read back through the property."""

    def scenario(Thing, Plain, Lazy, Parent):
        lazy = Lazy(id=1)
        return lazy.obj_attr_is_set("state"), lazy.state, lazy.obj_attr_is_set("state"), lazy._state

    ours, theirs = both(scenario)
    assert theirs == ours


def test_repr_and_clone():
    """``repr`` shows the property's value; a clone copies it through the property."""

    def scenario(Thing, Plain, Lazy, Parent):
        thing = Thing(id=1, state="a")
        thing.state = "b"
        clone = thing.obj_clone()
        return repr(thing), repr(Plain(id=2)), state_of(clone), sorted(clone.obj_what_changed())

    ours, theirs = both(scenario)
    assert theirs == ours


@pytest.mark.parametrize("read_only", [False, True])
def test_read_only_field_through_property(read_only):
    """A read-only field compares with what the property returns, on assignment and on load."""

    def scenario(lib_base, lib_fields):
        @lib_base.VersionedObjectRegistry.register
        class Fixed(lib_base.VersionedObject):
            fields = {"uuid": lib_fields.StringField(read_only=read_only)}

            @property
            def _obj_uuid(self):
                return self.__dict__.get("_uuid", "fixed")

            @_obj_uuid.setter
            def _obj_uuid(self, value):
                self.__dict__["_uuid"] = value

        obj = Fixed()

        def assign(value):
            obj.uuid = value
            return obj.uuid

        loaded = Fixed.obj_from_primitive(Fixed(uuid="fixed").obj_to_primitive())
        return outcome(lambda: assign("fixed")), outcome(lambda: assign("other")), loaded.uuid

    assert scenario(ovo_base, ovo_fields) == scenario(base, fields)


def test_fields_named_after_versioned_objects_own_attributes():
    """Fields whose storage is named like VersionedObject's ``_obj_*`` members read back as in OVO.

    ``version_manifest`` and ``from_primitive`` are stored as
    ``_obj_version_manifest`` and ``_obj_from_primitive``, which
    VersionedObject itself defines (the manifest property, the loader).
    Reading the field must find the stored value, not VersionedObject's.
    """

    def scenario(lib_base, lib_fields):
        @lib_base.VersionedObjectRegistry.register
        class Odd(lib_base.VersionedObject):
            VERSION = "1.1"
            fields = {
                "version_manifest": lib_fields.StringField(nullable=True),
                "from_primitive": lib_fields.StringField(),
                "relationship_for": lib_fields.IntegerField(),
                "name": lib_fields.StringField(),
            }

        obj = Odd(version_manifest="m", from_primitive="p", relationship_for="3", name="n")
        seen = [(obj.version_manifest, obj.from_primitive, obj.relationship_for, obj.name)]
        seen.append(sorted(name for name in Odd.fields if obj.obj_attr_is_set(name)))
        primitive = obj.obj_to_primitive()
        loaded = Odd.obj_from_primitive(primitive)
        seen.append((norm(primitive), loaded.version_manifest, loaded.from_primitive, loaded.relationship_for))
        seen.append(norm(loaded.obj_to_primitive(target_version="1.0", version_manifest={"Odd": "1.0"})))
        partial = Odd(name="only")
        seen.append(outcome(lambda: partial.version_manifest))
        partial.version_manifest = None
        seen.append((partial.version_manifest, sorted(partial.obj_what_changed())))
        return seen

    assert scenario(base, fields) == scenario(ovo_base, ovo_fields)


def test_shadowed_class_deletes_a_field_named_after_versioned_objects_own_attribute():
    """In a class that shadows another field's storage, ``del`` of ``version_manifest`` unsets it, as in OVO."""

    def scenario(lib_base, lib_fields):
        @lib_base.VersionedObjectRegistry.register
        class Shadowing(lib_base.VersionedObject):
            fields = {
                "state": lib_fields.StringField(nullable=True),
                "version_manifest": lib_fields.StringField(nullable=True),
            }
            _state = None

            @property
            def _obj_state(self):
                return self._state

            @_obj_state.setter
            def _obj_state(self, value):
                self._state = value

        obj = Shadowing(state="a", version_manifest="m")
        seen = [obj.version_manifest, outcome(lambda: delattr(obj, "version_manifest"))]
        seen.append("_obj_version_manifest" in obj.__dict__)
        obj.version_manifest = "n"
        seen.append((obj.version_manifest, obj.state))
        return seen

    assert scenario(base, fields) == scenario(ovo_base, ovo_fields)
