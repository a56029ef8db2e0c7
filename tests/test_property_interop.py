"""Differential properties against the real oslo.versionedobjects, over random classes and values.

The same generated classes are declared in vobjects and in OVO and the same
values assigned: the primitives must be equal (``changes`` and Set arrays
sorted, see ``strategies.canonical``), each library must read the other's
primitive to equal values, backports must agree, and coercing (or
hydrating) any input must give equal results or raise the same builtin
exception type.  ``VOBJECTS_PROPERTY_EXAMPLES`` scales every test up.
"""

from __future__ import annotations

import copy
import json
import os
import warnings

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from tests import strategies as S
from vobjects import base, fields

# VOBJECTS_PROPERTY_EXAMPLES=2000 for a deeper hunt; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("VOBJECTS_PROPERTY_EXAMPLES", 60))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def quiet(call, *args, **kwargs):
    """Run an OVO call with its warnings (UUID FutureWarning...) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


class Pair:
    """The same spec materialised in both libraries under the same names."""

    def __init__(self, spec: S.Spec):
        self.spec = spec
        self.names = S.fresh_names(spec)
        self.ours = S.materialise(spec, base, fields, self.names)
        self.theirs = quiet(S.materialise, spec, ovo_base, ovo_fields, self.names)

    def build(self, value):
        return S.build(self.ours, value), quiet(S.build, self.theirs, copy.deepcopy(value))

    def text(self, primitive, **options) -> str:
        return S.canonical(primitive, self.spec, self.names, **options)

    @property
    def root(self):
        return self.ours[self.spec.root.key], self.theirs[self.spec.root.key]


@st.composite
def cases(draw, ovo_readable: bool):
    spec = draw(S.specs())
    return spec, draw(S.object_values(spec, ovo_readable=ovo_readable))


def wire(primitive):
    return json.loads(json.dumps(primitive))


@SETTINGS
@given(cases(ovo_readable=False))
def test_primitives_equal(case):
    """The same values give the same primitive in both libraries."""
    spec, value = case
    pair = Pair(spec)
    mine, other = pair.build(value)
    assert pair.text(mine.obj_to_primitive()) == pair.text(quiet(other.obj_to_primitive))
    assert mine.obj_what_changed() == other.obj_what_changed()


@SETTINGS
@given(cases(ovo_readable=True))
def test_vobjects_primitive_hydrates_in_ovo(case):
    """What vobjects writes, OVO reads to the same values and writes back identically."""
    spec, value = case
    pair = Pair(spec)
    mine, _ = pair.build(value)
    prim = mine.obj_to_primitive()
    other = quiet(pair.root[1].obj_from_primitive, wire(prim))
    assert S.snapshot(other) == S.snapshot(mine)
    assert pair.text(quiet(other.obj_to_primitive)) == pair.text(prim)


@SETTINGS
@given(cases(ovo_readable=False))
def test_ovo_primitive_hydrates_in_vobjects(case):
    """What OVO writes, vobjects reads to the values OVO holds (and OVO reads, where it can)."""
    spec, value = case
    pair = Pair(spec)
    _, other = pair.build(value)
    prim = quiet(other.obj_to_primitive)
    mine = pair.root[0].obj_from_primitive(wire(prim))
    assert S.snapshot(mine) == S.snapshot(other)
    again = mine.obj_to_primitive()
    # vobjects reads OVO's 'UTC+05:30' zone suffix and writes it back as
    # '+05:30' (documented in vobjects/fields/_datetime.py); nothing else moves.
    assert pair.text(again, tz_spelling=True) == pair.text(prim, tz_spelling=True)
    try:
        theirs_back = quiet(pair.root[1].obj_from_primitive, wire(prim))
    except ValueError:
        # OVO cannot read some of what it writes (contract 8.2: 'UTC+05:30',
        # glibc's unpadded years below 1000); vobjects can, see above.
        return
    assert S.snapshot(mine) == S.snapshot(theirs_back)
    assert pair.text(again) == pair.text(quiet(theirs_back.obj_to_primitive))


def _outcome(call):
    try:
        return "ok", call()
    except Exception as exc:
        return "raised", S.exception_kind(exc), exc


def _same_outcome(mine, other, render):
    assert mine[0] == other[0], (mine, other)
    if mine[0] == "ok":
        assert render(mine[1]) == render(other[1])
    else:
        assert mine[1] == other[1], (mine[2], other[2])


@SETTINGS
@given(cases(ovo_readable=False), st.data())
def test_backports_equal(case, data):
    """Backports to older versions, with and without manifests, agree (output or error type)."""
    spec, value = case
    pair = Pair(spec)
    mine, other = pair.build(value)
    version = S.parse_version(spec.root.version)
    targets = S.older_versions(spec.root.version)
    if version[0] > 1:
        targets.append(f"{version[0] - 1}.{version[1] + 3}")  # a lower major is allowed too
    target = data.draw(st.sampled_from(targets), label="target")
    manifest = data.draw(S.manifests(spec, pair.names), label="manifest")
    ours = _outcome(lambda: mine.obj_to_primitive(target_version=target, version_manifest=manifest))
    theirs = _outcome(lambda: quiet(other.obj_to_primitive, target_version=target, version_manifest=manifest))
    if theirs[0] == "raised" and _ovo_child_versions_gap_crash(theirs[2]):
        # OVO bug, not reproduced by vobjects (see test_child_versions_gap_backport):
        # a list whose target falls between two child_versions entries makes
        # OVO index dict_items and raise TypeError.  Nothing else is comparable.
        assert any(cls.child_versions for cls in spec.classes)
        assert ours[0] == "ok"
        return
    _same_outcome(ours, theirs, pair.text)
    if ours[0] == "ok" and S.parse_version(target)[0] == version[0]:
        # The backported primitive reads the same on both sides.
        mine_back = pair.root[0].obj_from_primitive(wire(ours[1]))
        try:
            other_back = quiet(pair.root[1].obj_from_primitive, wire(theirs[1]))
        except ValueError:
            return  # OVO cannot read all it writes (contract 8.2); vobjects can
        assert S.snapshot(mine_back) == S.snapshot(other_back)


def _ovo_child_versions_gap_crash(exc: BaseException) -> bool:
    return isinstance(exc, TypeError) and "'dict_items' object is not subscriptable" in str(exc)


def test_child_versions_gap_backport():
    """A list backported to a version between two child_versions entries.

    OVO 3.12 raises TypeError ('dict_items' object is not subscriptable,
    ObjectListBase.obj_make_compatible passes child_versions.items() to
    _get_subobject_version, which indexes it); vobjects applies the rule of
    the entry before the gap, as _get_subobject_version intends.
    """
    spec = S.Spec(
        (
            S.ClassSpec("C0", "1.3", ()),
            S.ClassSpec(
                "C1",
                "1.2",
                (("objects", S.FieldSpec("list_objects", S.TypeSpec("List", S.TypeSpec("Object", objname="C0")))),),
                list_of="C0",
                child_versions=(("1.0", "1.1"), ("1.2", "1.3")),
            ),
        )
    )
    pair = Pair(spec)
    value = S.ObjValue("C1", (("set", "objects", [S.ObjValue("C0", ())]),))
    mine, other = pair.build(value)
    outcome = _outcome(lambda: quiet(other.obj_to_primitive, "1.1"))
    assert outcome[0] == "raised" and _ovo_child_versions_gap_crash(outcome[2])
    prim = mine.obj_to_primitive("1.1")
    assert [child[f"{S.NS}.version"] for child in prim[f"{S.NS}.data"]["objects"]] == ["1.1"]


# --------------------------------------------------------------------------
# Coercion


def _coerce_outcome(call, value):
    """Result (or builtin error type) and the warning categories of ``call(copy of value)``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = _outcome(lambda: call(copy.deepcopy(value)))
    return outcome, sorted({warning.category.__name__ for warning in caught})


def _check_same(mine, other, value):
    (ours, our_warnings), (theirs, their_warnings) = mine, other
    assert our_warnings == their_warnings, value
    assert ours[0] == theirs[0], (value, ours, theirs)
    if ours[0] == "ok":
        assert S.snapshot(ours[1], wire=False) == S.snapshot(theirs[1], wire=False), value
    else:
        assert ours[1] == theirs[1], (value, ours[2], theirs[2])


@st.composite
def coercion_cases(draw):
    field = draw(S.coercible_field_specs())
    value = draw(st.one_of(S.field_inputs(field, None, ovo_readable=False), S.wild_values()))
    if field.type.has_datetime():
        # Documented vobjects fix: it also reads OVO's own unreadable datetime
        # spellings (vobjects/fields/_datetime.py module docstring).
        assume(not S.has_documented_datetime_spelling(value))
    return field, value


@settings(SETTINGS, max_examples=EXAMPLES * 5)
@given(coercion_cases())
def test_coerce_matches_ovo(case):
    """Field.coerce and attribute assignment give OVO's result, or fail with OVO's error type."""
    field_spec, value = case
    spec = S.Spec((S.ClassSpec("C0", "1.0", (("f", field_spec),)),))
    pair = Pair(spec)
    mine_field = pair.ours["C0"].fields["f"]
    other_field = pair.theirs["C0"].fields["f"]
    _check_same(
        _coerce_outcome(lambda v: mine_field.coerce(None, "f", v), value),
        _coerce_outcome(lambda v: other_field.coerce(None, "f", v), value),
        value,
    )
    mine_obj, other_obj = pair.ours["C0"](), quiet(pair.theirs["C0"])

    def assign(obj):
        def call(v):
            obj.f = v
            return obj.f

        return call

    _check_same(_coerce_outcome(assign(mine_obj), value), _coerce_outcome(assign(other_obj), value), value)


@st.composite
def hydration_cases(draw):
    field = draw(S.coercible_field_specs())
    value = draw(S.json_values())
    if field.type.has_datetime():
        # Documented vobjects fix (vobjects/fields/_datetime.py): it reads
        # OVO's own unreadable datetime spellings.
        assume(not S.has_documented_datetime_spelling(value))
    return field, value, draw(st.booleans())


@settings(SETTINGS, max_examples=EXAMPLES * 5)
@given(hydration_cases())
def test_hydrate_matches_ovo(case):
    """Any wire value of a field hydrates to OVO's value, or fails where OVO fails.

    vobjects wraps a field's error in FieldValueInvalid (a ValueError, plus
    TypeError as FieldTypeInvalid) that also derives from the builtin OVO
    raises (vobjects/exception.py docstring), so OVO's builtin types must be
    among vobjects' ones.
    """
    field_spec, value, changed = case
    spec = S.Spec((S.ClassSpec("C0", "1.0", (("f", field_spec),)),))
    pair = Pair(spec)
    primitive = {
        f"{S.NS}.name": pair.names["C0"],
        f"{S.NS}.namespace": "versionedobjects",
        f"{S.NS}.version": "1.0",
        f"{S.NS}.data": {"f": value},
    }
    if changed:
        primitive[f"{S.NS}.changes"] = ["f"]
    (ours, our_warnings) = _coerce_outcome(pair.ours["C0"].obj_from_primitive, primitive)
    (theirs, their_warnings) = _coerce_outcome(pair.theirs["C0"].obj_from_primitive, primitive)
    assert our_warnings == their_warnings, value
    assert ours[0] == theirs[0], (value, ours, theirs)
    if ours[0] == "ok":
        assert S.snapshot(ours[1], wire=False) == S.snapshot(theirs[1], wire=False), value
    else:
        assert set(theirs[1]) <= set(ours[1]), (value, ours[2], theirs[2])


def _hydrate_error(base_module, fields_module, data):
    @base_module.VersionedObjectRegistry.register
    class Wire(base_module.VersionedObject):
        fields = {"d": fields_module.DictOfIntegersField(nullable=True), "i": fields_module.IntegerField(nullable=True)}

    primitive = {
        f"{S.NS}.name": "Wire",
        f"{S.NS}.namespace": "versionedobjects",
        f"{S.NS}.version": "1.0",
        f"{S.NS}.data": data,
    }
    try:
        quiet(Wire.obj_from_primitive, primitive)
    except Exception as exc:
        return exc
    raise AssertionError("no error")


def test_hydration_error_keeps_ovo_builtin_type():
    """A wire value OVO rejects with AttributeError/OverflowError fails with that builtin in vobjects too.

    vobjects/exception.py promises its errors also derive from "the builtin
    that OVO raises in the same situation"; FieldValueInvalid covers
    ValueError and TypeError only, so ``except AttributeError`` /
    ``except OverflowError`` written against OVO stop catching.
    """
    assert isinstance(_hydrate_error(ovo_base, ovo_fields, {"d": []}), AttributeError)
    assert isinstance(_hydrate_error(ovo_base, ovo_fields, {"i": float("inf")}), OverflowError)
    assert isinstance(_hydrate_error(base, fields, {"d": []}), AttributeError)
    assert isinstance(_hydrate_error(base, fields, {"i": float("inf")}), OverflowError)
