"""List, Dict, Set and the coerced containers against OVO."""

from __future__ import annotations

import collections
import copy
import datetime
import pickle
import types

import netaddr
import oslo_versionedobjects.fields as ovo_fields
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_fields_support import HOLDER, norm, outcome
from vobjects import fields

UTC = datetime.timezone.utc


class Fresh:
    """An input rebuilt for each call (generators can only be consumed once)."""

    def __init__(self, make, label):
        self.make = make
        self.label = label

    def __repr__(self):
        return self.label


def _is_spec(value):
    return isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], dict)


def build(spec, lib):
    """Instantiate a nested type spec ``('List', ('String',), {...})`` in one library."""
    name, args, kwargs = spec
    built = [build(a, lib) if _is_spec(a) else a for a in args]
    return getattr(lib, name)(*built, **kwargs)


def T(name, *args, **kwargs):
    return (name, args, kwargs)


CONTAINER_TYPES = {
    "List(String)": T("List", T("String")),
    "List(Integer)": T("List", T("Integer")),
    "List(Float)": T("List", T("Float")),
    "List(Boolean)": T("List", T("Boolean")),
    "List(UUID)": T("List", T("UUID")),
    "List(String,nullable)": T("List", T("String"), nullable=True),
    "List(Integer,default)": T("List", T("Integer"), default=7),
    "List(List(String))": T("List", T("List", T("String"))),
    "List(Set(Integer))": T("List", T("Set", T("Integer"))),
    "List(Dict(String,nullable))": T("List", T("Dict", T("String"), nullable=True)),
    "List(DateTime)": T("List", T("DateTime")),
    "List(IPAddress)": T("List", T("IPAddress")),
    "List(IPV4Network)": T("List", T("IPV4Network")),
    "List(Enum)": T("List", T("Enum", ["a", "b", 1])),
    "List(MACAddress)": T("List", T("MACAddress")),
    "Dict(String)": T("Dict", T("String")),
    "Dict(String,nullable)": T("Dict", T("String"), nullable=True),
    "Dict(Integer)": T("Dict", T("Integer")),
    "Dict(List(String))": T("Dict", T("List", T("String"))),
    "Dict(Set(Integer))": T("Dict", T("Set", T("Integer"))),
    "Dict(DateTime)": T("Dict", T("DateTime")),
    "Dict(IPV6Address)": T("Dict", T("IPV6Address")),
    "Set(String)": T("Set", T("String")),
    "Set(Integer)": T("Set", T("Integer")),
    "Set(Integer,nullable)": T("Set", T("Integer"), nullable=True),
    "Set(DateTime)": T("Set", T("DateTime")),
    "Set(IPAddress)": T("Set", T("IPAddress")),
    "Set(Enum)": T("Set", T("Enum", ("x", "y"))),
}

VALUES = [
    [],
    ["a", "b"],
    ["1", 2, 3.5, True],
    [1, "x"],
    [None],
    ["a", None],
    (1, 2),
    ("a",),
    "abc",
    b"ab",
    bytearray(b"\x01"),
    {"a": "1", "b": 2},
    {"a": None},
    {"a": ["x", 1]},
    {"a": {1, 2}},
    {"a": [None]},
    {1: "a"},
    {"a": "2024-01-02T03:04:05Z"},
    {"a": "::1"},
    {"k": "10.0.0.1"},
    collections.OrderedDict([("z", "1"), ("a", "2")]),
    types.MappingProxyType({"a": "1"}),
    {1, 2},
    {"a", "b"},
    {None},
    {"x"},
    frozenset({1}),
    [[1, "2"], ["x"]],
    [{"a": "1", "b": None}],
    [{"a": 1}],
    [{1, 2}],
    [["a"], "bc"],
    ["2024-01-02T03:04:05Z", datetime.datetime(2024, 1, 2)],
    [datetime.datetime(2024, 1, 2, tzinfo=UTC)],
    ["10.0.0.1", "::1"],
    ["10.0.0.0/8", "10.0.0.1/33"],
    [netaddr.IPAddress("10.0.0.1")],
    ["AA-BB-CC-DD-EE-FF"],
    ["a", "b", 1, "c"],
    ["x", "y"],
    ["not-a-uuid", "12345678-1234-1234-1234-123456789abc"],
    Fresh(lambda: (x for x in ["1", 2]), "generator"),
    Fresh(lambda: iter([3]), "iterator"),
    Fresh(lambda: range(3), "range"),
    None,
    5,
    1.5,
    object(),
]


def _types(spec):
    return build(spec, ovo_fields), build(spec, fields)


def _value(value):
    return value.make() if isinstance(value, Fresh) else value


def _ovo_hydrate(ovo_type):
    return lambda v: ovo_type.coerce(HOLDER, "c", ovo_type.from_primitive(HOLDER, "c", v))


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("spec", CONTAINER_TYPES.values(), ids=list(CONTAINER_TYPES))
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_coerce_matches_ovo(spec, value):
    """coerce() builds the same coerced container (element names included) or the same error."""
    ovo_type, our_type = _types(spec)
    assert outcome(our_type.coerce, HOLDER, "c", _value(value)) == outcome(ovo_type.coerce, HOLDER, "c", _value(value))


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("spec", CONTAINER_TYPES.values(), ids=list(CONTAINER_TYPES))
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_from_primitive_and_hydrate_match_ovo(spec, value):
    """from_primitive() and the one-pass hydrate() equal OVO's from_primitive then coerce."""
    ovo_type, our_type = _types(spec)
    theirs = outcome(ovo_type.from_primitive, HOLDER, "c", _value(value))
    assert outcome(our_type.from_primitive, HOLDER, "c", _value(value)) == theirs
    assert outcome(our_type.hydrate, HOLDER, "c", _value(value)) == outcome(_ovo_hydrate(ovo_type), _value(value))


@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("spec", CONTAINER_TYPES.values(), ids=list(CONTAINER_TYPES))
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_to_primitive_and_stringify_match_ovo(spec, value):
    """Coerced containers are written and shown exactly as OVO writes and shows them."""
    ovo_type, our_type = _types(spec)
    try:
        coerced = ovo_type.coerce(HOLDER, "c", _value(value))
    except Exception:
        return
    # The same container goes to both, so set iteration orders agree.
    assert norm(our_type.to_primitive(HOLDER, "c", coerced)) == norm(ovo_type.to_primitive(HOLDER, "c", coerced))
    assert outcome(our_type.stringify, coerced) == outcome(ovo_type.stringify, coerced)


@pytest.mark.parametrize("spec", CONTAINER_TYPES.values(), ids=list(CONTAINER_TYPES))
def test_describe_and_schema_match_ovo(spec):
    """describe() and get_schema() (element schemas included) are OVO's where OVO has one."""
    ovo_type, our_type = _types(spec)
    assert our_type.describe() == ovo_type.describe()
    theirs = outcome(ovo_type.get_schema)
    if theirs[0] == "ok":
        assert outcome(our_type.get_schema) == theirs
    else:  # IPAddress elements: OVO raises AttributeError, vobjects has a schema
        assert theirs[:2] == ("error", "AttributeError")
        assert our_type.get_schema()["type"] == ["array"]


def test_element_type_must_be_an_instance():
    """Passing a type class instead of an instance raises OVO's TypeError."""
    assert outcome(fields.List, fields.String) == outcome(ovo_fields.List, ovo_fields.String)


# Mutations of a coerced container: (label, container spec, initial value, operation).
MUTATIONS = [
    ("append", T("List", T("Integer")), ["1"], lambda c: c.append("5")),
    ("append-bad", T("List", T("Integer")), ["1", "2"], lambda c: c.append("x")),
    ("append-none", T("List", T("Integer")), [], lambda c: c.append(None)),
    ("append-default", T("List", T("Integer"), default=3), [], lambda c: c.append(None)),
    ("extend", T("List", T("String")), ["a"], lambda c: c.extend([1, 2.5])),
    ("extend-bad", T("List", T("Integer")), ["1"], lambda c: c.extend(["2", "x"])),
    ("extend-generator", T("List", T("Integer")), [], lambda c: c.extend(str(i) for i in range(3))),
    ("insert", T("List", T("Integer")), ["1", "2"], lambda c: c.insert(1, "7")),
    ("insert-bad", T("List", T("Integer")), ["1"], lambda c: c.insert(-1, [])),
    ("setitem", T("List", T("Integer")), ["1", "2"], lambda c: c.__setitem__(-1, "9")),
    ("setitem-bad", T("List", T("Integer")), ["1", "2"], lambda c: c.__setitem__(0, "x")),
    ("slice", T("List", T("Integer")), ["1", "2", "3"], lambda c: c.__setitem__(slice(0, 2), ["7", "8", "9"])),
    (
        "slice-step",
        T("List", T("Integer")),
        ["1", "2", "3", "4"],
        lambda c: c.__setitem__(slice(1, None, 2), ["7", "8"]),
    ),
    ("slice-bad", T("List", T("Integer")), ["1", "2"], lambda c: c.__setitem__(slice(0, 1), ["x"])),
    ("add", T("List", T("Integer")), ["1"], lambda c: c + ["2", 3]),
    ("add-coerces-later", T("List", T("Integer")), ["1"], lambda c: (c + ["2"]).append("4")),
    ("iadd", T("List", T("Integer")), ["1"], lambda c: c.__iadd__(("2",))),
    ("iadd-bad", T("List", T("Integer")), ["1"], lambda c: c.__iadd__(["x"])),
    ("radd", T("List", T("Integer")), ["1"], lambda c: ["z"] + c),
    ("pop-del", T("List", T("Integer")), ["1", "2"], lambda c: (c.pop(), c.__delitem__(0))),
    ("dict-set", T("Dict", T("Integer")), {"a": "1"}, lambda c: c.__setitem__("b", "2")),
    ("dict-set-bad", T("Dict", T("Integer")), {"a": "1"}, lambda c: c.__setitem__("b", "x")),
    ("dict-key-bad", T("Dict", T("Integer")), {"a": "1"}, lambda c: c.__setitem__(1, "2")),
    ("dict-update", T("Dict", T("Integer")), {}, lambda c: c.update({"a": "1"}, b="2")),
    ("dict-update-kw", T("Dict", T("Integer")), {}, lambda c: c.update(b="2")),
    ("dict-update-none", T("Dict", T("Integer")), {"a": 1}, lambda c: c.update(None, a="5")),
    ("dict-update-bad", T("Dict", T("Integer")), {"a": 1}, lambda c: c.update({"b": "2", "c": "x"})),
    ("dict-update-key-bad", T("Dict", T("Integer")), {"a": 1}, lambda c: c.update({2: "2"})),
    ("dict-setdefault-new", T("Dict", T("Integer")), {"a": 1}, lambda c: c.setdefault("b", "3")),
    ("dict-setdefault-old", T("Dict", T("Integer")), {"a": 1}, lambda c: c.setdefault("a", "3")),
    ("dict-nullable", T("Dict", T("String"), nullable=True), {}, lambda c: c.__setitem__("a", None)),
    ("dict-pop", T("Dict", T("Integer")), {"a": 1}, lambda c: c.pop("a")),
    ("set-add", T("Set", T("Integer")), {"1"}, lambda c: c.add("2")),
    ("set-add-bad", T("Set", T("Integer")), {"1"}, lambda c: c.add("x")),
    ("set-update", T("Set", T("Integer")), set(), lambda c: c.update(["1", 2])),
    ("set-update-bad", T("Set", T("Integer")), {1}, lambda c: c.update(["2", "x"])),
    ("set-symdiff", T("Set", T("Integer")), {"1", "2"}, lambda c: c.symmetric_difference_update(["2", "3"])),
    ("set-or", T("Set", T("Integer")), {"1"}, lambda c: c | ["2"]),
    ("set-or-coerces-later", T("Set", T("Integer")), {"1"}, lambda c: (c | {"2"}).add("3")),
    ("set-ior", T("Set", T("Integer")), {"1"}, lambda c: c.__ior__(["2"])),
    ("set-xor", T("Set", T("Integer")), {"1", "2"}, lambda c: c ^ ["2", "3"]),
    ("set-ixor", T("Set", T("Integer")), {"1", "2"}, lambda c: c.__ixor__(["2", "3"])),
    ("set-ixor-bad", T("Set", T("Integer")), {"1"}, lambda c: c.__ixor__(["x"])),
    ("set-discard", T("Set", T("Integer")), {"1"}, lambda c: c.discard(1)),
    ("nested-append", T("List", T("List", T("Integer"))), [["1"]], lambda c: c[0].append("2")),
    ("nested-dict", T("Dict", T("Set", T("Integer"))), {"a": {"1"}}, lambda c: c["a"].add("2")),
]


@pytest.mark.parametrize(("spec", "initial", "operation"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_mutations_match_ovo(spec, initial, operation):
    """Changing a coerced container in place coerces (or fails, leaving it unchanged) as in OVO."""
    ovo_type, our_type = _types(spec)
    theirs = ovo_type.coerce(HOLDER, "c", copy.deepcopy(initial))
    ours = our_type.coerce(HOLDER, "c", copy.deepcopy(initial))
    assert outcome(operation, ours) == outcome(operation, theirs)
    assert norm(ours) == norm(theirs)


def test_plain_coerced_list_is_a_list():
    """A CoercedList without enable_coercing stores whatever it is given."""
    plain = fields.CoercedList([1])
    plain.append("x")
    plain += [None]
    plain[0:1] = [object]
    assert plain[1:] == ["x", None]
    assert isinstance(plain + [1], fields.CoercedList)


def test_plain_coerced_dict_still_wants_str_keys():
    """As in OVO, a plain CoercedDict refuses non-str keys but keeps any value."""
    plain = fields.CoercedDict()
    plain["a"] = object
    with pytest.raises(fields.KeyTypeError, match="Key 1 must be of type str not int"):
        plain[1] = 2


def test_dict_update_accepts_pairs():
    """update() takes an iterable of pairs, like dict.update (OVO raised AttributeError)."""
    coerced = fields.Dict(fields.Integer()).coerce(None, "d", {})
    coerced.update([("a", "1")])
    assert coerced == {"a": 1}


def test_dict_in_place_or_coerces():
    """d |= other coerces values (OVO's inherited dict.__ior__ stored them unchecked)."""
    coerced = fields.Dict(fields.Integer()).coerce(None, "d", {})
    coerced |= {"a": "1"}
    assert coerced == {"a": 1} and type(coerced) is fields.CoercedDict
    with pytest.raises(ValueError):
        coerced |= {"b": "x"}
    assert coerced == {"a": 1}


def test_setdefault_on_existing_key_skips_coercion():
    """setdefault() of a present key returns it without coercing the unused default."""
    coerced = fields.Dict(fields.Integer()).coerce(None, "d", {"a": 1})
    assert coerced.setdefault("a") == 1


def test_set_update_takes_several_iterables():
    """CoercedSet.update(*others) coerces every iterable, like set.update."""
    coerced = fields.Set(fields.Integer()).coerce(None, "s", set())
    coerced.update(["1"], ("2",))
    assert coerced == {1, 2}


@pytest.mark.parametrize(
    ("spec", "value", "mutate"),
    [
        (T("List", T("Integer")), ["1", "2"], lambda c: c.append("3")),
        (T("Dict", T("Integer")), {"a": "1"}, lambda c: c.__setitem__("b", "2")),
        (T("Set", T("Integer")), {"1"}, lambda c: c.add("2")),
    ],
)
def test_deepcopy_keeps_type_and_coercion(spec, value, mutate):
    """copy.deepcopy of a coerced container is the same class, still coercing, with copied elements."""
    owner = object()
    original = build(spec, fields).coerce(owner, "c", value)
    clone = copy.deepcopy(original)
    assert type(clone) is type(original) and clone == original and clone is not original
    assert clone._obj is owner and clone._field == "c" and clone._element_type is original._element_type
    mutate(clone)
    assert clone != original
    assert all(type(x) is int for x in (clone.values() if isinstance(clone, dict) else clone))


def test_deepcopy_follows_copied_owner():
    """When the owner is copied in the same deepcopy, the clone coerces for the owner's copy."""
    owner = types.SimpleNamespace()
    owner.tags = fields.List(fields.String()).coerce(owner, "tags", ["a"])
    clone = copy.deepcopy(owner)
    assert clone.tags._obj is clone


def test_deepcopy_copies_mutable_elements():
    """Nested containers are deep-copied, not shared."""
    original = fields.List(fields.List(fields.String())).coerce(None, "c", [["a"]])
    clone = copy.deepcopy(original)
    clone[0].append("b")
    assert original == [["a"]] and type(clone[0]) is fields.CoercedList


@pytest.mark.parametrize(
    ("spec", "value"),
    [(T("List", T("Integer")), ["1"]), (T("Dict", T("Integer")), {"a": "1"}), (T("Set", T("Integer")), {"1"})],
)
def test_shallow_copy_and_pickle(spec, value):
    """copy.copy and pickle give the same class holding the same values, still coercing."""
    original = build(spec, fields).coerce(None, "c", value)
    for clone in (copy.copy(original), pickle.loads(pickle.dumps(original))):
        assert type(clone) is type(original) and clone == original
        assert clone._field == "c"
        with pytest.raises(ValueError):
            if isinstance(clone, list):
                clone.append("x")
            elif isinstance(clone, dict):
                clone["z"] = "x"
            else:
                clone.add("x")


def test_nested_containers_and_types_pickle_and_copy():
    """Nested coerced containers and the container types themselves survive pickle and deepcopy."""
    list_type = fields.List(fields.Dict(fields.Set(fields.Integer())))
    value = list_type.coerce(None, "c", [{"a": {"1"}}])
    for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
        assert clone == [{"a": {1}}]
        clone[0]["a"].add("2")
        assert clone[0]["a"] == {1, 2}
    for type_clone in (pickle.loads(pickle.dumps(list_type)), copy.deepcopy(list_type)):
        assert type_clone.hydrate(None, "c", [{"b": ["3"]}]) == [{"b": {3}}]


def test_exact_elements_are_not_copied_or_recoerced():
    """Elements of the exact type are stored as themselves (the fast path)."""
    big = 10**40
    coerced = fields.List(fields.Integer()).coerce(None, "c", [big])
    assert coerced[0] is big


def test_subclass_overriding_coerce_is_not_bypassed():
    """An element type that overrides coerce is always called, even for exact str values."""

    class Upper(fields.String):
        def coerce(self, obj, attr, value):
            return super().coerce(obj, attr, value).upper()

    for container, value in ((fields.List, ["a"]), (fields.Set, {"a"})):
        our_type = container(Upper())
        assert list(our_type.coerce(None, "c", value)) == ["A"]
        assert list(our_type.hydrate(None, "c", list(value))) == ["A"]
    assert fields.Dict(Upper()).hydrate(None, "c", {"k": "a"}) == {"k": "A"}


def test_to_primitive_copies_identity_elements():
    """The fast to_primitive still returns a new plain list/dict/tuple."""
    coerced = fields.List(fields.String()).coerce(None, "c", ["a"])
    primitive = fields.List(fields.String()).to_primitive(None, "c", coerced)
    assert type(primitive) is list and primitive is not coerced
    mapping = fields.Dict(fields.String()).coerce(None, "c", {"a": "b"})
    assert type(fields.Dict(fields.String()).to_primitive(None, "c", mapping)) is dict


def test_hydrate_builds_coerced_containers():
    """hydrate() of a nested container gives coercing containers at every level."""
    value = fields.Dict(fields.List(fields.Integer())).hydrate(None, "d", {"a": ["1"]})
    assert type(value) is fields.CoercedDict and type(value["a"]) is fields.CoercedList
    value["a"].append("2")
    assert value == {"a": [1, 2]}


@given(st.lists(st.one_of(st.text(), st.integers(), st.none())))
def test_list_round_trip(items):
    """For any list of text/ints/None, hydrate(to_primitive(coerce(x))) == coerce(x)."""
    our_type = fields.List(fields.String(), nullable=True)
    coerced = our_type.coerce(None, "c", items)
    assert our_type.hydrate(None, "c", our_type.to_primitive(None, "c", coerced)) == coerced


@given(st.dictionaries(st.text(), st.lists(st.integers())))
def test_dict_round_trip(mapping):
    """For any dict of int lists, the primitive round trip is lossless."""
    our_type = fields.Dict(fields.List(fields.Integer()))
    coerced = our_type.coerce(None, "c", mapping)
    assert our_type.hydrate(None, "c", our_type.to_primitive(None, "c", coerced)) == coerced


@given(st.sets(st.integers()))
def test_set_round_trip(items):
    """For any set of ints, the primitive (a tuple) reads back to the same set."""
    our_type = fields.Set(fields.Integer())
    coerced = our_type.coerce(None, "c", items)
    assert our_type.hydrate(None, "c", list(our_type.to_primitive(None, "c", coerced))) == coerced


@given(st.lists(st.datetimes(timezones=st.just(UTC), min_value=datetime.datetime(1000, 1, 1))))
def test_datetime_list_hydrate_matches_ovo(items):
    """A list of wire datetimes hydrates to what OVO's two passes give."""
    wire = [ovo_fields.DateTime().to_primitive(None, "c", x) for x in items]
    ovo_type, our_type = _types(T("List", T("DateTime")))
    assert norm(our_type.hydrate(None, "c", wire)) == norm(_ovo_hydrate(ovo_type)(wire))
