"""IP address and network field types, backed by netaddr.

Values are ``netaddr.IPAddress``/``netaddr.IPNetwork`` objects; the wire
form is their ``str()``.  netaddr is imported on first use, not with
``vobjects.fields``.  The version-specific types differ from the generic ones
only by the version they insist on, so one ``coerce`` (and one ``hydrate``
that builds the netaddr object once) serves each family.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vobjects.fields._core import StringPattern, nests_too_deep, safe_text

if TYPE_CHECKING:
    import netaddr as _netaddr_mod  # noqa: F401

    from vobjects._object import VersionedObject

_netaddr: Any = None
_inet_pton: Any = None
_AF_INET = _AF_INET6 = 0
_restore: Any = None
_text: Any = str
_from_bytes = int.from_bytes


def _load_netaddr() -> Any:
    global _netaddr, _inet_pton, _AF_INET, _AF_INET6, _restore, _text
    import socket

    import netaddr

    _inet_pton, _AF_INET, _AF_INET6 = socket.inet_pton, socket.AF_INET, socket.AF_INET6
    _restore = _address_restorer(netaddr)
    _text = _address_printer(netaddr, socket.inet_ntop)
    _netaddr = netaddr
    return netaddr


def _address_printer(netaddr: Any, inet_ntop: Any) -> Any:
    """A fast ``str()`` of a ``netaddr.IPAddress``, or ``str`` itself.

    netaddr prints an address from its integer with ``inet_ntop`` (IPv6) or
    %-formatting (IPv4), through several Python layers; here the integer
    and the family come straight from the address's two slots (see
    ``_address_restorer``) and ``inet_ntop`` prints both families.  Used
    only after checking, once, that it prints addresses exactly as netaddr
    does; only exact ``IPAddress`` instances take it.
    """
    cls = netaddr.IPAddress
    to_bytes = int.to_bytes

    def text(address: Any) -> str:
        if address.__class__ is not cls:
            return str(address)
        family, size = families[address._module]
        return inet_ntop(family, to_bytes(address._value, size, "big"))  # type: ignore[no-any-return]

    probes = ("0.0.0.0", "192.0.2.1", "255.255.255.255", "::", "::1", "2001:db8::1", "::ffff:192.0.2.1", "fe80::1:2")
    try:
        families = {cls("0.0.0.0")._module: (_AF_INET, 4), cls("::")._module: (_AF_INET6, 16)}
        if all(text(cls(probe)) == str(cls(probe)) for probe in probes):
            return text
    except Exception:
        pass
    return str


def _address_restorer(netaddr: Any) -> Any:
    """A fast ``(int, version) -> netaddr.IPAddress``.

    A netaddr address is two slots, its integer and its family's strategy
    module, which ``IPAddress.__setstate__`` (how netaddr unpickles an
    address) fills from ``(int, version)``.  Here they are stored straight
    into a bare instance: no constructor argument parsing, no method call.
    It is used only after checking, once, that this rebuilds addresses whose
    every slot equals the constructor's; otherwise the constructor is called
    with the integer.
    """
    cls = netaddr.IPAddress
    new = object.__new__
    probes = (("192.0.2.1", 0xC0000201, 4), ("2001:db8::1", 0x20010DB8 << 96 | 1, 6))
    try:
        modules = {version: cls(text)._module for text, _, version in probes}

        def restore(value: int, version: int) -> Any:
            address = new(cls)
            address._value = value
            address._module = modules[version]
            return address

        for text, value, version in probes:
            rebuilt, expected = restore(value, version), cls(text)
            same = all(getattr(rebuilt, name) == getattr(expected, name) for name in _slot_names(cls))
            if not same or rebuilt != expected or str(rebuilt) != text or rebuilt.version != version:
                return cls
    except Exception:
        return cls
    return restore


def _slot_names(cls: type) -> list[str]:
    """The instance slots ``cls`` and its bases declare (weak reference slots aside)."""
    names: list[str] = []
    for klass in cls.__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names += [slots] if isinstance(slots, str) else slots
    return [name for name in names if name not in ("__weakref__", "__dict__")]


def _v6_pattern() -> str:
    """A regex for IPv6 CIDR text such as ``'2001:db8::/32'``.

    OVO's pattern has the same alternatives but anchors only the first and
    last one and writes ``d`` for ``\\d`` in the prefix length; here the
    alternatives are grouped and the prefix length is a real number.
    """
    seg = "[0-9a-fA-F]{1,4}"
    v4seg = "(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])"
    v4 = rf"({v4seg}\.){{3,3}}{v4seg}"
    forms = [
        f"({seg}:){{7,7}}{seg}",
        f"({seg}:){{1,7}}:",
        f"({seg}:){{1,6}}:{seg}",
        f"({seg}:){{1,5}}(:{seg}){{1,2}}",
        f"({seg}:){{1,4}}(:{seg}){{1,3}}",
        f"({seg}:){{1,3}}(:{seg}){{1,4}}",
        f"({seg}:){{1,2}}(:{seg}){{1,5}}",
        f"{seg}:((:{seg}){{1,6}})",
        f":((:{seg}){{1,7}}|:)",
        "fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}",
        f"::(ffff(:0{{1,4}}){{0,1}}:){{0,1}}{v4}",
        f"({seg}:){{1,4}}:{v4}",
    ]
    return "^(" + "|".join(forms) + r")(\/(\d|\d\d|1[0-1]\d|12[0-8]))$"


_V4_NETWORK_PATTERN = (
    r"^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-"
    r"9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(\/([0-9]|[1-2]["
    r"0-9]|3[0-2]))$"
)
_V6_NETWORK_PATTERN = _v6_pattern()


def _parse_address(text: str, versions: tuple[int, ...]) -> Any:
    """``netaddr.IPAddress(text)`` for the plain spellings of the ``versions`` (any if empty).

    A string ``inet_pton`` accepts is one netaddr reads as the same address,
    and building from the integer skips netaddr's string parsing, many times
    faster.  Anything else returns None, for netaddr to parse (or reject)
    as OVO does.
    """
    version = 6 if ":" in text else 4
    if versions and version not in versions:
        return None
    try:
        packed = _inet_pton(_AF_INET6 if version == 6 else _AF_INET, text)
    except (OSError, ValueError):
        return None
    return _restore(_from_bytes(packed, "big"), version)


def _no_address(value: Any) -> ValueError:
    """The error for a value too deeply nested to print given as an IP address."""
    return ValueError(f"failed to detect a valid IP address from {safe_text(value)}")


class IPAddress(StringPattern["_netaddr_mod.IPAddress"]):
    """Any IP address; subclasses restrict the version through ``_VERSIONS``."""

    _VERSIONS: tuple[int, ...] = ()
    _vo_exact: tuple[type, ...] = ()

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> Any:
        netaddr = _netaddr or _load_netaddr()
        if type(value) is str:
            result = _parse_address(value, self._VERSIONS)
            if result is not None:
                return result
        # netaddr prints the value it is given; one too deep to print is
        # refused here alike on every Python version (3.13 prints a list
        # 5000 deep, on which netaddr then fails with AttributeError).
        if nests_too_deep(value):
            raise _no_address(value)
        try:
            result = netaddr.IPAddress(value)
        except netaddr.AddrFormatError as exc:
            raise ValueError(str(exc)) from exc
        except RecursionError:  # too deep to print from this far down the stack
            raise _no_address(value) from None
        if self._VERSIONS and result.version not in self._VERSIONS:
            raise ValueError(f'Network "{value!s}" is not valid in field {attr!s}')
        return result

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> Any:
        return self.coerce(obj, attr, value)

    # Reading is coercing, and a coerced address coerces to an equal one.
    hydrate = coerce

    def _vo_hydrate_item(self, obj: Any, pattr: str, cattr: str, value: Any) -> Any:
        return self.coerce(obj, pattr, value)

    def to_primitive(self, obj: VersionedObject, attr: str, value: Any) -> str:
        if _netaddr is None:
            _load_netaddr()
        return _text(value)  # type: ignore[no-any-return]

    def get_schema(self) -> dict[str, Any]:
        # OVO raises AttributeError here (no PATTERN); describe the real values.
        return {"type": ["string"], "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}


class IPV4Address(IPAddress):
    """An IPv4 address."""

    _VERSIONS = (4,)

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["string"], "format": "ipv4"}


class IPV6Address(IPAddress):
    """An IPv6 address."""

    _VERSIONS = (6,)

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["string"], "format": "ipv6"}


class IPV4AndV6Address(IPAddress):
    """An IPv4 or IPv6 address, with a ``oneOf`` schema."""

    _VERSIONS = (4, 6)

    def get_schema(self) -> dict[str, Any]:
        return {"oneOf": [IPV4Address().get_schema(), IPV6Address().get_schema()]}


class IPNetwork(StringPattern["_netaddr_mod.IPNetwork"]):
    """Any IP network (host bits are kept); subclasses fix the version."""

    _NET_VERSION: int | None = None
    _vo_exact: tuple[type, ...] = ()

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> Any:
        netaddr = _netaddr or _load_netaddr()
        try:
            return netaddr.IPNetwork(value, version=self._NET_VERSION)
        except netaddr.AddrFormatError as exc:
            raise ValueError(str(exc)) from exc
        except RecursionError:  # netaddr prints the value; this one is too deep
            raise ValueError(f"invalid IPNetwork {safe_text(value)}") from None

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> Any:
        return self.coerce(obj, attr, value)

    def hydrate(self, obj: VersionedObject, attr: str, value: Any) -> Any:
        return self.coerce(obj, attr, value)

    def _vo_hydrate_item(self, obj: Any, pattr: str, cattr: str, value: Any) -> Any:
        return self.coerce(obj, pattr, value)

    def to_primitive(self, obj: VersionedObject, attr: str, value: Any) -> str:
        return str(value)

    def get_schema(self) -> dict[str, Any]:
        # OVO raises AttributeError here (no PATTERN).
        return {
            "type": ["string"],
            "anyOf": [{"pattern": _V4_NETWORK_PATTERN}, {"pattern": _V6_NETWORK_PATTERN}],
        }


class IPV4Network(IPNetwork):
    """An IPv4 network."""

    PATTERN = _V4_NETWORK_PATTERN
    _NET_VERSION = 4

    def get_schema(self) -> dict[str, Any]:
        return StringPattern.get_schema(self)


class IPV6Network(IPNetwork):
    """An IPv6 network."""

    PATTERN = _V6_NETWORK_PATTERN
    _NET_VERSION = 6

    def get_schema(self) -> dict[str, Any]:
        return StringPattern.get_schema(self)
