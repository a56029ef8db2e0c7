"""IP addresses rebuilt from integers are netaddr's own, slot for slot, and read as in OVO.

Plain address text is turned into an integer by ``inet_pton`` and the
``netaddr.IPAddress`` is rebuilt by storing its slots directly (see
``_address_restorer``).  These tests check the rebuilt objects against
netaddr's constructor, the fallback to the constructor when the slots are
not what the restorer expects, and the values and errors of the address
fields against OVO's on plain and odd spellings.
"""

from __future__ import annotations

import types
from typing import Any

import netaddr
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_fields_support import HOLDER, outcome, pair
from vobjects.fields import _network


def _slots(address: Any) -> dict[str, Any]:
    return {name: getattr(address, name) for name in _network._slot_names(type(address))}


@settings(max_examples=300, deadline=None)
@given(
    number=st.one_of(
        st.tuples(st.integers(0, 2**32 - 1), st.just(4)),
        st.tuples(st.integers(0, 2**128 - 1), st.just(6)),
    )
)
def test_restored_address_is_the_constructors(number: tuple[int, int]) -> None:
    """Every slot, the text, the hash and the version equal those of netaddr's own address."""
    value, version = number
    restore = _network._address_restorer(netaddr)
    assert restore is not netaddr.IPAddress
    rebuilt, expected = restore(value, version), netaddr.IPAddress(value, version)
    assert type(rebuilt) is netaddr.IPAddress
    assert _slots(rebuilt) == _slots(expected)
    assert (rebuilt, str(rebuilt), hash(rebuilt), rebuilt.version) == (
        expected,
        str(expected),
        hash(expected),
        expected.version,
    )


def test_restorer_falls_back_when_the_constructor_fills_another_slot() -> None:
    """A netaddr whose addresses hold more than the integer and the module gets the constructor."""

    class Cached(netaddr.IPAddress):
        __slots__ = ("_cache",)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._cache = str(self)

    fake = types.SimpleNamespace(IPAddress=Cached)
    assert _network._address_restorer(fake) is Cached


def test_slot_names_reads_string_and_tuple_slots() -> None:
    """``__slots__`` given as one string counts as one name; weak reference slots are left out."""

    class One:
        __slots__ = "_only"

    class Two(One):
        __slots__ = ("__weakref__", "_a")

    assert _network._slot_names(Two) == ["_a", "_only"]


_V4 = st.ip_addresses(v=4).map(str)
_V6 = st.ip_addresses(v=6)
_SPELLINGS = st.one_of(
    _V4,
    _V6.map(str),
    _V6.map(lambda ip: ip.exploded),
    _V6.map(lambda ip: str(ip).upper()),
    _V4.map(lambda text: "::ffff:" + text),
    _V4.map(lambda text: text.replace(".", ".0", 1)),
    _V4.map(lambda text: " " + text),
    _V6.map(lambda ip: f"{ip}%eth0"),
    st.text(alphabet="0123456789abcdefABCDEF.:x% ", max_size=20),
)


@pytest.mark.parametrize("name", ["IPAddressField", "IPV4AddressField", "IPV6AddressField", "IPV4AndV6AddressField"])
@settings(max_examples=200, deadline=None)
@given(text=_SPELLINGS)
def test_address_fields_read_and_coerce_as_ovo(name: str, text: str) -> None:
    """Assigned or read, plain and odd spellings give OVO's address (slot for slot) or its error."""
    theirs, ours = pair(name)
    expected = outcome(theirs.coerce, HOLDER, "ip", text)
    assert outcome(ours.coerce, HOLDER, "ip", text) == expected
    assert outcome(ours._type.hydrate, HOLDER, "ip", text) == expected
    if expected[0] == "ok":
        assert _slots(ours.coerce(HOLDER, "ip", text)) == _slots(theirs.coerce(HOLDER, "ip", text))


@settings(max_examples=200, deadline=None)
@given(address=st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)), step=st.integers(0, 3))
def test_printer_prints_as_netaddr_after_changes_in_place(address: Any, step: int) -> None:
    """The printer reads the address's current slots: in-place changes print as netaddr prints them."""
    import socket

    text = _network._address_printer(netaddr, socket.inet_ntop)
    assert text is not str
    ip = netaddr.IPAddress(str(address))
    if int(ip) + step < 1 << (32 if ip.version == 4 else 128):
        ip += step
    assert text(ip) == str(ip)
    ip.value = int(address)
    assert text(ip) == str(ip) == str(netaddr.IPAddress(str(address)))
