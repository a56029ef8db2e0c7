"""IP address and network types against OVO, and the schemas vobjects fixes."""

from __future__ import annotations

import ipaddress
import re

import jsonschema
import netaddr
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_fields_support import HOLDER, norm, outcome, pair
from vobjects import fields

ADDRESS_TYPES = ["IPAddress", "IPV4Address", "IPV6Address", "IPV4AndV6Address"]
NETWORK_TYPES = ["IPNetwork", "IPV4Network", "IPV6Network"]

INPUTS = [
    "10.0.0.1",
    "10.0.0.1/24",
    "10.1",
    "010.000.000.001",
    "255.255.255.255",
    "256.0.0.1",
    "::1",
    "2001:db8::1",
    "2001:DB8::1",
    "2001:db8::/32",
    "2001:db8::1/64",
    "::ffff:1.2.3.4",
    "fe80::1%eth0",
    "1.2.3.4/33",
    "",
    " 10.0.0.1 ",
    "garbage",
    0,
    1,
    2**32,
    2**128,
    -1,
    1.5,
    None,
    b"10.0.0.1",
    netaddr.IPAddress("10.0.0.1"),
    netaddr.IPAddress("::1"),
    netaddr.IPNetwork("10.0.0.0/8"),
    netaddr.IPNetwork("2001:db8::/32"),
    ("10.0.0.1", 4),
    ["10.0.0.1"],
]


@pytest.mark.parametrize("name", ADDRESS_TYPES + NETWORK_TYPES)
@pytest.mark.parametrize("value", INPUTS, ids=repr)
def test_coerce_matches_ovo(name, value):
    """coerce() builds the same netaddr object, or fails with the same error and text."""
    ovo_type, our_type = pair(name)
    assert outcome(our_type.coerce, HOLDER, "ip", value) == outcome(ovo_type.coerce, HOLDER, "ip", value)


@pytest.mark.parametrize("name", ADDRESS_TYPES + NETWORK_TYPES)
@pytest.mark.parametrize("value", INPUTS, ids=repr)
def test_from_primitive_and_hydrate_match_ovo(name, value):
    """from_primitive() and the one-pass hydrate() equal OVO's from_primitive then coerce."""
    ovo_type, our_type = pair(name)

    def ovo_hydrate(v):
        return ovo_type.coerce(HOLDER, "ip", ovo_type.from_primitive(HOLDER, "ip", v))

    assert outcome(our_type.from_primitive, HOLDER, "ip", value) == outcome(
        ovo_type.from_primitive, HOLDER, "ip", value
    )
    assert outcome(our_type.hydrate, HOLDER, "ip", value) == outcome(ovo_hydrate, value)


@pytest.mark.parametrize("name", ADDRESS_TYPES + NETWORK_TYPES)
@pytest.mark.parametrize("value", INPUTS, ids=repr)
def test_to_primitive_and_stringify_match_ovo(name, value):
    """Coerced values are written and shown as OVO writes and shows them."""
    ovo_type, our_type = pair(name)
    try:
        coerced = ovo_type.coerce(HOLDER, "ip", value)
    except Exception:
        return
    assert our_type.to_primitive(HOLDER, "ip", coerced) == ovo_type.to_primitive(HOLDER, "ip", coerced)
    assert our_type.stringify(coerced) == ovo_type.stringify(coerced)
    assert our_type.describe() == ovo_type.describe()


def test_coerce_returns_a_new_address():
    """An address is copied on assignment, as in OVO (netaddr objects are mutable with +=)."""
    address = netaddr.IPAddress("10.0.0.1")
    assert fields.IPAddress().coerce(None, "ip", address) is not address
    assert fields.IPAddress._vo_exact == ()


@pytest.mark.parametrize("name", ["IPV4Address", "IPV6Address", "IPV4AndV6Address", "IPV4Network"])
def test_schema_matches_ovo_where_ovo_has_one(name):
    """Schemas OVO can produce are unchanged."""
    ovo_type, our_type = pair(name)
    assert our_type.get_schema() == ovo_type.get_schema()


@pytest.mark.parametrize("name", ["IPAddress", "IPNetwork"])
def test_schema_exists_where_ovo_raises(name):
    """IPAddress/IPNetwork have a usable schema where OVO raises AttributeError."""
    ovo_type, our_type = pair(name)
    with pytest.raises(AttributeError):
        ovo_type.get_schema()
    assert our_type.get_schema()["type"] == ["string"]


def _validates(schema, value):
    try:
        jsonschema.validate(value, schema, format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        (fields.IPAddressField(), ["10.0.0.1", "2001:db8::1"], ["10.0.0.1/8", "x", 5]),
        (fields.IPNetworkField(), ["10.0.0.0/8", "2001:db8::/32"], ["10.0.0.1", "x", "::/129"]),
        (fields.IPV6NetworkField(), ["2001:db8::/32", "::/0"], ["garbage ::", "foo::1/zz", "10.0.0.0/8"]),
        (fields.IPV4AndV6AddressField(nullable=True), ["10.0.0.1", "::1", None], ["x", 1]),
        (fields.IPAddressField(nullable=True), ["10.0.0.1", None], ["x"]),
    ],
)
def test_schemas_accept_real_primitives(field, good, bad):
    """The fixed schemas (incl. nullable oneOf) accept real wire values and reject junk."""
    schema = field.get_schema()
    assert all(_validates(schema, value) for value in good)
    assert not any(_validates(schema, value) for value in bad)


def test_nullable_one_of_schema_does_not_fail():
    """A nullable IPV4AndV6Address field has a schema (OVO raises KeyError)."""
    ovo_field, our_field = pair("IPV4AndV6AddressField", nullable=True)
    with pytest.raises(KeyError):
        ovo_field.get_schema()
    schema = our_field.get_schema()
    assert {"type": ["null"]} in schema["oneOf"]
    assert schema["readonly"] is False


@given(st.ip_addresses())
def test_address_round_trip(value):
    """Any IPv4/IPv6 address survives coerce, to_primitive and hydrate."""
    our_type = fields.IPAddress()
    coerced = our_type.coerce(None, "ip", str(value))
    assert our_type.hydrate(None, "ip", our_type.to_primitive(None, "ip", coerced)) == coerced


@given(st.ip_addresses(v=6).map(lambda a: ipaddress.ip_network(f"{a}/64", strict=False)))
def test_v6_network_pattern_matches_wire_values(network):
    """The corrected IPv6 network pattern matches what IPV6Network writes."""
    our_type = fields.IPV6Network()
    wire = our_type.to_primitive(None, "n", our_type.coerce(None, "n", str(network)))
    assert re.match(our_type.get_schema()["pattern"], wire)
    assert norm(our_type.hydrate(None, "n", wire)) == norm(netaddr.IPNetwork(str(network)))
