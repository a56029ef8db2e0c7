"""The benchmark's inputs, built once per run: both schemas, 1000 instances in every library.

Everything is built lazily, so a run of one workload builds only what it reads.
Library names used as keys throughout: ``ovo``, ``vobjects`` (the two
contenders) and ``wire``, ``msgspec``, ``pydantic`` (the references).
"""

from __future__ import annotations

import contextlib
import importlib.util
import warnings
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from benchmarks import model

CONTENDERS = ("ovo", "vobjects")
REFERENCES = ("wire", "msgspec", "pydantic")
LIBS = CONTENDERS + REFERENCES


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence warnings (OVO's UUID FutureWarning, oslo's deprecations) inside the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def has_fixture() -> bool:
    """Whether ``vobjects.fixture`` (needed by W9) exists yet."""
    return importlib.util.find_spec("vobjects.fixture") is not None


class Suite:
    """Lazily built inputs of every workload, for every library."""

    def __init__(self, count: int = 1000) -> None:
        self.count = count
        self.values = model.generate(count)

    # -- libraries and schemas ---------------------------------------------------

    @cached_property
    def modules(self) -> dict[str, tuple[Any, Any]]:
        """``{lib: (base, fields)}`` for the two contenders."""
        with quiet():
            from oslo_versionedobjects import base as ovo_base
            from oslo_versionedobjects import fields as ovo_fields
        from vobjects import base as vo_base
        from vobjects import fields as vo_fields

        return {"ovo": (ovo_base, ovo_fields), "vobjects": (vo_base, vo_fields)}

    @cached_property
    def schema(self) -> dict[str, Any]:
        """``{lib: namespace of Device, Flavor, Instance, InstanceList}``, one per contender."""
        with quiet():
            return {lib: model.define(*self.modules[lib]) for lib in CONTENDERS}

    @cached_property
    def jsonutils(self) -> Any:
        from oslo_serialization import jsonutils

        return jsonutils

    @cached_property
    def msgpackutils(self) -> Any:
        from oslo_serialization import msgpackutils

        return msgpackutils

    @cached_property
    def refs(self) -> Any:
        try:
            from benchmarks import references
        except ImportError as exc:
            raise SystemExit(
                f"{exc}: the references need msgspec and pydantic (bash scripts/bench.sh installs them)"
            ) from exc
        return references

    # -- data --------------------------------------------------------------------

    def build(self, lib: str, values: dict[str, Any], *, clean: bool = True) -> Any:
        """One instance of ``lib`` from plain values (clean: as on the wire, see ``model.build_instance``)."""
        if lib in CONTENDERS:
            with quiet():
                return model.build_instance(self.schema[lib], values, clean=clean)
        if lib == "msgspec":
            return self.refs.msgspec_instance(values)
        if lib == "pydantic":
            return self.refs.pydantic_instance(values)
        return self.refs.wire_instance(values, sorted(("task_state", "updated_at", "vm_state")))

    @cached_property
    def objs(self) -> dict[str, list[Any]]:
        """``{lib: [instance, ...]}``: the same ``count`` instances in every library."""
        return {lib: [self.build(lib, values) for values in self.values] for lib in LIBS}

    @cached_property
    def prims(self) -> dict[str, list[Any]]:
        """``{lib: [primitive, ...]}``: each library's own W2 output, the W3 input."""
        refs = self.refs
        with quiet():
            out = {lib: [obj.obj_to_primitive() for obj in self.objs[lib]] for lib in CONTENDERS}
        out["wire"] = [refs.msgspec.to_builtins(obj) for obj in self.objs["wire"]]
        out["msgspec"] = [refs.msgspec.to_builtins(obj) for obj in self.objs["msgspec"]]
        out["pydantic"] = [obj.model_dump(mode="json") for obj in self.objs["pydantic"]]
        return out

    @cached_property
    def lists(self) -> dict[str, Any]:
        """``{lib: the list of all instances}`` (an InstanceList for the contenders)."""
        out: dict[str, Any] = {}
        with quiet():
            for lib in CONTENDERS:
                lst = self.schema[lib].InstanceList(objects=list(self.objs[lib]))
                lst.obj_reset_changes()
                out[lib] = lst
        out["wire"] = self.refs.wire_list(self.objs["wire"])
        out["msgspec"] = list(self.objs["msgspec"])
        out["pydantic"] = list(self.objs["pydantic"])
        return out

    @cached_property
    def edit_pool(self) -> dict[str, list[Any]]:
        """Private copies of the instances for W8, which edits them."""
        with quiet():
            return {
                lib: [self.schema[lib].Instance.obj_from_primitive(prim) for prim in self.prims[lib]]
                for lib in CONTENDERS
            }

    @cached_property
    def edits(self) -> list[list[tuple[str, Any]]]:
        """Per instance, the W8 assignments as ``(field, value)`` pairs."""
        return [list(model.edits(values).items()) for values in self.values]

    @cached_property
    def generated(self) -> dict[str, dict[str, list[type]]]:
        """``{lib: {name: [class]}}``: 200 generated classes per contender, for W9."""
        from benchmarks import fingerprints

        with quiet():
            return {lib: fingerprints.generate_classes(*self.modules[lib]) for lib in CONTENDERS}

    @cached_property
    def checker(self) -> dict[str, Any]:
        """``{lib: ObjectVersionChecker class}``; vobjects only once ``vobjects.fixture`` exists."""
        with quiet():
            from oslo_versionedobjects import fixture as ovo_fixture
        out = {"ovo": ovo_fixture.ObjectVersionChecker}
        if has_fixture():
            from vobjects import fixture as vo_fixture

            out["vobjects"] = vo_fixture.ObjectVersionChecker
        return out

    def window(self, seq: list[Any], rnd: int, size: int) -> list[Any]:
        """Round ``rnd``'s slice of ``size`` items, so successive rounds see different data."""
        start = (rnd * size) % len(seq)
        part = seq[start : start + size]
        if len(part) < size:
            part += seq[: size - len(part)]
        return part
