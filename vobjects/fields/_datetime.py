"""The ``DateTime`` field type and the ISO 8601 text it uses on the wire.

The wire text is OVO's ``_utils.isotime`` byte for byte, quirks included:
microseconds are dropped and the zone suffix is ``Z`` or the tzinfo's
``tzname(None)`` verbatim (``'UTC+05:00'`` for ``timezone(timedelta(hours=5))``).
Reading accepts what iso8601 accepts, plus that ``UTC+HH:MM`` suffix, which
OVO writes but cannot read back.
"""

from __future__ import annotations

import datetime
import re
import sys
from typing import TYPE_CHECKING, Any

from vobjects.fields._core import FieldType

if TYPE_CHECKING:
    from vobjects._object import VersionedObject

_UTC = datetime.timezone.utc
_DATETIME = datetime.datetime
_STRFTIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


def _plain_format() -> str | None:
    """A %-format equal to ``strftime(_STRFTIME_FORMAT)`` here, or None.

    ``%Y`` of years below 1000 is unpadded with glibc and zero-padded on some
    other C libraries; ask the platform once.
    """
    year = _DATETIME(5, 1, 1).strftime("%Y")
    if year == "5":
        return "%d-%02d-%02dT%02d:%02d:%02d"
    if year == "0005":
        return "%04d-%02d-%02dT%02d:%02d:%02d"
    return None


_PLAIN_FORMAT = _plain_format()
#: "00" to "99": the two-digit parts of the text, ready-made.
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))


def isotime(at: datetime.datetime) -> str:
    """``at`` as OVO writes it: ``YYYY-MM-DDTHH:MM:SS`` plus ``Z`` or the zone name."""
    if _PLAIN_FORMAT is not None and type(at) is _DATETIME:
        year = at.year
        if year >= 1000:
            # The usual value, joined from ready-made parts: %-formatting
            # six numbers costs twice as much.  (Four-digit years print
            # alike with every C library.)
            two = _TWO_DIGITS
            text = f"{year}-{two[at.month]}-{two[at.day]}T{two[at.hour]}:{two[at.minute]}:{two[at.second]}"
        else:
            text = _PLAIN_FORMAT % (year, at.month, at.day, at.hour, at.minute, at.second)
    else:
        text = at.strftime(_STRFTIME_FORMAT)
    tzinfo = at.tzinfo
    if tzinfo is _UTC or not tzinfo:
        return text + "Z"
    name = tzinfo.tzname(None)
    if name is None or name in ("UTC", "UTC+00:00"):
        return text + "Z"
    return text + name


# The form vobjects and OVO write for UTC values, optionally with a fraction.
# Hours stop at 23 so that no Python's ``fromisoformat`` reads "24:00" where
# iso8601 refuses it; anything unusual goes to iso8601.
_FAST_UTC = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]{3}(?:[0-9]{3})?)?Z"
)
# What OVO writes but iso8601 cannot read: a year below 1000 unpadded (glibc
# strftime), and the tzname of an unnamed fixed-offset zone ('UTC+05:00').
_SHORT_YEAR = re.compile(r"([0-9]{1,3})(-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\S*)")
_UTC_OFFSET = re.compile(r"(.*)UTC([+-][0-9]{2}:[0-9]{2})")
_fromisoformat = _DATETIME.fromisoformat
#: The characters at offsets 4, 7, 10, 13, 16 and 19 (``text[4::3]``) of the
#: 20-character form YYYY-MM-DDTHH:MM:SSZ.
_PLAIN_UTC_MARKS = "--T::Z"
_Z_UNDERSTOOD = sys.version_info >= (3, 11)


def _reads_hour_24() -> bool:
    """Whether this Python's fromisoformat reads hour 24 (as the next midnight).

    iso8601 refuses it, and so do Pythons up to 3.13 at least; where one
    reads it, the shortcut in ``DateTime.hydrate`` tests the hour itself.
    """
    for text in ("2000-01-01T24:00:00", "2000-01-01T24:00:00Z"):
        try:
            _fromisoformat(text)
        except ValueError:
            continue
        return True
    return False


_READS_HOUR_24 = _reads_hour_24()
_iso8601: Any = None


def _repair(text: Any) -> str | None:
    """``text`` with OVO's unreadable spellings fixed, or None if it has none.

    ``'5-01-02T03:04:05Z'`` becomes ``'0005-01-02T03:04:05Z'`` and
    ``'...T03:04:05UTC+05:00'`` becomes ``'...T03:04:05+05:00'``.
    """
    if not isinstance(text, str):
        return None
    fixed = text
    match = _SHORT_YEAR.fullmatch(fixed)
    if match is not None:
        fixed = match.group(1).zfill(4) + match.group(2)
    match = _UTC_OFFSET.fullmatch(fixed)
    if match is not None:
        fixed = match.group(1) + match.group(2)
    return None if fixed == text else fixed


def _parse_iso8601(text: Any) -> datetime.datetime:
    global _iso8601
    if _iso8601 is None:
        import iso8601

        _iso8601 = iso8601
    try:
        return _iso8601.parse_date(text)  # type: ignore[no-any-return]
    except (_iso8601.ParseError, TypeError) as exc:
        message = str(exc)
    repaired = _repair(text)
    if repaired is not None:
        try:
            return _iso8601.parse_date(repaired)  # type: ignore[no-any-return]
        except (_iso8601.ParseError, TypeError):
            pass
    raise ValueError(message)


def parse_isotime(text: Any) -> datetime.datetime:
    """Parse ISO 8601 text; no zone means UTC.  Raises ValueError like oslo.utils."""
    if type(text) is str and _FAST_UTC.fullmatch(text) is not None:
        try:
            if _Z_UNDERSTOOD:
                return _fromisoformat(text)
            return _fromisoformat(text[:-1] + "+00:00")
        except ValueError:
            pass  # out-of-range part: let iso8601 word the error
    return _parse_iso8601(text)


class DateTime(FieldType[datetime.datetime]):
    """A ``datetime``; strings are parsed as ISO 8601.

    With ``tzinfo_aware`` (the default) naive values are taken as UTC;
    without it the zone is dropped *without* converting the time, as in OVO.
    """

    _vo_exact: tuple[type, ...] = ()
    _vo_plain_coerce = True

    def __init__(self, tzinfo_aware: bool = True, *args: Any, **kwargs: Any) -> None:
        self.tzinfo_aware = tzinfo_aware
        super().__init__(*args, **kwargs)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # OVO's from_primitive goes through coerce; keep that for subclasses
        # that override coerce.
        cls._vo_plain_coerce = cls.coerce is DateTime.coerce

    def _settle(self, ts: datetime.datetime) -> datetime.datetime:
        if self.tzinfo_aware:
            if ts.utcoffset() is None:
                return ts.replace(tzinfo=_UTC)
            return ts
        return ts.replace(tzinfo=None)

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> datetime.datetime:
        if type(value) is _DATETIME:
            if value.tzinfo is _UTC and self.tzinfo_aware:
                return value
            return self._settle(value)
        if isinstance(value, str):
            return self._settle(parse_isotime(value))
        if isinstance(value, _DATETIME):
            return self._settle(value)
        raise ValueError(f"A datetime.datetime is required in field {attr!s}, not a {type(value).__name__}")

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> datetime.datetime:
        if self._vo_plain_coerce:
            return self._settle(parse_isotime(value))
        return self.coerce(obj, attr, parse_isotime(value))

    def hydrate(self, obj: VersionedObject, attr: str, value: Any) -> datetime.datetime:
        # What vobjects and OVO write, YYYY-MM-DDTHH:MM:SSZ, read straight to a
        # UTC datetime, which is already settled for an aware field.  The
        # separators are tested here, the rest by fromisoformat: with them in
        # place it reads only ASCII digits between them, so what it accepts
        # is what _FAST_UTC matches (the hour 24, where this Python reads it,
        # is left to iso8601 as there).  The tests cost a fifth of that
        # regex match.
        if (
            _Z_UNDERSTOOD
            and self.tzinfo_aware
            and type(value) is str
            and len(value) == 20
            and value[4::3] == _PLAIN_UTC_MARKS
            and (not _READS_HOUR_24 or value[11:13] != "24")
        ):
            try:
                return _fromisoformat(value)
            except ValueError:
                pass  # out-of-range part: let iso8601 word the error
        # The read value is already settled, so coercing it again changes nothing.
        return self._settle(parse_isotime(value))

    def _vo_hydrate_item(self, obj: Any, pattr: str, cattr: str, value: Any) -> datetime.datetime:
        return self._settle(parse_isotime(value))

    def to_primitive(self, obj: VersionedObject, attr: str, value: datetime.datetime) -> str:
        return isotime(value)

    #: ``to_primitive`` without the owner and name (see vobjects._codegen).
    _vo_dump = staticmethod(isotime)

    def stringify(self, value: datetime.datetime) -> str:
        return isotime(value)

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["string"], "format": "date-time"}
