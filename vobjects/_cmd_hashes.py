"""``vobjects hashes``: print (or check) the fingerprints of the objects in some modules.

The table is printed as projects paste it into their tests::

    object_data = {
        'Flavor': '1.2-<md5>',
        ...
    }

``--check FILE`` compares with a saved table instead (exit 1 and an
explanation per object on mismatch); ``--snapshot PATH`` writes the
fingerprint inputs that explain later mismatches (with ``--check`` it is
read instead).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import sys
from collections.abc import Callable
from typing import Any

from vobjects import _modload

PROG = "vobjects hashes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("modules", nargs="+", metavar="MODULE", help="dotted module names to import")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Python dict")
    parser.add_argument(
        "--check",
        metavar="FILE",
        help="compare with the table in FILE (JSON, or Python holding a dict literal such as object_data = {...}); "
        "exit 1 on mismatch",
    )
    parser.add_argument(
        "--snapshot",
        metavar="PATH",
        help="write the fingerprint inputs to PATH; with --check, read them from PATH to explain mismatches",
    )
    parser.add_argument("--extra-data", metavar="MODULE:FUNCTION", help="the extra_data_func the test suite uses")
    parser.add_argument("--name", default="object_data", help="variable name of the printed table (object_data)")
    parser.add_argument("-r", "--recursive", action="store_true", help="also import all submodules of packages")


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def load_function(spec: str) -> Callable[..., Any]:
    """``'pkg.mod:func'`` -> the function; raises ValueError with a one-line reason."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"--extra-data {spec!r}: expected MODULE:FUNCTION")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise ValueError(f"--extra-data {spec!r}: cannot import {module_name!r}: {type(exc).__name__}: {exc}") from None
    func = getattr(module, attr, None)
    if not callable(func):
        raise ValueError(f"--extra-data {spec!r}: {module_name} has no function {attr!r}")
    return func  # type: ignore[no-any-return]


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def read_table(path: str) -> dict[str, str]:
    """The hash table saved in ``path``; raises ValueError/OSError with the reason.

    JSON (an object of name -> hash), or Python source: the dict assigned to
    ``object_data`` if there is one, else the first dict literal of strings.
    """
    with open(path, encoding="utf-8") as stream:
        text = stream.read()
    try:
        value = json.loads(text)
    except ValueError:
        pass
    else:
        if _is_table(value):
            return value  # type: ignore[no-any-return]
        raise ValueError(f"{path}: the JSON is not an object of object name -> hash strings")
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        raise ValueError(f"{path}: neither JSON nor Python ({exc.msg}, line {exc.lineno})") from None
    found: list[tuple[bool, dict[str, str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            named = any(isinstance(t, ast.Name) and t.id == "object_data" for t in targets)
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if _is_table(value):
                found.append((named, value))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Dict):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if _is_table(value):
                found.append((False, value))
    if not found:
        raise ValueError(f"{path}: no dict literal of object name -> hash strings found")
    for named, value in found:
        if named:
            return value
    return found[0][1]


def format_table(hashes: dict[str, str], name: str = "object_data") -> str:
    """The table as Python source, one sorted entry per line."""
    if not hashes:
        return f"{name} = {{}}"
    lines = [f"{name} = {{"]
    lines.extend(f"    {key!r}: {hashes[key]!r}," for key in sorted(hashes))
    lines.append("}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        _modload.import_modules(args.modules, recursive=args.recursive)
    except _modload.ImportFailed as exc:
        return _fail(str(exc))
    extra = None
    if args.extra_data:
        try:
            extra = load_function(args.extra_data)
        except ValueError as exc:
            return _fail(str(exc))

    from vobjects import _checker, _snapshot

    checker = _checker.ObjectVersionChecker()
    if args.check:
        return _check(args, checker, extra)
    hashes = checker.get_hashes(extra_data_func=extra)
    if not hashes:
        print(f"{PROG}: warning: no objects are registered by {', '.join(args.modules)}", file=sys.stderr)
    if args.snapshot:
        try:
            _snapshot.write(args.snapshot, _snapshot.build(checker.obj_classes, extra))
        except OSError as exc:
            return _fail(f"cannot write snapshot {args.snapshot!r}: {exc.strerror or exc}")
    if args.json:
        print(json.dumps(hashes, indent=4, sort_keys=True))
    else:
        print(format_table(hashes, args.name))
    return 0


def _check(args: argparse.Namespace, checker: Any, extra: Any) -> int:
    try:
        table = read_table(args.check)
    except OSError as exc:
        return _fail(f"cannot read {args.check!r}: {exc.strerror or exc}")
    except ValueError as exc:
        return _fail(str(exc))
    expected, actual = checker._compare(table, extra)
    explanation = checker.explain(expected, actual, extra, args.snapshot) if expected else ""
    if args.json:
        print(
            json.dumps({"expected": expected, "actual": actual, "explanation": explanation}, indent=4, sort_keys=True)
        )
    elif expected:
        names = ",".join(sorted(expected))
        print(f"Hashes have changed for {names}\n\n{explanation}")
    else:
        print(f"{len(table)} object hashes match {args.check}")
    return 1 if expected else 0
