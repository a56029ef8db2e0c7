"""The serialization fast paths fall back to OVO's path whenever their assumptions fail.

Each fast path (children read straight through their class's generated
``load``, containers copied whole, UUID and enum values kept without a call,
IP addresses rebuilt from integers) is taken only when it cannot change
behaviour.  These tests break one assumption at a time and check that the
result, or the error, is what the general path (and OVO) gives.
"""

from __future__ import annotations

import copy
import types
import warnings
from typing import Any
from unittest import mock

import pytest

from tests.test_fields_support import ovo_base
from vobjects import base, exception, fields
from vobjects._object import load_children, loads_children
from vobjects.fields import _network

UUID = "d4a2cbf6-6d4c-4a4b-9a5e-0c8f5f8e2b11"


def _define(lib_base: Any, lib_fields: Any) -> types.SimpleNamespace:
    """A parent holding one child and a list of children, registered with one library."""
    register = lib_base.VersionedObjectRegistry.register

    @register
    class Kid(lib_base.VersionedObject):
        VERSION = "1.1"
        fields = {"id": lib_fields.IntegerField(), "uuid": lib_fields.UUIDField(nullable=True)}

    @register
    class Parent(lib_base.VersionedObject):
        VERSION = "1.0"
        fields = {
            "kid": lib_fields.ObjectField("Kid", nullable=True),
            "kids": lib_fields.ListOfObjectsField("Kid"),
            "tags": lib_fields.ListOfStringsField(),
            "meta": lib_fields.DictOfNullableStringsField(),
            "state": lib_fields.EnumField(valid_values=("on", "off"), nullable=True),
            "ip": lib_fields.IPV4AddressField(nullable=True),
        }

    return types.SimpleNamespace(Kid=Kid, Parent=Parent)


@pytest.fixture
def ours() -> types.SimpleNamespace:
    return _define(base, fields)


@pytest.fixture
def theirs() -> types.SimpleNamespace:
    import oslo_versionedobjects.fields as ovo_fields

    return _define(ovo_base, ovo_fields)


def _kid(version: str = "1.1", **data: Any) -> dict[str, Any]:
    return {
        "versioned_object.name": "Kid",
        "versioned_object.namespace": "versionedobjects",
        "versioned_object.version": version,
        "versioned_object.data": data,
    }


def _parent(**data: Any) -> dict[str, Any]:
    return {
        "versioned_object.name": "Parent",
        "versioned_object.namespace": "versionedobjects",
        "versioned_object.version": "1.0",
        "versioned_object.data": data,
    }


def _assert_same(ours: Any, theirs: Any, prim: dict[str, Any]) -> None:
    """Both hydrate ``prim`` to the same primitive, or both fail with OVO's builtin error.

    vobjects wraps hydration errors in its own exceptions, which also derive
    from the builtin OVO lets escape, so callers written for OVO still catch them.
    """
    try:
        expected = theirs.obj_from_primitive(copy.deepcopy(prim)).obj_to_primitive()
    except Exception as exc:
        builtin = next(klass for klass in type(exc).__mro__ if klass.__module__ == "builtins")
        with pytest.raises(builtin):
            ours.obj_from_primitive(prim)
    else:
        assert ours.obj_from_primitive(prim).obj_to_primitive() == expected


# -- children -------------------------------------------------------------------


def test_children_read_directly_equal_ovo(ours, theirs):
    """A parent with plain children hydrates to the same primitive as OVO's."""
    prim = _parent(kid=_kid(id=1, uuid=UUID), kids=[_kid(id=2), _kid(id=3, uuid=None)], tags=["a"], meta={"k": None})
    _assert_same(ours.Parent, theirs.Parent, prim)


def test_load_children_takes_the_direct_path_only_for_plain_children(ours):
    """load_children reads plain children itself, and declines (None) when any one is not plain."""
    parent = ours.Parent()
    assert loads_children(ours.Parent)
    kids = load_children(parent, [_kid(id=1), _kid(id=2)], "Kid", None)
    assert [(type(kid), kid.id) for kid in kids] == [(ours.Kid, 1), (ours.Kid, 2)]
    assert load_children(parent, (), "Kid", None) == []
    declined = [
        [_kid("1.0", id=1)],  # compatible, not exact: the public path decides
        [_kid(id=1), _kid("1.0", id=2)],  # one declined element declines the list
        [{"versioned_object.name": "Kid"}],
        [dict(_kid(id=1), **{"versioned_object.namespace": "other"})],
        [[1]],
        [None],
    ]
    for primitives in declined:
        assert load_children(parent, primitives, "Kid", None) is None, primitives
    assert load_children(parent, [_kid(id=1)], "Parent", None) is None  # another name than the field's
    assert load_children(parent, [_kid(id=1)], "Unregistered", None) is None
    assert load_children(parent, {_kid(id=1)["versioned_object.name"]: 1}, "Kid", None) is None  # not a list


def test_load_children_is_refused_when_the_parent_class_reads_children_itself(ours):
    """loads_children is False once the parent class overrides obj_from_primitive or obj_class_from_name."""
    with mock.patch.object(ours.Parent, "obj_class_from_name", wraps=ours.Parent.obj_class_from_name):
        assert not loads_children(ours.Parent)
    with mock.patch.object(base.VersionedObject, "obj_from_primitive", wraps=base.VersionedObject.obj_from_primitive):
        assert not loads_children(ours.Parent)
    assert loads_children(ours.Parent)


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_parent_override_of_obj_from_primitive_reads_children(version):
    """A parent class overriding obj_from_primitive is called for its children, as in OVO."""
    seen = []

    @base.VersionedObjectRegistry.register
    class Kid(base.VersionedObject):
        VERSION = "1.1"
        fields = {"id": fields.IntegerField()}

    @base.VersionedObjectRegistry.register
    class Parent(base.VersionedObject):
        fields = {"kid": fields.ObjectField("Kid"), "kids": fields.ListOfObjectsField("Kid")}

        @classmethod
        def obj_from_primitive(cls, primitive, context=None):
            seen.append(primitive["versioned_object.name"])
            return super().obj_from_primitive(primitive, context)

    obj = Parent.obj_from_primitive(_parent(kid=_kid(version, id=1), kids=[_kid(version, id=2)]))
    assert (obj.kid.id, obj.kids[0].id) == (1, 2)
    assert seen == ["Parent", "Kid", "Kid"]


def test_parent_override_of_obj_class_from_name_picks_children():
    """A parent class's obj_class_from_name chooses its children's classes."""

    @base.VersionedObjectRegistry.register
    class Kid(base.VersionedObject):
        fields = {"id": fields.IntegerField()}

    class OtherKid(Kid):
        @classmethod
        def obj_name(cls):
            return "Kid"

    @base.VersionedObjectRegistry.register
    class Parent(base.VersionedObject):
        fields = {"kid": fields.ObjectField("Kid"), "kids": fields.ListOfObjectsField("Kid")}

        @classmethod
        def obj_class_from_name(cls, objname, objver):
            return OtherKid if objname == "Kid" else super().obj_class_from_name(objname, objver)

    base.VersionedObjectRegistry.objectify(OtherKid)
    obj = Parent.obj_from_primitive(_parent(kid=_kid("1.0", id=1), kids=[_kid("1.0", id=2)]))
    assert type(obj.kid) is OtherKid and type(obj.kids[0]) is OtherKid


def test_child_override_of__obj_from_primitive_is_called():
    """A child class overriding _obj_from_primitive builds the children itself."""

    @base.VersionedObjectRegistry.register
    class Kid(base.VersionedObject):
        fields = {"id": fields.IntegerField()}

        @classmethod
        def _obj_from_primitive(cls, context, objver, primitive):
            obj = super()._obj_from_primitive(context, objver, primitive)
            obj.id += 100
            return obj

    @base.VersionedObjectRegistry.register
    class Parent(base.VersionedObject):
        fields = {"kid": fields.ObjectField("Kid"), "kids": fields.ListOfObjectsField("Kid")}

    obj = Parent.obj_from_primitive(_parent(kid=_kid("1.0", id=1), kids=[_kid("1.0", id=2)]))
    assert (obj.kid.id, obj.kids[0].id) == (101, 102)


def test_children_resolve_in_the_parents_isolated_registry():
    """Children are looked up in the parent's registry, not the shared one."""

    class Mine(base.VersionedObjectRegistry):
        isolated = True

    @Mine.register
    class Kid(base.VersionedObject):
        fields = {"id": fields.IntegerField()}

    @base.VersionedObjectRegistry.register
    class SharedKid(base.VersionedObject):
        fields = {"name": fields.StringField()}

        @classmethod
        def obj_name(cls):
            return "Kid"

    @Mine.register
    class Parent(base.VersionedObject):
        fields = {"kids": fields.ListOfObjectsField("Kid")}

    obj = Parent.obj_from_primitive(_parent(kids=[_kid("1.0", id=7)]))
    assert type(obj.kids[0]) is Kid and obj.kids[0].id == 7


@pytest.mark.parametrize(
    "kids",
    [
        [_kid(id=1), None],
        [_kid(id=1), _kid(id="x")],
        [_kid(id=1), {"versioned_object.name": "Kid"}],
        [_kid("9.0", id=1)],
    ],
    ids=["none", "bad-field", "no-keys", "too-new"],
)
def test_bad_list_elements_fail_as_in_ovo(ours, theirs, kids):
    """A bad element of a list of objects raises what OVO raises, after good ones were read."""
    prim = _parent(kids=kids)
    _assert_same(ours.Parent, theirs.Parent, prim)


def test_list_element_that_is_not_a_dict_is_malformed(ours):
    """A list element that is not a dict is refused as a malformed primitive, naming where it was."""
    with pytest.raises(exception.MalformedPrimitive, match=r"not a int \(at Parent.kids 1.0\)"):
        ours.Parent.obj_from_primitive(_parent(kids=[_kid(id=1), 5]))


def test_list_element_of_another_class_is_refused_by_name():
    """A list element that hydrates to another class is refused under its element name."""

    @base.VersionedObjectRegistry.register
    class Kid(base.VersionedObject):
        fields = {"id": fields.IntegerField()}

    @base.VersionedObjectRegistry.register
    class Stranger(base.VersionedObject):
        fields = {}

    @base.VersionedObjectRegistry.register
    class Parent(base.VersionedObject):
        fields = {"kids": fields.ListOfObjectsField("Kid")}

    stranger = Stranger().obj_to_primitive()
    with pytest.raises(ValueError, match=r"in field kids\[1\], not a"):
        Parent.obj_from_primitive(_parent(kids=[_kid("1.0", id=1), stranger]))


# -- containers, UUIDs, enums, addresses ----------------------------------------------


class Text(str):
    """A str subclass: never kept as is, always coerced to a plain str."""


@pytest.mark.parametrize(
    "data",
    [
        {"tags": ["a", "b"], "meta": {"a": "1", "b": None}},
        {"tags": ("a", None)},
        {"tags": ["a", 1, 2.5]},
        {"tags": [Text("t")], "meta": {"k": Text("v")}},
        {"meta": {"a": 1}},
        {"meta": {1: "a"}},
        {"meta": {Text("k"): "v"}},
        {"state": "on"},
        {"state": "bad"},
        {"state": Text("on")},
        {"state": None},
        {"ip": "192.0.2.1"},
        {"ip": "2001:db8::1"},
        {"ip": "192.0.2.300"},
        {"ip": 3221225985},
    ],
    ids=repr,
)
def test_field_values_read_as_in_ovo(ours, theirs, data):
    """Container, enum and address values read (or fail) as OVO reads them."""
    _assert_same(ours.Parent, theirs.Parent, _parent(**data))


@pytest.mark.parametrize("data", [{"tags": ["a"], "meta": {"a": None}}, {"tags": [Text("t")], "meta": {"k": Text("v")}}])
def test_containers_are_fresh_plain_str_copies(ours, data):
    """Read containers never alias the wire value and hold plain str only."""
    obj = ours.Parent.obj_from_primitive(_parent(**data))
    assert obj.tags is not data["tags"] and obj.meta is not data["meta"]
    assert {type(tag) for tag in obj.tags} == {str}
    assert {type(value) for value in obj.meta.values()} <= {str, type(None)}
    built = ours.Parent(**data)
    assert built.tags is not data["tags"] and {type(tag) for tag in built.tags} == {str}


@pytest.mark.parametrize("tags", [["a", "b", "c"], ("a", "b", "c")], ids=["list", "tuple"])
def test_read_containers_are_bound_and_bounded(ours, tags):
    """Containers read whole are bound to their object and field, and limits.max_items still refuses longer ones."""
    obj = ours.Parent.obj_from_primitive(_parent(tags=tags, meta={"a": "1", "b": None, "c": "3"}))
    for name in ("tags", "meta"):
        container = getattr(obj, name)
        assert (container._obj, container._field) == (obj, name)
        assert container._element_type is ours.Parent.fields[name]._type._element_type
    old = base.limits.max_items
    base.limits.max_items = 2
    try:
        with pytest.raises(exception.PrimitiveTooLarge, match="field tags holds 3 items"):
            ours.Parent.obj_from_primitive(_parent(tags=tags))
        with pytest.raises(exception.PrimitiveTooLarge, match="field meta holds 3 items"):
            ours.Parent.obj_from_primitive(_parent(meta={"a": "1", "b": None, "c": "3"}))
    finally:
        base.limits.max_items = old


@pytest.mark.parametrize("value", [UUID, UUID.upper(), "{" + UUID + "}", UUID.replace("-", ""), "not-a-uuid", Text(UUID)])
def test_uuid_values_warn_and_convert_as_in_ovo(ours, theirs, value):
    """Only malformed UUIDs warn, and every value is stored as OVO stores it, read or assigned."""
    results = []
    for lib in (ours, theirs):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            read = lib.Kid.obj_from_primitive(_kid(id=1, uuid=value)).uuid
            assigned = lib.Kid(uuid=value).uuid
        results.append((read, type(read), assigned, type(assigned), [str(w.message) for w in caught]))
    assert results[0] == results[1]


def test_address_restorer_falls_back_to_the_constructor():
    """A netaddr whose pickling protocol rebuilds wrong addresses gets the constructor instead."""

    class Broken:
        version = 4

        def __init__(self, *args: Any) -> None:
            self.args = args

        def __setstate__(self, state: Any) -> None:
            self.args = ("wrong",)

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Broken) and self.args == other.args

        __hash__ = None  # type: ignore[assignment]

    fake = types.SimpleNamespace(IPAddress=Broken)
    assert _network._address_restorer(fake) is Broken


def test_address_restorer_builds_equal_addresses():
    """Addresses rebuilt from integers equal (and print as) netaddr's own."""
    import netaddr

    restore = _network._address_restorer(netaddr)
    assert restore is not netaddr.IPAddress
    for text in ("0.0.0.0", "10.1.2.3", "255.255.255.255", "::", "::ffff:1.2.3.4", "fe80::1"):
        expected = netaddr.IPAddress(text)
        rebuilt = restore(int(expected), expected.version)
        assert (rebuilt, str(rebuilt), hash(rebuilt), rebuilt.version) == (
            expected,
            str(expected),
            hash(expected),
            expected.version,
        )


def test_primitive_too_deep_still_refused_through_direct_children():
    """The nesting limit holds when children are read directly."""

    @base.VersionedObjectRegistry.register
    class Node(base.VersionedObject):
        fields = {"next": fields.ObjectField("Node", nullable=True), "more": fields.ListOfObjectsField("Node")}

    prim: dict[str, Any] = {
        "versioned_object.name": "Node",
        "versioned_object.namespace": "versionedobjects",
        "versioned_object.version": "1.0",
        "versioned_object.data": {},
    }
    for n in range(200):
        key = "next" if n % 2 else "more"
        wrapped = prim if key == "next" else [prim]
        prim = dict(prim, **{"versioned_object.data": {key: wrapped}})
    with pytest.raises(exception.PrimitiveTooDeep):
        Node.obj_from_primitive(prim)


# -- primitives out, and whole-object reads ---------------------------------------------


def test_address_printer_prints_as_netaddr():
    """The fast printer gives netaddr's own text, for both families and for subclasses."""
    import socket

    import netaddr

    text = _network._address_printer(netaddr, socket.inet_ntop)
    assert text is not str

    class Sub(netaddr.IPAddress):
        __slots__ = ()

    for spelling in ("10.0.0.1", "0.0.0.0", "::", "::ffff:10.0.0.1", "2001:db8:0:0:1::1", "fe80::abcd"):
        for klass in (netaddr.IPAddress, Sub):
            address = klass(spelling)
            assert text(address) == str(address)


def test_address_printer_falls_back_to_str():
    """An inet_ntop that prints differently from netaddr is never used."""
    import netaddr

    assert _network._address_printer(netaddr, lambda family, packed: "?") is str


def test_overridden_to_primitive_is_called_on_dump():
    """Field types overriding to_primitive are called for single values and list elements."""

    class Stamp(fields.DateTime):
        def to_primitive(self, obj, attr, value):
            return "stamp"

    class Ref(fields.Object):
        def to_primitive(self, obj, attr, value):
            return {"ref": value.id}

    @base.VersionedObjectRegistry.register
    class Kid(base.VersionedObject):
        fields = {"id": fields.IntegerField()}

    @base.VersionedObjectRegistry.register
    class Parent(base.VersionedObject):
        fields = {
            "at": fields.Field(Stamp()),
            "kid": fields.Field(Ref("Kid")),
            "kids": fields.Field(fields.List(Ref("Kid"))),
        }

    import datetime

    parent = Parent(at=datetime.datetime(2020, 1, 1), kid=Kid(id=1), kids=[Kid(id=2)])
    data = parent.obj_to_primitive()["versioned_object.data"]
    assert data == {"at": "stamp", "kid": {"ref": 1}, "kids": [{"ref": 2}]}


def test_whole_read_error_names_the_failing_field(ours):
    """An error while every field is present names the field that failed, not a neighbour."""
    prim = _parent(kid=None, kids=[], tags=["a"], meta={}, state="bad", ip=None)
    with pytest.raises(exception.FieldValueInvalid) as caught:
        ours.Parent.obj_from_primitive(prim)
    assert caught.value.kwargs["field"] == "state"


def test_dict_subclass_data_is_read_field_by_field(ours):
    """Data in a dict subclass (here a defaultdict) is tested per field, so defaults never appear."""
    import collections

    data = collections.defaultdict(lambda: "x", tags=["a"])
    prim = _parent()
    prim["versioned_object.data"] = data
    obj = ours.Parent.obj_from_primitive(prim)
    assert obj.obj_to_primitive()["versioned_object.data"] == {"tags": ["a"]}


class _Duck:
    """Not an object: no obj_name at all."""


@pytest.mark.parametrize("element", [None, _Duck(), 5, "Kid"], ids=repr)
def test_list_of_objects_assignment_refuses_as_ovo(ours, theirs, element):
    """Assigning a list with a non-object element fails with OVO's error type and text."""
    outcomes = []
    for lib in (ours, theirs):
        try:
            lib.Parent(kids=[lib.Kid(id=1), element])
        except Exception as exc:
            outcomes.append((type(exc).__name__, str(exc).replace("oslo_versionedobjects", "vobjects")))
        else:
            outcomes.append(("ok", ""))
    assert outcomes[0] == outcomes[1]


def test_dict_primitive_is_a_plain_copy(ours):
    """A dict field's primitive is a new plain dict, never the coercing dict itself."""
    obj = ours.Parent(meta={"a": "1", "b": None})
    data = obj.obj_to_primitive()["versioned_object.data"]
    assert type(data["meta"]) is dict and data["meta"] == {"a": "1", "b": None}
    assert data["meta"] is not obj.meta


def test_child_reading_honours_methods_patched_after_registration():
    """A test's mock.patch of the lookup or entry points reaches children too, as in OVO."""
    from unittest import mock

    class Registry(base.VersionedObjectRegistry):
        isolated = True

    @Registry.register
    class Leaf(base.VersionedObject):
        OBJ_REGISTRY = Registry
        fields = {"n": fields.IntegerField()}

    @Registry.register
    class Tree(base.VersionedObject):
        OBJ_REGISTRY = Registry
        fields = {"leaf": fields.ObjectField("Leaf"), "leaves": fields.ListOfObjectsField("Leaf")}

    primitive = Tree(leaf=Leaf(n=1), leaves=[Leaf(n=2)]).obj_to_primitive()
    real = Tree.obj_class_from_name
    with mock.patch.object(Tree, "obj_class_from_name", side_effect=real) as lookup:
        Tree.obj_from_primitive(primitive)
    # The top-level object, then each child: OVO asks the containing object's class.
    assert [call.args[0] for call in lookup.call_args_list] == ["Tree", "Leaf", "Leaf"]
    real_load = Leaf._obj_from_primitive
    with mock.patch.object(Leaf, "_obj_from_primitive", side_effect=real_load) as load:
        Tree.obj_from_primitive(primitive)
    assert load.call_count == 2


def test_to_primitive_asks_an_overridden_obj_attr_is_set():
    """A class that overrides (or a test that patches) obj_attr_is_set decides which fields are sent."""
    from unittest import mock

    from oslo_versionedobjects import fields as ovo_fields

    def define(base_module, fields_module):
        class Registry(base_module.VersionedObjectRegistry):
            pass

        @Registry.register
        class Secretive(base_module.VersionedObject):
            fields = {"shown": fields_module.IntegerField(), "hidden": fields_module.IntegerField()}

            def obj_attr_is_set(self, attrname):
                return attrname != "hidden" and super().obj_attr_is_set(attrname)

        return Secretive

    ours = define(base, fields)(shown=1, hidden=2).obj_to_primitive()
    theirs = define(ovo_base, ovo_fields)(shown=1, hidden=2).obj_to_primitive()
    assert ours["versioned_object.data"] == theirs["versioned_object.data"] == {"shown": 1}

    class Registry(base.VersionedObjectRegistry):
        isolated = True

    @Registry.register
    class Plain(base.VersionedObject):
        OBJ_REGISTRY = Registry
        fields = {"a": fields.IntegerField(), "b": fields.IntegerField()}

    plain = Plain(a=1, b=2)
    with mock.patch.object(Plain, "obj_attr_is_set", lambda self, name: name == "b"):
        assert plain.obj_to_primitive()["versioned_object.data"] == {"b": 2}
    assert plain.obj_to_primitive()["versioned_object.data"] == {"a": 1, "b": 2}


# -- how load stores attributes ---------------------------------------------------


def _stored(obj: Any) -> dict[str, Any]:
    return {key: value for key, value in vars(obj).items() if key.startswith("_obj_") or key == "VERSION"}


def test_load_assigns_attributes_only_where_that_equals_a_dict_store():
    """Generated loads assign attributes unless a __setattr__, a descriptor or a name makes that differ, or too many."""
    from vobjects._codegen import _FieldPlan, _stores_attributes

    def plans(cls: Any) -> list[Any]:
        return [_FieldPlan(name, field) for name, field in cls.fields.items()]

    class Plain(base.VersionedObject):
        fields = {"id": fields.IntegerField()}

    class Guarded(Plain):
        def __setattr__(self, name: str, value: Any) -> None:
            super().__setattr__(name, value)

    class Shadowed(Plain):
        _obj_id = property(lambda self: 1)

    class Dashed(base.VersionedObject):
        fields = {"a-b": fields.IntegerField()}

    class Normalised(base.VersionedObject):  # the parser would read self._obj_ª as self._obj_a
        fields = {"ª": fields.IntegerField(), "a": fields.IntegerField()}

    class Wide(base.VersionedObject):  # more attributes than CPython keeps inline
        fields = {f"f{i}": fields.IntegerField() for i in range(28)}

    assert _stores_attributes(Plain, plans(Plain))
    for cls in (Guarded, Shadowed, Dashed, Normalised, Wide):
        assert not _stores_attributes(cls, plans(cls)), cls


@pytest.mark.parametrize("hook", ["setattr", "dashed", "normalised"])
def test_load_stores_the_same_attributes_either_way(hook):
    """A class whose load must store through __dict__ ends up with the same attributes as a plain one."""
    register = base.VersionedObjectRegistry.register
    field_name = {"dashed": "a-b", "normalised": "ª"}.get(hook, "ab")
    calls = []

    @register
    class Plain(base.VersionedObject):
        fields = {field_name: fields.IntegerField(), "kid": fields.ObjectField("Plain", nullable=True)}

    @register
    class Other(base.VersionedObject):
        fields = {field_name: fields.IntegerField(), "kid": fields.ObjectField("Plain", nullable=True)}

        if hook == "setattr":

            def __setattr__(self, name: str, value: Any) -> None:
                calls.append(name)
                super().__setattr__(name, value)

    data = {field_name: 7, "kid": Plain(**{field_name: 8, "kid": None}).obj_to_primitive()}
    plain = Plain.obj_from_primitive(_named("Plain", data))
    other = Other.obj_from_primitive(_named("Other", data))
    assert _stored(other).keys() == _stored(plain).keys()
    read = [getattr(obj, field_name) for obj in (other, other.kid, plain, plain.kid)]
    assert read == [7, 8, 7, 8]
    assert calls == []  # as before: hydration stores into the object, past __setattr__


def _named(name: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "versioned_object.name": name,
        "versioned_object.namespace": "versionedobjects",
        "versioned_object.version": "1.0",
        "versioned_object.data": data,
    }


# -- obj_to_primitive's changes -----------------------------------------------------


@pytest.mark.parametrize("lib", ["vobjects", "ovo"])
def test_patched_obj_what_changed_decides_the_changes_sent(lib):
    """obj_to_primitive asks obj_what_changed when a test patches it after the class was built, as OVO does."""
    import oslo_versionedobjects.fields as ovo_fields

    lib_base, lib_fields = (base, fields) if lib == "vobjects" else (ovo_base, ovo_fields)

    @lib_base.VersionedObjectRegistry.register
    class Tracked(lib_base.VersionedObject):
        fields = {"a": lib_fields.IntegerField(), "b": lib_fields.IntegerField()}

    obj = Tracked(a=1, b=2)
    obj.obj_to_primitive()  # the fast path has run once before the patch
    with mock.patch.object(Tracked, "obj_what_changed", return_value={"b"}):
        assert obj.obj_to_primitive()["versioned_object.changes"] == ["b"]
    obj.obj_reset_changes()
    with mock.patch.object(Tracked, "obj_what_changed", return_value={"a"}):
        assert obj.obj_to_primitive()["versioned_object.changes"] == ["a"]
    assert "versioned_object.changes" not in obj.obj_to_primitive()


# -- children's primitives ----------------------------------------------------------


def _family(lib_base: Any, lib_fields: Any) -> types.SimpleNamespace:
    """A parent with an object field and a list of objects, registered with one library.

    For vobjects in an isolated registry (registration sets OBJ_REGISTRY);
    OVO has no isolation and ignores the attribute.
    """

    class Registry(lib_base.VersionedObjectRegistry):
        isolated = True

    @Registry.register
    class Leaf(lib_base.VersionedObject):
        VERSION = "1.2"
        fields = {"id": lib_fields.IntegerField(), "name": lib_fields.StringField(nullable=True)}

    @Registry.register
    class Holder(lib_base.VersionedObject):
        fields = {"leaf": lib_fields.ObjectField("Leaf", nullable=True), "id": lib_fields.IntegerField()}

    @Registry.register
    class Trunk(lib_base.VersionedObject):
        fields = {
            "one": lib_fields.ObjectField("Holder", nullable=True),
            "many": lib_fields.ListOfObjectsField("Leaf"),
        }

    return types.SimpleNamespace(Leaf=Leaf, Holder=Holder, Trunk=Trunk)


def _tree(ns: types.SimpleNamespace) -> Any:
    """A Trunk whose children carry changes of their own at two depths."""
    leaf = ns.Leaf(id=1, name="a")
    leaf.obj_reset_changes()
    leaf.name = "b"
    holder = ns.Holder(leaf=leaf, id=2)
    holder.obj_reset_changes(["id"])
    many = [ns.Leaf(id=3, name=None), ns.Leaf(id=4)]
    many[0].obj_reset_changes()
    trunk = ns.Trunk(one=holder, many=many)
    trunk.obj_reset_changes()
    return trunk


@pytest.mark.parametrize("lib", ["vobjects", "ovo"])
def test_children_primitives_equal_ovo_with_their_own_changes(lib):
    """A child's primitive, reached through the parent's dump, lists the child's own changes as OVO's does."""
    import oslo_versionedobjects.fields as ovo_fields

    ours = _tree(_family(base, fields)).obj_to_primitive()
    theirs = _tree(_family(ovo_base, ovo_fields)).obj_to_primitive()
    assert ours == theirs
    one = ours["versioned_object.data"]["one"]
    assert one["versioned_object.changes"] == ["leaf"]  # unchanged itself, but its child changed
    assert one["versioned_object.data"]["leaf"]["versioned_object.changes"] == ["name"]
    assert "versioned_object.changes" not in ours["versioned_object.data"]["many"][0]


@pytest.mark.parametrize("lib", ["vobjects", "ovo"])
@pytest.mark.parametrize("where", ["class", "instance"])
def test_patched_child_obj_to_primitive_is_called(lib, where):
    """A child's obj_to_primitive patched on its class or on the object itself is what the parent sends."""
    import oslo_versionedobjects.fields as ovo_fields

    ns = _family(*((base, fields) if lib == "vobjects" else (ovo_base, ovo_fields)))
    trunk = _tree(ns)
    trunk.obj_to_primitive()  # the direct path has run before the patch
    target = ns.Leaf if where == "class" else trunk.many[1]
    with mock.patch.object(target, "obj_to_primitive", return_value={"sent": "patched"}) as patched:
        data = trunk.obj_to_primitive()["versioned_object.data"]
    assert data["many"][1] == {"sent": "patched"}
    if where == "class":
        assert data["many"][0] == data["one"]["versioned_object.data"]["leaf"] == {"sent": "patched"}
        assert patched.call_count == 3
    else:
        assert data["many"][0]["versioned_object.data"] == {"id": 3, "name": None}
        assert patched.call_count == 1
    assert trunk.obj_to_primitive()["versioned_object.data"]["many"][1]["versioned_object.data"] == {"id": 4}


@pytest.mark.parametrize("lib", ["vobjects", "ovo"])
def test_child_class_patches_decide_its_primitive(lib):
    """Patching a child class's obj_attr_is_set or obj_what_changed reaches the primitive the parent sends."""
    import oslo_versionedobjects.fields as ovo_fields

    ns = _family(*((base, fields) if lib == "vobjects" else (ovo_base, ovo_fields)))
    trunk = _tree(ns)
    trunk.obj_to_primitive()
    with mock.patch.object(ns.Leaf, "obj_attr_is_set", lambda self, name: name == "id"):
        many = trunk.obj_to_primitive()["versioned_object.data"]["many"]
    assert [leaf["versioned_object.data"] for leaf in many] == [{"id": 3}, {"id": 4}]
    with mock.patch.object(ns.Leaf, "obj_what_changed", return_value={"id", "gone"}):
        many = trunk.obj_to_primitive()["versioned_object.data"]["many"]
    assert [leaf["versioned_object.changes"] for leaf in many] == [["id"], ["id"]]


@pytest.mark.parametrize("lib", ["vobjects", "ovo"])
def test_mock_child_made_with_spec_is_asked_for_its_primitive(lib):
    """A mock standing in for a child (spec= its class) is asked for its primitive, not read as an object."""
    import oslo_versionedobjects.fields as ovo_fields

    ns = _family(*((base, fields) if lib == "vobjects" else (ovo_base, ovo_fields)))
    trunk = _tree(ns)
    trunk.obj_to_primitive()
    stand_in = mock.MagicMock(spec=ns.Leaf)
    stand_in.obj_to_primitive.return_value = {"sent": "mock"}
    # Stored past coercion, which refuses a mock (its obj_name() is no str) in both.
    trunk._obj_many = [stand_in]
    assert trunk.obj_to_primitive()["versioned_object.data"]["many"] == [{"sent": "mock"}]
    stand_in.obj_to_primitive.assert_called_once_with()


# -- a field class's own None -------------------------------------------------------


def _flexible(lib_base: Any, lib_fields: Any) -> Any:
    """ironic's pattern: a field class whose ``_null`` turns None into ``{}`` (nullable) or a fixed value."""

    class FlexibleDict(lib_fields.FieldType):
        @staticmethod
        def coerce(obj: Any, attr: str, value: Any) -> Any:
            return dict(value)

    class FlexibleDictField(lib_fields.AutoTypedField):
        AUTO_TYPE = FlexibleDict()

        def _null(self, obj: Any, attr: str) -> Any:
            if self.nullable:
                return {}
            return {"none": attr}

    class Registry(lib_base.VersionedObjectRegistry):
        pass

    @Registry.register
    class Port(lib_base.VersionedObject):
        fields = {
            "extra": FlexibleDictField(nullable=True),
            "strict": FlexibleDictField(),
            "id": lib_fields.IntegerField(),
        }

    return Port


@pytest.mark.parametrize("how", ["assign", "construct", "read"])
def test_field_class_null_decides_what_none_becomes(how):
    """A Field subclass overriding _null is asked whenever None is assigned, built or read, as in OVO."""
    import oslo_versionedobjects.fields as ovo_fields

    def run(lib_base: Any, lib_fields: Any) -> tuple[Any, Any]:
        port_cls = _flexible(lib_base, lib_fields)
        if how == "assign":
            port = port_cls(id=1, extra={"a": 1}, strict={"b": 2})
            port.extra = None
            port.strict = None
        elif how == "construct":
            port = port_cls(id=1, extra=None, strict=None)
        else:
            primitive = port_cls(id=1, extra={"a": 1}, strict={}).obj_to_primitive()
            primitive["versioned_object.data"].update(extra=None, strict=None)
            port = port_cls.obj_from_primitive(primitive)
        return port.extra, port.strict

    assert run(base, fields) == run(ovo_base, ovo_fields) == ({}, {"none": "strict"})


# -- __init__ replaced after registration -----------------------------------------------


@pytest.mark.parametrize("lib", ["vobjects", "ovo"])
def test_init_wrapped_after_registration_runs_for_every_object_read(lib):
    """debtcollector's removed_class wraps __init__ after registration; OVO reads each object with cls(), so it runs."""
    import oslo_versionedobjects.fields as ovo_fields

    ns = _family(*((base, fields) if lib == "vobjects" else (ovo_base, ovo_fields)))
    primitive = _tree(ns).obj_to_primitive()
    ns.Trunk.obj_from_primitive(copy.deepcopy(primitive))  # read once before the wrapping
    calls = []
    original = ns.Leaf.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        calls.append((args, kwargs))
        original(self, *args, **kwargs)

    ns.Leaf.__init__ = __init__
    try:
        trunk = ns.Trunk.obj_from_primitive(copy.deepcopy(primitive))
        leaf = ns.Leaf.obj_from_primitive(copy.deepcopy(primitive["versioned_object.data"]["many"][1]))
    finally:
        ns.Leaf.__init__ = original
    assert calls == [((), {})] * 4  # three leaves in the tree, one read alone
    assert trunk.obj_to_primitive() == primitive
    assert (leaf.id, leaf.obj_what_changed()) == (4, {"id"})
    assert ns.Trunk.obj_from_primitive(copy.deepcopy(primitive)).obj_to_primitive() == primitive
