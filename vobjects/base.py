"""Versioned objects: the public face of the object model (OVO's ``base``).

``VersionedObjectSerializer`` (an oslo.messaging serializer) is created on
first access, so importing this module does not import oslo.messaging.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vobjects._backport import do_subobject_backport as _do_subobject_backport  # noqa: F401
from vobjects._backport import get_subobject_version as _get_subobject_version  # noqa: F401
from vobjects._backport import obj_tree_get_versions
from vobjects._classbuild import make_class_properties as _make_class_properties  # noqa: F401
from vobjects._limits import limits
from vobjects._list import ObjectListBase
from vobjects._mixins import _NOT_GIVEN as _NotSpecifiedSentinel  # noqa: F401
from vobjects._mixins import (
    ComparableVersionedObject,
    TimestampedObject,
    VersionedObjectDictCompat,
    VersionedObjectMixin,
)
from vobjects._object import LOG, VersionedObject, _get_attrname  # noqa: F401
from vobjects._registry import VersionedObjectRegistry
from vobjects._remotable import VersionedObjectIndirectionAPI, remotable, remotable_classmethod
from vobjects._util import obj_make_list

if TYPE_CHECKING:
    from vobjects._serializer import VersionedObjectSerializer

__all__ = [
    "ComparableVersionedObject",
    "ObjectListBase",
    "TimestampedObject",
    "VersionedObject",
    "VersionedObjectDictCompat",
    "VersionedObjectIndirectionAPI",
    "VersionedObjectMixin",
    "VersionedObjectRegistry",
    "VersionedObjectSerializer",
    "limits",
    "obj_make_list",
    "obj_tree_get_versions",
    "remotable",
    "remotable_classmethod",
]




def __getattr__(name: str) -> Any:
    if name == "VersionedObjectSerializer":
        from vobjects._serializer import VersionedObjectSerializer

        globals()[name] = VersionedObjectSerializer
        return VersionedObjectSerializer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
