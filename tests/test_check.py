"""`vobjects check`: each kind of change gets the right rule, class and bump; backports are proven."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from vobjects import _check, _lockfile, base, fields

REPO = Path(__file__).resolve().parents[1]
SCRIPT = shutil.which("vobjects")
needs_script = pytest.mark.skipif(SCRIPT is None, reason="console script not installed: pip install -e .")


def save(self):
    pass


def base_fields():
    return {
        "id": fields.IntegerField(),
        "tags": fields.ListOfStringsField(default=[]),
        "mode": fields.EnumField(["on", "off"]),
        "owner": fields.ObjectField("Owner", nullable=True),
        "when": fields.DateTimeField(nullable=True),
    }


def make(version="1.0", fields_=None, name="Thing", **attrs):
    """An unregistered class like the locked one, with the given changes."""
    body = {
        "VERSION": version,
        "fields": fields_ if fields_ is not None else base_fields(),
        "save": base.remotable(save),
    }
    body.update(attrs)
    return type(name, (base.VersionedObject,), body)


def lock(*classes):
    table = {}
    for cls in classes:
        table.setdefault(cls.obj_name(), []).append(cls)
    document, _ = _lockfile.update(_lockfile.empty(), table)
    return document


def check(document, cls, window=None):
    reports = {r.name: r for r in _check.run_check({cls.obj_name(): [cls]}, document, window)}
    return reports[cls.obj_name()]


def rules(report):
    return sorted({finding.rule for finding in report.findings})


def with_changes(**changes):
    result = base_fields()
    for name, field in changes.items():
        if field is None:
            del result[name]
        else:
            result[name] = field
    return result


def test_unchanged_tree_passes():
    """The classes the lockfile was made from check clean: no findings, no problems."""
    report = check(lock(make()), make())
    assert report.findings == []
    assert report.problems == []


# (description, new class, expected rule, expected class of the change, required bump)
SAME_VERSION_MATRIX = [
    ("element type", with_changes(tags=fields.ListOfIntegersField(default=[])), "VO103", "breaking", "major"),
    ("object target", with_changes(owner=fields.ObjectField("Boss", nullable=True)), "VO103", "breaking", "major"),
    (
        "tz-awareness",
        with_changes(when=fields.DateTimeField(nullable=True, tzinfo_aware=False)),
        "VO103",
        "breaking",
        "major",
    ),
    ("read only", with_changes(id=fields.IntegerField(read_only=True)), "VO109", "wire-safe", "minor"),
    ("nullable on", with_changes(id=fields.IntegerField(nullable=True)), "VO104", "needs-backport", "minor"),
    ("nullable off", with_changes(when=fields.DateTimeField()), "VO104", "breaking", "major"),
    ("default", with_changes(tags=fields.ListOfStringsField(default=["x"])), "VO105", "wire-safe", "minor"),
    ("enum added", with_changes(mode=fields.EnumField(["on", "off", "dim"])), "VO108", "needs-backport", "minor"),
    ("enum removed", with_changes(mode=fields.EnumField(["on"])), "VO108", "breaking", "major"),
    ("field added", with_changes(extra=fields.StringField(nullable=True)), "VO101", "needs-backport", "minor"),
    ("field removed", with_changes(when=None), "VO102", "breaking", "major"),
]


@pytest.mark.parametrize(
    ("new_fields", "rule", "kind", "bump"),
    [row[1:] for row in SAME_VERSION_MATRIX],
    ids=[r[0] for r in SAME_VERSION_MATRIX],
)
def test_change_without_bump_is_caught(new_fields, rule, kind, bump):
    """A schema change at the locked version gives its rule and class plus VO110 with the needed bump."""
    report = check(lock(make()), make(fields_=new_fields))
    change = [f for f in report.findings if f.rule == rule]
    assert [(f.kind, f.bump) for f in change] == [(kind, bump)]
    not_bumped = [f for f in report.findings if f.rule == "VO110"]
    assert [(f.kind, f.bump, f.problem) for f in not_bumped] == [("not-bumped", bump, True)]
    assert report.required_bump == bump


def test_remotable_changes():
    """Remotable methods: added and optional parameters are wire-safe minor, removal is breaking major."""

    def save_more(self, force=False):
        pass

    def save_required(self, force):
        pass

    def get(cls, context):
        pass

    locked = lock(make())
    added = check(locked, make(get=classmethod(base.remotable(get))))
    assert [(f.rule, f.kind, f.bump) for f in added.findings[:1]] == [("VO106", "wire-safe", "minor")]
    optional = check(locked, make(save=base.remotable(save_more)))
    assert [(f.rule, f.kind) for f in optional.findings[:1]] == [("VO106", "wire-safe")]
    required = check(locked, make(save=base.remotable(save_required)))
    assert [(f.rule, f.kind, f.bump) for f in required.findings[:1]] == [("VO106", "breaking", "major")]
    removed = check(locked, make(save=lambda self: None))
    assert [(f.rule, f.kind, f.bump) for f in removed.findings[:1]] == [("VO106", "breaking", "major")]


def test_annotation_only_change_is_not_reported():
    """Annotating a remotable method (an OVO hash change) is no change for the check."""

    def annotated(self) -> None:
        pass

    assert check(lock(make()), make(save=base.remotable(annotated))).findings == []


def test_child_versions_changes():
    """A list's child_versions: a new entry is wire-safe, a changed released entry is breaking."""

    def make_list(child_versions, version="1.0"):
        return type(
            "ThingList",
            (base.ObjectListBase, base.VersionedObject),
            {
                "VERSION": version,
                "fields": {"objects": fields.ListOfObjectsField("Thing")},
                "child_versions": child_versions,
            },
        )

    locked = lock(make_list({"1.0": "1.0"}))
    grown = check(locked, make_list({"1.0": "1.0", "1.1": "1.1"}, "1.1"))
    assert [(f.rule, f.kind) for f in grown.findings if f.rule == "VO107"] == [("VO107", "wire-safe")]
    changed = check(locked, make_list({"1.0": "1.1"}))
    assert [(f.rule, f.kind) for f in changed.findings if f.rule == "VO107"] == [("VO107", "breaking")]


@pytest.mark.parametrize("register", [False, True])
def test_list_backport_is_probed(register):
    """A list object's own backport (child_versions) runs on the probe and passes."""

    def make_list(version, child_versions):
        return type(
            "ThingList",
            (base.ObjectListBase, base.VersionedObject),
            {
                "VERSION": version,
                "fields": {"objects": fields.ListOfObjectsField("Thing")},
                "child_versions": child_versions,
            },
        )

    old = make_list("1.0", {"1.0": "1.0"})
    new = make_list("1.1", {"1.0": "1.0", "1.1": "1.1"})
    if register:
        base.VersionedObjectRegistry.register(new)
    report = check(lock(old, new), new)
    assert report.backports == {"1.0": "ok"} and report.problems == []


def test_relationship_rewrite_is_breaking():
    """Changing an obj_relationships rule of a released version is VO107 breaking."""
    locked = lock(make(obj_relationships={"owner": [("1.0", "1.0")]}))
    report = check(locked, make(obj_relationships={"owner": [("1.0", "1.1")]}))
    assert [(f.rule, f.kind) for f in report.findings if f.rule == "VO107"] == [("VO107", "breaking")]


def test_field_added_with_bump_and_lifecycle():
    """A field added in 1.1 with a declared lifecycle: VO101 needs-backport, minor, backport to 1.0 proven."""
    new = make("1.1", with_changes(extra=fields.StringField(nullable=True)), obj_field_history={"extra": "1.1"})
    report = check(lock(make()), new)
    assert rules(report) == ["VO101", "VO112"]
    assert (report.required_bump, report.actual_bump) == ("minor", "minor")
    assert report.backports == {"1.0": "ok"}
    assert [f.rule for f in report.problems] == ["VO112"]  # only "run vobjects lock" is left
    relocked = check(lock(make(), new), new)
    assert relocked.problems == [] and relocked.backports == {"1.0": "ok"}


def test_field_added_without_backport():
    """A field added in 1.1 that the backport keeps at 1.0 is VO113 backport-missing."""
    new = make("1.1", with_changes(extra=fields.StringField(nullable=True)))
    report = check(lock(make(), new), new)
    missing = [f for f in report.problems if f.rule == "VO113"]
    assert len(missing) == 1 and "keeps ['extra']" in missing[0].detail
    assert report.backports["1.0"].startswith("keeps")


def test_hand_written_backport_is_accepted():
    """A hand-written obj_make_compatible that drops the new field satisfies the check."""

    def obj_make_compatible(self, primitive, target_version):
        base.VersionedObject.obj_make_compatible(self, primitive, target_version)
        if target_version == "1.0":
            primitive.pop("extra", None)

    new = make("1.1", with_changes(extra=fields.StringField()), obj_make_compatible=obj_make_compatible)
    assert check(lock(make(), new), new).problems == []


def test_wrong_history_is_caught_against_the_record():
    """A lifecycle claiming a field is newer than it is drops it too early: VO113 names it."""
    new = make("1.1", with_changes(extra=fields.StringField(nullable=True)), obj_field_history={"id": "1.1"})
    report = check(lock(make(), new), new)
    assert any("drops ['id']" in f.detail for f in report.problems)


def test_enum_value_backports():
    """A new enum value needs a fallback or a refusal; leaving it in the backport is VO113."""
    fields_ = with_changes(mode=fields.EnumField(["on", "off", "dim"]))
    fallback = make("1.1", fields_, obj_enum_history={"mode": {"dim": ("1.1", "on")}})
    refuse = make("1.1", fields_, obj_enum_history={"mode": {"dim": "1.1"}})
    nothing = make("1.1", fields_)
    for cls, ok in ((fallback, True), (refuse, True), (nothing, False)):
        report = check(lock(make(), cls), cls)
        assert (report.problems == []) is ok, cls
    assert "leaves mode='dim'" in check(lock(make(), nothing), nothing).backports["1.0"]


def test_breaking_change_needs_major_bump():
    """Removing a field with a minor bump is VO111; with a major bump it passes (older majors are not backported)."""
    minor = make("1.1", with_changes(when=None))
    report = check(lock(make()), minor)
    assert "VO111" in rules(report) and report.required_bump == "major"
    major = make("2.0", with_changes(when=None))
    report = check(lock(make(), major), major)
    assert report.problems == [] and report.actual_bump == "major" and report.backports == {}


def test_locking_does_not_hide_a_too_small_bump():
    """A breaking change with a minor bump still fails (VO111) after `vobjects lock` recorded it."""
    minor = make("1.1", with_changes(when=None))
    report = check(lock(make(), minor), minor)
    too_small = [f for f in report.problems if f.rule == "VO111"]
    assert len(too_small) == 1 and "VO102 field-removed (when)" in too_small[0].detail
    assert report.backports["1.0"] == "drops ['when']"  # 1.0 peers require a field 1.1 cannot send
    assert report.compared_to == "1.1" and report.required_bump == "major"


def test_bump_is_measured_from_newest_older_record():
    """A new version compares with the newest recorded older version and says which."""
    report = check(lock(make()), make("1.1"))
    assert report.compared_to == "1.0" and report.actual_bump == "minor"


def test_version_older_than_locked():
    """Going back below a locked version is VO115."""
    report = check(lock(make("1.3")), make("1.2"))
    assert "VO115" in [f.rule for f in report.problems]


def test_new_and_missing_objects():
    """An object not in the lockfile is VO100 + VO112; one locked but gone is VO114."""
    document = lock(make(name="Gone"))
    reports = {r.name: r for r in _check.run_check({"Thing": [make()]}, document)}
    assert rules(reports["Thing"]) == ["VO100", "VO112"]
    assert [f.rule for f in reports["Gone"].problems] == ["VO114"]


def test_approval_accepts_a_break():
    """obj_schema_approvals for the current version marks the problems approved, with the reason."""
    new_fields = with_changes(tags=fields.ListOfIntegersField(default=[]))
    approved = make(fields_=new_fields, obj_schema_approvals={"1.0": "no peer ever sent tags (bug 123)"})
    report = check(lock(make()), approved)
    assert report.problems == []
    assert report.approval == "no peer ever sent tags (bug 123)"
    assert [f.approved for f in report.findings if f.rule == "VO110"] == [True]
    other_version = make(fields_=new_fields, obj_schema_approvals={"0.9": "old"})
    assert check(lock(make()), other_version).problems


def test_window_limits_backport_checks():
    """--window N checks backports to the N newest older versions only."""
    versions = [make(f"1.{n}") for n in range(4)]
    document = lock(*versions)
    assert list(check(document, versions[-1]).backports) == ["1.0", "1.1", "1.2"]
    assert list(check(document, versions[-1], window=1).backports) == ["1.2"]
    assert check(document, versions[-1], window=0).backports == {}


def test_rule_ids_are_documented():
    """Every rule id appears in doc/source/schema.rst with its name."""
    text = (REPO / "doc" / "source" / "schema.rst").read_text(encoding="utf-8")
    for rule, name in _check.RULES.items():
        assert rule in text and name in text, rule


# -- end to end through the console script ---------------------------------------------

MODEL = """
from vobjects import base, fields

@base.VersionedObjectRegistry.register
class Thing(base.VersionedObject):
    VERSION = "{version}"
    fields = {{"a": fields.IntegerField(), {extra}}}
"""


def run(cwd, *args):
    return subprocess.run([SCRIPT, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@needs_script
def test_cli_example_lockfile_passes():
    """`vobjects check` on the example package and its committed lockfile exits 0."""
    result = run(REPO, "check", "examples.nova_like", "--lockfile", "examples/nova_like/vobjects.lock.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 objects checked, 0 with problems" in result.stdout


@needs_script
def test_cli_json_output_and_exit_codes(tmp_path):
    """A change without a bump exits 1 with JSON naming the rule; usage problems exit 2."""
    module = tmp_path / "checkmodel.py"
    module.write_text(textwrap.dedent(MODEL.format(version="1.0", extra="")))
    assert run(tmp_path, "lock", "checkmodel").returncode == 0
    assert run(tmp_path, "check", "checkmodel").returncode == 0
    module.write_text(textwrap.dedent(MODEL.format(version="1.0", extra='"b": fields.StringField()')))
    result = run(tmp_path, "check", "checkmodel", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    found = {(f["rule"], f["name"]) for f in report["objects"][0]["findings"]}
    assert {("VO101", "field-added"), ("VO110", "version-not-bumped")} <= found
    text = run(tmp_path, "check", "checkmodel")
    assert "VO110 version-not-bumped [not-bumped]" in text.stdout
    assert run(tmp_path, "check", "checkmodel", "--lockfile", "missing.json").returncode == 2
    assert run(tmp_path, "check", "no_such_module_here").returncode == 2
    assert run(tmp_path, "check", "checkmodel", "--window", "-1").returncode == 2


def test_diagrams_show_changes_and_parents():
    """dot and mermaid pictures name the changed object, each rule, and the parent holding it."""
    from vobjects import _diagram

    owner_v1 = make(fields_={"n": fields.IntegerField()}, name="Owner")
    owner_v2 = make("1.1", fields_={"n": fields.IntegerField(), "m": fields.IntegerField()}, name="Owner")
    document = lock(owner_v1, make())
    table = {"Owner": [owner_v2], "Thing": [make()]}
    reports = _check.run_check(table, document)
    dot = _diagram.render(reports, table, "dot")
    assert '"Owner" [label="Owner 1.1 (locked 1.0)"' in dot
    assert "VO101 field-added\\nm: field added: Integer" in dot
    assert '"Thing" -> "Owner" [label="owner", style=dashed];' in dot
    assert '"Thing" [label' not in dot  # unchanged objects get no box of their own
    mermaid = _diagram.render(reports, table, "mermaid")
    assert mermaid.startswith("flowchart LR")
    assert 'o0["Owner 1.1 (locked 1.0)"]:::not_bumped' in mermaid
    assert "p1 -.->|owner| o0" in mermaid


@needs_script
def test_cli_diagram_of_clean_tree():
    """`vobjects check --format mermaid` on the unchanged example draws no objects and exits 0."""
    result = run(
        REPO,
        "check",
        "examples.nova_like",
        "--lockfile",
        "examples/nova_like/vobjects.lock.json",
        "--format",
        "mermaid",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "flowchart LR"
    assert "-->" not in result.stdout


@needs_script
@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_cli_against_a_git_ref(tmp_path):
    """--git-ref REF compares with the lockfile as committed at REF, showing the branch's changes."""
    module = tmp_path / "gitmodel.py"
    module.write_text(textwrap.dedent(MODEL.format(version="1.0", extra="")))
    assert run(tmp_path, "lock", "gitmodel").returncode == 0
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "vobjects.lock.json"], ["commit", "-q", "-m", "lock"]):
        subprocess.run([*git, *command], cwd=tmp_path, check=True, capture_output=True)
    module.write_text(textwrap.dedent(MODEL.format(version="1.1", extra='"b": fields.IntegerField()')))
    assert run(tmp_path, "lock", "gitmodel").returncode == 0
    here = json.loads(run(tmp_path, "check", "gitmodel", "--format", "json").stdout)
    there = run(tmp_path, "check", "gitmodel", "--format", "json", "--git-ref", "HEAD")
    assert there.returncode == 1
    rules_here = {f["rule"] for f in here["objects"][0]["findings"]}
    rules_there = {f["rule"] for f in json.loads(there.stdout)["objects"][0]["findings"]}
    assert rules_here == {"VO113"}
    assert rules_there == {"VO101", "VO112", "VO113"}
    assert run(tmp_path, "check", "gitmodel", "--git-ref", "no-such-ref").returncode == 2
