"""The benchmark schema, declared once for both libraries, and its data.

``define(base, fields)`` is called with ``oslo_versionedobjects.{base,fields}``
and with ``vobjects.{base,fields}``: the same source builds both schemas, which
is what "drop-in" promises.  The schema is nova-shaped: an ``Instance`` of 41
fields of every common kind, a child ``Flavor`` (ObjectField), five child
``Device`` objects (ListOfObjectsField) and an ``InstanceList``.  Each class has
a version history, so a backport (W7) drops fields at three levels.

``generate(n, seed)`` makes ``n`` distinct instances as plain Python values,
the same on every run.
"""

from __future__ import annotations

import datetime
import random
import types
import uuid
from typing import Any

from oslo_utils import versionutils

VM_STATES = ("building", "active", "stopped", "paused", "suspended", "rescued", "error", "deleted")
TASK_STATES = (None, "scheduling", "spawning", "rebooting", "migrating", "resize_prep", "powering-off")
DEV_TYPES = ("type-PCI", "type-PF", "type-VF")
DEV_STATUSES = ("available", "claimed", "allocated")

INSTANCE_VERSION = "1.3"
#: What W7 backports to: a receiver that knows Instance 1.1, Flavor 1.0, Device 1.0.
OLD_MANIFEST = {"Instance": "1.1", "InstanceList": "1.0", "Flavor": "1.0", "Device": "1.0"}
OLD_VERSION = "1.1"

#: Fields W8 assigns, with values that need coercion (str -> int, str -> IP, ...).
EDITED_FIELDS = ("vm_state", "task_state", "progress", "access_ip_v4", "updated_at", "metadata")


def define(base: Any, fld: Any) -> types.SimpleNamespace:
    """Declare and register Device, Flavor, Instance and InstanceList with one library.

    ``base`` and ``fld`` are that library's ``base`` and ``fields`` modules.
    (A class body that assigns ``fields`` cannot read an outer ``fields``,
    hence the parameter's name.)
    """
    register = base.VersionedObjectRegistry.register

    @register
    class Device(base.VersionedObject):
        # 1.0: initial; 1.1: added tag
        VERSION = "1.1"
        fields = {
            "id": fld.IntegerField(),
            "uuid": fld.UUIDField(),
            "address": fld.StringField(),
            "vendor_id": fld.StringField(),
            "product_id": fld.StringField(),
            "dev_type": fld.EnumField(valid_values=DEV_TYPES),
            "status": fld.StringField(),
            "numa_node": fld.IntegerField(nullable=True),
            "tag": fld.StringField(nullable=True),
        }

        def obj_make_compatible(self, primitive: dict[str, Any], target_version: str) -> None:
            super().obj_make_compatible(primitive, target_version)
            target = versionutils.convert_version_to_tuple(target_version)
            if target < (1, 1):
                primitive.pop("tag", None)

    @register
    class Flavor(base.VersionedObject):
        # 1.0: initial; 1.1: added extra_specs; 1.2: added description
        VERSION = "1.2"
        fields = {
            "id": fld.IntegerField(),
            "flavorid": fld.StringField(),
            "name": fld.StringField(nullable=True),
            "memory_mb": fld.IntegerField(),
            "vcpus": fld.IntegerField(),
            "root_gb": fld.IntegerField(),
            "ephemeral_gb": fld.IntegerField(),
            "swap": fld.IntegerField(),
            "rxtx_factor": fld.FloatField(),
            "is_public": fld.BooleanField(),
            "extra_specs": fld.DictOfStringsField(),
            "description": fld.StringField(nullable=True),
        }

        def obj_make_compatible(self, primitive: dict[str, Any], target_version: str) -> None:
            super().obj_make_compatible(primitive, target_version)
            target = versionutils.convert_version_to_tuple(target_version)
            if target < (1, 2):
                primitive.pop("description", None)
            if target < (1, 1):
                primitive.pop("extra_specs", None)

    @register
    class Instance(base.VersionedObject):
        # 1.0: initial; 1.1: added access_ip_v6; 1.2: added locked_by, tags;
        # 1.3: added hidden, system_metadata
        VERSION = INSTANCE_VERSION
        fields = {
            "id": fld.IntegerField(),
            "uuid": fld.UUIDField(),
            "user_id": fld.StringField(),
            "project_id": fld.StringField(),
            "image_ref": fld.StringField(nullable=True),
            "hostname": fld.StringField(),
            "key_name": fld.StringField(nullable=True),
            "power_state": fld.IntegerField(nullable=True),
            "vm_state": fld.EnumField(valid_values=VM_STATES),
            "task_state": fld.StringField(nullable=True),
            "memory_mb": fld.IntegerField(),
            "vcpus": fld.IntegerField(),
            "root_gb": fld.IntegerField(),
            "ephemeral_gb": fld.IntegerField(),
            "host": fld.StringField(nullable=True),
            "node": fld.StringField(nullable=True),
            "reservation_id": fld.StringField(nullable=True),
            "launched_at": fld.DateTimeField(nullable=True),
            "terminated_at": fld.DateTimeField(nullable=True),
            "availability_zone": fld.StringField(nullable=True),
            "display_name": fld.StringField(nullable=True),
            "display_description": fld.StringField(nullable=True),
            "launched_on": fld.StringField(nullable=True),
            "locked": fld.BooleanField(),
            "locked_by": fld.StringField(nullable=True),
            "os_type": fld.StringField(nullable=True),
            "architecture": fld.StringField(nullable=True),
            "root_device_name": fld.StringField(nullable=True),
            "config_drive": fld.StringField(),
            "access_ip_v4": fld.IPV4AddressField(nullable=True),
            "access_ip_v6": fld.IPV6AddressField(nullable=True),
            "progress": fld.IntegerField(nullable=True),
            "metadata": fld.DictOfStringsField(),
            "system_metadata": fld.DictOfNullableStringsField(),
            "tags": fld.ListOfStringsField(),
            "hidden": fld.BooleanField(),
            "created_at": fld.DateTimeField(nullable=True),
            "updated_at": fld.DateTimeField(nullable=True),
            "deleted": fld.BooleanField(),
            "flavor": fld.ObjectField("Flavor"),
            "devices": fld.ListOfObjectsField("Device"),
        }
        obj_relationships = {
            "flavor": [("1.0", "1.0"), ("1.1", "1.1"), ("1.3", "1.2")],
            "devices": [("1.0", "1.0"), ("1.3", "1.1")],
        }

        def obj_make_compatible(self, primitive: dict[str, Any], target_version: str) -> None:
            super().obj_make_compatible(primitive, target_version)
            # As nova does: parse once, compare tuples.
            target = versionutils.convert_version_to_tuple(target_version)
            if target < (1, 3):
                primitive.pop("hidden", None)
                primitive.pop("system_metadata", None)
            if target < (1, 2):
                primitive.pop("locked_by", None)
                primitive.pop("tags", None)
            if target < (1, 1):
                primitive.pop("access_ip_v6", None)

    @register
    class InstanceList(base.ObjectListBase, base.VersionedObject):
        VERSION = "1.0"
        fields = {"objects": fld.ListOfObjectsField("Instance")}
        child_versions = {"1.0": INSTANCE_VERSION}

    return types.SimpleNamespace(Device=Device, Flavor=Flavor, Instance=Instance, InstanceList=InstanceList)


def build_instance(schema: types.SimpleNamespace, values: dict[str, Any], *, clean: bool = True) -> Any:
    """An ``Instance`` (with its Flavor and Devices) from the plain ``values`` of :func:`generate`.

    With ``clean``, changes are reset and the three fields a state change
    touches are set again, as after a compute manager's update: the primitive
    then carries a short ``changes`` list, as on the wire.
    """
    top = dict(values)
    top["flavor"] = schema.Flavor(**values["flavor"])
    top["devices"] = [schema.Device(**device) for device in values["devices"]]
    inst = schema.Instance(**top)
    if clean:
        inst.obj_reset_changes(recursive=True)
        inst.vm_state = values["vm_state"]
        inst.task_state = values["task_state"]
        inst.updated_at = values["updated_at"]
    return inst


def _dt(rng: random.Random, start: datetime.datetime) -> datetime.datetime:
    # Whole seconds: OVO's wire format drops microseconds.
    return start + datetime.timedelta(seconds=rng.randrange(0, 3 * 365 * 86400))


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _word(rng: random.Random, n: int = 8) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))


def _flavor(rng: random.Random, i: int) -> dict[str, Any]:
    vcpus = rng.choice((1, 2, 4, 8, 16))
    return {
        "id": 100 + i % 37,
        "flavorid": _uuid(rng),
        "name": f"m1.{rng.choice(('tiny', 'small', 'medium', 'large', 'xlarge'))}.{i % 37}",
        "memory_mb": vcpus * 2048,
        "vcpus": vcpus,
        "root_gb": rng.choice((10, 20, 40, 80, 160)),
        "ephemeral_gb": rng.choice((0, 0, 10, 20)),
        "swap": rng.choice((0, 0, 512, 1024)),
        "rxtx_factor": rng.choice((1.0, 1.5, 2.0)),
        "is_public": rng.random() < 0.8,
        "extra_specs": {
            "hw:cpu_policy": rng.choice(("shared", "dedicated")),
            "hw:mem_page_size": rng.choice(("small", "large", "any")),
            "quota:disk_read_bytes_sec": str(rng.randrange(10**6, 10**8)),
        },
        "description": rng.choice((None, f"flavor for tier {_word(rng, 4)}")),
    }


def _device(rng: random.Random, i: int, j: int) -> dict[str, Any]:
    return {
        "id": i * 10 + j,
        "uuid": _uuid(rng),
        "address": f"0000:{rng.randrange(256):02x}:{rng.randrange(32):02x}.{rng.randrange(8)}",
        "vendor_id": rng.choice(("8086", "15b3", "10de")),
        "product_id": f"{rng.randrange(0x10000):04x}",
        "dev_type": rng.choice(DEV_TYPES),
        "status": rng.choice(DEV_STATUSES),
        "numa_node": rng.choice((None, 0, 1)),
        "tag": rng.choice((None, f"nic{j}", f"gpu{j}")),
    }


def _instance(rng: random.Random, i: int) -> dict[str, Any]:
    epoch = datetime.datetime(2022, 1, 1, tzinfo=datetime.timezone.utc)
    created = _dt(rng, epoch)
    launched = created + datetime.timedelta(seconds=rng.randrange(5, 600))
    host = f"compute-{rng.randrange(400):03d}.rack{rng.randrange(20)}.example.org"
    flavor = _flavor(rng, i)
    name = f"vm-{_word(rng, 6)}-{i}"
    return {
        "id": i + 1,
        "uuid": _uuid(rng),
        "user_id": _word(rng, 32),
        "project_id": _word(rng, 32),
        "image_ref": _uuid(rng),
        "hostname": name,
        "key_name": rng.choice((None, f"key-{_word(rng, 5)}")),
        "power_state": rng.choice((0, 1, 1, 1, 4)),
        "vm_state": rng.choice(VM_STATES),
        "task_state": rng.choice(TASK_STATES),
        "memory_mb": flavor["memory_mb"],
        "vcpus": flavor["vcpus"],
        "root_gb": flavor["root_gb"],
        "ephemeral_gb": flavor["ephemeral_gb"],
        "host": host,
        "node": host,
        "reservation_id": f"r-{_word(rng, 8)}",
        "launched_at": launched,
        "terminated_at": rng.choice((None, None, None, launched + datetime.timedelta(days=rng.randrange(1, 90)))),
        "availability_zone": rng.choice((None, "nova", "az1", "az2")),
        "display_name": name,
        "display_description": rng.choice((None, f"server {name} of team {_word(rng, 4)}")),
        "launched_on": host,
        "locked": rng.random() < 0.1,
        "locked_by": rng.choice((None, None, "owner", "admin")),
        "os_type": rng.choice((None, "linux", "windows")),
        "architecture": rng.choice((None, "x86_64", "aarch64")),
        "root_device_name": rng.choice(("/dev/vda", "/dev/sda")),
        "config_drive": rng.choice(("", "True")),
        "access_ip_v4": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
        # Non-zero groups: the text is already in canonical (RFC 5952) form.
        "access_ip_v6": rng.choice((None, f"2001:db8::{rng.randrange(1, 0x10000):x}:{rng.randrange(1, 0x10000):x}")),
        "progress": rng.choice((None, 0, 100)),
        "metadata": {f"meta_{k}": _word(rng, rng.randrange(4, 20)) for k in range(rng.randrange(0, 6))},
        "system_metadata": {
            "image_disk_format": rng.choice(("qcow2", "raw")),
            "image_min_ram": str(rng.choice((0, 512))),
            "image_base_image_ref": _uuid(rng),
            "owner_user_name": rng.choice((None, _word(rng, 6))),
            "clean_attempts": str(rng.randrange(3)),
        },
        "tags": sorted({_word(rng, 5) for _ in range(rng.randrange(0, 4))}),
        "hidden": rng.random() < 0.05,
        "created_at": created,
        "updated_at": launched + datetime.timedelta(seconds=rng.randrange(1, 10**6)),
        "deleted": False,
        "flavor": flavor,
        "devices": [_device(rng, i, j) for j in range(5)],
    }


def generate(n: int = 1000, seed: int = 20240601) -> list[dict[str, Any]]:
    """``n`` distinct instances as plain values (dicts; ``flavor`` a dict, ``devices`` a list of dicts)."""
    rng = random.Random(seed)
    return [_instance(rng, i) for i in range(n)]


def edits(values: dict[str, Any]) -> dict[str, Any]:
    """The W8 assignments for one instance: new values, most of them needing coercion."""
    i = values["id"]
    return {
        "vm_state": VM_STATES[i % len(VM_STATES)],
        "task_state": None,
        "progress": str(i % 101),
        "access_ip_v4": f"192.168.{i % 256}.{1 + i % 250}",
        "updated_at": values["updated_at"] + datetime.timedelta(seconds=30),
        "metadata": {"edited": "yes", "round": str(i)},
    }
