"""The lockfile: stable text, new versions added, released versions never silently rewritten."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from vobjects import _lockfile, _schema, base, fields

SCRIPT = shutil.which("vobjects")
needs_script = pytest.mark.skipif(SCRIPT is None, reason="console script not installed: pip install -e .")


def make(version="1.0", name="Thing", **fields_):
    return type(name, (base.VersionedObject,), {"VERSION": version, "fields": fields_ or {"a": fields.IntegerField()}})


def test_update_adds_every_class_version():
    """Each registered class version and each lifecycle-derived older version gets a block."""
    old = make("1.0")
    new = type(
        "Thing",
        (base.VersionedObject,),
        {
            "VERSION": "1.2",
            "fields": {"a": fields.IntegerField(), "b": fields.IntegerField()},
            "obj_field_history": {"b": "1.2"},
        },
    )
    document, added = _lockfile.update(_lockfile.empty(), {"Thing": [new, old]})
    assert added == [("Thing", "1.2"), ("Thing", "1.0"), ("Thing", "1.1")]
    blocks = document["objects"]["Thing"]
    assert {v: b["source"] for v, b in blocks.items()} == {"1.0": "class", "1.1": "lifecycle", "1.2": "class"}
    assert sorted(blocks["1.1"]["schema"]["fields"]) == ["a"]
    assert blocks["1.2"]["sha256"] == _schema.schema_of(new).sha256


def test_update_is_idempotent():
    """Locking twice adds nothing the second time and gives the same text."""
    classes = {"Thing": [make()]}
    first, _ = _lockfile.update(_lockfile.empty(), classes)
    second, added = _lockfile.update(first, classes)
    assert added == []
    assert _lockfile.dumps(first) == _lockfile.dumps(second)


def test_changed_released_version_is_refused():
    """A recorded version whose schema changed raises LockConflict naming object and version."""
    document, _ = _lockfile.update(_lockfile.empty(), {"Thing": [make()]})
    changed = make(a=fields.StringField())
    with pytest.raises(_lockfile.LockConflict, match=r"Thing 1\.0: the recorded schema") as info:
        _lockfile.update(document, {"Thing": [changed]})
    assert [c[:2] for c in info.value.conflicts] == [("Thing", "1.0")]


def test_rewrite_with_reason_is_recorded():
    """With a reason, the changed version is rewritten and the reason kept in its block."""
    document, _ = _lockfile.update(_lockfile.empty(), {"Thing": [make()]})
    changed = make(a=fields.StringField())
    new, added = _lockfile.update(document, {"Thing": [changed]}, reason="never released")
    assert added == [("Thing", "1.0")]
    assert new["objects"]["Thing"]["1.0"]["rewritten"] == "never released"
    assert new["objects"]["Thing"]["1.0"]["sha256"] == _schema.schema_of(changed).sha256


def test_text_is_stable_and_one_line_per_field():
    """Versions sort numerically, keys sort, and each field record is on its own line."""
    document, _ = _lockfile.update(
        _lockfile.empty(), {"Thing": [make("1.10", a=fields.IntegerField(), b=fields.StringField()), make("1.9")]}
    )
    text = _lockfile.dumps(document)
    assert text.index('"1.9"') < text.index('"1.10"')
    field_lines = [line.strip() for line in text.splitlines() if line.strip().startswith(('"a":', '"b":'))]
    assert len(field_lines) == 3
    assert json.loads(text) == document


def test_load_rejects_other_files(tmp_path):
    """A file that is not a lockfile is refused with a message naming it."""
    path = tmp_path / "x.json"
    path.write_text('{"format": "something"}')
    with pytest.raises(_lockfile.LockfileError, match="not a vobjects lockfile"):
        _lockfile.load(path)
    path.write_text("{")
    with pytest.raises(_lockfile.LockfileError, match="invalid JSON"):
        _lockfile.load(path)


MODEL = """
from vobjects import base, fields

@base.VersionedObjectRegistry.register
class Thing(base.VersionedObject):
    VERSION = "1.0"
    fields = {{"a": fields.{field}()}}
"""


def run(tmp_path, *args):
    return subprocess.run([SCRIPT, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120)


@needs_script
def test_cli_lock_then_refuse_then_rewrite(tmp_path):
    """`vobjects lock` writes the file, refuses a changed version (exit 1), rewrites only with a reason."""
    module = tmp_path / "lockmodel.py"
    module.write_text(textwrap.dedent(MODEL.format(field="IntegerField")))
    first = run(tmp_path, "lock", "lockmodel")
    assert first.returncode == 0, first.stderr
    assert "locked Thing 1.0" in first.stdout
    lockfile = tmp_path / "vobjects.lock.json"
    text = lockfile.read_text()
    assert run(tmp_path, "lock", "lockmodel").returncode == 0
    assert lockfile.read_text() == text

    module.write_text(textwrap.dedent(MODEL.format(field="StringField")))
    refused = run(tmp_path, "lock", "lockmodel")
    assert refused.returncode == 1
    assert "Thing 1.0: the recorded schema" in refused.stderr
    assert lockfile.read_text() == text

    assert run(tmp_path, "lock", "lockmodel", "--rewrite-reason", " ").returncode == 2
    rewritten = run(tmp_path, "lock", "lockmodel", "--rewrite-reason", "typo fixed before release")
    assert rewritten.returncode == 0, rewritten.stderr
    assert "typo fixed before release" in lockfile.read_text()


@needs_script
def test_cli_lock_check_mode(tmp_path):
    """`vobjects lock --check` writes nothing and exits 1 while versions are missing."""
    (tmp_path / "lockmodel2.py").write_text(textwrap.dedent(MODEL.format(field="IntegerField")))
    result = run(tmp_path, "lock", "lockmodel2", "--check", "--lockfile", "x.json")
    assert result.returncode == 1
    assert "not locked: Thing 1.0" in result.stdout
    assert not (tmp_path / "x.json").exists()


@needs_script
def test_example_lockfile_is_current():
    """The committed example lockfile already records every version the example classes describe."""
    repo = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [SCRIPT, "lock", "examples.nova_like", "--check", "--lockfile", "examples/nova_like/vobjects.lock.json"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
