"""The pytest plugin: a two-line hash check with a readable failure, and its fixtures.

Inner runs use ``runpytest_subprocess`` so each starts from an empty object
registry, as a project's test run does.
"""

from __future__ import annotations

import json
import os
import textwrap

import pytest

from vobjects import _fingerprint, _snapshot, base, fields

pytest_plugins = ["pytester"]

MODEL = """
from vobjects import base, fields


@base.VersionedObjectRegistry.register
class Pet(base.VersionedObject):
    VERSION = "1.0"
    fields = {{"name": fields.StringField(){extra}}}

    @base.remotable
    def rename(self, name):
        self.name = name
"""


def pet(extra=""):
    """The Pet class of the inner model, built here (unregistered) to compute its hash."""
    namespace = {}
    exec(MODEL.format(extra=extra).replace("@base.VersionedObjectRegistry.register\n", ""), namespace)
    return namespace["Pet"]


def write_model(pytester, extra=""):
    pytester.makepyfile(model=MODEL.format(extra=extra))


def hash_test(table):
    return f"""
import model

object_data = {table!r}


def test_object_hashes(vobjects_checker):
    vobjects_checker.assert_hashes(object_data)
"""


#: Inner runs skip plugins they do not need (hypothesis alone takes seconds to import).
LEAN = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:benchmark")


def run(pytester, *args):
    return pytester.runpytest_subprocess("-p", "vobjects.pytest_plugin", *LEAN, *args)


def test_two_line_check_passes(pytester):
    """A matching table passes."""
    write_model(pytester)
    pytester.makepyfile(test_hashes=hash_test({"Pet": _fingerprint.fingerprint(pet())}))
    run(pytester).assert_outcomes(passed=1)


def test_mismatch_fails_with_the_explanation(pytester):
    """An added field fails the test, naming the field, the bump and the new entry."""
    old = _fingerprint.fingerprint(pet())
    write_model(pytester, extra=', "age": fields.IntegerField(nullable=True)')
    pytester.makepyfile(test_hashes=hash_test({"Pet": old}))
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*ObjectHashMismatch: Hashes have changed for Pet*",
            "*field 'age' was added: Integer, nullable*",
            "*VERSION not bumped: still 1.0; bump it to 1.1*",
            "*'Pet': '1.0-*',  # after bumping VERSION: '1.1-*'*",
        ]
    )


def _snapshot_case(pytester):
    """Old table and snapshot for Pet; the model then loses its remotable method."""
    old = pet()
    _snapshot.write(pytester.path / "snap.json", _snapshot.build({"Pet": [old]}))
    pytester.makepyfile(model=MODEL.format(extra="").split("    @base.remotable")[0])
    pytester.makepyfile(test_hashes=hash_test({"Pet": _fingerprint.fingerprint(old)}))


def test_snapshot_from_ini_explains_a_removal(pytester):
    """``vobjects_snapshot`` in the ini file (relative to it) turns a removal into a precise line."""
    _snapshot_case(pytester)
    pytester.makeini("[pytest]\nvobjects_snapshot = snap.json\n")
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*remotable method 'rename' was removed (was rename(self, name))*"])
    result.stdout.fnmatch_lines(["*(old schema read from the snapshot)*"])


def test_snapshot_from_command_line(pytester):
    """``--vobjects-snapshot PATH`` does the same from the command line."""
    _snapshot_case(pytester)
    result = run(pytester, "--vobjects-snapshot", str(pytester.path / "snap.json"))
    result.stdout.fnmatch_lines(["*remotable method 'rename' was removed*"])
    without = run(pytester)
    without.stdout.fnmatch_lines(["*the change could not be pinpointed*"])


def test_plugin_declared_in_module_and_listed_in_help(pytester):
    """``pytest_plugins = [...]`` loads the plugin; its option shows in ``--help``."""
    write_model(pytester)
    body = hash_test({"Pet": _fingerprint.fingerprint(pet())})
    pytester.makepyfile(test_hashes='pytest_plugins = ["vobjects.pytest_plugin"]\n' + body)
    pytester.runpytest_subprocess(*LEAN).assert_outcomes(passed=1)
    help_text = run(pytester, "--help")
    help_text.stdout.fnmatch_lines(["*--vobjects-snapshot=PATH*"])


def test_registry_and_indirection_fixtures(pytester):
    """``vobjects_registry`` undoes registrations; ``vobjects_indirection`` routes remotable calls."""
    pytester.makepyfile(
        test_fixtures=textwrap.dedent(
            """
            from vobjects import base, fields


            def test_register_temporarily(vobjects_registry):
                @vobjects_registry.register
                class Temp(base.VersionedObject):
                    fields = {"n": fields.IntegerField()}

                assert base.VersionedObjectRegistry.obj_classes()["Temp"] == [Temp]


            def test_gone_afterwards():
                assert "Temp" not in base.VersionedObjectRegistry.obj_classes()


            def test_remote_call(vobjects_registry, vobjects_indirection):
                @vobjects_registry.register
                class Box(base.VersionedObject):
                    fields = {"n": fields.IntegerField(default=0)}

                    @base.remotable
                    def grow(self):
                        assert base.VersionedObject.indirection_api is None
                        self.n += 1

                assert base.VersionedObject.indirection_api is vobjects_indirection
                box = Box(context="ctx", n=1)
                box.grow()
                assert box.n == 2
            """
        )
    )
    run(pytester, "-W", "ignore::DeprecationWarning").assert_outcomes(passed=3)


def test_vobjects_testcase_runs_under_pytest(pytester):
    """``vobjects.test.TestCase`` keeps the attribute pytest sets (OVO's deleted it and errored)."""
    pytester.makepyfile(
        test_case=textwrap.dedent(
            """
            from vobjects import test


            class TestThing(test.TestCase):
                def test_one(self):
                    self.value = 1
                    self.assertEqual(1, self.value)
            """
        )
    )
    run(pytester).assert_outcomes(passed=1)


@pytest.mark.parametrize(("name", "passes"), [("vobjects.pytest_plugin", True), ("vobjects", False)])
def test_entry_point_name_must_match_the_module(pytester, tmp_path, monkeypatch, name, passes):
    """Installed as ``pytest11: vobjects.pytest_plugin``, the plugin coexists with explicit loading.

    That is the setup.cfg entry we recommend: under another name, a suite
    that also says ``pytest_plugins = ["vobjects.pytest_plugin"]`` fails with
    "Plugin already registered under a different name".
    """
    dist = tmp_path / "site" / "vobjects_plugin_probe-0.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: vobjects-plugin-probe\nVersion: 0.0\n")
    (dist / "entry_points.txt").write_text(f"[pytest11]\n{name} = vobjects.pytest_plugin\n")
    write_model(pytester)
    body = hash_test({"Pet": _fingerprint.fingerprint(pet())})
    pytester.makepyfile(test_hashes='pytest_plugins = ["vobjects.pytest_plugin"]\n' + body)
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path / "site"), os.environ.get("PYTHONPATH")]))
    )
    result = pytester.runpytest_subprocess(*LEAN)
    if passes:
        result.assert_outcomes(passed=1)
    else:
        assert "Plugin already registered under a different name" in result.stdout.str() + result.stderr.str()


def test_snapshot_document_shape():
    """A snapshot maps each hash to its inputs, readable as JSON."""

    class Solo(base.VersionedObject):
        fields = {"x": fields.IntegerField()}

    document = json.loads(_snapshot.dumps(_snapshot.build({"Solo": [Solo]})))
    assert document["format"] == _snapshot.FORMAT
    ((key, record),) = document["objects"].items()
    assert key == _fingerprint.fingerprint(Solo)
    assert record["fields"] == [["x", repr(fields.IntegerField())]]
    assert _snapshot.load(document)[key].fingerprint() == key


@pytest.mark.parametrize("bad", [[], {"format": "x"}, {"format": _snapshot.FORMAT, "version": 9, "objects": {}}])
def test_bad_snapshot_documents(bad):
    """Anything but a snapshot document is refused with a reason."""
    with pytest.raises(ValueError, match="snapshot"):
        _snapshot.load(bad) if isinstance(bad, dict) else _snapshot._parse(bad, "<x>")
