"""Versions and backports: relationships, manifests, child_versions, X.Y.Z."""

from __future__ import annotations

import pytest

from vobjects import base, exception, fields

register = base.VersionedObjectRegistry.register
NS = "versioned_object"


@pytest.fixture
def classes():
    @register
    class Kid(base.VersionedObject):
        VERSION = "1.5"
        fields = {"id": fields.IntegerField(), "nick": fields.StringField(nullable=True)}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            if target_version < "1.5":
                primitive.pop("nick", None)

    @register
    class KidList(base.ObjectListBase, base.VersionedObject):
        VERSION = "1.2"
        fields = {"objects": fields.ListOfObjectsField("Kid")}
        child_versions = {"1.0": "1.0", "1.1": "1.3", "1.2": "1.5"}

    @register
    class Parent(base.VersionedObject):
        VERSION = "1.3"
        fields = {
            "id": fields.IntegerField(),
            "kid": fields.ObjectField("Kid", nullable=True),
            "kids": fields.ListOfObjectsField("Kid"),
            "family": fields.ObjectField("KidList", nullable=True),
        }
        obj_relationships = {
            "kid": [("1.0", "1.0"), ("1.2", "1.3"), ("1.3", "1.5")],
            "kids": [("1.1", "1.0"), ("1.3", "1.5")],
            "family": [("1.3", "1.2")],
        }

    return Kid, KidList, Parent


def _data(prim):
    return prim[f"{NS}.data"]


def _version(prim):
    return prim[f"{NS}.version"]


def _parent(classes):
    Kid, KidList, Parent = classes
    return Parent(
        id=1,
        kid=Kid(id=2, nick="k"),
        kids=[Kid(id=3, nick="a")],
        family=KidList(objects=[Kid(id=4, nick="b")]),
    )


def test_target_version_below_child_field_drops_it(classes):
    """Backporting to before a child field existed removes that field and its change entry."""
    prim = _parent(classes).obj_to_primitive(target_version="1.0")
    assert _version(prim) == "1.0"
    assert "kids" not in _data(prim) and "family" not in _data(prim)
    assert "kids" not in prim[f"{NS}.changes"]
    assert _version(_data(prim)["kid"]) == "1.0" and "nick" not in _data(_data(prim)["kid"])


def test_relationship_between_rules_uses_previous_child(classes):
    """A target between two rules backports the child to the earlier rule's version."""
    prim = _parent(classes).obj_to_primitive(target_version="1.1")
    assert _version(_data(prim)["kid"]) == "1.0"
    assert [_version(k) for k in _data(prim)["kids"]] == ["1.0"]
    prim = _parent(classes).obj_to_primitive(target_version="1.2")
    assert _version(_data(prim)["kid"]) == "1.3"


def test_get_subobject_version_rules():
    """The rule walk raises before the first rule and matches OVO's verified cases."""
    rels = [("1.1", "1.0"), ("1.3", "1.1")]
    seen = []
    with pytest.raises(exception.TargetBeforeSubobjectExistedException):
        base._get_subobject_version("1.0", rels, seen.append)
    base._get_subobject_version("1.2", rels, seen.append)
    base._get_subobject_version("1.3", rels, seen.append)
    base._get_subobject_version("1.9", rels, seen.append)
    assert seen == ["1.0", "1.1"]


def test_child_versions_between_entries_is_not_a_crash(classes):
    """child_versions between two list versions works (OVO raised TypeError on dict_items)."""
    Kid, KidList, _ = classes
    KidList.child_versions = {"1.0": "1.0", "1.2": "1.5"}
    prim = KidList(objects=[Kid(id=1)]).obj_to_primitive(target_version="1.1")
    assert [_version(k) for k in _data(prim)["objects"]] == ["1.0"]


def test_list_child_versions_backport(classes):
    """A list object relabels its children per child_versions."""
    Kid, KidList, _ = classes
    lst = KidList(objects=[Kid(id=1, nick="x"), Kid(id=2)])
    prim = lst.obj_to_primitive(target_version="1.1")
    assert [_version(k) for k in _data(prim)["objects"]] == ["1.3", "1.3"]
    assert all("nick" not in _data(k) for k in _data(prim)["objects"])


def test_list_without_rules_relabels_children_1_0(classes):
    """With no child_versions, relationships or manifest, children are labelled 1.0 (OVO)."""
    Kid, KidList, _ = classes
    KidList.child_versions = {}
    prim = KidList(objects=[Kid(id=1)]).obj_to_primitive(target_version="1.0")
    assert _version(_data(prim)["objects"][0]) == "1.0"


def test_manifest_rewrites_children_at_every_depth(classes):
    """A manifest sets the version of each named child, and leaves unnamed ones alone."""
    prim = _parent(classes).obj_to_primitive(version_manifest={"Kid": "1.3", "KidList": "1.2"})
    assert _version(_data(prim)["kid"]) == "1.3"
    assert "nick" not in _data(_data(prim)["kid"])
    family = _data(prim)["family"]
    assert _version(family) == "1.2" and _version(_data(family)["objects"][0]) == "1.5"
    prim = _parent(classes).obj_to_primitive(version_manifest={"KidList": "1.0"})
    assert _version(_data(prim)["kid"]) == "1.5"


def test_missing_relationship_raises(classes):
    """Without a manifest, a set object field with no rule raises ObjectActionError."""
    Kid, _, Parent = classes
    Parent.obj_relationships = {}
    with pytest.raises(exception.ObjectActionError, match="No rule for kid"):
        Parent(id=1, kid=Kid(id=1)).obj_to_primitive(target_version="1.0")


def test_invalid_target_version(classes):
    """A target newer than the object raises InvalidTargetVersion; an older major is accepted."""
    Kid = classes[0]
    with pytest.raises(exception.InvalidTargetVersion):
        Kid(id=1).obj_to_primitive(target_version="1.6")
    with pytest.raises(exception.InvalidTargetVersion):
        Kid(id=1).obj_to_primitive(target_version="1.5.0")
    assert _version(Kid(id=1).obj_to_primitive(target_version="0.5")) == "0.5"
    with pytest.raises(ValueError):
        Kid(id=1).obj_to_primitive(target_version="one")


def test_hydrated_object_keeps_wire_version(classes):
    """An object read at an older version keeps it and re-serialises at it."""
    Kid = classes[0]
    prim = Kid(id=1).obj_to_primitive(target_version="1.2")
    kid = Kid.obj_from_primitive(prim)
    assert kid.VERSION == "1.2" and Kid.VERSION == "1.5"
    assert _version(kid.obj_to_primitive()) == "1.2"


def test_xyz_version_lookup(classes):
    """X.Y.Z resolves only to a class at least that new; the instance keeps the exact string."""
    Kid = classes[0]
    prim = Kid(id=1).obj_to_primitive()
    prim[f"{NS}.version"] = "1.4.2"
    assert Kid.obj_from_primitive(prim).VERSION == "1.4.2"
    prim[f"{NS}.version"] = "1.5.1"
    with pytest.raises(exception.IncompatibleObjectVersion):
        Kid.obj_from_primitive(prim)


def test_obj_tree_get_versions(classes):
    """The manifest of an object lists it and every reachable child at the newest version."""
    assert base.obj_tree_get_versions("Parent") == {"Parent": "1.3", "Kid": "1.5", "KidList": "1.2"}
    with pytest.raises(IndexError):
        base.obj_tree_get_versions("Nobody")

    @register
    class Orphaned(base.VersionedObject):
        fields = {"x": fields.ObjectField("Missing")}

    with pytest.raises(exception.UnregisteredSubobject, match="Missing is referenced by Orphaned"):
        base.obj_tree_get_versions("Orphaned")


def test_manifest_is_per_thread(classes):
    """The manifest in effect during a backport is not visible from another thread."""
    import threading

    Kid = classes[0]
    kid = Kid(id=1)
    seen = {}

    def look():
        seen["other"] = getattr(kid, "_obj_version_manifest", "absent")

    def make_compatible(primitive, target_version):
        seen["own"] = kid._obj_version_manifest
        thread = threading.Thread(target=look)
        thread.start()
        thread.join()

    kid.obj_make_compatible = make_compatible
    kid.obj_to_primitive(version_manifest={"Kid": "1.5"})
    assert seen == {"own": {"Kid": "1.5"}, "other": "absent"}
    assert not hasattr(kid, "_obj_version_manifest")
