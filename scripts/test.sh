#!/usr/bin/env bash
# Everything from nothing: a virtualenv with vobjects and its test dependencies,
# then lint and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh test
echo "== ruff"
ruff check vobjects tests benchmarks examples
echo "== pytest"
python -m pytest -q "$@"
