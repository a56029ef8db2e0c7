"""``DateTime.hydrate``'s shortcut for YYYY-MM-DDTHH:MM:SSZ agrees with the general path.

The shortcut tests only the length and the separators of the text and
leaves the digits to ``datetime.fromisoformat``.  These tests feed it the
canonical form with up to three characters replaced (odd digits, signs,
blanks, week dates, hour 24...), texts written from random datetimes and
random text, and compare the result, or the error, with ``coerce`` after
``from_primitive`` and with OVO (which cannot read back the short years and
``UTC+HH:MM`` zones it writes; vobjects can).
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_fields_support import HOLDER, outcome, pair
from vobjects.fields._datetime import isotime

CANONICAL = "2023-05-06T07:08:09Z"
#: Characters that fromisoformat or iso8601 might read in place of a digit or separator.
ODD = "0123456789+-_ :.,TtZzW\u0665\u00e9\x00"


#: Texts of 20 characters that fromisoformat reads in some Python but that are
#: not YYYY-MM-DDTHH:MM:SSZ, and near misses of other lengths.
TRICKY = [
    "2023-W01-1T03:04:05Z",
    "2023-05-06T070809.1Z",
    "20230506T07:08:09.1Z",
    "2023-05-06 07:08:09Z",
    "2023-05-06t07:08:09Z",
    "2023-05-06T07:08:09z",
    "2023-05-06T07:08+09Z",
    "+023-05-06T07:08:09Z",
    "\u0662\u0660\u0662\u0663-05-06T07:08:09Z",
    "2023-05-06T24:00:00Z",
    "2023-05-06T07:08:60Z",
    "2023-02-30T07:08:09Z",
    "0000-01-02T03:04:05Z",
    "0005-01-02T03:04:05Z",
    "5-01-02T03:04:05Z",
    "2023-05-06T07:08:09.123Z",
    "2023-05-06T07:08:09.123456Z",
    "2023-05-06T07:08:09+00:00",
    "2023-05-06T07:08:09UTC+05:00",
]


def _replaced(text: str, changes: list[tuple[int, str]]) -> str:
    chars = list(text)
    for position, char in changes:
        chars[position % len(chars)] = char
    return "".join(chars)


_NEAR_CANONICAL = st.builds(
    _replaced,
    st.just(CANONICAL),
    st.lists(st.tuples(st.integers(0, 19), st.sampled_from(ODD)), min_size=1, max_size=3),
)
_HOURS = st.builds(lambda hour: CANONICAL[:11] + hour + CANONICAL[13:], st.sampled_from(["00", "23", "24", "25", "99"]))
_WRITTEN = st.builds(
    isotime,
    st.datetimes(min_value=datetime.datetime(1, 1, 1), timezones=st.just(datetime.timezone.utc)),
)
_TEXTS = st.one_of(_NEAR_CANONICAL, _HOURS, _WRITTEN, st.text(max_size=22))


def _general(field: object, value: str) -> object:
    ftype = field._type  # type: ignore[attr-defined]
    return outcome(lambda: ftype.coerce(HOLDER, "at", ftype.from_primitive(HOLDER, "at", value)))


@settings(max_examples=500, deadline=None)
@given(value=_TEXTS)
def test_hydrate_equals_the_general_path(value: str) -> None:
    """Reading wire text gives what from_primitive then coerce give, for aware and naive fields."""
    for aware in (True, False):
        _, ours = pair("DateTimeField", tzinfo_aware=aware)
        assert outcome(ours._type.hydrate, HOLDER, "at", value) == _general(ours, value)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(_NEAR_CANONICAL, _HOURS))
def test_hydrate_equals_ovo(value: str) -> None:
    """Reading wire text gives OVO's value, or its error.

    (Written years below 1000, which OVO cannot read back, are a documented
    difference and left to the general path's tests.)
    """
    theirs, ours = pair("DateTimeField")
    expected = outcome(lambda: theirs.coerce(HOLDER, "at", theirs.from_primitive(HOLDER, "at", value)))
    assert outcome(ours._type.hydrate, HOLDER, "at", value) == expected


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_texts_read_as_in_the_general_path_and_ovo(value: str) -> None:
    """Texts the shortcut must not take (or must take) read as the general path and OVO read them."""
    theirs, ours = pair("DateTimeField")
    hydrated = outcome(ours._type.hydrate, HOLDER, "at", value)
    assert hydrated == _general(ours, value)
    if not value.startswith("5-") and "UTC" not in value:  # documented differences, see the module docstring
        assert hydrated == outcome(lambda: theirs.coerce(HOLDER, "at", theirs.from_primitive(HOLDER, "at", value)))


def test_hydrate_of_canonical_text_is_utc() -> None:
    """The usual text reads as an aware UTC datetime, settled as coerce leaves it."""
    _, ours = pair("DateTimeField")
    value = ours._type.hydrate(HOLDER, "at", CANONICAL)
    assert value == datetime.datetime(2023, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    assert value.tzinfo is datetime.timezone.utc
    assert ours._type.coerce(HOLDER, "at", value) is value


class Moment(datetime.datetime):
    """A datetime subclass: printed through strftime, as before."""


_ZONES = st.one_of(
    st.none(),
    st.just(datetime.timezone.utc),
    st.builds(datetime.timezone, st.timedeltas(min_value=datetime.timedelta(hours=-23), max_value=datetime.timedelta(hours=23))),
    st.builds(datetime.timezone, st.just(datetime.timedelta(0)), st.sampled_from(["UTC", "EST", "Z0"])),
)
_MOMENTS = st.one_of(
    st.datetimes(min_value=datetime.datetime(1, 1, 1), timezones=_ZONES),
    st.builds(
        lambda at: Moment(*at.timetuple()[:6], at.microsecond, tzinfo=at.tzinfo),
        st.datetimes(min_value=datetime.datetime(1, 1, 1), timezones=_ZONES),
    ),
)


@settings(max_examples=500, deadline=None)
@given(at=_MOMENTS)
def test_isotime_writes_as_ovo(at: datetime.datetime) -> None:
    """Every year (below 1000 too), zone and datetime subclass is written as OVO writes it."""
    from oslo_versionedobjects import _utils

    assert isotime(at) == _utils.isotime(at)


def _midnight_after_24(text: str) -> datetime.datetime:
    """A fromisoformat that reads hour 24 as the next midnight, as a later Python might."""
    if text[11:13] == "24":
        return datetime.datetime.fromisoformat(text[:11] + "00" + text[13:]) + datetime.timedelta(days=1)
    return datetime.datetime.fromisoformat(text)


def test_hour_24_is_left_to_iso8601_where_fromisoformat_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a fromisoformat that reads T24:00:00, hydrate still refuses it as the general path does."""
    from vobjects.fields import _datetime

    monkeypatch.setattr(_datetime, "_fromisoformat", _midnight_after_24)
    assert _datetime._reads_hour_24()
    monkeypatch.setattr(_datetime, "_READS_HOUR_24", True)
    _, ours = pair("DateTimeField")
    value = "2023-05-06T24:00:00Z"
    assert outcome(ours._type.hydrate, HOLDER, "at", value) == _general(ours, value)
    assert outcome(ours._type.hydrate, HOLDER, "at", value)[0] == "error"

