"""Helpers for the differential field tests (vobjects against the real OVO).

``outcome`` runs a call and records either its normalised result or the
exception it raised (class name and text), so the two libraries can be
compared with one ``==``.  Warnings raised as errors (our run uses
``-W error``) are recorded like exceptions: a UUID ``FutureWarning`` must
then carry the same text on both sides.
"""

from __future__ import annotations

import datetime
import math
import warnings
from typing import Any

import netaddr
import oslo_versionedobjects.fields as ovo_fields

from vobjects import fields

with warnings.catch_warnings():
    # OVO's base imports oslo.messaging, which imports eventlet, which warns
    # when imported.  Importing it here, once and quietly, keeps that warning
    # out of ``-W error`` runs (the shared conftest imports it per test).
    warnings.simplefilter("ignore")
    import oslo_versionedobjects.base as ovo_base  # noqa: F401  (re-exported to the tests)


class Holder:
    """A stand-in for the object that owns a field (``obj`` argument)."""

    _context = None

    def __repr__(self) -> str:
        return "Holder()"


HOLDER = Holder()


def norm(value: Any) -> Any:
    """A structure equal for equal values of either library, types included."""
    kind = type(value).__name__
    if isinstance(value, float) and math.isnan(value):
        return (kind, "nan")
    if isinstance(value, datetime.datetime):
        tz = value.tzinfo
        tzinfo = None if tz is None else (type(tz).__name__, tz.utcoffset(value), tz.tzname(value))
        return (kind, value.replace(tzinfo=None), tzinfo)
    if isinstance(value, (netaddr.IPAddress, netaddr.IPNetwork)):
        return (kind, str(value), value.version)
    if isinstance(value, dict):
        extra = (getattr(value, "_field", None),)
        return (kind, extra, [(norm(k), norm(v)) for k, v in value.items()])
    if isinstance(value, (set, frozenset)):
        extra = (getattr(value, "_field", None),)
        return (kind, extra, sorted((norm(v) for v in value), key=repr))
    if isinstance(value, (list, tuple)):
        extra = (getattr(value, "_field", None),)
        return (kind, extra, [norm(v) for v in value])
    return (kind, value)


def outcome(call: Any, *args: Any) -> Any:
    """``('ok', norm(result))`` or ``('error', exception class name, text)``."""
    try:
        result = call(*args)
    except Exception as exc:  # the point is to compare any failure
        return ("error", type(exc).__name__, str(exc))
    return ("ok", norm(result))


def same_sets_order(a: Any, b: Any) -> bool:
    """Whether two tuples hold the same elements (set primitives have no order)."""
    return sorted(map(repr, a)) == sorted(map(repr, b))


def pair(name: str, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
    """The OVO and vobjects instances of the class ``name`` built with the same arguments."""
    return getattr(ovo_fields, name)(*args, **kwargs), getattr(fields, name)(*args, **kwargs)


def test_norm_tells_types_apart():
    """norm() distinguishes values that are == but of different types, so comparisons are strict."""
    assert norm(1) != norm(1.0)
    assert norm(True) != norm(1)
    assert norm([1]) != norm((1,))
    assert norm(float("nan")) == norm(float("nan"))


def test_outcome_records_errors():
    """outcome() turns an exception into a comparable record."""
    assert outcome(int, "x")[:2] == ("error", "ValueError")
    assert outcome(int, "1") == ("ok", ("int", 1))
