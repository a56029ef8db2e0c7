#!/usr/bin/env bash
# Everything from nothing: a virtualenv with vobjects and its test dependencies,
# a private RabbitMQ on 127.0.0.1 for the RPC integration tests, then lint, the
# Sphinx docs build and the whole test suite. Extra arguments go to pytest.
# VOBJECTS_NO_BROKER=1 skips the broker (its tests are then skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh test,docs
if [ "${VOBJECTS_NO_BROKER:-0}" != 1 ]; then
    echo "== rabbitmq (loopback only)"
    bash scripts/start-rabbit.sh >/dev/null
    trap 'bash scripts/stop-rabbit.sh >/dev/null' EXIT
    export TRANSPORT_URL=${TRANSPORT_URL:-rabbit://guest:guest@127.0.0.1:5672/}
    export VOBJECTS_BROKER_TESTS=1
fi
echo "== ruff"
ruff check vobjects tests benchmarks examples
echo "== schema history of the example objects (lockfile up to date, no unapproved break)"
vobjects lock examples.nova_like --check --lockfile examples/nova_like/vobjects.lock.json
vobjects check examples.nova_like --lockfile examples/nova_like/vobjects.lock.json
echo "== docs (sphinx, warnings are errors)"
sphinx-build -W --keep-going -q -b html doc/source doc/build/html
echo "== pytest"
python -m pytest -q "$@"
