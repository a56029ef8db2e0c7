"""``vobjects check``: compare the objects in some modules with the lockfile.

Exit codes: 0 nothing to fix, 1 problems (a change without the bump it
needs, a missing backport, a version not locked), 2 usage, import or
lockfile errors.  The logic is in :mod:`vobjects._check`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from vobjects import _modload

PROG = "vobjects check"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("modules", nargs="+", metavar="MODULE", help="dotted module names to import")
    parser.add_argument("--lockfile", default=None, metavar="PATH", help="the lockfile (default: vobjects.lock.json)")
    parser.add_argument(
        "--format",
        choices=("text", "json", "dot", "mermaid"),
        default="text",
        help="output format (text); dot and mermaid draw the changed objects and their changes",
    )
    parser.add_argument(
        "--window",
        type=int,
        default=None,
        metavar="N",
        help="check backports to the N newest older versions of each major only (default: all)",
    )
    parser.add_argument(
        "--git-ref",
        metavar="REF",
        help="read the lockfile as committed at git REF (e.g. origin/main), to review a branch's changes",
    )
    parser.add_argument("-r", "--recursive", action="store_true", help="also import all submodules of packages")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list objects without changes")


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from vobjects import _check, _lockfile, _registry

    if args.window is not None and args.window < 0:
        return _fail("--window must be 0 or more")
    path = args.lockfile or _lockfile.DEFAULT_PATH
    try:
        _modload.import_modules(args.modules, recursive=args.recursive)
    except _modload.ImportFailed as exc:
        return _fail(str(exc))
    try:
        document = _from_git(args.git_ref, path) if args.git_ref else _lockfile.load(path)
        reports = _check.run_check(_registry.VersionedObjectRegistry.obj_classes(), document, args.window)
    except OSError as exc:
        return _fail(f"cannot read {path!r}: {exc.strerror or exc} (create it with: vobjects lock)")
    except _GitError as exc:
        return _fail(str(exc))
    except _lockfile.LockfileError as exc:
        return _fail(str(exc))
    failed = any(report.problems for report in reports)
    if args.format in ("dot", "mermaid"):
        from vobjects import _diagram

        print(_diagram.render(reports, _registry.VersionedObjectRegistry.obj_classes(), args.format))
    elif args.format == "json":
        document = {"lockfile": path, "ok": not failed, "objects": [report.to_json() for report in reports]}
        print(json.dumps(document, indent=2, sort_keys=True))
    else:
        print(_check.format_text(reports, verbose=args.verbose))
    return 1 if failed else 0


class _GitError(Exception):
    """``git show`` could not produce the lockfile at the given ref."""


def _from_git(ref: str, path: str) -> dict[str, object]:
    """The lockfile ``path`` (relative to the current directory) as committed at ``ref``."""
    import subprocess

    from vobjects import _lockfile

    spec = f"{ref}:./{path}" if not os.path.isabs(path) else f"{ref}:{path}"
    try:
        shown = subprocess.run(["git", "show", spec], capture_output=True, text=True, timeout=60, check=False)
    except OSError as exc:
        raise _GitError(f"cannot run git: {exc.strerror or exc}") from None
    if shown.returncode != 0:
        reason = shown.stderr.strip().splitlines()[0] if shown.stderr.strip() else f"exit {shown.returncode}"
        raise _GitError(f"git show {spec}: {reason}")
    return _lockfile.parse(shown.stdout, f"{ref}:{path}")
