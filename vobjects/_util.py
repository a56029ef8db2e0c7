"""Helpers for building objects from database rows."""

from __future__ import annotations

import warnings
from typing import Any, TypeVar

from vobjects._registry import lookup

_L = TypeVar("_L")


def obj_make_list(context: Any, list_obj: _L, *args: Any, **extra_args: Any) -> _L:
    """Fill ``list_obj`` with objects made by ``item_cls._from_db_object`` from rows.

    Call as ``obj_make_list(context, list_obj, db_list, **extra)``; the item
    class is the newest registered class named by the list's ``objects``
    field.  The older form with ``item_cls`` before ``db_list`` still works
    with a DeprecationWarning.
    """
    if len(args) == 1:
        (db_list,) = args
        objname = list_obj.fields["objects"].objname  # type: ignore[attr-defined]
        item_cls = lookup(objname, list_obj.OBJ_REGISTRY)[0]  # type: ignore[attr-defined]
    elif len(args) == 2:
        warnings.warn(
            "Passing item_cls to obj_make_list() is deprecated. The item class is now derived "
            "from the list object's field definition.",
            DeprecationWarning,
            stacklevel=2,
        )
        item_cls, db_list = args
    else:
        raise TypeError(f"obj_make_list() takes 3 or 4 positional arguments but {2 + len(args)} were given")
    list_obj.objects = []  # type: ignore[attr-defined]
    for db_item in db_list:
        list_obj.objects.append(item_cls._from_db_object(context, item_cls(), db_item, **extra_args))  # type: ignore[attr-defined]
    list_obj._context = context  # type: ignore[attr-defined]
    list_obj.obj_reset_changes()  # type: ignore[attr-defined]
    return list_obj
