"""Where vobjects spends its time in a workload: ``python -m benchmarks.run --profile``.

Two profilers: ``cprofile`` (the default; exact call counts, but its per-call
overhead inflates small functions) and ``sampling`` (pyinstrument, if
installed: less distortion, no call counts).  Only vobjects' batches are
profiled, with the garbage collector off as when timing.
"""

from __future__ import annotations

import cProfile
import gc
import io
import os
import pstats
from collections.abc import Callable, Iterator
from typing import Any

from benchmarks.suite import Suite
from benchmarks.workloads import WORKLOADS

PROFILERS = ("cprofile", "sampling")


def _batches(suite: Suite, key: str, ops: int, rounds: int) -> list[Callable[[], Any]]:
    work = WORKLOADS[key]
    make = work.batches(suite, ops if work.per_instance else 1)["vobjects"]
    count = rounds if work.per_instance else max(3, rounds // 20)
    return [make(rnd) for rnd in range(count)]


def _run(batches: list[Callable[[], Any]]) -> None:
    for batch in batches:
        batch()


def _cprofile(batches: list[Callable[[], Any]], top: int) -> tuple[float, list[str]]:
    prof = cProfile.Profile()
    prof.enable()
    _run(batches)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
    lines = [f"  {'own %':>6} {'cum %':>6} {'calls':>9}  function"]
    for (filename, line, name), (_cc, calls, own, cum, _callers) in rows:
        where = f"{os.path.basename(filename)}:{line}" if line else filename
        lines.append(f"  {100 * own / total:6.1f} {100 * cum / total:6.1f} {calls:9d}  {name} ({where})")
    return total, lines


def _frames(frame: Any, stack: tuple[str, ...] = ()) -> Iterator[tuple[Any, str, bool]]:
    """Every frame with its function key and whether it is the outermost call of that function."""
    key = f"{frame.function} ({os.path.basename(frame.file_path or '?')}:{frame.line_no})"
    yield frame, key, key not in stack
    for child in frame.children:
        yield from _frames(child, (*stack, key))


def _sampling(batches: list[Callable[[], Any]], top: int) -> tuple[float, list[str]]:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    profiler.start()
    _run(batches)
    profiler.stop()
    root = profiler.last_session.root_frame()  # type: ignore[union-attr]
    total = root.time
    own: dict[str, float] = {}
    cum: dict[str, float] = {}
    for frame, key, outermost in _frames(root):
        if frame.is_synthetic:  # pyinstrument's "[self]" leaves: counted in total_self_time
            continue
        own[key] = own.get(key, 0.0) + frame.total_self_time
        if outermost:
            cum[key] = cum.get(key, 0.0) + frame.time
    lines = [f"  {'own %':>6} {'cum %':>6}  function"]
    for key, value in sorted(own.items(), key=lambda kv: kv[1], reverse=True)[:top]:
        lines.append(f"  {100 * value / total:6.1f} {100 * cum[key] / total:6.1f}  {key}")
    return total, lines


def profile_workloads(suite: Suite, keys: list[str], ops: int, profiler: str = "cprofile", top: int = 14) -> str:
    """The top functions by own time in vobjects' batches of each workload in ``keys``."""
    out = []
    for key in keys:
        work = WORKLOADS[key]
        if work.skip_reason():
            out.append(f"\n== {key}: skipped ({work.skip_reason()})")
            continue
        batches = _batches(suite, key, ops, 20 if profiler == "cprofile" else 200)
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            total, lines = (_cprofile if profiler == "cprofile" else _sampling)(batches, top)
        finally:
            gc.enable()
        out.append(f"\n== {key} {work.title}: vobjects, {total * 1e3:.0f} ms profiled ({profiler})")
        out.extend(lines)
    return "\n".join(out)
