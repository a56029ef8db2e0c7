"""Hostile and malformed primitives get clear vobjects exceptions, never crashes."""

from __future__ import annotations

import copy

import pytest

from vobjects import base, exception, fields

register = base.VersionedObjectRegistry.register
NS = "versioned_object"


@pytest.fixture
def Node():
    @register
    class Node(base.VersionedObject):
        VERSION = "1.2"
        fields = {
            "id": fields.IntegerField(),
            "secret": fields.SensitiveStringField(nullable=True),
            "tags": fields.DictOfStringsField(nullable=True),
            "next": fields.ObjectField("Node", nullable=True),
        }

    return Node


def _prim(Node):
    return Node(id=1, tags={"a": "b"}).obj_to_primitive()


@pytest.mark.parametrize("primitive", [None, [], "x", 5, ("a",)])
def test_not_a_dict(Node, primitive):
    """A primitive that is not a dict raises MalformedPrimitive (a ValueError)."""
    with pytest.raises(exception.MalformedPrimitive, match="must be a dict"):
        Node.obj_from_primitive(primitive)


@pytest.mark.parametrize("key", ["namespace", "name", "version", "data"])
def test_missing_key(Node, key):
    """A missing envelope key raises PrimitiveKeyMissing, a KeyError as in OVO."""
    prim = _prim(Node)
    del prim[f"{NS}.{key}"]
    with pytest.raises(exception.PrimitiveKeyMissing) as info:
        Node.obj_from_primitive(prim)
    assert isinstance(info.value, KeyError)
    assert f"{NS}.{key}" in str(info.value)


def test_wrong_namespace_and_unknown_name(Node):
    """Another namespace or an unregistered name raises UnsupportedObjectError."""
    prim = _prim(Node)
    prim[f"{NS}.namespace"] = "other"
    with pytest.raises(exception.UnsupportedObjectError, match="other"):
        Node.obj_from_primitive(prim)
    for name in ("Ghost", "VersionedObject", "dict", ["list"], {"d": 1}, None):
        prim = _prim(Node)
        prim[f"{NS}.name"] = name
        with pytest.raises(exception.UnsupportedObjectError):
            Node.obj_from_primitive(prim)
    assert "Ghost" not in base.VersionedObjectRegistry.obj_classes()


@pytest.mark.parametrize("version", ["abc", "", "1.x", "-1.0", "1.0.0.0.0", "9" * 5000, None, 1.2, ["1.0"]])
def test_malformed_version(Node, version):
    """A malformed version raises MalformedPrimitive naming the object."""
    prim = _prim(Node)
    prim[f"{NS}.version"] = version
    with pytest.raises(exception.MalformedPrimitive, match="Node"):
        Node.obj_from_primitive(prim)


@pytest.mark.parametrize("version", ["1.3", "2.0", "1.99999999"])
def test_too_new_version(Node, version):
    """A too-new version raises IncompatibleObjectVersion naming both versions."""
    prim = _prim(Node)
    prim[f"{NS}.version"] = version
    with pytest.raises(exception.IncompatibleObjectVersion) as info:
        Node.obj_from_primitive(prim)
    assert version in str(info.value) and "1.2" in str(info.value)


@pytest.mark.parametrize("data", [[], "x", None, 3])
def test_data_not_a_dict(Node, data):
    """A data value that is not a dict raises MalformedPrimitive."""
    prim = _prim(Node)
    prim[f"{NS}.data"] = data
    with pytest.raises(exception.MalformedPrimitive, match="not a dict"):
        Node.obj_from_primitive(prim)


@pytest.mark.parametrize("changes", ["id", 5, {"id": 1}, [["unhashable"]]])
def test_bad_changes(Node, changes):
    """A changes entry that is not a list of names raises MalformedPrimitive."""
    prim = _prim(Node)
    prim[f"{NS}.changes"] = changes
    with pytest.raises(exception.MalformedPrimitive):
        Node.obj_from_primitive(prim)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("id", "seven", exception.FieldValueInvalid),
        ("id", [1], exception.FieldValueInvalid),
        ("tags", {"a": ["b"]}, exception.FieldValueInvalid),
        ("tags", "notadict", exception.FieldValueInvalid),
        ("next", {"x": 1}, exception.PrimitiveKeyMissing),
        ("next", "string", exception.MalformedPrimitive),
    ],
)
def test_wrong_typed_values_name_object_field_and_version(Node, field, value, error):
    """A wrong-typed value raises a ValueError subclass naming object, version and field."""
    prim = _prim(Node)
    prim[f"{NS}.data"][field] = value
    with pytest.raises(error) as info:
        Node.obj_from_primitive(prim)
    assert isinstance(info.value, ValueError)
    if isinstance(info.value, exception.FieldValueInvalid):
        assert info.value.objname == "Node" and info.value.field == field and info.value.objver == "1.2"
        assert "Node" in str(info.value) and field in str(info.value)
    else:  # raised by the nested object: the message says which parent field led there
        assert str(info.value).endswith("(at Node.next 1.2)")


def test_nested_error_location_lists_every_level(Node):
    """An error two objects deep names both enclosing fields, outermost first."""
    prim = Node(id=1, next=Node(id=2, next=Node(id=3))).obj_to_primitive()
    prim[f"{NS}.data"]["next"][f"{NS}.data"]["next"][f"{NS}.data"]["id"] = "x"
    with pytest.raises(exception.FieldValueInvalid) as info:
        Node.obj_from_primitive(prim)
    assert info.value.field == "id" and info.value.path == ["Node.next 1.2", "Node.next 1.2"]


def test_dict_key_type_error_stays_a_type_error(Node):
    """A non-str dict key raises FieldTypeInvalid: a TypeError as OVO's KeyTypeError was."""
    prim = _prim(Node)
    prim[f"{NS}.data"]["tags"] = {1: "x"}
    with pytest.raises(exception.FieldTypeInvalid) as info:
        Node.obj_from_primitive(prim)
    assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)


def test_secret_value_is_not_in_the_error(Node):
    """The value of a sensitive field never appears in the error message."""
    prim = _prim(Node)
    prim[f"{NS}.data"]["secret"] = ["hunter2-secret"]
    with pytest.raises(exception.FieldValueInvalid) as info:
        Node.obj_from_primitive(prim)
    assert "hunter2" not in str(info.value) and "hunter2" not in repr(info.value.kwargs)


def test_deep_nesting_is_bounded(Node):
    """Nesting deeper than limits.max_depth raises PrimitiveTooDeep, not RecursionError."""
    inner = Node(id=0).obj_to_primitive()
    for i in range(5000):
        inner = {**Node(id=i).obj_to_primitive(), f"{NS}.data": {"id": i, "next": inner}}
    with pytest.raises(exception.PrimitiveTooDeep, match="nested more than 64"):
        Node.obj_from_primitive(inner)
    # And the depth counter is back to zero afterwards: a normal one still loads.
    assert Node.obj_from_primitive(_prim(Node)).id == 1


def test_cyclic_primitive_is_bounded(Node):
    """A primitive that contains itself raises PrimitiveTooDeep."""
    prim = _prim(Node)
    prim[f"{NS}.data"]["next"] = prim
    with pytest.raises(exception.PrimitiveTooDeep):
        Node.obj_from_primitive(prim)


def test_depth_limit_is_configurable(Node):
    """limits.max_depth bounds nesting and can be changed at run time."""
    prim = _prim(Node)
    for _ in range(3):
        prim = {**copy.deepcopy(prim), f"{NS}.data": {"id": 1, "next": prim}}
    old = base.limits.max_depth
    base.limits.max_depth = 3
    try:
        with pytest.raises(exception.PrimitiveTooDeep):
            Node.obj_from_primitive(prim)
        base.limits.max_depth = 4
        assert Node.obj_from_primitive(prim).next.next.next.id == 1
    finally:
        base.limits.max_depth = old


def test_failed_decode_leaves_registry_unchanged(Node):
    """A failed hydration inserts nothing in the registry."""
    before = {k: list(v) for k, v in base.VersionedObjectRegistry.obj_classes().items()}
    prim = _prim(Node)
    prim[f"{NS}.data"]["next"] = {f"{NS}.name": "Nope", f"{NS}.namespace": "versionedobjects", f"{NS}.version": "1.0", f"{NS}.data": {}}
    with pytest.raises(exception.UnsupportedObjectError):
        Node.obj_from_primitive(prim)
    assert {k: list(v) for k, v in base.VersionedObjectRegistry.obj_classes().items()} == before


@pytest.mark.parametrize(
    ("field", "value", "builtin", "error"),
    [
        ("tags", ["not", "a", "dict"], AttributeError, exception.FieldAttributeInvalid),
        ("id", float("inf"), OverflowError, exception.FieldOverflow),
        ("tags", {1: "x"}, TypeError, exception.FieldTypeInvalid),
    ],
)
def test_wrapped_errors_keep_the_builtin_ovo_raises(Node, field, value, builtin, error):
    """Where OVO lets a builtin escape for a bad wire value, vobjects' error is also that builtin."""
    from oslo_versionedobjects import base as ovo_base
    from oslo_versionedobjects import fields as ovo_fields

    ovo_node = ovo_base.VersionedObjectRegistry.register(
        type(
            "Node",  # OVO's twin of the fixture class, same wire name
            (ovo_base.VersionedObject,),
            {
                "VERSION": "1.2",
                "fields": {"id": ovo_fields.IntegerField(), "tags": ovo_fields.DictOfStringsField(nullable=True)},
            },
        )
    )
    prim = ovo_node(id=1, tags={"a": "b"}).obj_to_primitive()
    prim[f"{NS}.data"][field] = value
    with pytest.raises(builtin):
        ovo_node.obj_from_primitive(prim)
    with pytest.raises(error) as info:
        base.VersionedObject.obj_from_primitive(prim)
    assert isinstance(info.value, builtin) and isinstance(info.value, ValueError)
    assert info.value.field == field
