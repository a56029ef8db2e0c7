"""The benchmark's data in msgspec and pydantic: the yardsticks for vobjects.

Two kinds of reference, both typed and validating on decode:

- *natural* models (``msgspec.Struct``, pydantic ``BaseModel``): the same
  fields and values, in each library's own idiom and wire format.
- *wire* Structs: msgspec taught OVO's exact wire format, envelope dicts
  (``versioned_object.name`` / ``namespace`` / ``version`` / ``data`` /
  ``changes``) and all.  Their primitives equal OVO's key for key, so they are
  the "speed of light" for W2, W3, W4 and W6: how fast that format can be
  written and read in Python.

One table of field types (below) feeds all of them.  msgspec has no IP
address type, so its models hold addresses as ``str``.
"""

from __future__ import annotations

import datetime
import ipaddress
import uuid
from typing import Any, Literal

import msgspec
import pydantic
from msgspec import UNSET, UnsetType

from benchmarks import model

_K = "versioned_object."
_IPV4 = object()
_IPV6 = object()

_DEVICE: dict[str, Any] = {
    "id": int,
    "uuid": uuid.UUID,
    "address": str,
    "vendor_id": str,
    "product_id": str,
    "dev_type": Literal[model.DEV_TYPES],
    "status": str,
    "numa_node": int | None,
    "tag": str | None,
}

_FLAVOR: dict[str, Any] = {
    "id": int,
    "flavorid": str,
    "name": str | None,
    "memory_mb": int,
    "vcpus": int,
    "root_gb": int,
    "ephemeral_gb": int,
    "swap": int,
    "rxtx_factor": float,
    "is_public": bool,
    "extra_specs": dict[str, str],
    "description": str | None,
}

_DT = datetime.datetime | None
_INSTANCE: dict[str, Any] = {
    "id": int,
    "uuid": uuid.UUID,
    "user_id": str,
    "project_id": str,
    "image_ref": str | None,
    "hostname": str,
    "key_name": str | None,
    "power_state": int | None,
    "vm_state": Literal[model.VM_STATES],
    "task_state": str | None,
    "memory_mb": int,
    "vcpus": int,
    "root_gb": int,
    "ephemeral_gb": int,
    "host": str | None,
    "node": str | None,
    "reservation_id": str | None,
    "launched_at": _DT,
    "terminated_at": _DT,
    "availability_zone": str | None,
    "display_name": str | None,
    "display_description": str | None,
    "launched_on": str | None,
    "locked": bool,
    "locked_by": str | None,
    "os_type": str | None,
    "architecture": str | None,
    "root_device_name": str | None,
    "config_drive": str,
    "access_ip_v4": _IPV4,
    "access_ip_v6": _IPV6,
    "progress": int | None,
    "metadata": dict[str, str],
    "system_metadata": dict[str, str | None],
    "tags": list[str],
    "hidden": bool,
    "created_at": _DT,
    "updated_at": _DT,
    "deleted": bool,
    # "flavor" and "devices" are added per library: they name its classes.
}


def _types(table: dict[str, Any], ipv4: Any, ipv6: Any) -> list[tuple[str, Any]]:
    swap = {id(_IPV4): ipv4, id(_IPV6): ipv6}
    return [(name, swap.get(id(tp), tp)) for name, tp in table.items()]


# -- msgspec, natural ---------------------------------------------------------

MDevice = msgspec.defstruct("MDevice", _types(_DEVICE, str, str))
MFlavor = msgspec.defstruct("MFlavor", _types(_FLAVOR, str, str))
MInstance = msgspec.defstruct(
    "MInstance", [*_types(_INSTANCE, str | None, str | None), ("flavor", MFlavor), ("devices", list[MDevice])]
)
MInstances = list[MInstance]

# -- msgspec, OVO's wire format -------------------------------------------------


def _envelope(name: str, data: Any) -> Any:
    """A Struct whose encoding is OVO's envelope around ``data``."""
    return msgspec.defstruct(
        f"{name}Wire",
        [
            ("name", str, msgspec.field(name=_K + "name")),
            ("namespace", str, msgspec.field(name=_K + "namespace")),
            ("version", str, msgspec.field(name=_K + "version")),
            ("data", data, msgspec.field(name=_K + "data")),
            ("changes", list[str] | UnsetType, msgspec.field(default=UNSET, name=_K + "changes")),
        ],
    )


DeviceWire = _envelope("Device", MDevice)
FlavorWire = _envelope("Flavor", MFlavor)
InstanceWire = _envelope(
    "Instance",
    msgspec.defstruct(
        "InstanceData",
        [*_types(_INSTANCE, str | None, str | None), ("flavor", FlavorWire), ("devices", list[DeviceWire])],
    ),
)
InstanceListData = msgspec.defstruct("InstanceListData", [("objects", list[InstanceWire])])
InstanceListWire = _envelope("InstanceList", InstanceListData)

# -- pydantic -------------------------------------------------------------------


def _pydantic(name: str, fields: list[tuple[str, Any]]) -> type[pydantic.BaseModel]:
    return pydantic.create_model(name, **{fname: (tp, ...) for fname, tp in fields})  # type: ignore[call-overload, no-any-return]


PDevice = _pydantic("PDevice", _types(_DEVICE, ipaddress.IPv4Address, ipaddress.IPv6Address))
PFlavor = _pydantic("PFlavor", _types(_FLAVOR, ipaddress.IPv4Address, ipaddress.IPv6Address))
PInstance = _pydantic(
    "PInstance",
    [
        *_types(_INSTANCE, ipaddress.IPv4Address | None, ipaddress.IPv6Address | None),
        ("flavor", PFlavor),
        ("devices", list[PDevice]),
    ],
)
PInstances = pydantic.TypeAdapter(list[PInstance])

# -- building them from model.generate() values -----------------------------------


def msgspec_instance(values: dict[str, Any]) -> Any:
    """An ``MInstance`` from plain values, validated and converted by msgspec."""
    return msgspec.convert(values, MInstance)


def pydantic_instance(values: dict[str, Any]) -> pydantic.BaseModel:
    """A ``PInstance`` from plain values, validated and converted by pydantic."""
    return PInstance.model_validate(values)


def _wrap(name: str, version: str, data: Any, changes: list[str] | None = None) -> dict[str, Any]:
    env = {_K + "name": name, _K + "namespace": "versionedobjects", _K + "version": version, _K + "data": data}
    if changes:
        env[_K + "changes"] = changes
    return env


def wire_instance(values: dict[str, Any], changes: list[str]) -> Any:
    """An ``InstanceWire`` holding ``values``: what OVO sends for such an instance."""
    data = dict(values)
    data["flavor"] = _wrap("Flavor", "1.2", values["flavor"])
    data["devices"] = [_wrap("Device", "1.1", device) for device in values["devices"]]
    return msgspec.convert(_wrap("Instance", model.INSTANCE_VERSION, data, changes), InstanceWire)


def wire_list(instances: list[Any]) -> Any:
    """An ``InstanceListWire`` of ``InstanceWire`` objects.

    As in OVO, the list reports ``objects`` changed when any child has changes.
    """
    return InstanceListWire(
        name="InstanceList",
        namespace="versionedobjects",
        version="1.0",
        data=InstanceListData(objects=list(instances)),
        changes=["objects"] if any(inst.changes for inst in instances) else UNSET,
    )
