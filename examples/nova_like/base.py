"""The project's base object: its namespace and shared helpers."""

from __future__ import annotations

from typing import Any

from vobjects import base


class NovaLikeObject(base.VersionedObject):
    """Base of the example objects; primitives carry the ``nova_like`` namespace."""

    OBJ_PROJECT_NAMESPACE = "nova_like"
    OBJ_SERIAL_NAMESPACE = "nova_like_object"

    @staticmethod
    def _from_db_object(context: Any, obj: Any, db_obj: dict[str, Any]) -> Any:
        """``obj`` filled from a store row, with no pending changes (``obj_make_list`` calls this)."""
        for name in obj.fields:
            if name in db_obj:
                setattr(obj, name, db_obj[name])
        obj._context = context
        obj.obj_reset_changes()
        return obj
