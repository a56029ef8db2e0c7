"""OVO quirks vobjects keeps on purpose, checked against the installed OVO.

Each test runs the same steps with both libraries and expects the same
result; see doc/source/ovo-differences.rst ("Kept on purpose").
"""

from __future__ import annotations

import json
import warnings

import pytest
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from vobjects import base, fields

NS = "versioned_object"


def define(b, fld):
    register = b.VersionedObjectRegistry.register

    @register
    class Kid(b.VersionedObject):
        VERSION = "1.2"
        fields = {"id": fld.IntegerField(), "n": fld.IntegerField(default=42)}

    @register
    class Grand(b.VersionedObject):
        VERSION = "1.1"
        fields = {"kid": fld.ObjectField("Kid")}
        obj_relationships = {"kid": [("1.0", "1.0"), ("1.1", "1.2")]}

    @register
    class Holder(b.VersionedObject):
        VERSION = "1.3"
        fields = {
            "raw": fld.Field(fld.Object("Kid"), nullable=True),
            "kid": fld.ObjectField("Kid", nullable=True),
            "grand": fld.ObjectField("Grand", nullable=True),
        }
        obj_relationships = {"kid": [("1.0", "1.0"), ("1.3", "1.2")], "grand": [("1.0", "1.0"), ("1.3", "1.1")]}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            primitive["hook_ran_for"] = target_version

    return Kid, Grand, Holder


@pytest.fixture
def both():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return define(base, fields), define(ovo_base, ovo_fields)


def stable(primitive):
    def walk(value):
        if isinstance(value, dict):
            out = {k: walk(v) for k, v in value.items()}
            if f"{NS}.changes" in out:
                out[f"{NS}.changes"] = sorted(out[f"{NS}.changes"])
            return out
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return value

    return json.dumps(walk(primitive), sort_keys=True)


def _holder(lib):
    Kid, Grand, Holder = lib
    return Holder(raw=Kid(id=1), kid=Kid(id=2), grand=Grand(kid=Kid(id=3)))


def test_raw_object_field_is_not_backported(both):
    """A raw Field(Object(...)) keeps its child's version on backport, in both libraries."""
    ours, theirs = (_holder(lib).obj_to_primitive(target_version="1.0") for lib in both)
    assert stable(ours) == stable(theirs)
    assert ours[f"{NS}.data"]["raw"][f"{NS}.version"] == "1.2"
    assert ours[f"{NS}.data"]["kid"][f"{NS}.version"] == "1.0"


def test_empty_manifest_becomes_none_one_level_down(both):
    """An empty manifest leaves children as they are; grandchildren follow relationships."""
    ours, theirs = (_holder(lib).obj_to_primitive(version_manifest={}) for lib in both)
    assert stable(ours) == stable(theirs)


def test_string_version_compare_runs_hooks(both):
    """target_version '1.3' equal but spelled '1.3.0' is refused; '1.03' style runs the hooks."""
    for lib in both:
        holder = _holder(lib)
        prim = holder.obj_to_primitive(target_version="1.03")
        assert prim[f"{NS}.data"]["hook_ran_for"] == "1.03"
        assert "hook_ran_for" not in holder.obj_to_primitive()[f"{NS}.data"]


def test_null_for_non_nullable_default_field_hydrates_to_default(both):
    """A wire null for a non-nullable field with a default gives the default in both."""
    for lib in both:
        Kid = lib[0]
        prim = Kid(id=1).obj_to_primitive()
        prim[f"{NS}.data"]["n"] = None
        assert Kid.obj_from_primitive(prim).n == 42


def test_child_changes_not_refiltered_after_backport(both):
    """A child's change list still names fields its backport removed, in both."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outs = []
        for lib in both:
            Kid, Grand, _ = lib

            class Trimmed(Kid):  # not registered: inherits Kid's properties and wire name
                @classmethod
                def obj_name(cls):
                    return "Kid"

                def obj_make_compatible(self, primitive, target_version):
                    primitive.pop("n", None)

            outs.append(Grand(kid=Trimmed(id=1, n=5)).obj_to_primitive(target_version="1.0"))
    ours, theirs = outs
    assert stable(ours) == stable(theirs)
    assert "n" in ours[f"{NS}.data"]["kid"][f"{NS}.changes"]


def test_changes_list_is_sorted():
    """vobjects emits the changes list sorted (OVO: set order); the set is the same."""

    @base.VersionedObjectRegistry.register
    class Many(base.VersionedObject):
        fields = {name: fields.IntegerField() for name in ("zeta", "alpha", "mid", "beta")}

    prim = Many(zeta=1, alpha=2, mid=3, beta=4).obj_to_primitive()
    assert prim[f"{NS}.changes"] == ["alpha", "beta", "mid", "zeta"]


def test_unregistered_subclass_inherits_lazy_loading(both):
    """An unregistered subclass of a registered class lazy-loads through inherited properties."""
    for lib in both:
        Kid = lib[0]

        class Lazy(Kid):
            loaded: list = []

            def obj_load_attr(self, name):
                self.loaded.append(name)
                self.id = 7

        assert Lazy().id == 7
        assert Lazy.loaded == ["id"]
