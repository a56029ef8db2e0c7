"""Every subcommand stops quietly when its reader goes away (``vobjects ... | head``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = "examples/nova_like/vobjects.lock.json"


@pytest.mark.parametrize(
    "argv",
    [
        ["hashes", "examples.nova_like"],
        ["tree", "examples.nova_like"],
        ["check", "examples.nova_like", "--lockfile", LOCK],
        ["jsonschema", "examples.nova_like", "--object", "Instance"],
    ],
    ids=lambda argv: argv[0],
)
def test_closed_stdout_gives_no_traceback(argv):
    command = [sys.executable, "-c", "import sys, vobjects._cli as c; sys.exit(c.main())", *argv]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before anything is written
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr, stderr.decode()
    assert b"BrokenPipe" not in stderr, stderr.decode()
    assert process.returncode == 1
