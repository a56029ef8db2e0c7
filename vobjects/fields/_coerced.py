"""Containers that keep coercing their elements after assignment.

``List``/``Dict``/``Set`` fields hold a :class:`CoercedList`,
:class:`CoercedDict` or :class:`CoercedSet`, so that ``obj.tags.append(1)``
stores ``'1'`` in a list of strings.  Each remembers the element ``Field``,
the owning object and the field name (see ``enable_coercing``); elements are
coerced under the name ``field[index]`` (``field[key]``, ``field[element]``).
Every element is coerced before the container changes, so a failed coercion
leaves it as it was.  Without ``enable_coercing`` a container behaves like
its builtin (except that a ``CoercedDict`` still insists on ``str`` keys, as
in OVO).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, SupportsIndex, TypeVar

from vobjects.fields._core import KeyTypeError, safe_text

if TYPE_CHECKING:
    from vobjects.fields._core import Field

T = TypeVar("T")
_CL = TypeVar("_CL", bound="CoercedList[Any]")
_CS = TypeVar("_CS", bound="CoercedSet[Any]")

# Values whose deep copy is the value itself; copying skips deepcopy for them.
_ATOMIC = frozenset({str, int, float, bool, type(None), bytes, complex})


def _copy_value(value: Any, memo: dict[int, Any]) -> Any:
    if type(value) in _ATOMIC:
        return value
    return copy.deepcopy(value, memo)


class CoercedCollectionMixin(Generic[T]):
    """Holds the element field, owning object and field name of a container."""

    # Class-level defaults: unpickling builds instances without ``__init__``.
    # ``_element_type`` holds a Field (or None); annotated as one, type
    # checkers would read the attribute as a field descriptor.
    _element_type: Any = None
    _obj: Any = None
    _field: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._element_type = None
        self._obj = None
        self._field = None
        super().__init__(*args, **kwargs)

    def enable_coercing(self, element_type: Field[T], obj: Any, field: str) -> None:
        """Coerce future additions with ``element_type`` as ``field[...]`` of ``obj``."""
        self._element_type = element_type
        self._obj = obj
        self._field = field

    def _vo_copy_state(self, new: Any, memo: dict[int, Any] | None) -> None:
        state = dict(self.__dict__)
        if memo is not None:
            # The element field is configuration and is shared; the owner is
            # replaced by its copy when the owner is being copied too.
            state = {
                key: (
                    value
                    if key == "_element_type"
                    else memo.get(id(value), value)
                    if key == "_obj"
                    else copy.deepcopy(value, memo)
                )
                for key, value in state.items()
            }
        new.__dict__.update(state)


class CoercedList(CoercedCollectionMixin[T], list[T]):  # type: ignore[misc]
    """A list that coerces what ``[]=``, append, extend, insert, ``+`` and ``+=`` add."""

    def _coerce_item(self, index: int, item: Any) -> Any:
        element = self._element_type
        if element is None:
            return item
        return element.coerce(self._obj, f"{self._field}[{index}]", item)

    def _coerce_many(self, start: int, step: int, items: Iterable[Any]) -> list[Any]:
        element = self._element_type
        if element is None:
            return list(items)
        coerce, obj, name = element.coerce, self._obj, self._field
        return [coerce(obj, f"{name}[{start + n * step}]", item) for n, item in enumerate(items)]

    def __setitem__(self, index: Any, value: Any) -> None:
        if type(index) is slice:
            value = self._coerce_many(index.start or 0, index.step or 1, value)
        else:
            value = self._coerce_item(index, value)
        super().__setitem__(index, value)

    def append(self, item: Any) -> None:
        # OVO names the new element ``field[len + 1]``; kept for identical errors.
        super().append(self._coerce_item(len(self) + 1, item))

    def extend(self, items: Iterable[Any]) -> None:
        super().extend(self._coerce_many(len(self), 1, items))

    def insert(self, index: SupportsIndex, item: Any) -> None:
        super().insert(index, self._coerce_item(int(index), item))

    def __add__(self: _CL, other: Iterable[Any]) -> _CL:  # type: ignore[override]
        result = type(self)(self)
        if self._element_type is not None and self._field is not None:
            result.enable_coercing(self._element_type, self._obj, self._field)
        list.extend(result, result._coerce_many(len(result), 1, other))
        return result

    def __iadd__(self: _CL, other: Iterable[Any]) -> _CL:  # type: ignore[override,misc]
        list.extend(self, self._coerce_many(len(self), 1, other))
        return self

    def __copy__(self: _CL) -> _CL:
        new = list.__new__(type(self))
        list.extend(new, self)
        self._vo_copy_state(new, None)
        return new

    def __deepcopy__(self: _CL, memo: dict[int, Any]) -> _CL:
        new = list.__new__(type(self))
        memo[id(self)] = new
        list.extend(new, [_copy_value(item, memo) for item in self])
        self._vo_copy_state(new, memo)
        return new


class CoercedDict(CoercedCollectionMixin[T], dict[str, T]):  # type: ignore[misc]
    """A str-keyed dict that coerces values added by ``[]=``, update, setdefault, ``|=``."""

    def _coerce_item(self, key: Any, item: Any) -> Any:
        if not isinstance(key, str):
            raise KeyTypeError(str, key)
        element = self._element_type
        if element is None:
            return item
        return element.coerce(self._obj, f"{self._field}[{key}]", item)

    def _coerce_dict(self, other: Any) -> dict[str, Any]:
        pairs = other.items() if hasattr(other, "items") else other
        return {key: self._coerce_item(key, item) for key, item in pairs}

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, self._coerce_item(key, value))

    def update(self, other: Any = None, **kwargs: Any) -> None:  # type: ignore[override]
        coerced = {} if other is None else self._coerce_dict(other)
        if kwargs:
            coerced.update(self._coerce_dict(kwargs))
        super().update(coerced)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return super().setdefault(key, self._coerce_item(key, default))

    def __ior__(self, other: Any) -> CoercedDict[T]:  # type: ignore[override,misc]
        self.update(other)
        return self

    def __copy__(self) -> CoercedDict[T]:
        new = dict.__new__(type(self))
        dict.update(new, self)
        self._vo_copy_state(new, None)
        return new

    def __deepcopy__(self, memo: dict[int, Any]) -> CoercedDict[T]:
        new = dict.__new__(type(self))
        memo[id(self)] = new
        dict.update(new, {key: _copy_value(item, memo) for key, item in self.items()})
        self._vo_copy_state(new, memo)
        return new


class CoercedSet(CoercedCollectionMixin[T], set[T]):  # type: ignore[misc]
    """A set that coerces what add, update, symmetric_difference_update, ``|``, ``^`` add."""

    def _coerce_element(self, element: Any) -> Any:
        field = self._element_type
        if field is None:
            return element
        return field.coerce(self._obj, f"{self._field}[{safe_text(element)}]", element)

    def _coerce_iterable(self, values: Iterable[Any]) -> set[Any]:
        return {self._coerce_element(value) for value in values}

    def add(self, value: Any) -> None:
        super().add(self._coerce_element(value))

    def update(self, *others: Iterable[Any]) -> None:  # type: ignore[override]
        coerced = [self._coerce_iterable(values) for values in others]
        super().update(*coerced)

    def symmetric_difference_update(self, values: Iterable[Any]) -> None:  # type: ignore[override]
        super().symmetric_difference_update(self._coerce_iterable(values))

    def _vo_like(self: _CS) -> _CS:
        result = type(self)(self)
        if self._element_type is not None and self._field is not None:
            result.enable_coercing(self._element_type, self._obj, self._field)
        return result

    def __or__(self: _CS, other: Iterable[Any]) -> _CS:  # type: ignore[override]
        result = self._vo_like()
        result.update(other)
        return result

    def __ior__(self: _CS, other: Iterable[Any]) -> _CS:  # type: ignore[override,misc]
        set.update(self, self._coerce_iterable(other))
        return self

    def __xor__(self: _CS, other: Iterable[Any]) -> _CS:  # type: ignore[override]
        result = self._vo_like()
        result.symmetric_difference_update(other)
        return result

    def __ixor__(self: _CS, other: Iterable[Any]) -> _CS:  # type: ignore[override,misc]
        set.symmetric_difference_update(self, self._coerce_iterable(other))
        return self

    def __copy__(self: _CS) -> _CS:
        new = set.__new__(type(self))
        set.update(new, self)
        self._vo_copy_state(new, None)
        return new

    def __deepcopy__(self: _CS, memo: dict[int, Any]) -> _CS:
        new = set.__new__(type(self))
        memo[id(self)] = new
        set.update(new, [_copy_value(item, memo) for item in self])
        self._vo_copy_state(new, memo)
        return new


# The make_* functions give each container one small attribute dict of its
# own: three attribute stores would give it a key-sharing dict sized for the
# class, about 120 bytes more per container.


def make_list(items: Iterable[Any], element: Field[Any], obj: Any, attr: str) -> CoercedList[Any]:
    """A coercing list holding ``items`` (already coerced), bound to ``obj.attr``."""
    new: CoercedList[Any] = _new_list(CoercedList)
    _extend_list(new, items)
    new.__dict__ = {"_element_type": element, "_obj": obj, "_field": attr}
    return new


def make_dict(items: dict[str, Any], element: Field[Any], obj: Any, attr: str) -> CoercedDict[Any]:
    """A coercing dict holding ``items`` (already coerced), bound to ``obj.attr``."""
    new: CoercedDict[Any] = _new_dict(CoercedDict)
    _update_dict(new, items)
    new.__dict__ = {"_element_type": element, "_obj": obj, "_field": attr}
    return new


def make_set(items: Iterable[Any], element: Field[Any], obj: Any, attr: str) -> CoercedSet[Any]:
    """A coercing set holding ``items`` (already coerced), bound to ``obj.attr``."""
    new: CoercedSet[Any] = _new_set(CoercedSet)
    _update_set(new, items)
    new.__dict__ = {"_element_type": element, "_obj": obj, "_field": attr}
    return new


# The builtins' own methods, bypassing the coercing overrides (and bound
# once, as the make_* functions run for every container field read).
_new_list, _extend_list = list.__new__, list.extend
_new_dict, _update_dict = dict.__new__, dict.update
_new_set, _update_set = set.__new__, set.update
