"""JSON Schema of an object's primitive at any version, from the canonical schema.

``json_schema(record, resolve)`` turns an :class:`~vobjects._schema.ObjectSchema`
(the class now, an older version a lifecycle implies, or any lockfile entry)
into a JSON Schema (draft 4, as OVO's ``to_json_schema``) of the primitive:
the envelope with the object's name and exact version, and a ``data`` object
whose properties are the fields of that version and nothing else.  Every
field type has a schema (OVO's ``to_json_schema`` fails on IP fields).
Nested objects become ``definitions`` entries when ``resolve(name)`` returns
their record, and a generic envelope otherwise.

A field may be absent from ``data`` (unset or lazy-loaded), so no field is
listed as required.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vobjects import _schema
from vobjects import fields as _fields

DRAFT = "http://json-schema.org/draft-04/schema#"
Resolver = Callable[[str], "_schema.ObjectSchema | None"]


def _scalar(kind: str) -> dict[str, Any]:
    """The schema the built-in field type ``kind`` gives for its primitive, or ``{}``."""
    klass = getattr(_fields, kind, None)
    if not isinstance(klass, type) or not issubclass(klass, _fields.FieldType):
        return {}
    try:
        return klass().get_schema()  # type: ignore[no-any-return]
    except (TypeError, AttributeError, NotImplementedError):
        return {}


class _Builder:
    def __init__(self, namespace: str, resolve: Resolver | None) -> None:
        self.namespace = namespace
        self.resolve = resolve
        self.definitions: dict[str, Any] = {}

    def key(self, name: str) -> str:
        return f"{self.namespace}.{name}"

    def envelope(self, record: _schema.ObjectSchema, exact_version: bool = True) -> dict[str, Any]:
        key = self.key
        names = [name for name, _field in record.fields]
        return {
            "type": "object",
            "properties": {
                key("name"): {"type": "string", "enum": [record.name]},
                key("namespace"): {"type": "string"},
                key("version"): {"type": "string", **({"enum": [record.version]} if exact_version else {})},
                key("changes"): {"type": "array", "items": {"type": "string", "enum": names} if names else {}},
                key("data"): {
                    "type": "object",
                    "description": f"fields of {record.name} {record.version}",
                    "properties": {name: self.field(field) for name, field in record.fields},
                    "additionalProperties": False,
                },
            },
            "required": [key("name"), key("namespace"), key("version"), key("data")],
        }

    def field(self, field: _schema.FieldSchema) -> dict[str, Any]:
        schema = self.type(field.type)
        if field.read_only:
            schema["readonly"] = True
        if field.nullable:
            schema = {"anyOf": [schema, {"type": "null"}]}
        return schema

    def type(self, ftype: _schema.TypeSchema) -> dict[str, Any]:
        kind = ftype.kind
        if ftype.values is not None:
            return {"type": "string", "enum": list(ftype.values)}
        if ftype.element is not None and kind in ("List", "Set"):
            schema: dict[str, Any] = {"type": "array", "items": self.field(ftype.element)}
            if kind == "Set":
                schema["uniqueItems"] = True
            return schema
        if ftype.element is not None and kind == "Dict":
            return {"type": "object", "additionalProperties": self.field(ftype.element)}
        if kind == "Object" and ftype.target is not None:
            return self.object(ftype.target, bool(ftype.subclasses))
        if ftype.cls is not None:
            return {}  # a project's own type: only its code knows its primitive
        return _scalar(kind)

    def object(self, target: str, subclasses: bool) -> dict[str, Any]:
        record = self.resolve(target) if self.resolve is not None and not subclasses else None
        if record is None:
            key = self.key
            return {"type": "object", "required": [key("name"), key("namespace"), key("version"), key("data")]}
        if target not in self.definitions:
            self.definitions[target] = {}  # placeholder: objects may nest each other
            # A child may travel at any version a manifest or relationship picks.
            self.definitions[target] = self.envelope(record, exact_version=False)
        return {"$ref": f"#/definitions/{target}"}


def json_schema(
    record: _schema.ObjectSchema, resolve: Resolver | None = None, namespace: str = "versioned_object"
) -> dict[str, Any]:
    """The JSON Schema of ``record``'s primitive (see the module docstring)."""
    builder = _Builder(namespace, resolve)
    schema: dict[str, Any] = {"$schema": DRAFT, "title": f"{record.name} {record.version}"}
    schema.update(builder.envelope(record))
    if builder.definitions:
        schema["definitions"] = builder.definitions
    return schema


def for_class(cls: type, version: str | None = None, resolve: Resolver | None = None) -> dict[str, Any]:
    """The JSON Schema of ``cls``'s primitive at ``version`` (default: its own).

    An older version is described by the class's declared lifecycle
    (:func:`vobjects._lifecycle.schema_at`); children resolve to the newest
    registered class of their name unless ``resolve`` says otherwise.
    """
    from vobjects import _lifecycle, _registry

    record = _lifecycle.schema_at(cls, version) if version else _schema.schema_of(cls)

    def registered(name: str) -> _schema.ObjectSchema | None:
        classes = _registry.VersionedObjectRegistry.obj_classes().get(name)
        return _schema.schema_of(classes[0]) if classes else None

    return json_schema(record, resolve or registered, cls.OBJ_SERIAL_NAMESPACE)  # type: ignore[attr-defined]
