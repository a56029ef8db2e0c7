"""The ``vobjects`` command: one subcommand per module, imported only when run.

Each subcommand lives in ``vobjects/_cmd_<name>.py`` and provides
``add_arguments(parser)`` and ``run(args) -> int``.  Exit codes: 0 success,
1 the check found a problem (hash mismatch, failed demo step), 2 usage or
import errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

#: subcommand -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "hashes": ("vobjects._cmd_hashes", "print object fingerprints of the given modules"),
    "tree": ("vobjects._cmd_tree", "print the object dependency tree of the given modules"),
    "demo": ("vobjects._cmd_demo", "run the rolling-upgrade demo over RPC"),
    "lock": ("vobjects._cmd_lock", "record the schema of every object version in a lockfile"),
    "check": ("vobjects._cmd_check", "compare objects with the lockfile: what changed, bumps, backports"),
    "jsonschema": ("vobjects._cmd_jsonschema", "print the JSON Schema of an object's primitive at a version"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vobjects", description="Versioned objects across releases.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name, (_module, text) in SUBCOMMANDS.items():
        commands.add_parser(name, help=text, add_help=False)
    # Parse the subcommand name first, then let its own module define the rest.
    args, rest = parser.parse_known_args(argv)
    module = importlib.import_module(SUBCOMMANDS[args.command][0])
    sub = argparse.ArgumentParser(prog=f"vobjects {args.command}", description=SUBCOMMANDS[args.command][1])
    module.add_arguments(sub)
    try:
        return int(module.run(sub.parse_args(rest)))
    except BrokenPipeError:
        # The reader went away (``vobjects hashes ... | head``): stop quietly.
        # Point stdout at /dev/null so that flushing it at exit fails no more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
