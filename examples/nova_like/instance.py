"""``Instance`` and ``InstanceList``: virtual machines."""

from __future__ import annotations

from typing import Any

from examples.nova_like import db
from examples.nova_like.base import NovaLikeObject
from examples.nova_like.fields import VMStateField
from vobjects import base, exception, fields


@base.VersionedObjectRegistry.register
class Instance(NovaLikeObject, base.TimestampedObject):
    # Version 2.0: Initial version (1.x retired)
    # Version 2.1: Added devices and tags
    VERSION = "2.1"

    fields = {
        "id": fields.IntegerField(),
        "uuid": fields.UUIDField(),
        "hostname": fields.StringField(),
        "host": fields.StringField(nullable=True),
        "vm_state": VMStateField(default="building"),
        "launched_at": fields.DateTimeField(nullable=True),
        "flavor": fields.ObjectField("Flavor"),
        "devices": fields.ObjectField("DeviceList", nullable=True),
        "tags": fields.ListOfStringsField(default=[]),
    }

    obj_relationships = {
        "flavor": [("2.0", "1.2")],
        "devices": [("2.1", "1.1")],
    }

    def obj_make_compatible(self, primitive: dict[str, Any], target_version: str) -> None:
        super().obj_make_compatible(primitive, target_version)
        if target_version == "2.0":
            primitive.pop("tags", None)

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context, uuid, *, expected_attrs: list[str] | None = None) -> Instance:
        row = db.table("instances").get(uuid)
        if row is None:
            raise exception.ObjectActionError(action="get_by_uuid", reason=f"no instance {uuid}")
        return cls._from_db_object(context, cls(), row)  # type: ignore[no-any-return]

    @base.remotable
    def create(self):
        self.obj_set_defaults("vm_state", "tags")
        self.id = db.next_id()
        db.table("instances")[self.uuid] = {n: getattr(self, n) for n in self.fields if self.obj_attr_is_set(n)}
        self.obj_reset_changes()

    @base.remotable
    def save(self, expected_vm_state=None):
        row = db.table("instances")[self.uuid]
        if expected_vm_state is not None and row["vm_state"] != expected_vm_state:
            raise exception.ObjectActionError(action="save", reason=f"vm_state is {row['vm_state']}")
        row.update(self.obj_get_changes())
        self.obj_reset_changes()

    def is_running(self) -> bool:
        """Not remotable: plain methods take no part in the fingerprint."""
        return self.vm_state == "active"


@base.VersionedObjectRegistry.register
class InstanceList(base.ObjectListBase, NovaLikeObject):
    # Version 2.0: Initial version
    # Version 2.1: Instance 2.1
    VERSION = "2.1"

    fields = {"objects": fields.ListOfObjectsField("Instance")}
    child_versions = {"2.0": "2.0", "2.1": "2.1"}

    @classmethod
    @base.remotable
    def get_by_host(cls, context, host):
        rows = [row for row in db.table("instances").values() if row.get("host") == host]
        return base.obj_make_list(context, cls(context), rows)
