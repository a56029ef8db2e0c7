"""Round-trip properties of vobjects alone, over random classes and values.

For any generated class DAG and any valid values (a random subset of fields
set, change tracking in a random state), a primitive hydrates back to the
same values and set-ness and re-serialises to the same primitive, directly,
through JSON text and through msgpack bytes.  Datetimes lose their
microseconds on the wire (contract 3.1); that is the only loss allowed.
"""

from __future__ import annotations

import copy
import datetime
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oslo_serialization import jsonutils, msgpackutils

from tests import strategies as S
from vobjects import base, fields

# VOBJECTS_PROPERTY_EXAMPLES=2000 for a deeper hunt; the default keeps the suite fast.
SETTINGS = settings(
    max_examples=int(os.environ.get("VOBJECTS_PROPERTY_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _make(spec: S.Spec, value: S.ObjValue):
    names = S.fresh_names(spec)
    classes = S.materialise(spec, base, fields, names)
    return names, classes, S.build(classes, value)


@st.composite
def cases(draw, **spec_kwargs):
    spec = draw(S.specs(**spec_kwargs))
    return spec, draw(S.object_values(spec))


TRANSPORTS = {
    "python": lambda prim: prim,
    "json": lambda prim: jsonutils.loads(jsonutils.dumps(prim)),
    "msgpack": lambda prim: msgpackutils.loads(msgpackutils.dumps(prim)),
}


@SETTINGS
@given(cases())
def test_primitive_round_trip(case):
    """to_primitive → (python | JSON | msgpack) → from_primitive keeps values, set-ness, changes and the primitive."""
    spec, value = case
    names, classes, obj = _make(spec, value)
    root = classes[spec.root.key]
    prim = obj.obj_to_primitive()
    expected = S.snapshot(obj)
    expected_text = S.canonical(prim, spec, names, tz_spelling=True)
    for transport, carry in TRANSPORTS.items():
        back = root.obj_from_primitive(carry(copy.deepcopy(prim)))
        assert type(back) is root, transport
        assert S.snapshot(back) == expected, transport
        assert back.obj_what_changed() == obj.obj_what_changed(), transport
        again = back.obj_to_primitive()
        assert S.canonical(again, spec, names, tz_spelling=True) == expected_text, transport
        # A second trip changes nothing at all, spelling included.
        assert S.canonical(root.obj_from_primitive(carry(again)).obj_to_primitive(), spec, names) == S.canonical(
            again, spec, names
        ), transport


@SETTINGS
@given(cases())
def test_change_tracking_survives_round_trip(case):
    """After a round trip, resetting and re-setting fields tracks changes as on the original."""
    spec, value = case
    names, classes, obj = _make(spec, value)
    back = classes[spec.root.key].obj_from_primitive(jsonutils.loads(jsonutils.dumps(obj.obj_to_primitive())))
    assert back.obj_what_changed() == obj.obj_what_changed()
    assert set(back.obj_get_changes()) == set(obj.obj_get_changes())
    for each in (obj, back):
        each.obj_reset_changes(recursive=True)
    assert back.obj_what_changed() == obj.obj_what_changed()
    assert S.canonical(back.obj_to_primitive(), spec, names, tz_spelling=True) == S.canonical(
        obj.obj_to_primitive(), spec, names, tz_spelling=True
    )


def _containers_shared(original, clone) -> bool:
    for name in original.fields:
        if original.obj_attr_is_set(name):
            mine, theirs = getattr(original, name), getattr(clone, name)
            if isinstance(mine, (list, dict, set)) or S.is_versioned_object(mine):
                if mine is theirs:
                    return True
    return False


@SETTINGS
@given(cases())
def test_clone_equals_original(case):
    """obj_clone gives equal values (microseconds kept), changes and primitive, sharing no container."""
    spec, value = case
    names, _, obj = _make(spec, value)
    clone = obj.obj_clone()
    assert clone is not obj
    assert S.snapshot(clone, wire=False) == S.snapshot(obj, wire=False)
    assert S.canonical(clone.obj_to_primitive(), spec, names) == S.canonical(obj.obj_to_primitive(), spec, names)
    assert not _containers_shared(obj, clone)


@SETTINGS
@given(cases(), st.data())
def test_backport_hydrates(case, data):
    """A primitive backported to an older version (relationships or manifest) hydrates at that version."""
    spec, value = case
    names, classes, obj = _make(spec, value)
    target = data.draw(st.sampled_from(S.older_versions(spec.root.version)), label="target")
    manifest = data.draw(S.manifests(spec, names), label="manifest")
    prim = obj.obj_to_primitive(target_version=target, version_manifest=manifest)
    assert prim[f"{S.NS}.version"] == target
    back = classes[spec.root.key].obj_from_primitive(jsonutils.loads(jsonutils.dumps(prim)))
    assert back.VERSION == target
    # A list object whose children did not exist at the target hydrates with
    # objects == [] (its constructor sets it), so compare with that filled in.
    options = {"tz_spelling": True, "filter_changes": True, "list_objects": True}
    assert S.canonical(back.obj_to_primitive(), spec, names, **options) == S.canonical(prim, spec, names, **options)
    kept = prim[f"{S.NS}.data"]
    for name, f in spec.root.fields:
        assert (name in kept or spec.root.list_of is not None) == back.obj_attr_is_set(name), name
        if name in kept and not f.type.holds_objects():
            assert S.snapshot(getattr(back, name)) == S.snapshot(getattr(obj, name)), name


# --------------------------------------------------------------------------
# Regressions found by the properties above (minimal cases).


def test_dotted_field_name_reads_back():
    """A field whose name contains a dot reads back (OVO: getattr works for any str name)."""

    @base.VersionedObjectRegistry.register
    class Dotted(base.VersionedObject):
        fields = {"a.b": fields.IntegerField()}

    obj = Dotted()
    setattr(obj, "a.b", 3)
    assert getattr(obj, "a.b") == 3


def test_unnamed_offset_round_trips_in_vobjects():
    """An unnamed fixed offset (wire 'UTC+05:30', unreadable by OVO) reads back in vobjects."""

    @base.VersionedObjectRegistry.register
    class When(base.VersionedObject):
        fields = {"at": fields.DateTimeField()}

    tz = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    prim = When(at=datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=tz)).obj_to_primitive()
    assert prim[f"{S.NS}.data"]["at"] == "2024-01-02T03:04:05UTC+05:30"
    back = When.obj_from_primitive(prim)
    assert back.at == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=tz)
    assert back.obj_to_primitive()[f"{S.NS}.data"]["at"] == "2024-01-02T03:04:05+05:30"
