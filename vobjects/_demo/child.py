"""Run one demo service in this process: ``python -m vobjects._demo.child ROLE ...``.

Started by ``vobjects demo --transport-url ...``.  The service reports on
stdout as JSON event lines (see :mod:`.wire`), says when it is ready, and
stops when its stdin closes (so it never outlives the demo) or on SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Sequence

STOP_TIMEOUT = 10.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vobjects._demo.child")
    parser.add_argument("role", choices=("conductor", "compute"))
    parser.add_argument("--transport-url", required=True)
    parser.add_argument("--prefix", required=True, help="topic prefix of this demo run")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per RPC call")
    parser.add_argument("--retry", type=int, default=3, help="connection retries per RPC call")
    parser.add_argument("--verbose", action="store_true", help="log to stderr")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    if args.verbose:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    else:
        logging.getLogger().addHandler(logging.NullHandler())

    from vobjects import rpc
    from vobjects._demo import services, wire

    events = wire.ChildEvents(sys.stdout)
    topics = services.Topics(args.prefix)
    transport = rpc.get_transport(args.transport_url)
    if args.role == "conductor":
        server = services.conductor(transport, topics, events)
    else:
        server = services.compute(transport, topics, events, timeout=args.timeout, retry=args.retry)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server.start()
    sys.stdout.write(wire.EVENT_PREFIX + json.dumps({"ready": args.role, "pid": os.getpid()}) + "\n")
    sys.stdout.flush()

    def wait_for_eof() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    stop.wait()

    def shut_down() -> None:
        server.stop()
        server.wait()
        transport.cleanup()

    closer = threading.Thread(target=shut_down, daemon=True)
    closer.start()
    closer.join(STOP_TIMEOUT)
    sys.stdout.flush()
    # Bounded: a broker that went away must not keep this process alive.
    os._exit(0 if not closer.is_alive() else 1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
