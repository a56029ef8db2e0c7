"""``vobjects.fixture`` and ``vobjects.test``: OVO's test helpers, with their known bugs fixed."""

from __future__ import annotations

import datetime
import logging
import subprocess
import sys
from unittest import mock

import pytest
import testtools
from oslo_versionedobjects import fixture as ovo_fixture

from vobjects import base, exception, fields, fixture
from vobjects import test as vtest

UTC = datetime.timezone.utc


def register(cls):
    return base.VersionedObjectRegistry.register(cls)


# -- public face ------------------------------------------------------------------


def test_public_names_cover_ovo():
    """Every name OVO's fixture module defines exists in ours, and ``__all__`` is accurate."""
    theirs = {
        name
        for name, value in vars(ovo_fixture).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == ovo_fixture.__name__
    }
    assert theirs <= set(fixture.__all__)
    for name in fixture.__all__:
        assert hasattr(fixture, name), name


def test_base_and_plugin_do_not_import_test_dependencies():
    """``vobjects.base`` and the pytest plugin load without fixtures/testtools."""
    code = (
        "import sys, vobjects.base, vobjects.pytest_plugin, vobjects._checker;"
        "print(sorted(m for m in ('fixtures', 'testtools', 'oslo_messaging') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- hashes ------------------------------------------------------------------------------


@pytest.fixture
def pair():
    @register
    class Owner(base.VersionedObject):
        VERSION = "1.1"
        fields = {"id": fields.IntegerField(), "pet": fields.ObjectField("Pet", nullable=True)}

    @register
    class Pet(base.VersionedObject):
        VERSION = "1.0"
        fields = {"name": fields.StringField()}

    return Owner, Pet


def test_test_hashes_returns_ovo_shaped_dicts(pair):
    """Changed, missing and unexpected objects appear with None for the absent side."""
    checker = fixture.ObjectVersionChecker()
    table = checker.get_hashes()
    table["Pet"] = "1.0-00000000000000000000000000000000"
    del table["Owner"]
    table["Ghost"] = "1.0-11111111111111111111111111111111"
    expected, actual = checker.test_hashes(table)
    current = checker.get_hashes()
    assert expected == {"Ghost": table["Ghost"], "Owner": None, "Pet": table["Pet"]}
    assert actual == {"Ghost": None, "Owner": current["Owner"], "Pet": current["Pet"]}
    assert list(expected) == sorted(expected)


def test_test_hashes_all_match(pair):
    """A matching table gives two empty dicts and no explanation."""
    checker = fixture.ObjectVersionChecker()
    assert checker.test_hashes(checker.get_hashes()) == ({}, {})
    assert checker.explanation == ""
    checker.assert_hashes(checker.get_hashes())


def test_mismatch_is_explained_and_logged(pair, caplog):
    """test_hashes keeps OVO's return value, stores the explanation and logs it."""
    checker = fixture.ObjectVersionChecker()
    table = checker.get_hashes()
    table["Pet"] = "1.0-00000000000000000000000000000000"
    with caplog.at_level(logging.WARNING, logger="vobjects.fixture"):
        checker.test_hashes(table)
    assert "Pet: 1.0-000" in checker.explanation
    assert checker.explanation in caplog.text
    with pytest.raises(fixture.ObjectHashMismatch) as info:
        checker.assert_hashes(table)
    assert info.value.explanation == checker.explanation
    assert str(info.value).startswith("Hashes have changed for Pet\n\n")


def test_object_hash_mismatch_keeps_ovo_constructor():
    """Built as in OVO: an Exception, names sorted in the message, dicts kept."""
    error = fixture.ObjectHashMismatch({"b": "1", "a": None, "c": "x"}, {"b": "2", "a": "y"})
    assert isinstance(error, Exception)
    assert error.expected == {"b": "1", "a": None, "c": "x"}
    assert error.actual == {"b": "2", "a": "y"}
    assert str(error).splitlines()[0] == "Hashes have changed for a,b,c"
    assert str(fixture.ObjectHashMismatch({}, {}, explanation="")) == "Hashes have changed for "


def test_get_hashes_skips_empty_entries():
    """A name with no classes (OVO's defaultdict leftovers) is skipped, not an IndexError."""
    assert fixture.ObjectVersionChecker({"Nothing": []}).get_hashes() == {}


# -- dependency trees ----------------------------------------------------------------------


def test_dependency_tree_matches_ovo_shape(pair):
    """Only objects holding objects appear, with the child's newest version."""
    assert fixture.ObjectVersionChecker().get_dependency_tree() == {"Owner": {"Pet": "1.0"}}


def test_dependency_tree_survives_cycles():
    """A cycle and a self-reference end (OVO raised RecursionError)."""

    @register
    class Egg(base.VersionedObject):
        fields = {"hen": fields.ObjectField("Hen", nullable=True)}

    @register
    class Hen(base.VersionedObject):
        VERSION = "1.2"
        fields = {"egg": fields.ObjectField("Egg", nullable=True), "me": fields.ObjectField("Hen", nullable=True)}

    tree = fixture.ObjectVersionChecker().get_dependency_tree()
    assert tree == {"Egg": {"Hen": "1.2"}, "Hen": {"Egg": "1.0", "Hen": "1.2"}}


def test_dependency_tree_lists_are_opt_in():
    """ListOfObjectsField edges are ignored by default, as in OVO, and counted on request."""

    @register
    class Leaf(base.VersionedObject):
        VERSION = "1.3"

    @register
    class LeafList(base.ObjectListBase, base.VersionedObject):
        fields = {"objects": fields.ListOfObjectsField("Leaf")}

    checker = fixture.ObjectVersionChecker()
    assert checker.get_dependency_tree() == {}
    assert checker.get_dependency_tree(include_lists=True) == {"LeafList": {"Leaf": "1.3"}}
    assert checker.test_relationships({"LeafList": {"Leaf": "1.3"}}, include_lists=True) == ({}, {})


def test_dependency_tree_names_an_unregistered_child():
    """A child that is not registered raises IndexError (as in OVO) naming parent and field."""

    @register
    class Orphan(base.VersionedObject):
        fields = {"parent": fields.ObjectField("Missing")}

    with pytest.raises(IndexError, match=r"Missing is referenced by Orphan\.parent"):
        fixture.ObjectVersionChecker().get_dependency_tree()


def test_test_relationships_ignores_key_order():
    """Entries compare as dicts: a reordered entry is not a change (OVO compared str())."""

    @register
    class A(base.VersionedObject):
        pass

    @register
    class B(base.VersionedObject):
        pass

    @register
    class Both(base.VersionedObject):
        fields = {"a": fields.ObjectField("A"), "b": fields.ObjectField("B")}

    checker = fixture.ObjectVersionChecker()
    assert checker.test_relationships({"Both": {"B": "1.0", "A": "1.0"}}) == ({}, {})
    expected, actual = checker.test_relationships({"Both": {"A": "1.0", "B": "9.8"}, "Gone": {"A": "1.0"}})
    assert expected == {"Both": {"A": "1.0", "B": "9.8"}, "Gone": {"A": "1.0"}}
    assert actual == {"Both": {"A": "1.0", "B": "1.0"}, "Gone": None}


# -- compatibility routines --------------------------------------------------------------------


def test_compatibility_routines_visit_every_minor_of_every_class(caplog):
    """Each registered version is backported to each minor of its major, with its init arguments."""
    calls, built = [], []

    class Base(base.VersionedObject):
        fields = {"x": fields.IntegerField(nullable=True)}

        def __init__(self, context=None, tag=None, **kwargs):
            super().__init__(context, **kwargs)
            self.tag = tag
            built.append((self.VERSION, tag))

        def obj_make_compatible(self, primitive, target_version):
            calls.append((self.VERSION, target_version, self.tag, getattr(self, "_obj_version_manifest", None)))

    register(type("Thing", (Base,), {"VERSION": "1.2"}))
    old = register(type("Thing", (Base,), {"VERSION": "1.0"}))
    checker = fixture.ObjectVersionChecker()
    with caplog.at_level(logging.DEBUG, logger="vobjects.fixture"):
        checker.test_compatibility_routines(init_kwargs={old: {"tag": "old"}})
    # One fresh instance per target; obj_make_compatible runs only below the class's own version.
    assert sorted(built) == [("1.0", "old"), ("1.2", None), ("1.2", None), ("1.2", None)]
    assert sorted(calls) == [("1.2", "1.0", None, None), ("1.2", "1.1", None, None)]
    assert "testing obj: Thing version: 1.1" in caplog.text
    calls.clear()
    checker.test_compatibility_routines(use_manifest=True)
    assert ("1.2", "1.0", None, {"Thing": "1.2"}) in calls


def test_compatibility_routines_pass_positional_init_args():
    """``init_args[cls]`` reaches the constructor; failures propagate."""

    @register
    class Strict(base.VersionedObject):
        VERSION = "1.1"

        def __init__(self, required, context=None):
            super().__init__(context)

        def obj_make_compatible(self, primitive, target_version):
            if target_version == "1.0":
                raise ValueError("cannot backport")

    checker = fixture.ObjectVersionChecker()
    with pytest.raises(ValueError, match="cannot backport"):
        checker.test_compatibility_routines(init_args={Strict: ["yes"]})
    with pytest.raises(TypeError):
        checker.test_compatibility_routines()


def test_relationships_in_order():
    """Parent versions must increase and child versions must not decrease."""
    good = mock.MagicMock(obj_relationships={"foo": [("1.2", "1.0"), ("1.3", "1.2"), ("1.4", "1.2")]})
    checker = fixture.ObjectVersionChecker({"X": [good]})
    checker.test_relationships_in_order()
    for rels in ([("1.4", "1.1"), ("1.3", "1.2")], [("1.2", "1.3"), ("1.3", "1.2")], [("1.2", "1.0"), ("1.2", "1.1")]):
        bad = mock.MagicMock(obj_relationships={"foo": rels})
        bad.obj_name.return_value = "Bad"
        with pytest.raises(AssertionError, match=r"Object Bad relationship .* for field foo is out of order"):
            fixture.ObjectVersionChecker({"Bad": [bad]}).test_relationships_in_order()


# -- compare_obj -------------------------------------------------------------------------------------


@pytest.fixture
def stamped():
    @register
    class Stamped(base.VersionedObject):
        fields = {
            "id": fields.IntegerField(),
            "name": fields.StringField(nullable=True),
            "when": fields.DateTimeField(nullable=True),
        }

    return Stamped


class _Test:
    """The ``test`` argument: only ``assertEqual`` is used."""

    @staticmethod
    def assertEqual(expected, observed):
        assert expected == observed


def test_compare_obj_branches(stamped):
    """Equal values pass; one-sided fields fail with OVO's messages; subs, allow_missing, comparators work."""
    obj = stamped(id=1, name="a")
    fixture.compare_obj(_Test, obj, {"id": 1, "name": "a"})
    fixture.compare_obj(_Test, obj, {"ident": 1, "name": "a"}, subs={"id": "ident"})
    fixture.compare_obj(_Test, stamped(id=1), {"id": 1}, allow_missing=["name"])
    with pytest.raises(AssertionError, match=r"name \(db_key: name\) is set on the object, but not on the db_obj"):
        fixture.compare_obj(_Test, obj, {"id": 1})
    with pytest.raises(AssertionError, match=r"when \(db_key: when\) is set on the db_obj, but not on the object"):
        fixture.compare_obj(_Test, obj, {"id": 1, "name": "a", "when": None})
    with pytest.raises(AssertionError):
        fixture.compare_obj(_Test, obj, {"id": 2, "name": "a"})
    seen = []
    fixture.compare_obj(_Test, obj, {"id": 5, "name": "a"}, comparators={"id": lambda db, ob: seen.append((db, ob))})
    assert seen == [(5, 1)]


def test_compare_obj_datetimes_default_is_ovo_and_strict_is_opt_in(stamped):
    """By default differing datetimes pass (OVO's vacuous check); strict mode compares them in UTC."""
    obj = stamped(id=1, name=None, when=datetime.datetime(2024, 1, 1, 12, tzinfo=UTC))
    fixture.compare_obj(_Test, obj, {"id": 1, "name": None, "when": datetime.datetime(1999, 1, 1)})
    with pytest.raises(AssertionError):
        fixture.compare_obj(
            _Test, obj, {"id": 1, "name": None, "when": datetime.datetime(1999, 1, 1)}, strict_datetimes=True
        )
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    same_instant = {"id": 1, "name": None, "when": datetime.datetime(2024, 1, 1, 14, tzinfo=plus_two)}
    fixture.compare_obj(_Test, obj, same_instant, strict_datetimes=True)
    fixture.compare_obj(
        _Test, obj, {"id": 1, "name": None, "when": datetime.datetime(2024, 1, 1, 12)}, strict_datetimes=True
    )


# -- indirection ------------------------------------------------------------------------------------------


@pytest.fixture
def remote():
    @register
    class Counter(base.VersionedObject):
        VERSION = "1.1"
        fields = {"count": fields.IntegerField(default=0), "label": fields.StringField(nullable=True)}
        seen_api = []

        def obj_make_compatible(self, primitive, target_version):
            if target_version == "1.0":
                primitive.pop("label", None)

        @base.remotable
        def bump(self, by=1):
            type(self).seen_api.append(base.VersionedObject.indirection_api)
            self.count += by
            return "bumped"

        @classmethod
        @base.remotable
        def make(cls, context, label):
            cls.seen_api.append(base.VersionedObject.indirection_api)
            return cls(context, count=7, label=label)

    return Counter


def test_fake_indirection_runs_calls_locally_with_indirection_off(remote):
    """object_action returns the changed fields and the result; the call ran with no API."""
    api = fixture.FakeIndirectionAPI()
    obj = remote(context="ctx", count=1)
    updates, result = api.object_action("ctx", obj, "bump", (), {"by": 2})
    assert result == "bumped"
    assert updates["count"] == 3
    assert set(updates["obj_what_changed"]) == {"count"}
    assert remote.seen_api == [None]


def test_indirection_fixture_routes_remotable_calls(remote):
    """Under IndirectionFixture the call goes through the API and updates come back."""
    with fixture.IndirectionFixture() as fx:
        assert base.VersionedObject.indirection_api is fx.indirection_api
        obj = remote(context="ctx", count=1)
        obj.obj_reset_changes()
        assert obj.bump() == "bumped"
        assert obj.count == 2
        assert obj.obj_what_changed() == {"count"}
        made = remote.make("ctx", "x")
        assert (made.count, made.label) == (7, "x")
    assert base.VersionedObject.indirection_api is None


def test_fake_indirection_backports_class_action_results(remote):
    """A class action's result comes back at the caller's version (how tests exercise backports)."""
    api = fixture.FakeIndirectionAPI()
    old = api.object_class_action_versions("ctx", "Counter", "make", {"Counter": "1.0"}, ("x",), {})
    assert old.VERSION == "1.0"
    assert not old.obj_attr_is_set("label")
    same = api.object_class_action("ctx", "Counter", "make", "1.1", ("y",), {})
    assert same.label == "y"
    with pytest.raises(Exception, match="not supported"):
        api.object_backport("ctx", old, "1.0")


def test_fake_indirection_keeps_a_projects_own_namespace():
    """Class-action results of objects with their own serial namespace come back (OVO's failed)."""

    class ProjectObject(base.VersionedObject):
        OBJ_PROJECT_NAMESPACE = "project"
        OBJ_SERIAL_NAMESPACE = "project_object"

    @register
    class Widget(ProjectObject):
        fields = {"n": fields.IntegerField()}

        @classmethod
        @base.remotable
        def make(cls, context, n):
            return cls(context, n=n)

    made = fixture.FakeIndirectionAPI().object_class_action_versions(
        "ctx", "Widget", "make", {"Widget": "1.0"}, (4,), {}
    )
    assert (type(made), made.n) == (Widget, 4)


def test_fake_indirection_serializes_arguments():
    """Arguments make the round trip through the given serializer."""
    ser = mock.MagicMock()
    api = fixture.FakeIndirectionAPI(serializer=ser)
    arg1, arg2 = mock.MagicMock(), mock.MagicMock()
    api.object_action(mock.sentinel.context, mock.sentinel.objinst, mock.sentinel.objmethod, (arg1,), {"foo": arg2})
    ser.serialize_entity.assert_any_call(mock.sentinel.context, arg1)
    ser.serialize_entity.assert_any_call(mock.sentinel.context, arg2)


# -- other fixtures --------------------------------------------------------------------------------------------


def test_registry_fixture_undoes_registrations():
    """Classes registered inside the fixture are gone afterwards; earlier ones stay."""

    @register
    class Kept(base.VersionedObject):
        pass

    class Temporary(base.VersionedObject):
        fields = {"identifier": fields.IntegerField()}

    primitive = {
        "versioned_object.name": "Temporary",
        "versioned_object.namespace": "versionedobjects",
        "versioned_object.version": "1.0",
        "versioned_object.data": {"identifier": 123},
    }
    with fixture.VersionedObjectRegistryFixture() as fx:
        fx.register(Temporary)
        assert Temporary.obj_from_primitive(primitive).identifier == 123
    with pytest.raises(exception.UnsupportedObjectError):
        Temporary.obj_from_primitive(primitive)
    assert base.VersionedObjectRegistry.obj_classes()["Kept"] == [Kept]


def test_stable_json_fixture_sorts_and_restores(stamped):
    """Changes come out sorted under the fixture, and the method is restored after it."""
    original = base.VersionedObject.obj_to_primitive
    obj = stamped(name="n", id=3)
    with fixture.StableObjectJsonFixture():
        assert base.VersionedObject.obj_to_primitive is not original
        assert obj.obj_to_primitive()["versioned_object.changes"] == ["id", "name"]
    assert base.VersionedObject.obj_to_primitive is original


# -- vobjects.test ------------------------------------------------------------------------------------------------


def test_importing_test_module_patches_nothing():
    """Unlike OVO's, importing vobjects.test leaves ``mock.Mock`` alone."""
    code = "import unittest.mock as m, vobjects.test; print('__getattr__' in m.Mock.__dict__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _run(case_class, name):
    result = testtools.TestResult()
    case = case_class(name)
    case.run(result)
    return case, result


def test_testcase_catches_misspelt_mock_asserts_only_during_tests():
    """Inside a TestCase a misspelt assert raises, even on unsafe mocks; outside, Mock is as before."""
    observed = {}

    class Case(vtest.TestCase):
        def test_typo(self):
            self.thing = "kept until cleanup"
            with pytest.raises(AttributeError, match="assert_called_once_wiht is not a valid mock assert method"):
                mock.Mock(unsafe=True).assert_called_once_wiht()
            spec_mock = mock.Mock(spec=["assert_ready"])
            spec_mock.assert_ready()
            mock.Mock().assert_not_called()
            observed["timeout"] = self.TIMEOUT_SCALING_FACTOR

    case, result = _run(Case, "test_typo")
    assert result.wasSuccessful(), result.errors + result.failures
    assert observed == {"timeout": 1}
    assert "thing" not in case.__dict__
    assert "__getattr__" not in mock.Mock.__dict__
    mock.Mock(unsafe=True).assert_called_once_wiht()  # back to the library's own rules


def test_testcase_fails_on_bad_log_format_and_restores_logging():
    """A log call with bad arguments fails the test; the root level is restored afterwards."""
    root = logging.getLogger()
    before = root.level

    class Case(vtest.TestCase):
        def test_bad(self):
            logging.getLogger("x").info("%d", "not a number")

        def test_good(self):
            logging.getLogger("x").debug("%s", "fine")
            raise vtest.TestingException("expected")

    _case, result = _run(Case, "test_bad")
    assert not result.wasSuccessful()
    _case, result = _run(Case, "test_good")
    assert "TestingException" in str(result.errors)
    assert root.level == before
