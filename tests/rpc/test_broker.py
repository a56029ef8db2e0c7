"""Across processes over a real RabbitMQ: the rolling upgrade, a mixed fleet, faults.

Each service is a child process (``tests/rpc/child.py``) holding only its
own release's classes; this test process is the API on release N.  Skipped
unless ``VOBJECTS_BROKER_TESTS=1`` (``scripts/test.sh`` starts the broker
and sets it).
"""

from __future__ import annotations

import collections
import subprocess
import sys
import threading
import time
import uuid
import warnings
from types import SimpleNamespace

import pytest

from tests import _broker
from tests.rpc import ovo_release

NS = "versioned_object"
#: Seconds per RPC call in these tests: a hang shows up as MessagingTimeout, never as a stuck run.
CALL_TIMEOUT = 10.0


@pytest.fixture
def new_release():
    from vobjects._demo import release_n

    release_n.DATABASE.instances.clear()
    return release_n


def _client(transport, topic, serializer, namespace=None, timeout=CALL_TIMEOUT, retry=3):
    import oslo_messaging

    target = oslo_messaging.Target(topic=topic, version="1.0", namespace=namespace)
    return oslo_messaging.get_rpc_client(transport, target, serializer=serializer, timeout=timeout, retry=retry)


def _api(rabbit_transport, prefix, role):
    """The test process as release N's API: a client of ``role``, and of its counters."""
    from vobjects import rpc
    from vobjects._demo import release_n

    serializer = rpc.serializer_for(release_n.DemoObject)
    return SimpleNamespace(
        call=_client(rabbit_transport, f"{prefix}.{role}", serializer).call,
        stats=lambda: _client(rabbit_transport, f"{prefix}.{role}", None, namespace="control").call({}, "stats"),
    )


def _conductor_stats(rabbit_transport, prefix):
    return _client(rabbit_transport, f"{prefix}.conductor", None, namespace="control").call({}, "stats")


def _instance(release, **overrides):
    values = {
        "uuid": str(uuid.uuid4()),
        "vm_state": "building",
        "task_state": "spawning",
        "locked_by": "admin",
        "host": None,
        "admin_password": "hunter2",
        "flavor": release.Flavor(id=1, name="m1.small", memory_mb=2048, vcpus=4),
    }
    values.update(overrides)
    return release.Instance(**values)


OLD_INSTANCE_FIELDS = ["admin_password", "flavor", "host", "uuid", "vm_state"]


def test_new_object_reaches_old_service_backported_by_conductor(children, rabbit_transport, topic, new_release):
    """Scenario 1: N sends Instance 1.3 to an N-1 compute, which gets 1.0 (Flavor 1.0) via the conductor."""
    children("conductor", "compute")
    compute = _api(rabbit_transport, topic, "compute")
    seen = compute.call({}, "inspect", instance=_instance(new_release))
    assert seen == {
        "library": "vobjects",
        "class_version": "1.0",
        "version": "1.0",
        "fields": OLD_INSTANCE_FIELDS,
        "flavor_version": "1.0",
        "flavor_fields": ["id", "memory_mb", "name"],
        "vm_state": "building",
    }
    assert compute.stats()["backports_requested"] == 1
    assert _conductor_stats(rabbit_transport, topic)["backports"] == 1


def test_old_side_remotables_run_on_conductor(children, rabbit_transport, topic, new_release):
    """Scenario 2: create(), get_by_uuid() and save() from N-1 run on the conductor; changes come back."""
    children("conductor", "compute")
    compute = _api(rabbit_transport, topic, "compute")
    created = compute.call({}, "create", instance=_instance(new_release))
    assert type(created) is new_release.Instance and created.VERSION == "1.0"
    assert created.obj_attr_is_set("updated_at")  # set by the conductor, applied to N-1's object
    started = compute.call({}, "start", uuid=created.uuid)
    instance = started["instance"]
    assert started["changed"] == []
    assert (instance.host, instance.vm_state) == ("compute-vobjects", "active")
    assert instance.launched_at is not None and instance.updated_at is not None
    assert instance.VERSION == "1.0" and not instance.obj_attr_is_set("task_state")


def test_mixed_fleet_vobjects_and_ovo(children, rabbit_transport, topic, new_release):
    """Scenario 3: an OVO compute (N-1) and a vobjects one, a vobjects conductor, objects both ways.

    vobjects -> OVO: the API's Instance 1.3 reaches the OVO compute, backported by the vobjects
    conductor; OVO -> vobjects: the OVO compute's remotable calls run on the vobjects conductor and
    its replies are read by the vobjects API.  Then an OVO API (release N) sends to both computes.
    """
    children("conductor", "ovo-compute", "compute")
    ovo_compute = _api(rabbit_transport, topic, "ovo-compute")
    seen = ovo_compute.call({}, "inspect", instance=_instance(new_release))
    assert (seen["library"], seen["version"], seen["flavor_version"]) == ("ovo", "1.0", "1.0")
    assert seen["fields"] == OLD_INSTANCE_FIELDS

    created = ovo_compute.call({}, "create", instance=_instance(new_release))
    assert type(created) is new_release.Instance and created.obj_attr_is_set("updated_at")
    started = ovo_compute.call({}, "start", uuid=created.uuid)
    assert (started["instance"].host, started["changed"]) == ("compute-ovo", [])
    assert ovo_compute.stats()["backports_requested"] == 2

    from oslo_versionedobjects import base as ovo_base

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = ovo_release.define_n()

    class Serializer(ovo_base.VersionedObjectSerializer):
        OBJ_BASE_CLASS = theirs.DemoObject

    for role, library in (("compute", "vobjects"), ("ovo-compute", "ovo")):
        client = _client(rabbit_transport, f"{topic}.{role}", Serializer())
        seen = client.call({}, "inspect", instance=_instance(theirs))
        assert (seen["library"], seen["version"], seen["fields"]) == (library, "1.0", OLD_INSTANCE_FIELDS)
        reply = client.call({}, "create", instance=_instance(theirs))
        assert isinstance(reply, theirs.Instance) and reply.VERSION == "1.0"


def test_hostile_primitive_is_rejected_and_service_keeps_serving(children, rabbit_transport, topic):
    """A malformed primitive gets a clear error back; the compute then answers normally."""
    from vobjects import exception

    children("conductor", "compute")
    compute = _api(rabbit_transport, topic, "compute")
    bad = {
        f"{NS}.name": "Instance",
        f"{NS}.namespace": "vobjects_demo",
        f"{NS}.version": "1.0",
        f"{NS}.data": {
            "uuid": str(uuid.uuid4()),
            "flavor": {
                f"{NS}.name": "Flavor",
                f"{NS}.namespace": "vobjects_demo",
                f"{NS}.version": "1.0",
                f"{NS}.data": {"memory_mb": "lots"},
            },
        },
    }
    with pytest.raises(exception.FieldValueInvalid, match="memory_mb of Flavor"):
        compute.call({}, "inspect", instance=bad)
    with pytest.raises(exception.MalformedPrimitive):
        compute.call({}, "inspect", instance={**bad, f"{NS}.data": ["not", "a", "dict"]})
    assert compute.call({}, "ping") == "pong"


def test_major_version_mismatch_fails_without_hang(children, rabbit_transport, topic, new_release):
    """An Instance 2.0 cannot be backported by anyone: IncompatibleObjectVersion names it, quickly."""
    from vobjects import exception

    children("conductor", "compute")
    compute = _api(rabbit_transport, topic, "compute")
    future = _instance(new_release).obj_to_primitive()
    future[f"{NS}.version"] = "2.0"
    with pytest.raises(exception.IncompatibleObjectVersion) as caught:
        compute.call({}, "inspect", instance=future)
    assert caught.value.kwargs["objname"] == "Instance"
    assert (caught.value.kwargs["objver"], caught.value.kwargs["supported"]) == ("2.0", "1.3")
    assert compute.call({}, "ping") == "pong"


def test_broker_restart_loses_and_duplicates_nothing(children, rabbit_transport, topic, new_release):
    """Scenario 4: restart RabbitMQ under traffic.

    Every call either succeeds, and then ran exactly once, or fails with an
    oslo.messaging error within its timeout (and ran at most once); no call
    runs twice; traffic resumes once the broker is back.
    """
    import oslo_messaging

    children("counter")
    from vobjects import rpc

    client = _client(
        rabbit_transport, f"{topic}.counter", rpc.serializer_for(new_release.DemoObject), timeout=5, retry=5
    )
    outcomes: dict[str, tuple[str, float]] = {}
    restarted = threading.Event()
    after_restart = collections.Counter()
    stop = threading.Event()

    def traffic():
        number = 0
        while not stop.is_set():
            number += 1
            call_id = f"call-{number}"
            started = time.monotonic()
            try:
                reply = client.call({}, "record", call_id=call_id, instance=_instance(new_release))
                assert reply.vm_state == f"seen-{call_id}"
                outcomes[call_id] = ("ok", time.monotonic() - started)
                if restarted.is_set():
                    after_restart["ok"] += 1
            except oslo_messaging.MessagingException as exc:
                outcomes[call_id] = (type(exc).__name__, time.monotonic() - started)
            if after_restart["ok"] >= 50:
                return

    worker = threading.Thread(target=traffic, daemon=True)
    worker.start()
    time.sleep(1.0)
    assert outcomes, "no traffic before the restart"
    _broker.restart_broker()
    restarted.set()
    worker.join(timeout=60)
    stop.set()
    assert not worker.is_alive(), "traffic did not resume within 60 s of the restart"

    counts = _client(rabbit_transport, f"{topic}.counter", None, namespace="control").call({}, "stats")
    ok = [call_id for call_id, (status, _) in outcomes.items() if status == "ok"]
    failed = {call_id: status for call_id, (status, _) in outcomes.items() if status != "ok"}
    assert {call_id for call_id, count in counts.items() if count > 1} == set(), "a call ran twice"
    assert [call_id for call_id in ok if counts.get(call_id) != 1] == [], "a call succeeded without running"
    assert set(counts) <= set(outcomes), "the server ran a call nobody made"
    assert set(failed.values()) <= {"MessagingTimeout", "MessageDeliveryFailure", "MessageUndeliverable"}
    assert max(elapsed for _, elapsed in outcomes.values()) < 5 + 30, "a call was not bounded by its timeout"
    assert after_restart["ok"] >= 50


def test_demo_over_rabbitmq(broker_url):
    """``vobjects demo --transport-url`` runs the services as processes and passes every step."""
    proc = subprocess.run(
        [sys.executable, "-m", "vobjects", "demo", "--transport-url", broker_url],
        cwd=_broker.REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "as separate processes" in proc.stdout and "5/5 steps passed" in proc.stdout
    assert "conductor  backported Flavor 1.1 -> 1.0, dropped vcpus" in proc.stdout
    assert "guest:guest" not in proc.stdout
