"""Wire compatibility with the real oslo.versionedobjects, in both directions.

The same model module is defined against both libraries; the same Python
values go in; the primitives must be equal as ``json.dumps(sort_keys=True)``
(with OVO's unordered ``changes`` list sorted, as its own
``StableObjectJsonFixture`` does), and each side must read the other's.
"""

from __future__ import annotations

import datetime
import json
import warnings

import pytest
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from tests import interop_models
from vobjects import base, fields

NS = "versioned_object"


@pytest.fixture
def ours():
    return interop_models.define(base, fields)


@pytest.fixture
def theirs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return interop_models.define(ovo_base, ovo_fields)


def stable(primitive):
    """JSON text of a primitive with every ``changes`` list sorted."""

    def walk(value):
        if isinstance(value, dict):
            out = {key: walk(item) for key, item in value.items()}
            if f"{NS}.changes" in out:
                out[f"{NS}.changes"] = sorted(out[f"{NS}.changes"])
            return out
        if isinstance(value, (list, tuple)):
            return [walk(item) for item in value]
        return value

    return json.dumps(walk(primitive), sort_keys=True)


def _ovo(call):
    """Run an OVO call with its warnings (UUID FutureWarning etc.) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def build_port(ns):
    port = ns.Port(
        id=7,
        mac="AA:BB:CC:00:11:22",
        ip="2001:db8::1",
        cidr="10.0.0.0/8",
        created_at=datetime.datetime(2024, 5, 6, 7, 8, 9, 123456),
        tags={"blue"},
        meta={"a": None, "b": "x"},
        host=ns.Host(name="h1"),
        peers=[ns.Host(name="h2")],
    )
    port.obj_reset_changes(recursive=True)
    port.vlan = 100
    return port


CONTRACT_PORT_1_0 = (
    '{"versioned_object.changes": ["vlan"], "versioned_object.data": {"cidr": "10.0.0.0/8", '
    '"created_at": "2024-05-06T07:08:09Z", "host": {"versioned_object.data": {"name": "h1"}, '
    '"versioned_object.name": "Host", "versioned_object.namespace": "versionedobjects", '
    '"versioned_object.version": "1.0"}, "id": 7, "ip": "2001:db8::1", "mac": "aa:bb:cc:00:11:22", '
    '"meta": {"a": null, "b": "x"}, "tags": ["blue"], "vlan": 100}, '
    '"versioned_object.name": "Port", "versioned_object.namespace": "versionedobjects", '
    '"versioned_object.version": "1.0"}'
)


def test_contract_example_port_backport_is_byte_identical(ours):
    """The documented OVO output for Port backported to 1.0 is reproduced exactly."""
    assert json.dumps(build_port(ours).obj_to_primitive(target_version="1.0"), sort_keys=True) == CONTRACT_PORT_1_0


def test_contract_example_python_primitive(ours):
    """The Python-level primitive matches OVO's, tuples for sets included."""
    prim = build_port(ours).obj_to_primitive()
    data = prim[f"{NS}.data"]
    assert data["tags"] == ("blue",) and data["created_at"] == "2024-05-06T07:08:09Z"
    assert list(prim) == [f"{NS}.name", f"{NS}.namespace", f"{NS}.version", f"{NS}.data", f"{NS}.changes"]


@pytest.mark.parametrize("target", [None, "1.0", "1.1"])
def test_port_matches_ovo(ours, theirs, target):
    """Port primitives agree with OVO at every target version."""
    assert stable(build_port(ours).obj_to_primitive(target)) == stable(build_port(theirs).obj_to_primitive(target))


def test_fresh_list_matches_ovo(ours, theirs):
    """A freshly built list object and its changes agree with OVO."""
    mine = ours.PortList(objects=[ours.Port(id=1)]).obj_to_primitive()
    other = theirs.PortList(objects=[theirs.Port(id=1)]).obj_to_primitive()
    assert stable(mine) == stable(other)


def _everything(ns, **overrides):
    values = interop_models.everything_values()
    values.update(overrides)
    values["host"] = ns.Host(name="h")
    values["hosts"] = [ns.Host(name="a"), ns.Host(name="b")]
    return _ovo(lambda: ns.Everything(**values))


@pytest.mark.parametrize("target", [None, "1.4", "1.3", "1.2", "1.1", "1.0"])
def test_every_field_type_matches_ovo(ours, theirs, target):
    """An object holding every field type serialises identically, also backported."""
    mine = _everything(ours).obj_to_primitive(target)
    other = _ovo(lambda: _everything(theirs).obj_to_primitive(target))
    assert stable(mine) == stable(other)


def test_every_field_type_with_reset_and_nulls(ours, theirs):
    """Identical output with nulls everywhere nullable and changes reset."""
    nulls = {name: None for name, field in ours.Everything.fields.items() if field.nullable}
    nulls.pop("host"), nulls.pop("hosts")
    mine, other = _everything(ours, **nulls), _everything(theirs, **nulls)
    mine.obj_reset_changes(recursive=True)
    other.obj_reset_changes(recursive=True)
    mine.string = other.string = "changed"
    assert stable(mine.obj_to_primitive()) == stable(_ovo(other.obj_to_primitive))


def test_ovo_primitive_hydrates_in_vobjects(ours, theirs):
    """OVO's primitive reads in vobjects to equal values and re-serialises identically."""
    other = _ovo(lambda: _everything(theirs).obj_to_primitive())
    mine = ours.Everything.obj_from_primitive(json.loads(json.dumps(other)))
    # The values as they are after a trip over the wire (microseconds dropped).
    reference = ours.Everything.obj_from_primitive(json.loads(json.dumps(_everything(ours).obj_to_primitive())))
    for name in ours.Everything.fields:
        assert mine.obj_attr_is_set(name) == reference.obj_attr_is_set(name), name
        if name in ("host", "hosts") or not mine.obj_attr_is_set(name):
            continue
        assert getattr(mine, name) == getattr(reference, name), name
    assert stable(mine.obj_to_primitive()) == stable(other)


def test_vobjects_primitive_hydrates_in_ovo(ours, theirs):
    """vobjects' primitive reads in OVO and comes back out identical."""
    mine = _everything(ours).obj_to_primitive()
    other = _ovo(lambda: theirs.Everything.obj_from_primitive(json.loads(json.dumps(mine))))
    assert stable(_ovo(other.obj_to_primitive)) == stable(mine)
    assert other.obj_what_changed() == _everything(ours).obj_what_changed()


def _branch(ns):
    leaf = lambda i: ns.Leaf(id=i, label=f"l{i}", created_at=datetime.datetime(2020, 1, i, tzinfo=datetime.timezone.utc))  # noqa: E731
    branch = ns.Branch(id=1, leaf=leaf(1), leaves=ns.LeafList(objects=[leaf(2), leaf(3)]), twigs=[leaf(4)])
    branch.obj_reset_changes(["id"])
    return branch


@pytest.mark.parametrize("target", ["2.3", "2.2", "2.1", "2.0", "1.9"])
def test_nested_relationship_backports_match_ovo(ours, theirs, target):
    """Relationship-driven backports of nested objects and lists agree with OVO."""
    assert stable(_branch(ours).obj_to_primitive(target)) == stable(_branch(theirs).obj_to_primitive(target))


@pytest.mark.parametrize(
    "manifest",
    [
        {"Leaf": "1.0", "LeafList": "1.0"},
        {"Leaf": "1.2"},
        {"LeafList": "1.1"},
        {"Branch": "2.3"},
        {},
    ],
)
@pytest.mark.parametrize("target", [None, "2.2"])
def test_manifest_backports_match_ovo(ours, theirs, manifest, target):
    """Manifest-driven backports agree with OVO, including its quirks."""
    mine = _branch(ours).obj_to_primitive(target, version_manifest=manifest)
    other = _branch(theirs).obj_to_primitive(target, version_manifest=manifest)
    assert stable(mine) == stable(other)


def test_backported_primitive_reads_on_both_sides(ours, theirs):
    """A backported vobjects primitive hydrates in OVO at the older version, and back."""
    prim = json.loads(json.dumps(_branch(ours).obj_to_primitive("2.1")))
    other = theirs.Branch.obj_from_primitive(prim)
    assert other.VERSION == "2.1" and other.leaf.VERSION == "1.2"
    back = ours.Branch.obj_from_primitive(json.loads(json.dumps(other.obj_to_primitive())))
    assert back.VERSION == "2.1" and back.leaf.VERSION == "1.2" and not back.leaf.obj_attr_is_set("label")
    # Re-serialised, both sides drop the stale 'label' change entry the same way.
    assert stable(back.obj_to_primitive()) == stable(other.obj_to_primitive())


def test_json_schema_matches_ovo_where_ovo_has_one(ours, theirs):
    """to_json_schema agrees with OVO for classes whose fields OVO can describe."""
    for name in ("Host", "Leaf", "LeafList"):
        assert getattr(ours, name).to_json_schema() == getattr(theirs, name).to_json_schema()
