"""Remotable methods and the indirection API that carries them over RPC.

When a class (or ``VersionedObject``) has an ``indirection_api``, a call to a
``@remotable`` method is sent through it instead of running locally: on a
nova-style compute node the conductor runs it and sends back the changes.
"""

from __future__ import annotations

import abc
import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from vobjects import exception
from vobjects._object import VersionedObject

_R = TypeVar("_R")


def _base() -> Any:
    """``vobjects.base``, looked up per call: tests patch names on it, as with OVO."""
    from vobjects import base

    return base


def _split_context(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, tuple[Any, ...], dict[str, Any]]:
    """The context (first positional or ``context=``) and the remaining arguments."""
    if args:
        return args[0], args[1:], kwargs
    rest = dict(kwargs)
    return rest.pop("context"), (), rest


def _call_on_class(fn: Callable[..., Any], cls: type[VersionedObject], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    context, rest_args, rest_kwargs = _split_context(args, kwargs)
    api = cls.indirection_api
    if api:
        objname = cls.obj_name()
        try:
            return api.object_class_action_versions(
                context,
                objname,
                fn.__name__,
                _base().obj_tree_get_versions(objname, registry=cls.OBJ_REGISTRY),
                rest_args,
                rest_kwargs,
            )
        except NotImplementedError:
            return api.object_class_action(context, objname, fn.__name__, cls.VERSION, rest_args, rest_kwargs)
    result = fn(cls, *args, **kwargs)
    if isinstance(result, VersionedObject):
        result._context = context
    return result


def _call_on_instance(fn: Callable[..., Any], obj: VersionedObject, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    context = obj._context
    if context is None:
        raise exception.OrphanedObjectError(method=fn.__name__, objtype=obj.obj_name())
    api = obj.indirection_api
    if not api:
        return fn(obj, *args, **kwargs)
    updates, result = api.object_action(context, obj, fn.__name__, args, kwargs)
    fields = obj.fields
    for key, value in updates.items():
        if key in fields:
            if not isinstance(value, VersionedObject):
                value = fields[key].from_primitive(obj, key, value)
            setattr(obj, key, value)
    obj.obj_reset_changes()
    obj._changed_fields = set(updates.get("obj_what_changed", []))
    return result


def _mark(wrapper: Callable[..., Any], fn: Callable[..., Any]) -> None:
    wrapper.remotable = True  # type: ignore[attr-defined]
    wrapper.original_fn = fn  # type: ignore[attr-defined]
    functools.update_wrapper(wrapper, fn)


def remotable(fn: Callable[..., _R]) -> Callable[..., _R]:
    """Make a method (or, under ``@classmethod``, a class method) remotable.

    With an indirection API in place the call goes through it
    (``object_action`` for instances, ``object_class_action_versions`` for
    classes); otherwise it runs locally.  An instance method needs a context.
    """

    def wrapper(first: Any, /, *args: Any, **kwargs: Any) -> Any:
        if isinstance(first, type):
            return _call_on_class(fn, first, args, kwargs)
        return _call_on_instance(fn, first, args, kwargs)

    _mark(wrapper, fn)
    return wrapper


def remotable_classmethod(fn: Callable[..., _R]) -> classmethod:  # type: ignore[type-arg]
    """Deprecated spelling of ``@classmethod`` over ``@remotable``."""
    warnings.warn(
        "remotable_classmethod is deprecated, use @classmethod with @remotable",
        DeprecationWarning,
        stacklevel=2,
    )

    def wrapper(cls: type[VersionedObject], /, *args: Any, **kwargs: Any) -> Any:
        return _call_on_class(fn, cls, args, kwargs)

    _mark(wrapper, fn)
    return classmethod(wrapper)


class VersionedObjectIndirectionAPI(abc.ABC):
    """What an object's ``indirection_api`` must provide (usually RPC to a conductor).

    Only ``object_action`` is required.  Callers try each ``*_versions``
    method first and fall back to the older form on NotImplementedError.
    """

    @abc.abstractmethod
    def object_action(
        self, context: Any, objinst: VersionedObject, objmethod: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[dict[str, Any], Any]:
        """Run ``objinst.objmethod(*args, **kwargs)`` remotely.

        Returns ``(updates, result)``: ``updates`` maps changed field names to
        primitives (or objects) and may hold ``'obj_what_changed'``.
        """

    def object_class_action(
        self, context: Any, objname: str, objmethod: str, objver: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        """Deprecated: run a class method remotely for a client at ``objver``."""
        return None

    def object_class_action_versions(
        self,
        context: Any,
        objname: str,
        objmethod: str,
        object_versions: dict[str, str],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        """Run a class method remotely; results are backported to ``object_versions``."""
        warnings.warn(
            "object_class_action() is deprecated in favor of object_class_action_versions() "
            "and will be removed in a later release",
            DeprecationWarning,
            stacklevel=2,
        )
        raise NotImplementedError("Multi-version class action not supported")

    def object_backport(self, context: Any, objinst: Any, target_version: str) -> Any:
        """Deprecated: return ``objinst`` backported to ``target_version``."""
        raise NotImplementedError("Backport not supported")

    def object_backport_versions(self, context: Any, objinst: Any, object_versions: dict[str, str]) -> Any:
        """Return ``objinst`` (a primitive) backported to the versions in ``object_versions``."""
        warnings.warn(
            "object_backport() is deprecated in favor of object_backport_versions() "
            "and will be removed in a later release",
            DeprecationWarning,
            stacklevel=2,
        )
        raise NotImplementedError("Multi-version backport not supported")
