"""Tests of scripts/start-rabbit.sh and scripts/stop-rabbit.sh with a real broker.

They run only with ``VOBJECTS_BROKER_TESTS=1`` (CI sets it), since they may
``apt-get install rabbitmq-server`` (as root) and start a broker.  They use
their own RMQ_BASE, ports and node name, so a broker that CI started for
other tests (default RMQ_BASE, port 5672) is left alone.  The tests run in
file order: start, start again, AMQP round trip, stop.
"""

from __future__ import annotations

import ipaddress
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _broker

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("VOBJECTS_BROKER_TESTS") != "1",
        reason="real-broker tests: set VOBJECTS_BROKER_TESTS=1 (may apt-get install rabbitmq-server)",
    ),
]

LOOPBACK = {ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")}


# ---- helpers ------------------------------------------------------------------
def _alive(pid: int) -> bool:
    """True if PID exists and is not a zombie (``kill -0`` succeeds on zombies)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X", "x")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _pick_ports() -> tuple[int, int, int]:
    """A free AMQP port p (with p + 20000 free too) and a free epmd port."""
    rng = random.Random()
    for _ in range(200):
        amqp = rng.randrange(15700, 25000)
        epmd = rng.randrange(14370, 15000)
        if all(_port_free(p) for p in (amqp, amqp + 20000, epmd)):
            return amqp, amqp + 20000, epmd
    raise RuntimeError("no free ports for the test broker")


def _listeners() -> list[tuple[int, ipaddress.IPv4Address | ipaddress.IPv6Address, int]]:
    """All listening TCP sockets as (inode, address, port), from /proc/net/tcp{,6}."""
    found = []
    for name in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/net/{name}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] != "0A":  # TCP_LISTEN
                continue
            addr_hex, port_hex = fields[1].split(":")
            raw = bytes.fromhex(addr_hex)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.append((int(fields[9]), ipaddress.ip_address(raw), int(port_hex, 16)))
    return found


def _socket_inodes(pid: int) -> set[int]:
    inodes = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def _ports_of(pid: int) -> dict[int, set]:
    """Listening ports of PID mapped to the addresses they are bound to."""
    inodes = _socket_inodes(pid)
    ports: dict[int, set] = {}
    for inode, addr, port in _listeners():
        if inode in inodes:
            ports.setdefault(port, set()).add(addr)
    return ports


def _marked_processes(base: str) -> list[int]:
    """Live PIDs whose environment carries start-rabbit.sh's marker for ``base``."""
    marker = f"VOBJECTS_RMQ_BASE={base}".encode()
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            env = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if marker in env and _alive(int(proc.name)):
            pids.append(int(proc.name))
    return pids


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


class Rabbit:
    """The test broker's knobs and what the tests learned about it."""

    def __init__(self) -> None:
        self.base = tempfile.mkdtemp(prefix="vobjects-rabbit-test-", dir="/tmp")
        self.port, self.dist_port, self.epmd_port = _pick_ports()
        self.env = {
            "RMQ_BASE": self.base,
            "RMQ_PORT": str(self.port),
            "RMQ_DIST_PORT": str(self.dist_port),
            "RMQ_EPMD_PORT": str(self.epmd_port),
            "RMQ_NODENAME": "vobjects-test@localhost",
            "RMQ_START_TIMEOUT": "90",
            "RMQ_STOP_TIMEOUT": "30",
        }
        self.url = f"amqp://guest:guest@127.0.0.1:{self.port}//"
        self.pid: int | None = None

    def run(self, script: Path, timeout: float, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", str(script)],
            env={**os.environ, **self.env, **extra},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="module")
def rabbit():
    r = Rabbit()
    try:
        yield r
    finally:
        r.run(_broker.STOP_SCRIPT, timeout=120, RMQ_WIPE="1")
        shutil.rmtree(r.base, ignore_errors=True)


# ---- tests ----------------------------------------------------------------------
def test_broker_available_refuses_non_loopback():
    """broker_available() raises ValueError rather than connect to a non-loopback host."""
    for url in ("rabbit://guest:guest@10.0.0.1:5672/", "rabbit://u:p@127.0.0.1:5672,u:p@example.com:5672/"):
        with pytest.raises(ValueError):
            _broker.broker_available(url, timeout=0.5)


def test_start_listens_on_loopback_only(rabbit):
    """start-rabbit.sh prints the PID of a live broker, and every port of it and its epmd is on loopback only."""
    rabbit.pid = _broker.start_broker(timeout=400, env=rabbit.env)
    assert _alive(rabbit.pid)

    beam_ports = _ports_of(rabbit.pid)
    assert set(beam_ports) == {rabbit.port, rabbit.dist_port}, beam_ports  # no plugin ports
    epmd_pid = _read_pid(Path(rabbit.base, "epmd.pid"))
    assert epmd_pid and _alive(epmd_pid)
    epmd_ports = _ports_of(epmd_pid)
    assert set(epmd_ports) == {rabbit.epmd_port}, epmd_ports
    for port, addrs in {**beam_ports, **epmd_ports}.items():
        assert addrs <= LOOPBACK, (port, addrs)
    # Nothing else listens on those ports on another interface either.
    ours = {rabbit.port, rabbit.dist_port, rabbit.epmd_port}
    for _inode, addr, port in _listeners():
        if port in ours:
            assert addr in LOOPBACK, (port, addr)
    assert _broker.broker_available(f"rabbit://guest:guest@127.0.0.1:{rabbit.port}/")


def test_start_is_idempotent(rabbit):
    """A second start-rabbit.sh reports the same broker PID instead of starting another."""
    first = rabbit.pid or _broker.start_broker(timeout=400, env=rabbit.env)
    assert _broker.start_broker(timeout=120, env=rabbit.env) == first
    rabbit.pid = first


def test_amqp_round_trip(rabbit):
    """A message published with kombu to a fresh queue comes back from the broker."""
    import kombu  # installed with oslo.messaging

    _broker.start_broker(timeout=400, env=rabbit.env)
    name = f"vobjects-test-{uuid.uuid4().hex}"
    body = {"token": uuid.uuid4().hex}
    exchange = kombu.Exchange(name, type="direct", durable=False, auto_delete=True)
    queue = kombu.Queue(name, exchange=exchange, routing_key=name, durable=False, auto_delete=True)
    with kombu.Connection(rabbit.url, connect_timeout=5, heartbeat=0) as conn:
        conn.ensure_connection(max_retries=3, interval_start=0.5, interval_step=0.5, timeout=15)
        with conn.SimpleQueue(queue) as sq:
            sq.put(body)
            message = sq.get(block=True, timeout=10)
            message.ack()
    assert message.payload == body


def test_stop_leaves_nothing_and_is_repeatable(rabbit):
    """stop-rabbit.sh leaves no process or listener behind, and a second stop is a no-op exiting 0."""
    base = Path(rabbit.base)
    pid = rabbit.pid or _broker.start_broker(timeout=400, env=rabbit.env)
    recorded = [pid] + [_read_pid(base / f) for f in ("wrapper.pid", "epmd.pid")]

    first = rabbit.run(_broker.STOP_SCRIPT, timeout=120)
    assert first.returncode == 0, first.stderr
    assert not [p for p in recorded if p and _alive(p)]
    assert _marked_processes(rabbit.base) == []
    ours = {rabbit.port, rabbit.dist_port, rabbit.epmd_port}
    assert not [entry for entry in _listeners() if entry[2] in ours]

    second = rabbit.run(_broker.STOP_SCRIPT, timeout=60)
    assert second.returncode == 0, second.stderr
    assert "nothing was running" in second.stderr

    wipe = rabbit.run(_broker.STOP_SCRIPT, timeout=60, RMQ_WIPE="1")
    assert wipe.returncode == 0, wipe.stderr
    assert not base.exists()
