"""``vobjects hashes`` and ``vobjects tree``, end to end through the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vobjects import _fingerprint, fixture

REPO = Path(__file__).resolve().parents[1]
SCRIPT = shutil.which("vobjects")

pytestmark = pytest.mark.skipif(SCRIPT is None, reason="console script not installed: pip install -e .")


def vobjects(*args, cwd=REPO, module=False):
    """Run the command; returns the CompletedProcess (text)."""
    command = [sys.executable, "-m", "vobjects", *args] if module else [SCRIPT, *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def example_hashes():
    """The example package's fingerprints, computed in this process.

    Function-scoped, so the registrations of the first import are undone by
    the shared conftest like any test's.
    """
    import examples.nova_like as package

    classes = [package.Device, package.DeviceList, package.Flavor, package.Instance, package.InstanceList]
    return {cls.obj_name(): _fingerprint.fingerprint(cls) for cls in classes}


EXPECTED_TREE = """\
InstanceList 2.1
└── objects: Instance 2.1 (list)
    ├── flavor: Flavor 1.2
    └── devices: DeviceList 1.1
        └── objects: Device 1.1 (list)
"""


@pytest.mark.parametrize("module", [False, True], ids=["console-script", "python-m"])
def test_hashes_prints_the_table_to_paste(example_hashes, module):
    """The table is printed sorted, one entry a line, exactly as tests hold it."""
    result = vobjects("hashes", "examples.nova_like", module=module)
    assert result.returncode == 0, result.stderr
    lines = ["object_data = {", *(f"    {k!r}: {example_hashes[k]!r}," for k in sorted(example_hashes)), "}"]
    assert result.stdout == "\n".join(lines) + "\n"
    namespace = {}
    exec(result.stdout, namespace)
    assert namespace["object_data"] == example_hashes


def test_hashes_json(example_hashes):
    """``--json`` prints the same table as a JSON object."""
    result = vobjects("hashes", "--json", "examples.nova_like")
    assert result.returncode == 0
    assert json.loads(result.stdout) == example_hashes


def test_example_hashes_agree_with_the_checker(example_hashes):
    """What the command prints is what ``ObjectVersionChecker`` computes for the same classes."""
    import examples.nova_like as package

    classes = {name: [getattr(package, name)] for name in example_hashes}
    assert fixture.ObjectVersionChecker(classes).get_hashes() == example_hashes


@pytest.mark.parametrize("command", ["hashes", "tree"])
def test_unimportable_module_exits_2_with_one_line(command):
    """An unknown module is a usage error: one line on stderr, nothing on stdout."""
    result = vobjects(command, "no_such_module_xyz")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"vobjects {command}: error: cannot import module 'no_such_module_xyz': "
        "ModuleNotFoundError: No module named 'no_such_module_xyz'\n"
    )


def test_module_errors_and_file_paths(tmp_path):
    """A module that raises on import, and a file path instead of a module name, exit 2."""
    (tmp_path / "broken.py").write_text("raise RuntimeError('boom\\nsecond line')\n")
    result = vobjects("hashes", "broken", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "vobjects hashes: error: cannot import module 'broken': RuntimeError: boom\n",
    )
    result = vobjects("hashes", "examples/nova_like/flavor.py")
    assert result.returncode == 2
    assert "give a dotted module name, not a file path" in result.stderr


MODEL_V1 = """
from vobjects import base, fields


@base.VersionedObjectRegistry.register
class Gadget(base.VersionedObject):
    VERSION = "1.0"
    fields = {"id": fields.IntegerField(), "label": fields.StringField(nullable=True)}
"""


def test_snapshot_then_check(tmp_path):
    """Write table and snapshot; a later removal is explained exactly by ``--check``; exit codes fit CI."""
    (tmp_path / "model.py").write_text(MODEL_V1)
    made = vobjects("hashes", "--snapshot", "snap.json", "model", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    (tmp_path / "test_objects.py").write_text("import os\n\n" + made.stdout + "\nother = {'a': 'b'}\n")
    assert json.loads((tmp_path / "snap.json").read_text())["format"] == "vobjects-fingerprint-snapshot"

    ok = vobjects("hashes", "--check", "test_objects.py", "model", cwd=tmp_path)
    assert (ok.returncode, ok.stdout) == (0, "1 object hashes match test_objects.py\n")

    (tmp_path / "model.py").write_text(MODEL_V1.replace(', "label": fields.StringField(nullable=True)', ""))
    guessed = vobjects("hashes", "--check", "test_objects.py", "model", cwd=tmp_path)
    assert guessed.returncode == 1
    assert "the change could not be pinpointed" in guessed.stdout
    exact = vobjects("hashes", "--check", "test_objects.py", "--snapshot", "snap.json", "model", cwd=tmp_path)
    assert exact.returncode == 1
    assert exact.stdout.startswith("Hashes have changed for Gadget\n\nGadget: 1.0-")
    assert "field 'label' was removed (was String, nullable)" in exact.stdout
    assert "bump it to 2.0 (major)" in exact.stdout
    as_json = json.loads(vobjects("hashes", "--check", "test_objects.py", "--json", "model", cwd=tmp_path).stdout)
    assert set(as_json) == {"expected", "actual", "explanation"} and "Gadget" in as_json["actual"]


def test_check_file_errors(tmp_path):
    """A missing table file or one with no table in it is a usage error."""
    (tmp_path / "model.py").write_text(MODEL_V1)
    (tmp_path / "empty.py").write_text("x = 1\n")
    missing = vobjects("hashes", "--check", "nope.json", "model", cwd=tmp_path)
    assert missing.returncode == 2 and "cannot read 'nope.json'" in missing.stderr
    empty = vobjects("hashes", "--check", "empty.py", "model", cwd=tmp_path)
    assert empty.returncode == 2 and "no dict literal of object name -> hash strings" in empty.stderr
    (tmp_path / "table.json").write_text(json.dumps({"Gadget": "1.0-x"}))
    mismatch = vobjects("hashes", "--check", "table.json", "model", cwd=tmp_path)
    assert mismatch.returncode == 1


def test_extra_data_and_recursive_import(tmp_path):
    """``--extra-data MOD:FUNC`` feeds the checker; ``-r`` imports submodules a package does not."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "model.py").write_text(MODEL_V1)
    (tmp_path / "extra.py").write_text("def data(cls):\n    return (cls.__name__,)\n")
    assert vobjects("hashes", "pkg", cwd=tmp_path).stdout == "object_data = {}\n"
    plain = vobjects("hashes", "--json", "-r", "pkg", cwd=tmp_path)
    assert list(json.loads(plain.stdout)) == ["Gadget"]
    extra = vobjects("hashes", "--json", "-r", "--extra-data", "extra:data", "pkg", cwd=tmp_path)
    assert json.loads(extra.stdout) != json.loads(plain.stdout)
    bad = vobjects("hashes", "--extra-data", "extra", "pkg", cwd=tmp_path)
    assert bad.returncode == 2 and "expected MODULE:FUNCTION" in bad.stderr


def test_no_objects_warns_but_succeeds(tmp_path):
    """Importing modules that register nothing prints an empty table and a warning."""
    (tmp_path / "nothing.py").write_text("")
    result = vobjects("hashes", "nothing", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "object_data = {}\n")
    assert "warning: no objects are registered by nothing" in result.stderr


@pytest.mark.parametrize("module", [False, True], ids=["console-script", "python-m"])
def test_tree_text(module):
    """The text tree starts at top-level objects and marks list edges."""
    result = vobjects("tree", "examples.nova_like", module=module)
    assert (result.returncode, result.stdout) == (0, EXPECTED_TREE)


def test_tree_dot_and_mermaid():
    """Graphviz and Mermaid output carry every object with its version and every edge."""
    dot = vobjects("tree", "--format", "dot", "examples.nova_like").stdout
    assert dot.startswith("digraph vobjects {\n")
    assert '    "Instance" [label="Instance 2.1"];' in dot
    assert '    "Instance" -> "Flavor" [label="flavor"];' in dot
    assert '    "InstanceList" -> "Instance" [label="objects (list)", style=dashed];' in dot
    mermaid = vobjects("tree", "--format", "mermaid", "examples.nova_like").stdout
    assert mermaid.startswith("graph LR\n")
    assert '    Device["Device 1.1"]' in mermaid
    assert '    Instance -->|"devices"| DeviceList' in mermaid
    assert '    DeviceList -.->|"objects (list)"| Device' in mermaid


def test_tree_without_lists_and_with_cycles(tmp_path):
    """``--no-lists`` gives OVO's view; cycles and unregistered children are shown, not fatal."""
    result = vobjects("tree", "--no-lists", "examples.nova_like")
    assert "(list)" not in result.stdout
    assert "Instance 2.1\n├── flavor: Flavor 1.2\n└── devices: DeviceList 1.1\n" in result.stdout
    (tmp_path / "loop.py").write_text(
        textwrap.dedent(
            """
            from vobjects import base, fields


            @base.VersionedObjectRegistry.register
            class Node(base.VersionedObject):
                fields = {"next": fields.ObjectField("Node", nullable=True),
                          "ghost": fields.ObjectField("Ghost", nullable=True)}
            """
        )
    )
    looped = vobjects("tree", "loop", cwd=tmp_path)
    assert looped.returncode == 0
    assert looped.stdout == "Node 1.0\n├── next: Node 1.0 (cycle)\n└── ghost: Ghost (not registered)\n"
