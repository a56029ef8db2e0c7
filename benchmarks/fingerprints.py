"""A registry of 200 generated object classes, for the fingerprint workload (W9).

The classes are made from a seed, the same for both libraries: 3 to 24 fields
each, drawn from the common field kinds (with defaults, nullability, enums,
child objects of earlier classes), some remotable methods and some object
lists, which are what ``ObjectVersionChecker`` hashes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

COUNT = 200
PREFIX = "BenchGen"


def _save(self: Any, context: Any = None, expected_task_state: Any = None) -> None:
    """A remotable instance method (never called: only its signature is hashed)."""


def _get_by_id(cls: Any, context: Any, obj_id: int, expected_attrs: Any = None) -> None:
    """A remotable classmethod (never called: only its signature is hashed)."""


def _palette(fld: Any) -> list[Callable[[random.Random, list[str]], Any]]:
    def child(rng: random.Random, earlier: list[str]) -> Any:
        if not earlier:
            return fld.IntegerField()
        return fld.ObjectField(rng.choice(earlier), nullable=rng.random() < 0.5)

    def children(rng: random.Random, earlier: list[str]) -> Any:
        if not earlier:
            return fld.StringField()
        return fld.ListOfObjectsField(rng.choice(earlier), default=[])

    return [
        lambda rng, _: fld.IntegerField(),
        lambda rng, _: fld.IntegerField(nullable=True, default=rng.randrange(10)),
        lambda rng, _: fld.StringField(),
        lambda rng, _: fld.StringField(nullable=True),
        lambda rng, _: fld.StringField(default="x" * rng.randrange(1, 5)),
        lambda rng, _: fld.BooleanField(default=rng.random() < 0.5),
        lambda rng, _: fld.FlexibleBooleanField(),
        lambda rng, _: fld.FloatField(nullable=True),
        lambda rng, _: fld.NonNegativeIntegerField(),
        lambda rng, _: fld.UUIDField(),
        lambda rng, _: fld.DateTimeField(nullable=True),
        lambda rng, _: fld.IPAddressField(nullable=True),
        lambda rng, _: fld.IPV4AddressField(),
        lambda rng, _: fld.MACAddressField(nullable=True),
        lambda rng, _: fld.SensitiveStringField(nullable=True),
        lambda rng, _: fld.EnumField(valid_values=["a", "b", "c"][: rng.randrange(1, 4)]),
        lambda rng, _: fld.DictOfStringsField(),
        lambda rng, _: fld.DictOfNullableStringsField(default={}),
        lambda rng, _: fld.ListOfStringsField(),
        lambda rng, _: fld.ListOfIntegersField(nullable=True),
        lambda rng, _: fld.SetOfIntegersField(default=set()),
        child,
        children,
    ]


def generate_classes(base: Any, fld: Any, count: int = COUNT, seed: int = 7) -> dict[str, list[type]]:
    """Define and register ``count`` classes with one library; ``{name: [class]}`` for the checker."""
    rng = random.Random(seed)
    palette = _palette(fld)
    names: list[str] = []
    out: dict[str, list[type]] = {}
    index = 0
    while len(out) < count:
        name = f"{PREFIX}{index:03d}"
        fields = {f"f{j:02d}": rng.choice(palette)(rng, names) for j in range(rng.randrange(3, 25))}
        attrs: dict[str, Any] = {"__module__": __name__, "VERSION": f"1.{rng.randrange(12)}", "fields": fields}
        if rng.random() < 0.4:
            attrs["save"] = base.remotable(_save)
        if rng.random() < 0.3:
            attrs["get_by_id"] = base.remotable_classmethod(_get_by_id)
        cls = type(name, (base.VersionedObject,), attrs)
        out[name] = [base.VersionedObjectRegistry.register(cls)]
        if names and rng.random() < 0.1:
            # An object list of an earlier class, with its child_versions.
            item = rng.choice(names)
            list_attrs = {
                "__module__": __name__,
                "VERSION": "1.1",
                "fields": {"objects": fld.ListOfObjectsField(item)},
                "child_versions": {"1.0": "1.0", "1.1": out[item][0].VERSION},
            }
            list_name = f"{name}List"
            list_cls = type(list_name, (base.ObjectListBase, base.VersionedObject), list_attrs)
            out[list_name] = [base.VersionedObjectRegistry.register(list_cls)]
        names.append(name)
        index += 1
    # Exactly ``count`` classes, lists included.
    return dict(list(out.items())[:count])
