"""The rolling-upgrade scenario: an API on release N drives a compute still on N-1.

:func:`run` starts the services (:class:`Embedded`: all in this process on
``kombu+memory:////``; :class:`Spawned`: the conductor and the compute as
subprocesses over a real broker), runs the steps, prints what crossed the
wire, and returns the exit code: 0 when every step did what it should.
"""

from __future__ import annotations

import collections
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from vobjects import exception, rpc
from vobjects._demo import release_n, services, wire

EMBEDDED_URL = "kombu+memory:////"
#: Transports that only connect services of one process.
IN_PROCESS_SCHEMES = ("kombu+memory", "fake")
#: Seconds a child service may take to say it is ready.
READY_TIMEOUT = 30.0


class DemoError(Exception):
    """The demo could not run (a service did not start, the broker is unreachable)."""


class _Guard:
    """Writes through to ``out``, masking ``secret`` and noting that it tried to leak."""

    def __init__(self, out: IO[str], secret: str) -> None:
        self.out, self.secret, self.leaked = out, secret, False

    def write(self, text: str) -> int:
        if self.secret in text:
            self.leaked = True
            text = text.replace(self.secret, "<leaked secret, masked>")
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def _safe_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


# -- where the services run -------------------------------------------------------------


class Embedded:
    """Conductor and compute as RPC servers in this process, on the in-memory transport."""

    where = "in one process"
    settle = 0.0

    def __init__(self, events: wire.Events, *, timeout: float, verbose: bool, url: str = EMBEDDED_URL) -> None:
        self.events, self.timeout = events, timeout
        self.topics = services.Topics(f"vobjects-demo-{uuid.uuid4().hex[:8]}")
        self.url = url
        self._servers: list[Any] = []

    def __enter__(self) -> Embedded:
        self.transport = rpc.get_transport(self.url)
        try:
            for server in (
                services.conductor(self.transport, self.topics, self.events),
                services.compute(self.transport, self.topics, self.events, timeout=self.timeout, retry=3),
            ):
                server.start()
                self._servers.append(server)
            self.client = services.api_client(self.transport, self.topics, self.events, timeout=self.timeout, retry=3)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info: Any) -> None:
        from vobjects._demo import release_n1

        for server in self._servers:
            server.stop()
        for server in self._servers:
            server.wait()
        release_n1.DemoObject.indirection_api = None
        self.transport.cleanup()

    def diagnostics(self) -> list[str]:
        return []


class Spawned:
    """Conductor and compute as subprocesses of this one, over the broker at ``url``."""

    where = "as separate processes"
    settle = 0.25

    def __init__(self, events: wire.Events, url: str, *, timeout: float, verbose: bool) -> None:
        self.events, self.url, self.timeout, self.verbose = events, url, timeout, verbose
        self.topics = services.Topics(f"vobjects-demo-{uuid.uuid4().hex[:8]}")
        self._children: dict[str, subprocess.Popen[str]] = {}
        self._ready: dict[str, threading.Event] = {}
        self._logs: dict[str, collections.deque[str]] = {}
        self._readers: list[threading.Thread] = []
        self.transport: Any = None

    def _check_broker(self) -> None:
        parts = urlsplit(self.url)
        for hostport in parts.netloc.rpartition("@")[2].split(","):
            host = urlsplit("//" + hostport.rpartition("@")[2])
            try:
                with socket.create_connection((host.hostname or "localhost", host.port or 5672), timeout=3):
                    return
            except OSError:
                continue
        raise DemoError(f"no broker answers at {_safe_url(self.url)}")

    def _relay(self, role: str, stream: IO[str]) -> None:
        for line in stream:
            if line.startswith(wire.EVENT_PREFIX):
                try:
                    record = json.loads(line[len(wire.EVENT_PREFIX) :])
                except ValueError:
                    continue
                if "ready" in record:
                    self._ready[role].set()
                else:
                    self.events.emit(record["who"], record["text"], record.get("details", ()), at=record["t"])
            else:
                self._logs[role].append(line.rstrip("\n"))

    def _spawn(self, role: str) -> None:
        command = [
            sys.executable,
            "-m",
            "vobjects._demo.child",
            role,
            "--transport-url",
            self.url,
            "--prefix",
            self.topics.prefix,
            "--timeout",
            str(self.timeout),
        ]
        if self.verbose:
            command.append("--verbose")
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._children[role] = child
        self._ready[role] = threading.Event()
        self._logs[role] = collections.deque(maxlen=40)
        assert child.stdout is not None
        reader = threading.Thread(target=self._relay, args=(role, child.stdout), daemon=True)
        reader.start()
        self._readers.append(reader)

    def __enter__(self) -> Spawned:
        self._check_broker()
        try:
            for role in ("conductor", "compute"):
                self._spawn(role)
            deadline = time.monotonic() + READY_TIMEOUT
            for role, ready in self._ready.items():
                while not ready.wait(0.1):
                    if self._children[role].poll() is not None:
                        raise DemoError(f"the {role} exited with status {self._children[role].returncode}")
                    if time.monotonic() > deadline:
                        raise DemoError(f"the {role} was not ready within {READY_TIMEOUT:.0f} s")
            self.transport = rpc.get_transport(self.url)
            self.client = services.api_client(self.transport, self.topics, self.events, timeout=self.timeout, retry=3)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info: Any) -> None:
        for child in self._children.values():
            if child.stdin:
                try:
                    child.stdin.close()
                except OSError:
                    pass
        for child in self._children.values():
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(timeout=5)
        for reader in self._readers:
            reader.join(timeout=5)
        for child in self._children.values():
            if child.stdout is not None:
                child.stdout.close()
        if self.transport is not None:
            self.transport.cleanup()

    def diagnostics(self) -> list[str]:
        lines = []
        for role, log in self._logs.items():
            if log:
                lines.append(f"output of the {role}:")
                lines.extend(f"    {line}" for line in log)
        return lines


# -- the steps ------------------------------------------------------------------------------


@dataclass
class Step:
    """One step: ``action`` returns what to print on success; ``expect`` names an error it must raise."""

    title: str
    action: Callable[[], str]
    expect: type[BaseException] | None = None
    check_error: Callable[[BaseException], bool] = lambda exc: True


def _instance(password: str) -> release_n.Instance:
    return release_n.Instance(
        uuid=str(uuid.uuid4()),
        vm_state="building",
        task_state="spawning",
        locked_by=None,
        host=None,
        admin_password=password,
        flavor=release_n.Flavor(id=1, name="m1.small", memory_mb=2048, vcpus=2),
    )


def _steps(env: Any, password: str) -> list[Step]:
    events, client = env.events, env.client
    context = {"request_id": f"req-{uuid.uuid4()}"}
    instance = _instance(password)

    def send(method: str, shown: str, details: list[str], **kwargs: Any) -> Any:
        events.emit("api", f"-> compute    {method}({shown})", details)
        try:
            reply = client.call(context, method, **kwargs)
        except Exception as exc:
            events.emit("api", f"<- compute    error {wire.first_line(exc)}")
            raise
        if hasattr(reply, "obj_to_primitive"):
            events.emit(
                "api",
                f"<- compute    {wire.label_of(reply)}, read with release N's "
                f"{type(reply).obj_name()} {type(reply).VERSION} class",
                wire.describe_value(reply, release_n.Registry),
            )
        else:
            events.emit("api", f"<- compute    {reply!r}")
        return reply

    def expect(condition: bool, what: str) -> None:
        if not condition:
            raise AssertionError(what)

    def build() -> str:
        shown = wire.describe(instance.obj_to_primitive(), release_n.Registry)
        got = send("build_instance", f"instance={wire.label_of(instance)}", shown, instance=instance)
        expect(isinstance(got, release_n.Instance), "the reply is not an Instance")
        expect(got.VERSION == "1.0" and got.flavor.VERSION == "1.0", "the compute did not answer at 1.0")
        expect(got.obj_attr_is_set("updated_at"), "the conductor's create() did not set updated_at")
        return "the compute got Instance 1.0, created it through the conductor and answered at 1.0"

    def start() -> str:
        got = send("start_instance", f"uuid={instance.uuid[:8]}...", [], uuid=instance.uuid)
        expect(got.vm_state == "active" and got.host == "compute-1", "the instance was not started")
        expect(not got.obj_what_changed(), "save() left changes behind")
        return "loaded and saved through the conductor, changes applied back to the compute's object"

    def hostile() -> str:
        bad = {
            "versioned_object.name": "Instance",
            "versioned_object.namespace": "vobjects_demo",
            "versioned_object.version": "1.0",
            "versioned_object.data": {
                "uuid": str(uuid.uuid4()),
                "vm_state": "building",
                "flavor": {
                    "versioned_object.name": "Flavor",
                    "versioned_object.namespace": "vobjects_demo",
                    "versioned_object.version": "1.0",
                    "versioned_object.data": {"id": 2, "name": "m1.big", "memory_mb": "lots"},
                },
            },
        }
        send("build_instance", "instance=<hand-made Instance 1.0 with Flavor.memory_mb='lots'>", [], instance=bad)
        return "accepted"

    def future_major() -> str:
        future = _instance(password).obj_to_primitive()
        future["versioned_object.version"] = "2.0"
        send("build_instance", "instance=<an Instance 2.0 from a future release>", [], instance=future)
        return "accepted"

    def ping() -> str:
        expect(send("ping", "", []) == "pong", "no pong")
        return "the compute still serves"

    return [
        Step("The API (N) sends a new Instance to the old compute (N-1), which creates it.", build),
        Step("The old compute starts it: a remotable classmethod, then save(), both on the conductor.", start),
        Step(
            "A malformed primitive is rejected with a clear error.",
            hostile,
            exception.FieldValueInvalid,
            lambda exc: "memory_mb" in str(exc),
        ),
        Step(
            "An object of another major version fails as IncompatibleObjectVersion, without a hang.",
            future_major,
            exception.IncompatibleObjectVersion,
            lambda exc: "Instance" in str(exc) and "2.0" in str(exc),
        ),
        Step("The compute kept serving.", ping),
    ]


def _run_step(number: int, total: int, step: Step, env: Any, out: IO[str]) -> bool:
    out.write(f"\nstep {number}/{total}  {step.title}\n")
    started = time.monotonic()
    try:
        outcome = step.action()
    except Exception as exc:
        elapsed = time.monotonic() - started
        env.events.flush(env.settle)
        if step.expect is not None and isinstance(exc, step.expect) and step.check_error(exc):
            out.write(f"  ok ({elapsed:.2f} s): rejected as expected, {wire.first_line(exc)}\n")
            return True
        out.write(f"  FAILED ({elapsed:.2f} s): {wire.first_line(exc)}\n")
        return False
    elapsed = time.monotonic() - started
    env.events.flush(env.settle)
    if step.expect is not None:
        out.write(f"  FAILED ({elapsed:.2f} s): expected {step.expect.__name__}, got {outcome}\n")
        return False
    out.write(f"  ok ({elapsed:.2f} s): {outcome}\n")
    return True


def run(transport_url: str | None, *, timeout: float, verbose: bool, out: IO[str] | None = None) -> int:
    """Run the scenario; 0 when every step did what it should, 1 otherwise."""
    from vobjects._demo import release_n1

    password = secrets.token_urlsafe(12)
    recorder = _Guard(out or sys.stdout, password)
    events = wire.Events(recorder)  # type: ignore[arg-type]
    env: Embedded | Spawned
    if transport_url is None:
        env = Embedded(events, timeout=timeout, verbose=verbose)
    elif urlsplit(transport_url).scheme in IN_PROCESS_SCHEMES:
        env = Embedded(events, timeout=timeout, verbose=verbose, url=transport_url)
    else:
        env = Spawned(events, transport_url, timeout=timeout, verbose=verbose)
    url = _safe_url(env.url)
    recorder.write(f"vobjects demo: a rolling upgrade from release N-1 to N, {env.where}, over {url}\n")
    for who, module, role in (
        ("conductor", release_n, "runs remotable methods and backports for older services"),
        ("compute", release_n1, "its indirection_api sends object calls to the conductor"),
        ("api", release_n, "an RPC client of the compute"),
    ):
        versions = ", ".join(
            f"{name} {classes[0].VERSION}" for name, classes in sorted(module.Registry.obj_classes().items())
        )
        recorder.write(f"  {who:<10} release {module.RELEASE:<4} {versions}: {role}\n")
    passed = 0
    try:
        with env:
            steps = _steps(env, password)
            for number, step in enumerate(steps, 1):
                passed += _run_step(number, len(steps), step, env, recorder)  # type: ignore[arg-type]
    except DemoError as exc:
        recorder.write(f"\nthe demo could not run: {exc}\n")
        for line in env.diagnostics():
            recorder.write(line + "\n")
        return 1
    total = len(steps)
    if recorder.leaked:
        recorder.write("\nFAILED: the admin password (a SensitiveString) reached the output\n")
        return 1
    recorder.write(f"\n{passed}/{total} steps passed\n")
    if passed != total:
        for line in env.diagnostics():
            recorder.write(line + "\n")
    recorder.flush()
    return 0 if passed == total else 1
