"""The object model: registry, properties, change tracking, copying, mixins."""

from __future__ import annotations

import copy
import datetime

import pytest

from vobjects import base, exception, fields


def _register(cls):
    return base.VersionedObjectRegistry.register(cls)


@pytest.fixture
def Leaf():
    @_register
    class Leaf(base.VersionedObject):
        VERSION = "1.1"
        fields = {"id": fields.IntegerField(), "name": fields.StringField(nullable=True)}

    return Leaf


@pytest.fixture
def Tree(Leaf):
    @_register
    class Tree(base.VersionedObject):
        VERSION = "1.2"
        fields = {
            "id": fields.IntegerField(),
            "leaf": fields.ObjectField("Leaf", nullable=True),
            "leaves": fields.ListOfObjectsField("Leaf", default=[]),
            "tags": fields.ListOfStringsField(default=[]),
            "frozen": fields.StringField(read_only=True, nullable=True),
            "count": fields.IntegerField(default=42),
        }
        obj_relationships = {"leaf": [("1.0", "1.0"), ("1.2", "1.1")], "leaves": [("1.1", "1.0"), ("1.2", "1.1")]}

    return Tree


# -- registry -----------------------------------------------------------------


def _version_class(version, name="Versioned"):
    return type(name, (base.VersionedObject,), {"VERSION": version, "fields": {}})


def test_registry_orders_newest_first_and_replaces_same_version():
    """Registration keeps the list newest-first by numeric version; a repeat version replaces."""
    classes = [_version_class(v) for v in ("1.1", "1.5", "1.0", "1.3", "1.10")]
    for cls in classes:
        _register(cls)
    again = _register(_version_class("1.5"))
    versions = [c.VERSION for c in base.VersionedObjectRegistry.obj_classes()["Versioned"]]
    assert versions == ["1.10", "1.5", "1.3", "1.1", "1.0"]
    assert again in base.VersionedObjectRegistry.obj_classes()["Versioned"]


def test_registration_hook_calls_match_ovo():
    """registration_hook is called once per compared entry, plus index 0 on append."""
    calls = []

    class Recording(base.VersionedObjectRegistry):
        def registration_hook(self, cls, index):
            calls.append(index)

    def reg(version):
        calls.clear()
        Recording.register(_version_class(version, "Hooked"))
        return list(calls)

    assert reg("1.1") == [0]
    assert reg("1.5") == [0]
    assert reg("1.0") == [0, 1, 0]
    assert reg("1.3") == [0, 1]


def test_register_if_false_and_objectify_do_not_register():
    """register_if(False) and objectify make properties but register nothing."""
    cls = base.VersionedObjectRegistry.objectify(
        type("Objectified", (base.VersionedObject,), {"fields": {"a": fields.IntegerField()}})
    )
    assert "Objectified" not in base.VersionedObjectRegistry.obj_classes()
    obj = cls(a="3")
    assert obj.a == 3 and obj.obj_what_changed() == {"a"}


def test_unknown_lookup_does_not_insert():
    """Reading an unknown name gives an empty list and leaves the table unchanged (OVO inserted)."""
    table = base.VersionedObjectRegistry.obj_classes()
    assert table["Ghost"] == []
    assert "Ghost" not in table
    with pytest.raises(exception.UnsupportedObjectError):
        base.VersionedObject.obj_class_from_name("Ghost", "1.0")
    with pytest.raises(exception.UnsupportedObjectError):
        base.VersionedObject.obj_class_from_name("Ghost", "1.0")


def test_class_from_name_exact_then_compatible():
    """An exact version wins; else the newest same-major class at least as new."""
    _register(_version_class("1.2", "Pick"))
    _register(_version_class("2.0", "Pick"))
    pick = base.VersionedObject.obj_class_from_name
    assert pick("Pick", "1.0").VERSION == "1.2"
    assert pick("Pick", "1.2").VERSION == "1.2"
    assert pick("Pick", "2.0").VERSION == "2.0"
    for bad in ("1.3", "1.2.7", "3.0", "0.9"):
        with pytest.raises(exception.IncompatibleObjectVersion) as info:
            pick("Pick", bad)
        assert info.value.kwargs["supported"] == "2.0"


def test_non_field_value_is_rejected_at_registration():
    """A fields value that is not a Field raises ObjectFieldInvalid naming field and object."""
    with pytest.raises(exception.ObjectFieldInvalid, match="Field bad of Broken"):
        _register(type("Broken", (base.VersionedObject,), {"fields": {"bad": fields.Integer()}}))


def test_fields_are_merged_from_bases_most_derived_wins():
    """Registration merges inherited fields; the subclass definition of a name wins."""

    class Parent(base.VersionedObject):
        fields = {"a": fields.IntegerField(), "b": fields.IntegerField()}

    @_register
    class Child(Parent, base.TimestampedObject):
        fields = {"b": fields.StringField()}

    assert list(Child.fields) == ["b", "a", "created_at", "updated_at"]
    assert isinstance(Child.fields["b"], fields.StringField)
    assert Child.fields is not Parent.fields


# -- properties and storage -------------------------------------------------------


def test_values_live_in_obj_attributes(Leaf):
    """Field values are stored as _obj_<name>, as OVO callers expect."""
    leaf = Leaf(id="7")
    assert leaf._obj_id == 7
    assert hasattr(leaf, "_obj_id") and not hasattr(leaf, "_obj_name")


def test_setter_coerces_and_tracks(Leaf):
    """Assignment coerces and marks the field changed; bad values raise ValueError."""
    leaf = Leaf()
    leaf.id = "12"
    assert leaf.id == 12 and leaf.obj_what_changed() == {"id"}
    with pytest.raises(ValueError):
        leaf.id = "twelve"
    assert leaf.id == 12


def test_unknown_kwargs_become_plain_attributes(Leaf):
    """Constructor kwargs that are not fields are set as plain attributes, as in OVO."""
    leaf = Leaf(id=1, extra="x")
    assert leaf.extra == "x"
    assert "extra" not in leaf.obj_what_changed()


def test_read_only_field(Tree):
    """A set read-only field refuses a different value but accepts the same one silently."""
    tree = Tree(frozen="a")
    tree.obj_reset_changes()
    tree.frozen = "a"
    assert tree.obj_what_changed() == set()
    with pytest.raises(exception.ReadOnlyFieldError):
        tree.frozen = "b"
    with pytest.raises(ValueError):  # coercion runs before the read-only check
        tree.id = "x"


def test_none_resets_to_default_and_non_nullable_refuses(Tree, Leaf):
    """None on a defaulted field gives the default; on a plain field a ValueError."""
    tree = Tree(count=5)
    tree.count = None
    assert tree.count == 42
    with pytest.raises(ValueError, match="cannot be None"):
        Leaf().id = None


def test_deleter_and_lazy_load(Leaf):
    """Deleting unsets a field; reading an unset field calls obj_load_attr."""
    loaded = []

    @_register
    class Lazy(base.VersionedObject):
        fields = {"a": fields.IntegerField(), "b": fields.IntegerField()}

        def obj_load_attr(self, name):
            loaded.append(name)
            if name == "a":
                self.a = 99

    obj = Lazy(a=1)
    del obj.a
    assert not obj.obj_attr_is_set("a")
    with pytest.raises(AttributeError, match="No such attribute `a'"):
        del obj.a
    assert obj.a == 99 and loaded == ["a"]
    with pytest.raises(AttributeError, match="_obj_b"):
        obj.b
    assert loaded == ["a", "b"]
    with pytest.raises(NotImplementedError, match="Cannot load 'id' in the base class"):
        _register(type("NoLoad", (base.VersionedObject,), {"fields": {"id": fields.IntegerField()}}))().id


def test_attr_is_set_and_contains(Leaf):
    """obj_attr_is_set raises for unknown names; `in` is False for those and unset fields."""
    leaf = Leaf(id=1)
    assert leaf.obj_attr_is_set("id") and not leaf.obj_attr_is_set("name")
    with pytest.raises(AttributeError, match="Leaf object has no attribute 'nope'"):
        leaf.obj_attr_is_set("nope")
    assert "id" in leaf and "name" not in leaf and "nope" not in leaf and 3 not in leaf


def test_repr_sorted_with_unset_marker(Leaf):
    """repr lists fields sorted, stringified, unset as <?>, without lazy-loading."""
    assert repr(Leaf(id=3)) == "Leaf(id=3,name=<?>)"
    assert repr(Leaf(id=3, name="x")) == "Leaf(id=3,name='x')"


def test_context_is_read_only(Leaf):
    """obj_context returns the context and cannot be assigned."""
    leaf = Leaf(context="ctx")
    assert leaf.obj_context == "ctx"
    with pytest.raises(AttributeError):
        leaf.obj_context = "other"


def test_unregistered_class_has_no_properties():
    """A class never registered keeps plain attributes: no coercion, no tracking."""

    class Plain(base.VersionedObject):
        fields = {"a": fields.IntegerField()}

    obj = Plain(a="not-an-int")
    assert obj.a == "not-an-int"
    assert obj.obj_to_primitive()["versioned_object.data"] == {}
    assert not obj.obj_attr_is_set("a")


# -- change tracking ------------------------------------------------------------------


def test_nested_changes_propagate(Tree, Leaf):
    """A changed child object marks its field changed in the parent."""
    tree = Tree(id=1, leaf=Leaf(id=2))
    tree.obj_reset_changes()
    assert tree.obj_what_changed() == {"leaf"}
    tree.obj_reset_changes(recursive=True)
    assert tree.obj_what_changed() == set()
    tree.leaf.name = "n"
    assert tree.obj_what_changed() == {"leaf"}
    assert tree.obj_get_changes() == {"leaf": tree.leaf}


def test_reset_changes_subset_and_recursive_lists(Tree, Leaf):
    """reset with fields only clears those; recursive reaches objects in list fields."""
    tree = Tree(id=1, leaves=[Leaf(id=1), Leaf(id=2)], tags=["a"])
    tree.obj_reset_changes(fields=["tags"])
    assert tree.obj_what_changed() == {"id", "leaves"}
    tree.obj_reset_changes(recursive=True)
    assert tree.leaves[0].obj_what_changed() == set()


def test_dirty_child_in_list_is_invisible_to_parent(Tree, Leaf):
    """As OVO: a plain object does not look into list fields for dirty children."""
    tree = Tree(id=1, leaves=[Leaf(id=1)])
    tree.obj_reset_changes(recursive=True)
    tree.leaves[0].name = "dirty"
    assert tree.obj_what_changed() == set()


def test_container_mutation_is_coerced_but_not_tracked(Tree):
    """Appending to a list field coerces the element and does not mark a change."""
    tree = Tree(tags=[])
    tree.obj_reset_changes()
    tree.tags.append(5)
    assert tree.tags == ["5"] and tree.obj_what_changed() == set()


def test_set_defaults(Tree):
    """obj_set_defaults sets unset defaulted fields (deep-copied) and refuses fields without one."""
    one, two = Tree(), Tree()
    one.obj_set_defaults()
    two.obj_set_defaults("tags")
    assert one.count == 42 and one.tags == [] and one.tags is not two.tags
    assert not two.obj_attr_is_set("count")
    with pytest.raises(exception.ObjectActionError, match="No default set for field id"):
        one.obj_set_defaults("id")
    kept = Tree(count=1)
    kept.obj_set_defaults("count")
    assert kept.count == 1


# -- copying ------------------------------------------------------------------------------


def test_clone_is_deep_and_keeps_changes_and_context(Tree, Leaf):
    """obj_clone copies values deeply, shares the context and copies change tracking."""
    ctx = object()
    tree = Tree(context=ctx, id=1, leaf=Leaf(id=2), tags=["a"])
    clone = tree.obj_clone()
    assert clone.obj_context is ctx
    assert clone.leaf is not tree.leaf and clone.leaf.id == 2
    assert clone.obj_what_changed() == tree.obj_what_changed()
    clone.tags.append(3)
    assert clone.tags == ["a", "3"] and tree.tags == ["a"]


def test_deepcopy_preserves_shared_references(Leaf):
    """deepcopy of a structure holding one object twice keeps one copy."""
    leaf = Leaf(id=1)
    copied = copy.deepcopy({"a": leaf, "b": leaf})
    assert copied["a"] is copied["b"] and copied["a"] is not leaf


# -- mixins -----------------------------------------------------------------------------------


def test_dict_compat():
    """DictCompat gives item access, get with default, keys of set and extra fields."""

    @_register
    class Dicty(base.VersionedObject, base.VersionedObjectDictCompat):
        fields = {"a": fields.IntegerField(), "b": fields.IntegerField()}
        obj_extra_fields = ["c"]

        @property
        def c(self):
            return "extra"

    obj = Dicty(a=1)
    obj["b"] = "2"
    assert obj["b"] == 2 and list(obj.keys()) == ["a", "b", "c"]
    assert dict(obj.items()) == {"a": 1, "b": 2, "c": "extra"}
    del obj.b
    assert obj.get("b", "dflt") == "dflt"
    with pytest.raises(AttributeError):
        obj.get("zzz", 1)
    obj.update({"b": 5})
    assert obj.b == 5


def test_comparable_uses_primitives_including_changes(Leaf):
    """ComparableVersionedObject equality follows the primitive, change list included."""

    @_register
    class Cmp(base.ComparableVersionedObject, base.VersionedObject):
        fields = {"a": fields.IntegerField()}

    one, two = Cmp(a=1), Cmp(a=1)
    assert one == two
    two.obj_reset_changes()
    assert one != two
    assert (one == 5) is False
    assert hash(one) != hash(two)


def test_timestamped_object_fields():
    """TimestampedObject contributes nullable created_at/updated_at."""

    @_register
    class Stamped(base.VersionedObject, base.TimestampedObject):
        fields = {}

    now = datetime.datetime(2024, 1, 2, 3, 4, 5)
    obj = Stamped(created_at=now, updated_at=None)
    assert obj.created_at.tzinfo is not None and obj.updated_at is None


# -- lists ---------------------------------------------------------------------------------


@pytest.fixture
def LeafList(Leaf):
    @_register
    class LeafList(base.ObjectListBase, base.VersionedObject):
        VERSION = "1.1"
        fields = {"objects": fields.ListOfObjectsField("Leaf")}
        child_versions = {"1.0": "1.0", "1.1": "1.1"}

    return LeafList


def test_list_behaves_as_sequence(LeafList, Leaf):
    """A list object supports len, in, index, iteration, slicing and sort."""
    leaves = [Leaf(id=i) for i in (3, 1, 2)]
    for leaf in leaves:
        leaf.obj_reset_changes()
    lst = LeafList(context="ctx", objects=leaves)
    assert len(lst) == 3 and leaves[1] in lst and lst[0] is leaves[0]
    assert [leaf.id for leaf in lst] == [3, 1, 2]
    part = lst[1:]
    assert isinstance(part, LeafList) and list(part) == leaves[1:] and part.obj_context == "ctx"
    assert part.obj_what_changed() == set()
    lst.obj_reset_changes()
    lst.sort(key=lambda leaf: leaf.id)
    assert [leaf.id for leaf in lst] == [1, 2, 3]
    assert lst.count(leaves[0]) == 1 and lst.index(leaves[0]) == 2


def test_list_changes(LeafList, Leaf):
    """An empty list has no changes; objects= marks it; a dirty child marks 'objects'."""
    assert LeafList().obj_what_changed() == set()
    lst = LeafList(objects=[])
    assert lst.obj_what_changed() == {"objects"}
    lst = LeafList(objects=[Leaf(id=1)])
    lst.obj_reset_changes()
    assert lst.obj_what_changed() == {"objects"}
    lst.obj_reset_changes(recursive=True)
    assert lst.obj_what_changed() == set()


def test_list_add_and_type_errors(LeafList, Leaf):
    """Lists of one class add up; other operands raise TypeError."""
    total = LeafList(objects=[Leaf(id=1)]) + LeafList(objects=[Leaf(id=2)])
    assert [leaf.id for leaf in total] == [1, 2]
    with pytest.raises(TypeError):
        LeafList() + [Leaf(id=3)]
    with pytest.raises(TypeError):
        [Leaf(id=3)] + LeafList()
    with pytest.raises(ValueError):
        LeafList().objects.append("not an object")


def test_obj_make_list(LeafList, Leaf):
    """obj_make_list builds items with _from_db_object and resets changes."""

    @_register
    class Row(base.VersionedObject):
        fields = {"id": fields.IntegerField()}

        @staticmethod
        def _from_db_object(context, obj, db_obj, scale=1):
            obj.id = db_obj["id"] * scale
            obj.obj_reset_changes()
            return obj

    @_register
    class RowList(base.ObjectListBase, base.VersionedObject):
        fields = {"objects": fields.ListOfObjectsField("Row")}

    rows = base.obj_make_list("ctx", RowList(), [{"id": 1}, {"id": 2}], scale=10)
    assert [r.id for r in rows] == [10, 20] and rows.obj_context == "ctx" and rows.obj_what_changed() == set()
    with pytest.warns(DeprecationWarning):
        base.obj_make_list("ctx", RowList(), Row, [{"id": 3}])
    with pytest.raises(TypeError, match="takes 3 or 4 positional arguments but 5 were given"):
        base.obj_make_list("ctx", RowList(), Row, [], "extra")


def test_import_of_base_is_light():
    """import vobjects.base loads neither oslo.messaging nor eventlet nor oslo.config."""
    import subprocess
    import sys

    code = (
        "import sys, vobjects.base, vobjects.fields, vobjects.exception;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('oslo_messaging','eventlet','oslo_config')];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_serializer_is_created_on_first_use():
    """VersionedObjectSerializer is an oslo.messaging serializer, loaded lazily."""
    import oslo_messaging

    assert issubclass(base.VersionedObjectSerializer, oslo_messaging.NoOpSerializer)


# -- constructor fast path --------------------------------------------------------------


def test_constructor_error_is_the_first_bad_kwarg_in_order(Leaf):
    """With two bad kwargs the error is for the first one given, as with OVO's setattr loop."""
    with pytest.raises(ValueError, match="twelve"):
        Leaf(id="twelve", name=[1])
    with pytest.raises(ValueError, match="A string is required"):
        Leaf(name=[1], id="twelve")


def test_constructor_mixes_fields_and_extras_in_order():
    """Non-field kwargs (e.g. property setters) run in kwargs order with the fields."""
    seen = []

    @_register
    class Mixed(base.VersionedObject):
        fields = {"a": fields.IntegerField(nullable=True)}

        @property
        def shadow(self):
            return None

        @shadow.setter
        def shadow(self, value):
            seen.append(self.obj_attr_is_set("a"))
            self.a = value

    obj = Mixed(shadow=1, a=2)
    assert obj.a == 2 and seen == [False]
    obj = Mixed(a=2, shadow=1)
    assert obj.a == 1 and seen == [False, True]


def test_constructor_respects_values_set_by_a_subclass_init():
    """A subclass __init__ that sets a read-only field first still gets OVO's read-only check."""

    @_register
    class Preset(base.VersionedObject):
        fields = {"ro": fields.IntegerField(read_only=True), "b": fields.IntegerField()}

        def __init__(self, **kwargs):
            self._changed_fields = set()
            self.ro = 1
            super().__init__(**kwargs)

    # OVO: the base __init__ starts a new change set, and assigning the same
    # value to a set read-only field is silent, so only 'b' is changed.
    assert Preset(ro=1, b=2).obj_what_changed() == {"b"}
    with pytest.raises(exception.ReadOnlyFieldError):
        Preset(ro=5)


def test_failed_constructor_leaves_no_partial_state(Leaf):
    """After a failing kwarg nothing from the fast path remains on the object."""

    class Probe(Leaf):
        pass

    obj = Probe.__new__(Probe)
    with pytest.raises(ValueError):
        obj.__init__(id=1, name=[object()])
    assert obj.__dict__.get("_obj_id") == 1  # set by the ordered replay, exactly as OVO's loop
    assert "_obj_name" not in obj.__dict__
