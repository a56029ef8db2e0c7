"""The canonical schema: sees what OVO's fingerprint misses, ignores what it wrongly flags."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import schema_models
from vobjects import _fingerprint, _schema, base, fields

REPO = Path(__file__).resolve().parents[1]
# Computed once; the same under every Python (see test_hash_same_under_other_pythons).
GOLDEN = {
    "Kitchen": "35aa7fa8f60869873f9732887ac15342b301645356c6bbd19ef45112c38f1ae5",
    "KitchenList": "f2dd1e93fc5764dc2ef4af6b0ed06344ee73caed7b39db46966cfe3dea3559c2",
}


def make(fields_: dict, version: str = "1.0", name: str = "Thing", **attrs) -> type:
    """An unregistered object class named ``name`` with the given fields."""
    return type(name, (base.VersionedObject,), {"VERSION": version, "fields": fields_, **attrs})


BLIND_SPOTS = {
    "element type": (fields.ListOfStringsField(), fields.ListOfIntegersField()),
    "object target": (fields.ObjectField("A"), fields.ObjectField("B")),
    "tz-awareness": (fields.DateTimeField(tzinfo_aware=True), fields.DateTimeField(tzinfo_aware=False)),
    "read_only": (fields.IntegerField(read_only=False), fields.IntegerField(read_only=True)),
    "dict element nullability": (fields.DictOfStringsField(), fields.DictOfNullableStringsField()),
    "subclasses flag": (fields.ObjectField("A"), fields.ObjectField("A", subclasses=True)),
}


@pytest.mark.parametrize("spot", sorted(BLIND_SPOTS))
def test_schema_sees_ovo_blind_spots(spot):
    """Each pair has the same OVO fingerprint but a different canonical schema hash."""
    first, second = BLIND_SPOTS[spot]
    one, two = make({"x": first}), make({"x": second})
    assert _fingerprint.fingerprint(one) == _fingerprint.fingerprint(two)
    assert _schema.schema_of(one).sha256 != _schema.schema_of(two).sha256


def test_schema_ignores_annotations_on_remotables():
    """A type annotation on a remotable method changes OVO's fingerprint, not the schema."""

    def plain(self, force=False):
        pass

    def annotated(self, force: bool = False) -> None:
        pass

    one = make({}, save=base.remotable(plain))
    two = make({}, save=base.remotable(annotated))
    assert _fingerprint.fingerprint(one) != _fingerprint.fingerprint(two)
    assert _schema.schema_of(one) == _schema.schema_of(two)


def test_schema_ignores_enum_type_class_name():
    """Renaming a project Enum subclass changes OVO's repr-based hash, not the schema."""

    def enum_field(type_name):
        enum_type = type(type_name, (fields.Enum,), {})
        field_cls = type(type_name + "Field", (fields.BaseEnumField,), {"AUTO_TYPE": enum_type(["a", "b"])})
        return field_cls()

    one, two = make({"s": enum_field("Colour")}), make({"s": enum_field("Color")})
    assert _fingerprint.fingerprint(one) != _fingerprint.fingerprint(two)
    assert _schema.schema_of(one) == _schema.schema_of(two)


def test_schema_ignores_field_spelling():
    """``IntegerField()`` and ``Field(Integer())`` describe the same wire type."""
    assert _schema.schema_of(make({"x": fields.IntegerField()})) == _schema.schema_of(
        make({"x": fields.Field(fields.Integer())})
    )


def test_schema_sees_parameter_kinds_and_defaults():
    """A parameter turned keyword-only, or losing its default, changes the schema."""

    def positional(self, force=False):
        pass

    def keyword(self, *, force=False):
        pass

    def required(self, force):
        pass

    schemas = {_schema.schema_of(make({}, save=base.remotable(f))).sha256 for f in (positional, keyword, required)}
    assert len(schemas) == 3


def test_classmethod_spellings_agree():
    """``@classmethod @remotable`` and ``@remotable_classmethod`` give the same record."""

    def get(cls, context, id):
        pass

    one = make({}, get=classmethod(base.remotable(get)))
    with pytest.warns(DeprecationWarning):
        two = make({}, get=base.remotable_classmethod(get))
    assert _schema.schema_of(one).remotable == _schema.schema_of(two).remotable
    assert [p.name for p in _schema.schema_of(one).method_map["get"].params] == ["cls", "context", "id"]


def test_plain_methods_are_not_part_of_the_schema():
    """Only remotable methods are recorded."""
    assert _schema.schema_of(make({}, helper=lambda self: None)).remotable == ()


@pytest.mark.parametrize(
    ("first", "second"),
    [(1, 1.0), (1, True), ([], set()), ([1], (1,)), ({}, []), ("1", 1), (None, "None")],
)
def test_canonical_values_keep_python_distinctions(first, second):
    """Defaults that differ in Python type stay different in canonical JSON."""
    assert _schema.canonical_text(_schema.canonical_value(first)) != _schema.canonical_text(
        _schema.canonical_value(second)
    )


def test_set_and_dict_defaults_are_order_free():
    """A set or dict default gives the same canonical form whatever its insertion order."""
    assert _schema.canonical_value({3, 1, 2}) == _schema.canonical_value({1, 2, 3}) == {"set": [1, 2, 3]}
    assert _schema.canonical_value({"b": 1, "a": 2}) == _schema.canonical_value({"a": 2, "b": 1})


def test_no_default_differs_from_none_default():
    """A field without a default and one defaulting to None have different records."""
    assert _schema.schema_of(make({"x": fields.StringField(nullable=True)})) != _schema.schema_of(
        make({"x": fields.StringField(nullable=True, default=None)})
    )


@pytest.mark.parametrize("cls", schema_models.ALL, ids=lambda cls: cls.__name__)
def test_json_round_trip(cls):
    """``from_json(to_json())`` gives back the same record, and the JSON is canonical text."""
    schema = _schema.schema_of(cls)
    data = json.loads(json.dumps(schema.to_json()))
    assert _schema.ObjectSchema.from_json(data) == schema
    assert _schema.canonical_text(data) == _schema.canonical_text(schema.to_json())


@pytest.mark.parametrize("cls", schema_models.ALL, ids=lambda cls: cls.__name__)
def test_hash_is_golden(cls):
    """The sha256 of the model classes equals the value recorded when the format was fixed."""
    assert GOLDEN[cls.__name__] == _schema.schema_of(cls).sha256


def _other_pythons():
    root = Path.home() / ".pyenv" / "versions"
    found = []
    for candidate in sorted(root.glob("3.1[0-9]*/bin/python")) if root.is_dir() else []:
        if candidate.resolve() != Path(sys.executable).resolve():
            found.append(candidate)
    return found


def test_hash_same_under_other_pythons():
    """Other installed interpreters (3.10+) compute the same schema hashes as this one."""
    pythons = _other_pythons()
    if not pythons:
        pytest.skip("no other Python 3.10+ interpreter installed (tox runs the golden test under each)")
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]);"
        "from tests import schema_models as m; from vobjects import _schema;"
        "print(json.dumps({c.__name__: _schema.schema_of(c).sha256 for c in m.ALL}))"
    )
    checked = []
    for python in pythons:
        out = subprocess.run([str(python), "-c", code, str(REPO)], capture_output=True, text=True, timeout=120)
        if out.returncode != 0 and "ModuleNotFoundError" in out.stderr:
            continue  # that interpreter lacks a runtime dependency
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == GOLDEN, python
        checked.append(python)
    if not checked:
        pytest.skip("no other interpreter could import vobjects")


def test_every_field_class_has_a_schema():
    """Every public ``*Field`` class builds a JSON-serialisable record with a known kind."""
    made = []
    for name in fields.__all__:
        klass = getattr(fields, name)
        if not (isinstance(klass, type) and issubclass(klass, fields.Field)) or klass in (
            fields.Field,
            fields.AutoTypedField,
            fields.BaseEnumField,
            fields.DictProxyField,
        ):
            continue
        if klass in (fields.EnumField, fields.ListOfEnumField, fields.StateMachine):
            field = klass(["a"])
        elif klass in (fields.ObjectField, fields.ListOfObjectsField):
            field = klass("A")
        else:
            field = klass()
        record = _schema.field_schema(field)
        assert '"class"' not in json.dumps(record.to_json()), name
        made.append(name)
    assert len(made) > 30


def test_project_type_records_its_class():
    """A field type outside vobjects.fields is recorded with its class path (its semantics are its own)."""

    class Odd(fields.FieldType):
        pass

    record = _schema.type_schema(Odd())
    assert record.kind == "FieldType"
    assert record.cls is not None and record.cls.endswith("Odd")


def test_schema_leaves_fingerprints_alone():
    """Building schemas for the golden-vector style classes does not change their OVO fingerprint."""
    cls = schema_models.Kitchen
    before = _fingerprint.fingerprint(cls)
    _schema.schema_of(cls)
    assert before == _fingerprint.fingerprint(cls)


def test_describe_type():
    """Type texts name elements, targets, enum values and tz-awareness."""
    describe = _schema.describe_type
    assert describe(_schema.field_schema(fields.ListOfIntegersField()).type) == "List<Integer>"
    assert describe(_schema.field_schema(fields.ObjectField("A")).type) == "Object<A>"
    assert describe(_schema.field_schema(fields.DateTimeField(tzinfo_aware=False)).type) == "DateTime(naive)"
    assert describe(_schema.field_schema(fields.EnumField(["a"])).type) == "Enum['a']"
