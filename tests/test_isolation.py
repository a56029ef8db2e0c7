"""Isolated registries: two projects (or releases) with the same names in one process."""

from __future__ import annotations

import pytest

from vobjects import base, exception, fields

NS = "versioned_object"


def _release(version, child_version, extra_field):
    """Define one release's Registry, base class, Child and Parent."""

    class Registry(base.VersionedObjectRegistry):
        isolated = True

    class Base(base.VersionedObject):
        OBJ_REGISTRY = Registry

    @Registry.register
    class Child(Base):
        VERSION = child_version
        fields = {"id": fields.IntegerField(), **extra_field}

    @Registry.register
    class Parent(Base):
        VERSION = version
        fields = {"child": fields.ObjectField("Child"), "kids": fields.ListOfObjectsField("Child", default=[])}
        obj_relationships = {"child": [("1.0", "1.0"), ("1.1", "1.1")], "kids": [("1.0", "1.0"), ("1.1", "1.1")]}

    return Registry, Base, Child, Parent


@pytest.fixture
def releases():
    old = _release("1.0", "1.0", {})
    new = _release("1.1", "1.1", {"label": fields.StringField(nullable=True)})
    return old, new


def test_tables_are_separate_and_shared_one_untouched(releases):
    """Each isolated registry holds only its own classes; the shared table holds neither."""
    (old_reg, *_), (new_reg, *_) = releases
    assert [c.VERSION for c in old_reg.obj_classes()["Parent"]] == ["1.0"]
    assert [c.VERSION for c in new_reg.obj_classes()["Parent"]] == ["1.1"]
    assert "Parent" not in base.VersionedObjectRegistry.obj_classes()
    assert old_reg().obj_classes() is old_reg.obj_classes()


def test_old_release_cannot_read_new_objects(releases):
    """The old release's base refuses a 1.1 primitive; the new one reads it with its own classes."""
    (_, old_base, *_), (_, new_base, new_child, new_parent) = releases
    prim = new_parent(child=new_child(id=1, label="x"), kids=[new_child(id=2)]).obj_to_primitive()
    with pytest.raises(exception.IncompatibleObjectVersion):
        old_base.obj_from_primitive(prim)
    obj = new_base.obj_from_primitive(prim)
    assert type(obj) is new_parent and type(obj.child) is new_child and type(obj.kids[0]) is new_child


def test_backported_primitive_hydrates_with_old_classes(releases):
    """A primitive backported to 1.0 hydrates entirely with the old release's classes."""
    (_, old_base, old_child, old_parent), (_, _, new_child, new_parent) = releases
    prim = new_parent(child=new_child(id=1, label="x"), kids=[new_child(id=2)]).obj_to_primitive("1.0")
    obj = old_base.obj_from_primitive(prim)
    assert type(obj) is old_parent and type(obj.child) is old_child and type(obj.kids[0]) is old_child


def test_manifest_and_serializer_use_the_isolated_registry(releases):
    """obj_tree_get_versions and the serializer's backport look names up in the isolated registry."""
    (old_reg, old_base, *_), (new_reg, _, new_child, new_parent) = releases
    assert base.obj_tree_get_versions("Parent", registry=old_reg) == {"Parent": "1.0", "Child": "1.0"}
    assert base.obj_tree_get_versions("Parent", registry=new_reg) == {"Parent": "1.1", "Child": "1.1"}

    class Conductor(base.VersionedObjectIndirectionAPI):
        def object_action(self, *args):
            raise AssertionError("not used")

        def object_backport_versions(self, context, objinst, object_versions):
            self.asked = object_versions
            return "backported"

    class OldSerializer(base.VersionedObjectSerializer):
        OBJ_BASE_CLASS = old_base

    conductor = Conductor()
    old_base.indirection_api = conductor
    prim = new_parent(child=new_child(id=1)).obj_to_primitive()
    assert OldSerializer().deserialize_entity(None, prim) == "backported"
    assert conductor.asked == {"Parent": "1.0", "Child": "1.0"}


# -- a registry instance with a table of its own (OVO's per-instance _obj_classes) --------


def _own_table_registry(lib_base):
    """tacker's pattern: a registry subclass whose instances all share a table of their own."""
    import collections

    class OwnRegistry(lib_base.VersionedObjectRegistry):
        _registry = None

        def __new__(cls, *args, **kwargs):
            if not OwnRegistry._registry:
                OwnRegistry._registry = object.__new__(OwnRegistry)
                OwnRegistry._registry._obj_classes = collections.defaultdict(list)
            self = object.__new__(cls)
            self._obj_classes = OwnRegistry._registry._obj_classes
            return self

    return OwnRegistry


@pytest.mark.parametrize("lib", ["vobjects", "ovo"])
def test_registry_instance_with_its_own_table_leaves_the_shared_one(lib):
    """Assigning _obj_classes on a registry instance gives it its own table; the shared table keeps its classes."""
    import oslo_versionedobjects.base as ovo_base
    import oslo_versionedobjects.fields as ovo_fields

    lib_base, lib_fields = (base, fields) if lib == "vobjects" else (ovo_base, ovo_fields)

    @lib_base.VersionedObjectRegistry.register
    class SharedThing(lib_base.VersionedObject):
        fields = {"id": lib_fields.IntegerField()}

    own = _own_table_registry(lib_base)

    @own.register
    class OwnThing(lib_base.VersionedObject):
        fields = {"id": lib_fields.IntegerField()}

    shared = lib_base.VersionedObjectRegistry.obj_classes()
    assert SharedThing in shared["SharedThing"] and "OwnThing" not in shared
    assert own.obj_classes()["OwnThing"] == [OwnThing] and "SharedThing" not in own.obj_classes()
    assert SharedThing.obj_from_primitive(SharedThing(id=1).obj_to_primitive()).id == 1
    import oslo_versionedobjects.exception as ovo_exception

    with pytest.raises((exception if lib == "vobjects" else ovo_exception).UnsupportedObjectError):
        lib_base.VersionedObject.obj_from_primitive(OwnThing(id=2).obj_to_primitive())
