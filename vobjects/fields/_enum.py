"""Enumerations: the ``Enum`` type, the enum fields and ``StateMachine``.

The reprs of ``BaseEnumField`` and ``ListOfEnumField`` list the valid values
and feed fingerprints, so they print exactly as OVO's.
"""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Literal, overload

from vobjects import exception
from vobjects.fields._containers import List
from vobjects.fields._core import AutoTypedField, FieldOptions, N, UnspecifiedDefault, printed, safe_text
from vobjects.fields._scalar import String

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from vobjects._object import VersionedObject

# Member classes for which a frozenset lookup answers ``str in valid_values``
# exactly as the container's own ``in`` would.
_PLAIN_MEMBERS = frozenset({str, int, float})


class Enum(String):
    """A string that must be one of ``valid_values`` (checked before str() conversion)."""

    _vo_exact: tuple[type, ...] = ()
    # Exact-str members, for an O(1) check; None when the values may change
    # (a list can be appended to after the field is made) or are unusual.
    _vo_fast: frozenset[str] | None = None

    def __init__(self, valid_values: Collection[Any]) -> None:
        if not valid_values:
            raise exception.EnumRequiresValidValuesError()
        try:
            for value in valid_values:
                super().coerce(None, "init", value)
        except (TypeError, ValueError):
            raise exception.EnumValidValuesInvalidError() from None
        self._valid_values = valid_values
        if type(valid_values) in (tuple, frozenset) and all(type(value) in _PLAIN_MEMBERS for value in valid_values):
            self._vo_fast = frozenset(value for value in valid_values if type(value) is str)
        super().__init__()

    @property
    def valid_values(self) -> Collection[Any]:
        """A shallow copy of the valid values, in the container type given."""
        return copy.copy(self._valid_values)

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> str:
        fast = self._vo_fast
        if fast is not None and type(value) is str and value in fast:
            return value
        if value not in self._valid_values:
            raise ValueError(_invalid(value))
        return super().coerce(obj, attr, value)

    def stringify(self, value: str) -> str:
        if value not in self._valid_values:
            raise ValueError(_invalid(value))
        return super().stringify(value)

    def get_schema(self) -> dict[str, Any]:
        schema = super().get_schema()
        schema["enum"] = self._valid_values
        return schema


_INVALID = "Field value %s is invalid"


def _invalid(value: Any) -> str:
    # ``%`` on purpose: OVO's text is built this way, so a tuple value gives
    # the same TypeError (or the same text for a 1-tuple) as in OVO.
    text = printed(value, _INVALID.__mod__)
    if text is None:  # a hostile value nested too deeply to print
        return _INVALID % (safe_text(value),)
    return text


def _enum_repr(type_name: str, nullable: bool, default: Any, valid_values: Any) -> str:
    return f"{type_name}(default={default},nullable={nullable},valid_values={valid_values})"


class BaseEnumField(AutoTypedField[str, N]):
    """Base of named enum fields: subclasses set ``AUTO_TYPE = SomeEnum()``.

    A subclass without an ``AUTO_TYPE`` raises ``EnumFieldUnset`` (OVO lets
    an AttributeError escape); one whose ``AUTO_TYPE`` is not an ``Enum``
    raises ``EnumFieldInvalid``.
    """

    _type: Enum  # pyright: ignore[reportIncompatibleVariableOverride]  # narrower than FieldType[str], on purpose

    @overload
    def __init__(
        self: BaseEnumField[Literal[False]], *, nullable: Literal[False] = False, **options: Unpack[FieldOptions]
    ) -> None: ...
    @overload
    def __init__(self: BaseEnumField[bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
    @overload
    def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...  # for subclasses

    def __init__(
        self,
        nullable: bool = False,
        default: Any = UnspecifiedDefault,
        read_only: bool = False,
    ) -> None:
        auto_type = getattr(self, "AUTO_TYPE", None)
        if auto_type is None:
            raise exception.EnumFieldUnset(fieldname=type(self).__name__)
        if not isinstance(auto_type, Enum):
            raise exception.EnumFieldInvalid(typename=type(auto_type).__name__, fieldname=type(self).__name__)
        super().__init__(nullable=nullable, default=default, read_only=read_only)

    def __repr__(self) -> str:
        return _enum_repr(type(self._type).__name__, self._nullable, self._default, self._type.valid_values)

    @property
    def valid_values(self) -> Collection[Any]:
        """The enum's valid values (a copy)."""
        return self._type.valid_values


class EnumField(BaseEnumField[N]):
    """An enum field declared inline: ``EnumField(['on', 'off'])``."""

    @overload
    def __init__(
        self: EnumField[Literal[False]],
        valid_values: Collection[Any],
        *,
        nullable: Literal[False] = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: EnumField[bool], valid_values: Collection[Any], *, nullable: bool, **options: Unpack[FieldOptions]
    ) -> None: ...

    def __init__(self, valid_values: Collection[Any], **kwargs: Any) -> None:
        self.AUTO_TYPE = Enum(valid_values=valid_values)
        super().__init__(**kwargs)


class StateMachine(EnumField[N]):
    """An enum field that only allows the moves listed in ``ALLOWED_TRANSITIONS``.

    ``ALLOWED_TRANSITIONS`` maps each state to the states it may move to.
    The first value assigned to an object's field is free; later ones must
    be allowed from the current value (a state does not lead to itself
    unless listed).  Subclasses pass their valid states to ``__init__``.
    """

    ALLOWED_TRANSITIONS: dict[str, set[str]] = {}

    if TYPE_CHECKING:

        @overload
        def __init__(
            self: StateMachine[Literal[False]],
            valid_values: Collection[Any],
            *,
            nullable: Literal[False] = False,
            **options: Unpack[FieldOptions],
        ) -> None: ...
        @overload
        def __init__(
            self: StateMachine[bool], valid_values: Collection[Any], *, nullable: bool, **options: Unpack[FieldOptions]
        ) -> None: ...
        def __init__(self, valid_values: Collection[Any], **kwargs: Any) -> None: ...

    def _my_name(self, obj: Any) -> str:
        for name, field in obj.fields.items():
            if field == self:
                return name
        return "unknown"

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> str:
        super().coerce(obj, attr, value)
        if not obj:
            return str(value)
        try:
            is_set = obj.obj_attr_is_set(attr)
        except AttributeError:
            is_set = False
        if not is_set:
            return str(value)
        current = getattr(obj, attr)
        transitions = self.ALLOWED_TRANSITIONS
        if current not in transitions:
            # OVO fails here with a KeyError while building its message.
            raise ValueError(
                f"{obj.obj_name()!s}.{self._my_name(obj)} is in state '{current!s}', which has "
                f"no entry in ALLOWED_TRANSITIONS, so it cannot move to '{value!s}' state"
            )
        allowed = transitions[current]
        if value in allowed:
            return str(value)
        raise ValueError(
            f"{obj.obj_name()!s}.{self._my_name(obj)} is not allowed to transition out of "
            f"'{current!s}' state to '{value!s}' state, choose from {list(allowed)!r}"
        )


class ListOfEnumField(AutoTypedField[list[str], N]):
    """A list whose elements must each be one of ``valid_values``."""

    @overload
    def __init__(
        self: ListOfEnumField[Literal[False]],
        valid_values: Collection[Any],
        *,
        nullable: Literal[False] = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: ListOfEnumField[bool], valid_values: Collection[Any], *, nullable: bool, **options: Unpack[FieldOptions]
    ) -> None: ...

    def __init__(self, valid_values: Collection[Any], **kwargs: Any) -> None:
        self._valid_values = valid_values
        self.AUTO_TYPE = List(Enum(valid_values))
        super().__init__(**kwargs)

    def __repr__(self) -> str:
        return _enum_repr(type(self._type).__name__, self._nullable, self._default, self._valid_values)
