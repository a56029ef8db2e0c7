"""Per-call RPC round-trip latency over RabbitMQ: vobjects objects vs OVO objects, in one run.

Not a test (no assertions on time): a probe to run by hand with the broker up::

    bash scripts/start-rabbit.sh
    python tests/rpc/latency.py --url rabbit://guest:guest@127.0.0.1:5672/ -n 1000
    bash scripts/stop-rabbit.sh

Two echo servers run as child processes (``tests/rpc/child.py``), one with
vobjects' release N classes and one with the same classes written against
oslo.versionedobjects.  This process calls both, alternating blocks of
calls so drift in the machine's load hits both alike.  Each call serializes
the payload here, hydrates it on the server, serializes it again there and
hydrates the reply here: four passes through the library per round trip.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
warnings.filterwarnings("ignore")

import oslo_messaging  # noqa: E402
from oslo_versionedobjects import base as ovo_base  # noqa: E402

from tests.rpc import ovo_release  # noqa: E402
from tests.rpc.conftest import Child  # noqa: E402
from vobjects import rpc  # noqa: E402
from vobjects._demo import release_n  # noqa: E402


def _instance(release, number):
    return release.Instance(
        uuid=str(uuid.UUID(int=number)),
        vm_state="active",
        task_state=None,
        locked_by=None,
        host=f"compute-{number % 7}",
        admin_password="secret",
        flavor=release.Flavor(id=number, name="m1.small", memory_mb=2048, vcpus=2),
    )


def _payloads(release, bulk):
    return {"one Instance": _instance(release, 1), f"{bulk} Instances": [_instance(release, n) for n in range(bulk)]}


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("TRANSPORT_URL") or "rabbit://guest:guest@127.0.0.1:5672/")
    parser.add_argument("-n", "--calls", type=int, default=1000, help="calls per library and payload")
    parser.add_argument("--bulk", type=int, default=50, help="instances in the bulk payload")
    parser.add_argument("--block", type=int, default=100, help="calls per alternating block")
    args = parser.parse_args()

    prefix = f"vobjects-latency-{uuid.uuid4().hex[:8]}"
    children = [Child(role, args.url, prefix) for role in ("echo", "ovo-echo")]
    deadline = time.monotonic() + 30
    for child in children:
        child.wait_ready(deadline)
    transport = rpc.get_transport(args.url)
    try:
        theirs = ovo_release.define_n()

        class OVOSerializer(ovo_base.VersionedObjectSerializer):
            OBJ_BASE_CLASS = theirs.DemoObject

        sides = {
            "vobjects": (rpc.serializer_for(release_n.DemoObject), f"{prefix}.echo", _payloads(release_n, args.bulk)),
            "OVO": (OVOSerializer(), f"{prefix}.ovo-echo", _payloads(theirs, args.bulk)),
        }
        clients = {}
        for name, (serializer, topic, _) in sides.items():
            target = oslo_messaging.Target(topic=topic, version="1.0")
            clients[name] = oslo_messaging.get_rpc_client(transport, target, serializer=serializer, timeout=30)
        timings = {(name, payload): [] for name in sides for payload in sides[name][2]}
        for name, client in clients.items():  # warm up: connections, reply queues, caches
            for payload in sides[name][2].values():
                for _ in range(50):
                    client.call({}, "echo", payload=payload)
        done = 0
        while done < args.calls:
            block = min(args.block, args.calls - done)
            for name, client in clients.items():
                for payload_name, payload in sides[name][2].items():
                    bucket = timings[(name, payload_name)]
                    for _ in range(block):
                        started = time.perf_counter()
                        client.call({}, "echo", payload=payload)
                        bucket.append(time.perf_counter() - started)
            done += block
    finally:
        transport.cleanup()
        for child in children:
            child.close()
        for child in children:
            child.stop()

    print(f"RPC round trip over {args.url.split('@')[-1]} ({args.calls} calls each, ms)")
    print(f"{'payload':<16} {'library':<9} {'median':>8} {'p95':>8} {'mean':>8}")
    for payload_name in sides["vobjects"][2]:
        medians = {}
        for name in sides:
            values = [seconds * 1000 for seconds in timings[(name, payload_name)]]
            medians[name] = statistics.median(values)
            print(
                f"{payload_name:<16} {name:<9} {medians[name]:8.3f} {_percentile(values, 0.95):8.3f} "
                f"{statistics.fmean(values):8.3f}"
            )
        print(f"{'':<16} {'OVO/vobjects median':<26} {medians['OVO'] / medians['vobjects']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
