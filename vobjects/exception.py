"""Exceptions raised by vobjects.

Every exception here derives from :class:`VersionedObjectsException`, the
root that oslo.versionedobjects (OVO) also uses, so ``except`` clauses written
for OVO keep working after the import rename.  The tree::

    VersionedObjectsException
    +-- ObjectActionError                 a backport or set_defaults step failed
    +-- ObjectFieldInvalid                a ``fields`` value is not a Field
    +-- OrphanedObjectError               remotable method on an object with no context
    +-- IncompatibleObjectVersion         no registered class can read this version
    +-- ReadOnlyFieldError                a set read-only field was changed
    +-- UnsupportedObjectError            unknown object name or namespace
    +-- EnumRequiresValidValuesError      Enum() without valid values
    +-- EnumValidValuesInvalidError       Enum() valid values are not strings
    +-- EnumFieldInvalid                  BaseEnumField whose AUTO_TYPE is not an Enum
    +-- EnumFieldUnset                    BaseEnumField with AUTO_TYPE = None
    +-- InvalidTargetVersion              obj_to_primitive() to a newer version
    +-- TargetBeforeSubobjectExistedException   (internal to backports)
    +-- UnregisteredSubobject             a child object name is not registered
    +-- MalformedPrimitive (ValueError)   vobjects: a primitive that is not one
    |   +-- PrimitiveKeyMissing (KeyError)     a required envelope key is absent
    |   +-- PrimitiveTooDeep              nesting beyond the configured bound
    |   +-- PrimitiveTooLarge             a container beyond the configured bound
    +-- FieldValueInvalid (ValueError)    vobjects: a wire value a field rejects
    |   +-- FieldTypeInvalid (TypeError)  ... where the field raised TypeError
    |   +-- FieldAttributeInvalid (AttributeError), FieldOverflow (OverflowError),
    |       FieldKeyInvalid (KeyError), FieldIndexInvalid (IndexError): likewise
    +-- LifecycleInvalid (TypeError)      vobjects: a bad obj_field_history/obj_enum_history
    +-- EnumValueTooNew (ValueError)      vobjects: backport of an enum value the target lacks

The classes marked *vobjects* are new.  Each also derives from the builtin
that OVO raises in the same situation (``KeyError`` for a missing key,
``ValueError`` for a bad value), so code that catches OVO's builtin keeps
working while new code can catch one precise type.  They carry the object
name, field, value and version as attributes, and say them in the message.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

LOG = logging.getLogger(__name__)

#: Raise instead of falling back to the raw message when ``msg_fmt`` cannot be
#: formatted with the given keyword arguments.  OVO reads the same switch from
#: the oslo.config option ``[oslo_versionedobjects]
#: fatal_exception_format_errors``; vobjects honours that option too whenever
#: oslo.config is already imported, without importing it itself.
fatal_exception_format_errors = False

_F = TypeVar("_F", bound=Callable[..., Any])


def _fatal_format_errors() -> bool:
    if fatal_exception_format_errors:
        return True
    if "oslo_config" not in sys.modules:
        return False
    from vobjects import _options

    return _options.conf_fatal_exception_format_errors()


def _cleanse_dict(original: dict[str, Any]) -> dict[str, Any]:
    """Drop every key that names a password (``admin_password``, ``new_pass``)."""
    return {k: v for k, v in original.items() if "_pass" not in k}


def wrap_exception(
    notifier: Any = None, get_notifier: Callable[[], Any] | None = None
) -> Callable[[_F], _F]:
    """Decorate ``method(self, context, ...)`` to report exceptions, then re-raise.

    When a notifier is available (``notifier`` or ``get_notifier()``), an
    exception is sent as ``notifier.error(context, <method name>, payload)``
    where the payload holds the exception and the call arguments, minus any
    argument whose name contains ``_pass``.  The exception always propagates.
    """

    def inner(f: _F) -> _F:
        @functools.wraps(f)
        def wrapped(self: Any, context: Any, *args: Any, **kw: Any) -> Any:
            try:
                return f(self, context, *args, **kw)
            except Exception as exc:
                if notifier or get_notifier:
                    try:
                        import inspect  # only on this error path: it is slow to import

                        call_dict = inspect.getcallargs(f, self, context, *args, **kw)
                        payload = {"exception": exc, "args": _cleanse_dict(call_dict)}
                        target = notifier if notifier else get_notifier()  # type: ignore[misc]
                        target.error(context, f.__name__, payload)
                    except Exception:
                        LOG.exception("Could not send the error notification for %s", f.__name__)
                raise

        return wrapped  # type: ignore[return-value]

    return inner


class VersionedObjectsException(Exception):
    """Root of every vobjects exception.

    Subclasses set ``msg_fmt``; the message is ``msg_fmt % kwargs``.  The
    keyword arguments are kept in ``self.kwargs`` (with ``code`` defaulting
    to 500, as in OVO) and each one is also an attribute of the exception.
    """

    msg_fmt = "An unknown exception occurred."

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.kwargs.setdefault("code", 500)
        for key, value in kwargs.items():
            if not hasattr(type(self), key):
                setattr(self, key, value)
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except Exception:
                LOG.exception("Exception in string format operation")
                for name, value in kwargs.items():
                    LOG.error(f"{name}: {value}")  # one formatted string, as OVO logs it
                if _fatal_format_errors():
                    raise
                message = self.msg_fmt
        super().__init__(message)

    def format_message(self) -> str:
        return str(self.args[0])


class ObjectActionError(VersionedObjectsException):
    msg_fmt = "Object action %(action)s failed because: %(reason)s"


class ObjectFieldInvalid(VersionedObjectsException):
    msg_fmt = "Field %(field)s of %(objname)s is not an instance of Field"


class OrphanedObjectError(VersionedObjectsException):
    msg_fmt = "Cannot call %(method)s on orphaned %(objtype)s object"


class IncompatibleObjectVersion(VersionedObjectsException):
    msg_fmt = (
        "Version %(objver)s of %(objname)s is not supported, "
        "supported version is %(supported)s"
    )


class ReadOnlyFieldError(VersionedObjectsException):
    msg_fmt = "Cannot modify readonly field %(field)s"


class UnsupportedObjectError(VersionedObjectsException):
    msg_fmt = "Unsupported object type %(objtype)s"


class EnumRequiresValidValuesError(VersionedObjectsException):
    msg_fmt = "Enum fields require a list of valid_values"


class EnumValidValuesInvalidError(VersionedObjectsException):
    msg_fmt = "Enum valid values are not valid"


class EnumFieldInvalid(VersionedObjectsException):
    msg_fmt = "%(typename)s in %(fieldname)s is not an instance of Enum"


class EnumFieldUnset(VersionedObjectsException):
    msg_fmt = "%(fieldname)s missing field type"


class InvalidTargetVersion(VersionedObjectsException):
    msg_fmt = "Invalid target version %(version)s"


class TargetBeforeSubobjectExistedException(VersionedObjectsException):
    msg_fmt = "No subobject existed at version %(target_version)s"


class UnregisteredSubobject(VersionedObjectsException):
    msg_fmt = "%(child_objname)s is referenced by %(parent_objname)s but is not registered"


class _Located:
    """Mixin for errors found inside a nested primitive.

    ``path`` lists the enclosing ``Object.field`` steps, outermost first, and
    the message ends with them, so an error deep in a tree says where it is.
    """

    path: list[str]
    args: tuple[Any, ...]  # from the exception class it is mixed into

    def _add_location(self, step: str) -> None:
        self.__dict__.setdefault("path", []).insert(0, step)

    def __str__(self) -> str:
        message = str(self.args[0]) if self.args else ""
        path = self.__dict__.get("path")
        return f"{message} (at {' > '.join(path)})" if path else message


class MalformedPrimitive(_Located, VersionedObjectsException, ValueError):
    """A primitive that is not a well-formed versioned object.

    Raised for data from another process that is not a dict, has an envelope
    value of the wrong type, or carries a malformed version string.
    Attributes: ``objname`` and ``objver`` (None when unknown), ``reason``.
    """

    msg_fmt = "Malformed primitive for object %(objname)s version %(objver)s: %(reason)s"

    def __init__(
        self,
        message: str | None = None,
        *,
        objname: Any = None,
        objver: Any = None,
        reason: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(message, objname=objname, objver=objver, reason=reason, **kwargs)



class PrimitiveKeyMissing(MalformedPrimitive, KeyError):
    """A required ``<namespace>.<key>`` entry is absent (OVO raises KeyError)."""

    # KeyError.__str__ would show the message as a repr().
    __str__ = _Located.__str__


class PrimitiveTooDeep(MalformedPrimitive):
    """Objects nested deeper than :data:`vobjects.base.limits` ``max_depth``."""


class PrimitiveTooLarge(MalformedPrimitive):
    """A container longer than :data:`vobjects.base.limits` ``max_items``."""


class FieldValueInvalid(_Located, VersionedObjectsException, ValueError):
    """A value from a primitive that its field's type rejects.

    OVO lets the field's plain ``ValueError`` escape; vobjects wraps it in this
    ``ValueError`` subclass naming the object, version, field and value, and
    chains the original as ``__cause__``.
    """

    msg_fmt = (
        "Field %(field)s of %(objname)s version %(objver)s cannot hold %(value)s: %(reason)s"
    )


class FieldTypeInvalid(FieldValueInvalid, TypeError):
    """As :class:`FieldValueInvalid`, where the field raised ``TypeError``.

    OVO lets a ``TypeError`` escape (e.g. ``KeyTypeError`` for a dict with a
    non-string key); this stays a ``TypeError`` for callers that catch it.
    """


class FieldAttributeInvalid(FieldValueInvalid, AttributeError):
    """As :class:`FieldValueInvalid`, where OVO lets an ``AttributeError`` escape.

    For example a list on the wire for a dict field (OVO calls ``.items()`` on it).
    """


class FieldOverflow(FieldValueInvalid, OverflowError):
    """As :class:`FieldValueInvalid`, where OVO lets an ``OverflowError`` escape (``inf`` for an int)."""


class FieldKeyInvalid(FieldValueInvalid, KeyError):
    """As :class:`FieldValueInvalid`, where the field raised ``KeyError``."""

    __str__ = _Located.__str__


class FieldIndexInvalid(FieldValueInvalid, IndexError):
    """As :class:`FieldValueInvalid`, where the field raised ``IndexError``."""


class LifecycleInvalid(VersionedObjectsException, TypeError):
    """A declared lifecycle (``obj_field_history`` / ``obj_enum_history``) is wrong.

    Raised when the class is registered.  Attributes: ``objname``, ``field``, ``reason``.
    """

    msg_fmt = "Lifecycle of %(objname)s field %(field)s is invalid: %(reason)s"


class EnumValueTooNew(VersionedObjectsException, ValueError):
    """A backport met an enum value that the target version does not know.

    Raised by the generated backport when the value's declared policy is to
    refuse.  Attributes: ``objname``, ``field``, ``value``, ``added``, ``target_version``.
    """

    msg_fmt = (
        "Cannot backport %(objname)s.%(field)s to version %(target_version)s: the value %(value)r "
        "was added in %(added)s and no fallback is declared"
    )


# OVO registers its option on cfg.CONF when this module is imported, and
# projects rely on that: magnum's exception module calls
# ``CONF.import_opt('fatal_exception_format_errors', ...)`` at import time.
# Importing oslo.config here would more than double the import time of
# vobjects.base, so the option is registered now only when oslo.config is
# already loaded (as in every service that reads a configuration), and
# lazily otherwise (see vobjects._options).
if "oslo_config.cfg" in sys.modules:
    from oslo_config import cfg as _cfg

    from vobjects import _options as _options_module

    try:
        _options_module.register()
    except _cfg.DuplicateOptError:
        # Defined differently by someone else (another OVO release, say):
        # theirs stays, and is what _fatal_format_errors reads.
        pass
