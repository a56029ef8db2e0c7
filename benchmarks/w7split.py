"""Where W7's extra time goes: the model's own hooks, or the library's backport machinery.

``python -m benchmarks.w7split [--rounds N] [--libs vobjects,ovo]`` times, in
the same interleaved rounds as the main runner, four batches of the same
Instances:

- ``plain``: ``obj_to_primitive()`` (W2);
- ``backport``: W7's ``obj_to_primitive(target_version, version_manifest)``;
- ``fastparse``: W7 with ``versionutils.convert_version_to_tuple``, which
  each ``obj_make_compatible`` hook of ``model.py`` calls, answered from a
  cache (the hooks' code is unchanged, only that module global is swapped);
- ``nohooks``: W7 with the three hooks replaced by the library's own
  ``obj_make_compatible``, so no field is dropped by hand.

``backport - nohooks`` is what the hooks cost (``backport - fastparse`` of it
their version parsing); ``nohooks - plain`` is the library's machinery:
manifests, relationships and the calls into each child.  Printed in µs per
Instance and as a share of ``plain``.
"""

from __future__ import annotations

import argparse
import functools
import random
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from benchmarks import model
from benchmarks.run import time_workload
from benchmarks.suite import Suite
from benchmarks.workloads import Batch, Make, Workload, _each


@contextmanager
def _swapped(owner: Any, name: str, value: Any) -> Iterator[None]:
    saved = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, saved)


@contextmanager
def _without_hooks(schema: types.SimpleNamespace) -> Iterator[None]:
    """The model's hooks replaced by the library's default ``obj_make_compatible``."""
    classes = (schema.Instance, schema.Flavor, schema.Device)
    default = schema.Instance.__mro__[1].obj_make_compatible
    hooks = [cls.__dict__["obj_make_compatible"] for cls in classes]
    for cls in classes:
        cls.obj_make_compatible = default
    try:
        yield
    finally:
        for cls, hook in zip(classes, hooks, strict=True):
            cls.obj_make_compatible = hook


def _inside(make_context: Callable[[], Any], batch: Batch) -> Batch:
    def run() -> None:
        with make_context():
            batch()

    return run


def _batches(libs: list[str]) -> Callable[[Suite, int], dict[str, Make]]:
    cached = types.SimpleNamespace(
        convert_version_to_tuple=functools.lru_cache(maxsize=None)(model.versionutils.convert_version_to_tuple)
    )

    def batches(suite: Suite, ops: int) -> dict[str, Make]:
        out: dict[str, Make] = {}
        for lib in libs:
            schema, objs = suite.schema[lib], suite.objs[lib]

            def each(fn: Callable[[Any], Any], rnd: int, objs: list[Any] = objs) -> Batch:
                return _each(fn, suite.window(objs, rnd, ops))

            def backport(obj: Any) -> Any:
                return obj.obj_to_primitive(target_version=model.OLD_VERSION, version_manifest=model.OLD_MANIFEST)

            out[f"{lib} plain"] = lambda rnd, each=each: each(lambda obj: obj.obj_to_primitive(), rnd)
            out[f"{lib} backport"] = lambda rnd, each=each: each(backport, rnd)
            out[f"{lib} fastparse"] = lambda rnd, each=each: _inside(
                lambda: _swapped(model, "versionutils", cached), each(backport, rnd)
            )
            out[f"{lib} nohooks"] = lambda rnd, each=each, schema=schema: _inside(
                lambda: _without_hooks(schema), each(backport, rnd)
            )
        return out

    return batches


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--ops", type=int, default=40)
    parser.add_argument("--libs", default="vobjects,ovo", help="comma-separated: vobjects, ovo")
    args = parser.parse_args(argv)
    libs = [lib.strip() for lib in args.libs.split(",") if lib.strip()]
    work = Workload("W7split", "W7 split", True, 1.0, _batches(libs))
    res = time_workload(Suite(), work, args.rounds, args.ops, random.Random(1))
    for lib in libs:
        plain, full, fast, bare = (
            res[f"{lib} {kind}"]["median"] for kind in ("plain", "backport", "fastparse", "nohooks")
        )

        def share(us: float, plain: float = plain) -> str:
            return f"{us:6.2f} us ({100 * us / plain:+4.0f}% of plain)"

        print(f"{lib}: plain {plain:.2f} us, backport {full:.2f} us")
        print(f"  total extra        {share(full - plain)}")
        print(f"  model hooks        {share(full - bare)}")
        print(f"    version parsing  {share(full - fast)}")
        print(f"  library machinery  {share(bare - plain)}")


if __name__ == "__main__":
    main()
