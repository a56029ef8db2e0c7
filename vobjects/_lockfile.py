"""The lockfile: the canonical schema of every released version of every object.

A committed JSON file, written by ``vobjects lock`` and read by ``vobjects
check``.  Keys are sorted and each object version is one block, so a review
diff shows exactly which versions were added::

    {
      "format": "vobjects-lock",
      "version": 1,
      "objects": {
        "Flavor": {
          "1.2": {
            "sha256": "<sha256 of the canonical schema>",
            "source": "class",
            "schema": {...}
          }
        }
      }
    }

``source`` says where a version's schema came from: ``class`` (a registered
class at that version) or ``lifecycle`` (derived from the declared lifecycle
of a newer class, see :mod:`vobjects._lifecycle`).  A version once recorded
is never rewritten silently: :func:`update` raises :class:`LockConflict`
naming the object and version unless the caller gives a reason, which is
then recorded in the entry as ``rewritten``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import Any

from vobjects import _lifecycle, _schema, _versions

FORMAT = "vobjects-lock"
VERSION = 1
DEFAULT_PATH = "vobjects.lock.json"


class LockfileError(ValueError):
    """A lockfile that cannot be read (not JSON, wrong format, malformed entry)."""


class LockConflict(Exception):
    """Recorded versions whose schema differs from the classes now.

    ``conflicts`` lists ``(object name, version, recorded sha256, current sha256)``.
    """

    def __init__(self, conflicts: list[tuple[str, str, str, str]]) -> None:
        self.conflicts = conflicts
        lines = [
            f"{name} {version}: the recorded schema (sha256 {old[:12]}) differs from the class now "
            f"(sha256 {new[:12]}); a released version must not change: bump the version"
            for name, version, old, new in conflicts
        ]
        super().__init__("\n".join(lines))


def empty() -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "objects": {}}


def entry(schema: _schema.ObjectSchema, source: str) -> dict[str, Any]:
    """The lockfile block of one object version."""
    return {"sha256": schema.sha256, "source": source, "schema": schema.to_json()}


def current_schemas(obj_classes: Mapping[str, list[type]]) -> dict[str, dict[str, tuple[_schema.ObjectSchema, str]]]:
    """``{name: {version: (schema, source)}}`` for everything the classes can tell.

    Every registered class gives its own version (``class``); the newest
    class's declared lifecycle gives the older versions of its major
    (``lifecycle``) that no registered class describes.
    """
    found: dict[str, dict[str, tuple[_schema.ObjectSchema, str]]] = {}
    for name in sorted(obj_classes):
        classes = obj_classes[name]
        if not classes:
            continue
        versions: dict[str, tuple[_schema.ObjectSchema, str]] = {}
        for cls in classes:
            versions.setdefault(cls.VERSION, (_schema.schema_of(cls), "class"))  # type: ignore[attr-defined]
        newest = classes[0]
        for version in _lifecycle.derived_versions(newest):
            if version not in versions:
                versions[version] = (_lifecycle.schema_at(newest, version), "lifecycle")
        found[name] = versions
    return found


def update(
    document: Mapping[str, Any], obj_classes: Mapping[str, list[type]], reason: str | None = None
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A new lockfile document with the versions not yet recorded added.

    Returns ``(document, [(name, version) added or rewritten])``.  A recorded
    version whose schema changed, from a registered class, raises
    :class:`LockConflict` unless ``reason`` is given (then it is rewritten and
    the reason kept).  Versions derived from a lifecycle never overwrite a
    record: ``vobjects check`` reports such differences.
    """
    objects = {name: dict(versions) for name, versions in document.get("objects", {}).items()}
    conflicts = []
    changed = []
    for name, versions in current_schemas(obj_classes).items():
        recorded = objects.setdefault(name, {})
        for version, (schema, source) in versions.items():
            old = recorded.get(version)
            if old is None:
                recorded[version] = entry(schema, source)
                changed.append((name, version))
            elif source == "class" and old.get("sha256") != schema.sha256:
                if reason:
                    new = entry(schema, source)
                    new["rewritten"] = reason
                    recorded[version] = new
                    changed.append((name, version))
                else:
                    conflicts.append((name, version, str(old.get("sha256")), schema.sha256))
    if conflicts:
        raise LockConflict(conflicts)
    return {"format": FORMAT, "version": VERSION, "objects": objects}, changed


def schemas(document: Mapping[str, Any]) -> dict[str, dict[str, _schema.ObjectSchema]]:
    """``{name: {version: ObjectSchema}}`` from a parsed lockfile."""
    result: dict[str, dict[str, _schema.ObjectSchema]] = {}
    for name, versions in document.get("objects", {}).items():
        parsed = {}
        for version, block in versions.items():
            try:
                parsed[version] = _schema.ObjectSchema.from_json(block["schema"])
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise LockfileError(f"{name} {version}: malformed entry ({type(exc).__name__}: {exc})") from None
        result[name] = parsed
    return result


def sorted_versions(versions: Iterable[str]) -> list[str]:
    """Version strings oldest first (numerically: 1.10 after 1.9)."""
    return sorted(versions, key=_versions.parse)


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a lockfile; raises OSError, or :class:`LockfileError` naming the problem."""
    path = os.fspath(path)
    with open(path, encoding="utf-8") as stream:
        text = stream.read()
    return parse(text, path)


def parse(text: str, where: str) -> dict[str, Any]:
    """A lockfile document from its text; ``where`` names it in errors (:class:`LockfileError`)."""
    path = where
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockfileError(f"{path}: not a vobjects lockfile (invalid JSON: {exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise LockfileError(f'{path}: not a vobjects lockfile (no "format": "{FORMAT}")')
    if document.get("version") != VERSION:
        raise LockfileError(f"{path}: lockfile version {document.get('version')!r} is not supported")
    if not isinstance(document.get("objects"), dict):
        raise LockfileError(f'{path}: "objects" must be a mapping')
    return document


def dumps(document: Mapping[str, Any]) -> str:
    """The file text: sorted keys, one line per field, method or relationship.

    Objects, versions and the parts of a schema are indented; each field's
    (or method's) record stays on one line, so a diff shows one line per change.
    """
    lines: list[str] = []
    _write(document, 0, lines, "")
    return "\n".join(lines) + "\n"


_EXPAND_DEPTH = 5  # root > objects > name > version > schema > fields: expanded


def _write(value: Any, depth: int, lines: list[str], prefix: str) -> None:
    indent = "  " * depth
    if isinstance(value, dict) and value and depth <= _EXPAND_DEPTH:
        lines.append(f"{indent}{prefix}{{")
        keys = sorted(value, key=_version_aware)
        for index, key in enumerate(keys):
            _write(value[key], depth + 1, lines, f"{json.dumps(key)}: ")
            if index < len(keys) - 1:
                lines[-1] += ","
        lines.append(f"{indent}}}")
    else:
        lines.append(f"{indent}{prefix}{json.dumps(value, sort_keys=True, ensure_ascii=True)}")


def _version_aware(key: str) -> tuple[Any, ...]:
    """Sort version keys numerically and everything else by text."""
    try:
        return (0, _versions.parse(key), key)
    except ValueError:
        return (1, (), key)


def write(path: str | os.PathLike[str], document: Mapping[str, Any]) -> None:
    """Write ``document`` to ``path`` as a lockfile."""
    write_text(path, dumps(document))


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file, so readers never see half of it."""
    path = os.fspath(path)
    temporary = f"{path}.tmp{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)
