"""Head-to-head benchmark of vobjects against oslo.versionedobjects 3.12 (and msgspec, pydantic).

Run from the repository root::

    python -m benchmarks.run                  # everything, a few minutes
    python -m benchmarks.run --quick          # a smoke run, well under a minute
    python -m benchmarks.run --quick --check  # only the equality checks; exit 0 or 1
    python -m benchmarks.run --workloads W2,W3 --rounds 200
    python -m benchmarks.run --profile --workloads W2,W3,W6   # vobjects' hot spots

Method: all libraries in this one process; per round each library's batch
runs in a fresh random order; a batch's CPU time (``process_time_ns``) is
taken with the garbage collector off (collected before each batch); the
table shows medians over the rounds.  Before any timing, ``benchmarks.checks``
proves all libraries hold and send the same data.  See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import importlib.metadata
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from contextlib import nullcontext
from typing import Any

from benchmarks import checks, footprint, hotspots
from benchmarks.suite import LIBS, Suite, quiet
from benchmarks.workloads import FLOOR, PLAIN, WORKLOADS, Workload

_HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = {"ovo": "OVO", "vobjects": "vobjects", "wire": "msgspec-wire", "msgspec": "msgspec", "pydantic": "pydantic"}


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few rounds and small batches: a smoke run")
    parser.add_argument("--check", action="store_true", help="run the equality checks only; exit 0 if all pass, else 1")
    parser.add_argument("--workloads", default="W1,W2,W3,W4,W5,W6,W7,W8,W9", help="comma-separated, e.g. W2,W3")
    parser.add_argument("--rounds", type=int, help="rounds per workload (default 100; --quick 5); W6 gets 1/10, W9 1/5")
    parser.add_argument("--ops", type=int, help="instances per batch (default 40; --quick 10)")
    parser.add_argument("--no-extras", action="store_true", help="skip the import-time and memory measurements")
    parser.add_argument("--import-runs", type=int, help="fresh interpreters per library for import time (default 9)")
    parser.add_argument("--memory-count", type=int, help="instances decoded for memory per instance (default 500)")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="cprofile",
        choices=hotspots.PROFILERS,
        help="instead of timing, profile vobjects' batches of --workloads (cprofile, or sampling with pyinstrument)",
    )
    parser.add_argument("--force", action="store_true", help="time even when an equality check fails")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random library order per round")
    parser.add_argument("--output", default=os.path.join(_HERE, "results.json"), help="where to write the JSON results")
    parser.add_argument(
        "--table",
        metavar="FILE",
        help="also write the summary printed at the end (machine, table, targets) to FILE as plain text, "
        "e.g. doc/source/_static/bench-table.txt for the docs",
    )
    args = parser.parse_args(argv)
    args.workloads = [w.strip().upper() for w in args.workloads.split(",") if w.strip()]
    unknown = [w for w in args.workloads if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workloads {unknown}; choose from {list(WORKLOADS)}")
    args.rounds = args.rounds or (5 if args.quick else 100)
    args.ops = args.ops or (10 if args.quick else 40)
    args.import_runs = args.import_runs or (2 if args.quick else 9)
    args.memory_count = args.memory_count or (100 if args.quick else 500)
    return args


# -- timing -------------------------------------------------------------------------


def _time_batch(make: Any, rnd: int, lib: str) -> int:
    with quiet() if lib == "ovo" else nullcontext():
        batch = make(rnd)
        gc.collect()
        gc.disable()
        try:
            start = time.process_time_ns()
            batch()
            end = time.process_time_ns()
        finally:
            gc.enable()
    return end - start


def time_workload(
    suite: Suite, work: Workload, rounds: int, ops: int, rng: random.Random, min_rounds: int = 3
) -> dict[str, Any]:
    """``{lib: summary}`` of per-operation CPU time (in ``work.unit``) over interleaved rounds."""
    ops = ops if work.per_instance else 1
    rounds = max(min_rounds, round(rounds * work.round_share))
    makes = work.batches(suite, ops)
    scale = 1e3 if work.unit == "us" else 1e6
    samples: dict[str, list[float]] = {lib: [] for lib in makes}
    # The long-lived inputs (built by now) move to the permanent generation, so
    # the collection before each batch is quick and finds only garbage.
    gc.collect()
    gc.freeze()
    for rnd in range(-1, rounds):  # round -1 warms up
        order = list(makes)
        rng.shuffle(order)
        for lib in order:
            elapsed = _time_batch(makes[lib], rnd, lib)
            if rnd >= 0:
                samples[lib].append(elapsed / ops / scale)
    return {lib: _summary(values) | {"ops_per_batch": ops} for lib, values in samples.items()}


def _summary(values: list[float]) -> dict[str, Any]:
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return {"median": statistics.median(values), "p25": q[0], "p75": q[2], "min": min(values), "rounds": len(values)}


# -- reporting ---------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = {}
    for dist in ("vobjects", "oslo.versionedobjects", "oslo.serialization", "msgspec", "pydantic", "msgpack"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "versions": versions,
        "git": _git(),
    }


def _git() -> str | None:
    root = os.path.dirname(_HERE)
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "vobjects"], cwd=root, capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + (" (vobjects/ modified)" if dirty.stdout.strip() else "")


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def render_table(results: dict[str, Any]) -> str:
    head = ["workload", "unit", *COLUMNS.values(), "OVO/vo", "vo/wire"]
    rows = [head]
    for key, res in results.items():
        if "skipped" in res:
            rows.append([key, "", f"skipped: {res['skipped']}"])
            continue
        med = {lib: res["libs"][lib]["median"] for lib in res["libs"]}
        ratio = med["ovo"] / med["vobjects"] if med.get("vobjects") else None
        gap = med["vobjects"] / med["wire"] if "wire" in med else None
        rows.append(
            [
                key,
                res["unit"],
                *(_fmt(med.get(lib)) for lib in COLUMNS),
                f"{ratio:.1f}x" if ratio else "-",
                f"{gap:.1f}x" if gap else "-",
            ]
        )
    widths = [max(len(r[i]) for r in rows if len(r) > i and len(r) == len(head)) for i in range(len(head))]
    lines = []
    for row in rows:
        if len(row) != len(head):
            lines.append(f"{row[0]:<{widths[0]}}  {row[2]}")
            continue
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])] + [
            c.rjust(w) for c, w in zip(row[2:], widths[2:], strict=True)
        ]
        lines.append("  ".join(cells))
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def render_targets(results: dict[str, Any], extras: dict[str, Any]) -> str:
    """The issue's targets, each with its measured value and whether it holds."""

    def ratio(key: str) -> float | None:
        res = results.get(key)
        if not res or "skipped" in res:
            return None
        return res["libs"]["ovo"]["median"] / res["libs"]["vobjects"]["median"]

    lines = []
    for keys, goal in ((("W2", "W3", "W4", "W6"), 15.0), (("W1", "W8"), 5.0)):
        for key in keys:
            r = ratio(key)
            if r is not None:
                lines.append(
                    f"  {'met ' if r >= goal else 'MISS'}  {key}: {r:.1f}x faster than OVO (target >= {goal:.0f}x)"
                )
    w7 = results.get("W7", {}).get("libs")
    if w7:

        def overhead(lib: str) -> float:
            return w7[lib]["median"] / w7[lib + PLAIN]["median"] - 1

        over = overhead("vobjects")
        lines.append(
            f"  {'met ' if over <= 0.2 else 'MISS'}  W7: backport costs {100 * over:+.0f}% over a plain "
            f"obj_to_primitive timed in the same rounds (target <= +20%; OVO {100 * overhead('ovo'):+.0f}%)"
        )
    for key, res in results.items():
        floor = res.get("libs", {}).get(FLOOR)
        if floor:
            ceiling = res["libs"]["ovo"]["median"] / floor["median"]
            lines.append(
                f"  note  {key}: the serializer alone (dumps + loads of the primitive) takes {_fmt(floor['median'])} "
                f"{res['unit']}, so OVO/vobjects cannot exceed {ceiling:.1f}x even with free object code"
            )
    imports = extras.get("import")
    if imports:
        share = imports["vobjects"]["cpu_ms"] / imports["ovo"]["cpu_ms"]
        heavy = [m for m in ("oslo_messaging", "eventlet", "oslo_config") if imports["vobjects"][m]]
        ok = share <= 0.2 and not heavy[:2]
        lines.append(
            f"  {'met ' if ok else 'MISS'}  import: vobjects.base takes {100 * share:.0f}% of OVO's CPU time "
            f"(target <= 20%), imports {', '.join(heavy) or 'none'} of oslo_messaging/eventlet/oslo_config"
        )
    memory = extras.get("memory")
    if memory:
        ok = memory["vobjects"] <= memory["ovo"]
        lines.append(
            f"  {'met ' if ok else 'MISS'}  memory: {memory['vobjects']:,.0f} B per Instance vs OVO {memory['ovo']:,.0f} B"
        )
    return "\n".join(lines)


def render_extras(extras: dict[str, Any]) -> str:
    lines = []
    imports = extras.get("import")
    if imports:
        lines.append("import (CPU time in a fresh interpreter, median of runs):")
        for r in imports.values():
            lines.append(
                f"  {r['module']:<28} {r['cpu_ms']:8.1f} ms  {r['modules_loaded']:4d} modules loaded"
                f"  oslo_messaging={'yes' if r['oslo_messaging'] else 'no'}"
                f"  eventlet={'yes' if r['eventlet'] else 'no'}  oslo_config={'yes' if r['oslo_config'] else 'no'}"
            )
        lines.append(f"  ratio OVO/vobjects: {imports['ovo']['cpu_ms'] / imports['vobjects']['cpu_ms']:.1f}x")
    memory = extras.get("memory")
    if memory:
        lines.append(f"memory per decoded Instance (tracemalloc, {extras['memory_count']} decoded):")
        lines.append("  " + "  ".join(f"{COLUMNS[lib]} {memory[lib]:,.0f} B" for lib in LIBS if lib in memory))
    return "\n".join(lines)


def render_summary(info: dict[str, Any], rounds: int, ops: int, results: dict[str, Any], extras: dict[str, Any]) -> str:
    """What a run prints at the end (and ``--table`` writes): machine, table, extras, targets."""
    lines = [
        f"{info['date']}  {info['cpu']} ({info['cpus']} cpus)  Python {info['python']}  git {info['git']}",
        "  " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()),
        f"median CPU time per operation; rounds {rounds}, {ops} instances per batch",
        render_table(results),
    ]
    if extras:
        lines.append(render_extras(extras))
    lines.append("targets (issue 6):")
    lines.append(render_targets(results, extras))
    return "\n".join(lines)


# -- main ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    started = time.perf_counter()
    suite = Suite()
    print("equality checks (all libraries hold and send the same data)...", flush=True)
    report = checks.run_checks(suite, args.workloads, sample=50 if args.quick else None)
    print(report.render(), flush=True)
    if args.check:
        print("checks passed" if report.ok else "CHECKS FAILED")
        return 0 if report.ok else 1
    if not report.ok and not args.force:
        print("not timing: an equality check failed (--force times anyway)")
        return 1
    if args.profile:
        print(hotspots.profile_workloads(suite, args.workloads, args.ops, args.profile))
        return 0

    rng = random.Random(args.seed)
    results: dict[str, Any] = {}
    for key in args.workloads:
        work = WORKLOADS[key]
        reason = work.skip_reason()
        if reason:
            print(f"{key}: skipped ({reason})", flush=True)
            results[key] = {"title": work.title, "skipped": reason}
            continue
        t0 = time.perf_counter()
        libs = time_workload(suite, work, args.rounds, args.ops, rng, min_rounds=1 if args.quick else 3)
        results[key] = {
            "title": work.title,
            "unit": f"{work.unit}/op" if work.per_instance else work.unit,
            "libs": libs,
        }
        print(f"{key}: {work.title} ({time.perf_counter() - t0:.1f} s)", flush=True)

    extras: dict[str, Any] = {}
    if not args.no_extras:
        extras["import"] = footprint.import_times(args.import_runs, rng)
        extras["memory_count"] = args.memory_count
        extras["memory"] = footprint.memory_per_instance(suite, args.memory_count)

    info = machine_info()
    summary = render_summary(info, args.rounds, args.ops, results, extras)
    print()
    print(summary)
    if args.table:
        with open(args.table, "w") as f:
            f.write(summary + "\n")
    document = {
        "machine": info,
        "settings": {k: v for k, v in vars(args).items() if k != "output"},
        "checks": {"ok": report.ok, "failures": report.failures, "notes": report.notes},
        "workloads": results,
        "import": extras.get("import"),
        "memory_bytes_per_instance": extras.get("memory"),
    }
    with open(args.output, "w") as f:
        json.dump(document, f, indent=2)
    print(f"wrote {os.path.relpath(args.output)} in {time.perf_counter() - started:.0f} s")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
