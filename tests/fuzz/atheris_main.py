"""Coverage-guided fuzzing of vobjects with atheris (libFuzzer for Python).

Run one target (see ``tests/fuzz/README.md``)::

    python -m tests.fuzz.atheris_main --target=mutate -runs=1000000

Targets: ``json`` and ``msgpack`` (bytes through oslo.serialization, then
hydration), ``field`` (a value into one field type's coerce/from_primitive/
hydrate) and ``mutate`` (a well-formed primitive with one hostile value or key
spliced in at a fuzzer-chosen place).  Arguments other than ``--target`` go
to libFuzzer; without a corpus directory a seeded one is made under the
system temporary directory.  A contract violation stops the run with the
traceback, as libFuzzer does for any crash.
"""

from __future__ import annotations

import copy
import logging
import os
import sys
import tempfile
import warnings
from typing import Any

import atheris

with atheris.instrument_imports(include=["vobjects"]):
    import vobjects.base
    import vobjects.fields  # noqa: F401
    from vobjects import _serializer  # noqa: F401

from oslo_serialization import jsonutils, msgpackutils

from tests.fuzz import models, targets

HOSTILE_NAMES = (*models.UNREGISTERED_NAMES, "Node", "Scalars", "Containers", "NodeList")
HOSTILE_VERSIONS = ("1.0", "1.2", "1.2.0", "1.99", "2.0", "0.0", "1.0rc1", "9" * 40, "1.", "", "1.0.0.0.0")


def _value(fdp: atheris.FuzzedDataProvider, depth: int) -> Any:
    kind = fdp.ConsumeIntInRange(0, 15)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeBool()
    if kind == 2:
        return fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 16))
    if kind == 3:
        return fdp.ConsumeFloat()
    if kind == 4:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 64))
    if kind == 5:
        return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 32))
    if kind == 6:
        return 10 ** fdp.ConsumeIntInRange(0, 6000) * (-1 if fdp.ConsumeBool() else 1)
    if kind == 7:
        return "x" * fdp.ConsumeIntInRange(0, 1 << 17)
    if kind in (8, 9) and depth < 6:
        return [_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))]
    if kind == 10 and depth < 6:
        return {_key(fdp): _value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))}
    if kind == 11 and depth < 6:
        return tuple(_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3)))
    if kind == 12:
        return _envelope(fdp, depth)
    if kind == 13:
        nested: Any = _value(fdp, depth + 1) if depth < 6 else 1
        for _ in range(fdp.ConsumeIntInRange(0, 3000)):
            nested = [nested]
        return nested
    if kind == 14:
        return fdp.PickValueInList([float("nan"), float("inf"), -float("inf"), -0.0, 1e308, 5e-324])
    return fdp.PickValueInList(list(HOSTILE_VERSIONS))


def _key(fdp: atheris.FuzzedDataProvider) -> Any:
    choice = fdp.ConsumeIntInRange(0, 3)
    if choice == 0:
        return fdp.ConsumeInt(2)
    if choice == 1:
        return fdp.PickValueInList([*models.SCALAR_FIELDS, *models.CONTAINER_FIELDS, "id", "next", "children"])
    return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 12))


def _envelope(fdp: atheris.FuzzedDataProvider, depth: int) -> dict[str, Any]:
    envelope = {
        "versioned_object.name": fdp.PickValueInList(list(HOSTILE_NAMES)),
        "versioned_object.namespace": "versionedobjects" if fdp.ConsumeBool() else fdp.ConsumeUnicode(8),
        "versioned_object.version": fdp.PickValueInList(list(HOSTILE_VERSIONS)),
        "versioned_object.data": {},
    }
    if depth < 6:
        for _ in range(fdp.ConsumeIntInRange(0, 3)):
            envelope["versioned_object.data"][_key(fdp)] = _value(fdp, depth + 1)
    if fdp.ConsumeBool():
        envelope["versioned_object.changes"] = _value(fdp, depth + 1) if depth < 6 else []
    return envelope


def _splice(fdp: atheris.FuzzedDataProvider, target: Any) -> Any:
    """Replace one value (or key) somewhere inside ``target`` by a hostile one."""
    node = target
    for _ in range(fdp.ConsumeIntInRange(0, 8)):
        if isinstance(node, dict) and node:
            key = fdp.PickValueInList(list(node))
            child = node[key]
            if not isinstance(child, (dict, list)) or not child or fdp.ConsumeIntInRange(0, 3) == 0:
                if fdp.ConsumeIntInRange(0, 4) == 0:
                    node[_key(fdp)] = node.pop(key)
                elif fdp.ConsumeIntInRange(0, 6) == 0:
                    node[key] = node  # a cycle
                else:
                    node[key] = _value(fdp, 0)
                return target
            node = child
        elif isinstance(node, list) and node:
            index = fdp.ConsumeIntInRange(0, len(node) - 1)
            if not isinstance(node[index], (dict, list)) or not node[index]:
                node[index] = _value(fdp, 0)
                return target
            node = node[index]
        else:
            break
    if isinstance(node, dict):
        node[_key(fdp)] = _value(fdp, 0)
    elif isinstance(node, list):
        node.append(_value(fdp, 0))
    return target


_SEEDS = targets.seeds()


def mutate(data: bytes) -> None:
    """A seed primitive with one hostile splice, hydrated and deserialized."""
    fdp = atheris.FuzzedDataProvider(data)
    seed = copy.deepcopy(_SEEDS[fdp.ConsumeIntInRange(0, len(_SEEDS) - 1)])
    primitive = _splice(fdp, seed)
    targets.deserialize(primitive)
    targets.hydrate(primitive)
    if fdp.ConsumeBool():
        targets.field_value(fdp.ConsumeIntInRange(0, 255), _value(fdp, 0))


TARGETS = {
    "json": targets.json_bytes,
    "msgpack": targets.msgpack_bytes,
    "field": targets.field_bytes,
    "mutate": mutate,
}


def _seed_corpus(target: str) -> str:
    directory = os.path.join(tempfile.gettempdir(), "vobjects-fuzz", target)
    os.makedirs(directory, exist_ok=True)
    if not os.listdir(directory):
        encoded: list[bytes] = []
        if target in ("json", "mutate"):
            encoded += [jsonutils.dump_as_bytes(seed) for seed in _SEEDS]
        if target in ("msgpack", "mutate"):
            encoded += [msgpackutils.dumps(seed) for seed in _SEEDS]
        if target == "field":
            encoded += [bytes([i]) + b'"10.0.0.1"' for i in range(len(targets.FIELD_TYPES))]
        for number, blob in enumerate(encoded):
            with open(os.path.join(directory, f"seed-{number}"), "wb") as out:
                out.write(blob)
    return directory


def main(argv: list[str]) -> None:
    target = "mutate"
    rest = []
    for arg in argv[1:]:
        if arg.startswith("--target="):
            target = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    if target not in TARGETS:
        sys.exit(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    if not any(not arg.startswith("-") for arg in rest):
        rest.append(_seed_corpus(target))
    logging.disable(logging.CRITICAL)  # "unregistered object type" on every other input
    warnings.simplefilter("ignore")  # UUID's FutureWarning; the contract allows it
    sys.setrecursionlimit(1000)  # the default, in case a caller raised it
    atheris.Setup([argv[0], *rest], TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
