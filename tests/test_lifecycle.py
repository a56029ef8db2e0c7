"""Declared lifecycles: generated backports equal OVO's hand-written ones, and leave fingerprints alone."""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from vobjects import _fingerprint, _lifecycle, _schema, base, exception, fields

NS = "versioned_object"
TARGETS = ["1.0", "1.1", "1.2", "1.3"]


def gadget_fields(f):
    return {
        "id": f.IntegerField(),
        "name": f.StringField(nullable=True),
        "size": f.IntegerField(default=0),
        "color": f.EnumField(["red", "blue", "green"]),
        "labels": f.ListOfEnumField(["a", "b", "c"], default=[]),
        "part": f.ObjectField("Part", nullable=True),
        "notes": f.StringField(nullable=True),
    }


def define_ours():
    """Part and Gadget with a declared lifecycle (no hand-written backport)."""

    @base.VersionedObjectRegistry.register
    class Part(base.VersionedObject):
        VERSION = "1.0"
        fields = {"serial": fields.StringField()}

    @base.VersionedObjectRegistry.register
    class Gadget(base.VersionedObject):
        VERSION = "1.3"
        fields = gadget_fields(fields)
        obj_relationships = {"part": [("1.2", "1.0")]}
        obj_field_history = {"size": "1.1", "part": "1.2", "notes": "1.3"}
        obj_enum_history = {"color": {"green": ("1.2", "red")}, "labels": {"c": ("1.1", "a")}}

    return Part, Gadget


def define_theirs():
    """The same classes in OVO, with the obj_make_compatible a nova developer writes."""

    @ovo_base.VersionedObjectRegistry.register
    class Part(ovo_base.VersionedObject):
        VERSION = "1.0"
        fields = {"serial": ovo_fields.StringField()}

    @ovo_base.VersionedObjectRegistry.register
    class Gadget(ovo_base.VersionedObject):
        VERSION = "1.3"
        fields = gadget_fields(ovo_fields)
        obj_relationships = {"part": [("1.2", "1.0")]}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            target = versionutils.convert_version_to_tuple(target_version)
            if target < (1, 3):
                primitive.pop("notes", None)
            if target < (1, 2):
                primitive.pop("part", None)
                if primitive.get("color") == "green":
                    primitive["color"] = "red"
            if target < (1, 1):
                primitive.pop("size", None)
                if "labels" in primitive:
                    primitive["labels"] = ["a" if label == "c" else label for label in primitive["labels"]]

    return Part, Gadget


def stable(primitive):
    """JSON text of a primitive with every ``changes`` list sorted."""

    def walk(value):
        if isinstance(value, dict):
            out = {key: walk(item) for key, item in value.items()}
            if f"{NS}.changes" in out:
                out[f"{NS}.changes"] = sorted(out[f"{NS}.changes"])
            return out
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return json.dumps(walk(primitive), sort_keys=True)


VALUES = [
    {"id": 1, "name": "g", "size": 3, "color": "green", "labels": ["c", "b"], "notes": "n"},
    {"id": 2, "color": "blue", "labels": ["a"]},
    {"id": 3, "name": None, "color": "red", "notes": None},
]


@pytest.mark.parametrize("values", VALUES)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("with_part", [True, False])
def test_generated_backport_equals_ovo_hand_written(values, target, with_part):
    """To every older version, the lifecycle backport writes what OVO's hand-written one writes."""
    our_part, our_gadget = define_ours()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        their_part, their_gadget = define_theirs()
        extra = {"part": their_part(serial="s")} if with_part else {}
        theirs = their_gadget(**values, **extra).obj_to_primitive(target_version=target)
    extra = {"part": our_part(serial="s")} if with_part else {}
    ours = our_gadget(**values, **extra).obj_to_primitive(target_version=target)
    assert stable(theirs) == stable(ours)


def test_refused_enum_value_names_object_field_and_versions():
    """Without a fallback, backporting a newer enum value raises EnumValueTooNew with the details."""

    class Lamp(base.VersionedObject):
        VERSION = "1.1"
        fields = {"mode": fields.EnumField(["on", "off", "dim"])}
        obj_enum_history = {"mode": {"dim": "1.1"}}

    base.VersionedObjectRegistry.register(Lamp)
    with pytest.raises(
        exception.EnumValueTooNew, match=r"Lamp\.mode to version 1\.0: the value 'dim' was added in 1\.1"
    ):
        Lamp(mode="dim").obj_to_primitive(target_version="1.0")
    assert Lamp(mode="on").obj_to_primitive(target_version="1.0")[f"{NS}.data"] == {"mode": "on"}
    error = exception.EnumValueTooNew(objname="Lamp", field="mode", value="dim", added="1.1", target_version="1.0")
    assert isinstance(error, ValueError) and error.field == "mode"


def test_hand_written_override_still_runs():
    """An override calling super() gets the generated drops first, then does its own work."""

    @base.VersionedObjectRegistry.register
    class Box(base.VersionedObject):
        VERSION = "1.2"
        fields = {"a": fields.IntegerField(), "b": fields.IntegerField(), "c": fields.IntegerField()}
        obj_field_history = {"c": "1.2"}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            if target_version == "1.0":
                primitive["a"] = -primitive.pop("b")

    assert Box(a=1, b=2, c=3).obj_to_primitive(target_version="1.0")[f"{NS}.data"] == {"a": -2}
    assert Box(a=1, b=2, c=3).obj_to_primitive(target_version="1.1")[f"{NS}.data"] == {"a": 1, "b": 2}


def test_history_is_not_part_of_the_fingerprint():
    """Declaring a lifecycle leaves the OVO fingerprint and ``fields`` exactly as they were."""
    plain = type("Box", (base.VersionedObject,), {"VERSION": "1.1", "fields": {"a": fields.IntegerField()}})
    declared = type(
        "Box",
        (base.VersionedObject,),
        {"VERSION": "1.1", "fields": {"a": fields.IntegerField()}, "obj_field_history": {"a": "1.1"}},
    )
    assert _fingerprint.fingerprint(plain) == _fingerprint.fingerprint(declared)
    assert list(declared.fields) == ["a"]


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"obj_field_history": {"nope": "1.0"}}, "nope is invalid: there is no such field"),
        ({"obj_field_history": {"a": "1.5"}}, "after the class version 1.1"),
        ({"obj_field_history": {"a": "one"}}, "'one' is not a version"),
        ({"obj_enum_history": {"a": {"x": "1.1"}}}, "not an enum"),
        ({"obj_enum_history": {"e": {"zz": "1.1"}}}, "'zz' is not one of its valid values"),
        ({"obj_enum_history": {"e": {"y": ("1.1", "zz")}}}, "fallback 'zz'"),
    ],
)
def test_bad_declarations_fail_at_registration(attrs, message):
    """A lifecycle naming a missing field, a bad version or an unknown value is refused when registered."""
    body = {"VERSION": "1.1", "fields": {"a": fields.IntegerField(), "e": fields.EnumField(["x", "y"])}, **attrs}
    cls = type("Bad", (base.VersionedObject,), body)
    with pytest.raises(exception.LifecycleInvalid, match=message):
        base.VersionedObjectRegistry.register(cls)


def test_list_objects_cannot_declare_a_lifecycle():
    """An ObjectListBase (whose backport never reaches the hook) is refused at registration."""
    body = {"VERSION": "1.1", "fields": {"objects": fields.ListOfObjectsField("X")}}
    body["obj_field_history"] = {"objects": "1.0"}
    cls = type("XList", (base.ObjectListBase, base.VersionedObject), body)
    with pytest.raises(exception.LifecycleInvalid, match="list objects"):
        base.VersionedObjectRegistry.register(cls)


def test_schema_at_drops_later_fields_and_values():
    """The schema a lifecycle implies for 1.1 lacks fields and enum values added later."""
    _part, gadget = define_ours()
    old = _lifecycle.schema_at(gadget, "1.1")
    assert old.version == "1.1"
    assert sorted(old.field_map) == ["color", "id", "labels", "name", "size"]
    assert old.field_map["color"].type.values == ("red", "blue")
    assert old.field_map["labels"].type.element.type.values == ("a", "b", "c")
    assert _lifecycle.schema_at(gadget, "1.3") == _schema.schema_of(gadget)
    assert _lifecycle.derived_versions(gadget) == ["1.0", "1.1", "1.2"]


def test_plain_classes_have_no_plan():
    """A class that declares nothing gets no lifecycle (OVO behaviour untouched)."""
    cls = base.VersionedObjectRegistry.register(
        type("Plain", (base.VersionedObject,), {"VERSION": "1.0", "fields": {"a": fields.IntegerField()}})
    )
    assert cls._vo_codec.lifecycle is None
    assert _lifecycle.derived_versions(cls) == []


def test_example_flavor_backports_as_its_history_says():
    """examples.nova_like.Flavor (lifecycle, no hand-written hook) drops exactly the fields newer than the target."""
    from examples.nova_like import Device, Flavor

    flavor = Flavor(id=1, flavorid="f", name="n", memory_mb=1, vcpus=1, extra_specs={"a": "b"}, description="d")
    data = {v: set(flavor.obj_to_primitive(target_version=v)["nova_like_object.data"]) for v in ("1.0", "1.1", "1.2")}
    common = {"id", "flavorid", "name", "memory_mb", "vcpus"}
    assert data == {"1.0": common, "1.1": common | {"extra_specs"}, "1.2": common | {"extra_specs", "description"}}
    device = Device(id=1, instance_uuid="6f2cf2a4-2a0e-4b1b-9d6e-1c2b3a4d5e6f", bus="pci", tags={"x"})
    assert "tags" not in device.obj_to_primitive(target_version="1.0")["nova_like_object.data"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    added=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=6),
    present=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_random_histories_backport_like_ovo(added, present):
    """Random field histories: the generated backport equals OVO's loop of pops, to every version."""
    names = [f"f{index}" for index in range(len(added))]
    top = max(added)
    version = f"1.{top}"
    history = {name: f"1.{minor}" for name, minor in zip(names, added, strict=True)}

    def hand_written(self, primitive, target_version):
        super(type(self), self).obj_make_compatible(primitive, target_version)
        target = versionutils.convert_version_to_tuple(target_version)
        for name, since in history.items():
            if target < versionutils.convert_version_to_tuple(since):
                primitive.pop(name, None)

    ours = type(
        "Rnd",
        (base.VersionedObject,),
        {
            "VERSION": version,
            "fields": {name: fields.IntegerField(nullable=True) for name in names},
            "obj_field_history": history,
        },
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = type(
            "Rnd",
            (ovo_base.VersionedObject,),
            {
                "VERSION": version,
                "fields": {name: ovo_fields.IntegerField(nullable=True) for name in names},
                "obj_make_compatible": hand_written,
            },
        )
    values = {name: index for index, name in enumerate(names) if present[index]}
    for minor in range(top + 1):
        target = f"1.{minor}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = theirs(**values).obj_to_primitive(target_version=target)
        assert stable(expected) == stable(ours(**values).obj_to_primitive(target_version=target))
