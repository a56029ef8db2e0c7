"""The demo's three services, each wired the way a real deployment would be.

* the **conductor** (release N) serves the object calls of older services
  (:class:`~vobjects.rpc.ConductorEndpoint`) and owns the database;
* the **compute** (release N-1) serves ``build_instance`` and
  ``start_instance``; its objects' ``indirection_api`` sends remotable calls
  and backport requests to the conductor;
* the **API** (release N) is an RPC client of the compute.

Each builder takes a transport, so the same code runs all three in one
process or each in its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import oslo_messaging

from vobjects._demo import wire

#: Version of the compute's RPC API.
COMPUTE_API = "1.0"


@dataclass(frozen=True)
class Topics:
    """The RPC topics of one demo run (unique, so runs never see each other's queues)."""

    prefix: str

    @property
    def conductor(self) -> str:
        return f"{self.prefix}.conductor"

    @property
    def compute(self) -> str:
        return f"{self.prefix}.compute"


def _server(transport: Any, topic: str, server: str, endpoints: list[Any], serializer: Any) -> Any:
    target = oslo_messaging.Target(topic=topic, server=server)
    return oslo_messaging.get_rpc_server(transport, target, endpoints, serializer=serializer)


def conductor(transport: Any, topics: Topics, events: wire.Events) -> Any:
    """The conductor's RPC server, on release N (not started)."""
    from vobjects._demo import release_n

    endpoint = wire.TapConductorEndpoint(release_n.DemoObject, events=events)
    serializer = wire.tapped_serializer(release_n.DemoObject, events, "conductor")
    return _server(transport, topics.conductor, "conductor", [endpoint], serializer)


class ComputeEndpoint:
    """The old compute's RPC API (release N-1)."""

    target = oslo_messaging.Target(version=COMPUTE_API)

    def __init__(self, events: wire.Events, host: str) -> None:
        # Private: public attributes of an endpoint are callable over RPC.
        self._events, self._host = events, host

    def _say(self, text: str, details: list[str] | None = None) -> None:
        self._events.emit("compute", text, details or ())

    def build_instance(self, context: Any, instance: Any) -> Any:
        """Create ``instance`` (through the conductor) and return it."""
        self._say(f"build_instance got {wire.label_of(instance)} holding {wire.label_of(instance.flavor)}")
        self._say("calls instance.create(), a remotable method: it runs on the conductor")
        instance.create()
        return instance

    def start_instance(self, context: Any, uuid: str) -> Any:
        """Load the instance (through the conductor), start it here, save it."""
        from vobjects._demo import release_n1

        self._say("calls Instance.get_by_uuid(), a remotable classmethod: it runs on the conductor")
        instance = release_n1.Instance.get_by_uuid(context, uuid)
        instance.host = self._host
        instance.vm_state = "active"
        self._say(f"started it; calls instance.save() with changes {', '.join(sorted(instance.obj_what_changed()))}")
        instance.save()
        return instance

    def ping(self, context: Any) -> str:
        """Answer, to show the service still serves."""
        return "pong"


def compute(transport: Any, topics: Topics, events: wire.Events, *, timeout: float, retry: int | None) -> Any:
    """The old compute's RPC server, on release N-1 (not started).

    Sets release N-1's ``indirection_api``: from now on its remotable methods
    and its backports go to the conductor.
    """
    from vobjects._demo import release_n1

    serializer = wire.tapped_serializer(release_n1.DemoObject, events, "compute")
    release_n1.DemoObject.indirection_api = wire.TapIndirectionAPI(
        transport,
        topics.conductor,
        events=events,
        who="compute",
        registry=release_n1.Registry,
        serializer=serializer,
        timeout=timeout,
        retry=retry,
    )
    return _server(transport, topics.compute, "compute-1", [ComputeEndpoint(events, "compute-1")], serializer)


def api_client(transport: Any, topics: Topics, events: wire.Events, *, timeout: float, retry: int | None) -> Any:
    """The API's RPC client of the compute, on release N."""
    from vobjects._demo import release_n

    target = oslo_messaging.Target(topic=topics.compute, version=COMPUTE_API)
    serializer = wire.tapped_serializer(release_n.DemoObject, events, "api")
    return oslo_messaging.get_rpc_client(transport, target, serializer=serializer, timeout=timeout, retry=retry)
