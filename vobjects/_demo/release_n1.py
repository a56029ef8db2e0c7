"""Release N-1 of the demo project: ``Instance`` 1.0 holding a ``Flavor`` 1.0.

This is the code an old compute node still runs.  It has no database: its
remotable methods are always sent to a conductor (``indirection_api``), so
their bodies here only say so.
"""

from __future__ import annotations

from typing import Any

from vobjects import base, exception, fields

RELEASE = "N-1"


class Registry(base.VersionedObjectRegistry):
    """The classes of release N-1 only."""

    isolated = True


class DemoObject(base.VersionedObject):
    """Base of release N-1's objects; a compute sets ``indirection_api`` here."""

    OBJ_REGISTRY = Registry
    OBJ_PROJECT_NAMESPACE = "vobjects_demo"


def _no_database(method: str) -> exception.ObjectActionError:
    return exception.ObjectActionError(action=method, reason="release N-1 has no database here; use a conductor")


@Registry.register
class Flavor(DemoObject):
    """A flavor: the size of an instance."""

    VERSION = "1.0"
    fields = {
        "id": fields.IntegerField(),
        "name": fields.StringField(),
        "memory_mb": fields.IntegerField(),
    }


@Registry.register
class Instance(DemoObject):
    """A virtual machine."""

    # Version 1.0: initial version
    VERSION = "1.0"
    fields = {
        "uuid": fields.UUIDField(),
        "host": fields.StringField(nullable=True),
        "vm_state": fields.StringField(),
        "admin_password": fields.SensitiveStringField(nullable=True),
        "updated_at": fields.DateTimeField(nullable=True),
        "launched_at": fields.DateTimeField(nullable=True),
        "flavor": fields.ObjectField("Flavor"),
    }

    @base.remotable
    def create(self) -> None:
        """Store a new instance."""
        raise _no_database("create")

    @base.remotable
    def save(self) -> None:
        """Store the changed fields."""
        raise _no_database("save")

    @classmethod
    @base.remotable
    def get_by_uuid(cls, context: Any, uuid: str) -> Instance:
        """Load an instance."""
        raise _no_database("get_by_uuid")
