"""JSON Schema from the canonical schema: every field type, any version, validated with jsonschema."""

from __future__ import annotations

import datetime
import json
import warnings

import jsonschema
import pytest

from tests import schema_models
from vobjects import _jsonschema, _lifecycle, _schema, base, fields


@pytest.fixture
def kitchen():
    """The all-field-types model, registered with its child object."""

    @base.VersionedObjectRegistry.register
    class Sink(base.VersionedObject):
        VERSION = "1.0"
        fields = {"depth": fields.IntegerField()}

    cls = base.VersionedObjectRegistry.register(schema_models.Kitchen)
    return cls, Sink


def full_kitchen(cls, sink):
    values = {
        "id": 1,
        "name": None,
        "ratio": 0.5,
        "ok": False,
        "at": datetime.datetime(2021, 5, 6, 7, 8, 9),
        "uuid": "6f2cf2a4-2a0e-4b1b-9d6e-1c2b3a4d5e6f",
        "mac": "aa:bb:cc:dd:ee:ff",
        "pci": "0000:00:1f.2",
        "ip": "10.0.0.1",
        "ip4": "10.0.0.2",
        "ip6": "::1",
        "ip46": "fe80::1",
        "net": "10.0.0.0/8",
        "net4": "192.168.0.0/16",
        "net6": "fd00::/8",
        "secret": "s",
        "pred": ">=1.0",
        "flex": "yes",
        "count": 3,
        "size": 2.5,
        "mood": "angry",
        "state": "on",
        "moods": ["a", "b"],
        "tags": {"x", "y"},
        "nums": {1, 2},
        "names": ["n"],
        "ints": [1],
        "uuids": ["6f2cf2a4-2a0e-4b1b-9d6e-1c2b3a4d5e6f"],
        "meta": {"k": "v"},
        "opt": {"k": None},
        "counts": {"k": 1},
        "lists": [["a"]],
        "dl": {"k": ["a"]},
        "ds": {"k": {1}},
        "ls": [{1}],
        "ld": [{"k": None}],
        "child": sink(depth=1),
        "any_child": None,
        "children": [sink(depth=2)],
        "raw": [{"k": 1, "j": None}],
    }
    return cls(**values)


def validate(schema, primitive):
    """Validate the primitive as it travels (JSON: a set's tuple becomes an array)."""
    jsonschema.Draft4Validator.check_schema(schema)
    checker = jsonschema.FormatChecker()
    jsonschema.Draft4Validator(schema, format_checker=checker).validate(json.loads(json.dumps(primitive)))


def test_every_field_type_validates(kitchen):
    """A primitive holding every field type (IP fields included) validates against its class's schema."""
    cls, sink = kitchen
    obj = full_kitchen(cls, sink)
    schema = _jsonschema.for_class(cls)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        primitive = obj.obj_to_primitive()
    validate(schema, primitive)
    assert schema["definitions"]["Sink"]["properties"]["versioned_object.data"]["properties"] == {
        "depth": {"type": ["integer"]}
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("ints", ["x"]), ("mood", "happy"), ("ip4", "::1"), ("mac", "nope"), ("count", -1), ("children", [{"a": 1}])],
)
def test_wrong_values_are_rejected(kitchen, field, value):
    """Each field's schema rejects a value of the wrong shape."""
    cls, sink = kitchen
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        primitive = full_kitchen(cls, sink).obj_to_primitive()
    primitive["versioned_object.data"][field] = value
    with pytest.raises(jsonschema.ValidationError):
        validate(_jsonschema.for_class(cls), primitive)


def test_older_version_schema_matches_backport():
    """A lifecycle's older version: the backported primitive validates, the current one does not."""

    @base.VersionedObjectRegistry.register
    class Lamp(base.VersionedObject):
        VERSION = "1.1"
        fields = {"watts": fields.IntegerField(), "mode": fields.EnumField(["on", "off", "dim"])}
        obj_field_history = {"watts": "1.1"}
        obj_enum_history = {"mode": {"dim": ("1.1", "on")}}

    lamp = Lamp(watts=5, mode="dim")
    old = _jsonschema.for_class(Lamp, "1.0")
    validate(old, lamp.obj_to_primitive(target_version="1.0"))
    with pytest.raises(jsonschema.ValidationError):
        validate(old, lamp.obj_to_primitive())
    assert old["title"] == "Lamp 1.0"


def test_schema_from_a_lockfile_record():
    """A record read back from JSON (a lockfile entry) gives the same JSON Schema as the class."""
    record = _lifecycle.schema_at(schema_models.KitchenList, "1.2")
    again = _schema.ObjectSchema.from_json(record.to_json())
    assert _jsonschema.json_schema(record) == _jsonschema.json_schema(again)


def test_project_types_are_unconstrained():
    """A field type vobjects does not know is described by an empty (accept-all) schema."""

    class Odd(fields.FieldType):
        pass

    record = _schema.schema_of(type("Odd", (base.VersionedObject,), {"fields": {"x": fields.Field(Odd())}}))
    assert _jsonschema.json_schema(record)["properties"]["versioned_object.data"]["properties"]["x"] == {}


@pytest.mark.skipif(__import__("shutil").which("vobjects") is None, reason="console script not installed")
def test_cli_jsonschema_of_an_older_version():
    """`vobjects jsonschema` prints an older version's schema (from the lifecycle or the lockfile); bad input exits 2."""
    import shutil
    import subprocess
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]

    def run(*args):
        command = [shutil.which("vobjects"), "jsonschema", "examples.nova_like", "--object", "Flavor", *args]
        return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=120)

    for extra in ([], ["--lockfile", "examples/nova_like/vobjects.lock.json"]):
        result = run("--version", "1.0", *extra)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)["properties"]["nova_like_object.data"]["properties"]
        assert sorted(data) == ["flavorid", "id", "is_public", "memory_mb", "name", "root_gb", "vcpus"]
    assert run("--version", "2.0").returncode == 2
