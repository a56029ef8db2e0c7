"""Project-specific field types."""

from __future__ import annotations

from vobjects import fields


class VMState(fields.Enum):
    """Where an instance is in its life cycle."""

    BUILDING = "building"
    ACTIVE = "active"
    STOPPED = "stopped"
    ERROR = "error"
    DELETED = "deleted"

    ALL = (BUILDING, ACTIVE, STOPPED, ERROR, DELETED)

    def __init__(self) -> None:
        super().__init__(valid_values=VMState.ALL)


class VMStateField(fields.BaseEnumField):
    AUTO_TYPE = VMState()
