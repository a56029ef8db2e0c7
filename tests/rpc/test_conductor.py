"""vobjects.rpc in one process on ``kombu+memory:////``: two releases, a conductor, an old service.

Release N-1 and release N are the demo's (``vobjects/_demo``), each in its
own isolated registry, so both live in this process: N-1's objects send
their remotable calls and backports to a conductor on N over the in-memory
transport, exactly as they would over RabbitMQ.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import uuid
from types import SimpleNamespace

import pytest

from tests._broker import REPO
from vobjects import exception
from vobjects import fields as vfields

NS = "versioned_object"


@pytest.fixture(scope="module")
def conductor():
    """A conductor on release N over kombu+memory:////, shared by this module's tests.

    (Stopping an RPC server takes about a second, so it is started once.)
    """
    from vobjects import rpc
    from vobjects._demo import release_n

    transport = rpc.get_transport("kombu+memory:////")
    topic = f"vobjects-test-{uuid.uuid4().hex[:12]}"
    backports = []
    server = rpc.get_conductor_server(
        transport,
        topic,
        obj_base_class=release_n.DemoObject,
        on_backport=lambda context, full, backported: backports.append((full, backported)),
    )
    server.start()
    yield SimpleNamespace(transport=transport, topic=topic, backports=backports)
    server.stop()
    server.wait()
    transport.cleanup()


@pytest.fixture
def releases(conductor):
    """Release N-1's indirection_api pointing at the conductor on release N; an empty database."""
    from vobjects import rpc
    from vobjects._demo import release_n, release_n1

    release_n.DATABASE.instances.clear()
    conductor.backports.clear()
    old_serializer = rpc.serializer_for(release_n1.DemoObject)
    api = rpc.RPCIndirectionAPI(conductor.transport, conductor.topic, serializer=old_serializer, timeout=10)
    release_n1.DemoObject.indirection_api = api
    try:
        yield SimpleNamespace(
            new=release_n,
            old=release_n1,
            api=api,
            old_serializer=old_serializer,
            new_serializer=rpc.serializer_for(release_n.DemoObject),
            describe=lambda: [rpc.describe_backport(full, back) for full, back in conductor.backports],
        )
    finally:
        release_n1.DemoObject.indirection_api = None
        release_n.DATABASE.instances.clear()


def _new_instance(new, **overrides):
    values = {
        "uuid": str(uuid.uuid4()),
        "vm_state": "building",
        "task_state": "spawning",
        "locked_by": "admin",
        "host": None,
        "admin_password": "hunter2",
        "flavor": new.Flavor(id=1, name="m1.small", memory_mb=2048, vcpus=2),
    }
    values.update(overrides)
    return new.Instance(**values)


def _old_instance(old, context=None):
    return old.Instance(
        context if context is not None else {"user": "u"},
        uuid=str(uuid.uuid4()),
        vm_state="building",
        host=None,
        admin_password="hunter2",
        flavor=old.Flavor(id=1, name="m1.small", memory_mb=2048),
    )


def _fields_set(obj):
    return sorted(name for name in obj.fields if obj.obj_attr_is_set(name))


def test_old_side_gets_a_backport_from_the_conductor(releases):
    """Release N-1 reads an Instance 1.3 by asking the conductor for 1.0 (with Flavor 1.0)."""
    r = releases
    wire = r.new_serializer.serialize_entity({}, {"instance": _new_instance(r.new)})
    got = r.old_serializer.deserialize_entity({}, wire)["instance"]
    assert type(got) is r.old.Instance and type(got.flavor) is r.old.Flavor
    assert (got.VERSION, got.flavor.VERSION) == ("1.0", "1.0")
    assert got.admin_password == "hunter2" and got.flavor.memory_mb == 2048
    assert r.describe() == [
        [("Instance", "1.3", "1.0", ["locked_by", "task_state"]), ("Flavor", "1.1", "1.0", ["vcpus"])]
    ]


def test_remotable_method_runs_on_the_conductor(releases):
    """create() on release N-1 runs N's code on the conductor; what N-1 cannot hold is not sent back."""
    r = releases
    instance = _old_instance(r.old)
    instance.create()
    stored = r.new.DATABASE.instances[instance.uuid]
    assert stored.task_state == "scheduling" and stored.flavor.vcpus == 1
    assert instance.updated_at == stored.updated_at
    assert instance.obj_what_changed() == set()
    assert _fields_set(instance) == ["admin_password", "flavor", "host", "updated_at", "uuid", "vm_state"]
    assert r.describe()[-1][0] == ("Instance", "1.3", "1.0", ["locked_by", "task_state"])


def test_remotable_classmethod_result_is_at_the_callers_versions(releases):
    """get_by_uuid() runs on the conductor; the Instance 1.3 it finds comes back as N-1's 1.0."""
    r = releases
    created = _old_instance(r.old)
    created.create()
    got = r.old.Instance.get_by_uuid({"user": "u"}, created.uuid)
    assert type(got) is r.old.Instance and got.VERSION == "1.0" and got.flavor.VERSION == "1.0"
    assert got.uuid == created.uuid and got.updated_at == created.updated_at
    assert got._context == {"user": "u"}


def test_changes_made_on_the_conductor_come_back(releases):
    """save() on the conductor sets launched_at; the caller's object gets it, its changes reset."""
    r = releases
    instance = _old_instance(r.old)
    instance.create()
    instance.vm_state = "active"
    instance.save()
    assert instance.launched_at == r.new.DATABASE.instances[instance.uuid].launched_at
    assert instance.obj_what_changed() == set()
    assert r.new.DATABASE.instances[instance.uuid].vm_state == "active"


def test_context_none_is_sent_as_an_empty_context(releases):
    """A remotable classmethod called with context None still reaches the conductor."""
    r = releases
    created = _old_instance(r.old)
    created.create()
    assert r.old.Instance.get_by_uuid(None, created.uuid).uuid == created.uuid


def test_object_action_updates_are_at_the_callers_version(releases):
    """The updates hold only fields of the caller's version, children backported by relationships."""
    from vobjects import rpc

    r = releases
    endpoint = rpc.ConductorEndpoint(r.new.DemoObject)
    prim = _old_instance(r.old).obj_to_primitive()
    objinst = r.new.DemoObject.obj_from_primitive(prim, context={})
    updates, result = endpoint.object_action({}, objinst=objinst, objmethod="create", args=[], kwargs={})
    assert result is None
    assert set(updates) == {"updated_at", "flavor", "obj_what_changed"}
    assert updates["flavor"][f"{NS}.version"] == "1.0"
    assert "vcpus" not in updates["flavor"][f"{NS}.data"]
    assert updates["obj_what_changed"] == []


def test_object_action_needs_no_relationships():
    """Children in the updates go back at the versions the caller sent, even without obj_relationships."""
    from vobjects import base, rpc

    class Registry(base.VersionedObjectRegistry):
        isolated = True

    class Base(base.VersionedObject):
        OBJ_REGISTRY = Registry

    @Registry.register
    class Item(Base):
        VERSION = "1.1"
        fields = {"id": vfields.IntegerField(), "colour": vfields.StringField(nullable=True)}

        def obj_make_compatible(self, primitive, target_version):
            if target_version == "1.0":
                primitive.pop("colour", None)

    @Registry.register
    class Box(Base):
        VERSION = "1.1"
        fields = {"items": vfields.ListOfObjectsField("Item"), "label": vfields.StringField(nullable=True)}

        @base.remotable
        def paint(self):
            for item in self.items:
                item.colour = "red"
            self.label = "painted"

    sent = {
        f"{NS}.name": "Box",
        f"{NS}.namespace": "versionedobjects",
        f"{NS}.version": "1.0",
        f"{NS}.data": {
            "items": [
                {
                    f"{NS}.name": "Item",
                    f"{NS}.namespace": "versionedobjects",
                    f"{NS}.version": "1.0",
                    f"{NS}.data": {"id": n},
                }
                for n in (1, 2)
            ]
        },
    }
    box = Base.obj_from_primitive(sent, context={})
    updates, _ = rpc.ConductorEndpoint(Base).object_action({}, objinst=box, objmethod="paint", args=[], kwargs={})
    assert updates["label"] == "painted"
    assert [item[f"{NS}.version"] for item in updates["items"]] == ["1.0", "1.0"]
    assert [item[f"{NS}.data"] for item in updates["items"]] == [{"id": 1}, {"id": 2}]


def test_object_action_for_a_current_caller_sends_every_change(releases):
    """A caller at the newest version gets the new fields back too."""
    from vobjects import rpc

    r = releases
    endpoint = rpc.ConductorEndpoint(r.new.DemoObject)
    instance = _new_instance(r.new, task_state=None)
    del instance.task_state
    instance._context = {}
    updates, _ = endpoint.object_action({}, objinst=instance, objmethod="create", args=[], kwargs={})
    assert {"task_state", "updated_at"} <= set(updates)


@pytest.mark.parametrize(
    ("method", "kwargs", "error", "text"),
    [
        (
            "object_action",
            {"objmethod": "obj_reset_changes", "args": [], "kwargs": {}},
            "ObjectActionError",
            "no remotable",
        ),
        ("object_action", {"objmethod": "__init__", "args": [], "kwargs": {}}, "ObjectActionError", "not a method"),
        ("object_action", {"objmethod": "create", "args": "xx", "kwargs": {}}, "ObjectActionError", "args must be"),
    ],
)
def test_only_remotable_methods_can_be_called(releases, method, kwargs, error, text):
    """A message cannot run an arbitrary method of an object on the conductor."""
    r = releases
    with pytest.raises(getattr(exception, error), match=text):
        r.api.client.call({}, method, objinst=_old_instance(r.old), **kwargs)


def _bad_prim(data):
    return {f"{NS}.name": "Instance", f"{NS}.namespace": "vobjects_demo", f"{NS}.version": "1.3", f"{NS}.data": data}


def _deep(levels):
    value = {f"{NS}.name": "Flavor", f"{NS}.namespace": "vobjects_demo", f"{NS}.version": "1.1", f"{NS}.data": {}}
    for _ in range(levels):
        value = _bad_prim({"flavor": value})
    return value


@pytest.mark.parametrize(
    ("method", "kwargs", "error"),
    [
        (
            "object_backport_versions",
            {"objinst": _bad_prim({"flavor": "nope"}), "object_versions": {}},
            exception.MalformedPrimitive,
        ),
        (
            "object_backport_versions",
            {"objinst": _bad_prim({"flavor": {**_deep(0), f"{NS}.data": {"vcpus": "many"}}}), "object_versions": {}},
            exception.FieldValueInvalid,
        ),
        (
            "object_backport_versions",
            {"objinst": {**_bad_prim({}), f"{NS}.name": "Nope"}, "object_versions": {"Nope": "1.0"}},
            exception.UnsupportedObjectError,
        ),
        (
            "object_backport_versions",
            {"objinst": _bad_prim({}), "object_versions": ["Instance"]},
            exception.ObjectActionError,
        ),
        (
            "object_backport_versions",
            {"objinst": _bad_prim({}), "object_versions": {"Other": "1.0"}},
            exception.ObjectActionError,
        ),
        ("object_backport_versions", {"objinst": "just text", "object_versions": {}}, exception.ObjectActionError),
        ("object_backport_versions", {"objinst": _deep(200), "object_versions": {}}, exception.PrimitiveTooDeep),
        (
            "object_class_action_versions",
            {
                "objname": "Instance",
                "objmethod": "get_by_uuid",
                "object_versions": {"Flavor": "1.0"},
                "args": [],
                "kwargs": {},
            },
            exception.ObjectActionError,
        ),
        (
            "object_class_action_versions",
            {"objname": ["x"], "objmethod": "m", "object_versions": {}, "args": [], "kwargs": {}},
            exception.ObjectActionError,
        ),
        (
            "object_class_action_versions",
            {
                "objname": "Instance",
                "objmethod": "get_by_uuid",
                "object_versions": {"Instance": "1.0"},
                "args": ["nope"],
                "kwargs": {},
            },
            exception.ObjectActionError,
        ),
    ],
    ids=[
        "not-a-primitive",
        "bad-field",
        "unknown-name",
        "versions-not-dict",
        "versions-miss-name",
        "not-an-object",
        "too-deep",
        "class-versions-miss-name",
        "objname-not-str",
        "method-raises",
    ],
)
def test_hostile_messages_get_clear_errors_and_the_server_keeps_serving(releases, method, kwargs, error):
    """Malformed or hostile requests fail with a vobjects error at the caller; the next call works."""
    r = releases
    with pytest.raises(error):
        r.api.client.call({}, method, **kwargs)
    good = _new_instance(r.new).obj_to_primitive()
    back = r.api.object_backport_versions({}, good, {"Instance": "1.0", "Flavor": "1.0"})
    assert back.VERSION == "1.0"


def test_backport_across_a_major_version_is_refused(releases):
    """The conductor will not turn an Instance 1.3 into 0.9; the error names both versions."""
    r = releases
    with pytest.raises(exception.IncompatibleObjectVersion) as caught:
        r.api.object_backport_versions({}, _new_instance(r.new).obj_to_primitive(), {"Instance": "0.9"})
    assert caught.value.kwargs["objname"] == "Instance"
    assert (caught.value.kwargs["objver"], caught.value.kwargs["supported"]) == ("1.3", "0.9")


def test_object_from_an_unknown_major_fails_fast(releases):
    """N-1 receiving an Instance 2.0: nobody can backport it, IncompatibleObjectVersion names it."""
    r = releases
    prim = _new_instance(r.new).obj_to_primitive()
    prim[f"{NS}.version"] = "2.0"
    with pytest.raises(exception.IncompatibleObjectVersion, match=r"Version 2\.0 of Instance"):
        r.old_serializer.deserialize_entity({}, prim)


def test_deprecated_single_version_forms_are_served(releases):
    """object_class_action and object_backport (no manifests) still work."""
    r = releases
    created = _old_instance(r.old)
    created.create()
    got = r.api.object_class_action({}, "Instance", "get_by_uuid", "1.0", (created.uuid,), {})
    assert type(got) is r.old.Instance and got.VERSION == "1.0"
    back = r.api.object_backport({}, _new_instance(r.new).obj_to_primitive(), "1.0")
    assert back.VERSION == "1.0" and back.flavor.VERSION == "1.0"


def test_conductor_must_run_methods_itself():
    """A conductor whose objects have an indirection_api would send calls to itself."""
    from vobjects import base, rpc

    class Forwarding(base.VersionedObject):
        indirection_api = object()

    with pytest.raises(ValueError, match="indirection_api is set"):
        rpc.ConductorEndpoint(Forwarding)


def test_endpoint_exposes_only_the_object_methods():
    """Every public callable of an endpoint is reachable over RPC: only the five object_* ones are.

    (``target`` is oslo.messaging's own and callable, as on every endpoint.)
    """
    from vobjects import rpc

    endpoint = rpc.ConductorEndpoint()
    public = sorted(
        name
        for name in dir(endpoint)
        if not name.startswith("_") and name != "target" and callable(getattr(endpoint, name))
    )
    assert public == [
        "object_action",
        "object_backport",
        "object_backport_versions",
        "object_class_action",
        "object_class_action_versions",
    ]


def test_make_conf_is_private_and_complete():
    """make_conf() has the option groups oslo.messaging reads, with overrides, outside cfg.CONF."""
    from oslo_config import cfg

    from vobjects import rpc

    conf = rpc.make_conf(
        {"DEFAULT": {"rpc_response_timeout": 7}, "oslo_messaging_rabbit": {"rabbit_retry_interval": 3}}
    )
    assert conf is not cfg.CONF
    assert conf.rpc_response_timeout == 7
    assert conf.oslo_messaging_rabbit.rabbit_retry_interval == 3
    assert conf.oslo_messaging_rabbit.heartbeat_timeout_threshold == 0
    assert conf.oslo_messaging_metrics.metrics_enabled is False
    # oslo.messaging 18.1 (what Python 3.10 installs) has no tracing; where
    # the installed release reads that group, it must be there.
    try:
        importlib.import_module("oslo_messaging._tracing.client")
    except ImportError:
        assert not hasattr(conf, "oslo_messaging_tracing")
    else:
        assert conf.oslo_messaging_tracing.tracing_enabled is False


def test_describe_backport_lists_each_object():
    """describe_backport() names each object whose version or fields changed, parent first."""
    from vobjects import rpc

    def prim(name, version, data):
        return {f"{NS}.name": name, f"{NS}.version": version, f"{NS}.data": data}

    full = prim(
        "P", "1.2", {"a": 1, "b": 2, "kids": [prim("C", "1.1", {"x": 1, "y": 2})], "same": prim("S", "1.0", {})}
    )
    back = prim("P", "1.0", {"a": 1, "kids": [prim("C", "1.0", {"x": 1})], "same": prim("S", "1.0", {})})
    assert rpc.describe_backport(full, back) == [("P", "1.2", "1.0", ["b"]), ("C", "1.1", "1.0", ["y"])]


def test_embedded_demo_passes():
    """``vobjects demo`` (the README's main job) runs every step, hiding the password."""
    proc = subprocess.run(
        [sys.executable, "-m", "vobjects", "demo"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "5/5 steps passed" in proc.stdout
    assert "backported Instance 1.3 -> 1.0, dropped locked_by, task_state" in proc.stdout
    assert "admin_password=<secret>" in proc.stdout and "leaked" not in proc.stdout
    assert proc.stderr == ""


def test_demo_fails_when_a_step_fails_and_never_prints_the_secret(monkeypatch):
    """A failed step, a missing expected error or a leaked secret make the demo exit 1."""
    import io

    from vobjects._demo import scenario

    def fake_steps(env, password):
        def leak():
            env.events.emit("api", f"oops {password}")
            return "done"

        def boom():
            raise RuntimeError("step broke")

        return [
            scenario.Step("fails", boom),
            scenario.Step("expects an error that never comes", lambda: "fine", exception.ObjectActionError),
            scenario.Step("leaks", leak),
        ]

    monkeypatch.setattr(scenario, "_steps", fake_steps)
    out = io.StringIO()
    assert scenario.run(None, timeout=5, verbose=False, out=out) == 1
    text = out.getvalue()
    assert "FAILED" in text and "RuntimeError: step broke" in text
    assert "expected ObjectActionError" in text
    assert "<leaked secret, masked>" in text and "reached the output" in text
