# Sourced by demo.sh and test.sh: make ./.venv (once) and install vobjects into it.
# Usage: . scripts/_venv.sh EXTRAS   e.g. ". scripts/_venv.sh test"
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VOBJECTS_VENV:-$ROOT/.venv}
PY=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PY" -m venv "$VENV" 2>/dev/null; then
        # Debian's python3 ships venv separately.
        echo "python3 -m venv failed; installing python3-venv with apt" >&2
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$VENV"
        "$PY" -m venv "$VENV"
    fi
fi
stamp="$VENV/.installed-$1"
if [ ! -f "$stamp" ] || [ "$ROOT/setup.cfg" -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$1]"
    touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
