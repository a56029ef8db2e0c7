"""DateTime against OVO: isotime bytes, parsing, zone handling, one-pass hydrate."""

from __future__ import annotations

import datetime
import zoneinfo

import iso8601
import pytest
from hypothesis import given
from hypothesis import strategies as st
from oslo_utils import timeutils
from oslo_versionedobjects import _utils as ovo_utils

from tests.test_fields_support import HOLDER, norm, outcome, pair
from vobjects import fields
from vobjects.fields._datetime import isotime, parse_isotime

UTC = datetime.timezone.utc
PLUS5 = datetime.timezone(datetime.timedelta(hours=5))
MINUS330 = datetime.timezone(datetime.timedelta(hours=-3, minutes=-30))
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NAMED = datetime.timezone(datetime.timedelta(hours=2), "CEST")
ZERO_NAMED = datetime.timezone(datetime.timedelta(0), "+00:00")


class OddTz(datetime.tzinfo):
    """A tzinfo whose tzname(None) is 'UTC+00:00' and whose offset is unknown."""

    def utcoffset(self, dt):
        return None

    def tzname(self, dt):
        return "UTC+00:00"

    def dst(self, dt):
        return None


class SubDatetime(datetime.datetime):
    """A datetime subclass (must take the strftime path)."""


ZONES = [None, UTC, PLUS5, MINUS330, PARIS, NAMED, ZERO_NAMED, OddTz(), iso8601.UTC]

DATETIMES = [datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=tz) for tz in ZONES] + [
    datetime.datetime(5, 1, 2, 3, 4, 5),
    datetime.datetime(999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime.datetime(1000, 1, 1),
    datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),
    datetime.datetime(1, 1, 1, tzinfo=PLUS5),
    SubDatetime(2024, 7, 1, 12, 0, 0, tzinfo=UTC),
]

STRINGS = [
    "2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05.123456Z",
    "2024-01-02T03:04:05.123Z",
    "2024-01-02T03:04:05.1Z",
    "2024-01-02T03:04:05+00:00",
    "2024-01-02T03:04:05+05:00",
    "2024-01-02T03:04:05-0330",
    "2024-01-02T03:04:05",
    "2024-01-02 03:04:05",
    "2024-01-02",
    "2024-01",
    "2024",
    "20240102T030405Z",
    "2024-1-2T03:04:05Z",
    "2024-01-02T03:04Z",
    "2024-01-02T03Z",
    "2024-13-02T03:04:05Z",
    "2024-02-30T03:04:05Z",
    "2024-01-02T24:00:00Z",
    "2024-01-02T23:59:60Z",
    "0000-01-02T03:04:05Z",
    "0005-01-02T03:04:05Z",
    "2024-01-02T03:04:05Z\n",
    " 2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05z",
    "2024-01-02T03:04:05ZZ",
    "\uff12\uff10\uff12\uff14-01-02T03:04:05Z",  # full-width digits
    "",
    "yesterday",
]

# Values OVO can neither coerce nor read: its own output for timezone(+5h)
# values and for years below 1000, with what each stands for.
BROKEN = {
    "2024-01-02T03:04:05UTC+05:00": "2024-01-02T03:04:05+05:00",
    "2024-01-02T03:04:05UTC-03:30": "2024-01-02T03:04:05-03:30",
    "5-01-02T03:04:05UTC+05:00": "0005-01-02T03:04:05+05:00",
    "1-01-01T00:00:00Z": "0001-01-01T00:00:00Z",
    "999-12-31T23:59:59Z": "0999-12-31T23:59:59Z",
}

OTHERS = [None, 0, 1.5, b"2024-01-02T03:04:05Z", datetime.date(2024, 1, 2), ["2024"], object()]


@pytest.mark.parametrize("value", DATETIMES, ids=repr)
def test_isotime_matches_ovo_bytes(value):
    """isotime() writes exactly OVO's bytes, quirks (dropped µs, verbatim tzname) included."""
    assert isotime(value) == ovo_utils.isotime(value)


@given(st.datetimes(timezones=st.sampled_from([UTC, PLUS5, MINUS330, PARIS, NAMED])) | st.datetimes())
def test_isotime_matches_ovo_everywhere(value):
    """For any datetime in any zone, isotime() and OVO's isotime agree."""
    assert isotime(value) == ovo_utils.isotime(value)


@pytest.mark.parametrize("aware", [True, False])
@pytest.mark.parametrize("value", DATETIMES + STRINGS + OTHERS, ids=repr)
def test_coerce_matches_ovo(value, aware):
    """coerce() gives the same datetime (zone object type included) or the same error."""
    ovo_type, our_type = pair("DateTime", tzinfo_aware=aware)
    assert outcome(our_type.coerce, HOLDER, "when", value) == outcome(ovo_type.coerce, HOLDER, "when", value)


@pytest.mark.parametrize("aware", [True, False])
@pytest.mark.parametrize("value", STRINGS + OTHERS, ids=repr)
def test_from_primitive_and_hydrate_match_ovo(value, aware):
    """from_primitive() and the one-pass hydrate() equal OVO's from_primitive then coerce."""
    ovo_type, our_type = pair("DateTime", tzinfo_aware=aware)

    def ovo_hydrate(v):
        return ovo_type.coerce(HOLDER, "when", ovo_type.from_primitive(HOLDER, "when", v))

    assert outcome(our_type.from_primitive, HOLDER, "when", value) == outcome(
        ovo_type.from_primitive, HOLDER, "when", value
    )
    assert outcome(our_type.hydrate, HOLDER, "when", value) == outcome(ovo_hydrate, value)


@pytest.mark.parametrize("value", STRINGS + OTHERS, ids=repr)
def test_parse_matches_oslo_utils(value):
    """parse_isotime() returns what oslo.utils' parse_isotime returns, errors included."""
    assert outcome(parse_isotime, value) == outcome(timeutils.parse_isotime, value)


@pytest.mark.parametrize("value", DATETIMES, ids=repr)
def test_to_primitive_and_stringify_match_ovo(value):
    """to_primitive and stringify of coerced values are OVO's text."""
    for aware in (True, False):
        ovo_type, our_type = pair("DateTime", tzinfo_aware=aware)
        coerced = ovo_type.coerce(HOLDER, "when", value)
        assert our_type.to_primitive(HOLDER, "when", coerced) == ovo_type.to_primitive(HOLDER, "when", coerced)
        assert our_type.stringify(coerced) == ovo_type.stringify(coerced)


@pytest.mark.parametrize(("value", "fixed"), BROKEN.items())
def test_reads_ovo_unreadable_output(value, fixed):
    """OVO's unreadable '...UTC+05:00' and short-year texts are read as what they stand for."""
    ovo_type, our_type = pair("DateTime")
    with pytest.raises(ValueError):
        ovo_type.from_primitive(HOLDER, "when", value)
    assert norm(our_type.from_primitive(HOLDER, "when", value)) == norm(ovo_type.from_primitive(HOLDER, "when", fixed))
    assert norm(our_type.hydrate(HOLDER, "when", value)) == norm(our_type.coerce(HOLDER, "when", value))


def test_broken_suffix_round_trip_keeps_instant():
    """A timezone(+5h) value sent as OVO sends it comes back as the same instant."""
    dt = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=PLUS5)
    our_type = fields.DateTime()
    wire = our_type.to_primitive(HOLDER, "when", dt)
    assert wire == "2024-01-02T03:04:05UTC+05:00"
    assert our_type.from_primitive(HOLDER, "when", wire) == dt


@given(st.datetimes(max_value=datetime.datetime(999, 12, 31), timezones=st.sampled_from([UTC, PLUS5, MINUS330])))
def test_early_years_round_trip(value):
    """Years below 1000, which OVO writes unpadded and cannot read, read back (µs dropped)."""
    our_type = fields.DateTime()
    back = our_type.hydrate(None, "w", our_type.to_primitive(None, "w", value))
    assert back == value.replace(microsecond=0)


def test_fast_path_value_is_utc_singleton():
    """The common 'Z' form gives tzinfo datetime.timezone.utc, as iso8601 does."""
    value = fields.DateTime().hydrate(HOLDER, "when", "2024-01-02T03:04:05Z")
    assert value.tzinfo is UTC


def test_naive_input_becomes_utc_and_unaware_mode_strips():
    """Aware mode attaches UTC to naive values; unaware mode drops zones without converting."""
    naive = datetime.datetime(2024, 1, 2, 3, 4, 5)
    assert fields.DateTime().coerce(None, "w", naive).tzinfo is UTC
    stripped = fields.DateTime(tzinfo_aware=False).coerce(None, "w", naive.replace(tzinfo=PLUS5))
    assert stripped == naive


def test_utc_value_is_returned_unchanged():
    """An aware UTC datetime is stored as the same object (no copy)."""
    value = datetime.datetime(2024, 1, 2, tzinfo=UTC)
    assert fields.DateTime().coerce(None, "w", value) is value


def test_subclass_coerce_is_used_by_from_primitive():
    """A DateTime subclass that overrides coerce still has it called by from_primitive, as in OVO."""
    seen = []

    class Tracking(fields.DateTime):
        def coerce(self, obj, attr, value):
            seen.append(value)
            return super().coerce(obj, attr, value)

    Tracking().from_primitive(None, "w", "2024-01-02T03:04:05Z")
    assert len(seen) == 1


@given(st.datetimes(min_value=datetime.datetime(1000, 1, 1), timezones=st.just(UTC)))
def test_round_trip_drops_only_microseconds(value):
    """hydrate(to_primitive(coerce(x))) is coerce(x) up to microseconds (OVO's wire format)."""
    our_type = fields.DateTime()
    coerced = our_type.coerce(None, "w", value)
    back = our_type.hydrate(None, "w", our_type.to_primitive(None, "w", coerced))
    assert back == coerced.replace(microsecond=0)


def test_describe_and_schema_match_ovo():
    """describe() and get_schema() are OVO's."""
    ovo_type, our_type = pair("DateTime")
    assert our_type.describe() == ovo_type.describe()
    assert our_type.get_schema() == ovo_type.get_schema()
