#!/usr/bin/env bash
# Everything from nothing: a virtualenv with vobjects, then its main job.
# Arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_venv.sh rpc
vobjects demo "$@"
