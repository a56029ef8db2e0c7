"""Readable explanations of changed hashes, tested on real schema edits.

Each test declares an object, takes its hash table entry, edits the class as
a developer would (add a field, retype one, change a signature, ...) and
checks what the checker says about it.  The checker sees only the edited
class, as in a project where the old version is gone from the code.
"""

from __future__ import annotations

import json

import pytest

from vobjects import _explain, _fingerprint, _guess, _snapshot, base, fields, fixture


def flavor(version="1.1", extra=None, drop=(), save=None, methods=None, name="Flavor"):
    """A Flavor class, optionally edited: ``extra`` fields, ``drop``ped fields, another ``save``."""
    declared = {
        "id": fields.IntegerField(),
        "name": fields.StringField(nullable=True),
        "memory_mb": fields.IntegerField(),
        "root_gb": fields.IntegerField(default=0),
        "state": fields.EnumField(["active", "deleted"], default="active"),
        "extra_specs": fields.DictOfStringsField(default={}),
    }
    declared.update(extra or {})
    for dropped in drop:
        del declared[dropped]

    def default_save(self):
        pass

    def get_by_id(cls, context, id):
        pass

    body = {
        "VERSION": version,
        "fields": declared,
        "save": base.remotable(save or default_save),
        "get_by_id": classmethod(base.remotable(get_by_id)),
    }
    body.update(methods or {})
    return type(name, (base.VersionedObject,), body)


def explain(old, new, snapshot=None, old_classes=()):
    """The explanation the checker gives when ``old``'s table entry meets ``new``."""
    table = fixture.ObjectVersionChecker({old.obj_name(): [old]}).get_hashes()
    checker = fixture.ObjectVersionChecker({new.obj_name(): [new, *old_classes]})
    expected, _actual = checker.test_hashes(table, snapshot=snapshot)
    assert expected, "the edit should change the hash"
    return checker.explanation


def test_field_added():
    """Adding a field is named with its type; the unbumped VERSION gets a minor bump."""
    text = explain(flavor(), flavor(extra={"description": fields.StringField(nullable=True)}))
    assert "  - field 'description' was added: String, nullable\n" in text
    assert "! VERSION not bumped: still 1.1; bump it to 1.2 (minor: compatible changes)" in text
    assert "(worked out by re-hashing edits of the current schema)" in text
    digest = (
        fixture.ObjectVersionChecker({"Flavor": [flavor(extra={"description": fields.StringField(nullable=True)})]})
        .get_hashes()["Flavor"]
        .split("-")[1]
    )
    assert f"    'Flavor': '1.1-{digest}',  # after bumping VERSION: '1.2-{digest}'" in text


def test_field_type_changed():
    """A retyped field breaks old readers: a major bump is advised."""
    text = explain(flavor(), flavor(extra={"memory_mb": fields.StringField()}))
    assert "field 'memory_mb' changed type: Integer -> String" in text
    assert "bump it to 2.0 (major), or keep the old field/method and bump to 1.2" in text


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (fields.IntegerField(nullable=True), "field 'memory_mb' is now nullable"),
        (fields.StringField(), "field 'name' is no longer nullable"),
    ],
)
def test_nullable_flipped(field, expected):
    """Nullability flips both ways are named."""
    name = "memory_mb" if field.nullable else "name"
    assert expected in explain(flavor(), flavor(extra={name: field}))


@pytest.mark.parametrize(
    ("name", "field", "expected"),
    [
        ("root_gb", fields.IntegerField(default=10), "field 'root_gb' default changed: 0 -> 10"),
        ("memory_mb", fields.IntegerField(default=512), "field 'memory_mb' gained a default: 512"),
        ("root_gb", fields.IntegerField(), "field 'root_gb' lost its default (was 0)"),
        ("extra_specs", fields.DictOfStringsField(default={"a": "b"}), "default changed: {} -> {'a': 'b'}"),
    ],
)
def test_default_changed(name, field, expected):
    """Defaults changed, gained and lost, including container defaults."""
    assert expected in explain(flavor(), flavor(extra={name: field}))


def test_enum_value_added():
    """A new enum value is a compatible change."""
    text = explain(
        flavor(), flavor(extra={"state": fields.EnumField(["active", "deleted", "paused"], default="active")})
    )
    assert "field 'state' gained enum values ['paused']" in text
    assert "bump it to 1.2 (minor" in text


def test_remotable_signature_changed():
    """A new optional argument shows both signatures; a bumped VERSION is acknowledged."""

    def save(self, force=False):
        pass

    text = explain(flavor(), flavor(version="1.2", save=save))
    assert "remotable method 'save' signature changed: save(self) -> save(self, force=False)" in text
    assert "! VERSION bumped 1.1 -> 1.2" in text
    assert "'Flavor': '1.2-" in text and "after bumping" not in text


def test_annotations_and_keyword_only_arguments_are_changes():
    """Adding a hint or a keyword-only argument changes the hash, and the explanation says how."""

    def hinted(self) -> None:
        pass

    def keyword(self, *, force=False):
        pass

    assert "save(self) -> save(self) -> None" in explain(flavor(), flavor(save=hinted))
    assert "save(self) -> save(self, *, force=False)" in explain(flavor(), flavor(save=keyword))


def test_remotable_added_and_argument_removed():
    """A new remotable method is listed; losing an argument (known from a snapshot) is incompatible."""

    def destroy(self, context):
        pass

    text = explain(flavor(), flavor(methods={"destroy": base.remotable(destroy)}))
    assert "remotable method 'destroy' was added: destroy(self, context)" in text

    def save_two(self, force, reason=None):
        pass

    def save_one(self, force):
        pass

    old = flavor(save=save_two)
    snapshot = {_fingerprint.fingerprint(old): _fingerprint.Inputs.from_class(old)}
    text = explain(old, flavor(save=save_one), snapshot=snapshot)
    assert "save(self, force, reason=None) -> save(self, force)" in text
    assert "bump it to 2.0 (major)" in text


def test_two_edits_at_once():
    """A field added together with a changed signature is still worked out."""

    def save(self, force=False):
        pass

    text = explain(flavor(), flavor(extra={"vcpus": fields.IntegerField(default=1)}, save=save))
    assert "field 'vcpus' was added: Integer, default 1" in text
    assert "save(self) -> save(self, force=False)" in text


def _lists(version, child_versions):
    return type(
        "FlavorList",
        (base.ObjectListBase, base.VersionedObject),
        {
            "VERSION": version,
            "fields": {"objects": fields.ListOfObjectsField("Flavor")},
            "child_versions": child_versions,
        },
    )


def test_child_version_bumped():
    """A list gaining a child_versions entry for its new version, or an entry moved."""
    old = _lists("1.1", {"1.0": "1.0", "1.1": "1.1"})
    text = explain(old, _lists("1.2", {"1.0": "1.0", "1.1": "1.1", "1.2": "1.2"}))
    assert "child_versions gained '1.2': '1.2'" in text
    assert "! VERSION bumped 1.1 -> 1.2" in text
    text = explain(old, _lists("1.1", {"1.0": "1.0", "1.1": "1.2"}))
    assert "child_versions['1.1'] changed: '1.1' -> '1.2'" in text
    assert "VERSION not bumped" in text


def test_field_removed_needs_a_snapshot(tmp_path):
    """Without a snapshot a removal cannot be guessed: the current schema is listed instead."""
    old, new = flavor(), flavor(drop=("root_gb",))
    text = explain(old, new)
    assert "the change could not be pinpointed; current schema:" in text
    assert "      field 'memory_mb': Integer" in text
    assert "      remotable save(self)" in text
    assert "vobjects hashes --snapshot" in text
    assert "VERSION not bumped: still 1.1; bump it (to 1.2 at least)" in text

    path = tmp_path / "snapshot.json"
    _snapshot.write(path, _snapshot.build({"Flavor": [old]}))
    text = explain(old, new, snapshot=str(path))
    assert "field 'root_gb' was removed (was Integer, default 0)" in text
    assert "(old schema read from the snapshot)" in text
    assert "bump it to 2.0 (major)" in text
    assert json.loads(path.read_text())["format"] == _snapshot.FORMAT


def test_snapshot_given_to_the_constructor_and_bad_snapshots(tmp_path):
    """The checker's default snapshot is used; an unreadable one is noted, not fatal."""
    old, new = flavor(), flavor(drop=("name",))
    table = fixture.ObjectVersionChecker({"Flavor": [old]}).get_hashes()
    document = _snapshot.build({"Flavor": [old]})
    checker = fixture.ObjectVersionChecker({"Flavor": [new]}, snapshot=document)
    checker.test_hashes(table)
    assert "field 'name' was removed" in checker.explanation
    missing = fixture.ObjectVersionChecker({"Flavor": [new]}, snapshot=str(tmp_path / "nope.json"))
    missing.test_hashes(table)
    assert "(snapshot not used:" in missing.explanation
    with pytest.raises(ValueError, match="not a vobjects snapshot"):
        _snapshot.load({"objects": {}})


def test_older_registered_class_is_used():
    """When the old version is still registered, its schema is compared exactly."""
    old = flavor(version="1.0")
    new = flavor(version="1.1", drop=("extra_specs",))
    text = explain(old, new, old_classes=[old])
    assert "field 'extra_specs' was removed" in text
    assert "(old schema is the registered class of VERSION 1.0)" in text


def test_version_only_change_and_new_and_removed_objects():
    """A bump with no schema change, an object new to the table, an object no longer registered."""
    old = flavor()
    table = fixture.ObjectVersionChecker({"Flavor": [old]}).get_hashes()
    table["Gone"] = "1.0-77509ea1ea0dd750d5864b9bd87d3f9d"

    class Fresh(base.VersionedObject):
        pass

    checker = fixture.ObjectVersionChecker({"Flavor": [flavor(version="1.2")], "Fresh": [Fresh]})
    checker.test_hashes(table)
    text = checker.explanation
    assert "schema unchanged; only VERSION changed 1.1 -> 1.2" in text
    assert "Fresh: new object, not in the table (1.0-77509ea1ea0dd750d5864b9bd87d3f9d)" in text
    assert "Gone: in the table (1.0-77509ea1ea0dd750d5864b9bd87d3f9d) but not registered: remove its entry" in text
    assert "Entries to remove: 'Gone'" in text


def test_mismatch_built_by_hand_explains_from_the_registry():
    """``ObjectHashMismatch(expected, actual)`` raised by a project's own code is explained too."""
    base.VersionedObjectRegistry.register(flavor(name="HandFlavor"))
    table = fixture.ObjectVersionChecker().get_hashes()
    base.VersionedObjectRegistry.register(flavor(extra={"vcpus": fields.IntegerField()}, name="HandFlavor"))
    expected, actual = fixture.ObjectVersionChecker().test_hashes(table)
    message = str(fixture.ObjectHashMismatch(expected, actual))
    assert message.startswith("Hashes have changed for HandFlavor\n\nHandFlavor: ")
    assert "field 'vcpus' was added: Integer" in message


def test_hash_that_the_class_does_not_produce():
    """If the registered class is not what produced ``actual``, say so rather than guess."""
    report = _explain.explain({"Flavor": "1.1-aaaa"}, {"Flavor": "1.1-bbbb"}, {"Flavor": [flavor()]})
    assert "does not produce this hash" in report.text()


# -- building blocks -------------------------------------------------------------------------


def test_parse_and_render_field_reprs():
    """Field reprs are taken apart and put back together exactly."""
    for field in (
        fields.StringField(),
        fields.IntegerField(nullable=True, default=3),
        fields.EnumField(["a", "b"], default="a"),
        fields.SetOfIntegersField(default={2, 1}),
        fields.DictOfStringsField(default={"k": "a,nullable=True"}),
    ):
        desc = _guess.parse_field(repr(field))
        assert desc is not None and desc.render() == repr(field)
    assert _guess.parse_field("Custom<thing>") is None
    assert _explain.describe_field(repr(fields.EnumField(["a"], nullable=True))) == "Enum ['a'], nullable"


def test_render_signature():
    """Specs read back as Python signatures."""

    def full(self, a, b: int = 2, *args, c, d=4, **kw) -> None:
        pass

    def plain(cls, context, limit=None):
        pass

    assert _fingerprint.render_signature("full", fixture.get_method_spec(full)) == (
        "full(self, a, b: int = 2, *args, c, d=4, **kw) -> None"
    )
    assert _fingerprint.render_signature("plain", fixture.get_method_spec(plain)) == "plain(cls, context, limit=None)"


def test_version_advice():
    """Minor for compatible changes, major for breaking ones, backwards noticed."""
    compatible = [_explain.Change("x")]
    breaking = [_explain.Change("x", compatible=False)]
    assert _explain.version_advice("1.9", "1.9", compatible)[1] == "1.10"
    assert _explain.version_advice("1.9", "1.9", breaking)[1] == "2.0"
    assert _explain.version_advice("1.9", "1.10", breaking)[0].startswith("VERSION bumped 1.9 -> 1.10, but")
    assert _explain.version_advice("1.9", "1.8", compatible)[0] == "VERSION went backwards: 1.9 -> 1.8"
