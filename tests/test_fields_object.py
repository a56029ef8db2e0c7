"""The Object field type against OVO.

Coercion and stringify are duck-typed, so plain stand-ins serve both
libraries.  Tests that need real registered objects (hydration, schema) use
``vobjects.base``.
"""

from __future__ import annotations

import oslo_versionedobjects.fields as ovo_fields
import pytest

from tests.test_fields_support import HOLDER, ovo_base, pair
from vobjects import exception, fields


class Thing:
    """Looks like a versioned object named 'Thing' with an 'id' field."""

    fields = {"id": None, "name": None}

    def __init__(self, **values):
        self.__dict__.update(values)

    @classmethod
    def obj_name(cls):
        return "Thing"

    def obj_attr_is_set(self, name):
        return name in self.__dict__

    def obj_to_primitive(self):
        return {"thing": dict(self.__dict__)}


class SubThing(Thing):
    """A subclass that reports its own name."""

    fields = {"uuid": None}

    @classmethod
    def obj_name(cls):
        return "SubThing"


class Named:
    """An object whose obj_name() is not 'Thing'."""

    @staticmethod
    def obj_name():
        return "Other"


def _outcome(call, *args):
    try:
        return ("ok", call(*args))
    except Exception as exc:
        return ("error", type(exc).__name__, str(exc))


VALUES = [Thing(id=1), SubThing(uuid="u"), Thing, Named(), None, 1, "Thing", [Thing()], {"a": 1}]


@pytest.mark.parametrize("subclasses", [False, True])
@pytest.mark.parametrize("owner", [HOLDER, None, Thing()], ids=["holder", "none", "thing"])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_coerce_matches_ovo(value, owner, subclasses):
    """coerce() accepts the same values (returned as themselves) and words refusals the same."""
    ovo_type, our_type = pair("Object", "Thing", subclasses=subclasses)
    ours = _outcome(our_type.coerce, owner, "child", value)
    theirs = _outcome(ovo_type.coerce, owner, "child", value)
    assert ours == theirs
    if ours[0] == "ok":
        assert ours[1] is value


@pytest.mark.parametrize("value", [Thing(id=1), Thing(), SubThing(uuid="u"), SubThing()], ids=repr)
def test_stringify_to_primitive_describe_match_ovo(value):
    """stringify (uuid, then id, or UNKNOWN), to_primitive and describe are OVO's."""
    ovo_type, our_type = pair("Object", "Thing")
    assert our_type.stringify(value) == ovo_type.stringify(value)
    assert our_type.to_primitive(HOLDER, "c", value) == ovo_type.to_primitive(HOLDER, "c", value)
    assert our_type.describe() == ovo_type.describe() == "Object<Thing>"


def test_object_fields_keep_objname():
    """ObjectField and ListOfObjectsField expose .objname and print as OVO's."""
    for name in ("ObjectField", "ListOfObjectsField"):
        for kwargs in ({}, {"nullable": True}, {"subclasses": True, "default": None}):
            ovo_field, our_field = pair(name, "Thing", **kwargs)
            assert our_field.objname == "Thing"
            assert repr(our_field) == repr(ovo_field)
            assert our_field.describe() == ovo_field.describe()


def test_list_of_objects_coerces_elements_by_name():
    """A ListOfObjectsField names the failing element as field[i], as OVO does."""
    ovo_field, our_field = pair("ListOfObjectsField", "Thing")
    value = [Thing(), Named()]
    assert _outcome(our_field.coerce, HOLDER, "kids", value) == _outcome(ovo_field.coerce, HOLDER, "kids", value)


@pytest.fixture
def vo_base():
    """The vobjects.base module."""
    from vobjects import base

    return base


@pytest.fixture
def Leaf(vo_base):
    @vo_base.VersionedObjectRegistry.register
    class Leaf(vo_base.VersionedObject):
        VERSION = "1.1"
        fields = {"id": fields.IntegerField(), "name": fields.StringField(nullable=True)}

    return Leaf


@pytest.fixture
def OvoLeaf():
    @ovo_base.VersionedObjectRegistry.register
    class Leaf(ovo_base.VersionedObject):
        VERSION = "1.1"
        fields = {"id": ovo_fields.IntegerField(), "name": ovo_fields.StringField(nullable=True)}

    return Leaf


def test_from_primitive_hydrates_through_the_owner(Leaf):
    """from_primitive() builds the object from its primitive and passes hydrated objects through."""
    owner = Leaf(id=0)
    leaf = Leaf(id=3, name="x")
    our_type = fields.Object("Leaf")
    back = our_type.from_primitive(owner, "child", leaf.obj_to_primitive())
    assert type(back) is Leaf and back.id == 3 and back.name == "x"
    assert our_type.from_primitive(owner, "child", leaf) is leaf
    assert our_type.hydrate(owner, "child", leaf.obj_to_primitive()).id == 3


def test_hydrate_checks_the_name(Leaf, vo_base):
    """A primitive of another object hydrates, then fails the name check, as in OVO."""

    @vo_base.VersionedObjectRegistry.register
    class Bark(vo_base.VersionedObject):
        fields = {"id": fields.IntegerField()}

    owner = Leaf(id=0)
    with pytest.raises(ValueError, match=r"An object of type .*Leaf is required in field child, not a .*Bark"):
        fields.Object("Leaf").hydrate(owner, "child", Bark(id=1).obj_to_primitive())


def test_stringify_of_real_objects_matches_ovo(Leaf, OvoLeaf):
    """stringify of registered objects (id set or not) matches OVO's."""
    for kwargs in ({"id": 4}, {}):
        assert fields.Object("Leaf").stringify(Leaf(**kwargs)) == ovo_fields.Object("Leaf").stringify(OvoLeaf(**kwargs))


def test_schema_matches_ovo(Leaf, OvoLeaf, vo_base):
    """get_schema() describes the newest registered class exactly as OVO does."""

    @vo_base.VersionedObjectRegistry.register
    class Tree(vo_base.VersionedObject):
        fields = {"leaf": fields.ObjectField("Leaf", nullable=True), "tags": fields.ListOfStringsField()}

    @ovo_base.VersionedObjectRegistry.register
    class OvoTree(ovo_base.VersionedObject):
        fields = {"leaf": ovo_fields.ObjectField("Leaf", nullable=True), "tags": ovo_fields.ListOfStringsField()}

        @classmethod
        def obj_name(cls):
            return "Tree"

    assert fields.Object("Tree").get_schema() == ovo_fields.Object("Tree").get_schema()
    assert fields.ObjectField("Tree").get_schema() == ovo_fields.ObjectField("Tree").get_schema()


def test_schema_of_unknown_name_does_not_register_it(vo_base):
    """An unknown name raises UnsupportedObjectError and leaves no empty registry entry behind."""
    with pytest.raises(exception.UnsupportedObjectError, match="Unsupported object type Ghost"):
        fields.Object("Ghost").get_schema()
    assert "Ghost" not in vo_base.VersionedObjectRegistry.obj_classes()


def test_object_field_of_a_non_str_type_registers_as_in_ovo(vo_base):
    """``ObjectField(IntegerField())`` (heat's Resource.rsrc_prop_data_id) registers and behaves as in OVO.

    OVO takes any object as the objtype; such a field can hold no registered
    object, so every value but None (when nullable) is refused, while the
    class registers, fingerprints and round-trips its other fields.
    """
    from oslo_versionedobjects import fixture as ovo_fixture

    from vobjects import fixture

    def define(lib_base, lib_fields):
        @lib_base.VersionedObjectRegistry.register
        class Resource(lib_base.VersionedObject, lib_base.VersionedObjectDictCompat):
            fields = {
                "status": lib_fields.StringField(nullable=True),
                "prop_data_id": lib_fields.ObjectField(lib_fields.IntegerField(nullable=True), nullable=True),
            }

        return Resource

    def scenario(cls, lib_fixture):
        obj = cls(status="COMPLETE")
        seen = [lib_fixture.ObjectVersionChecker({"Resource": [cls]}).get_hashes()]
        obj.prop_data_id = None
        seen.append(obj.prop_data_id)
        for value in (3, "3", obj):
            try:
                obj.prop_data_id = value
            except Exception as exc:
                # OVO's own message building fails (TypeError); vobjects
                # raises the ValueError OVO meant, naming the field.
                assert type(exc) in (ValueError, TypeError)
                if lib_fixture is fixture:
                    assert type(exc) is ValueError and "prop_data_id" in str(exc)
                seen.append("refused")
            else:
                seen.append(obj.prop_data_id)
        seen.append(obj.prop_data_id)
        primitive = obj.obj_to_primitive()
        loaded = cls.obj_from_primitive(primitive)
        changes = primitive.pop("versioned_object.changes")  # OVO lists them in set order
        seen.append((primitive, sorted(changes), loaded.status, loaded.prop_data_id, loaded["status"]))
        return seen

    ours = scenario(define(vo_base, fields), fixture)
    theirs = scenario(define(ovo_base, ovo_fields), ovo_fixture)
    assert ours == theirs
