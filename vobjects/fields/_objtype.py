"""The ``Object`` field type: a nested versioned object, named by ``obj_name()``.

The object core is imported on first use (it imports this package), and
the registry is read without inserting into it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from vobjects import exception
from vobjects.fields._core import FieldType, safe_text

if TYPE_CHECKING:
    from vobjects._object import VersionedObject

_versioned_object: Any = None
_loads_children: Any = None
_load_children: Any = None


def _dump_object(value: Any) -> Any:
    """``value.obj_to_primitive()``, through its class's generated ``primitive`` when it has one.

    That function (see ``vobjects._codegen``) checks for itself that the
    call would reach VersionedObject's own ``obj_to_primitive`` and calls
    the method otherwise; a value whose class has no codec yet, or that is
    no VersionedObject at all, gets the method call directly.
    """
    try:
        primitive = value.__class__._vo_codec.primitive
    except AttributeError:
        return value.obj_to_primitive()
    return primitive(value)


def _load_versioned_object() -> Any:
    global _versioned_object, _loads_children, _load_children
    from vobjects._object import VersionedObject, load_children, loads_children

    _loads_children = loads_children
    _load_children = load_children
    _versioned_object = VersionedObject
    return VersionedObject


def _mro_names(value: Any) -> list[str]:
    """``obj_name()`` of every class of ``value``'s MRO that has one."""
    return [klass.obj_name() for klass in value.__class__.mro() if hasattr(klass, "obj_name")]


class Object(FieldType["VersionedObject"]):
    """An object whose ``obj_name()`` is ``obj_name``.

    The check is duck-typed.  With ``subclasses=True`` an object is also
    accepted when any class in its MRO has that name.
    """

    _vo_exact: tuple[type, ...] = ()

    def __init__(self, obj_name: str, subclasses: bool = False, **kwargs: Any) -> None:
        self._obj_name = obj_name
        self._subclasses = subclasses
        super().__init__(**kwargs)

    @staticmethod
    def _get_all_obj_names(obj: Any) -> list[str]:
        """The ``obj_name()`` of every class in ``obj``'s MRO that has one (OVO's helper)."""
        return _mro_names(obj)

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> VersionedObject:
        try:
            name = value.obj_name()
        except AttributeError:
            name = ""
        if self._subclasses:
            if self._obj_name in _mro_names(value):
                return value  # type: ignore[no-any-return]
        elif name == self._obj_name:
            return value  # type: ignore[no-any-return]
        if not name:
            # Not an object at all: name its type in the message.
            name = type(value).__name__
        owner_module = f"{obj.__module__}." if hasattr(obj, "__module__") else ""
        value_module = f"{value.__module__}." if hasattr(value, "__module__") else ""
        raise ValueError(
            f"An object of type {owner_module}{self._obj_name!s} is required in field "
            f"{attr!s}, not a {value_module}{name!s}"
        )

    def to_primitive(self, obj: VersionedObject, attr: str, value: VersionedObject) -> Any:
        return value.obj_to_primitive()

    #: ``to_primitive`` without the owner and name (see vobjects._codegen).
    _vo_dump = staticmethod(_dump_object)

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> VersionedObject:
        versioned_object = _versioned_object or _load_versioned_object()
        if isinstance(value, versioned_object):
            # Already hydrated (by a serializer, say): use it as it is.
            return value  # type: ignore[no-any-return]
        return obj.obj_from_primitive(value, obj._context)

    def hydrate(self, obj: VersionedObject, attr: str, value: Any) -> VersionedObject:
        # from_primitive then coerce, without the two Field layers in between.
        return self._vo_hydrate_item(obj, attr, attr, value)

    def _vo_hydrate_item(self, obj: Any, pattr: str, cattr: str, value: Any) -> VersionedObject:
        versioned_object = _versioned_object or _load_versioned_object()
        if not isinstance(value, versioned_object):
            children = self._vo_direct(obj, (value,))
            if children is not None:
                return children[0]  # type: ignore[no-any-return]
            value = obj.obj_from_primitive(value, obj._context)
            if not self._subclasses and value._vo_codec.name == self._obj_name:
                return value  # type: ignore[no-any-return]
        return self.coerce(obj, cattr, value)

    def _vo_direct(self, obj: Any, primitives: Any) -> list[Any] | None:
        """``primitives`` read by ``load_children`` when it may, else None.

        Only for an exact name: with ``subclasses``, a child may be of any
        class that has this name in its MRO, which the public path resolves.
        """
        if self._subclasses or obj._vo_codec is None or not _loads_children(obj.__class__):
            return None
        return _load_children(obj, primitives, self._obj_name, None)  # type: ignore[no-any-return]

    def _vo_hydrate_items(
        self, obj: Any, pattr: str, cattr: str, values: Iterable[Any], coerce: Any
    ) -> list[VersionedObject]:
        """``_vo_hydrate_item`` of each element (``coerce`` for None), in one loop.

        When every element is a plain child, ``load_children`` reads them
        all; an element's name (``cattr[n]``) is only formatted for the
        elements that need it.
        """
        if _versioned_object is None:  # all are set together, on first use
            _load_versioned_object()
        children = self._vo_direct(obj, values)
        if children is not None:
            return children
        items: list[Any] = []
        append = items.append
        for n, element in enumerate(values):
            if element is None:
                append(coerce(obj, f"{cattr}[{n}]", None))
            else:
                append(self._vo_hydrate_item(obj, pattr, f"{cattr}[{n}]", element))
        return items

    def _vo_coerce_items(self, obj: Any, attr: str, values: Iterable[Any], coerce: Any) -> list[Any]:
        """``coerce(obj, f"{attr}[{n}]", value)`` of each value, in one loop.

        A value whose ``obj_name()`` is the one required is kept as
        ``coerce`` would keep it, without formatting its name; anything else
        (None, another object, a subclass check) goes to ``coerce``.
        """
        name = None if self._subclasses else self._obj_name
        items: list[Any] = []
        append = items.append
        for n, value in enumerate(values):
            if name is not None and value is not None:
                try:
                    same = value.obj_name() == name
                except AttributeError:
                    same = False
                if same:
                    append(value)
                    continue
            append(coerce(obj, f"{attr}[{n}]", value))
        return items

    def describe(self) -> str:
        return f"Object<{self._obj_name}>"

    def stringify(self, value: VersionedObject) -> str:
        ident = ""
        for key in ("uuid", "id"):
            if key in value.fields:
                ident = f"({safe_text(getattr(value, key))})" if value.obj_attr_is_set(key) else "(UNKNOWN)"
                break
        return f"{value.obj_name()}{ident}"

    def get_schema(self) -> dict[str, Any]:
        from vobjects._registry import VersionedObjectRegistry

        classes = VersionedObjectRegistry.obj_classes().get(self._obj_name)
        if not classes:
            raise exception.UnsupportedObjectError(objtype=self._obj_name)
        cls = classes[0]
        key = cls._obj_primitive_key
        data_key = key("data")
        required = [name for name, field in sorted(cls.fields.items()) if not field.nullable]
        schema: dict[str, Any] = {
            "type": ["object"],
            "properties": {
                key("namespace"): {"type": "string"},
                key("name"): {"type": "string"},
                key("version"): {"type": "string"},
                key("changes"): {"type": "array", "items": {"type": "string"}},
                data_key: {
                    "type": "object",
                    "description": f"fields of {self._obj_name}",
                    "properties": {name: field.get_schema() for name, field in cls.fields.items()},
                },
            },
            "required": [key("namespace"), key("name"), key("version"), data_key],
        }
        if required:
            schema["properties"][data_key]["required"] = required
        return schema
