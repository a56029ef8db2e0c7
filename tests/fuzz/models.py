"""The object classes the fuzz targets hydrate: every field type, nesting and lists.

They live in an isolated registry (``FuzzRegistry``) so that fuzzing never
depends on, or changes, what the rest of the test suite registers; the
project namespace is OVO's default, so hostile primitives written for any
OVO-based service reach all the way into hydration.
"""

from __future__ import annotations

from vobjects import base, fields


class FuzzRegistry(base.VersionedObjectRegistry):
    """A registry of its own for the fuzz classes."""

    isolated = True


class FuzzBase(base.VersionedObject):
    """Base of the fuzz classes; looks names up in ``FuzzRegistry``."""

    OBJ_REGISTRY = FuzzRegistry


class Colour(fields.Enum):
    def __init__(self) -> None:
        super().__init__(valid_values=("red", "green", "blue"))


class ColourField(fields.BaseEnumField):
    AUTO_TYPE = Colour()


class Power(fields.StateMachine):
    ALLOWED_TRANSITIONS = {"off": {"on"}, "on": {"off", "broken"}, "broken": set()}

    def __init__(self, **kwargs: object) -> None:
        super().__init__(valid_values=("off", "on", "broken"), **kwargs)


#: One field of every scalar type; all nullable so that None is a valid value.
SCALAR_FIELDS = {
    "string": fields.StringField(nullable=True),
    "secret": fields.SensitiveStringField(nullable=True),
    "predicate": fields.VersionPredicateField(nullable=True),
    "uuid": fields.UUIDField(nullable=True),
    "mac": fields.MACAddressField(nullable=True),
    "pci": fields.PCIAddressField(nullable=True),
    "integer": fields.IntegerField(nullable=True),
    "count": fields.NonNegativeIntegerField(default=0),
    "ratio": fields.FloatField(nullable=True),
    "weight": fields.NonNegativeFloatField(nullable=True),
    "flag": fields.BooleanField(default=False),
    "flexible": fields.FlexibleBooleanField(nullable=True),
    "created_at": fields.DateTimeField(nullable=True),
    "naive_at": fields.DateTimeField(tzinfo_aware=False, nullable=True),
    "ip": fields.IPAddressField(nullable=True),
    "ipv4": fields.IPV4AddressField(nullable=True),
    "ipv6": fields.IPV6AddressField(nullable=True),
    "ipv46": fields.IPV4AndV6AddressField(nullable=True),
    "net": fields.IPNetworkField(nullable=True),
    "netv4": fields.IPV4NetworkField(nullable=True),
    "netv6": fields.IPV6NetworkField(nullable=True),
    "colour": ColourField(nullable=True),
    "mode": fields.EnumField(["a", "b"], nullable=True),
    "power": Power(nullable=True),
    "anything": fields.Field(fields.FieldType(), nullable=True),
    "frozen": fields.StringField(nullable=True, read_only=True),
}

#: One field of every container shape.
CONTAINER_FIELDS = {
    "strings": fields.ListOfStringsField(nullable=True),
    "ints": fields.ListOfIntegersField(nullable=True),
    "uuids": fields.ListOfUUIDField(nullable=True),
    "lists": fields.ListOfListsOfStringsField(nullable=True),
    "sets": fields.ListOfSetsOfIntegersField(nullable=True),
    "dicts": fields.ListOfDictOfNullableStringsField(nullable=True),
    "enums": fields.ListOfEnumField(["x", "y"], nullable=True),
    "str_map": fields.DictOfStringsField(nullable=True),
    "int_map": fields.DictOfIntegersField(nullable=True),
    "opt_map": fields.DictOfNullableStringsField(nullable=True),
    "list_map": fields.DictOfListOfStringsField(nullable=True),
    "set_map": fields.DictOfSetOfIntegersField(nullable=True),
    "int_set": fields.SetOfIntegersField(nullable=True),
    "str_set": fields.SetOfStringsField(nullable=True),
    "times": fields.Field(fields.List(fields.DateTime()), nullable=True),
    "addresses": fields.Field(fields.Dict(fields.IPAddress()), nullable=True),
    "floats": fields.Field(fields.Set(fields.Float()), nullable=True),
}


@FuzzRegistry.register
class Scalars(FuzzBase):
    VERSION = "1.3"
    fields = dict(SCALAR_FIELDS)


@FuzzRegistry.register
class Containers(FuzzBase):
    VERSION = "1.1"
    fields = dict(CONTAINER_FIELDS)


@FuzzRegistry.register
class NodeV10(FuzzBase):
    """An older release of ``Node``, so version selection is exercised."""

    VERSION = "1.0"
    fields = {"id": fields.IntegerField()}

    @classmethod
    def obj_name(cls) -> str:
        return "Node"


@FuzzRegistry.register
class Node(FuzzBase):
    VERSION = "1.2"
    fields = {
        "id": fields.IntegerField(),
        "scalars": fields.ObjectField("Scalars", nullable=True),
        "containers": fields.ObjectField("Containers", nullable=True),
        "next": fields.ObjectField("Node", nullable=True),
        "children": fields.ListOfObjectsField("Node", nullable=True),
        "any_scalars": fields.ObjectField("Scalars", subclasses=True, nullable=True),
    }


@FuzzRegistry.register
class NodeList(base.ObjectListBase, FuzzBase):
    VERSION = "1.1"
    fields = {"objects": fields.ListOfObjectsField("Node")}
    child_versions = {"1.0": "1.0", "1.1": "1.2"}


class Ghost(FuzzBase):
    """Never registered: no primitive may ever produce one."""

    VERSION = "1.0"
    fields = {"id": fields.IntegerField()}


REGISTERED = (Scalars, Containers, NodeV10, Node, NodeList)

#: Names a hostile primitive may carry that must never resolve to a class:
#: an unregistered subclass, the bases, builtins and names of other modules.
UNREGISTERED_NAMES = (
    "Ghost",
    "FuzzBase",
    "VersionedObject",
    "ObjectListBase",
    "dict",
    "object",
    "type",
    "list",
    "__class__",
    "os.system",
    "builtins.eval",
    "",
)


def sample_objects() -> list[FuzzBase]:
    """Well-formed objects of every registered class, the seeds for mutation."""
    import datetime

    scalars = Scalars(
        string="s",
        secret="hunter2",
        predicate=">=1.0",
        uuid="b2d3f1a0-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        mac="aa:bb:cc:dd:ee:ff",
        pci="0000:02:00.1",
        integer=7,
        count=3,
        ratio=0.5,
        weight=2.0,
        flag=True,
        flexible=False,
        created_at=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        naive_at=datetime.datetime(2024, 1, 2, 3, 4, 5),
        ip="10.0.0.1",
        ipv4="192.168.0.1",
        ipv6="::1",
        ipv46="fe80::1",
        net="10.0.0.0/8",
        netv4="192.168.0.0/16",
        netv6="2001:db8::/32",
        colour="red",
        mode="a",
        power="off",
        anything={"k": [1, 2]},
        frozen="f",
    )
    containers = Containers(
        strings=["a", "b"],
        ints=[1, 2],
        uuids=["b2d3f1a0-1c2d-4e5f-8a9b-0c1d2e3f4a5b"],
        lists=[["a"], []],
        sets=[{1, 2}],
        dicts=[{"a": None, "b": "c"}],
        enums=["x"],
        str_map={"a": "b"},
        int_map={"a": 1},
        opt_map={"a": None},
        list_map={"a": ["b"]},
        set_map={"a": {1}},
        int_set={1, 2},
        str_set={"a"},
        times=[datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)],
        addresses={"gw": "10.0.0.254"},
        floats={1.5},
    )
    leaf = Node(id=2)
    node = Node(
        id=1,
        scalars=scalars,
        containers=containers,
        next=leaf,
        children=[Node(id=3), Node(id=4, next=Node(id=5))],
        any_scalars=Scalars(integer=1),
    )
    return [scalars, containers, NodeV10(id=9), leaf, node, NodeList(objects=[node, leaf])]
