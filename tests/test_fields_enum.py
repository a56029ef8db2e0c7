"""Enum, the enum fields and StateMachine against OVO."""

from __future__ import annotations

import datetime

import oslo_versionedobjects.exception as ovo_exception
import oslo_versionedobjects.fields as ovo_fields
import pytest

from tests.test_fields_support import HOLDER, outcome, pair
from vobjects import exception, fields

VALID_VALUES = [
    ["on", "off"],
    ("on", "off"),
    ("a",),
    frozenset({"a", "b"}),
    {"a", "b"},
    ["a", 1, 2.5],
    (1, 2),
    "abc",
    [datetime.datetime(2020, 1, 1)],
]

BAD_VALID_VALUES = [[], None, (), "", True, 5, [b"x"], [None], [["a"]]]

INPUTS = ["on", "off", "x", "", "ab", "a", 1, "1", 2.5, 2, True, None, ("a",), ("a", "b"), (), ["a"], {"a": 1}, b"on"]


@pytest.mark.parametrize("valid", BAD_VALID_VALUES, ids=repr)
def test_invalid_valid_values_raise_ovo_errors(valid):
    """Empty or non-string valid values raise the same exception class (by name) and text."""
    theirs = outcome(ovo_fields.Enum, valid)
    ours = outcome(fields.Enum, valid)
    assert ours == theirs
    assert ours[1] in ("EnumRequiresValidValuesError", "EnumValidValuesInvalidError")


@pytest.mark.parametrize("valid", VALID_VALUES, ids=repr)
@pytest.mark.parametrize("value", INPUTS, ids=repr)
def test_enum_type_matches_ovo(valid, value):
    """coerce, stringify, to/from_primitive and hydrate agree with OVO for any valid-values container."""
    ovo_type, our_type = pair("Enum", valid)
    assert outcome(our_type.coerce, HOLDER, "e", value) == outcome(ovo_type.coerce, HOLDER, "e", value)
    assert outcome(our_type.stringify, value) == outcome(ovo_type.stringify, value)
    assert outcome(our_type.from_primitive, HOLDER, "e", value) == outcome(ovo_type.from_primitive, HOLDER, "e", value)
    assert outcome(our_type.to_primitive, HOLDER, "e", value) == outcome(ovo_type.to_primitive, HOLDER, "e", value)
    expected = outcome(lambda v: ovo_type.coerce(HOLDER, "e", ovo_type.from_primitive(HOLDER, "e", v)), value)
    assert outcome(our_type.hydrate, HOLDER, "e", value) == expected


@pytest.mark.parametrize("valid", VALID_VALUES, ids=repr)
def test_enum_schema_and_valid_values_match_ovo(valid):
    """get_schema(), describe() and the valid_values copy (same container type) are OVO's."""
    ovo_type, our_type = pair("Enum", valid)
    assert our_type.get_schema() == ovo_type.get_schema()
    assert our_type.describe() == ovo_type.describe()
    assert our_type.valid_values == ovo_type.valid_values
    assert type(our_type.valid_values) is type(ovo_type.valid_values)


def test_enum_sees_later_changes_to_a_list():
    """A list of valid values is used live, as in OVO (no frozen snapshot)."""
    states = ["a"]
    enum = fields.Enum(states)
    states.append("b")
    assert enum.coerce(None, "e", "b") == "b"


@pytest.mark.parametrize("kwargs", [{}, {"nullable": True}, {"default": "on"}, {"default": None}, {"read_only": True}])
@pytest.mark.parametrize("valid", VALID_VALUES[:7], ids=repr)
def test_enum_field_repr_and_schema_match_ovo(valid, kwargs):
    """EnumField's repr (fingerprint input), describe and schema are byte-identical to OVO's."""
    ovo_field, our_field = pair("EnumField", valid, **kwargs)
    assert repr(our_field) == repr(ovo_field)
    assert our_field.describe() == ovo_field.describe()
    assert outcome(our_field.get_schema) == outcome(ovo_field.get_schema)
    assert our_field.valid_values == ovo_field.valid_values


@pytest.mark.parametrize("kwargs", [{}, {"nullable": True}, {"default": ["on"]}])
@pytest.mark.parametrize("valid", [["on", "off"], ("on", "off")], ids=repr)
def test_list_of_enum_field_matches_ovo(valid, kwargs):
    """ListOfEnumField prints as OVO's (with valid_values) and coerces elements the same way."""
    ovo_field, our_field = pair("ListOfEnumField", valid, **kwargs)
    assert repr(our_field) == repr(ovo_field)
    for value in (["on"], ["bad"], ["on", None], None, "on"):
        assert outcome(our_field.coerce, HOLDER, "l", value) == outcome(ovo_field.coerce, HOLDER, "l", value)


def test_named_enum_field_matches_ovo():
    """A BaseEnumField subclass with AUTO_TYPE prints and coerces as in OVO."""

    class OvoColour(ovo_fields.BaseEnumField):
        AUTO_TYPE = ovo_fields.Enum(("red", "green"))

    class Colour(fields.BaseEnumField):
        AUTO_TYPE = fields.Enum(("red", "green"))

    assert repr(Colour(default="red")) == repr(OvoColour(default="red"))
    assert Colour().valid_values == ("red", "green")
    assert outcome(Colour().coerce, None, "c", "blue") == outcome(OvoColour().coerce, None, "c", "blue")


def test_base_enum_field_without_auto_type_raises_enum_field_unset():
    """A BaseEnumField subclass that never sets AUTO_TYPE raises EnumFieldUnset (OVO: AttributeError)."""

    class OvoBare(ovo_fields.BaseEnumField):
        pass

    class Bare(fields.BaseEnumField):
        pass

    with pytest.raises(AttributeError):
        OvoBare()
    with pytest.raises(exception.EnumFieldUnset, match="Bare missing field type"):
        Bare()


def test_explicit_none_auto_type_and_wrong_type():
    """AUTO_TYPE = None and a non-Enum AUTO_TYPE raise OVO's exceptions and texts."""

    def check(lib, exc_module, auto_type):
        class Odd(lib.BaseEnumField):
            AUTO_TYPE = auto_type

        with pytest.raises(exc_module.VersionedObjectsException) as info:
            Odd()
        return type(info.value).__name__, str(info.value)

    assert check(fields, exception, None) == check(ovo_fields, ovo_exception, None)
    assert check(fields, exception, fields.String()) == check(ovo_fields, ovo_exception, ovo_fields.String())


class _Machine:
    """A stand-in object for StateMachine: fields, obj_attr_is_set, obj_name."""

    def __init__(self, field, attr="state", current=None):
        self.fields = {"other": None, attr: field}
        if current is not None:
            setattr(self, attr, current)

    def obj_attr_is_set(self, name):
        return hasattr(self, name)

    def __contains__(self, name):
        return self.obj_attr_is_set(name)

    @classmethod
    def obj_name(cls):
        return "Machine"


def _machines(lib):
    class Traffic(lib.StateMachine):
        ALLOWED_TRANSITIONS = {"green": {"amber"}, "amber": {"red"}, "red": {"green", "red"}, "off": {}}

        def __init__(self, **kwargs):
            super().__init__(("green", "amber", "red", "off", "broken"), **kwargs)

    return Traffic


TRANSITIONS = [
    (None, "green"),
    (None, "broken"),
    (None, "purple"),
    ("green", "amber"),
    ("green", "red"),
    ("green", "green"),
    ("red", "red"),
    ("off", "green"),
    ("amber", "purple"),
]


@pytest.mark.parametrize(("current", "new"), TRANSITIONS)
def test_state_machine_matches_ovo(current, new):
    """Allowed moves pass, others fail with OVO's text (options listed), first values are free."""
    ovo_field = _machines(ovo_fields)()
    our_field = _machines(fields)()
    theirs = outcome(ovo_field.coerce, _Machine(ovo_field, current=current), "state", new)
    ours = outcome(our_field.coerce, _Machine(our_field, current=current), "state", new)
    assert ours == theirs


def test_state_machine_unknown_current_state_is_a_value_error():
    """A current state missing from ALLOWED_TRANSITIONS gives ValueError (OVO: KeyError)."""
    ovo_field = _machines(ovo_fields)()
    our_field = _machines(fields)()
    with pytest.raises(KeyError):
        ovo_field.coerce(_Machine(ovo_field, current="broken"), "state", "green")
    with pytest.raises(ValueError, match=r"Machine\.state is in state 'broken', which has no entry"):
        our_field.coerce(_Machine(our_field, current="broken"), "state", "green")


def test_state_machine_name_is_found_by_field_identity():
    """The message names the field under which the object holds it, or 'unknown'."""
    our_field = _machines(fields)()
    machine = _Machine(our_field, attr="light", current="green")
    with pytest.raises(ValueError, match=r"Machine\.light is not allowed"):
        our_field.coerce(machine, "light", "red")
    machine.fields = {}
    with pytest.raises(ValueError, match=r"Machine\.unknown is not allowed"):
        our_field.coerce(machine, "light", "red")


def test_state_machine_without_object_accepts_any_valid_state():
    """With no object (or a falsy one) any valid state is accepted; invalid ones still fail."""
    our_field = _machines(fields)()
    assert our_field.coerce(None, "state", "red") == "red"
    with pytest.raises(ValueError, match="Field value purple is invalid"):
        our_field.coerce(None, "state", "purple")


def test_state_machine_on_real_objects():
    """On registered objects, vobjects and OVO allow and refuse the same transitions."""
    from oslo_versionedobjects import base as ovo_base

    from vobjects import base

    def make(lib, base_mod):
        @base_mod.VersionedObjectRegistry.register
        class Lamp(base_mod.VersionedObject):
            fields = {"state": _machines(lib)(nullable=True)}

        return Lamp

    for lamp_cls in (make(fields, base), make(ovo_fields, ovo_base)):
        lamp = lamp_cls(state="green")
        lamp.state = "amber"
        with pytest.raises(ValueError, match="'amber' state to 'green' state, choose from \\['red'\\]"):
            lamp.state = "green"
        assert lamp.state == "amber"
