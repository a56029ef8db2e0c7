"""Registration, lookup and serialization from many greenthreads under eventlet.

oslo.messaging servers commonly run monkey-patched.  The scenario runs in a
subprocess so the patching cannot leak into the rest of the test session.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCENARIO = textwrap.dedent(
    """
    import eventlet
    eventlet.monkey_patch()

    from vobjects import base, exception, fields

    @base.VersionedObjectRegistry.register
    class Part(base.VersionedObject):
        VERSION = "1.1"
        fields = {"id": fields.IntegerField(), "note": fields.StringField(nullable=True)}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            eventlet.sleep(0)  # switch greenthreads in the middle of a backport
            if target_version == "1.0":
                primitive.pop("note", None)

    @base.VersionedObjectRegistry.register
    class Whole(base.VersionedObject):
        VERSION = "1.1"
        fields = {"parts": fields.ListOfObjectsField("Part")}
        obj_relationships = {"parts": [("1.0", "1.0"), ("1.1", "1.1")]}

    whole = Whole(parts=[Part(id=i, note=str(i)) for i in range(10)])
    full = whole.obj_to_primitive()
    errors = []

    def work(index):
        try:
            for n in range(30):
                base.VersionedObjectRegistry.register(
                    type("Racy", (base.VersionedObject,), {"VERSION": f"1.{index * 30 + n}"})
                )
                try:
                    base.VersionedObject.obj_class_from_name(f"Ghost{index}", "1.0")
                except exception.UnsupportedObjectError:
                    pass
                old = (index + n) % 2 == 0
                prim = whole.obj_to_primitive(version_manifest={"Part": "1.0" if old else "1.1"})
                parts = prim["versioned_object.data"]["parts"]
                assert all(("note" in p["versioned_object.data"]) != old for p in parts), (index, n)
                assert Whole.obj_from_primitive(full).parts[3].note == "3"
                eventlet.sleep(0)
        except BaseException as exc:
            errors.append(repr(exc))

    pool = eventlet.GreenPool(40)
    for i in range(40):
        pool.spawn(work, i)
    pool.waitall()
    table = base.VersionedObjectRegistry.obj_classes()
    print(len(errors), errors[:3], len(table["Racy"]), any(n.startswith("Ghost") for n in table))
    """
)


def test_greenthreads_share_the_registry_and_serialize_safely():
    """40 greenthreads register, fail lookups and backport with different manifests without interference."""
    proc = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", SCENARIO], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == ["0", "[]", "1200", "False"], proc.stdout + proc.stderr[-2000:]
