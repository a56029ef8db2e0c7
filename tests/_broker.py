"""Helpers for tests that use the private RabbitMQ test broker.

The broker is run by ``scripts/start-rabbit.sh`` and ``scripts/stop-rabbit.sh``
(loopback only; see the header of each script for its environment knobs).
CI starts it once and exports ``TRANSPORT_URL``; tests that need a broker
read that URL with :func:`transport_url` and may check it with
:func:`broker_available`.  A broker-restart test can use
:func:`restart_broker`, which runs the scripts with bounded timeouts.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
START_SCRIPT = REPO / "scripts" / "start-rabbit.sh"
STOP_SCRIPT = REPO / "scripts" / "stop-rabbit.sh"

#: Default AMQP port when a URL does not give one.
AMQP_PORT = 5672


def transport_url() -> str | None:
    """Return the oslo.messaging URL from env ``TRANSPORT_URL``, or None."""
    return os.environ.get("TRANSPORT_URL") or None


def _loopback_targets(host: str) -> list[str]:
    """Addresses to connect to for ``host``; ValueError unless loopback.

    ``localhost`` is not resolved (a hosts file could map it elsewhere): it
    stands for 127.0.0.1 and ::1.
    """
    if host.lower() == "localhost":
        return ["127.0.0.1", "::1"]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"refusing non-loopback broker host {host!r}") from None
    loopback = ip in ipaddress.ip_network("127.0.0.0/8") if ip.version == 4 else ip == ipaddress.IPv6Address("::1")
    if not loopback:
        raise ValueError(f"refusing non-loopback broker host {host!r}")
    return [str(ip)]


def broker_available(url: str, timeout: float = 2.0) -> bool:
    """Return True if a TCP connect to the broker in ``url`` succeeds.

    Only loopback hosts (127.0.0.0/8, ::1, localhost) are tried; any other
    host, or a URL without one (``fake://``), raises ValueError.  For an
    oslo.messaging URL with several hosts (``rabbit://a:1,b:2/``) all must be
    loopback, and one accepting a connection is enough.
    """
    if not url:
        raise ValueError("no broker URL given")
    netloc = urlsplit(url).netloc
    hosts = []
    for part in netloc.split(","):
        # Parse each host separately: urlsplit cannot handle the comma list.
        parsed = urlsplit("//" + part)
        if not parsed.hostname:
            raise ValueError(f"no broker host in URL {url!r}")
        hosts.append((_loopback_targets(parsed.hostname), parsed.port or AMQP_PORT))
    for addrs, port in hosts:
        for addr in addrs:
            try:
                with socket.create_connection((addr, port), timeout=timeout):
                    return True
            except OSError:
                continue
    return False


def _run(script: Path, timeout: float, env: Mapping[str, str] | None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    try:
        proc = subprocess.run(
            ["bash", str(script)],
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"{script.name} did not finish within {timeout} s") from exc
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.splitlines()[-40:])
        raise RuntimeError(f"{script.name} exited {proc.returncode}:\n{tail}")
    return proc


def start_broker(timeout: float = 300.0, env: Mapping[str, str] | None = None) -> int:
    """Run start-rabbit.sh (idempotent) and return the broker PID.

    ``env`` adds RMQ_* knobs to the current environment.  The default
    timeout leaves room for an ``apt-get install`` on a bare machine.
    """
    proc = _run(START_SCRIPT, timeout, env)
    lines = proc.stdout.split()
    if not lines or not lines[-1].isdigit():
        raise RuntimeError(f"start-rabbit.sh printed no PID: {proc.stdout!r}")
    return int(lines[-1])


def stop_broker(timeout: float = 90.0, env: Mapping[str, str] | None = None) -> None:
    """Run stop-rabbit.sh; a no-op when nothing is running."""
    _run(STOP_SCRIPT, timeout, env)


def restart_broker(
    stop_timeout: float = 90.0,
    start_timeout: float = 120.0,
    env: Mapping[str, str] | None = None,
) -> int:
    """Stop then start the broker, keeping its data; return the new PID.

    ``RMQ_KEEP_DATA=1`` is set unless ``env`` overrides it, so durable
    queues survive, as after a real broker restart.
    """
    merged = {"RMQ_KEEP_DATA": "1", **(env or {})}
    stop_broker(timeout=stop_timeout, env=merged)
    return start_broker(timeout=start_timeout, env=merged)
