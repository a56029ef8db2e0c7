"""VersionedObjectSerializer: OVO's behaviour (contract 1.7), shown side by side with OVO itself.

Tests taking ``lib`` (see conftest) run once against vobjects and once
against the real oslo.versionedobjects, with the same assertions: that is
the proof of drop-in behaviour.  The deliberate differences are tested on vobjects alone.
"""

from __future__ import annotations

import collections
import warnings
from types import SimpleNamespace

import pytest

NS = "versioned_object"


class FakeAPI:
    """An indirection API that records calls and answers with canned values."""

    def __init__(self, backport_versions=None, backport=None):
        self.calls = []
        self._versions, self._backport = backport_versions, backport

    def object_action(self, *args):
        raise AssertionError("not expected")

    def object_backport_versions(self, context, objinst, object_versions):
        self.calls.append(("object_backport_versions", context, objinst, object_versions))
        if self._versions is None:
            raise NotImplementedError("Multi-version backport not supported")
        return self._versions

    def object_backport(self, context, objinst, target_version):
        self.calls.append(("object_backport", context, objinst, target_version))
        return self._backport


def _models(lib):
    """Child 1.0 and Parent 1.1 (holding a Child) registered in ``lib``'s registry, and a serializer."""

    class Base(lib.base.VersionedObject):
        OBJ_PROJECT_NAMESPACE = "sertest"

    @lib.base.VersionedObjectRegistry.register
    class SerChild(Base):
        VERSION = "1.0"
        fields = {"id": lib.fields.IntegerField()}

    @lib.base.VersionedObjectRegistry.register
    class SerParent(Base):
        VERSION = "1.1"
        fields = {"name": lib.fields.StringField(), "child": lib.fields.ObjectField("SerChild", nullable=True)}
        obj_relationships = {"child": [("1.0", "1.0")]}

    class Serializer(lib.base.VersionedObjectSerializer):
        OBJ_BASE_CLASS = Base

    return SimpleNamespace(Base=Base, Child=SerChild, Parent=SerParent, serializer=Serializer())


def _prim(name, version, data, namespace="sertest"):
    return {f"{NS}.name": name, f"{NS}.namespace": namespace, f"{NS}.version": version, f"{NS}.data": data}


def _strip_changes(value):
    if isinstance(value, dict):
        return {k: _strip_changes(v) for k, v in value.items() if k != f"{NS}.changes"}
    if isinstance(value, (list, tuple)):
        return type(value)(_strip_changes(v) for v in value)
    return value


def test_serialize_walks_containers(lib):
    """Objects anywhere in lists, tuples, sets and dicts become primitives; a set becomes a list."""
    m = _models(lib)
    obj = m.Parent(name="p")
    out = m.serializer.serialize_entity(None, {"a": [obj, 1], "b": (obj, "x"), "c": {3}, "d": None})
    prim = _prim("SerParent", "1.1", {"name": "p"})
    assert _strip_changes(out) == {"a": [prim, 1], "b": (prim, "x"), "c": [3], "d": None}
    assert type(out["b"]) is tuple


def test_serialize_keeps_dict_subclass(lib):
    """A dict subclass is rebuilt as the same type, keys untouched."""
    m = _models(lib)
    out = m.serializer.serialize_entity(None, collections.OrderedDict([(1, m.Child(id=1)), ("k", "v")]))
    assert type(out) is collections.OrderedDict
    assert list(out) == [1, "k"]


def test_deserialize_round_trip_in_containers(lib):
    """Primitives inside containers come back as objects of the registered classes."""
    m = _models(lib)
    wire = m.serializer.serialize_entity(None, [m.Parent(name="p", child=m.Child(id=2)), ("t", {5})])
    back = m.serializer.deserialize_entity("ctx", wire)
    assert type(back[0]) is m.Parent and back[0].child.id == 2
    assert back[0]._context == "ctx"
    assert back[1] == ("t", [5])


def test_other_namespace_stays_a_dict(lib):
    """A primitive in another serial namespace is not an object to this serializer."""
    m = _models(lib)
    foreign = {"other.name": "SerChild", "other.data": {}}
    assert m.serializer.deserialize_entity(None, foreign) == foreign


def test_three_part_version_is_read_as_two(lib):
    """``X.Y.Z`` from a stable branch is retried as ``X.Y``."""
    m = _models(lib)
    obj = m.serializer.deserialize_entity(None, _prim("SerParent", "1.1.4", {"name": "p"}))
    assert obj.name == "p" and obj.VERSION == "1.1"


def test_too_new_is_backported_through_indirection_api(lib):
    """A too-new primitive goes to ``object_backport_versions`` with this side's manifest."""
    m = _models(lib)
    answer = m.Parent(name="from conductor")
    api = FakeAPI(backport_versions=answer)
    m.Base.indirection_api = api
    prim = _prim("SerParent", "1.5", {"name": "p"})
    assert m.serializer.deserialize_entity("ctx", prim) is answer
    assert api.calls == [("object_backport_versions", "ctx", prim, {"SerParent": "1.1", "SerChild": "1.0"})]


def test_backport_falls_back_to_single_version_form(lib):
    """On NotImplementedError the old ``object_backport`` gets the newest known version."""
    m = _models(lib)
    api = FakeAPI(backport="old answer")
    m.Base.indirection_api = api
    prim = _prim("SerParent", "1.5", {"name": "p"})
    assert m.serializer.deserialize_entity("ctx", prim) == "old answer"
    assert [call[0] for call in api.calls] == ["object_backport_versions", "object_backport"]
    assert api.calls[1] == ("object_backport", "ctx", prim, "1.1")


def test_too_new_child_backports_the_top_level_object(lib):
    """A nested object that is too new makes the whole top-level primitive go to the conductor."""
    m = _models(lib)
    api = FakeAPI(backport_versions="whole")
    m.Base.indirection_api = api
    prim = _prim("SerParent", "1.1", {"name": "p", "child": _prim("SerChild", "1.7", {"id": 1})})
    assert m.serializer.deserialize_entity(None, [prim]) == ["whole"]
    assert api.calls[0][2] is prim


def test_too_new_without_indirection_raises(lib):
    """Without an indirection API the IncompatibleObjectVersion reaches the caller."""
    m = _models(lib)
    with pytest.raises(lib.exception.IncompatibleObjectVersion):
        m.serializer.deserialize_entity(None, _prim("SerParent", "1.5", {"name": "p"}))


def test_major_mismatch_is_backported_too(lib):
    """Another major version is also handed to the indirection API (the conductor decides)."""
    m = _models(lib)
    api = FakeAPI(backport_versions="answer")
    m.Base.indirection_api = api
    assert m.serializer.deserialize_entity(None, _prim("SerParent", "2.0", {"name": "p"})) == "answer"


def test_default_indirection_api_cannot_backport(lib):
    """The base indirection API warns that the versions form is missing, then cannot backport."""
    m = _models(lib)

    class OnlyActions(lib.base.VersionedObjectIndirectionAPI):
        def object_action(self, context, objinst, objmethod, args, kwargs):
            raise AssertionError("not expected")

    m.Base.indirection_api = OnlyActions()
    with pytest.warns(DeprecationWarning), pytest.raises(NotImplementedError, match="Backport not supported"):
        m.serializer.deserialize_entity(None, _prim("SerParent", "1.5", {"name": "p"}))


def test_unregistered_name_is_an_error(lib):
    """A name this side never registered is UnsupportedObjectError, not a backport."""
    m = _models(lib)
    m.Base.indirection_api = FakeAPI(backport_versions="never")
    with pytest.raises(lib.exception.UnsupportedObjectError):
        m.serializer.deserialize_entity(None, _prim("NoSuchThing", "1.0", {}))


def test_same_wire_as_ovo():
    """For the same objects, vobjects' and OVO's serializers put the same primitives on the wire."""
    from oslo_versionedobjects import base as ovo_base
    from oslo_versionedobjects import exception as ovo_exception
    from oslo_versionedobjects import fields as ovo_fields

    from vobjects import base, exception, fields

    ours = _models(SimpleNamespace(base=base, fields=fields, exception=exception))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = _models(SimpleNamespace(base=ovo_base, fields=ovo_fields, exception=ovo_exception))

    def entity(m):
        return {"x": [m.Parent(name="p", child=m.Child(id=3))], "y": (m.Child(id=4),)}

    def sort_changes(value):
        if isinstance(value, dict):
            out = {k: sort_changes(v) for k, v in value.items()}
            if f"{NS}.changes" in out:
                out[f"{NS}.changes"] = sorted(out[f"{NS}.changes"])
            return out
        if isinstance(value, (list, tuple)):
            return type(value)(sort_changes(v) for v in value)
        return value

    ours_wire = ours.serializer.serialize_entity(None, entity(ours))
    theirs_wire = theirs.serializer.serialize_entity(None, entity(theirs))
    assert sort_changes(ours_wire) == sort_changes(theirs_wire)
    assert ours.serializer.deserialize_entity(None, theirs_wire)["x"][0].child.id == 3
    assert theirs.serializer.deserialize_entity(None, ours_wire)["y"][0].id == 4


# -- deliberate differences from OVO (vobjects only) ------------------------------------------


def test_three_part_retry_leaves_the_message_alone():
    """OVO rewrites the caller's primitive in place; vobjects reads a copy."""
    from vobjects import base, exception, fields

    m = _models(SimpleNamespace(base=base, fields=fields, exception=exception))
    prim = _prim("SerParent", "1.1.4", {"name": "p"})
    m.serializer.deserialize_entity(None, prim)
    assert prim[f"{NS}.version"] == "1.1.4"


def test_defaultdict_keeps_its_factory():
    """OVO's ``type(d)(pairs)`` loses a defaultdict's factory; vobjects keeps it."""
    from vobjects import base

    out = base.VersionedObjectSerializer().serialize_entity(None, collections.defaultdict(list, a=1))
    assert out.default_factory is list and out == {"a": 1}


def test_deep_nesting_is_refused():
    """Containers nested past ``limits.max_depth`` raise PrimitiveTooDeep instead of exhausting the stack."""
    from vobjects import base, exception

    entity: list = []
    for _ in range(base.limits.max_depth + 5):
        entity = [entity]
    with pytest.raises(exception.PrimitiveTooDeep):
        base.VersionedObjectSerializer().deserialize_entity(None, entity)


def test_isolated_registry_decides_what_is_supported():
    """With an isolated registry, the backport manifest comes from that registry only."""
    from vobjects import base
    from vobjects import fields as vfields

    class Registry(base.VersionedObjectRegistry):
        isolated = True

    class Base(base.VersionedObject):
        OBJ_REGISTRY = Registry

    @Registry.register
    class Lonely(Base):
        VERSION = "1.2"
        fields = {"id": vfields.IntegerField()}

    class Serializer(base.VersionedObjectSerializer):
        OBJ_BASE_CLASS = Base

    api = FakeAPI(backport_versions="ok")
    Base.indirection_api = api
    prim = {f"{NS}.name": "Lonely", f"{NS}.namespace": "versionedobjects", f"{NS}.version": "1.9", f"{NS}.data": {}}
    assert Serializer().deserialize_entity(None, prim) == "ok"
    assert api.calls[0][3] == {"Lonely": "1.2"}
    assert "Lonely" not in base.VersionedObjectRegistry.obj_classes()
