"""Equality checks run before any timing: every library must hold and send the same data.

- OVO and vobjects hold equal values after construction, decoding, the JSON
  and msgpack round trips and W8's edits, with equal ``obj_what_changed``.
- vobjects' primitives equal OVO's (compared as ``json.dumps(sort_keys=True)``
  with every ``changes`` list sorted: OVO's order is a set's), also backported
  (W7) and for the whole list (W6); each library reads the other's primitive.
- The references hold the same values, and the msgspec wire Structs encode
  exactly OVO's primitive and read OVO's JSON back.
- W9: vobjects' fingerprints equal OVO's (skipped until ``vobjects.fixture`` exists).

Values are compared through :func:`plain`, which maps every library's
objects and value types (netaddr vs ipaddress, UUID vs str, CoercedDict vs
dict) to JSON-able data; bool, int and float stay distinct.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from benchmarks import model
from benchmarks.suite import CONTENDERS, Suite, has_fixture, quiet

_UTC = datetime.timezone.utc
#: The fields of a msgspec wire Struct (an OVO envelope): plain() compares its data.
_ENVELOPE = ("name", "namespace", "version", "data", "changes")


def plain(value: Any) -> Any:
    """``value`` as JSON-able data, whichever library's object or value type it is."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return "naive " + value.isoformat()
        return value.astimezone(_UTC).isoformat()
    fields = getattr(type(value), "fields", None)
    if isinstance(fields, dict) and hasattr(value, "obj_attr_is_set"):
        return {name: plain(getattr(value, name)) for name in fields if value.obj_attr_is_set(name)}
    struct_fields = getattr(type(value), "__struct_fields__", None)
    if struct_fields == _ENVELOPE:
        return plain(value.data)
    if struct_fields is not None:
        return {name: plain(getattr(value, name)) for name in struct_fields}
    model_fields = getattr(type(value), "model_fields", None)
    if model_fields is not None:
        return {name: plain(getattr(value, name)) for name in model_fields}
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(item) for item in value)
    if isinstance(value, uuid.UUID) or type(value).__name__ in {"IPAddress", "IPv4Address", "IPv6Address"}:
        return str(value)
    raise TypeError(f"plain() does not know {type(value).__name__}: {value!r}")


def canon(primitive: Any) -> str:
    """A primitive as sorted JSON text, with every ``*.changes`` list sorted."""

    def sort_changes(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: sorted(v) if k.endswith(".changes") else sort_changes(v) for k, v in node.items()}
        if isinstance(node, list):
            return [sort_changes(item) for item in node]
        return node

    return json.dumps(sort_changes(primitive), sort_keys=True)


def _text(value: Any) -> str:
    return json.dumps(plain(value), sort_keys=True)


class Report:
    """Collects failed checks; shows the first few of each kind."""

    def __init__(self) -> None:
        self.failures: dict[str, list[str]] = {}
        self.passed: list[str] = []
        self.notes: list[str] = []

    def check(self, name: str, cases: list[tuple[str, Callable[[], tuple[Any, Any]]]]) -> None:
        """Run ``cases`` (label, thunk returning expected and actual); record mismatches and errors."""
        bad: list[str] = []
        for label, thunk in cases:
            try:
                expected, actual = thunk()
            except Exception as exc:
                bad.append(f"{label}: raised {type(exc).__name__}: {exc}")
                continue
            if expected != actual:
                bad.append(f"{label}: expected {_clip(expected)}, got {_clip(actual)}")
        if bad:
            self.failures[name] = bad
        else:
            self.passed.append(f"{name} ({len(cases)} cases)")

    @property
    def ok(self) -> bool:
        return not self.failures

    def render(self) -> str:
        lines = [f"  ok    {item}" for item in self.passed]
        for name, bad in self.failures.items():
            lines.append(f"  FAIL  {name}: {len(bad)} mismatches")
            lines.extend(f"          {line}" for line in bad[:3])
        lines.extend(f"  note  {note}" for note in self.notes)
        return "\n".join(lines)


def _clip(value: Any, width: int = 300) -> str:
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= width:
        return text
    return text[:width] + f"... ({len(text)} chars)"


def _same(a: str, b: str) -> tuple[str, str]:
    """Two texts to compare; when they differ, shortened to a window around the first difference."""
    if a == b:
        return a, b
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    lo = max(0, i - 120)
    return f"...{a[lo : i + 120]}...", f"...{b[lo : i + 120]}..."


def run_checks(suite: Suite, workloads: list[str], sample: int | None = None) -> Report:
    """Check everything the selected workloads time; ``sample`` limits the instances checked."""
    report = Report()
    n = min(sample or suite.count, suite.count)
    idx = range(n)
    values = suite.values
    objs = suite.objs
    prims = suite.prims
    sch = suite.schema
    ju, mu = suite.jsonutils, suite.msgpackutils
    refs = suite.refs

    def wire_text(wire: Any) -> str:
        return canon(refs.msgspec.to_builtins(wire))

    with quiet():
        expected_values = [_text(values[i]) for i in idx]
        report.check(
            "W1 construct: values of OVO, vobjects, msgspec, pydantic equal the generated ones",
            [
                (
                    f"{lib} #{i}",
                    lambda lib=lib, i=i: _same(expected_values[i], _text(suite.build(lib, values[i], clean=False))),
                )
                for lib in ("ovo", "vobjects", "msgspec", "pydantic")
                for i in idx
            ],
        )
        report.check(
            "inputs: the stored instances of every library hold the generated values",
            [
                (f"{lib} #{i}", lambda lib=lib, i=i: _same(expected_values[i], _text(objs[lib][i])))
                for lib in ("ovo", "vobjects", "msgspec", "pydantic")
                for i in idx
            ]
            + [(f"wire #{i}", lambda i=i: _same(expected_values[i], _text(objs["wire"][i]))) for i in idx],
        )
        report.check(
            "W1 construct: obj_what_changed of vobjects equals OVO's",
            [
                (
                    f"#{i}",
                    lambda i=i: (
                        sorted(suite.build("ovo", values[i], clean=False).obj_what_changed()),
                        sorted(suite.build("vobjects", values[i], clean=False).obj_what_changed()),
                    ),
                )
                for i in idx
            ],
        )
        report.check(
            "W2 to primitive: vobjects' primitive equals OVO's",
            [(f"#{i}", lambda i=i: _same(canon(prims["ovo"][i]), canon(prims["vobjects"][i]))) for i in idx],
        )
        report.check(
            "W2 to primitive: the msgspec wire Struct encodes OVO's primitive exactly",
            [(f"#{i}", lambda i=i: _same(canon(prims["ovo"][i]), canon(prims["wire"][i]))) for i in idx],
        )

        def decoded(lib: str, prim: Any) -> Any:
            return sch[lib].Instance.obj_from_primitive(prim)

        def same_obj(a: Any, b: Any) -> tuple[str, str]:
            return _same(
                f"changes={sorted(a.obj_what_changed())} {_text(a)}",
                f"changes={sorted(b.obj_what_changed())} {_text(b)}",
            )

        report.check(
            "W3 from primitive: vobjects decodes to OVO's values and changes (own and each other's primitive)",
            [
                (
                    f"{src}->{dst} #{i}",
                    lambda src=src, dst=dst, i=i: same_obj(
                        decoded("ovo", prims["ovo"][i]), decoded(dst, prims[src][i])
                    ),
                )
                for src in CONTENDERS
                for dst in CONTENDERS
                for i in idx
            ],
        )
        report.check(
            "W3 from primitive: references decode to the generated values; wire decodes OVO's primitive",
            [
                (
                    f"{lib} #{i}",
                    lambda lib=lib, i=i: _same(expected_values[i], _text(_decode_ref(refs, lib, prims[lib][i]))),
                )
                for lib in ("msgspec", "pydantic")
                for i in idx
            ]
            + [
                (
                    f"wire #{i}",
                    lambda i=i: _same(
                        wire_text(objs["wire"][i]), wire_text(refs.msgspec.convert(prims["ovo"][i], refs.InstanceWire))
                    ),
                )
                for i in idx
            ],
        )

        def json_trip(lib: str, obj: Any) -> Any:
            return sch[lib].Instance.obj_from_primitive(ju.loads(ju.dump_as_bytes(obj.obj_to_primitive())))

        def msgpack_trip(lib: str, obj: Any) -> Any:
            return sch[lib].Instance.obj_from_primitive(mu.loads(mu.dumps(obj.obj_to_primitive())))

        for key, trip in (("W4 JSON", json_trip), ("W5 msgpack", msgpack_trip)):
            report.check(
                f"{key} round trip: vobjects ends with OVO's values and changes",
                [
                    (
                        f"#{i}",
                        lambda i=i, trip=trip: same_obj(
                            trip("ovo", objs["ovo"][i]), trip("vobjects", objs["vobjects"][i])
                        ),
                    )
                    for i in idx
                ],
            )
        report.check(
            "W4 JSON round trip: msgspec wire reads OVO's JSON bytes; references come back equal",
            [
                (
                    f"#{i}",
                    lambda i=i: (
                        (wire_text(objs["wire"][i]), objs["msgspec"][i], objs["pydantic"][i]),
                        (
                            wire_text(
                                refs.msgspec.json.decode(ju.dump_as_bytes(prims["ovo"][i]), type=refs.InstanceWire)
                            ),
                            refs.msgspec.json.decode(refs.msgspec.json.encode(objs["msgspec"][i]), type=refs.MInstance),
                            refs.PInstance.model_validate_json(objs["pydantic"][i].model_dump_json()),
                        ),
                    ),
                )
                for i in idx
            ],
        )
        if "W6" in workloads:
            lists = suite.lists
            report.check(
                "W6 list: vobjects' list primitive equals OVO's, both decode it equally, wire encodes it",
                [
                    (
                        "primitive",
                        lambda: _same(
                            canon(lists["ovo"].obj_to_primitive()), canon(lists["vobjects"].obj_to_primitive())
                        ),
                    ),
                    (
                        "wire primitive",
                        lambda: _same(
                            canon(lists["ovo"].obj_to_primitive()), canon(refs.msgspec.to_builtins(lists["wire"]))
                        ),
                    ),
                    (
                        "json round trip",
                        lambda: _same(
                            _text(
                                sch["ovo"].InstanceList.obj_from_primitive(
                                    ju.loads(ju.dump_as_bytes(lists["ovo"].obj_to_primitive()))
                                )
                            ),
                            _text(
                                sch["vobjects"].InstanceList.obj_from_primitive(
                                    ju.loads(ju.dump_as_bytes(lists["vobjects"].obj_to_primitive()))
                                )
                            ),
                        ),
                    ),
                ],
            )
        report.check(
            "W7 backport: vobjects' backported primitive equals OVO's (Instance 1.3->1.1, Flavor 1.2->1.0, Device 1.1->1.0)",
            [
                (
                    f"#{i}",
                    lambda i=i: _same(
                        *(
                            canon(objs[lib][i].obj_to_primitive(model.OLD_VERSION, model.OLD_MANIFEST))
                            for lib in CONTENDERS
                        )
                    ),
                )
                for i in idx
            ],
        )

        def edited(lib: str, i: int) -> Any:
            obj = sch[lib].Instance.obj_from_primitive(prims[lib][i])
            obj.obj_reset_changes()
            for name, value in suite.edits[i]:
                setattr(obj, name, value)
            return obj

        report.check(
            "W8 assignment: vobjects coerces to OVO's values and reports the same changes",
            [(f"#{i}", lambda i=i: same_obj(edited("ovo", i), edited("vobjects", i))) for i in idx],
        )
        report.check(
            "W8 assignment: the edited primitive of vobjects equals OVO's",
            [
                (f"#{i}", lambda i=i: _same(*(canon(edited(lib, i).obj_to_primitive()) for lib in CONTENDERS)))
                for i in idx
            ],
        )
        if "W9" in workloads:
            if has_fixture():
                hashes = {lib: suite.checker[lib](suite.generated[lib]).get_hashes() for lib in CONTENDERS}
                report.check(
                    "W9 fingerprints: vobjects' hashes of the 200 generated classes equal OVO's",
                    [
                        (name, lambda name=name: (hashes["ovo"][name], hashes["vobjects"].get(name)))
                        for name in hashes["ovo"]
                    ],
                )
            else:
                report.notes.append("W9 fingerprints: skipped, vobjects.fixture does not exist yet")
    return report


def _decode_ref(refs: Any, lib: str, prim: Any) -> Any:
    if lib == "msgspec":
        return refs.msgspec.convert(prim, refs.MInstance)
    return refs.PInstance.model_validate(prim)
