"""The ready-made ``*Field`` classes (one type each) and ``DictProxyField``.

The generic parameter of each class is the Python type of its values; type
checkers and the mypy plugin read it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vobjects.fields._containers import Dict, List, Set
from vobjects.fields._core import AutoTypedField
from vobjects.fields._datetime import DateTime
from vobjects.fields._network import (
    IPAddress,
    IPNetwork,
    IPV4Address,
    IPV4AndV6Address,
    IPV4Network,
    IPV6Address,
    IPV6Network,
)
from vobjects.fields._objtype import Object
from vobjects.fields._scalar import (
    UUID,
    Boolean,
    FlexibleBoolean,
    Float,
    Integer,
    MACAddress,
    NonNegativeFloat,
    NonNegativeInteger,
    PCIAddress,
    SensitiveString,
    String,
    VersionPredicate,
)

if TYPE_CHECKING:
    # Named in the string type arguments below.
    import netaddr  # noqa: F401

    from vobjects._object import VersionedObject  # noqa: F401


class StringField(AutoTypedField[str]):
    AUTO_TYPE = String()


class SensitiveStringField(AutoTypedField[str]):
    """A string field whose value ``stringify`` (and so object reprs) never shows."""

    AUTO_TYPE = SensitiveString()


class VersionPredicateField(AutoTypedField[str]):
    AUTO_TYPE = VersionPredicate()


class UUIDField(AutoTypedField[str]):
    """A UUID as text.

    Like OVO, a malformed value is stored anyway and only triggers a
    ``FutureWarning``; turn that into an error with a warnings filter, or
    use a stricter type of your own.
    """

    AUTO_TYPE = UUID()


class MACAddressField(AutoTypedField[str]):
    AUTO_TYPE = MACAddress()


class PCIAddressField(AutoTypedField[str]):
    AUTO_TYPE = PCIAddress()


class IntegerField(AutoTypedField[int]):
    AUTO_TYPE = Integer()


class NonNegativeIntegerField(AutoTypedField[int]):
    AUTO_TYPE = NonNegativeInteger()


class FloatField(AutoTypedField[float]):
    AUTO_TYPE = Float()


class NonNegativeFloatField(AutoTypedField[float]):
    AUTO_TYPE = NonNegativeFloat()


class BooleanField(AutoTypedField[bool]):
    """Python truthiness (``'false'`` is True); see ``FlexibleBooleanField``."""

    AUTO_TYPE = Boolean()


class FlexibleBooleanField(AutoTypedField[bool]):
    """Reads ``'yes'``/``'no'``, ``'on'``/``'off'``, ``'t'``/``'f'``, ``'1'``/``'0'``..."""

    AUTO_TYPE = FlexibleBoolean()


class DateTimeField(AutoTypedField[datetime.datetime]):
    def __init__(self, tzinfo_aware: bool = True, **kwargs: Any) -> None:
        self.AUTO_TYPE = DateTime(tzinfo_aware=tzinfo_aware)
        super().__init__(**kwargs)


class DictOfStringsField(AutoTypedField[dict[str, str]]):
    AUTO_TYPE = Dict(String())


class DictOfNullableStringsField(AutoTypedField[dict[str, str | None]]):
    AUTO_TYPE = Dict(String(), nullable=True)


class DictOfIntegersField(AutoTypedField[dict[str, int]]):
    AUTO_TYPE = Dict(Integer())


class ListOfStringsField(AutoTypedField[list[str]]):
    AUTO_TYPE = List(String())


class SetOfStringsField(AutoTypedField[set[str]]):
    AUTO_TYPE = Set(String())


class ListOfListsOfStringsField(AutoTypedField[list[list[str]]]):
    AUTO_TYPE = List(List(String()))


class DictOfListOfStringsField(AutoTypedField[dict[str, list[str]]]):
    AUTO_TYPE = Dict(List(String()))


class DictOfSetOfIntegersField(AutoTypedField[dict[str, set[int]]]):
    AUTO_TYPE = Dict(Set(Integer()))


class SetOfIntegersField(AutoTypedField[set[int]]):
    AUTO_TYPE = Set(Integer())


class ListOfSetsOfIntegersField(AutoTypedField[list[set[int]]]):
    AUTO_TYPE = List(Set(Integer()))


class ListOfIntegersField(AutoTypedField[list[int]]):
    AUTO_TYPE = List(Integer())


class ListOfDictOfNullableStringsField(AutoTypedField[list[dict[str, str | None]]]):
    AUTO_TYPE = List(Dict(String(), nullable=True))


class ListOfUUIDField(AutoTypedField[list[str]]):
    AUTO_TYPE = List(UUID())


class ObjectField(AutoTypedField["VersionedObject"]):
    """A nested object named ``objtype`` (kept as ``.objname``)."""

    def __init__(self, objtype: str, subclasses: bool = False, **kwargs: Any) -> None:
        self.AUTO_TYPE = Object(objtype, subclasses)
        self.objname = objtype
        super().__init__(**kwargs)


class ListOfObjectsField(AutoTypedField["list[VersionedObject]"]):
    """A list of objects named ``objtype`` (kept as ``.objname``)."""

    def __init__(self, objtype: str, subclasses: bool = False, **kwargs: Any) -> None:
        self.AUTO_TYPE = List(Object(objtype, subclasses))
        self.objname = objtype
        super().__init__(**kwargs)


class IPAddressField(AutoTypedField["netaddr.IPAddress"]):
    AUTO_TYPE = IPAddress()


class IPV4AddressField(AutoTypedField["netaddr.IPAddress"]):
    AUTO_TYPE = IPV4Address()


class IPV6AddressField(AutoTypedField["netaddr.IPAddress"]):
    AUTO_TYPE = IPV6Address()


class IPV4AndV6AddressField(AutoTypedField["netaddr.IPAddress"]):
    AUTO_TYPE = IPV4AndV6Address()


class IPNetworkField(AutoTypedField["netaddr.IPNetwork"]):
    AUTO_TYPE = IPNetwork()


class IPV4NetworkField(AutoTypedField["netaddr.IPNetwork"]):
    AUTO_TYPE = IPV4Network()


class IPV6NetworkField(AutoTypedField["netaddr.IPNetwork"]):
    AUTO_TYPE = IPV6Network()


class DictProxyField:
    """A plain attribute presenting a str-keyed dict field with typed keys.

    ``obj.pins = {1: 'a'}`` stores ``{'1': 'a'}`` in the dict field named
    ``dict_field_name``; reading gives ``{key_type(k): v}`` back, or None.
    ``str(key_type(k))`` must give ``k`` back for this to round-trip.
    """

    def __init__(self, dict_field_name: str, key_type: Callable[[Any], Any] = int) -> None:
        self._fld_name = dict_field_name
        self._key_type = key_type

    def __get__(self, obj: Any, obj_type: type | None = None) -> Any:
        if obj is None:
            return self
        stored = getattr(obj, self._fld_name)
        if stored is None:
            return None
        key_type = self._key_type
        return {key_type(key): value for key, value in stored.items()}

    def __set__(self, obj: Any, val: dict[Any, Any] | None) -> None:
        if val is not None:
            val = {str(key): value for key, value in val.items()}
        setattr(obj, self._fld_name, val)
