"""Object classes with every kind of field, for the canonical-schema tests.

Importable without OVO or the optional dependencies, so a test can load it
under several Python interpreters and compare the schema hashes they compute.
"""

from __future__ import annotations

import datetime

from vobjects import base, fields


class Mood(fields.Enum):
    def __init__(self) -> None:
        super().__init__(valid_values=("calm", "angry"))


class MoodField(fields.BaseEnumField):
    AUTO_TYPE = Mood()


class Kitchen(base.VersionedObject):
    """Not registered: the schema is built from the class alone."""

    VERSION = "1.4"
    fields = {
        "id": fields.IntegerField(read_only=True),
        "name": fields.StringField(nullable=True, default="kitchen"),
        "ratio": fields.FloatField(default=0.1),
        "ok": fields.BooleanField(default=True),
        "at": fields.DateTimeField(tzinfo_aware=False, default=datetime.datetime(2020, 1, 2, 3, 4, 5)),
        "uuid": fields.UUIDField(),
        "mac": fields.MACAddressField(nullable=True),
        "pci": fields.PCIAddressField(nullable=True),
        "ip": fields.IPAddressField(nullable=True),
        "ip4": fields.IPV4AddressField(nullable=True),
        "ip6": fields.IPV6AddressField(nullable=True),
        "ip46": fields.IPV4AndV6AddressField(nullable=True),
        "net": fields.IPNetworkField(nullable=True),
        "net4": fields.IPV4NetworkField(nullable=True),
        "net6": fields.IPV6NetworkField(nullable=True),
        "secret": fields.SensitiveStringField(nullable=True),
        "pred": fields.VersionPredicateField(nullable=True),
        "flex": fields.FlexibleBooleanField(default=False),
        "count": fields.NonNegativeIntegerField(default=0),
        "size": fields.NonNegativeFloatField(default=1.5),
        "mood": MoodField(default="calm"),
        "state": fields.EnumField(["on", "off"], default="off"),
        "moods": fields.ListOfEnumField(["a", "b"], default=[]),
        "tags": fields.SetOfStringsField(default=set()),
        "nums": fields.SetOfIntegersField(default={3, 1, 2}),
        "names": fields.ListOfStringsField(default=["x"]),
        "ints": fields.ListOfIntegersField(default=[]),
        "uuids": fields.ListOfUUIDField(default=[]),
        "meta": fields.DictOfStringsField(default={"b": "2", "a": "1"}),
        "opt": fields.DictOfNullableStringsField(default={}),
        "counts": fields.DictOfIntegersField(default={}),
        "lists": fields.ListOfListsOfStringsField(default=[]),
        "dl": fields.DictOfListOfStringsField(default={}),
        "ds": fields.DictOfSetOfIntegersField(default={}),
        "ls": fields.ListOfSetsOfIntegersField(default=[]),
        "ld": fields.ListOfDictOfNullableStringsField(default=[]),
        "child": fields.ObjectField("Sink", nullable=True),
        "any_child": fields.ObjectField("Sink", subclasses=True, nullable=True),
        "children": fields.ListOfObjectsField("Sink", default=[]),
        "raw": fields.Field(fields.List(fields.Dict(fields.Integer(), nullable=True))),
    }
    obj_relationships = {"child": [("1.1", "1.0"), ("1.3", "1.1")]}

    @base.remotable
    def save(self, force=False):
        pass

    @classmethod
    @base.remotable
    def get(cls, context, id, *, deep=False, **kwargs):
        pass


class KitchenList(base.ObjectListBase, base.VersionedObject):
    VERSION = "1.2"
    fields = {"objects": fields.ListOfObjectsField("Kitchen")}
    child_versions = {"1.0": "1.2", "1.1": "1.3", "1.2": "1.4"}


ALL = [Kitchen, KitchenList]
