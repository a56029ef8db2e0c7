"""Fixtures for the RPC tests: unique topics, the broker, child services on it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from tests import _broker

REPO = _broker.REPO
#: Seconds a child service may take to print READY.
READY_TIMEOUT = 30.0


@pytest.fixture(params=["vobjects", "ovo"])
def lib(request):
    """The library under test: its ``base``, ``fields`` and ``exception`` modules."""
    if request.param == "vobjects":
        from vobjects import base, exception, fields
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from oslo_versionedobjects import base, exception, fields
    return SimpleNamespace(name=request.param, base=base, fields=fields, exception=exception)


@pytest.fixture
def topic() -> str:
    """A topic no other test uses (queues outlive their clients on a shared broker)."""
    return f"vobjects-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def broker_url() -> str:
    """The RabbitMQ URL, or a skip: these tests need a broker (scripts/test.sh starts one)."""
    if os.environ.get("VOBJECTS_BROKER_TESTS") != "1":
        pytest.skip("RabbitMQ integration test: set VOBJECTS_BROKER_TESTS=1 and TRANSPORT_URL (scripts/test.sh does)")
    url = _broker.transport_url()
    if not url:
        pytest.fail("VOBJECTS_BROKER_TESTS=1 but TRANSPORT_URL is not set")
    if not _broker.broker_available(url):
        pytest.fail(f"VOBJECTS_BROKER_TESTS=1 but no broker answers at {url}")
    return url


class Child:
    """A service of ``tests/rpc/child.py`` in its own process, stopped at the end of the test."""

    def __init__(self, role: str, url: str, prefix: str, timeout: float = 10.0) -> None:
        self.role = role
        self.output: list[str] = []
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.rpc.child",
                role,
                "--url",
                url,
                "--prefix",
                prefix,
                "--timeout",
                str(timeout),
            ],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip() == "READY":
                self._ready.set()
            else:
                self.output.append(line.rstrip("\n"))

    def wait_ready(self, deadline: float) -> None:
        while not self._ready.wait(0.1):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = "\n".join(self.output[-30:])
                raise RuntimeError(f"child {self.role} did not get ready (exit {self.proc.returncode}):\n{tail}")

    def close(self) -> None:
        """Ask the child to stop (it stops when its stdin closes)."""
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def stop(self) -> None:
        """Stop the child and wait for it (killing it after 20 s)."""
        self.close()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        self._reader.join(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def children(broker_url: str, topic: str) -> Iterator:
    """``start(*roles)``: start child services on this test's topic prefix; all ready on return."""
    started: list[Child] = []

    def start(*roles: str, timeout: float = 10.0) -> list[Child]:
        new = [Child(role, broker_url, topic, timeout) for role in roles]
        started.extend(new)
        deadline = time.monotonic() + READY_TIMEOUT
        for child in new:
            child.wait_ready(deadline)
        return new

    yield start
    for child in started:
        child.close()  # all at once: each takes a few seconds to stop its server
    for child in started:
        child.stop()


@pytest.fixture
def rabbit_transport(broker_url: str):
    """A vobjects transport to the broker, for the test process (the "API" service)."""
    from vobjects import rpc

    transport = rpc.get_transport(broker_url)
    yield transport
    transport.cleanup()
