"""Minimal reproductions of the bugs fuzzing found, each fixed (see doc/source/security.rst)."""

from __future__ import annotations

import itertools
import sys
import time

import pytest
from oslo_serialization import msgpackutils

from tests.fuzz import models, targets
from vobjects import base, exception, fields
from vobjects._versions import _shorten
from vobjects.fields._core import nests_too_deep

NS = "versioned_object"


def _deep_list(depth=5000):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


def _deep_frozenset(depth=5000):
    value = frozenset([1])
    for _ in range(depth):
        value = frozenset([value])
    return value


def _scalars(**data):
    primitive = models.Scalars(integer=1).obj_to_primitive()
    primitive[f"{NS}.data"] = data
    return primitive


# -- bug 1: printing a deeply nested wire value raised RecursionError ---------------


@pytest.mark.parametrize("field", ["integer", "mac", "pci", "uuid", "predicate", "ip", "net", "colour"])
def test_deep_value_in_scalar_field_is_a_field_error(field):
    """A list nested 5000 deep in a scalar field raises FieldValueInvalid, not RecursionError."""
    with pytest.raises(exception.FieldValueInvalid) as info:
        models.Scalars.obj_from_primitive(_scalars(**{field: _deep_list()}))
    assert info.value.field == field and len(str(info.value)) < 1000


@pytest.mark.parametrize("field", ["integer", "mac", "string", "ip", "created_at"])
def test_unprintable_int_is_a_field_error(field):
    """An int too long to print (10**5000) gives FieldValueInvalid, not a bare ValueError from the message."""
    try:
        obj = models.Scalars.obj_from_primitive(_scalars(**{field: 10**5000}))
    except exception.FieldValueInvalid as exc:
        assert exc.field == field and "digits" in str(exc)
    else:
        assert field == "integer" and "<int of about" in repr(obj)


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize(
    "ftype",
    [fields.MACAddress(), fields.PCIAddress(), fields.UUID(), fields.VersionPredicate(), fields.IPAddress(),
     fields.IPNetwork(), fields.Enum(["a"])],
)
def test_deep_value_coerce_raises_value_error(ftype):
    """coerce() of a value too deep to print raises ValueError or TypeError (as for any bad value)."""
    with pytest.raises((ValueError, TypeError)):
        ftype.coerce(None, "f", _deep_list())


def test_flexible_boolean_of_a_deep_value_is_false():
    """FlexibleBoolean of a value too deep to print is False, as for any non-true word."""
    assert fields.FlexibleBoolean().coerce(None, "f", _deep_list()) is False


def test_deep_frozenset_set_element_is_named_safely():
    """A Set element nested too deep to print still gets a bounded name in the error."""
    with pytest.raises(ValueError, match=r"field f\[frozenset\(\{frozenset"):
        fields.Set(fields.String()).coerce(None, "f", {_deep_frozenset()})


def test_deep_tuple_dict_key_is_a_type_error():
    """A non-str dict key too deep to print raises KeyTypeError with a bounded text."""
    key = (1,)
    for _ in range(5000):
        key = (key,)
    assert list(fields.Dict(fields.List(fields.String())).from_primitive(None, "f", {key: ["a"]})) == [key]
    with pytest.raises(fields.KeyTypeError, match=r"Key \(\(\(\("):
        fields.Dict(fields.String()).coerce(None, "f", {key: "a"})


def test_untyped_field_holding_a_deep_value_can_be_shown():
    """repr() of an object whose untyped field holds a 5000-deep list does not recurse."""
    obj = models.Scalars.obj_from_primitive(_scalars(anything=_deep_list()))
    assert "anything=[[[" in repr(obj)


def test_shorten_is_bounded_for_hostile_values():
    """The error-message repr copes with depth, cycles, huge ints and long strings."""
    cyclic = [1]
    cyclic.append(cyclic)
    for value in (_deep_list(), cyclic, 10**5000, "x" * 10**6, list(range(10**5))):
        assert len(_shorten(value)) <= 80
    assert _shorten("abc") == "'abc'"


# -- bug 2: an endless iterator (msgpack's itertools.count) hydrated forever --------


@pytest.mark.parametrize("field", ["strings", "ints", "int_set", "times", "enums"])
def test_endless_iterator_from_msgpack_is_too_large(field):
    """A List/Set field given msgpack's decoded itertools.count raises PrimitiveTooLarge quickly."""
    primitive = models.Containers(ints=[1]).obj_to_primitive()
    primitive[f"{NS}.data"] = {field: itertools.count()}
    wire = msgpackutils.loads(msgpackutils.dumps(primitive))
    assert isinstance(wire[f"{NS}.data"][field], itertools.count)
    start = time.monotonic()
    with pytest.raises(exception.PrimitiveTooLarge, match=f"field {field} holds at least"):
        models.Containers.obj_from_primitive(wire)
    assert time.monotonic() - start < 30


# -- bug 3: a failing nested ListOfObjects was re-read at every level ------------------


def test_failure_deep_in_object_lists_is_linear():
    """A bad value 40 levels down a chain of object lists fails at once (it took 2**40 reads)."""
    primitive = models.Node(id=1).obj_to_primitive()
    primitive[f"{NS}.data"]["id"] = "bad"
    for _ in range(40):
        outer = models.Node(id=1).obj_to_primitive()
        outer[f"{NS}.data"]["children"] = [primitive]
        primitive = outer
    start = time.monotonic()
    with pytest.raises(exception.FieldValueInvalid) as info:
        models.Node.obj_from_primitive(primitive)
    assert time.monotonic() - start < 5
    assert info.value.field == "id" and len(info.value.path) == 40


def test_nested_failure_still_reports_ovos_error():
    """With a bad element before a nested failure, the error OVO reports first is kept."""
    bad_name = models.Scalars(integer=1).obj_to_primitive()
    broken = models.Node(id=1).obj_to_primitive()
    broken[f"{NS}.data"]["id"] = "x"
    primitive = models.Node(id=1).obj_to_primitive()
    primitive[f"{NS}.data"]["children"] = [bad_name, broken]
    with pytest.raises(exception.FieldValueInvalid) as info:
        models.Node.obj_from_primitive(primitive)
    # OVO reads every element before coercing: the unreadable one wins.
    assert info.value.field == "id" and info.value.path == ["Node.children 1.2"]


# -- bug 4: repr() of an object whose child has a huge int id ----------------------------


def test_repr_of_child_with_a_huge_id():
    """repr() of an object holding a child whose id is too long to print does not raise."""
    node = models.Node(id=1, next=models.Node(id=10**5000))
    assert "next=Node(<int of about" in repr(node)


# -- limits -----------------------------------------------------------------------------


def test_thousand_nested_instances_pass_the_default_limits():
    """A list of 1000 nested instances (the issue's real workload) hydrates with the defaults."""
    nodes = [models.Node(id=i, next=models.Node(id=i), children=[models.Node(id=i)]) for i in range(1000)]
    primitive = models.NodeList(objects=nodes).obj_to_primitive()
    assert len(models.NodeList.obj_from_primitive(primitive)) == 1000


@pytest.fixture
def small_limit():
    old = base.limits.max_items
    base.limits.max_items = 3
    yield
    base.limits.max_items = old


@pytest.mark.parametrize(
    ("field", "value"),
    [("strings", ["a"] * 4), ("int_map", {str(i): i for i in range(4)}), ("int_set", [1, 2, 3, 4]),
     ("lists", [["a"], ["a"] * 4])],
)
def test_max_items_bounds_container_fields(small_limit, field, value):
    """A container field longer than limits.max_items raises PrimitiveTooLarge naming object, field and size."""
    primitive = models.Containers(ints=[1]).obj_to_primitive()
    primitive[f"{NS}.data"] = {field: value}
    with pytest.raises(exception.PrimitiveTooLarge) as info:
        models.Containers.obj_from_primitive(primitive)
    message = str(info.value)
    assert "Containers" in message and field in message and "4 items" in message and "(3)" in message
    assert isinstance(info.value, ValueError)


def test_max_items_bounds_object_lists(small_limit):
    """A ListOfObjectsField longer than the limit raises PrimitiveTooLarge; at the limit it loads."""
    nodes = [models.Node(id=i) for i in range(3)]
    assert len(models.NodeList.obj_from_primitive(models.NodeList(objects=nodes).obj_to_primitive())) == 3
    primitive = models.NodeList(objects=[*nodes, models.Node(id=4)]).obj_to_primitive()
    with pytest.raises(exception.PrimitiveTooLarge, match="NodeList"):
        models.NodeList.obj_from_primitive(primitive)


def test_max_items_does_not_limit_assignment(small_limit):
    """Containers built in code are not limited: only what is read from a primitive."""
    assert len(models.Containers(strings=["a"] * 10).strings) == 10


def test_max_items_bounds_the_serializer(small_limit):
    """The serializer refuses a container longer than the limit with PrimitiveTooLarge."""
    serializer = targets._get_serializer()
    assert serializer.deserialize_entity(None, [1, 2, 3]) == [1, 2, 3]
    with pytest.raises(exception.PrimitiveTooLarge, match="list of 4 items"):
        serializer.deserialize_entity(None, {"a": [1, 2, 3, 4]})


def test_limits_repr_shows_both_bounds():
    """The limits object names both bounds and their defaults."""
    assert repr(base.limits) == "Limits(max_depth=64, max_items=1000000)"


# -- bug 5: Python 3.12+ print lists nested thousands deep ------------------------------
# 3.11 raised RecursionError printing them, which the fixes above relied on; 3.13
# printed a 5000-deep list into a 10,000-character message and kept it as a UUID.


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize(
    "ftype",
    [fields.MACAddress(), fields.PCIAddress(), fields.UUID(), fields.VersionPredicate(), fields.IPAddress(),
     fields.IPNetwork(), fields.Enum(["a"])],
)
def test_deep_value_coerce_message_is_bounded(ftype):
    """A field's own error for a value nested deeper than the recursion limit stays short on every version."""
    with pytest.raises((ValueError, TypeError)) as info:
        ftype.coerce(None, "f", _deep_list(sys.getrecursionlimit() + 1))
    assert len(str(info.value)) < 1000


def test_uuid_of_a_shallow_list_is_still_its_text():
    """As in OVO, a list that can be printed is kept as its text, with the FutureWarning."""
    with pytest.warns(FutureWarning):
        assert fields.UUID().coerce(None, "f", _deep_list(50)) == "[" * 50 + "1" + "]" * 50


def test_nests_too_deep_counts_levels_against_the_recursion_limit():
    """The depth test is exact at the limit and ignores what does not nest."""
    limit = sys.getrecursionlimit()
    assert not nests_too_deep(_deep_list(limit)) and nests_too_deep(_deep_list(limit + 1))
    assert nests_too_deep({"a": ({"b": _deep_list(limit)},)})
    assert not nests_too_deep("[" * 10**5) and not nests_too_deep(10**5000)


def test_nests_too_deep_is_quick_for_cycles_and_shared_values():
    """A value holding itself, or sharing a child at every level (2**200 paths), is walked once."""
    cyclic = [1]
    cyclic.append(cyclic)
    shared = [1]
    for _ in range(200):
        shared = [shared, shared]
    start = time.monotonic()
    assert not nests_too_deep(cyclic) and not nests_too_deep(shared)
    assert time.monotonic() - start < 1


def test_long_field_error_is_quoted_shortened():
    """A field error quoting a megabyte value is cut in the hydration error, and kept whole as its cause."""
    with pytest.raises(exception.FieldValueInvalid) as info:
        models.Scalars.obj_from_primitive(_scalars(mac="x" * 10**6))
    assert info.value.field == "mac" and len(str(info.value)) < 1000
    assert str(info.value).endswith("...") and len(str(info.value.__cause__)) > 10**6


@pytest.mark.parametrize("args", [[], "not a list"])
def test_long_rpc_method_name_is_quoted_shortened(args):
    """A megabyte method name sent to the conductor is refused with (and logged as) a short message."""
    import oslo_messaging

    from vobjects import rpc

    endpoint = rpc.ConductorEndpoint(models.FuzzBase)
    with pytest.raises(oslo_messaging.ExpectedException) as info:
        endpoint.object_action({}, objinst=models.Node(id=1), objmethod="m" * 10**6, args=args, kwargs={})
    error = info.value.exc_info[1]
    assert isinstance(error, exception.ObjectActionError) and len(str(error)) < 1000
