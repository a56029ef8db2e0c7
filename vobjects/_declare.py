"""Fields declared as class attributes: the typed way to write an object.

Besides OVO's ``fields = {...}`` table, a class may declare each field as a
class attribute::

    class Flavor(base.VersionedObject):
        VERSION = "1.0"
        id = fields.IntegerField()
        description = fields.StringField(nullable=True)

Type checkers read those attributes as descriptors (``Flavor().id`` is an
``int``, ``description`` a ``str | None``).  At runtime, when the class is
created, the attributes move into the class's ``fields`` table, after the
fields it inherits and those of its own ``fields = {...}`` if it has one, so
everything downstream (registration, fingerprints, primitives) sees an
ordinary OVO-style class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vobjects import exception
from vobjects import fields as _fields

if TYPE_CHECKING:
    from vobjects._object import VersionedObject


def collect(cls: type[VersionedObject]) -> None:
    """Move ``cls``'s field attributes into its ``fields`` table."""
    declared = {name: value for name, value in vars(cls).items() if isinstance(value, _fields.Field)}
    if not declared:
        return
    own: dict[str, _fields.Field[Any]] | None = vars(cls).get("fields")
    if own is None:
        # The inherited table; a registered parent's already holds its
        # parents' fields.
        table = dict(cls.fields)
    else:
        if not isinstance(own, dict):
            raise exception.ObjectFieldInvalid(
                f"{cls.__name__}.fields must be a dict to be combined with fields declared as attributes",
                field="fields",
                objname=cls.__name__,
            )
        twice = sorted(set(own) & set(declared))
        if twice:
            raise exception.ObjectFieldInvalid(
                f"{cls.__name__} declares {', '.join(twice)} both in `fields` and as an attribute",
                field=twice[0],
                objname=cls.__name__,
            )
        table = dict(own)
    table.update(declared)
    for name in declared:
        delattr(cls, name)
    cls.fields = table
