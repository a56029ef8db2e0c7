"""``vobjects jsonschema``: the JSON Schema of an object's primitive at any version.

The version's schema comes from the lockfile when it records it, else from
the registered class (an older version through its declared lifecycle).
"""

from __future__ import annotations

import argparse
import json
import sys

from vobjects import _modload

PROG = "vobjects jsonschema"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("modules", nargs="+", metavar="MODULE", help="dotted module names to import")
    parser.add_argument("--object", required=True, metavar="NAME", help="the object name")
    parser.add_argument("--version", metavar="X.Y", help="the version (default: the registered class's)")
    parser.add_argument("--lockfile", metavar="PATH", help="read recorded versions from this lockfile")


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from vobjects import _jsonschema, _lifecycle, _lockfile, _registry, _schema, _versions

    try:
        _modload.import_modules(args.modules)
    except _modload.ImportFailed as exc:
        return _fail(str(exc))
    recorded: dict[str, dict[str, _schema.ObjectSchema]] = {}
    if args.lockfile:
        try:
            recorded = _lockfile.schemas(_lockfile.load(args.lockfile))
        except OSError as exc:
            return _fail(f"cannot read {args.lockfile!r}: {exc.strerror or exc}")
        except _lockfile.LockfileError as exc:
            return _fail(str(exc))
    classes = _registry.VersionedObjectRegistry.obj_classes()

    def resolve(name: str) -> _schema.ObjectSchema | None:
        if classes.get(name):
            return _schema.schema_of(classes[name][0])
        versions = recorded.get(name)
        return versions[_lockfile.sorted_versions(versions)[-1]] if versions else None

    name, version = args.object, args.version
    record = recorded.get(name, {}).get(version) if version else None
    if record is None:
        if not classes.get(name):
            return _fail(f"no object {name!r} is registered by {', '.join(args.modules)} or recorded")
        cls = classes[name][0]
        version = version or cls.VERSION
        try:
            parsed = _versions.parse(version)
        except ValueError:
            return _fail(f"{version!r} is not a version of the form X.Y")
        current = _versions.parse(cls.VERSION)
        if parsed > current or parsed[0] != current[0]:
            return _fail(f"{name} {version} is neither recorded nor described by the class ({cls.VERSION})")
        record = _lifecycle.schema_at(cls, version)
    namespace = classes[name][0].OBJ_SERIAL_NAMESPACE if classes.get(name) else "versioned_object"
    print(json.dumps(_jsonschema.json_schema(record, resolve, namespace), indent=2, sort_keys=True))
    return 0
