"""``vobjects demo``: the rolling-upgrade scenario, end to end over RPC.

Without arguments the three services (an API and a conductor on release N,
a compute still on release N-1) run in this process on oslo.messaging's
in-memory transport.  With ``--transport-url rabbit://...`` the conductor
and the compute run as subprocesses over that broker.  It prints what
crossed the wire at which version and every backport, and exits 1 if any
step did not do what it should.
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--transport-url",
        metavar="URL",
        help="run the services as separate processes over this broker (e.g. rabbit://guest:guest@127.0.0.1:5672/); "
        "default: all in this process on kombu+memory:////",
    )
    parser.add_argument(
        "--timeout", type=float, default=15.0, metavar="SECONDS", help="bound on each RPC call (default 15)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also show the services' logs")


def run(args: argparse.Namespace) -> int:
    # oslo.messaging imports eventlet, which warns on import; not our news.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    if args.verbose:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    else:
        # Errors the demo provokes on purpose are reported by the demo itself.
        logging.getLogger().addHandler(logging.NullHandler())
    if args.timeout <= 0:
        print("vobjects demo: --timeout must be positive", file=sys.stderr)
        return 2
    try:
        import oslo_messaging  # noqa: F401
    except ImportError:
        print("vobjects demo needs oslo.messaging: pip install 'vobjects[rpc]'", file=sys.stderr)
        return 2
    from vobjects._demo import scenario

    return scenario.run(args.transport_url, timeout=args.timeout, verbose=args.verbose)
