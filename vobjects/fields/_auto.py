"""The ready-made ``*Field`` classes (one type each) and ``DictProxyField``.

The first type argument of each class's ``AutoTypedField`` base is the
Python type of its values, the second (``N``) its nullability; see
:class:`~vobjects.fields.Field` for how type checkers read them.  Type
checkers cannot carry ``nullable`` through an inherited constructor, so each
class states its own ``__init__`` overloads for them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Literal, overload

from vobjects.fields._containers import Dict, List, Set
from vobjects.fields._core import AutoTypedField, FieldOptions, N, TypeVar
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
    from typing_extensions import Unpack

    from vobjects._object import VersionedObject

#: The class of an object field's values; ``Any`` when given by name.
Obj = TypeVar("Obj", default=Any)
#: An object class passed to ``ObjectField``/``ListOfObjectsField``.
V = TypeVar("V", bound="VersionedObject")


def _object_name(objtype: str | type[VersionedObject]) -> str:
    """The registered name for ``objtype``, which may be the class itself."""
    if isinstance(objtype, type) and hasattr(objtype, "obj_name"):
        return objtype.obj_name()
    return objtype  # type: ignore[return-value]  # OVO keeps any other value as given


class StringField(AutoTypedField[str, N]):
    AUTO_TYPE = String()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: StringField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: StringField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class SensitiveStringField(AutoTypedField[str, N]):
    """A string field whose value ``stringify`` (and so object reprs) never shows."""

    AUTO_TYPE = SensitiveString()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: SensitiveStringField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: SensitiveStringField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class VersionPredicateField(AutoTypedField[str, N]):
    AUTO_TYPE = VersionPredicate()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: VersionPredicateField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: VersionPredicateField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class UUIDField(AutoTypedField[str, N]):
    """A UUID as text.

    Like OVO, a malformed value is stored anyway and only triggers a
    ``FutureWarning``; turn that into an error with a warnings filter, or
    use a stricter type of your own.
    """

    AUTO_TYPE = UUID()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: UUIDField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: UUIDField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class MACAddressField(AutoTypedField[str, N]):
    AUTO_TYPE = MACAddress()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: MACAddressField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: MACAddressField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class PCIAddressField(AutoTypedField[str, N]):
    AUTO_TYPE = PCIAddress()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: PCIAddressField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: PCIAddressField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class IntegerField(AutoTypedField[int, N]):
    AUTO_TYPE = Integer()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: IntegerField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: IntegerField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class NonNegativeIntegerField(AutoTypedField[int, N]):
    AUTO_TYPE = NonNegativeInteger()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: NonNegativeIntegerField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: NonNegativeIntegerField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class FloatField(AutoTypedField[float, N]):
    AUTO_TYPE = Float()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: FloatField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: FloatField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class NonNegativeFloatField(AutoTypedField[float, N]):
    AUTO_TYPE = NonNegativeFloat()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: NonNegativeFloatField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: NonNegativeFloatField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class BooleanField(AutoTypedField[bool, N]):
    """Python truthiness (``'false'`` is True); see ``FlexibleBooleanField``."""

    AUTO_TYPE = Boolean()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: BooleanField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: BooleanField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class FlexibleBooleanField(AutoTypedField[bool, N]):
    """Reads ``'yes'``/``'no'``, ``'on'``/``'off'``, ``'t'``/``'f'``, ``'1'``/``'0'``..."""

    AUTO_TYPE = FlexibleBoolean()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: FlexibleBooleanField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: FlexibleBooleanField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class DateTimeField(AutoTypedField[datetime.datetime, N]):
    @overload
    def __init__(
        self: DateTimeField[Literal[False]],
        tzinfo_aware: bool = True,
        *,
        nullable: Literal[False] = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: DateTimeField[bool], tzinfo_aware: bool = True, *, nullable: bool, **options: Unpack[FieldOptions]
    ) -> None: ...

    def __init__(self, tzinfo_aware: bool = True, **kwargs: Any) -> None:
        self.AUTO_TYPE = DateTime(tzinfo_aware=tzinfo_aware)
        super().__init__(**kwargs)


class DictOfStringsField(AutoTypedField[dict[str, str], N]):
    AUTO_TYPE = Dict(String())

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: DictOfStringsField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: DictOfStringsField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class DictOfNullableStringsField(AutoTypedField[dict[str, str | None], N]):
    AUTO_TYPE = Dict(String(), nullable=True)

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: DictOfNullableStringsField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: DictOfNullableStringsField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class DictOfIntegersField(AutoTypedField[dict[str, int], N]):
    AUTO_TYPE = Dict(Integer())

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: DictOfIntegersField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: DictOfIntegersField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class ListOfStringsField(AutoTypedField[list[str], N]):
    AUTO_TYPE = List(String())

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: ListOfStringsField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: ListOfStringsField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class SetOfStringsField(AutoTypedField[set[str], N]):
    AUTO_TYPE = Set(String())

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: SetOfStringsField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: SetOfStringsField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class ListOfListsOfStringsField(AutoTypedField[list[list[str]], N]):
    AUTO_TYPE = List(List(String()))

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: ListOfListsOfStringsField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: ListOfListsOfStringsField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class DictOfListOfStringsField(AutoTypedField[dict[str, list[str]], N]):
    AUTO_TYPE = Dict(List(String()))

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: DictOfListOfStringsField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: DictOfListOfStringsField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class DictOfSetOfIntegersField(AutoTypedField[dict[str, set[int]], N]):
    AUTO_TYPE = Dict(Set(Integer()))

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: DictOfSetOfIntegersField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: DictOfSetOfIntegersField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class SetOfIntegersField(AutoTypedField[set[int], N]):
    AUTO_TYPE = Set(Integer())

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: SetOfIntegersField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: SetOfIntegersField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class ListOfSetsOfIntegersField(AutoTypedField[list[set[int]], N]):
    AUTO_TYPE = List(Set(Integer()))

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: ListOfSetsOfIntegersField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: ListOfSetsOfIntegersField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class ListOfIntegersField(AutoTypedField[list[int], N]):
    AUTO_TYPE = List(Integer())

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: ListOfIntegersField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: ListOfIntegersField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class ListOfDictOfNullableStringsField(AutoTypedField[list[dict[str, str | None]], N]):
    AUTO_TYPE = List(Dict(String(), nullable=True))

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: ListOfDictOfNullableStringsField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: ListOfDictOfNullableStringsField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class ListOfUUIDField(AutoTypedField[list[str], N]):
    AUTO_TYPE = List(UUID())

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: ListOfUUIDField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: ListOfUUIDField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class ObjectField(AutoTypedField[Obj, N], Generic[Obj, N]):
    """A nested object: ``objtype`` is its class, or its registered name.

    The name is kept as ``.objname``.  Given the class, type checkers know
    the value's type; given a name, they see ``Any``.
    """

    @overload
    def __init__(
        self: ObjectField[V, Literal[False]],
        objtype: type[V],
        subclasses: bool = False,
        *,
        nullable: Literal[False] = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: ObjectField[V, bool],
        objtype: type[V],
        subclasses: bool = False,
        *,
        nullable: bool,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: ObjectField[Any, Any],
        objtype: str,
        subclasses: bool = False,
        *,
        nullable: bool = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(self, objtype: str | type[VersionedObject], subclasses: bool = False, **kwargs: Any) -> None:
        objname = _object_name(objtype)
        self.AUTO_TYPE = Object(objname, subclasses)  # type: ignore[assignment]  # an Object is a FieldType[VersionedObject]
        self.objname = objname
        super().__init__(**kwargs)


class ListOfObjectsField(AutoTypedField[list[Obj], N], Generic[Obj, N]):
    """A list of objects: ``objtype`` is their class, or its registered name.

    As for :class:`ObjectField`, the name is kept as ``.objname``.
    """

    @overload
    def __init__(
        self: ListOfObjectsField[V, Literal[False]],
        objtype: type[V],
        subclasses: bool = False,
        *,
        nullable: Literal[False] = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: ListOfObjectsField[V, bool],
        objtype: type[V],
        subclasses: bool = False,
        *,
        nullable: bool,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: ListOfObjectsField[Any, Any],
        objtype: str,
        subclasses: bool = False,
        *,
        nullable: bool = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...

    def __init__(self, objtype: str | type[VersionedObject], subclasses: bool = False, **kwargs: Any) -> None:
        objname = _object_name(objtype)
        self.AUTO_TYPE = List(Object(objname, subclasses))
        self.objname = objname
        super().__init__(**kwargs)


class IPAddressField(AutoTypedField["netaddr.IPAddress", N]):
    AUTO_TYPE = IPAddress()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: IPAddressField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: IPAddressField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class IPV4AddressField(AutoTypedField["netaddr.IPAddress", N]):
    AUTO_TYPE = IPV4Address()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: IPV4AddressField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: IPV4AddressField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class IPV6AddressField(AutoTypedField["netaddr.IPAddress", N]):
    AUTO_TYPE = IPV6Address()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: IPV6AddressField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: IPV6AddressField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class IPV4AndV6AddressField(AutoTypedField["netaddr.IPAddress", N]):
    AUTO_TYPE = IPV4AndV6Address()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: IPV4AndV6AddressField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: IPV4AndV6AddressField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class IPNetworkField(AutoTypedField["netaddr.IPNetwork", N]):
    AUTO_TYPE = IPNetwork()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: IPNetworkField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: IPNetworkField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class IPV4NetworkField(AutoTypedField["netaddr.IPNetwork", N]):
    AUTO_TYPE = IPV4Network()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: IPV4NetworkField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: IPV4NetworkField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


class IPV6NetworkField(AutoTypedField["netaddr.IPNetwork", N]):
    AUTO_TYPE = IPV6Network()

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: IPV6NetworkField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
        ) -> None: ...
        @overload
        def __init__(self: IPV6NetworkField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
        def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...


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
