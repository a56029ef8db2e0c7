"""The timed workloads W1-W9: for each, one batch function per library.

A workload's ``batches(suite, ops)`` returns ``{lib: make}``; ``make(round)``
does the untimed preparation for that round (choosing its slice of the 1000
instances, resetting changes) and returns the zero-argument batch that the
runner times.  A batch performs ``ops`` operations, each on a different
instance; successive rounds move on through the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks import model
from benchmarks.suite import CONTENDERS, Suite, has_fixture

#: The serializer alone (oslo.serialization's dumps + loads of the primitive, no
#: object work): the part of W4, W5 and W6 that no object library can speed up.
FLOOR = "serializer"
#: Suffix of W7's companion batches: the same objects to primitive without a backport.
PLAIN = "-plain"

Batch = Callable[[], Any]
Make = Callable[[int], Batch]


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    #: Operations per batch: "instance" workloads use the runner's --ops, others 1.
    per_instance: bool
    #: Fraction of the runner's rounds this workload gets (the 1000-list and W9 are long).
    round_share: float
    batches: Callable[[Suite, int], dict[str, Make]]
    unit: str = "us"

    def skip_reason(self) -> str | None:
        if self.key == "W9" and not has_fixture():
            return "vobjects.fixture does not exist yet"
        return None


def _each(fn: Callable[[Any], Any], items: list[Any]) -> Batch:
    def batch() -> None:
        for item in items:
            fn(item)

    return batch


def _w1(suite: Suite, ops: int) -> dict[str, Make]:
    refs = suite.refs
    values = suite.values

    def contender(lib: str) -> Make:
        schema = suite.schema[lib]
        Instance, Flavor, Device = schema.Instance, schema.Flavor, schema.Device

        def build(v: dict[str, Any]) -> Any:
            top = dict(v)
            top["flavor"] = Flavor(**v["flavor"])
            top["devices"] = [Device(**d) for d in v["devices"]]
            return Instance(**top)

        return lambda rnd: _each(build, suite.window(values, rnd, ops))

    convert, MInstance = refs.msgspec.convert, refs.MInstance
    return {
        "ovo": contender("ovo"),
        "vobjects": contender("vobjects"),
        "msgspec": lambda rnd: _each(lambda v: convert(v, MInstance), suite.window(values, rnd, ops)),
        "pydantic": lambda rnd: _each(refs.PInstance.model_validate, suite.window(values, rnd, ops)),
    }


def _w2(suite: Suite, ops: int) -> dict[str, Make]:
    objs = suite.objs
    to_builtins = suite.refs.msgspec.to_builtins
    out: dict[str, Make] = {
        lib: (lambda rnd, lib=lib: _each(lambda o: o.obj_to_primitive(), suite.window(objs[lib], rnd, ops)))
        for lib in CONTENDERS
    }
    out["wire"] = lambda rnd: _each(to_builtins, suite.window(objs["wire"], rnd, ops))
    out["msgspec"] = lambda rnd: _each(to_builtins, suite.window(objs["msgspec"], rnd, ops))
    out["pydantic"] = lambda rnd: _each(lambda o: o.model_dump(mode="json"), suite.window(objs["pydantic"], rnd, ops))
    return out


def _w3(suite: Suite, ops: int) -> dict[str, Make]:
    prims = suite.prims
    refs = suite.refs
    convert = refs.msgspec.convert
    out: dict[str, Make] = {
        lib: (
            lambda rnd, lib=lib: _each(
                suite.schema[lib].Instance.obj_from_primitive, suite.window(prims[lib], rnd, ops)
            )
        )
        for lib in CONTENDERS
    }
    out["wire"] = lambda rnd: _each(lambda p: convert(p, refs.InstanceWire), suite.window(prims["wire"], rnd, ops))
    out["msgspec"] = lambda rnd: _each(lambda p: convert(p, refs.MInstance), suite.window(prims["msgspec"], rnd, ops))
    out["pydantic"] = lambda rnd: _each(refs.PInstance.model_validate, suite.window(prims["pydantic"], rnd, ops))
    return out


def _w4(suite: Suite, ops: int) -> dict[str, Make]:
    objs = suite.objs
    refs = suite.refs
    dumps, loads = suite.jsonutils.dump_as_bytes, suite.jsonutils.loads

    def contender(lib: str) -> Make:
        hydrate = suite.schema[lib].Instance.obj_from_primitive
        return lambda rnd: _each(
            lambda o: hydrate(loads(dumps(o.obj_to_primitive()))), suite.window(objs[lib], rnd, ops)
        )

    def msgspec_trip(lib: str, type_: Any) -> Make:
        encode, decode = refs.msgspec.json.Encoder().encode, refs.msgspec.json.Decoder(type_).decode
        return lambda rnd: _each(lambda o: decode(encode(o)), suite.window(objs[lib], rnd, ops))

    validate = refs.PInstance.model_validate_json
    return {
        "ovo": contender("ovo"),
        "vobjects": contender("vobjects"),
        "wire": msgspec_trip("wire", refs.InstanceWire),
        "msgspec": msgspec_trip("msgspec", refs.MInstance),
        "pydantic": lambda rnd: _each(
            lambda o: validate(o.model_dump_json()), suite.window(objs["pydantic"], rnd, ops)
        ),
        FLOOR: lambda rnd: _each(lambda p: loads(dumps(p)), suite.window(suite.prims["vobjects"], rnd, ops)),
    }


def _w5(suite: Suite, ops: int) -> dict[str, Make]:
    objs = suite.objs
    refs = suite.refs
    dumps, loads = suite.msgpackutils.dumps, suite.msgpackutils.loads

    def contender(lib: str) -> Make:
        hydrate = suite.schema[lib].Instance.obj_from_primitive
        return lambda rnd: _each(
            lambda o: hydrate(loads(dumps(o.obj_to_primitive()))), suite.window(objs[lib], rnd, ops)
        )

    encode, decode = refs.msgspec.msgpack.Encoder().encode, refs.msgspec.msgpack.Decoder(refs.MInstance).decode
    prims = suite.prims["vobjects"]
    return {
        "ovo": contender("ovo"),
        "vobjects": contender("vobjects"),
        "msgspec": lambda rnd: _each(lambda o: decode(encode(o)), suite.window(objs["msgspec"], rnd, ops)),
        FLOOR: lambda rnd: _each(lambda p: loads(dumps(p)), suite.window(prims, rnd, ops)),
    }


def _w6(suite: Suite, ops: int) -> dict[str, Make]:
    lists = suite.lists
    refs = suite.refs
    dumps, loads = suite.jsonutils.dump_as_bytes, suite.jsonutils.loads

    def contender(lib: str) -> Make:
        hydrate = suite.schema[lib].InstanceList.obj_from_primitive
        lst = lists[lib]
        return lambda rnd: lambda: hydrate(loads(dumps(lst.obj_to_primitive())))

    def msgspec_trip(lib: str, type_: Any) -> Make:
        encode, decode = refs.msgspec.json.Encoder().encode, refs.msgspec.json.Decoder(type_).decode
        lst = lists[lib]
        return lambda rnd: lambda: decode(encode(lst))

    adapter = refs.PInstances
    list_prim = lists["vobjects"].obj_to_primitive()
    return {
        FLOOR: lambda rnd: lambda: loads(dumps(list_prim)),
        "ovo": contender("ovo"),
        "vobjects": contender("vobjects"),
        "wire": msgspec_trip("wire", refs.InstanceListWire),
        "msgspec": msgspec_trip("msgspec", refs.MInstances),
        "pydantic": lambda rnd: lambda: adapter.validate_json(adapter.dump_json(lists["pydantic"])),
    }


def _w7(suite: Suite, ops: int) -> dict[str, Make]:
    """Backports, and (as ``<lib>-plain``) W2's plain ``obj_to_primitive()`` in the same rounds.

    The target "a backport costs at most 20% over W2" compares the two; timing
    both in the same rounds keeps a change in the machine's load out of it.
    """
    objs = suite.objs
    version, manifest = model.OLD_VERSION, model.OLD_MANIFEST
    out: dict[str, Make] = {}
    for lib in CONTENDERS:
        out[lib] = lambda rnd, lib=lib: _each(
            lambda o: o.obj_to_primitive(target_version=version, version_manifest=manifest),
            suite.window(objs[lib], rnd, ops),
        )
        out[lib + PLAIN] = lambda rnd, lib=lib: _each(lambda o: o.obj_to_primitive(), suite.window(objs[lib], rnd, ops))
    return out


def _w8(suite: Suite, ops: int) -> dict[str, Make]:
    pool = suite.edit_pool
    pairs = list(zip(range(suite.count), suite.edits, strict=True))

    def contender(lib: str) -> Make:
        objs = pool[lib]

        def make(rnd: int) -> Batch:
            chosen = [(objs[i], edits) for i, edits in suite.window(pairs, rnd, ops)]
            for obj, _ in chosen:
                obj.obj_reset_changes()

            def batch() -> None:
                for obj, edits in chosen:
                    for name, value in edits:
                        setattr(obj, name, value)
                    obj.obj_what_changed()

            return batch

        return make

    return {lib: contender(lib) for lib in CONTENDERS}


def _w9(suite: Suite, ops: int) -> dict[str, Make]:
    generated = suite.generated
    checker = suite.checker
    return {lib: (lambda rnd, lib=lib: lambda: checker[lib](generated[lib]).get_hashes()) for lib in CONTENDERS}


WORKLOADS: dict[str, Workload] = {
    w.key: w
    for w in (
        Workload("W1", "construct an Instance (+Flavor, 5 Devices) from Python values", True, 1.0, _w1),
        Workload("W2", "Instance -> primitive", True, 1.0, _w2),
        Workload("W3", "primitive -> Instance", True, 1.0, _w3),
        Workload("W4", "JSON bytes round trip (jsonutils)", True, 1.0, _w4),
        Workload("W5", "msgpack bytes round trip (msgpackutils)", True, 1.0, _w5),
        Workload("W6", "1000-Instance list, JSON round trip", False, 0.1, _w6, unit="ms"),
        Workload("W7", "backport to 1.1 via manifest (-> primitive)", True, 1.0, _w7),
        Workload("W8", "assign 6 fields with coercion + obj_what_changed", True, 1.0, _w8),
        Workload("W9", "fingerprints of 200 generated classes", False, 0.2, _w9, unit="ms"),
    )
}
