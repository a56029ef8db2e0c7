"""The public face of vobjects.fields: names, Field semantics, reprs (fingerprint text)."""

from __future__ import annotations

import hashlib
import inspect
import subprocess
import sys
import typing

import oslo_versionedobjects.fields as ovo_fields
import pytest

from tests.test_fields_support import HOLDER, outcome, pair
from vobjects import fields
from vobjects.fields import _core

OVO_PUBLIC = sorted(
    name
    for name, value in vars(ovo_fields).items()
    if not name.startswith("_") and inspect.isclass(value) and value.__module__ == ovo_fields.__name__
)

# Every *Field class that takes only (nullable, default, read_only).
PLAIN_FIELDS = sorted(
    name
    for name in OVO_PUBLIC
    if name.endswith("Field")
    and name not in ("Field", "AutoTypedField", "BaseEnumField", "EnumField", "ListOfEnumField")
    and name not in ("ObjectField", "ListOfObjectsField", "DictProxyField")
)

# Schema patterns corrected on purpose (see doc/source/ovo-differences.rst).
FIXED_PATTERNS = ("PCIAddressField", "IPV6NetworkField")

FIELD_KWARGS = [
    {},
    {"nullable": True},
    {"read_only": True},
    {"default": None},
    {"default": "x"},
    {"default": 0},
    {"default": []},
    {"default": ["a", 1]},
    {"default": {"a": "b"}},
    {"default": set()},
    {"default": {2, 1, "a"}},
    {"default": ("t",)},
    {"default": fields.UnspecifiedDefault},
]


def test_all_matches_ovo_public_classes():
    """__all__ lists exactly the public classes of OVO's fields module, and each exists."""
    assert sorted(fields.__all__) == OVO_PUBLIC
    assert all(inspect.isclass(getattr(fields, name)) for name in fields.__all__)


def test_import_stays_light():
    """Importing vobjects.fields loads neither oslo.messaging/config, eventlet, oslo.utils nor netaddr."""
    code = (
        "import sys, vobjects.fields\n"
        "heavy = ('oslo_messaging', 'oslo_config', 'eventlet', 'oslo_utils', 'netaddr', 'iso8601', 'uuid')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_unspecified_default_prints_as_ovo():
    """The sentinel is a class that prints exactly as OVO's class does."""
    assert inspect.isclass(fields.UnspecifiedDefault)
    assert str(fields.UnspecifiedDefault) == str(ovo_fields.UnspecifiedDefault)
    assert repr(fields.UnspecifiedDefault) == repr(ovo_fields.UnspecifiedDefault)
    assert f"{fields.UnspecifiedDefault}" == f"{ovo_fields.UnspecifiedDefault}"
    assert fields.UnspecifiedDefault == fields.UnspecifiedDefault
    assert fields.StringField().default == fields.UnspecifiedDefault


@pytest.mark.parametrize("kwargs", FIELD_KWARGS, ids=repr)
@pytest.mark.parametrize("name", PLAIN_FIELDS)
def test_field_repr_describe_schema_match_ovo(name, kwargs):
    """repr (hashed into fingerprints), describe, properties and get_schema are OVO's."""
    if kwargs.get("default") is fields.UnspecifiedDefault:
        ovo_field, our_field = getattr(ovo_fields, name)(), getattr(fields, name)(**kwargs)
    else:
        ovo_field, our_field = pair(name, **kwargs)
    assert repr(our_field) == repr(ovo_field)
    assert our_field.describe() == ovo_field.describe()
    assert (our_field.nullable, our_field.read_only) == (ovo_field.nullable, ovo_field.read_only)
    theirs = outcome(ovo_field.get_schema)
    if name in FIXED_PATTERNS:
        theirs = outcome(lambda: {k: v for k, v in ovo_field.get_schema().items() if k != "pattern"})
        assert outcome(lambda: {k: v for k, v in our_field.get_schema().items() if k != "pattern"}) == theirs
    elif theirs[0] == "ok":
        assert outcome(our_field.get_schema) == theirs
    else:  # IP address/network fields: OVO has no schema (see test_fields_network)
        assert "IP" in name and outcome(our_field.get_schema)[0] == "ok"


@pytest.mark.parametrize("name", PLAIN_FIELDS)
def test_none_handling_matches_ovo(name):
    """coerce(None): None when nullable, the coerced default when there is one, else OVO's error."""
    for kwargs in ({}, {"nullable": True}, {"default": None}):
        ovo_field, our_field = pair(name, **kwargs)
        assert outcome(our_field.coerce, HOLDER, "f", None) == outcome(ovo_field.coerce, HOLDER, "f", None)
        assert our_field.from_primitive(HOLDER, "f", None) is None
        assert our_field.to_primitive(HOLDER, "f", None) is None
        assert our_field.stringify(None) == "None"


def test_default_is_copied_and_coerced_each_time():
    """A default stands in for None as a fresh, coerced copy on every assignment."""
    field = fields.ListOfStringsField(default=["a", 1])
    first = field.coerce(HOLDER, "tags", None)
    second = field.coerce(HOLDER, "tags", None)
    assert first == ["a", "1"] and type(first) is fields.CoercedList
    assert first is not second
    first.append("b")
    assert field.default == ["a", 1]


def test_missing_default_message():
    """A non-nullable field without default refuses None with OVO's exact text."""
    with pytest.raises(ValueError, match=r"^Field `size' cannot be None$"):
        fields.IntegerField().coerce(None, "size", None)


def test_ovo_sentinel_counts_as_no_default():
    """Code that passes OVO's UnspecifiedDefault gets 'no default', and the same repr."""
    field = fields.IntegerField(default=ovo_fields.UnspecifiedDefault)
    with pytest.raises(ValueError, match="cannot be None"):
        field.coerce(None, "n", None)
    assert "default" not in field.get_schema()
    assert repr(field) == repr(fields.IntegerField())


# md5 of repr((fields, methods[, child_versions])): the fingerprint vectors of
# the contract (section 4.2), reduced to what fields contribute.
def _md5(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def test_fingerprint_vectors():
    """Field reprs reproduce OVO's published fingerprint hashes byte for byte."""
    host = repr(([("name", fields.StringField())], []))
    assert _md5(host) == "93dac405e0b7ac9773f03493962e0750"
    object_list = repr([("objects", fields.ListOfObjectsField("Port"))]) + ", [], OrderedDict())"
    assert _md5("(" + object_list) == "15ecf022a68ddbb8c2a6739cfc9f8f5e"
    sets = sorted(
        {
            "empty_default": fields.SetOfIntegersField(default=set()),
            "non_empty_default": fields.SetOfIntegersField(default={1, 2}),
        }.items()
    )
    assert _md5(repr((sets, []))) == "bcc44920f2f727eca463c6eb4fe8445b"


def test_widget_field_reprs():
    """The contract's worked example prints the same field list as OVO."""

    def widget(lib):
        return sorted(
            {
                "id": lib.IntegerField(),
                "name": lib.StringField(nullable=True),
                "tags": lib.SetOfStringsField(default=set()),
                "state": lib.EnumField(["on", "off"], default="off"),
                "parent": lib.ObjectField("Widget", nullable=True),
                "ips": lib.ListOfStringsField(default=[]),
            }.items()
        )

    assert repr(widget(fields)) == repr(widget(ovo_fields))


def test_datetime_field_repr_ignores_awareness():
    """DateTimeField prints the same whatever tzinfo_aware says (an OVO hash blind spot, kept)."""
    assert (
        repr(fields.DateTimeField(tzinfo_aware=False))
        == repr(ovo_fields.DateTimeField())
        == repr(fields.DateTimeField())
    )


def test_key_and_element_type_errors_match_ovo():
    """KeyTypeError and ElementTypeError are TypeErrors with OVO's texts."""
    assert str(fields.KeyTypeError(str, 1)) == str(ovo_fields.KeyTypeError(str, 1))
    assert str(fields.ElementTypeError("str", "k", 1)) == str(ovo_fields.ElementTypeError("str", "k", 1))
    assert issubclass(fields.KeyTypeError, TypeError) and issubclass(fields.ElementTypeError, TypeError)


def test_field_type_defaults():
    """FieldType is identity by default, describes itself by class name and has no schema."""
    base = fields.FieldType()
    value = object()
    assert base.coerce(None, "a", value) is value
    assert base.hydrate(None, "a", value) is value
    assert base.to_primitive(None, "a", value) is value
    assert base.describe() == "FieldType"
    with pytest.raises(NotImplementedError):
        base.get_schema()
    with pytest.raises(TypeError):
        fields.AbstractFieldType()


def test_string_pattern_without_pattern():
    """A StringPattern subclass without PATTERN fails get_schema with OVO's text."""

    class Bare(fields.StringPattern):
        pass

    with pytest.raises(AttributeError, match=r"^Bare has no pattern$"):
        Bare().get_schema()


def test_compound_type_subclass_skipping_init_still_works():
    """A container subclass that sets _element_type itself still gets its element plan."""

    class Custom(fields.List):
        def __init__(self):
            self._element_type = fields.Field(fields.Integer())

    assert Custom().coerce(None, "c", ["1"]) == [1]


def test_field_is_generic_and_catalogue_is_typed():
    """Field is Generic and the catalogue classes carry their value types (then the nullability)."""
    assert typing.get_args(fields.IntegerField.__orig_bases__[0])[0] is int
    assert typing.get_args(fields.ListOfStringsField.__orig_bases__[0])[0] == list[str]
    assert typing.get_args(fields.DictOfNullableStringsField.__orig_bases__[0])[0] == dict[str, str | None]
    # The nullability may be left out, as type checkers allow (PEP 696 default).
    assert typing.get_args(fields.Field[int]) == (int, typing.Any)


def test_dict_proxy_field():
    """DictProxyField stores str keys in the dict field and gives typed keys back."""

    class Owner:
        pins = fields.DictProxyField("_pins")

        def __init__(self):
            self._pins = None

    owner = Owner()
    assert owner.pins is None
    owner.pins = {1: "a"}
    assert owner._pins == {"1": "a"}
    assert owner.pins == {1: "a"}
    owner.pins = None
    assert owner._pins is None
    assert isinstance(Owner.pins, fields.DictProxyField)


def test_field_schema_adds_readonly_null_default_in_ovo_order():
    """get_schema() adds readonly, null and the raw default as OVO does."""
    ovo_field, our_field = pair("DictOfStringsField", nullable=True, read_only=True, default={"a": "b"})
    assert our_field.get_schema() == ovo_field.get_schema()
    assert list(our_field.get_schema()) == list(ovo_field.get_schema())


def test_element_plan_trusts_only_matching_exact_declarations():
    """The container plan ignores _vo_exact inherited past an overriding coerce."""

    class Lower(fields.String):
        def coerce(self, obj, attr, value):
            return value.lower()

    assert _core._ElementPlan(fields.Field(Lower())).coerce_exact == ()
    assert _core._ElementPlan(fields.Field(fields.String())).coerce_exact == (str,)
    assert fields.List(Lower()).coerce(None, "c", ["A"]) == ["a"]
