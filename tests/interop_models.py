"""One model module, defined against either library.

``define(base, fld)`` declares the same classes with whichever ``base`` and
``fields`` modules it is given (vobjects' or oslo.versionedobjects'), as a
project does after the import rename.  Each call registers the classes in
that library's registry and returns them by name.
"""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace

UUID1 = str(uuid.UUID(int=0x1234567890ABCDEF1234567890ABCDEF))


def define(base, fld) -> SimpleNamespace:
    register = base.VersionedObjectRegistry.register

    @register
    class Host(base.VersionedObject):
        VERSION = "1.0"
        fields = {"name": fld.StringField()}

    @register
    class Port(base.VersionedObject):
        VERSION = "1.1"
        fields = {
            "id": fld.IntegerField(),
            "mac": fld.MACAddressField(),
            "ip": fld.IPAddressField(nullable=True),
            "cidr": fld.IPNetworkField(nullable=True),
            "created_at": fld.DateTimeField(),
            "tags": fld.SetOfStringsField(),
            "meta": fld.DictOfNullableStringsField(),
            "vlan": fld.IntegerField(nullable=True),
            "host": fld.ObjectField("Host"),
            "peers": fld.ListOfObjectsField("Host"),
        }
        obj_relationships = {"host": [("1.0", "1.0")], "peers": [("1.1", "1.0")]}

    @register
    class PortList(base.ObjectListBase, base.VersionedObject):
        VERSION = "1.0"
        fields = {"objects": fld.ListOfObjectsField("Port")}

    class Power(fld.StateMachine):
        ON, OFF, BROKEN = "on", "off", "broken"
        ALLOWED_TRANSITIONS = {ON: {OFF, BROKEN}, OFF: {ON}, BROKEN: set()}

        def __init__(self, **kwargs):
            super().__init__(valid_values=(self.ON, self.OFF, self.BROKEN), **kwargs)

    class Color(fld.Enum):
        def __init__(self):
            super().__init__(valid_values=("red", "green"))

    class ColorField(fld.BaseEnumField):
        AUTO_TYPE = Color()

    @register
    class Everything(base.VersionedObject):
        """One field of every shipped type, with nullable and default variants."""

        VERSION = "1.4"
        fields = {
            "string": fld.StringField(),
            "string_null": fld.StringField(nullable=True),
            "string_default": fld.StringField(default="dflt"),
            "secret": fld.SensitiveStringField(nullable=True),
            "predicate": fld.VersionPredicateField(nullable=True),
            "uuid": fld.UUIDField(nullable=True),
            "mac": fld.MACAddressField(nullable=True),
            "pci": fld.PCIAddressField(nullable=True),
            "integer": fld.IntegerField(default=3),
            "nonneg": fld.NonNegativeIntegerField(nullable=True),
            "float": fld.FloatField(nullable=True),
            "nonneg_float": fld.NonNegativeFloatField(nullable=True),
            "boolean": fld.BooleanField(default=False),
            "flexible": fld.FlexibleBooleanField(nullable=True),
            "when": fld.DateTimeField(nullable=True),
            "when_naive": fld.DateTimeField(tzinfo_aware=False, nullable=True),
            "dict_str": fld.DictOfStringsField(default={}),
            "dict_null_str": fld.DictOfNullableStringsField(nullable=True),
            "dict_int": fld.DictOfIntegersField(nullable=True),
            "list_str": fld.ListOfStringsField(default=[]),
            "set_str": fld.SetOfStringsField(nullable=True),
            "list_list": fld.ListOfListsOfStringsField(nullable=True),
            "dict_list": fld.DictOfListOfStringsField(nullable=True),
            "dict_set_int": fld.DictOfSetOfIntegersField(nullable=True),
            "set_int": fld.SetOfIntegersField(default=set()),
            "list_set_int": fld.ListOfSetsOfIntegersField(nullable=True),
            "list_int": fld.ListOfIntegersField(nullable=True),
            "list_dict": fld.ListOfDictOfNullableStringsField(nullable=True),
            "list_uuid": fld.ListOfUUIDField(nullable=True),
            "list_enum": fld.ListOfEnumField(valid_values=["a", "b"], nullable=True),
            "enum": fld.EnumField(valid_values=["up", "down"], default="up"),
            "power": Power(nullable=True),
            "color": ColorField(nullable=True),
            "ip": fld.IPAddressField(nullable=True),
            "ipv4": fld.IPV4AddressField(nullable=True),
            "ipv6": fld.IPV6AddressField(nullable=True),
            "ipv46": fld.IPV4AndV6AddressField(nullable=True),
            "net": fld.IPNetworkField(nullable=True),
            "net4": fld.IPV4NetworkField(nullable=True),
            "net6": fld.IPV6NetworkField(nullable=True),
            "raw": fld.Field(fld.Integer(), nullable=True),
            "host": fld.ObjectField("Host", nullable=True),
            "hosts": fld.ListOfObjectsField("Host", nullable=True),
            "read_only": fld.StringField(read_only=True, nullable=True),
        }
        obj_relationships = {"host": [("1.0", "1.0")], "hosts": [("1.2", "1.0")]}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            if target_version in ("1.0", "1.1", "1.2"):
                primitive.pop("power", None)
            if target_version in ("1.0", "1.1"):
                primitive.pop("net6", None)

    @register
    class Leaf(base.VersionedObject, base.TimestampedObject):
        VERSION = "1.3"
        fields = {"id": fld.IntegerField(), "label": fld.StringField(nullable=True)}

        def obj_make_compatible(self, primitive, target_version):
            super().obj_make_compatible(primitive, target_version)
            if target_version in ("1.0", "1.1", "1.2"):
                primitive.pop("label", None)

    @register
    class LeafList(base.ObjectListBase, base.VersionedObject):
        VERSION = "1.2"
        fields = {"objects": fld.ListOfObjectsField("Leaf")}
        child_versions = {"1.0": "1.0", "1.1": "1.2", "1.2": "1.3"}

    @register
    class Branch(base.VersionedObject):
        VERSION = "2.3"
        fields = {
            "id": fld.IntegerField(),
            "leaf": fld.ObjectField("Leaf", nullable=True),
            "leaves": fld.ObjectField("LeafList", nullable=True),
            "twigs": fld.ListOfObjectsField("Leaf", default=[]),
        }
        obj_relationships = {
            "leaf": [("2.0", "1.0"), ("2.1", "1.2"), ("2.3", "1.3")],
            "leaves": [("2.2", "1.1"), ("2.3", "1.2")],
            "twigs": [("2.0", "1.0"), ("2.3", "1.3")],
        }

    return SimpleNamespace(
        Host=Host,
        Port=Port,
        PortList=PortList,
        Everything=Everything,
        Leaf=Leaf,
        LeafList=LeafList,
        Branch=Branch,
        Power=Power,
    )


UTC = datetime.timezone.utc


def everything_values() -> dict:
    """Python values for every field of ``Everything`` (inputs, before coercion)."""
    return {
        "string": "text",
        "string_null": None,
        "secret": "pass=hunter2",
        "predicate": ">=1.0,<2.0",
        "uuid": UUID1,
        "mac": "AA-BB-CC-00-11-22",
        "pci": "0000:02:00.1",
        "integer": "12",
        "nonneg": 0,
        "float": 1.5,
        "nonneg_float": "2.5",
        "boolean": 1,
        "flexible": "yes",
        "when": datetime.datetime(2024, 5, 6, 7, 8, 9, 123456),
        "when_naive": datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),
        "dict_str": {"a": 1, "b": "x"},
        "dict_null_str": {"a": None, "b": "x"},
        "dict_int": {"a": "1"},
        "list_str": ["x", 2],
        "set_str": {"only"},
        "list_list": [["a"], ["b", "c"]],
        "dict_list": {"k": ["v"]},
        "dict_set_int": {"k": {1, 2, 3}},
        "set_int": {5, 1, 3},
        "list_set_int": [{1}, {2, 3}],
        "list_int": [1, "2", 3],
        "list_dict": [{"a": None}, {"b": "c"}],
        "list_uuid": [UUID1],
        "list_enum": ["a", "b", "a"],
        "enum": "down",
        "power": "on",
        "color": "green",
        "ip": "10.0.0.1",
        "ipv4": "192.168.1.1",
        "ipv6": "2001:db8::1",
        "ipv46": "::1",
        "net": "10.0.0.0/8",
        "net4": "172.16.0.0/12",
        "net6": "2001:db8::/32",
        "raw": "5",
        "read_only": "fixed",
    }
