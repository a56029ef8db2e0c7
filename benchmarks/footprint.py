"""Import cost of ``vobjects.base`` vs ``oslo_versionedobjects.base``, and memory per decoded Instance.

Import: each run is a fresh interpreter that measures the CPU time of the one
``import`` statement and counts the modules it loaded; runs of the two
libraries are interleaved in random order and the median is reported.

Memory: ``tracemalloc`` counts the bytes still allocated after decoding N
instances from primitives (the primitives themselves are made beforehand, so
strings shared with them are not counted, for every library alike).
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks.suite import Suite, quiet

IMPORTS = {"ovo": "oslo_versionedobjects.base", "vobjects": "vobjects.base"}

_PROBE = """
import sys, time, warnings
warnings.simplefilter("ignore")
before = len(sys.modules)
t0 = time.process_time_ns()
import {module}
t1 = time.process_time_ns()
print(t1 - t0, len(sys.modules) - before, len(sys.modules),
      int("oslo_messaging" in sys.modules), int("eventlet" in sys.modules), int("oslo_config" in sys.modules))
"""

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# Bytecode caches on, whatever the caller's environment says: a service
# imports from them, and OVO's, installed into site-packages, always has them,
# so a PYTHONDONTWRITEBYTECODE=1 shell would otherwise time compiling
# vobjects' source against loading OVO's bytecode.
_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _probe(module: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(module=module)],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    ).stdout.split()
    ns, loaded, total, messaging, eventlet, config = (int(x) for x in out)
    return {
        "cpu_ms": ns / 1e6,
        "modules_loaded": loaded,
        "modules_total": total,
        "oslo_messaging": bool(messaging),
        "eventlet": bool(eventlet),
        "oslo_config": bool(config),
    }


def import_times(runs: int, rng: random.Random) -> dict[str, dict[str, Any]]:
    """``{lib: {cpu_ms (median), cpu_ms_runs, modules_loaded, oslo_messaging, eventlet, ...}}``."""
    for module in IMPORTS.values():
        _probe(module)  # warm the bytecode caches
    samples: dict[str, list[dict[str, Any]]] = {lib: [] for lib in IMPORTS}
    for _ in range(runs):
        order = list(IMPORTS)
        rng.shuffle(order)
        for lib in order:
            samples[lib].append(_probe(IMPORTS[lib]))
    out = {}
    for lib, runs_ in samples.items():
        summary = dict(runs_[-1])
        summary["cpu_ms_runs"] = [round(r["cpu_ms"], 2) for r in runs_]
        summary["cpu_ms"] = statistics.median(r["cpu_ms"] for r in runs_)
        summary["module"] = IMPORTS[lib]
        out[lib] = summary
    return out


def _bytes_per_item(decode: Callable[[Any], Any], inputs: list[Any]) -> float:
    for prim in inputs[:5]:
        decode(prim)  # warm caches that are not per object
    held: list[Any] = [None] * len(inputs)
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for i, prim in enumerate(inputs):
            held[i] = decode(prim)
        gc.collect()
        end = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (end - start) / len(inputs)


def memory_per_instance(suite: Suite, count: int) -> dict[str, float]:
    """``{lib: bytes held per decoded Instance}``, decoding ``count`` primitives."""
    refs = suite.refs
    prims = suite.prims
    decoders: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
        "ovo": (suite.schema["ovo"].Instance.obj_from_primitive, prims["ovo"]),
        "vobjects": (suite.schema["vobjects"].Instance.obj_from_primitive, prims["vobjects"]),
        "wire": (lambda p: refs.msgspec.convert(p, refs.InstanceWire), prims["wire"]),
        "msgspec": (lambda p: refs.msgspec.convert(p, refs.MInstance), prims["msgspec"]),
        "pydantic": (refs.PInstance.model_validate, prims["pydantic"]),
    }
    out = {}
    with quiet():
        for lib, (decode, inputs) in decoders.items():
            out[lib] = _bytes_per_item(decode, inputs[:count])
    return out
