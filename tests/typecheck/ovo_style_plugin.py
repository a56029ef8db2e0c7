"""OVO-style ``fields = {...}`` tables, unchanged from an OVO project.

mypy with ``plugins = vobjects.mypy`` types every entry; pyright, which has
no plugins, reads them through ``VersionedObject.__getattr__`` as ``Any``
(annotate the names, as in ``ovo_style_annotated.py``, to type them there).
Lines marked ``# R mypy:`` / ``# R pyright:`` differ between the checkers.
"""

from __future__ import annotations

from typing_extensions import reveal_type

from vobjects import base, fields


class Registry(base.VersionedObjectRegistry):
    isolated = True


class Base(base.VersionedObject):
    OBJ_REGISTRY = Registry


class Timestamped(base.VersionedObject):
    fields = {"created_at": fields.DateTimeField(nullable=True)}


@Registry.register
class Flavor(Base, Timestamped):
    VERSION = "1.0"
    fields = {
        "id": fields.IntegerField(),
        "name": fields.StringField(nullable=True),
        "extra_specs": fields.DictOfStringsField(default={}),
        "state": fields.EnumField(["on", "off"]),
    }


@Registry.register
class Instance(Base):
    VERSION = "1.0"
    fields = {
        "uuid": fields.UUIDField(),
        "flavor": fields.ObjectField("Flavor"),
        "flavors": fields.ListOfObjectsField("Flavor", nullable=True),
        "parent": fields.ObjectField("Instance", nullable=True),
        "elsewhere": fields.ObjectField("NotInThisModule"),
    }


def check(inst: Instance) -> None:
    reveal_type(inst.uuid)  # R mypy: str  # R pyright: Any
    reveal_type(inst.flavor)  # R mypy: Flavor  # R pyright: Any
    reveal_type(inst.flavor.id)  # R mypy: int  # R pyright: Any
    reveal_type(inst.flavor.name)  # R mypy: str | None  # R pyright: Any
    reveal_type(inst.flavor.extra_specs)  # R mypy: dict[str, str]  # R pyright: Any
    reveal_type(inst.flavor.state)  # R mypy: str  # R pyright: Any
    reveal_type(inst.flavor.created_at)  # R mypy: datetime | None  # R pyright: Any
    reveal_type(inst.flavors)  # R mypy: list[Flavor] | None  # R pyright: Any
    reveal_type(inst.parent)  # R mypy: Instance | None  # R pyright: Any
    reveal_type(inst.elsewhere)  # R mypy: Any  # R pyright: Any
    inst.uuid = "6f1d2a4e-9c1b-4b8e-8f0a-2a4b6c8d0e1f"
    inst.flavor.id = 3
