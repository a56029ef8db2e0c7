"""Instructions per operation, counted by valgrind: a measure the machine's noise cannot move.

``python -m benchmarks.instructions [--workloads W2,W3] [--libs vobjects,ovo]``
runs each library's batches of each workload under ``valgrind --tool=callgrind``
and prints the CPU instructions one operation executes, with the ratio
OVO/vobjects when both are counted.  On a shared machine, timings of the same
code vary by 20-40% from run to run; instruction counts of the same checkout
vary by well under 1% (memory layout moves them by up to 5% between checkouts
or after unrelated changes: see benchmarks/README.md), so this is the tool for
deciding whether a change to a hot path helped.  It
is not a replacement for ``benchmarks.run``: instructions are not time (cache
misses and branch mispredictions are not counted), so the table in the README
still comes from timings.

Only the batches are counted, not building the data: the child process calls
``os.getppid()`` just before them and ``os.getpgrp()`` just after, and
callgrind is told to zero its counters on entering the C function behind the
first and to write them out on entering the second.  That needs a Python whose
library keeps its static symbols (pyenv and source builds do; Debian's
stripped ``python3`` does not, and the tool says so).

Needs ``valgrind`` (``apt-get install valgrind``).  Each library and workload
is one run of about 10-60 s (OVO's import alone is 25 s under valgrind).
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

from benchmarks.suite import CONTENDERS, LIBS

_HERE = os.path.dirname(os.path.abspath(__file__))
#: The C functions behind os.getppid() and os.getpgrp() in CPython's posixmodule.c.
_START, _STOP = "os_getppid", "os_getpgrp"


def _child(key: str, lib: str, ops: int, rounds: int) -> None:
    """Build the data, then run ``rounds`` batches of ``ops`` operations between the two markers."""
    import gc

    from benchmarks.suite import Suite
    from benchmarks.workloads import WORKLOADS

    work = WORKLOADS[key]
    per_batch = ops if work.per_instance else 1
    suite = Suite(count=max(ops * rounds, 200) if work.per_instance else 1000)
    make = work.batches(suite, per_batch)[lib]
    batches = [make(rnd) for rnd in range(rounds)]
    batches[0]()  # warm: first-use caches, specialised bytecode
    gc.collect()
    gc.disable()
    os.getppid()
    for batch in batches:
        batch()
    os.getpgrp()


def count(key: str, lib: str, ops: int, rounds: int) -> int:
    """Instructions per operation of ``lib``'s batches of workload ``key``."""
    from benchmarks.workloads import WORKLOADS

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            f"--zero-before={_START}",
            f"--dump-before={_STOP}",
            sys.executable,
            "-m",
            "benchmarks.instructions",
            "--child",
            key,
            lib,
            str(ops),
            str(rounds),
        ]
        env = dict(os.environ, PYTHONHASHSEED="0")
        root = os.path.dirname(_HERE)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (root, env.get("PYTHONPATH"))))
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"{key} {lib}: the counted run failed:\n{proc.stderr[-2000:]}")
        parts = sorted(glob.glob(out + ".*"))
        if not parts:
            raise SystemExit(
                f"callgrind never entered {_STOP}: {sys.executable} has no static symbols "
                "(a stripped build); use a pyenv or source-built Python"
            )
        with open(parts[0], encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("summary:"):
                    total = int(line.split()[1])
                    break
            else:
                raise SystemExit(f"no summary line in {parts[0]}")
    per_batch = ops if WORKLOADS[key].per_instance else 1
    return total // (rounds * per_batch)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--child"]:
        _child(args[1], args[2], int(args[3]), int(args[4]))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", default="W1,W2,W3,W7,W8", help="comma-separated, e.g. W2,W3")
    parser.add_argument("--libs", default="vobjects", help=f"comma-separated, from {','.join(LIBS)}")
    parser.add_argument("--ops", type=int, default=40, help="operations per batch (default 40)")
    parser.add_argument("--rounds", type=int, default=5, help="batches counted (default 5)")
    opts = parser.parse_args(args)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    libs = opts.libs.split(",")
    print(f"instructions per operation ({opts.rounds} batches of {opts.ops}; valgrind callgrind)")
    print(f"{'workload':8}" + "".join(f"{lib:>14}" for lib in libs) + ("     OVO/vo" if set(CONTENDERS) <= set(libs) else ""))
    for key in opts.workloads.split(","):
        counts = {lib: count(key, lib, opts.ops, opts.rounds) for lib in libs}
        row = f"{key:8}" + "".join(f"{counts[lib]:>14,}" for lib in libs)
        if set(CONTENDERS) <= set(libs):
            row += f"{counts['ovo'] / counts['vobjects']:10.1f}x"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
