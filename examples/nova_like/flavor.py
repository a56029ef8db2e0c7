"""``Flavor``: the size of an instance."""

from __future__ import annotations

from typing import Any

from examples.nova_like import db
from examples.nova_like.base import NovaLikeObject
from vobjects import base, exception, fields


@base.VersionedObjectRegistry.register
class Flavor(NovaLikeObject, base.VersionedObjectDictCompat):
    # Version 1.0: Initial version
    # Version 1.1: Added extra_specs
    # Version 1.2: Added description
    VERSION = "1.2"

    fields = {
        "id": fields.IntegerField(),
        "flavorid": fields.StringField(),
        "name": fields.StringField(nullable=True),
        "memory_mb": fields.IntegerField(),
        "vcpus": fields.IntegerField(),
        "root_gb": fields.IntegerField(default=0),
        "is_public": fields.BooleanField(default=True),
        "extra_specs": fields.DictOfStringsField(default={}),
        "description": fields.StringField(nullable=True),
    }

    # The version each field was added in: the backport to an older version
    # drops it (no hand-written obj_make_compatible needed), and
    # `vobjects lock` records the schemas of 1.0 and 1.1 from it.
    obj_field_history = {"extra_specs": "1.1", "description": "1.2"}

    @classmethod
    @base.remotable
    def get_by_id(cls, context: Any, id: int) -> Flavor:
        row = db.table("flavors").get(id)
        if row is None:
            raise exception.ObjectActionError(action="get_by_id", reason=f"no flavor {id}")
        return cls._from_db_object(context, cls(), row)  # type: ignore[no-any-return]

    @base.remotable
    def create(self):
        self.obj_set_defaults()
        self.id = db.next_id()
        db.table("flavors")[self.id] = {name: getattr(self, name) for name in self.fields if self.obj_attr_is_set(name)}
        self.obj_reset_changes()

    @base.remotable
    def save(self):
        db.table("flavors")[self.id].update(self.obj_get_changes())
        self.obj_reset_changes()
