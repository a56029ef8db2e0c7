"""Registration, lookup and serialization from many threads at once."""

from __future__ import annotations

import threading

import pytest

from vobjects import base, exception, fields

THREADS = 8


def _run_threads(target, count=THREADS):
    """Start ``count`` threads on ``target(index)`` together; re-raise the first failure."""
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=10)
            target(index)
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a worker thread hung"
    if errors:
        raise errors[0]


def test_concurrent_registration_keeps_every_version():
    """Threads registering versions of one name concurrently lose none and keep the order."""
    per_thread = 25

    def register(index):
        for n in range(per_thread):
            version = f"1.{index * per_thread + n}"
            base.VersionedObjectRegistry.register(type("Racy", (base.VersionedObject,), {"VERSION": version}))

    _run_threads(register)
    versions = [cls.VERSION for cls in base.VersionedObjectRegistry.obj_classes()["Racy"]]
    assert len(versions) == THREADS * per_thread
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)


def test_failed_lookups_from_many_threads_insert_nothing():
    """Concurrent lookups of unknown names raise UnsupportedObjectError and add no entries."""

    def look(index):
        for n in range(200):
            with pytest.raises(exception.UnsupportedObjectError):
                base.VersionedObject.obj_class_from_name(f"Ghost{index}-{n}", "1.0")

    before = set(base.VersionedObjectRegistry.obj_classes())
    _run_threads(look)
    assert set(base.VersionedObjectRegistry.obj_classes()) == before


def test_concurrent_serialization_and_backports_of_shared_objects():
    """Many threads serialising (and backporting) the same objects get correct, independent results."""

    @base.VersionedObjectRegistry.register
    class Part(base.VersionedObject):
        VERSION = "1.1"
        fields = {"id": fields.IntegerField(), "note": fields.StringField(nullable=True)}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            if target_version == "1.0":
                primitive.pop("note", None)

    @base.VersionedObjectRegistry.register
    class Whole(base.VersionedObject):
        VERSION = "1.1"
        fields = {"parts": fields.ListOfObjectsField("Part"), "main": fields.ObjectField("Part")}
        obj_relationships = {"parts": [("1.0", "1.0"), ("1.1", "1.1")], "main": [("1.0", "1.0"), ("1.1", "1.1")]}

    whole = Whole(main=Part(id=0, note="m"), parts=[Part(id=i, note=str(i)) for i in range(20)])
    full = whole.obj_to_primitive()

    def work(index):
        for n in range(100):
            if (index + n) % 2:
                prim = whole.obj_to_primitive(version_manifest={"Part": "1.0"})
                assert all(p["versioned_object.version"] == "1.0" for p in prim["versioned_object.data"]["parts"])
                assert all("note" not in p["versioned_object.data"] for p in prim["versioned_object.data"]["parts"])
            else:
                # A different manifest at the same time: OVO keeps the manifest
                # on the instance, so these two would read each other's.
                prim = whole.obj_to_primitive(version_manifest={"Part": "1.1"})
                assert prim == full
                again = Whole.obj_from_primitive(full)
                assert [p.note for p in again.parts] == [str(i) for i in range(20)]

    _run_threads(work)
    assert not hasattr(whole, "_obj_version_manifest")
