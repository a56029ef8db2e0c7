"""OVO-style ``fields = {...}`` tables with an annotation per name: typed without a plugin.

The annotations are for the checkers only; at runtime the table alone
declares the fields.  This is also how to type a field whose class is only
known by name (a forward or self reference) in either style.
"""

from __future__ import annotations

import datetime

from typing_extensions import reveal_type

from vobjects import base, fields


class Registry(base.VersionedObjectRegistry):
    isolated = True


class Base(base.VersionedObject):
    OBJ_REGISTRY = Registry


@Registry.register
class Flavor(Base):
    VERSION = "1.0"
    fields = {
        "id": fields.IntegerField(),
        "name": fields.StringField(nullable=True),
    }
    id: int
    name: str | None


@Registry.register
class Instance(Base):
    VERSION = "1.0"
    # Attributes first: below ``fields = {...}`` the name ``fields`` is the table.
    uuid = fields.UUIDField()
    fields = {
        "flavor": fields.ObjectField("Flavor"),
        "parent": fields.ObjectField("Instance", nullable=True),
        "launched_at": fields.DateTimeField(nullable=True),
    }
    flavor: Flavor
    parent: Instance | None
    launched_at: datetime.datetime | None


@Registry.register
class Legacy(Base):
    VERSION = "1.0"
    fields = {"count": fields.IntegerField()}


def legacy(obj: Legacy) -> None:
    # Without annotations (and without the mypy plugin) an OVO-style field
    # reads and writes as Any, so OVO code type-checks as it is.
    reveal_type(obj.count)  # R: Any
    obj.count = 3


def check(inst: Instance) -> None:
    reveal_type(inst.uuid)  # R: str
    reveal_type(inst.flavor)  # R: Flavor
    reveal_type(inst.flavor.id)  # R: int
    reveal_type(inst.flavor.name)  # R: str | None
    reveal_type(inst.parent)  # R: Instance | None
    reveal_type(inst.launched_at)  # R: datetime | None
    inst.flavor.id = "1"  # E


assert list(Instance.fields) == ["flavor", "parent", "launched_at", "uuid"]
