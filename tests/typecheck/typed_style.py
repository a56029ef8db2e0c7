"""Typed declarations: fields as class attributes, read by mypy and pyright alone.

Each ``reveal_type`` line ends with ``# R: <type>``, the type both checkers
must report; each line ending ``# E`` must be an error for both.  This file
is also imported at runtime (``tests/test_typing.py``), so the classes it
declares must work as written.
"""

from __future__ import annotations

import datetime
from typing import Any

import netaddr
from typing_extensions import reveal_type

from vobjects import base, fields


class Registry(base.VersionedObjectRegistry):
    isolated = True


class Base(base.VersionedObject):
    OBJ_REGISTRY = Registry


@Registry.register
class Device(Base):
    VERSION = "1.0"
    id = fields.IntegerField()
    address = fields.IPAddressField(nullable=True)


@Registry.register
class Flavor(Base):
    VERSION = "1.1"
    name = fields.StringField()
    memory_mb = fields.IntegerField()
    description = fields.StringField(nullable=True)
    ratio = fields.FloatField(default=1.0)
    extra_specs = fields.DictOfStringsField(default={})


@Registry.register
class Instance(Base):
    VERSION = "1.0"
    uuid = fields.UUIDField()
    hostname = fields.StringField(nullable=True, read_only=True)
    locked = fields.BooleanField(default=False)
    launched_at = fields.DateTimeField(nullable=True)
    created_at = fields.DateTimeField(tzinfo_aware=False)
    access_ip = fields.IPV4AddressField()
    network = fields.IPNetworkField(nullable=True)
    tags = fields.ListOfStringsField()
    metadata = fields.DictOfNullableStringsField()
    numa = fields.SetOfIntegersField(nullable=True)
    power = fields.EnumField(["on", "off"])
    task = fields.EnumField(["spawning", "deleting"], nullable=True)
    flavor = fields.ObjectField(Flavor)
    old_flavor = fields.ObjectField(Flavor, nullable=True)
    devices = fields.ListOfObjectsField(Device)
    parent = fields.ObjectField("Instance", nullable=True)  # by name: the checkers see Any
    flag = fields.FlexibleBooleanField(nullable=True)


def check(inst: Instance, nullable: bool) -> None:
    reveal_type(inst.uuid)  # R: str
    reveal_type(inst.hostname)  # R: str | None
    reveal_type(inst.locked)  # R: bool
    reveal_type(inst.launched_at)  # R: datetime | None
    reveal_type(inst.created_at)  # R: datetime
    reveal_type(inst.access_ip)  # R: IPAddress
    reveal_type(inst.network)  # R: IPNetwork | None
    reveal_type(inst.tags)  # R: list[str]
    reveal_type(inst.metadata)  # R: dict[str, str | None]
    reveal_type(inst.numa)  # R: set[int] | None
    reveal_type(inst.power)  # R: str
    reveal_type(inst.task)  # R: str | None
    reveal_type(inst.flavor)  # R: Flavor
    reveal_type(inst.flavor.memory_mb)  # R: int
    reveal_type(inst.flavor.description)  # R: str | None
    reveal_type(inst.flavor.ratio)  # R: float
    reveal_type(inst.flavor.extra_specs)  # R: dict[str, str]
    reveal_type(inst.old_flavor)  # R: Flavor | None
    reveal_type(inst.devices)  # R: list[Device]
    reveal_type(inst.devices[0].address)  # R: IPAddress | None
    reveal_type(inst.parent)  # R: Any
    reveal_type(inst.flag)  # R: bool | None
    # A nullability only known at runtime reads as possibly None.
    reveal_type(fields.StringField(nullable=nullable))  # R: StringField[bool]
    reveal_type(fields.StringField())  # R: StringField[Literal[False]]
    # The class attribute is the field (the checkers' view of the declaration).
    reveal_type(Instance.fields)  # R: dict[str, Field[Any, Any]]

    # Assignments are checked against the field's type.
    inst.hostname = None
    inst.task = "deleting"
    inst.launched_at = datetime.datetime.now(datetime.timezone.utc)
    inst.access_ip = netaddr.IPAddress("10.0.0.1")
    inst.flavor = Flavor(name="m1.tiny", memory_mb=512)
    inst.uuid = None  # E
    inst.locked = "yes"  # E
    inst.devices = [Flavor()]  # E
    inst.flavor.memory_mb = 2.5  # E


def table(field: fields.Field[Any]) -> bool:
    # The OVO-style table is typed too.
    return field.nullable


table(Instance.fields["uuid"])
