"""``vobjects lock``: record the canonical schema of every object version in a lockfile.

New versions are added; a recorded version whose schema changed is refused
(exit 1, naming the object and version) unless ``--rewrite-reason`` says
why, which is kept in the file.  ``--check`` writes nothing and exits 1 when
the lockfile is missing versions.
"""

from __future__ import annotations

import argparse
import os
import sys

from vobjects import _modload

PROG = "vobjects lock"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("modules", nargs="+", metavar="MODULE", help="dotted module names to import")
    parser.add_argument("--lockfile", default=None, metavar="PATH", help="the lockfile (default: vobjects.lock.json)")
    parser.add_argument("-r", "--recursive", action="store_true", help="also import all submodules of packages")
    parser.add_argument(
        "--rewrite-reason",
        metavar="TEXT",
        help="rewrite recorded versions whose schema changed, recording TEXT as the reason (never do this for "
        "a version that was released)",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if versions would be added")


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from vobjects import _lockfile, _registry

    path = args.lockfile or _lockfile.DEFAULT_PATH
    if args.rewrite_reason is not None and not args.rewrite_reason.strip():
        return _fail("--rewrite-reason needs a non-empty reason")
    try:
        _modload.import_modules(args.modules, recursive=args.recursive)
    except _modload.ImportFailed as exc:
        return _fail(str(exc))
    try:
        document = _lockfile.load(path) if os.path.exists(path) else _lockfile.empty()
    except OSError as exc:
        return _fail(f"cannot read {path!r}: {exc.strerror or exc}")
    except _lockfile.LockfileError as exc:
        return _fail(str(exc))
    obj_classes = _registry.VersionedObjectRegistry.obj_classes()
    try:
        new, changed = _lockfile.update(document, obj_classes, reason=args.rewrite_reason)
    except _lockfile.LockConflict as exc:
        print(f"{PROG}: refused to rewrite released versions:\n{exc}", file=sys.stderr)
        return 1
    if args.check:
        for name, version in changed:
            print(f"not locked: {name} {version}")
        if not changed:
            print(f"{path}: every object version is locked")
        return 1 if changed else 0
    if changed or not os.path.exists(path):
        try:
            _lockfile.write(path, new)
        except OSError as exc:
            return _fail(f"cannot write {path!r}: {exc.strerror or exc}")
    for name, version in changed:
        print(f"locked {name} {version}")
    print(f"{path}: {sum(len(v) for v in new['objects'].values())} object versions, {len(changed)} new")
    return 0
