"""Scalar field types: strings and string formats, numbers and booleans.

Coercion follows OVO to the letter, oddities included, because existing
callers depend on them: ``Integer`` truncates floats and takes bools,
``Boolean('false')`` is True, ``String`` takes numbers and datetimes, and
``UUID`` only warns about a malformed value.  Each ``coerce`` that returns
some values untouched says so in ``_vo_exact`` (see ``_core``).
"""

from __future__ import annotations

import datetime
import re
import warnings
from typing import TYPE_CHECKING, Any

from vobjects.fields._core import FieldType, StringPattern, printed, safe_text

if TYPE_CHECKING:
    from vobjects._object import VersionedObject

_STRING_SOURCES = (int, float, str, datetime.datetime)


class String(FieldType[str]):
    """Text; ints, floats and datetimes are accepted and turned into ``str``."""

    _vo_exact: tuple[type, ...] = (str,)

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> str:
        if type(value) is str:
            return value
        if isinstance(value, _STRING_SOURCES):
            return str(value)
        raise ValueError(f"A string is required in field {attr!s}, not a {type(value).__name__}")

    def stringify(self, value: str) -> str:
        return f"'{value}'"

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["string"]}


class SensitiveString(String):
    """A string never shown by ``stringify`` (so by object reprs); the wire value is not masked.

    OVO masks only password-like patterns (oslo.utils ``mask_password``), so a
    bare secret such as an API token appeared whole in ``repr(obj)`` and in
    every log line that printed the object.  vobjects shows ``'***'`` for any
    value (a documented difference: reprs are neither on the wire nor in
    fingerprints).
    """

    def stringify(self, value: str) -> str:
        return "'***'"


_version_predicate: Any = None


class VersionPredicate(String):
    """A version requirement such as ``'>=1.0,<2.0'``, kept as given."""

    _vo_exact: tuple[type, ...] = ()

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> str:
        global _version_predicate
        if not isinstance(value, str):
            raise ValueError(f"Version {safe_text(value)} should be a string type, not {type(value)!s}")
        if _version_predicate is None:
            from oslo_utils import versionutils

            _version_predicate = versionutils.VersionPredicate
        try:
            _version_predicate(value)
        except ValueError:
            raise ValueError(f"Version {value!s} is not a valid predicate in field {attr!s}") from None
        return value


_UUID_WARNING = (
    "{!r} is an invalid UUID. Using UUIDFields with invalid UUIDs is no longer "
    "supported, and will be removed in a future release. Please update your "
    "code to input valid UUIDs or accept ValueErrors for invalid UUIDs. See "
    "https://docs.openstack.org/oslo.versionedobjects/latest/reference/"
    "fields.html#oslo_versionedobjects.fields.UUIDField for further details"
)

_uuid_class: Any = None


def _uuid_parses(text: str) -> bool:
    """Whether ``uuid.UUID`` accepts ``text`` (braces, ``urn:uuid:``, no dashes...)."""
    global _uuid_class
    if _uuid_class is None:
        import uuid

        _uuid_class = uuid.UUID
    try:
        _uuid_class(text)
    except Exception:
        return False
    return True


#: ``fullmatch`` of the usual ``8-4-4-4-12`` hex form: a match object (true) or None.
#: One C call, cheaper than the general pattern (optional dashes) and than
#: any check written in Python.
_is_hyphenated_uuid = re.compile(
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
).fullmatch


class UUID(StringPattern[str]):
    """A UUID as text.  Malformed values are kept and only raise a FutureWarning.

    The common spellings are recognised by a precompiled regex; anything
    else is tried with ``uuid.UUID`` as OVO does.  The warning is issued
    only for values that fail both, and leaves the warning filters alone, so
    ``warnings.filterwarnings('error', category=FutureWarning)`` still turns
    it into an exception.
    """

    PATTERN = (
        r"^[a-fA-F0-9]{8}-?[a-fA-F0-9]{4}-?[a-fA-F0-9]{4}-?[a-fA-F0-9]"
        r"{4}-?[a-fA-F0-9]{12}$"
    )
    _vo_exact: tuple[type, ...] = ()
    #: A str for which this is true is returned unchanged, without a warning.
    _vo_valid = _is_hyphenated_uuid
    _CANONICAL = re.compile(PATTERN[1:-1])

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> str:
        # OVO stores f"{value}" of any value; one nested too deeply to be
        # printed (a hostile primitive) cannot be a UUID's text.
        text = value if type(value) is str else printed(value, format)
        if text is None:
            raise ValueError(f"A UUID is required in field {attr!s}, not a deeply nested {type(value).__name__}")
        if not _is_hyphenated_uuid(text) and UUID._CANONICAL.fullmatch(text) is None and not _uuid_parses(text):
            # Attributed to this module, as OVO's is to its fields module.
            # Called exactly as OVO calls it: projects' tests assert this call.
            warnings.warn(_UUID_WARNING.format(value), FutureWarning)  # noqa: B028
        return text


class MACAddress(StringPattern[str]):
    """A MAC address, stored lower case with ``:`` separators."""

    PATTERN = r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"
    _REGEX = re.compile(PATTERN)
    _vo_exact: tuple[type, ...] = ()

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> str:
        if isinstance(value, str):
            lowered = value.lower().replace("-", ":")
            if MACAddress._REGEX.match(lowered):
                return lowered
        raise ValueError("Malformed MAC " + safe_text(value))


class PCIAddress(StringPattern[str]):
    """A PCI address ``dddd:bb:ss.f``, stored lower case.

    Coercion accepts what OVO accepts, including any character in place of
    the ``.`` (OVO's regex leaves it unescaped); the published schema
    ``PATTERN`` requires the dot.  See doc/source/ovo-differences.rst.
    """

    PATTERN = r"^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\.[0-7]$"
    _REGEX = re.compile(r"^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f].[0-7]$")
    _vo_exact: tuple[type, ...] = ()

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> str:
        if isinstance(value, str):
            lowered = value.lower()
            if PCIAddress._REGEX.match(lowered):
                return lowered
        raise ValueError("Malformed PCI address " + safe_text(value))


class Integer(FieldType[int]):
    """``int(value)``: numeric strings are parsed, floats truncated, bools become 0/1."""

    _vo_exact: tuple[type, ...] = (int,)

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> int:
        return int(value)

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["integer"]}


class NonNegativeInteger(FieldType[int]):
    """As ``Integer``, then refuses negative results."""

    _vo_exact: tuple[type, ...] = ()

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> int:
        number = int(value)
        if number < 0:
            raise ValueError(f"Value must be >= 0 for field {attr!s}")
        return number

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["integer"], "minimum": 0}


class Float(FieldType[float]):
    """``float(value)``; strings such as ``'1e3'`` and ``'nan'`` are accepted."""

    _vo_exact: tuple[type, ...] = (float,)

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> float:
        return float(value)

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["number"]}


class NonNegativeFloat(FieldType[float]):
    """As ``Float``, then refuses negative results (``-0.0`` and NaN pass)."""

    _vo_exact: tuple[type, ...] = ()

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> float:
        number = float(value)
        if number < 0:
            raise ValueError(f"Value must be >= 0 for field {attr!s}")
        return number

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["number"], "minimum": 0}


class Boolean(FieldType[bool]):
    """Python truthiness: ``bool(value)``, so the string ``'false'`` is True."""

    _vo_exact: tuple[type, ...] = (bool,)

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> bool:
        return bool(value)

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["boolean"]}


# The words oslo.utils' bool_from_string reads as True (case and surrounding
# blanks ignored); every other value is False.
_TRUE_WORDS = frozenset(("1", "t", "true", "on", "y", "yes"))


class FlexibleBoolean(Boolean):
    """Friendly booleans: ``'yes'``, ``'on'``, ``'1'``, ``'t'``... are True, the rest False."""

    _vo_exact: tuple[type, ...] = (bool,)

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        try:
            text = value if isinstance(value, str) else str(value)
        except RecursionError:
            return False  # too deeply nested to print, so not one of the words
        return text.strip().lower() in _TRUE_WORDS
