"""Release N of the demo project: ``Instance`` 1.3 holding a ``Flavor`` 1.1.

What changed since release N-1 (see :mod:`.release_n1`), and how each change
is undone for an older reader in ``obj_make_compatible``:

* ``Flavor`` 1.1 added ``vcpus``;
* ``Instance`` 1.1 added ``task_state``, 1.2 added ``locked_by``, and 1.3
  moved its ``flavor`` to ``Flavor`` 1.1 (``obj_relationships``).

The remotable methods run on the conductor, against :data:`DATABASE`.
"""

from __future__ import annotations

import datetime
import threading
from typing import Any

from oslo_utils import versionutils

from vobjects import base, exception, fields

RELEASE = "N"


class Registry(base.VersionedObjectRegistry):
    """The classes of release N only."""

    isolated = True


class DemoObject(base.VersionedObject):
    """Base of release N's objects."""

    OBJ_REGISTRY = Registry
    OBJ_PROJECT_NAMESPACE = "vobjects_demo"


class Database:
    """The conductor's stand-in for a database: instances by uuid."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.instances: dict[str, Instance] = {}


#: The conductor's data (in the process that runs the conductor).
DATABASE = Database()


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


@Registry.register
class Flavor(DemoObject):
    """A flavor: the size of an instance."""

    # Version 1.0: initial version
    # Version 1.1: added vcpus
    VERSION = "1.1"
    fields = {
        "id": fields.IntegerField(),
        "name": fields.StringField(),
        "memory_mb": fields.IntegerField(),
        "vcpus": fields.IntegerField(),
    }

    def obj_make_compatible(self, primitive: dict[str, Any], target_version: str) -> None:
        super().obj_make_compatible(primitive, target_version)
        if versionutils.convert_version_to_tuple(target_version) < (1, 1):
            primitive.pop("vcpus", None)


@Registry.register
class Instance(DemoObject):
    """A virtual machine."""

    # Version 1.0: initial version
    # Version 1.1: added task_state
    # Version 1.2: added locked_by
    # Version 1.3: flavor is a Flavor 1.1
    VERSION = "1.3"
    fields = {
        "uuid": fields.UUIDField(),
        "host": fields.StringField(nullable=True),
        "vm_state": fields.StringField(),
        "task_state": fields.StringField(nullable=True),
        "locked_by": fields.StringField(nullable=True),
        "admin_password": fields.SensitiveStringField(nullable=True),
        "updated_at": fields.DateTimeField(nullable=True),
        "launched_at": fields.DateTimeField(nullable=True),
        "flavor": fields.ObjectField("Flavor"),
    }
    obj_relationships = {"flavor": [("1.0", "1.0"), ("1.3", "1.1")]}

    def obj_make_compatible(self, primitive: dict[str, Any], target_version: str) -> None:
        super().obj_make_compatible(primitive, target_version)
        target = versionutils.convert_version_to_tuple(target_version)
        if target < (1, 2):
            primitive.pop("locked_by", None)
        if target < (1, 1):
            primitive.pop("task_state", None)

    @base.remotable
    def create(self) -> None:
        """Store a new instance, filling in what release N tracks."""
        with DATABASE.lock:
            if self.uuid in DATABASE.instances:
                raise exception.ObjectActionError(action="create", reason="already created")
            if not self.obj_attr_is_set("task_state"):
                self.task_state = "scheduling"
            if not self.obj_attr_is_set("locked_by"):
                self.locked_by = None
            if not self.flavor.obj_attr_is_set("vcpus"):
                self.flavor.vcpus = 1
            self.updated_at = _now()
            DATABASE.instances[self.uuid] = self.obj_clone()
        self.obj_reset_changes(recursive=True)

    @base.remotable
    def save(self) -> None:
        """Store the changed fields; no task is in progress after a save."""
        with DATABASE.lock:
            stored = DATABASE.instances.get(self.uuid)
            if stored is None:
                raise exception.ObjectActionError(action="save", reason="not created")
            self.task_state = None
            self.updated_at = _now()
            if self.vm_state == "active" and not self.obj_attr_is_set("launched_at"):
                self.launched_at = self.updated_at
            for name, value in self.obj_get_changes().items():
                setattr(stored, name, value.obj_clone() if isinstance(value, base.VersionedObject) else value)
        self.obj_reset_changes(recursive=True)

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context: Any, uuid: str) -> Instance:
        """Load an instance."""
        with DATABASE.lock:
            stored = DATABASE.instances.get(uuid)
            if stored is None:
                raise exception.ObjectActionError(action="get_by_uuid", reason=f"no instance {uuid}")
            instance = stored.obj_clone()
        instance._context = context
        instance.obj_reset_changes(recursive=True)
        return instance
