"""The canonical schema: what a class means on the wire, as small frozen records.

OVO's fingerprint hashes the ``repr`` of fields and argument specs, so it is
blind to some real changes (a list's element type, an object field's target,
tz-awareness, read-only) and alarmed by some non-changes (a type annotation
on a remotable method).  The records here describe a class at its version
from what the wire and the peers actually depend on:

* every field: its type tree (``kind`` is the nearest vobjects field type,
  with element types, object targets, enum values, tz-awareness and the
  subclasses flag), ``nullable``, ``default`` (canonical JSON) and
  ``read_only``;
* every remotable method: its parameters by name and kind and whether each
  has a default (never annotation text or default values' reprs);
* a list's ``child_versions`` and the ``obj_relationships``.

:meth:`ObjectSchema.to_json` is canonical (sorted keys, no floats: a float
becomes ``{"float": repr}``) and :attr:`ObjectSchema.sha256` hashes it, so the
hash is the same under every Python version.  The lockfile, ``vobjects
check``, declared lifecycles and the JSON Schema export all read these
records.  Nothing here takes part in OVO's fingerprint.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import inspect
import json
from collections.abc import Mapping
from typing import Any

from vobjects import _fingerprint
from vobjects import fields as _fields
from vobjects.fields import _core

#: Version of the record layout; bump it when a record gains or loses a key.
FORMAT_VERSION = 1

_PARAM_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "positional_only",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional_or_keyword",
    inspect.Parameter.VAR_POSITIONAL: "var_positional",
    inspect.Parameter.KEYWORD_ONLY: "keyword_only",
    inspect.Parameter.VAR_KEYWORD: "var_keyword",
}
# Field type classes whose semantics are fully described by their name (and
# the parameters read below); anything else is a project type and also
# records its own class path.
_BUILTIN_MODULE_PREFIX = "vobjects.fields."
_ABSTRACT_KINDS = frozenset({"FieldType", "StringPattern", "CompoundFieldType", "AbstractFieldType"})


def canonical_value(value: Any) -> Any:
    """``value`` as interpreter-independent JSON data (used for defaults).

    Floats, sets, tuples, datetimes and other non-JSON values are tagged so
    that ``1`` and ``1.0``, or ``[]`` and ``set()``, stay different.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, (set, frozenset)):
        items = [canonical_value(item) for item in value]
        return {"set": sorted(items, key=_sort_key)}
    if isinstance(value, tuple):
        return {"tuple": [canonical_value(item) for item in value]}
    if isinstance(value, list):
        return [canonical_value(item) for item in value]
    if isinstance(value, Mapping):
        return {"dict": sorted(([canonical_value(k), canonical_value(v)] for k, v in value.items()), key=_sort_key)}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    return {"value": f"{type(value).__module__}.{type(value).__qualname__}", "str": str(value)}


def _sort_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True)


@dataclasses.dataclass(frozen=True)
class TypeSchema:
    """A field type: ``kind`` plus the parameters that change what travels."""

    kind: str
    cls: str | None = None
    element: FieldSchema | None = None
    target: str | None = None
    subclasses: bool | None = None
    values: tuple[Any, ...] | None = None
    tz_aware: bool | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.cls is not None:
            data["class"] = self.cls
        if self.element is not None:
            data["element"] = self.element.to_json()
        if self.target is not None:
            data["target"] = self.target
        if self.subclasses is not None:
            data["subclasses"] = self.subclasses
        if self.values is not None:
            data["values"] = [canonical_value(value) for value in self.values]
        if self.tz_aware is not None:
            data["tz_aware"] = self.tz_aware
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TypeSchema:
        element = data.get("element")
        values = data.get("values")
        return cls(
            kind=data["kind"],
            cls=data.get("class"),
            element=FieldSchema.from_json(element) if element is not None else None,
            target=data.get("target"),
            subclasses=data.get("subclasses"),
            values=tuple(values) if values is not None else None,
            tz_aware=data.get("tz_aware"),
        )


@dataclasses.dataclass(frozen=True)
class FieldSchema:
    """One field (or a container's element): type, nullable, default, read-only."""

    type: TypeSchema
    nullable: bool = False
    has_default: bool = False
    default: Any = None  # canonical JSON; meaningful only with has_default
    read_only: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type.to_json(), "nullable": self.nullable, "read_only": self.read_only}
        if self.has_default:
            data["default"] = self.default
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FieldSchema:
        return cls(
            type=TypeSchema.from_json(data["type"]),
            nullable=bool(data.get("nullable", False)),
            has_default="default" in data,
            default=data.get("default"),
            read_only=bool(data.get("read_only", False)),
        )


@dataclasses.dataclass(frozen=True)
class ParamSchema:
    """One parameter of a remotable method."""

    name: str
    kind: str
    has_default: bool

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "has_default": self.has_default}


@dataclasses.dataclass(frozen=True)
class MethodSchema:
    """A remotable method: its parameters (``self``/``cls`` included)."""

    params: tuple[ParamSchema, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [param.to_json() for param in self.params]

    @classmethod
    def from_json(cls, data: list[Mapping[str, Any]]) -> MethodSchema:
        return cls(tuple(ParamSchema(p["name"], p["kind"], bool(p["has_default"])) for p in data))


@dataclasses.dataclass(frozen=True)
class ObjectSchema:
    """A class at one version: fields, remotables, child versions, relationships."""

    name: str
    version: str
    fields: tuple[tuple[str, FieldSchema], ...]
    remotable: tuple[tuple[str, MethodSchema], ...] = ()
    child_versions: tuple[tuple[str, str], ...] | None = None
    relationships: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @property
    def field_map(self) -> dict[str, FieldSchema]:
        return dict(self.fields)

    @property
    def method_map(self) -> dict[str, MethodSchema]:
        return dict(self.remotable)

    def to_json(self) -> dict[str, Any]:
        """The record as JSON data (hash it with :func:`canonical_text`)."""
        data: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "name": self.name,
            "version": self.version,
            "fields": {name: field.to_json() for name, field in self.fields},
            "remotable": {name: method.to_json() for name, method in self.remotable},
            "relationships": {name: [list(pair) for pair in rules] for name, rules in self.relationships},
        }
        if self.child_versions is not None:
            data["child_versions"] = {list_version: child for list_version, child in self.child_versions}
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ObjectSchema:
        """Rebuild a record from :meth:`to_json` output (a lockfile entry)."""
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"schema format {data.get('format')!r} is not supported (expected {FORMAT_VERSION})")
        child_versions = data.get("child_versions")
        return cls(
            name=data["name"],
            version=data["version"],
            fields=tuple(sorted((name, FieldSchema.from_json(f)) for name, f in data["fields"].items())),
            remotable=tuple(sorted((name, MethodSchema.from_json(m)) for name, m in data["remotable"].items())),
            child_versions=(tuple(sorted(child_versions.items())) if child_versions is not None else None),
            relationships=tuple(
                sorted((name, tuple(tuple(pair) for pair in rules)) for name, rules in data["relationships"].items())
            ),
        )

    @property
    def sha256(self) -> str:
        """The sha256 of :func:`canonical_text` of this record."""
        return hashlib.sha256(canonical_text(self.to_json()).encode("ascii")).hexdigest()


def canonical_text(data: Any) -> str:
    """Compact JSON with sorted keys and ASCII escapes: the text that is hashed."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


# -- building records from classes ---------------------------------------------------


def _kind(ftype: Any) -> tuple[str, str | None]:
    """The nearest vobjects field type class name, and the class path if it is a project type."""
    tcls = type(ftype)
    path = f"{tcls.__module__}.{tcls.__qualname__}"
    for klass in tcls.__mro__:
        if klass.__module__.startswith(_BUILTIN_MODULE_PREFIX) or klass.__module__ == "vobjects.fields":
            name = klass.__name__
            if name in _ABSTRACT_KINDS:
                return name, path
            # Subclasses of a built-in type (VMState(Enum)) are described by
            # the built-in and its parameters: their name is not on the wire.
            return name, None
        if klass.__module__.startswith("oslo_versionedobjects."):
            return klass.__name__, path
    return "FieldType", path


def type_schema(ftype: Any) -> TypeSchema:
    """The record of a field type instance."""
    kind, path = _kind(ftype)
    element = getattr(ftype, "_element_type", None)
    values = getattr(ftype, "_valid_values", None) if isinstance(ftype, _fields.Enum) else None
    return TypeSchema(
        kind=kind,
        cls=path,
        element=field_schema(element) if isinstance(element, _core.Field) else None,
        target=getattr(ftype, "_obj_name", None) if isinstance(ftype, _fields.Object) else None,
        subclasses=bool(ftype._subclasses) if isinstance(ftype, _fields.Object) else None,
        values=tuple(values) if values is not None else None,
        tz_aware=bool(ftype.tzinfo_aware) if isinstance(ftype, _fields.DateTime) else None,
    )


def field_schema(field: Any) -> FieldSchema:
    """The record of a ``Field``."""
    default = field._default
    has_default = not _core._no_default(default)
    return FieldSchema(
        type=type_schema(field._type),
        nullable=bool(field._nullable),
        has_default=has_default,
        default=canonical_value(default) if has_default else None,
        read_only=bool(field._read_only),
    )


def method_schema(impl: Any) -> MethodSchema:
    """Parameters of a remotable method's implementation, by name and kind."""
    func = getattr(impl, "__func__", impl)
    signature = inspect.signature(func, follow_wrapped=False)
    return MethodSchema(
        tuple(
            ParamSchema(param.name, _PARAM_KINDS[param.kind], param.default is not inspect.Parameter.empty)
            for param in signature.parameters.values()
        )
    )


def schema_of(cls: type) -> ObjectSchema:
    """The canonical schema of ``cls`` at ``cls.VERSION``."""
    child_versions = getattr(cls, "child_versions", None)
    relationships = getattr(cls, "obj_relationships", None) or {}
    return ObjectSchema(
        name=cls.obj_name(),  # type: ignore[attr-defined]
        version=cls.VERSION,  # type: ignore[attr-defined]
        fields=tuple(sorted((name, field_schema(field)) for name, field in cls.fields.items())),  # type: ignore[attr-defined]
        remotable=tuple((name, method_schema(impl)) for name, impl in _fingerprint.remotable_methods(cls)),
        child_versions=(tuple(sorted(child_versions.items())) if child_versions is not None else None),
        relationships=tuple(
            sorted((name, tuple((str(p), str(c)) for p, c in rules)) for name, rules in relationships.items())
        ),
    )


def describe_type(schema: TypeSchema) -> str:
    """A short text for a type record, e.g. ``List<Integer>`` or ``Object<Flavor>``."""
    text = schema.kind
    if schema.element is not None:
        inner = describe_type(schema.element.type)
        if schema.element.nullable:
            inner = f"Nullable{inner}"
        text = f"{text}<{inner}>"
    if schema.target is not None:
        text = f"{text}<{schema.target}{', subclasses' if schema.subclasses else ''}>"
    if schema.values is not None:
        text = f"{text}{list(schema.values)}"
    if schema.tz_aware is not None:
        text = f"{text}({'tz-aware' if schema.tz_aware else 'naive'})"
    if schema.cls is not None:
        text = f"{text}[{schema.cls}]"
    return text
