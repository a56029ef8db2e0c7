"""``Device`` and ``DeviceList``: devices attached to an instance."""

from __future__ import annotations

from examples.nova_like import db
from examples.nova_like.base import NovaLikeObject
from vobjects import base, fields


@base.VersionedObjectRegistry.register
class Device(NovaLikeObject, base.TimestampedObject):
    # Version 1.0: Initial version
    # Version 1.1: Added tags
    VERSION = "1.1"

    fields = {
        "id": fields.IntegerField(),
        "instance_uuid": fields.UUIDField(),
        "bus": fields.EnumField(valid_values=["pci", "usb", "scsi", "virtio"]),
        "address": fields.PCIAddressField(nullable=True),
        "mac": fields.MACAddressField(nullable=True),
        "tags": fields.SetOfStringsField(default=set()),
    }

    obj_field_history = {"tags": "1.1"}


@base.VersionedObjectRegistry.register
class DeviceList(base.ObjectListBase, NovaLikeObject):
    # Version 1.0: Initial version
    # Version 1.1: Device 1.1
    VERSION = "1.1"

    fields = {"objects": fields.ListOfObjectsField("Device")}
    child_versions = {"1.0": "1.0", "1.1": "1.1"}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        rows = [row for row in db.table("devices").values() if row["instance_uuid"] == instance_uuid]
        return base.obj_make_list(context, cls(context), rows)
