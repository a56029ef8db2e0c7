"""Snapshot files: the fingerprint inputs behind a hash table.

A hash table entry (``'Instance': '2.1-<md5>'``) cannot say what schema it
was computed from.  A snapshot, written by ``vobjects hashes --snapshot
FILE`` whenever the table is updated, keeps for each hash the inputs that
produced it (field reprs, remotable method specs, ``child_versions``), so a
later mismatch is explained exactly.  It is JSON::

    {"format": "vobjects-fingerprint-snapshot", "version": 1,
     "objects": {"<VERSION>-<md5>": {"name": ..., "version": ..., "fields": [[name, repr], ...],
                                     "methods": [[name, spec repr, signature], ...],
                                     "child_versions": [[list version, child version], ...]}}}
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Union

from vobjects import _fingerprint as fp
from vobjects import _lockfile

FORMAT = "vobjects-fingerprint-snapshot"
VERSION = 1

#: What ``snapshot=`` accepts: a path, a parsed snapshot document, or ``{hash: Inputs}``.
SnapshotSource = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def build(obj_classes: Mapping[str, list[type]], extra_data_func: fp.ExtraDataFunc | None = None) -> dict[str, Any]:
    """The snapshot document for the newest class of every registered name."""
    objects: dict[str, Any] = {}
    for name in sorted(obj_classes):
        classes = obj_classes[name]
        if not classes:
            continue
        inputs = fp.Inputs.from_class(classes[0], extra_data_func)
        objects[fp.fingerprint(classes[0], extra_data_func)] = inputs.to_json()
    return {"format": FORMAT, "version": VERSION, "objects": objects}


def dumps(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def write(path: str | os.PathLike[str], document: Mapping[str, Any]) -> None:
    """Write ``document`` to ``path`` atomically."""
    _lockfile.write_text(path, dumps(document))


def load(source: SnapshotSource | None) -> dict[str, fp.Inputs]:
    """``{hash: Inputs}`` from a snapshot path or document.

    Raises ValueError naming the problem for a file that is not a snapshot,
    and OSError when the file cannot be read.
    """
    if source is None:
        return {}
    if isinstance(source, Mapping):
        if all(isinstance(value, fp.Inputs) for value in source.values()):
            return dict(source)
        return _parse(source, "<snapshot>")
    path = os.fspath(source)
    with open(path, encoding="utf-8") as stream:
        try:
            document = json.load(stream)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not a vobjects snapshot (invalid JSON: {exc})") from None
    return _parse(document, path)


def _parse(document: Any, where: str) -> dict[str, fp.Inputs]:
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise ValueError(f'{where}: not a vobjects snapshot (no "format": {FORMAT!r})')
    if document.get("version") != VERSION:
        raise ValueError(f"{where}: snapshot version {document.get('version')!r} is not supported (expected {VERSION})")
    objects = document.get("objects")
    if not isinstance(objects, Mapping):
        raise ValueError(f'{where}: "objects" must be a mapping of hash to inputs')
    loaded = {}
    for key, record in objects.items():
        try:
            loaded[str(key)] = fp.Inputs.from_json(record)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: malformed entry for {key!r}: {type(exc).__name__}: {exc}") from None
    return loaded
