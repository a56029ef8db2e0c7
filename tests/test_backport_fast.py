"""The backport fast paths behave as OVO's backport, and fall back when overridden.

``vobjects._backport.do_subobject_backport`` does the default
``obj_make_compatible_from_manifest`` work itself for each child, and
``VersionedObject.obj_make_compatible`` reads "is it set?" from the instance.
Each test runs one model, defined with both libraries, and compares what the
hooks saw and what came out.
"""

from __future__ import annotations

import warnings
from unittest import mock

import pytest
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import exception as ovo_exception
from oslo_versionedobjects import fields as ovo_fields

from vobjects import _backport, base, exception, fields

NS = "versioned_object"
MANIFEST = {"Leaf": "1.0", "Root": "1.1"}


def define(lib_base, lib_fields, lib_exception):
    """Leaf, OwnLeaf (overrides obj_make_compatible_from_manifest) and Root; hooks log to ``log``."""
    register = lib_base.VersionedObjectRegistry.register
    log = []

    def seen(obj):
        return getattr(obj, "_obj_version_manifest", "unset")

    @register
    class Leaf(lib_base.VersionedObject):
        VERSION = "1.2"
        fields = {"id": lib_fields.IntegerField(), "note": lib_fields.StringField(nullable=True)}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            log.append((type(self).__name__, self.id, target_version, seen(self)))
            if self.id < 0:
                raise lib_exception.TargetBeforeSubobjectExistedException(target_version=target_version)
            if target_version == "1.0":
                primitive.pop("note", None)

    @register
    class OwnLeaf(Leaf):
        def obj_make_compatible_from_manifest(self, primitive, target_version, version_manifest):
            log.append(("OwnLeaf.from_manifest", self.id, target_version, version_manifest))
            super().obj_make_compatible_from_manifest(primitive, target_version, version_manifest)

    @register
    class Root(lib_base.VersionedObject):
        VERSION = "1.3"
        fields = {
            "leaf": lib_fields.ObjectField("Leaf", nullable=True),
            "leaves": lib_fields.ListOfObjectsField("Leaf", subclasses=True),
        }
        obj_relationships = {"leaf": [("1.0", "1.0"), ("1.3", "1.2")], "leaves": [("1.1", "1.0"), ("1.3", "1.2")]}

        def obj_make_compatible(self, primitive, target_version):
            log.append(("Root", None, target_version, seen(self)))
            super().obj_make_compatible(primitive, target_version)

    def root(leaf_id=1, ids=(2, 3, 4), own=(3,)):
        leaves = [(OwnLeaf if i in own else Leaf)(id=i, note="n") for i in ids]
        return Root(leaf=Leaf(id=leaf_id, note="n"), leaves=leaves)

    return Leaf, Root, root, log


@pytest.fixture
def ours():
    return define(base, fields, exception)


@pytest.fixture
def theirs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return define(ovo_base, ovo_fields, ovo_exception)


def _sorted_changes(value):
    """``value`` with every ``changes`` list sorted (OVO leaves them in set order)."""
    if isinstance(value, dict):
        out = {key: _sorted_changes(item) for key, item in value.items()}
        if f"{NS}.changes" in out:
            out[f"{NS}.changes"] = sorted(out[f"{NS}.changes"])
        return out
    if isinstance(value, (list, tuple)):
        return type(value)(_sorted_changes(item) for item in value)
    return value


def _same(ours, theirs, call):
    """Run ``call(model)`` on both; the results and the hook logs must be equal."""
    mine = call(ours)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        other = call(theirs)
    assert _sorted_changes(other) == _sorted_changes(mine)
    assert theirs[3] == ours[3]
    return mine


@pytest.mark.parametrize("target", ["1.0", "1.1", "1.2", "1.3"])
@pytest.mark.parametrize("manifest", [None, MANIFEST, {}])
def test_hooks_see_what_ovo_shows_them(ours, theirs, target, manifest):
    """Every hook runs in OVO's order with OVO's arguments and manifest; the primitive is OVO's."""
    prim = _same(ours, theirs, lambda m: m[2]().obj_to_primitive(target_version=target, version_manifest=manifest))
    assert prim[f"{NS}.version"] == target


def test_same_child_twice_in_a_list(ours, theirs):
    """One object twice in a list is backported twice, each time with the manifest, then none is left."""

    def call(model):
        Leaf, Root, _, _log = model
        twice = Leaf(id=5, note="x")
        prim = Root(leaves=[twice, twice]).obj_to_primitive(target_version="1.3", version_manifest=MANIFEST)
        return prim, getattr(twice, "_obj_version_manifest", "unset")

    _prim, after = _same(ours, theirs, call)
    assert after == "unset"
    assert not _backport.manifests.active


def test_child_patched_on_the_instance_is_called(ours):
    """A child's obj_make_compatible_from_manifest patched on the instance is called as OVO calls it."""
    leaf = ours[0](id=1, note="n")
    root = ours[1](leaves=[leaf])
    with mock.patch.object(leaf, "obj_make_compatible_from_manifest") as patched:
        prim = root.obj_to_primitive(target_version="1.3", version_manifest=MANIFEST)
    patched.assert_called_once_with(prim[f"{NS}.data"]["leaves"][0][f"{NS}.data"], "1.0", version_manifest=MANIFEST)


def test_child_patched_on_the_class_is_called(ours):
    """Replacing obj_make_compatible_from_manifest on a child class takes the fallback path."""
    Leaf, _, root, _log = ours
    with mock.patch.object(Leaf, "obj_make_compatible_from_manifest") as patched:
        root(own=()).obj_to_primitive(target_version="1.3", version_manifest=MANIFEST)
    assert [c.args[1] for c in patched.call_args_list] == ["1.0"] * 4


def test_custom_getattribute_is_honoured(ours):
    """A child class with its own __getattribute__ gets its method looked up the normal way."""
    Leaf, Root, _, _log = ours
    calls = []

    @base.VersionedObjectRegistry.register
    class Sly(Leaf):
        def __getattribute__(self, name):
            if name == "obj_make_compatible_from_manifest":
                calls.append(name)
            return super().__getattribute__(name)

    Root(leaves=[Sly(id=1)]).obj_to_primitive(target_version="1.3", version_manifest=MANIFEST)
    assert calls == ["obj_make_compatible_from_manifest"]


def test_failing_child_leaves_no_manifest_behind(ours):
    """A child hook that raises leaves no manifest in effect for any object."""
    Leaf, Root, _, _log = ours
    bad = Leaf(id=1)
    with mock.patch.object(Leaf, "obj_make_compatible", side_effect=RuntimeError("boom")):
        with pytest.raises(RuntimeError, match="boom"):
            Root(leaves=[bad]).obj_to_primitive(target_version="1.3", version_manifest=MANIFEST)
    assert not _backport.manifests.active
    with pytest.raises(AttributeError):
        _ = bad._obj_version_manifest


def test_child_raising_target_before_drops_the_field(ours, theirs):
    """TargetBeforeSubobjectExistedException from a child's hook drops the parent's field, as in OVO."""
    prim = _same(ours, theirs, lambda m: m[2](leaf_id=-1).obj_to_primitive(target_version="1.2"))
    assert "leaf" not in prim[f"{NS}.data"]


def test_default_patched_on_versioned_object_is_called(ours):
    """obj_make_compatible_from_manifest patched on VersionedObject itself is called for each child."""
    root = ours[2]
    obj = root()
    data = obj.obj_to_primitive()[f"{NS}.data"]
    with mock.patch.object(base.VersionedObject, "obj_make_compatible_from_manifest") as patched:
        obj._obj_version_manifest = MANIFEST
        try:
            obj.obj_make_compatible(data, "1.3")
        finally:
            del obj._obj_version_manifest
    # leaf and the three leaves (OwnLeaf's override reaches it through super()).
    assert [c.args[1] for c in patched.call_args_list] == ["1.0"] * 4


@pytest.mark.parametrize("where", ["class", "instance", "base"])
def test_overridden_obj_attr_is_set_is_asked(ours, theirs, where):
    """An obj_attr_is_set that hides a set child field keeps that child out of the backport."""

    def call(model):
        _, Root, root, _log = model
        obj = root()
        data = obj.obj_to_primitive()[f"{NS}.data"]
        hide = lambda self, name: name != "leaf"  # noqa: E731
        if where in ("class", "base"):
            owner = Root if where == "class" else Root.__mro__[1]
            with mock.patch.object(owner, "obj_attr_is_set", hide):
                obj.obj_make_compatible_from_manifest(data, "1.2", MANIFEST)
        else:
            with mock.patch.object(obj, "obj_attr_is_set", lambda name: hide(obj, name)):
                obj.obj_make_compatible_from_manifest(data, "1.2", MANIFEST)
        return data

    data = _same(ours, theirs, call)
    assert data["leaf"][f"{NS}.version"] == "1.2"
    assert [leaf[f"{NS}.version"] for leaf in data["leaves"]] == ["1.0"] * 3


def test_subobject_version_walk():
    """The rule walk returns the child version, _NONE past the last rule, and raises before the first."""
    rels = [("1.1", "1.0"), ("1.3", "1.1")]
    assert _backport.subobject_version("1.2", rels) == "1.0"
    assert _backport.subobject_version("1.3", rels) == "1.1"
    assert _backport.subobject_version("1.9", rels) is _backport._NONE
    with pytest.raises(exception.TargetBeforeSubobjectExistedException):
        _backport.subobject_version("1.0", rels)
