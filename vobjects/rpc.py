"""RPC plumbing for objects across releases: the conductor pattern, done once.

A nova-style deployment lets services on an older release reach newer
objects through a *conductor* on the newest release: the old side's
``indirection_api`` sends remotable calls and backport requests over
oslo.messaging, the conductor runs them and answers at a version the caller
understands.  This module provides both halves and the set-up around them::

    from vobjects import rpc

    transport = rpc.get_transport("rabbit://guest:guest@127.0.0.1:5672/")

    # the conductor, on the newest release
    server = rpc.get_conductor_server(transport, topic="conductor")
    server.start()

    # a service on an older release
    MyObjectBase.indirection_api = rpc.RPCIndirectionAPI(transport, topic="conductor")

The wire methods and their arguments are the ones nova's conductor uses
(``object_action``, ``object_class_action_versions``,
``object_backport_versions`` and the deprecated ``object_class_action`` and
``object_backport``), so either side can be replaced by a hand-written one.

Deliberate differences from a hand-written nova conductor:

* only ``@remotable`` methods can be called through it, so a message cannot
  run arbitrary methods (``obj_reset_changes``, ``__init__``...);
* a backport across a major version is refused with
  :class:`~vobjects.exception.IncompatibleObjectVersion` instead of
  producing a primitive the receiver would misread;
* the field updates sent back by ``object_action`` are at the versions the
  caller sent: fields the caller's release does not have are left out, and
  child objects go back at the versions they came in at.

Importing this module imports oslo.messaging and oslo.config.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import oslo_messaging
import oslo_messaging.opts
from oslo_config import cfg

from vobjects import _versions, exception
from vobjects._object import VersionedObject
from vobjects._remotable import VersionedObjectIndirectionAPI

__all__ = [
    "API_VERSION",
    "ConductorEndpoint",
    "RPCIndirectionAPI",
    "describe_backport",
    "get_conductor_server",
    "get_transport",
    "make_conf",
    "serializer_for",
]

LOG = logging.getLogger(__name__)

#: Version of the conductor's object RPC API (the oslo.messaging target version).
API_VERSION = "1.0"

#: Option groups that oslo.messaging registers only on the global ``cfg.CONF``
#: but reads from the transport's own configuration (oslo.messaging >= 18.x).
_GLOBAL_ONLY_GROUPS = (
    ("oslo_messaging._metrics.client", "oslo_messaging_metrics"),
    ("oslo_messaging._tracing.client", "oslo_messaging_tracing"),
)


def make_conf(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> cfg.ConfigOpts:
    """A private ``cfg.ConfigOpts`` that oslo.messaging can work with.

    A fresh ``ConfigOpts`` lacks two option groups that recent oslo.messaging
    reads on the first ``call()`` (``oslo_messaging_metrics`` and
    ``oslo_messaging_tracing``); this registers them, with every other
    oslo.messaging option, so the result is usable without touching the
    global ``cfg.CONF``.  ``overrides`` maps a group (``"DEFAULT"`` for none)
    to ``{option: value}``.  The rabbit heartbeat is off by default: it only
    matters for long idle connections and warns on the in-memory transport.
    """
    conf = cfg.ConfigOpts()
    conf([], project="vobjects", default_config_files=[], default_config_dirs=[])
    for group, opts in oslo_messaging.opts.list_opts():
        conf.register_opts(opts, group=group)
    for module_name, group in _GLOBAL_ONLY_GROUPS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # an oslo.messaging without that feature
            continue
        conf.register_opts(getattr(module, group), group=group)
    settings: dict[str, dict[str, Any]] = {"oslo_messaging_rabbit": {"heartbeat_timeout_threshold": 0}}
    for group, values in (overrides or {}).items():
        settings.setdefault(group, {}).update(values)
    for group, values in settings.items():
        for name, value in values.items():
            conf.set_override(name, value, group=None if group == "DEFAULT" else group)
    return conf


def get_transport(
    url: str, conf: cfg.ConfigOpts | None = None, allowed_remote_exmods: Iterable[str] = ()
) -> oslo_messaging.Transport:
    """An RPC transport for ``url`` (``rabbit://...``, ``kombu+memory:////``).

    Exceptions from :mod:`vobjects.exception` raised on the far side are
    re-raised as themselves (an ``IncompatibleObjectVersion`` stays one)
    rather than as ``oslo_messaging.RemoteError``.
    """
    exmods = ["vobjects.exception", *allowed_remote_exmods]
    return oslo_messaging.get_rpc_transport(conf or make_conf(), url=url, allowed_remote_exmods=exmods)


def serializer_for(obj_base_class: type[Any] = VersionedObject) -> Any:
    """A ``VersionedObjectSerializer`` whose ``OBJ_BASE_CLASS`` is ``obj_base_class``.

    The base class selects the serial namespace, the registry used for
    hydration and the ``indirection_api`` asked for backports.
    """
    from vobjects.base import VersionedObjectSerializer

    if obj_base_class is VersionedObject:
        return VersionedObjectSerializer()
    cls = type(f"{obj_base_class.__name__}Serializer", (VersionedObjectSerializer,), {"OBJ_BASE_CLASS": obj_base_class})
    return cls()


def _wire_context(context: Any) -> Any:
    # oslo.messaging packs a dict or anything with to_dict(); None is allowed
    # for remotable calls (OVO only checks instance contexts) but not on the wire.
    return {} if context is None else context


class RPCIndirectionAPI(VersionedObjectIndirectionAPI):
    """An ``indirection_api`` that sends object calls to a conductor over RPC.

    Set it on the object base class of a service that must not run object
    methods itself (an old-release compute node)::

        MyObjectBase.indirection_api = RPCIndirectionAPI(transport, "conductor")

    ``serializer`` must be the one this service uses for its own RPC (by
    default the one for ``VersionedObject``).  ``timeout`` (seconds) bounds
    each call; ``retry`` bounds reconnection attempts when the broker is
    unreachable (None retries forever, as oslo.messaging does).
    """

    def __init__(
        self,
        transport: oslo_messaging.Transport,
        topic: str = "conductor",
        *,
        serializer: Any = None,
        namespace: str | None = None,
        server: str | None = None,
        timeout: float | None = None,
        retry: int | None = None,
    ) -> None:
        target = oslo_messaging.Target(topic=topic, namespace=namespace, server=server, version=API_VERSION)
        self.client = oslo_messaging.get_rpc_client(
            transport,
            target,
            serializer=serializer if serializer is not None else serializer_for(),
            timeout=timeout,
            retry=retry,
        )

    def _call(self, context: Any, method: str, **kwargs: Any) -> Any:
        return self.client.call(_wire_context(context), method, **kwargs)

    def object_action(
        self, context: Any, objinst: Any, objmethod: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[dict[str, Any], Any]:
        """Run ``objinst.objmethod(*args, **kwargs)`` on the conductor."""
        updates, result = self._call(
            context, "object_action", objinst=objinst, objmethod=objmethod, args=args, kwargs=kwargs
        )
        return updates, result

    def object_class_action(
        self, context: Any, objname: str, objmethod: str, objver: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        """Deprecated form of :meth:`object_class_action_versions` (one version only)."""
        return self._call(
            context,
            "object_class_action",
            objname=objname,
            objmethod=objmethod,
            objver=objver,
            args=args,
            kwargs=kwargs,
        )

    def object_class_action_versions(
        self,
        context: Any,
        objname: str,
        objmethod: str,
        object_versions: dict[str, str],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        """Run class method ``objname.objmethod`` on the conductor; results come back at our versions."""
        return self._call(
            context,
            "object_class_action_versions",
            objname=objname,
            objmethod=objmethod,
            object_versions=object_versions,
            args=args,
            kwargs=kwargs,
        )

    def object_backport(self, context: Any, objinst: Any, target_version: str) -> Any:
        """Deprecated form of :meth:`object_backport_versions` (no child versions)."""
        return self._call(context, "object_backport", objinst=objinst, target_version=target_version)

    def object_backport_versions(self, context: Any, objinst: Any, object_versions: dict[str, str]) -> Any:
        """Ask the conductor for ``objinst`` (a primitive too new for us) at ``object_versions``."""
        return self._call(context, "object_backport_versions", objinst=objinst, object_versions=object_versions)


_MISSING = object()


def describe_backport(
    full: Mapping[str, Any], backported: Mapping[str, Any], serial_namespace: str = "versioned_object"
) -> list[tuple[str, str, str, list[str]]]:
    """What a backport changed: ``(name, from version, to version, dropped fields)`` per object.

    ``full`` and ``backported`` are primitives of the same object before and
    after ``obj_to_primitive(target_version=...)``; child objects are
    compared too, the parent first.  Objects that kept their version and
    fields are left out.
    """
    key_name, key_version, key_data = (f"{serial_namespace}.{key}" for key in ("name", "version", "data"))
    found: list[tuple[str, str, str, list[str]]] = []

    def walk(before: Any, after: Any) -> None:
        if not (isinstance(before, Mapping) and isinstance(after, Mapping)):
            return
        if key_name not in before or key_name not in after:
            return
        data_before, data_after = before.get(key_data), after.get(key_data)
        if not (isinstance(data_before, Mapping) and isinstance(data_after, Mapping)):
            return
        dropped = sorted(set(data_before) - set(data_after))
        if before.get(key_version) != after.get(key_version) or dropped:
            found.append((str(before[key_name]), str(before.get(key_version)), str(after.get(key_version)), dropped))
        for name in data_before:
            if name not in data_after:
                continue
            value_before, value_after = data_before[name], data_after[name]
            if isinstance(value_before, list) and isinstance(value_after, list):
                for item_before, item_after in zip(value_before, value_after, strict=False):
                    walk(item_before, item_after)
            else:
                walk(value_before, value_after)

    walk(full, backported)
    return found


def _relabel(primitive: Any, versions: Mapping[str, str], serial_namespace: str) -> None:
    """Set the version of each object in ``primitive`` named in ``versions`` (in place)."""
    key_name, key_version, key_data = (f"{serial_namespace}.{key}" for key in ("name", "version", "data"))
    if isinstance(primitive, list):
        for item in primitive:
            _relabel(item, versions, serial_namespace)
        return
    if not isinstance(primitive, dict) or key_name not in primitive:
        return
    if primitive[key_name] in versions:
        primitive[key_version] = versions[primitive[key_name]]
    for value in (primitive.get(key_data) or {}).values():
        _relabel(value, versions, serial_namespace)


def _served(method: Callable[..., Any]) -> Callable[..., Any]:
    """Send object errors to the caller without a traceback in this service's log."""

    @functools.wraps(method)
    def wrapper(self: ConductorEndpoint, context: Any, **kwargs: Any) -> Any:
        try:
            return method(self, context, **kwargs)
        except oslo_messaging.ExpectedException:
            raise
        except exception.VersionedObjectsException as exc:
            LOG.info("%s refused: %s", method.__name__, exc)
            raise oslo_messaging.ExpectedException() from None

    return wrapper


class ConductorEndpoint:
    """The conductor's side: serves the calls :class:`RPCIndirectionAPI` sends.

    ``obj_base_class`` is the base class of this (newest) release's objects;
    classes are looked up through it.  Its ``indirection_api`` must be unset:
    the conductor runs the methods itself.  Only ``@remotable`` methods may be
    called.  Errors raised by the methods go back to the caller without a
    traceback in this service's log.

    ``on_backport(context, full, backported)`` is called after each backport
    made for a caller, with the primitive before and after (see
    :func:`describe_backport`); without it, backports are logged at DEBUG.
    """

    def __init__(
        self,
        obj_base_class: type[Any] = VersionedObject,
        *,
        namespace: str | None = None,
        on_backport: Callable[[Any, dict[str, Any], dict[str, Any]], None] | None = None,
    ) -> None:
        if obj_base_class.indirection_api:
            raise ValueError(
                f"{obj_base_class.__name__}.indirection_api is set: a conductor must run object methods itself"
            )
        # Private: every public attribute of an endpoint can be called over RPC.
        self._base = obj_base_class
        self._on_backport = on_backport
        self.target = oslo_messaging.Target(namespace=namespace, version=API_VERSION)

    def _watching(self) -> bool:
        return self._on_backport is not None or LOG.isEnabledFor(logging.DEBUG)

    def _report(self, context: Any, full: dict[str, Any], backported: dict[str, Any]) -> None:
        if self._on_backport is not None:
            self._on_backport(context, full, backported)
            return
        namespace = self._base.OBJ_SERIAL_NAMESPACE
        for name, old, new, dropped in describe_backport(full, backported, namespace):
            LOG.debug("backported %s %s -> %s, dropped %s", name, old, new, ", ".join(dropped) or "nothing")

    # -- helpers ------------------------------------------------------------

    @staticmethod
    def _dispatch(target: Any, objname: str, objmethod: Any, args: Any, kwargs: Any, context: Any = _MISSING) -> Any:
        if type(objmethod) is not str or objmethod.startswith("_"):
            raise exception.ObjectActionError(action=_versions._shorten(objmethod), reason="not a method name")
        # The method name comes from the message: quoted bounded, as any wire value.
        if not isinstance(args, (list, tuple)) or not isinstance(kwargs, dict):
            raise exception.ObjectActionError(
                action=_versions._clip(objmethod), reason="args must be a list and kwargs a dict"
            )
        method = getattr(target, objmethod, None)
        if not callable(method) or not getattr(method, "remotable", False):
            raise exception.ObjectActionError(
                action=_versions._clip(objmethod),
                reason=f"{objname} has no remotable method {_versions._shorten(objmethod)}",
            )
        if context is not _MISSING:
            args = [context, *args]
        try:
            return method(*args, **kwargs)
        except Exception:
            # Raised by the object's own code: the caller gets it, our log
            # does not fill with tracebacks of other services' mistakes.
            raise oslo_messaging.ExpectedException() from None

    def _class(self, objname: Any, objver: Any) -> type[Any]:
        if type(objname) is not str or type(objver) is not str:
            raise exception.ObjectActionError(
                action="class lookup",
                reason=f"object name and version must be strings, got {_versions._shorten(objname)} "
                f"and {_versions._shorten(objver)}",
            )
        return self._base.obj_class_from_name(objname, objver)  # type: ignore[no-any-return]

    @staticmethod
    def _check_manifest(object_versions: Any) -> dict[str, str]:
        if not isinstance(object_versions, dict) or not all(
            type(k) is str and type(v) is str for k, v in object_versions.items()
        ):
            raise exception.ObjectActionError(
                action="backport", reason="object_versions must map object names to version strings"
            )
        return object_versions

    def _backport_to(self, context: Any, obj: Any, target: str, manifest: dict[str, str] | None) -> dict[str, Any]:
        """``obj`` as a primitive at ``target``; a different major is refused."""
        have = _versions.parse(obj.VERSION, objname=obj.obj_name())
        want = _versions.parse(target, objname=obj.obj_name())
        if have[0] != want[0]:
            raise exception.IncompatibleObjectVersion(objname=obj.obj_name(), objver=obj.VERSION, supported=target)
        primitive: dict[str, Any] = obj.obj_to_primitive(target_version=target, version_manifest=manifest)
        if self._watching():
            self._report(context, obj.obj_to_primitive(), primitive)
        return primitive

    @staticmethod
    def _sent_versions(objinst: Any) -> tuple[dict[str, str], dict[str, str]] | None:
        """The versions of ``objinst`` and its children as sent, and as this release has them.

        Hydration keeps the sender's version on each instance while the class
        is this release's newest of that major.  None when every object is at
        its class's version (nothing to backport).
        """
        sent: dict[str, str] = {}
        newest: dict[str, str] = {}
        pending = [objinst]
        while pending:
            obj = pending.pop()
            name = obj.obj_name()
            if name in sent:
                continue
            sent[name], newest[name] = obj.VERSION, type(obj).VERSION
            for field in obj.fields:
                if not obj.obj_attr_is_set(field):
                    continue
                value = getattr(obj, field)
                values = value if isinstance(value, (list, tuple)) else (value,)
                pending.extend(item for item in values if hasattr(item, "obj_name") and hasattr(item, "fields"))
        return (sent, newest) if sent != newest else None

    def _caller_data(
        self, context: Any, objinst: Any, versions: tuple[dict[str, str], dict[str, str]] | None, report: bool = False
    ) -> tuple[dict[str, Any], set[str]]:
        """The fields of ``objinst`` as primitives at the versions its caller sent, and the names set.

        The object's own ``obj_make_compatible`` takes it back, with the sent
        versions as the manifest for its children (so no ``obj_relationships``
        are needed).  With ``report``, the backport is passed to ``on_backport``.
        """
        primitive = objinst.obj_to_primitive()
        key_data = objinst._obj_primitive_key("data")
        data: dict[str, Any] = primitive[key_data]
        names = set(data)
        if versions is not None:
            sent, newest = versions
            objinst.obj_make_compatible_from_manifest(data, sent[objinst.obj_name()], sent)
            if report and self._watching():
                full = objinst.obj_to_primitive()
                _relabel(full, newest, objinst.OBJ_SERIAL_NAMESPACE)
                self._report(context, full, primitive)
        return data, names

    def _result_for(self, context: Any, result: Any, manifest: dict[str, str]) -> Any:
        """Backport objects in ``result`` that are newer than the caller knows."""
        if hasattr(result, "obj_to_primitive") and hasattr(result, "obj_name"):
            target = manifest.get(result.obj_name())
            if target is None or target == result.VERSION:
                return result
            have = _versions.parse(result.VERSION, objname=result.obj_name())
            want = _versions.parse(target, objname=result.obj_name())
            if want < have or want[0] != have[0]:
                return self._backport_to(context, result, target, manifest)
            return result
        if isinstance(result, list):
            return [self._result_for(context, item, manifest) for item in result]
        if isinstance(result, tuple):
            return tuple(self._result_for(context, item, manifest) for item in result)
        if isinstance(result, dict):
            return {key: self._result_for(context, value, manifest) for key, value in result.items()}
        return result

    # -- the RPC methods ------------------------------------------------------

    @_served
    def object_class_action_versions(
        self, context: Any, objname: str, objmethod: str, object_versions: Any, args: Any, kwargs: Any
    ) -> Any:
        """Run a remotable class method; objects in the result are backported to ``object_versions``."""
        manifest = self._check_manifest(object_versions)
        if type(objname) is not str or objname not in manifest:
            raise exception.ObjectActionError(
                action=_versions._shorten(objmethod),
                reason=f"object_versions does not name {_versions._shorten(objname)}",
            )
        objclass = self._class(objname, manifest[objname])
        result = self._dispatch(objclass, objname, objmethod, args, kwargs, context)
        return self._result_for(context, result, manifest)

    @_served
    def object_class_action(
        self, context: Any, objname: str, objmethod: str, objver: str, args: Any, kwargs: Any
    ) -> Any:
        """Deprecated: run a remotable class method for a caller at ``objver``."""
        objclass = self._class(objname, objver)
        result = self._dispatch(objclass, objname, objmethod, args, kwargs, context)
        if isinstance(result, VersionedObject) and result.obj_name() == objname:
            return self._result_for(context, result, {objname: objver})
        return result

    @_served
    def object_action(self, context: Any, objinst: Any, objmethod: str, args: Any, kwargs: Any) -> Any:
        """Run a remotable method on ``objinst``; return ``(updates, result)``.

        ``updates`` holds, as primitives at the caller's version of the
        object, the fields the method set or changed, and under
        ``'obj_what_changed'`` the names the caller should see as changed.
        """
        if not isinstance(objinst, VersionedObject) and not hasattr(objinst, "obj_what_changed"):
            raise exception.ObjectActionError(
                action=_versions._shorten(objmethod), reason=f"expected an object, got {type(objinst).__name__}"
            )
        versions = self._sent_versions(objinst)
        before, _ = self._caller_data(context, objinst, versions)
        result = self._dispatch(objinst, objinst.obj_name(), objmethod, args, kwargs)
        after, names = self._caller_data(context, objinst, versions, report=True)
        dropped = names - set(after)
        updates: dict[str, Any] = {name: value for name, value in after.items() if before.get(name, _MISSING) != value}
        updates["obj_what_changed"] = sorted(name for name in objinst.obj_what_changed() if name not in dropped)
        return updates, result

    @_served
    def object_backport_versions(self, context: Any, objinst: Any, object_versions: Any) -> Any:
        """``objinst`` as a primitive at the versions in ``object_versions``."""
        manifest = self._check_manifest(object_versions)
        if not hasattr(objinst, "obj_to_primitive"):
            raise exception.ObjectActionError(
                action="backport", reason=f"expected an object, got {type(objinst).__name__}"
            )
        target = manifest.get(objinst.obj_name())
        if target is None:
            raise exception.ObjectActionError(
                action="backport", reason=f"object_versions does not name {objinst.obj_name()}"
            )
        return self._backport_to(context, objinst, target, manifest)

    @_served
    def object_backport(self, context: Any, objinst: Any, target_version: Any) -> Any:
        """Deprecated: ``objinst`` as a primitive at ``target_version`` (children by relationships)."""
        if not hasattr(objinst, "obj_to_primitive") or type(target_version) is not str:
            raise exception.ObjectActionError(action="backport", reason="expected an object and a version string")
        return self._backport_to(context, objinst, target_version, None)


def get_conductor_server(
    transport: oslo_messaging.Transport,
    topic: str = "conductor",
    *,
    obj_base_class: type[Any] = VersionedObject,
    server: str = "conductor",
    serializer: Any = None,
    endpoints: Sequence[Any] = (),
    namespace: str | None = None,
    on_backport: Callable[[Any, dict[str, Any], dict[str, Any]], None] | None = None,
) -> oslo_messaging.MessageHandlingServer:
    """An RPC server (not started) serving a :class:`ConductorEndpoint`.

    ``endpoints`` are served next to it on the same topic; ``on_backport``
    is passed to the :class:`ConductorEndpoint`.  Call ``start()``
    before the first client call (the server declares its queues then) and
    ``stop()`` then ``wait()`` at the end.
    """
    target = oslo_messaging.Target(topic=topic, server=server)
    return oslo_messaging.get_rpc_server(
        transport,
        target,
        [ConductorEndpoint(obj_base_class, namespace=namespace, on_backport=on_backport), *endpoints],
        serializer=serializer if serializer is not None else serializer_for(obj_base_class),
    )
