"""The demo's two releases written against the real oslo.versionedobjects.

Field for field the same as ``vobjects/_demo/release_n1.py`` and
``release_n.py``, as a project that has not switched yet would have them.
OVO has one registry per process, so each ``define_*`` registers into it:
call one per process (a child), or restore the registry afterwards (tests).
"""

from __future__ import annotations

from types import SimpleNamespace

from oslo_utils import versionutils
from oslo_versionedobjects import base, exception, fields

NAMESPACE = "vobjects_demo"


def _base() -> type:
    class DemoObject(base.VersionedObject):
        OBJ_PROJECT_NAMESPACE = NAMESPACE

    return DemoObject


def define_n1() -> SimpleNamespace:
    """Release N-1: Instance 1.0, Flavor 1.0; no database, remotables go to a conductor."""
    DemoObject = _base()

    @base.VersionedObjectRegistry.register
    class Flavor(DemoObject):
        VERSION = "1.0"
        fields = {"id": fields.IntegerField(), "name": fields.StringField(), "memory_mb": fields.IntegerField()}

    @base.VersionedObjectRegistry.register
    class Instance(DemoObject):
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
        def create(self):
            raise exception.ObjectActionError(action="create", reason="no database here")

        @base.remotable
        def save(self):
            raise exception.ObjectActionError(action="save", reason="no database here")

        @base.remotable_classmethod
        def get_by_uuid(cls, context, uuid):
            raise exception.ObjectActionError(action="get_by_uuid", reason="no database here")

    return SimpleNamespace(DemoObject=DemoObject, Flavor=Flavor, Instance=Instance)


def define_n() -> SimpleNamespace:
    """Release N: Instance 1.3 (task_state, locked_by, Flavor 1.1), Flavor 1.1 (vcpus); no methods."""
    DemoObject = _base()

    @base.VersionedObjectRegistry.register
    class Flavor(DemoObject):
        VERSION = "1.1"
        fields = {
            "id": fields.IntegerField(),
            "name": fields.StringField(),
            "memory_mb": fields.IntegerField(),
            "vcpus": fields.IntegerField(),
        }

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            if versionutils.convert_version_to_tuple(target_version) < (1, 1):
                primitive.pop("vcpus", None)

    @base.VersionedObjectRegistry.register
    class Instance(DemoObject):
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

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            target = versionutils.convert_version_to_tuple(target_version)
            if target < (1, 2):
                primitive.pop("locked_by", None)
            if target < (1, 1):
                primitive.pop("task_state", None)

    return SimpleNamespace(DemoObject=DemoObject, Flavor=Flavor, Instance=Instance)
