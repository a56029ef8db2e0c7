"""Which objects hold which: the edges behind ``get_dependency_tree`` and ``vobjects tree``.

An edge runs from a parent object to the object named by one of its fields:
an ``Object`` field (``ObjectField`` or a raw ``Field(Object(...))``), or,
when asked, a list of objects (``ListOfObjectsField``).  OVO's
``get_dependency_tree`` ignores lists and recurses forever on cycles; here
lists are an opt-in and cycles end.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from vobjects import fields as _fields


@dataclasses.dataclass(frozen=True)
class Edge:
    """``parent.field`` holds ``child`` (a list of them when ``is_list``)."""

    parent: str
    field: str
    child: str
    is_list: bool


def _child_of(field: Any) -> tuple[str, bool] | None:
    """``(object name, is_list)`` for a field that holds objects, else None."""
    ftype: Any = getattr(field, "_type", None)
    if isinstance(ftype, _fields.Object) or _is_ovo_type(ftype, "Object"):
        return ftype._obj_name, False
    if isinstance(ftype, _fields.List) or _is_ovo_type(ftype, "List"):
        element: Any = getattr(getattr(ftype, "_element_type", None), "_type", None)
        if isinstance(element, _fields.Object) or _is_ovo_type(element, "Object"):
            return element._obj_name, True
    return None


def _is_ovo_type(ftype: Any, name: str) -> bool:
    """Whether ``ftype`` is an instance of oslo.versionedobjects' field type ``name``.

    A checker may be given OVO's registry (as in the interop tests); its field
    types are recognised by class, without importing OVO.
    """
    for klass in type(ftype).__mro__:
        if klass.__name__ == name and klass.__module__ == "oslo_versionedobjects.fields":
            return True
    return False


def edges_of(obj_class: type, include_lists: bool = True) -> list[Edge]:
    """The edges out of ``obj_class``, in field order."""
    found = []
    parent = obj_class.obj_name()  # type: ignore[attr-defined]
    for name, field in obj_class.fields.items():  # type: ignore[attr-defined]
        child = _child_of(field)
        if child is not None and (include_lists or not child[1]):
            found.append(Edge(parent, name, child[0], child[1]))
    return found


def newest(obj_classes: Mapping[str, list[type]], name: str) -> type | None:
    """The newest registered class for ``name``, or None (never inserts)."""
    classes = obj_classes.get(name) if hasattr(obj_classes, "get") else None
    return classes[0] if classes else None


def add_dependencies(
    tree: dict[str, dict[str, str]],
    obj_classes: Mapping[str, list[type]],
    obj_class: type,
    include_lists: bool = False,
) -> None:
    """Add ``obj_class`` and everything below it to ``tree`` (see :func:`dependency_tree`)."""
    visiting: set[str] = set()

    def visit(cls: type) -> None:
        name = cls.obj_name()  # type: ignore[attr-defined]
        if name in tree or name in visiting:
            return
        visiting.add(name)
        try:
            for edge in edges_of(cls, include_lists):
                child_class = newest(obj_classes, edge.child)
                if child_class is None:
                    raise IndexError(f"{edge.child} is referenced by {name}.{edge.field} but is not registered")
                visit(child_class)
                tree.setdefault(name, {})[edge.child] = child_class.VERSION  # type: ignore[attr-defined]
        finally:
            visiting.discard(name)

    visit(obj_class)


def dependency_tree(obj_classes: Mapping[str, list[type]], include_lists: bool = False) -> dict[str, dict[str, str]]:
    """``{parent: {child: child's newest VERSION}}`` for objects that hold objects.

    Same result as OVO's ``get_dependency_tree`` (including its insertion
    order: children are visited before their parent's entry is added), except
    that a cycle or self-reference ends instead of recursing forever, and
    list-of-object fields count when ``include_lists`` is true.  A child that
    is not registered raises IndexError, as OVO does, with a message naming it.
    """
    tree: dict[str, dict[str, str]] = {}
    for name in list(obj_classes.keys()):
        top = newest(obj_classes, name)
        if top is not None:
            add_dependencies(tree, obj_classes, top, include_lists)
    return tree
