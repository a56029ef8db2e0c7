"""The fast-path hooks the object core relies on, and fuzzing against OVO.

``_vo_exact`` must be declared beside the ``coerce`` it describes, and
``hydrate`` must equal ``coerce(from_primitive(...))``.  Random nested field
types and random wire values check the second promise against OVO itself.
"""

from __future__ import annotations

import datetime
import inspect

import oslo_versionedobjects.fields as ovo_fields
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_fields_support import HOLDER, outcome
from vobjects import fields
from vobjects.fields._core import owner

SHIPPED_TYPES = [
    getattr(fields, name)
    for name in fields.__all__
    if inspect.isclass(getattr(fields, name)) and issubclass(getattr(fields, name), fields.FieldType)
]

ONE_PASS = ["DateTime", "IPAddress", "IPV4Address", "IPV6Address", "IPV4AndV6Address", "IPNetwork",
            "IPV4Network", "IPV6Network", "List", "Dict", "Set"]  # fmt: skip


@pytest.mark.parametrize("cls", SHIPPED_TYPES, ids=lambda c: c.__name__)
def test_exact_types_are_declared_with_their_coerce(cls):
    """Any class whose coerce trusts exact types declares _vo_exact in the same body."""
    if cls._vo_exact:
        assert owner(cls, "_vo_exact") is owner(cls, "coerce")
    assert bool not in cls._vo_exact or cls in (fields.Boolean, fields.FlexibleBoolean)


@pytest.mark.parametrize("name", ONE_PASS)
def test_one_pass_hydrate_is_usable_by_the_core(name):
    """hydrate is overridden where it saves work, by a class deriving from its coerce/from_primitive owners."""
    cls = getattr(fields, name)
    hydrate_owner = owner(cls, "hydrate")
    assert hydrate_owner is not fields.FieldType
    assert issubclass(hydrate_owner, owner(cls, "coerce"))
    assert issubclass(hydrate_owner, owner(cls, "from_primitive"))


@pytest.mark.parametrize(
    ("name", "strategy"),
    [
        ("String", st.text()),
        ("SensitiveString", st.text()),
        ("Integer", st.integers()),
        ("Float", st.floats()),
        ("Boolean", st.booleans()),
        ("FlexibleBoolean", st.booleans()),
    ],
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_exact_values_come_back_as_themselves(name, strategy, data):
    """For an exact-type value, coerce returns that very object, equal to OVO's result."""
    value = data.draw(strategy)
    ours = getattr(fields, name)().coerce(HOLDER, "a", value)
    theirs = getattr(ovo_fields, name)().coerce(HOLDER, "a", value)
    assert ours is value
    assert ours == theirs or ours != ours  # NaN is not equal to itself


LEAVES = [
    ("String", ()),
    ("Integer", ()),
    ("Float", ()),
    ("Boolean", ()),
    ("FlexibleBoolean", ()),
    ("NonNegativeInteger", ()),
    ("DateTime", ()),
    ("IPAddress", ()),
    ("IPV4Network", ()),
    ("MACAddress", ()),
    ("Enum", (("a", "b", "1"),)),
]


def _leaf(lib, name, args):
    return getattr(lib, name)(*args)


@st.composite
def type_specs(draw, depth=2):
    """A random (ovo type, vobjects type) pair, possibly nested containers."""
    if depth == 0 or draw(st.booleans()):
        name, args = draw(st.sampled_from(LEAVES))
        return _leaf(ovo_fields, name, args), _leaf(fields, name, args)
    container = draw(st.sampled_from(["List", "Dict", "Set"]))
    if container == "Set":
        name, args = draw(st.sampled_from(LEAVES))
        inner = (_leaf(ovo_fields, name, args), _leaf(fields, name, args))
    else:
        inner = draw(type_specs(depth=depth - 1))
    kwargs = draw(st.sampled_from([{}, {"nullable": True}, {"default": None}]))
    return getattr(ovo_fields, container)(inner[0], **kwargs), getattr(fields, container)(inner[1], **kwargs)


WORDS = ["a", "b", "1", "x", "yes", "2024-01-02T03:04:05Z", "10.0.0.1", "::1", "10.0.0.0/8", "2024-01-02", " 3 "]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=2**40),
    st.floats(allow_nan=False),
    st.sampled_from(WORDS),
    st.text(max_size=4),
    # Years below 1000 read back only in vobjects (a deliberate fix).
    st.datetimes(min_value=datetime.datetime(1000, 1, 1), timezones=st.just(datetime.timezone.utc)),
)
WIRE = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(types=type_specs(), value=WIRE)
def test_hydrate_equals_ovo_two_steps(types, value):
    """For random nested types and wire values, hydrate == OVO's coerce(from_primitive(v)), errors included."""
    ovo_type, our_type = types

    def ovo_hydrate(v):
        return ovo_type.coerce(HOLDER, "f", ovo_type.from_primitive(HOLDER, "f", v))

    assert outcome(our_type.hydrate, HOLDER, "f", value) == outcome(ovo_hydrate, value)


@settings(max_examples=400, deadline=None)
@given(types=type_specs(), value=WIRE)
def test_coerce_and_round_trip_match_ovo(types, value):
    """coerce agrees with OVO, and hydrate(to_primitive(coerce(x))) == coerce(x) up to wire precision."""
    ovo_type, our_type = types
    theirs = outcome(ovo_type.coerce, HOLDER, "f", value)
    assert outcome(our_type.coerce, HOLDER, "f", value) == theirs
    if theirs[0] != "ok":
        return
    coerced = our_type.coerce(HOLDER, "f", value)
    wire = our_type.to_primitive(HOLDER, "f", coerced)
    assert outcome(our_type.hydrate, HOLDER, "f", wire) == outcome(
        lambda v: ovo_type.coerce(HOLDER, "f", ovo_type.from_primitive(HOLDER, "f", v)), wire
    )
