"""The container field types ``List``, ``Dict`` and ``Set``.

Assignment builds a coercing container (see ``_coerced``) with each element
coerced by the element field.  Two shortcuts keep the common case cheap,
both decided once per container type (``_ElementPlan``): elements whose
exact class the element type returns unchanged are not coerced at all, and
element types with identity ``to_primitive``/``from_primitive`` are copied
instead of converted one by one.  ``hydrate`` reads a wire container and
builds the coercing container in a single pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from vobjects import exception
from vobjects._limits import limits
from vobjects.fields._coerced import (
    CoercedDict,
    CoercedList,
    CoercedSet,
    make_dict,
    make_list,
    make_set,
)
from vobjects.fields._core import CompoundFieldType, E, KeyTypeError, safe_text

if TYPE_CHECKING:
    from vobjects._object import VersionedObject

_FAST_SEQUENCES = (list, tuple)
#: Dicts whose items dict.copy reads exactly as dict(value.items()) does.
_PLAIN_DICTS = frozenset({dict, CoercedDict})
_copy_dict = dict.copy


def _too_large(obj: Any, attr: str, size: str) -> exception.PrimitiveTooLarge:
    owner = type(obj)
    return exception.PrimitiveTooLarge(
        objname=owner.obj_name() if hasattr(owner, "obj_name") else None,
        objver=getattr(obj, "VERSION", None),
        reason=f"field {attr} holds {size} items, more than limits.max_items ({limits.max_items})",
    )


def _bounded(obj: Any, attr: str, value: Any) -> Any:
    """``value`` once its size is known to be within ``limits.max_items``.

    A wire value with a length is checked by it.  An iterable without one
    (an iterator, or the endless ``itertools.count`` msgpack can decode) is
    read into a list, at most one item past the limit.  Anything else is
    returned for the caller to reject as it always has.
    """
    try:
        size = len(value)
    except TypeError:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            return value
        items = list(itertools.islice(value, limits.max_items + 1))
        if len(items) > limits.max_items:
            raise _too_large(obj, attr, "at least " + str(len(items))) from None
        return items
    if size > limits.max_items:
        raise _too_large(obj, attr, str(size))
    return value


def _all_exact(values: Iterable[Any], keep: frozenset[type]) -> bool:
    """Whether every value's class is in ``keep``.

    A plain loop: for the few elements a field usually holds it costs half
    of ``set(map(type, values)) <= keep``, and it stops at the first miss.
    """
    for value in values:
        if value.__class__ not in keep:
            return False
    return True


def _exact_items(value: dict[Any, Any], keep: frozenset[type]) -> bool:
    """Whether every key of dict ``value`` is an exact ``str`` and every value's class is in ``keep``.

    Keys and values are tested in one pass over the items: a second loop
    (and a second call) would cost more than the tests for the handful of
    items a field usually holds.
    """
    for key, item in value.items():
        if key.__class__ is not str or item.__class__ not in keep:
            return False
    return True


class List(CompoundFieldType[E]):
    """A list of elements; any iterable except ``str`` and mappings is accepted."""

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> CoercedList[E]:
        plan = self._vo_plan or self._plan()
        if value.__class__ in _FAST_SEQUENCES:
            if plan.coerce_keep and _all_exact(value, plan.coerce_keep):
                return make_list(value, self._element_type, obj, attr)
        elif not isinstance(value, Iterable) or isinstance(value, (str, Mapping)):
            raise ValueError(f"A list is required in field {attr}, not a {type(value).__name__}")
        items = self._coerce_items(obj, attr, value)
        return make_list(items, self._element_type, obj, attr)

    def to_primitive(self, obj: VersionedObject, attr: str, value: Iterable[E]) -> list[Any]:
        plan = self._vo_plan or self._plan()
        if plan.to_identity:
            return list(value)
        dump = plan.dump
        if dump is not None:
            return [None if item is None else dump(item) for item in value]
        convert = self._element_type.to_primitive
        return [convert(obj, attr, item) for item in value]

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> list[E]:
        value = _bounded(obj, attr, value)
        if (self._vo_plan or self._plan()).from_identity:
            return list(value)
        read = self._element_type.from_primitive
        return [read(obj, attr, item) for item in value]  # type: ignore[misc]

    def hydrate(self, obj: VersionedObject, attr: str, value: Any) -> CoercedList[E]:
        plan = self._vo_plan or self._plan()
        if (
            plan.hydrate_keep
            and value.__class__ in _FAST_SEQUENCES
            and len(value) <= limits.max_items
            and _all_exact(value, plan.hydrate_keep)
        ):
            # Common case first: every element is read and coerced to itself.
            return make_list(value, self._element_type, obj, attr)
        return self._vo_hydrate_item(obj, attr, attr, value)

    def _vo_hydrate_item(self, obj: Any, pattr: str, cattr: str, value: Any) -> CoercedList[E]:
        value = _bounded(obj, cattr, value)
        plan = self._vo_plan or self._plan()
        if not plan.from_identity:
            if type(value) not in _FAST_SEQUENCES:
                value = list(value)  # may be read twice, see below
            try:
                items = self._one_pass(plan, obj, pattr, cattr, value)
            except exception.VersionedObjectsException:
                # A nested object failed to read; every element before it was
                # read, so OVO's read pass fails on the same one.  Replaying
                # here would read the failing subtree again at every level
                # of nesting: exponential time for a deep hostile primitive.
                raise
            except Exception:
                # Several bad elements: report the one OVO would, by replaying
                # its two passes (read every element, then coerce each).
                read = self._element_type.from_primitive
                items = self._coerce_items(obj, cattr, [read(obj, pattr, item) for item in value])
        else:
            items = self._one_pass(plan, obj, pattr, cattr, value)
        return make_list(items, self._element_type, obj, cattr)

    def _one_pass(self, plan: Any, obj: Any, pattr: str, cattr: str, value: Iterable[Any]) -> list[Any]:
        if plan.items is not None:
            return plan.items(obj, pattr, cattr, value, plan.coerce)  # type: ignore[no-any-return]
        exact = plan.hydrate_exact
        if plan.hydrate_keep and type(value) in _FAST_SEQUENCES and _all_exact(value, plan.hydrate_keep):
            return list(value)
        coerce = plan.coerce
        item = plan.item
        items: list[Any] = []
        append = items.append
        for n, element in enumerate(value):
            if type(element) in exact:
                append(element)
            elif element is None:
                append(coerce(obj, f"{cattr}[{n}]", None))
            else:
                append(item(obj, pattr, f"{cattr}[{n}]", element))
        return items

    def _coerce_items(self, obj: Any, attr: str, value: Iterable[Any]) -> list[Any]:
        plan = self._vo_plan or self._plan()
        coerce = plan.coerce
        if plan.coerce_items is not None:
            return plan.coerce_items(obj, attr, value, coerce)  # type: ignore[no-any-return]
        exact = plan.coerce_exact
        if exact:
            if type(value) in _FAST_SEQUENCES and _all_exact(value, plan.coerce_keep):
                return list(value)
            return [item if type(item) in exact else coerce(obj, f"{attr}[{n}]", item) for n, item in enumerate(value)]
        return [coerce(obj, f"{attr}[{n}]", item) for n, item in enumerate(value)]

    def stringify(self, value: Iterable[E]) -> str:
        text = self._element_type.stringify
        return "[" + ",".join([text(item) for item in value]) + "]"

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["array"], "items": self._element_type.get_schema()}


class Dict(CompoundFieldType[E]):
    """A dict with ``str`` keys; only ``dict`` instances are accepted."""

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> CoercedDict[E]:
        plan = self._vo_plan or self._plan()
        if value.__class__ is dict and plan.coerce_keep and _exact_items(value, plan.coerce_keep):
            return make_dict(value, self._element_type, obj, attr)
        if not isinstance(value, dict):
            raise ValueError(f"A dict is required in field {attr}, not a {type(value).__name__}")
        items = self._coerce_items(obj, attr, value)
        return make_dict(items, self._element_type, obj, attr)

    def to_primitive(self, obj: VersionedObject, attr: str, value: Any) -> dict[str, Any]:
        if (self._vo_plan or self._plan()).to_identity:
            if value.__class__ in _PLAIN_DICTS:
                return _copy_dict(value)  # a plain dict, copied in C
            return dict(value.items())
        convert = self._element_type.to_primitive
        return {key: convert(obj, f'{attr}["{key}"]', item) for key, item in value.items()}

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> dict[str, E]:
        _bounded(obj, attr, value)
        if (self._vo_plan or self._plan()).from_identity:
            return dict(value.items())
        read = self._element_type.from_primitive
        try:
            return {key: read(obj, f'{attr}["{key}"]', item) for key, item in value.items()}  # type: ignore[misc]
        except RecursionError:
            # A key (a tuple from the wire) nested too deeply to be printed in
            # the element's name; the key check that follows will refuse it.
            return {key: read(obj, f'{attr}["{safe_text(key)}"]', item) for key, item in value.items()}  # type: ignore[misc]

    def hydrate(self, obj: VersionedObject, attr: str, value: Any) -> CoercedDict[E]:
        plan = self._vo_plan or self._plan()
        if (
            value.__class__ is dict
            and plan.hydrate_keep
            and len(value) <= limits.max_items
            and _exact_items(value, plan.hydrate_keep)
        ):
            # Common case first: str keys, every value read and coerced to itself.
            return make_dict(value, self._element_type, obj, attr)
        return self._vo_hydrate_item(obj, attr, attr, value)

    def _vo_hydrate_item(self, obj: Any, pattr: str, cattr: str, value: Any) -> CoercedDict[E]:
        _bounded(obj, cattr, value)
        plan = self._vo_plan or self._plan()
        if plan.from_identity:
            items = self._one_pass(plan, obj, pattr, cattr, value)
        else:
            try:
                items = self._one_pass(plan, obj, pattr, cattr, value)
            except exception.VersionedObjectsException:
                raise  # a nested object failed to read: see List._vo_hydrate_item
            except Exception:
                # Report the error OVO would: it reads every element, then
                # checks keys and coerces.
                items = self._coerce_items(obj, cattr, self.from_primitive(obj, pattr, value))
        return make_dict(items, self._element_type, obj, cattr)

    def _one_pass(self, plan: Any, obj: Any, pattr: str, cattr: str, value: Any) -> dict[str, Any]:
        exact = plan.hydrate_exact
        if plan.hydrate_keep and type(value) is dict and _exact_items(value, plan.hydrate_keep):
            return dict(value)
        coerce = plan.coerce
        item = plan.item
        items = {}
        for key, element in value.items():
            if not isinstance(key, str):
                raise KeyTypeError(str, key)
            if type(element) in exact:
                items[key] = element
            elif element is None:
                items[key] = coerce(obj, f"{cattr}[{key}]", None)
            else:
                items[key] = item(obj, f'{pattr}["{key}"]', f"{cattr}[{key}]", element)
        return items

    def _coerce_items(self, obj: Any, attr: str, value: dict[Any, Any]) -> dict[str, Any]:
        plan = self._vo_plan or self._plan()
        coerce = plan.coerce
        exact = plan.coerce_exact
        if plan.coerce_keep and type(value) is dict and _exact_items(value, plan.coerce_keep):
            return dict(value)
        items = {}
        for key, element in value.items():
            if type(key) is not str and not isinstance(key, str):
                raise KeyTypeError(str, key)
            if type(element) in exact:
                items[key] = element
            else:
                items[key] = coerce(obj, f"{attr}[{key}]", element)
        return items

    def stringify(self, value: Any) -> str:
        text = self._element_type.stringify
        return "{" + ",".join([f"{key}={text(item)}" for key, item in sorted(value.items())]) + "}"

    def get_schema(self) -> dict[str, Any]:
        return {"type": ["object"], "additionalProperties": self._element_type.get_schema()}


class Set(CompoundFieldType[E]):
    """A set; only ``set`` instances are accepted.  Its primitive is a tuple."""

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> CoercedSet[E]:
        if not isinstance(value, set):
            raise ValueError(f"A set is required in field {attr}, not a {type(value).__name__}")
        items = self._coerce_items(obj, attr, value)
        return make_set(items, self._element_type, obj, attr)

    def to_primitive(self, obj: VersionedObject, attr: str, value: Iterable[E]) -> tuple[Any, ...]:
        if (self._vo_plan or self._plan()).to_identity:
            return tuple(value)
        convert = self._element_type.to_primitive
        return tuple([convert(obj, attr, item) for item in value])

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> set[E]:
        value = _bounded(obj, attr, value)
        if (self._vo_plan or self._plan()).from_identity:
            if type(value) in _FAST_SEQUENCES:
                return set(value)
            # Insert one by one as OVO does: copying a set or dict can lay out
            # the table differently, and coercion follows the set's order.
            return {item for item in value}
        read = self._element_type.from_primitive
        return {read(obj, attr, item) for item in value}  # type: ignore[misc]

    def hydrate(self, obj: VersionedObject, attr: str, value: Any) -> CoercedSet[E]:
        return self._vo_hydrate_item(obj, attr, attr, value)

    def _vo_hydrate_item(self, obj: Any, pattr: str, cattr: str, value: Any) -> CoercedSet[E]:
        # As in OVO: read into a set first (duplicates and unhashable values
        # are dealt with there), then coerce each member in set order.
        items = self._coerce_items(obj, cattr, self.from_primitive(obj, pattr, value))
        return make_set(items, self._element_type, obj, cattr)

    def _coerce_items(self, obj: Any, attr: str, value: Iterable[Any]) -> set[Any]:
        plan = self._vo_plan or self._plan()
        coerce = plan.coerce
        exact = plan.coerce_exact
        try:
            if exact:
                return {item if type(item) in exact else coerce(obj, f"{attr}[{item}]", item) for item in value}
            return {coerce(obj, f"{attr}[{item}]", item) for item in value}
        except RecursionError:
            # An element (a frozenset or tuple from the wire) nested too deeply
            # to be printed in its name: name it by a bounded repr instead.
            return {
                item if type(item) in exact else coerce(obj, f"{attr}[{safe_text(item)}]", item) for item in value
            }

    def stringify(self, value: Iterable[E]) -> str:
        text = self._element_type.stringify
        return "set([" + ",".join([text(item) for item in value]) + "])"

    def get_schema(self) -> dict[str, Any]:
        return {
            "type": ["array"],
            "uniqueItems": True,
            "items": self._element_type.get_schema(),
        }
