"""Hypothesis fuzzing of hydration, field types and the serializer (the contract is in ``targets``).

Every test feeds generated hostile input to a target from
``tests/fuzz/targets.py``, which raises ``ContractViolation`` when vobjects
lets an undocumented exception escape, recurses or hangs, creates an object
of an unregistered class, or changes a registry.  Bounded to a few seconds
each so that the whole file runs in CI.
"""

from __future__ import annotations

import copy
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oslo_serialization import jsonutils, msgpackutils

from tests.fuzz import models, targets

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")  # UUID's documented warning

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
NS = "versioned_object"

FIELD_NAMES = [*models.SCALAR_FIELDS, *models.CONTAINER_FIELDS, "id", "next", "children", "scalars", "objects"]
NAMES = st.sampled_from([*models.UNREGISTERED_NAMES, "Node", "Scalars", "Containers", "NodeList"])
VERSIONS = st.one_of(
    st.sampled_from(["1.0", "1.2", "1.2.0", "1.3", "2.0", "0.9", "1.0rc1", "1.", ".1", "", "1.0.0.0.0", "v1.0"]),
    st.from_regex(r"\A[0-9]{1,40}(\.[0-9]{1,40}){0,6}\Z"),
    st.integers(),
    st.floats(),
    st.none(),
)
HUGE_INTS = st.integers(min_value=0, max_value=6000).map(lambda n: 10**n)
SPECIAL_FLOATS = st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, 5e-324])
DATETIMES = st.one_of(
    st.sampled_from(
        [
            "0000-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "9999-12-31T23:59:60Z",
            "10000-01-01T00:00:00Z",
            "2024-02-30T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:00+99:99",
            "2024-01-01T00:00:00UTC+05:00",
            "5-01-02T03:04:05Z",
            "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+23:59",
        ]
    ),
    st.from_regex(
        r"\A-?[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}T[0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}(\.[0-9]{1,12})?"
        r"(Z|[+-][0-9]{2}:?[0-9]{2}|UTC[+-][0-9]{2}:[0-9]{2})?\Z"
    ),
)
ADDRESSES = st.one_of(
    st.from_regex(r"\A([0-9]{1,4}\.){0,5}[0-9]{0,4}(/[0-9]{0,4})?\Z"),
    st.from_regex(r"\A[0-9a-fA-F:]{0,45}(%[a-z0-9]{0,4})?(/[0-9]{0,4})?\Z"),
    st.from_regex(r"\A([0-9a-fA-F]{1,3}[:-]){0,7}[0-9a-fA-F]{0,3}\Z"),
    st.from_regex(r"\A[0-9a-fA-F{}-]{0,40}\Z"),
    st.from_regex(r"\A[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}.[0-9a-f]{1,2}\Z"),
    st.sampled_from(["::", "::ffff:1.2.3.4", "0x7f000001", "017700000001", "1", "-1", "fe80::1%eth0", "1.2.3.4/33"]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    HUGE_INTS,
    st.floats(),
    SPECIAL_FLOATS,
    st.text(max_size=30),
    st.text(alphabet=st.characters(categories=["Cs", "Co", "Cc"]), max_size=5),
    st.binary(max_size=30),
    DATETIMES,
    ADDRESSES,
    VERSIONS,
)


def _containers(children: st.SearchStrategy) -> st.SearchStrategy:
    keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8), st.integers(), st.none())
    return st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(keys, children, max_size=4),
        st.frozensets(st.one_of(st.integers(), st.text(max_size=4)), max_size=3),
        envelopes(children),
    )


def envelopes(values: st.SearchStrategy) -> st.SearchStrategy:
    """Object envelopes with hostile names, namespaces, versions, data and changes."""
    return st.fixed_dictionaries(
        {
            f"{NS}.name": st.one_of(NAMES, values),
            f"{NS}.namespace": st.one_of(st.just("versionedobjects"), st.text(max_size=8), values),
            f"{NS}.version": VERSIONS,
            f"{NS}.data": st.one_of(st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=5), values),
        },
        optional={f"{NS}.changes": st.one_of(st.lists(st.sampled_from(FIELD_NAMES)), values)},
    )


HOSTILE = st.recursive(SCALARS, _containers, max_leaves=12)
SEEDS = targets.seeds()


def _places(value, path=()):
    """Every (path, container) pair inside a seed primitive."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _replace(root, path, new):
    if not path:
        return new
    node = root
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new
    return root


@st.composite
def mutated(draw, values=HOSTILE):
    """A well-formed primitive with one value, anywhere inside it, replaced by a hostile one."""
    seed = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    places = list(_places(seed))
    path, _ = draw(st.sampled_from(places))
    return _replace(seed, path, draw(values))


def _deep(kind, depth):
    value = 1
    for _ in range(depth):
        if kind == "list":
            value = [value]
        elif kind == "dict":
            value = {"a": value}
        elif kind == "tuple":
            value = (value,)
        elif kind == "frozenset":
            value = frozenset([value])
        else:  # nested objects through Node.next
            value = models.Node(id=1).obj_to_primitive() | {f"{NS}.data": {"id": 1, "next": value}}
    return value


DEEP = st.builds(_deep, st.sampled_from(["list", "dict", "tuple", "frozenset", "object"]), st.integers(50, 4000))


@FAST
@given(mutated())
def test_mutated_primitives_hydrate_or_fail_cleanly(primitive):
    """A primitive with one hostile value anywhere hydrates or raises a documented error, unmodified."""
    before = copy.deepcopy(primitive)
    targets.hydrate(primitive)
    targets.deserialize(primitive)
    assert primitive == before


@FAST
@given(mutated())
def test_mutated_primitives_deserialize_or_fail_cleanly(primitive):
    """The serializer's deserialize_entity keeps the same contract on mutated primitives."""
    targets.deserialize(primitive)


@FAST
@given(envelopes(HOSTILE))
def test_hostile_envelopes(primitive):
    """Unregistered names (real Python class names too), bad namespaces and versions fail cleanly."""
    targets.hydrate(primitive)
    targets.deserialize(primitive)


@FAST
@given(st.sampled_from(range(len(targets.FIELD_TYPES))), st.one_of(HOSTILE, DEEP))
def test_every_field_type(index, value):
    """Every field type's coerce/from_primitive/hydrate raise only the documented builtins."""
    targets.field_value(index, value)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated(DEEP))
def test_deep_nesting_anywhere(primitive):
    """Containers and objects nested thousands deep anywhere never raise RecursionError."""
    targets.hydrate(primitive)
    targets.deserialize(primitive)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SEEDS), st.data())
def test_cycles(seed, data):
    """A primitive containing itself (through any dict or list inside it) fails cleanly."""
    primitive = copy.deepcopy(seed)
    places = [(path, node) for path, node in _places(primitive) if isinstance(node, (dict, list)) and node]
    _path, node = data.draw(st.sampled_from(places))
    if isinstance(node, dict):
        node[data.draw(st.sampled_from(sorted(node)))] = primitive
    else:
        node[data.draw(st.integers(0, len(node) - 1))] = primitive
    targets.hydrate(primitive)
    targets.deserialize(primitive)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated(st.builds(lambda n, item: [item] * n, st.integers(10_000, 200_000), SCALARS)))
def test_huge_lists(primitive):
    """Long lists anywhere in a primitive hydrate or fail cleanly, in bounded time."""
    targets.hydrate(primitive)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated(st.builds(lambda n: "\u00e9" * n, st.integers(10_000, 1_000_000))))
def test_huge_strings(primitive):
    """Long strings anywhere in a primitive hydrate or fail cleanly, in bounded time."""
    targets.hydrate(primitive)


@FAST
@given(st.one_of(st.binary(max_size=200), st.sampled_from(SEEDS).map(jsonutils.dump_as_bytes)), st.data())
def test_json_bytes(blob, data):
    """Arbitrary bytes (invalid UTF-8 included) and corrupted JSON primitives through jsonutils."""
    if blob and data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(blob) - 1))
        blob = blob[:cut] + data.draw(st.binary(min_size=1, max_size=4)) + blob[cut + 1 :]
    targets.json_bytes(blob)


@FAST
@given(st.one_of(st.binary(max_size=200), st.sampled_from(SEEDS).map(msgpackutils.dumps)), st.data())
def test_msgpack_bytes(blob, data):
    """Arbitrary bytes and corrupted msgpack primitives (extension types included) through msgpackutils."""
    if blob and data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(blob) - 1))
        blob = blob[:cut] + data.draw(st.binary(min_size=1, max_size=4)) + blob[cut + 1 :]
    targets.msgpack_bytes(blob)


@FAST
@given(st.integers(0, 255), st.binary(max_size=64))
def test_field_bytes(index, blob):
    """Any bytes as a field value (JSON or msgpack decoded) into any field type."""
    targets.field_bytes(bytes([index]) + blob)


def test_contract_catches_a_violation():
    """The contract checker itself reports an undocumented exception (so the tests can fail)."""

    def boom():
        raise IndexError("not documented")

    with pytest.raises(targets.ContractViolation, match="IndexError"):
        targets.run(boom, targets.HYDRATION_ALLOWED)
    with pytest.raises(targets.ContractViolation, match="RecursionError"):
        targets.run(lambda: _deep("list", 100_000).__repr__(), targets.FIELD_ALLOWED)


def test_contract_catches_an_unregistered_object():
    """The contract checker reports an object of an unregistered class in a result."""
    with pytest.raises(targets.ContractViolation, match="unregistered class Ghost"):
        targets.run(lambda: [models.Ghost(id=2)], targets.HYDRATION_ALLOWED)
