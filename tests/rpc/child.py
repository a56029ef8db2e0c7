"""One service of the cross-process tests: ``python -m tests.rpc.child ROLE --url URL --prefix P``.

Roles (each with only its own release's classes in this process):

* ``conductor``: vobjects, release N, :func:`vobjects.rpc.get_conductor_server`;
* ``compute``: vobjects, release N-1, ``indirection_api`` -> the conductor;
* ``ovo-compute``: oslo.versionedobjects, release N-1, with a hand-written
  nova-style indirection API (no vobjects imported at all);
* ``counter``: vobjects, counts each ``record`` call by id (broker restarts);
* ``echo`` / ``ovo-echo``: returns what it gets, with vobjects' or OVO's
  release N classes (``tests/rpc/latency.py``).

Prints ``READY`` when serving; stops when stdin closes or on SIGTERM.
"""

from __future__ import annotations

import argparse
import collections
import logging
import os
import signal
import sys
import threading
import warnings

warnings.filterwarnings("ignore")
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

import oslo_messaging  # noqa: E402

API_VERSION = "1.0"  # vobjects.rpc.API_VERSION, spelled out for the OVO role


class Control:
    """Counters a test can read back (``stats``), in a namespace of its own."""

    target = oslo_messaging.Target(namespace="control", version="1.0")

    def __init__(self, counts: collections.Counter) -> None:
        self._counts = counts

    def stats(self, context):
        return dict(self._counts)


def _library(obj):
    modules = {cls.__module__.split(".")[0] for cls in type(obj).__mro__}
    return "ovo" if "oslo_versionedobjects" in modules else "vobjects"


class Compute:
    """An old compute's API: what it received, and remotable calls through the conductor."""

    target = oslo_messaging.Target(version="1.0")

    def __init__(self, release, counts: collections.Counter, host: str) -> None:
        self._release, self._counts, self._host = release, counts, host

    def inspect(self, context, instance):
        self._counts["inspected"] += 1
        return {
            "library": _library(instance),
            "class_version": type(instance).VERSION,
            "version": instance.VERSION,
            "fields": sorted(name for name in instance.fields if instance.obj_attr_is_set(name)),
            "flavor_version": instance.flavor.VERSION,
            "flavor_fields": sorted(name for name in instance.flavor.fields if instance.flavor.obj_attr_is_set(name)),
            "vm_state": instance.vm_state,
        }

    def create(self, context, instance):
        instance.create()
        return instance

    def start(self, context, uuid):
        instance = self._release.Instance.get_by_uuid(context, uuid)
        instance.host = self._host
        instance.vm_state = "active"
        instance.save()
        return {"changed": sorted(instance.obj_what_changed()), "instance": instance}

    def ping(self, context):
        return "pong"


class Counter:
    """Counts each call id it runs, to find lost or duplicated calls."""

    target = oslo_messaging.Target(version="1.0")

    def __init__(self, counts: collections.Counter) -> None:
        self._counts = counts

    def record(self, context, call_id, instance):
        self._counts[call_id] += 1
        instance.vm_state = f"seen-{call_id}"
        return instance


class Echo:
    """Sends back what it receives (hydrated on the way in, serialized on the way out)."""

    target = oslo_messaging.Target(version="1.0")

    def echo(self, context, payload):
        return payload


def _vobjects_transport(url):
    from vobjects import rpc

    return rpc.get_transport(url)


def _counting_serializer(base_serializer, base_class, counts):
    class Counting(base_serializer):
        OBJ_BASE_CLASS = base_class

        def _do_backport(self, context, objprim, objclass):
            counts["backports_requested"] += 1
            return super()._do_backport(context, objprim, objclass)

    return Counting()


def _server(transport, topic, server, endpoints, serializer):
    target = oslo_messaging.Target(topic=topic, server=server)
    return oslo_messaging.get_rpc_server(transport, target, endpoints, serializer=serializer)


def conductor(args, counts):
    from vobjects import rpc
    from vobjects._demo import release_n

    def on_backport(context, full, backported):
        counts["backports"] += 1

    transport = _vobjects_transport(args.url)
    server = rpc.get_conductor_server(
        transport,
        f"{args.prefix}.conductor",
        obj_base_class=release_n.DemoObject,
        endpoints=[Control(counts)],
        on_backport=on_backport,
    )
    return transport, server


def compute(args, counts):
    from vobjects import base, rpc
    from vobjects._demo import release_n1

    transport = _vobjects_transport(args.url)
    serializer = _counting_serializer(base.VersionedObjectSerializer, release_n1.DemoObject, counts)
    release_n1.DemoObject.indirection_api = rpc.RPCIndirectionAPI(
        transport, f"{args.prefix}.conductor", serializer=serializer, timeout=args.timeout, retry=3
    )
    endpoints = [Compute(release_n1, counts, "compute-vobjects"), Control(counts)]
    return transport, _server(transport, f"{args.prefix}.compute", "compute-vobjects", endpoints, serializer)


class OVOConductorAPI:
    """A nova-style indirection API, written against OVO alone."""

    def __init__(self, client) -> None:
        self.client = client

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self.client.call(
            context, "object_action", objinst=objinst, objmethod=objmethod, args=args, kwargs=kwargs
        )

    def object_class_action_versions(self, context, objname, objmethod, object_versions, args, kwargs):
        return self.client.call(
            context,
            "object_class_action_versions",
            objname=objname,
            objmethod=objmethod,
            object_versions=object_versions,
            args=args,
            kwargs=kwargs,
        )

    def object_backport_versions(self, context, objinst, object_versions):
        return self.client.call(context, "object_backport_versions", objinst=objinst, object_versions=object_versions)


def ovo_compute(args, counts):
    from oslo_config import cfg
    from oslo_versionedobjects import base

    from tests.rpc import ovo_release

    assert "vobjects" not in sys.modules, "the OVO service must not load vobjects"
    release = ovo_release.define_n1()
    cfg.CONF([], project="ovo-compute", default_config_files=[], default_config_dirs=[])
    transport = oslo_messaging.get_rpc_transport(cfg.CONF, url=args.url)
    serializer = _counting_serializer(base.VersionedObjectSerializer, release.DemoObject, counts)
    target = oslo_messaging.Target(topic=f"{args.prefix}.conductor", version=API_VERSION)
    client = oslo_messaging.get_rpc_client(transport, target, serializer=serializer, timeout=args.timeout, retry=3)
    release.DemoObject.indirection_api = OVOConductorAPI(client)
    endpoints = [Compute(release, counts, "compute-ovo"), Control(counts)]
    return transport, _server(transport, f"{args.prefix}.ovo-compute", "compute-ovo", endpoints, serializer)


def counter(args, counts):
    from vobjects import rpc
    from vobjects._demo import release_n

    transport = _vobjects_transport(args.url)
    serializer = rpc.serializer_for(release_n.DemoObject)
    endpoints = [Counter(counts), Control(counts)]
    return transport, _server(transport, f"{args.prefix}.counter", "counter", endpoints, serializer)


def echo(args, counts):
    from vobjects import rpc
    from vobjects._demo import release_n

    transport = _vobjects_transport(args.url)
    serializer = rpc.serializer_for(release_n.DemoObject)
    return transport, _server(transport, f"{args.prefix}.echo", "echo", [Echo()], serializer)


def ovo_echo(args, counts):
    from oslo_config import cfg
    from oslo_versionedobjects import base

    from tests.rpc import ovo_release

    assert "vobjects" not in sys.modules, "the OVO service must not load vobjects"
    release = ovo_release.define_n()
    cfg.CONF([], project="ovo-echo", default_config_files=[], default_config_dirs=[])
    transport = oslo_messaging.get_rpc_transport(cfg.CONF, url=args.url)

    class Serializer(base.VersionedObjectSerializer):
        OBJ_BASE_CLASS = release.DemoObject

    return transport, _server(transport, f"{args.prefix}.ovo-echo", "ovo-echo", [Echo()], Serializer())


ROLES = {
    "conductor": conductor,
    "compute": compute,
    "ovo-compute": ovo_compute,
    "counter": counter,
    "echo": echo,
    "ovo-echo": ovo_echo,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=sorted(ROLES))
    parser.add_argument("--url", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args(argv)

    counts: collections.Counter = collections.Counter()
    transport, server = ROLES[args.role](args, counts)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server.start()
    print("READY", flush=True)

    def wait_for_eof():
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    stop.wait()

    def shut_down():
        server.stop()
        server.wait()
        transport.cleanup()

    closer = threading.Thread(target=shut_down, daemon=True)
    closer.start()
    closer.join(10)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
