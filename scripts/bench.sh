#!/usr/bin/env bash
# The head-to-head benchmark (benchmarks/README.md): a virtualenv .venv-bench
# with vobjects, its test extras (OVO 3.12.0 among them), msgspec and pydantic,
# then `python -m benchmarks.run`. Arguments go to the runner, e.g. --quick.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV=${VOBJECTS_BENCH_VENV:-$ROOT/.venv-bench}
PY=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PY" -m venv "$VENV" 2>/dev/null; then
        echo "python3 -m venv failed; installing python3-venv with apt" >&2
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$VENV"
        "$PY" -m venv "$VENV"
    fi
    # Keep the virtualenv out of git without touching the repo's .gitignore.
    echo '*' > "$VENV/.gitignore"
fi
stamp="$VENV/.installed-bench"
if [ ! -f "$stamp" ] || [ "$ROOT/setup.cfg" -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$ROOT[test]" msgspec pydantic
    touch "$stamp"
fi
exec "$VENV/bin/python" -m benchmarks.run "$@"
