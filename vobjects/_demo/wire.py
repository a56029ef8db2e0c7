"""What crossed the wire: events from the demo's services, and how to show them.

Each service reports through an :class:`Events` sink: in one process they go
to a list printed in time order at the end of each step; in a child process
(:class:`ChildEvents`) each one is a JSON line on stdout that the parent
collects.  Object primitives are shown field by field; values of
``SensitiveString`` fields, and of fields this release cannot classify, are
never shown.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from typing import IO, Any

from vobjects import fields, rpc
from vobjects.base import VersionedObjectSerializer

NS = "versioned_object"
K_NAME, K_VERSION, K_DATA = f"{NS}.name", f"{NS}.version", f"{NS}.data"
#: Prefix of an event line written by a child process.
EVENT_PREFIX = "@vobjects-demo-event "
HIDDEN = "<secret>"
UNKNOWN = "<not in this release>"


class Events:
    """Collects ``(time, service, text)`` reports; :meth:`flush` prints them in order."""

    def __init__(self, out: IO[str] | None = None) -> None:
        self.out = out or sys.stdout
        self._lock = threading.Lock()
        self._pending: list[tuple[float, int, str, str]] = []
        self._seq = 0

    def emit(self, who: str, text: str, details: Iterable[str] = (), at: float | None = None) -> None:
        """Report ``text`` by service ``who``, with indented ``details`` lines."""
        with self._lock:
            stamp = time.time() if at is None else at
            self._seq += 1
            self._pending.append((stamp, self._seq, who, text))
            for detail in details:
                for number, line in enumerate(_wrap(detail)):
                    self._seq += 1
                    self._pending.append((stamp, self._seq, "", ("  " if number else "") + line))

    def flush(self, settle: float = 0.0) -> None:
        """Print what was reported so far, oldest first (after ``settle`` seconds)."""
        if settle:
            time.sleep(settle)
        with self._lock:
            pending, self._pending = sorted(self._pending), []
        for _stamp, _seq, who, line in pending:
            self.out.write(f"  {who:<10} {line}\n" if who else f"  {'':<10}   {line}\n")
        self.out.flush()


def _wrap(line: str, width: int = 96) -> list[str]:
    """Wrap a long description at its commas."""
    if len(line) <= width:
        return [line]
    lines, current = [], ""
    for part in line.split(", "):
        candidate = f"{current}, {part}" if current else part
        if current and len(candidate) > width:
            lines.append(current + ",")
            current = part
        else:
            current = candidate
    lines.append(current)
    return lines


class ChildEvents(Events):
    """Events of a service in a child process: one JSON line each, on stdout at once."""

    def emit(self, who: str, text: str, details: Iterable[str] = (), at: float | None = None) -> None:
        record = {"t": time.time() if at is None else at, "who": who, "text": text, "details": list(details)}
        with self._lock:
            self.out.write(EVENT_PREFIX + json.dumps(record) + "\n")
            self.out.flush()


# -- describing primitives ----------------------------------------------------------


def _is_primitive(value: Any) -> bool:
    return isinstance(value, Mapping) and K_NAME in value and K_VERSION in value


def label(primitive: Mapping[str, Any]) -> str:
    """``'Instance 1.3'`` for a primitive."""
    return f"{primitive.get(K_NAME)} {primitive.get(K_VERSION)}"


def label_of(obj: Any) -> str:
    """``'Instance 1.3'`` for an object (at the version it would be sent at)."""
    return f"{obj.obj_name()} {obj.VERSION}"


def _field(registry: Any, objname: str, name: str) -> Any:
    for cls in registry.obj_classes().get(objname) or ():
        field = cls.fields.get(name)
        if field is not None:
            return field
    return None


def _secret(field: Any) -> bool:
    return isinstance(getattr(field, "_type", None), fields.SensitiveString)


def _show(value: Any) -> str:
    if _is_primitive(value):
        return label(value)
    if isinstance(value, list) and value and all(_is_primitive(item) for item in value):
        return f"[{len(value)} x {label(value[0])}]"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def describe(primitive: Mapping[str, Any], registry: Any) -> list[str]:
    """One line per object in ``primitive``: its label and its fields.

    ``registry`` (the describing release's) tells which fields are secret; a
    field it does not know is shown by name only.
    """
    lines: list[str] = []

    def walk(prim: Mapping[str, Any]) -> None:
        data = prim.get(K_DATA)
        if not isinstance(data, Mapping):
            lines.append(f"{label(prim)}: (malformed)")
            return
        shown = []
        children = []
        for name in sorted(data):
            value = data[name]
            field = _field(registry, str(prim.get(K_NAME)), name)
            if field is None:
                shown.append(f"{name}={UNKNOWN}")
            elif _secret(field):
                shown.append(f"{name}={HIDDEN}")
            else:
                shown.append(f"{name}={_show(value)}")
            if _is_primitive(value):
                children.append(value)
            elif isinstance(value, list):
                children.extend(item for item in value if _is_primitive(item))
        lines.append(f"{label(prim)}: {', '.join(shown) or '(no fields set)'}")
        for child in children:
            walk(child)

    walk(primitive)
    return lines


def describe_backports(full: Mapping[str, Any], backported: Mapping[str, Any]) -> list[str]:
    """``'Instance 1.3 -> 1.0, dropped task_state, locked_by'`` per backported object."""
    return [
        (f"{name} {old} -> {new}" if old != new else f"{name} {new}")
        + f", dropped {', '.join(dropped) if dropped else 'nothing'}"
        for name, old, new, dropped in rpc.describe_backport(full, backported, NS)
    ]


def first_line(exc: BaseException) -> str:
    """The class and first line of an error (a remote one carries its traceback after that)."""
    name = type(exc).__name__.removesuffix("_Remote")
    text = str(exc).strip().splitlines()
    return f"{name}: {text[0] if text else ''}"


def describe_value(value: Any, registry: Any) -> list[str]:
    """Lines describing an argument or a reply that may hold objects."""
    if hasattr(value, "obj_to_primitive"):
        return describe(value.obj_to_primitive(), registry)
    if _is_primitive(value):
        return describe(value, registry)
    return [_show(value)]


# -- tapped pieces: the rpc ones, reporting what they do ------------------------------


def tapped_serializer(base_class: type[Any], events: Events, who: str) -> VersionedObjectSerializer:
    """A serializer for ``base_class`` that reports each backport it has to ask for."""

    class TapSerializer(VersionedObjectSerializer):
        OBJ_BASE_CLASS = base_class

        def _do_backport(self, context: Any, objprim: dict[str, Any], objclass: type[Any]) -> Any:
            events.emit(
                who,
                f"received {label(objprim)}, newer than the {objclass.obj_name()} {objclass.VERSION} "
                "this release knows: asking the conductor to backport it",
            )
            return super()._do_backport(context, objprim, objclass)

    return TapSerializer()


class TapIndirectionAPI(rpc.RPCIndirectionAPI):
    """An :class:`~vobjects.rpc.RPCIndirectionAPI` that reports each call and reply."""

    def __init__(self, transport: Any, topic: str, *, events: Events, who: str, registry: Any, **kwargs: Any) -> None:
        super().__init__(transport, topic, **kwargs)
        self.events, self.who, self.registry = events, who, registry

    def _call(self, context: Any, method: str, **kwargs: Any) -> Any:
        summary, details = self._describe_call(method, kwargs)
        self.events.emit(self.who, f"-> conductor  {method}({summary})", details)
        try:
            reply = super()._call(context, method, **kwargs)
        except Exception as exc:
            self.events.emit(self.who, f"<- conductor  error {first_line(exc)}")
            raise
        summary, details = self._describe_reply(method, kwargs, reply)
        self.events.emit(self.who, f"<- conductor  {summary}", details)
        return reply

    @staticmethod
    def _versions(manifest: Mapping[str, str]) -> str:
        return ", ".join(f"{name}={version}" for name, version in sorted(manifest.items()))

    def _describe_call(self, method: str, kwargs: dict[str, Any]) -> tuple[str, list[str]]:
        if method == "object_action":
            obj = kwargs["objinst"]
            return f"{label_of(obj)}, {kwargs['objmethod']!r}", describe_value(obj, self.registry)
        if method == "object_class_action_versions":
            return (
                f"{kwargs['objname']}.{kwargs['objmethod']}, args={_show(list(kwargs['args']))}, "
                f"versions {self._versions(kwargs['object_versions'])}",
                [],
            )
        if method == "object_backport_versions":
            return f"{label(kwargs['objinst'])}, versions {self._versions(kwargs['object_versions'])}", []
        return ", ".join(f"{key}={_show(value)}" for key, value in kwargs.items()), []

    def _describe_reply(self, method: str, kwargs: dict[str, Any], reply: Any) -> tuple[str, list[str]]:
        if method == "object_action":
            objname = kwargs["objinst"].obj_name()
            updates, result = reply
            changed = updates.get("obj_what_changed", [])
            shown = []
            details = []
            for name, value in sorted(updates.items()):
                if name == "obj_what_changed":
                    continue
                if hasattr(value, "obj_to_primitive"):
                    shown.append(f"{name}={label_of(value)}")
                    details.extend(describe_value(value, self.registry))
                elif _field(self.registry, objname, name) is None:
                    shown.append(f"{name}={UNKNOWN}")
                elif _secret(_field(self.registry, objname, name)):
                    shown.append(f"{name}={HIDDEN}")
                else:
                    shown.append(f"{name}={_show(value)}")
            return (
                f"updates {', '.join(shown) or 'none'}; changed {', '.join(changed) or 'none'}; result {_show(result)}",
                details,
            )
        if hasattr(reply, "obj_to_primitive"):
            return f"{label_of(reply)}", describe_value(reply, self.registry)
        return _show(reply), []


class TapConductorEndpoint(rpc.ConductorEndpoint):
    """A :class:`~vobjects.rpc.ConductorEndpoint` that reports what it runs and backports."""

    def __init__(self, obj_base_class: type[Any], *, events: Events, who: str = "conductor") -> None:
        super().__init__(obj_base_class, on_backport=self._backported)
        # Private: public attributes of an endpoint are callable over RPC.
        self._events, self._who = events, who

    def _backported(self, context: Any, full: dict[str, Any], backported: dict[str, Any]) -> None:
        for line in describe_backports(full, backported):
            self._events.emit(self._who, f"backported {line}")

    def object_action(self, context: Any, **kwargs: Any) -> Any:
        obj = kwargs.get("objinst")
        if obj is not None and hasattr(obj, "obj_name"):
            self._events.emit(
                self._who,
                f"runs {obj.obj_name()}.{kwargs.get('objmethod')}() with its {label_of(type(obj))} class "
                f"on the caller's {obj.VERSION} data",
            )
        return super().object_action(context, **kwargs)

    def object_class_action_versions(self, context: Any, **kwargs: Any) -> Any:
        self._events.emit(self._who, f"runs {kwargs.get('objname')}.{kwargs.get('objmethod')}()")
        return super().object_class_action_versions(context, **kwargs)
