"""``VersionedObjectSerializer``: the oslo.messaging serializer for objects.

Imported on first access of ``vobjects.base.VersionedObjectSerializer``, so
that ``import vobjects.base`` does not pay for oslo.messaging (and eventlet).

Behaviour is OVO's (contract section 1.7): objects anywhere inside lists,
tuples, sets and dicts are turned into primitives and back; a primitive too
new for this process is truncated from ``X.Y.Z`` to ``X.Y`` and retried,
then backported through the indirection API.  Two OVO bugs are fixed without
changing what crosses the wire: the caller's primitive is no longer mutated
by the ``X.Y.Z`` retry, a ``defaultdict`` keeps its factory, and containers
nested beyond ``limits.max_depth`` raise
:class:`~vobjects.exception.PrimitiveTooDeep` instead of exhausting the stack,
and containers longer than ``limits.max_items`` raise
:class:`~vobjects.exception.PrimitiveTooLarge`.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

import oslo_messaging

from vobjects import _registry, base, exception
from vobjects._limits import limits
from vobjects._object import VersionedObject

_state = threading.local()


class VersionedObjectSerializer(oslo_messaging.NoOpSerializer):  # type: ignore[misc]
    """Serializes VersionedObjects for RPC; pass it to RPC clients and servers.

    Subclasses set ``OBJ_BASE_CLASS`` to their project's base object class,
    which selects the namespace and the indirection API used for backports.
    """

    OBJ_BASE_CLASS: type[VersionedObject] = VersionedObject

    def _do_backport(self, context: Any, objprim: dict[str, Any], objclass: type[VersionedObject]) -> Any:
        api = self.OBJ_BASE_CLASS.indirection_api
        # Through vobjects.base, where projects' tests patch it (as with OVO).
        versions = base.obj_tree_get_versions(objclass.obj_name(), registry=self.OBJ_BASE_CLASS.OBJ_REGISTRY)
        try:
            return api.object_backport_versions(context, objprim, versions)
        except NotImplementedError:
            return api.object_backport(context, objprim, objclass.VERSION)

    def _process_object(self, context: Any, objprim: dict[str, Any]) -> Any:
        try:
            return self.OBJ_BASE_CLASS.obj_from_primitive(objprim, context=context)
        except exception.IncompatibleObjectVersion:
            serial_ns = self.OBJ_BASE_CLASS.OBJ_SERIAL_NAMESPACE
            verkey = f"{serial_ns}.version"
            objver = objprim[verkey]
            if isinstance(objver, str) and objver.count(".") == 2:
                retry = dict(objprim)
                retry[verkey] = ".".join(objver.split(".")[:2])
                return self._process_object(context, retry)
            supported = _registry.lookup(objprim[f"{serial_ns}.name"], self.OBJ_BASE_CLASS.OBJ_REGISTRY)
            if self.OBJ_BASE_CLASS.indirection_api and supported:
                return self._do_backport(context, objprim, supported[0])
            raise

    def _process_iterable(self, context: Any, action_fn: Callable[[Any, Any], Any], values: Any) -> Any:
        """Apply ``action_fn`` to each item; a set comes back as a list."""
        depth = getattr(_state, "depth", 0)
        if depth >= limits.max_depth:
            raise exception.PrimitiveTooDeep(
                reason=f"containers are nested more than {limits.max_depth} deep (limits.max_depth)"
            )
        if len(values) > limits.max_items:
            raise exception.PrimitiveTooLarge(
                reason=f"a {type(values).__name__} of {len(values)} items is more than limits.max_items "
                f"({limits.max_items})"
            )
        _state.depth = depth + 1
        try:
            if isinstance(values, dict):
                pairs = [(key, action_fn(context, value)) for key, value in values.items()]
                if type(values) is dict:
                    return dict(pairs)
                # A copy keeps what a dict subclass holds besides its items
                # (a defaultdict's factory), which OVO's type(d)(pairs) lost.
                result = copy.copy(values)
                result.clear()
                result.update(pairs)
                return result
            if isinstance(values, tuple):
                return tuple([action_fn(context, value) for value in values])
            return [action_fn(context, value) for value in values]
        finally:
            _state.depth = depth

    # OVO names the first argument ``context``, not oslo.messaging's ``ctxt``;
    # callers passing it by keyword rely on that.
    def serialize_entity(self, context: Any, entity: Any) -> Any:  # pyright: ignore[reportIncompatibleMethodOverride]
        """Objects (also inside containers) to primitives; anything else unchanged."""
        if isinstance(entity, (tuple, list, set, dict)):
            return self._process_iterable(context, self.serialize_entity, entity)
        to_primitive = getattr(entity, "obj_to_primitive", None)
        if callable(to_primitive):
            return to_primitive()
        return entity

    def deserialize_entity(self, context: Any, entity: Any) -> Any:  # pyright: ignore[reportIncompatibleMethodOverride]
        """Primitives (also inside containers) back to objects, backporting if needed."""
        if isinstance(entity, dict) and f"{self.OBJ_BASE_CLASS.OBJ_SERIAL_NAMESPACE}.name" in entity:
            return self._process_object(context, entity)
        if isinstance(entity, (tuple, list, set, dict)):
            return self._process_iterable(context, self.deserialize_entity, entity)
        return entity
