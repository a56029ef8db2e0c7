"""Hypothesis strategies: random object classes, values for them, and the classes built in either library.

A *spec* is a library-neutral description of a few object classes (a small
DAG: a class's object fields point only at classes listed before it; the last
class is the root).  :func:`specs` draws one; :func:`object_values` draws
the assignments that build an instance of one of its classes (a random subset
of fields set, some change-tracking resets in between); :func:`materialise`
declares and registers the classes against vobjects' or OVO's ``base`` and
``fields`` modules, and :func:`build` makes the instance.  :func:`canonical`
and :func:`snapshot` turn primitives and values into forms that compare equal
exactly when the wire (or the Python values) agree.
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
import re
import types
import uuid
from dataclasses import dataclass
from typing import Any

import netaddr
from hypothesis import strategies as st

from vobjects import base as vo_base
from vobjects import fields as vo_fields

NS = "versioned_object"
UTC = datetime.timezone.utc

# --------------------------------------------------------------------------
# Specs


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()

CONTAINERS = ("List", "Dict", "Set")
LEAF_KINDS = (
    "String",
    "SensitiveString",
    "VersionPredicate",
    "UUID",
    "MACAddress",
    "PCIAddress",
    "Integer",
    "NonNegativeInteger",
    "Float",
    "NonNegativeFloat",
    "Boolean",
    "FlexibleBoolean",
    "IPAddress",
    "IPV4Address",
    "IPV6Address",
    "IPV4AndV6Address",
    "IPNetwork",
    "IPV4Network",
    "IPV6Network",
)
KNOWN_KINDS = (*LEAF_KINDS, "DateTime", "Enum", "Object", *CONTAINERS)

# User-defined field types: a subclass of a shipped type whose coerce also
# applies an idempotent, observable normalisation (so a library that skipped
# the override, e.g. by a fast path for exact types, would show it).
CUSTOM_NORMALISERS: dict[str, Any] = {
    "String": str.strip,
    "Integer": abs,
    "Float": abs,
    "DateTime": lambda at: at.replace(second=0),
}


@dataclass(frozen=True)
class TypeSpec:
    """A field type: ``kind`` is the FieldType class name (``'List'``, ``'Integer'``...)."""

    kind: str
    element: TypeSpec | None = None  # List/Dict/Set
    element_nullable: bool = False
    valid_values: tuple[str, ...] = ()  # Enum
    tzinfo_aware: bool = True  # DateTime
    objname: str | None = None  # Object: the key of the target class spec
    custom: bool = False  # a subclass overriding coerce (see CUSTOM_NORMALISERS)

    def __repr__(self) -> str:
        if self.custom:
            return f"Custom{self.kind}" + ("" if self.kind != "DateTime" else f"(tzinfo_aware={self.tzinfo_aware})")
        if self.kind in CONTAINERS:
            return f"{self.kind}[{self.element!r}{'?' if self.element_nullable else ''}]"
        if self.kind == "Enum":
            return f"Enum{self.valid_values!r}"
        if self.kind == "DateTime":
            return f"DateTime(tzinfo_aware={self.tzinfo_aware})"
        if self.kind == "Object":
            return f"Object({self.objname})"
        return self.kind

    def holds_objects(self) -> bool:
        if self.kind == "Object":
            return True
        return self.element is not None and self.element.holds_objects()

    def has_datetime(self) -> bool:
        if self.kind == "DateTime":
            return True
        return self.element is not None and self.element.has_datetime()


@dataclass(frozen=True)
class FieldSpec:
    """One field: how it is declared (``form``), its full type and its flags.

    Forms: ``auto`` (a ready-made ``*Field`` class, ``field_class``), ``enum``,
    ``list_enum``, ``datetime``, ``object``, ``list_objects`` and ``raw``
    (``Field(<type>)``).
    """

    form: str
    type: TypeSpec
    field_class: str = ""
    nullable: bool = False
    default: Any = NO_DEFAULT
    read_only: bool = False
    custom_field: bool = False  # raw form only: a Field subclass overriding coerce/to/from_primitive

    def __repr__(self) -> str:
        flags = "".join(text for on, text in ((self.nullable, ", nullable"), (self.read_only, ", read_only")) if on)
        default = "" if self.default is NO_DEFAULT else f", default={self.default!r}"
        declared = self.field_class if self.form == "auto" else self.form
        declared += "(custom Field)" if self.custom_field else ""
        return f"{declared}<{self.type!r}{flags}{default}>"

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT


@dataclass(frozen=True)
class ClassSpec:
    """One object class; ``list_of`` makes it an ``ObjectListBase`` of that class key."""

    key: str
    version: str
    fields: tuple[tuple[str, FieldSpec], ...]
    relationships: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    list_of: str | None = None
    child_versions: tuple[tuple[str, str], ...] = ()
    # ``(field, version it was added in)``: the class's obj_make_compatible
    # drops the field below that version, the usual hand-written backport.
    added: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> FieldSpec | None:
        for fname, spec in self.fields:
            if fname == name:
                return spec
        return None


@dataclass(frozen=True)
class Spec:
    """Classes in dependency order; the last one is the root."""

    classes: tuple[ClassSpec, ...]

    @property
    def root(self) -> ClassSpec:
        return self.classes[-1]

    def cls(self, key: str) -> ClassSpec:
        for spec in self.classes:
            if spec.key == key:
                return spec
        raise KeyError(key)


def type_spec_of(ftype: Any) -> TypeSpec:
    """The TypeSpec of a FieldType instance (of either library)."""
    kind = type(ftype).__name__
    if kind not in KNOWN_KINDS:
        raise AssertionError(f"no value strategy for field type {kind}: teach tests/strategies.py about it")
    if kind in CONTAINERS:
        element = ftype._element_type
        return TypeSpec(kind, element=type_spec_of(element._type), element_nullable=bool(element.nullable))
    if kind == "DateTime":
        return TypeSpec(kind, tzinfo_aware=ftype.tzinfo_aware)
    if kind == "Enum":
        return TypeSpec(kind, valid_values=tuple(ftype.valid_values))
    return TypeSpec(kind)


def auto_catalogue() -> dict[str, TypeSpec]:
    """Every ``*Field`` in ``vobjects.fields.__all__`` that is AutoTypedField and needs no arguments."""
    catalogue = {}
    for name in vo_fields.__all__:
        klass = getattr(vo_fields, name)
        if not (name.endswith("Field") and isinstance(klass, type) and issubclass(klass, vo_fields.AutoTypedField)):
            continue
        try:
            field = klass()
        except Exception:  # needs valid values, an object name...
            continue
        catalogue[name] = type_spec_of(field._type)
    return catalogue


CATALOGUE = auto_catalogue()


def _reserved_names() -> frozenset[str]:
    names = set()
    for klass in (vo_base.VersionedObject, vo_base.ObjectListBase):
        names.update(dir(klass))
    return frozenset(names)


RESERVED = _reserved_names()

# Field names: mostly identifiers, some odd but valid dict keys.
_ODD_NAMES = (
    "a b",
    "a-b",
    "a.b",
    "a.b.c",
    "ünï",
    "1st",
    'x"y',
    "x'y",
    "back\\slash",
    "new\nline",
    "tab\t",
    "",
    "class",
    "None",
    "def",
    "self",
    "context",
    "value",
    "data",
    "name",
    "version",
    "changes",
    "objects",
    "d",
    "v",
    "cls",
    "depth",
    "primitive",
    "{x}",
    "%s",
    "#",
    "é" * 3,
    "∑",
)
_IDENT = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=6)
field_names = st.one_of(_IDENT, _IDENT, _IDENT, st.sampled_from(_ODD_NAMES), _TEXT).filter(
    lambda name: not name.startswith("_") and name not in RESERVED
)

enum_values = st.lists(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=5), min_size=1, max_size=4, unique=True
).map(tuple)


def _version(major: int, minor: int, patch: int | None = None) -> str:
    return f"{major}.{minor}" if patch is None else f"{major}.{minor}.{patch}"


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


class_versions = st.builds(
    _version,
    st.integers(1, 3),
    st.integers(0, 12),
    st.one_of(st.none(), st.none(), st.none(), st.integers(0, 3)),
)


def leaf_type_specs(targets: tuple[str, ...] = ()) -> st.SearchStrategy[TypeSpec]:
    """Scalar field types (and Object types pointing at ``targets``)."""
    options = [
        st.sampled_from(LEAF_KINDS).map(TypeSpec),
        st.builds(
            lambda kind, aware: TypeSpec(kind, tzinfo_aware=aware, custom=True),
            st.sampled_from(sorted(CUSTOM_NORMALISERS)),
            st.booleans(),
        ),
        enum_values.map(lambda values: TypeSpec("Enum", valid_values=values)),
        st.booleans().map(lambda aware: TypeSpec("DateTime", tzinfo_aware=aware)),
    ]
    if targets:
        options.append(st.sampled_from(targets).map(lambda key: TypeSpec("Object", objname=key)))
    return st.one_of(options)


def type_specs(targets: tuple[str, ...] = (), depth: int = 2) -> st.SearchStrategy[TypeSpec]:
    """Any field type, containers nested up to ``depth`` deep; Set elements are scalars."""
    leaf = leaf_type_specs(targets)
    if depth == 0:
        return leaf
    inner = type_specs(targets, depth - 1)
    hashable = leaf_type_specs(())
    return st.one_of(
        leaf,
        st.builds(lambda e, n: TypeSpec("List", element=e, element_nullable=n), inner, st.booleans()),
        st.builds(lambda e, n: TypeSpec("Dict", element=e, element_nullable=n), inner, st.booleans()),
        st.builds(lambda e, n: TypeSpec("Set", element=e, element_nullable=n), hashable, st.booleans()),
    )


@st.composite
def field_specs(draw, targets: tuple[str, ...] = ()) -> FieldSpec:
    """A field of any declared form, with nullable/default/read-only flags."""
    forms = ["auto", "auto", "auto", "enum", "list_enum", "datetime", "raw", "raw"]
    if targets:
        forms += ["object", "object", "list_objects"]
    form = draw(st.sampled_from(forms))
    field_class = ""
    if form == "auto":
        field_class = draw(st.sampled_from(sorted(CATALOGUE)))
        ftype = CATALOGUE[field_class]
    elif form == "enum":
        ftype = TypeSpec("Enum", valid_values=draw(enum_values))
    elif form == "list_enum":
        ftype = TypeSpec("List", element=TypeSpec("Enum", valid_values=draw(enum_values)))
    elif form == "datetime":
        ftype = TypeSpec("DateTime", tzinfo_aware=draw(st.booleans()))
    elif form == "object":
        ftype = TypeSpec("Object", objname=draw(st.sampled_from(targets)))
    elif form == "list_objects":
        ftype = TypeSpec("List", element=TypeSpec("Object", objname=draw(st.sampled_from(targets))))
    else:
        ftype = draw(type_specs(targets))
    nullable = draw(st.booleans())
    default = NO_DEFAULT
    if not ftype.holds_objects() and draw(st.integers(0, 3)) == 0:
        choices = [input_values(ftype, None, ovo_readable=True)]
        if nullable:
            choices.append(st.none())
        default = draw(st.one_of(choices))
    read_only = draw(st.integers(0, 5)) == 0
    custom_field = form == "raw" and draw(st.integers(0, 3)) == 0
    return FieldSpec(form, ftype, field_class, nullable, default, read_only, custom_field)


def _minor_versions(major: int, top: int, count: int, draw, strict: bool) -> list[str]:
    pool = list(range(top + 1))
    if strict:
        minors = sorted(draw(st.lists(st.sampled_from(pool), min_size=count, max_size=count, unique=True)))
    else:
        minors = sorted(draw(st.lists(st.sampled_from(pool), min_size=count, max_size=count)))
    return [_version(major, minor) for minor in minors]


def _rules(draw, parent_version: str, child_version: str) -> tuple[tuple[str, str], ...]:
    """Ascending ``(parent version, child version)`` pairs, both within their class versions."""
    parent = parse_version(parent_version)
    child = parse_version(child_version)
    count = draw(st.integers(1, min(3, parent[1] + 1)))
    parents = _minor_versions(parent[0], parent[1], count, draw, strict=True)
    children = _minor_versions(child[0], child[1], count, draw, strict=False)
    return tuple(zip(parents, children, strict=True))


def _target_version(classes: list[ClassSpec], f: FieldSpec) -> str:
    target = f.type.objname if f.form == "object" else f.type.element.objname
    return next(cls.version for cls in classes if cls.key == target)


@st.composite
def specs(draw, max_classes: int = 3, max_fields: int = 6, lists: bool = True) -> Spec:
    """A DAG of up to ``max_classes`` classes, the root last."""
    count = draw(st.integers(1, max_classes))
    classes: list[ClassSpec] = []
    for index in range(count):
        key = f"C{index}"
        version = draw(class_versions)
        targets = tuple(spec.key for spec in classes)
        plain_targets = [spec for spec in classes if spec.list_of is None]
        if lists and plain_targets and draw(st.integers(0, 3)) == 0:
            child = draw(st.sampled_from(plain_targets))
            ftype = TypeSpec("List", element=TypeSpec("Object", objname=child.key))
            fields = (("objects", FieldSpec("list_objects", ftype)),)
            child_versions: tuple[tuple[str, str], ...] = ()
            relationships: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
            how = draw(st.sampled_from(["child_versions", "relationships", "none"]))
            if parse_version(child.version)[0] != 1:
                # A list with no rule that applies (none, or relationships and a
                # manifest without the child) relabels its children '1.0'
                # (contract 1.3), which a child of another major cannot read.
                how = "child_versions"
            if how == "child_versions":
                child_versions = _rules(draw, version, child.version)
            elif how == "relationships":
                relationships = (("objects", _rules(draw, version, child.version)),)
            classes.append(ClassSpec(key, version, fields, relationships, child.key, child_versions))
            continue
        names = draw(st.lists(field_names, max_size=max_fields, unique=True))
        fields = tuple((name, draw(field_specs(targets))) for name in names)
        relationships = tuple(
            (name, _rules(draw, version, _target_version(classes, f)))
            for name, f in fields
            if f.form in ("object", "list_objects")
        )
        added = tuple(
            (name, draw(st.sampled_from(older_versions(version)))) for name, _ in fields if draw(st.integers(0, 3)) == 0
        )
        classes.append(ClassSpec(key, version, fields, relationships, added=added))
    return Spec(tuple(classes))


# --------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class ObjValue:
    """How to build one instance: ``ops`` are ``('set', name, value)``,
    ``('reset', fields or None, recursive)`` and ``('defaults', names)``."""

    key: str
    ops: tuple[tuple[Any, ...], ...]


_INT64 = st.integers(-(2**63), 2**63 - 1)
_TEXT_VALUES = st.text(st.characters(exclude_categories=("Cs",)), max_size=10)
_FINITE = st.floats(allow_nan=False, allow_infinity=False)


def _hexes(count: int) -> st.SearchStrategy[str]:
    return st.text("0123456789abcdefABCDEF", min_size=count, max_size=count)


def _mac(octets: list[int], sep: str, upper: bool) -> str:
    text = sep.join(f"{octet:02x}" for octet in octets)
    return text.upper() if upper else text


def _offset_name(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


_OFFSET_MINUTES = st.integers(-(23 * 60 + 59), 23 * 60 + 59)
# A fixed offset named as iso8601 names the zones it parses ('+05:30'): the
# wire text of such a value is ISO 8601 and reads back (in both libraries).
named_offsets = _OFFSET_MINUTES.map(lambda m: datetime.timezone(datetime.timedelta(minutes=m), _offset_name(m)))
# An unnamed fixed offset: OVO writes its tzname 'UTC+05:30' verbatim and cannot
# read it back; vobjects reads it (vobjects/fields/_datetime.py docstring).
unnamed_offsets = _OFFSET_MINUTES.map(lambda m: datetime.timezone(datetime.timedelta(minutes=m)))


def _iso_text(at: datetime.datetime, fraction: str, zone: str) -> str:
    return f"{at.year:04d}-{at.month:02d}-{at.day:02d}T{at.hour:02d}:{at.minute:02d}:{at.second:02d}{fraction}{zone}"


def datetime_inputs(ovo_readable: bool) -> st.SearchStrategy[Any]:
    """Valid DateTime inputs: naive and aware datetimes (years 1..9999), and ISO 8601 text.

    With ``ovo_readable`` the values are ones whose wire text OVO can parse
    back: years from 1000 (glibc writes year 5 as ``'5-01-...'``) and no
    unnamed offsets (written ``'UTC+05:00'``); vobjects reads both.
    """
    low = datetime.datetime(1000 if ovo_readable else 1, 1, 1)
    naive = st.datetimes(min_value=low, max_value=datetime.datetime(9999, 12, 31, 23, 59, 59, 999999))
    zones = [st.none(), st.just(UTC), named_offsets]
    if not ovo_readable:
        zones.append(unnamed_offsets)
    aware = st.builds(lambda at, tz: at.replace(tzinfo=tz), naive, st.one_of(zones))
    text = st.builds(
        _iso_text,
        naive,
        st.sampled_from(["", ".123", ".000001", ".5"]),
        st.one_of(st.sampled_from(["Z", "", "+00:00"]), _OFFSET_MINUTES.map(_offset_name)),
    )
    return st.one_of(aware, aware, text)


def _predicate(parts: list[tuple[str, str, str]]) -> str:
    return ",".join(f"{space}{op}{space}{ver}" for op, ver, space in parts)


_PEP440 = st.builds(
    lambda nums, suffix: ".".join(map(str, nums)) + suffix,
    st.lists(st.integers(0, 30), min_size=1, max_size=3),
    st.sampled_from(["", "", "rc1", "a2", "b3", ".dev4", ".post5"]),
)
version_predicates = st.lists(
    st.tuples(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), _PEP440, st.sampled_from(["", " "])),
    min_size=1,
    max_size=3,
).map(_predicate)


def _uuid_text(value: uuid.UUID, form: str) -> Any:
    return {
        "str": str(value),
        "upper": str(value).upper(),
        "hex": value.hex,
        "braces": "{" + str(value) + "}",
        "urn": value.urn,
        "object": value,
    }[form]


def _ips(version: int | None) -> st.SearchStrategy[str]:
    if version is None:
        return st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).map(str)
    return st.ip_addresses(v=version).map(str)


def _nets(version: int | None) -> st.SearchStrategy[str]:
    def pick(v: int) -> st.SearchStrategy[str]:
        return st.builds(lambda ip, bits: f"{ip}/{bits}", st.ip_addresses(v=v), st.integers(0, 32 if v == 4 else 128))

    return st.one_of(pick(4), pick(6)) if version is None else pick(version)


def _int_inputs(low: int | None) -> st.SearchStrategy[Any]:
    ints = _INT64 if low is None else st.integers(low, 2**63 - 1)
    floats = st.floats(min_value=0 if low is not None else -(2.0**53), max_value=2.0**53)
    return st.one_of(ints, ints, ints.map(str), ints.map(lambda i: f" {i} "), floats, st.booleans())


def leaf_inputs(t: TypeSpec, ovo_readable: bool) -> st.SearchStrategy[Any]:
    """Valid assignment inputs for a scalar type (canonical and coercible forms)."""
    kind = t.kind
    if kind in ("String", "SensitiveString"):
        return st.one_of(
            _TEXT_VALUES,
            _TEXT_VALUES,
            _INT64,
            _FINITE,
            st.booleans(),
            st.datetimes(min_value=datetime.datetime(1000, 1, 1)),
        )
    if kind == "VersionPredicate":
        return version_predicates
    if kind == "UUID":
        return st.builds(
            _uuid_text, st.uuids(), st.sampled_from(["str", "str", "upper", "hex", "braces", "urn", "object"])
        )
    if kind == "MACAddress":
        return st.builds(
            _mac, st.lists(st.integers(0, 255), min_size=6, max_size=6), st.sampled_from(":-"), st.booleans()
        )
    if kind == "PCIAddress":
        return st.builds(
            lambda d, b, s0, s1, f, up: f"{d}:{b}:{s0}{s1}.{f}".upper() if up else f"{d}:{b}:{s0}{s1}.{f}",
            _hexes(4),
            _hexes(2),
            st.sampled_from("01"),
            _hexes(1),
            st.integers(0, 7),
            st.booleans(),
        )
    if kind == "Integer":
        return _int_inputs(None)
    if kind == "NonNegativeInteger":
        return _int_inputs(0)
    if kind == "Float":
        floats = st.floats(allow_nan=False)
        return st.one_of(floats, floats, _INT64, _FINITE.map(repr))
    if kind == "NonNegativeFloat":
        floats = st.floats(min_value=0.0, allow_nan=False)
        return st.one_of(floats, floats, st.just(-0.0), st.integers(0, 2**63 - 1), floats.map(repr))
    if kind == "Boolean":
        return st.one_of(st.booleans(), st.booleans(), st.integers(-2, 2), _TEXT_VALUES)
    if kind == "FlexibleBoolean":
        words = st.sampled_from(["t", "true", "on", "y", "yes", "1", "f", "false", "off", "n", "no", "0", "frog"])
        styled = st.builds(
            lambda w, up, pad: (" " * pad) + (w.upper() if up else w) + (" " * pad),
            words,
            st.booleans(),
            st.integers(0, 1),
        )
        return st.one_of(st.booleans(), styled, st.integers(-1, 2), _TEXT_VALUES)
    if kind == "DateTime":
        return datetime_inputs(ovo_readable)
    if kind == "Enum":
        return st.sampled_from(t.valid_values)
    version = {"IPV4Address": 4, "IPV6Address": 6, "IPV4Network": 4, "IPV6Network": 6}.get(kind)
    if kind.endswith("Address"):
        ips = _ips(version)
        return st.one_of(ips, ips.map(netaddr.IPAddress))
    if kind.endswith("Network"):
        nets = _nets(version)
        return st.one_of(nets, nets.map(netaddr.IPNetwork))
    raise AssertionError(f"no value strategy for {kind}")


def input_values(t: TypeSpec, spec: Spec | None, ovo_readable: bool, depth: int = 0) -> st.SearchStrategy[Any]:
    """Valid inputs for a value of type ``t`` (objects as :class:`ObjValue` of ``spec``)."""
    if t.kind == "Object":
        assert spec is not None and t.objname is not None
        return object_values(spec, t.objname, ovo_readable, depth + 1)
    if t.kind in CONTAINERS:
        assert t.element is not None
        element = input_values(t.element, spec, ovo_readable, depth)
        if t.element_nullable:
            element = st.one_of(st.none(), element)
        size = 2 if t.holds_objects() else 3
        if t.kind == "List":
            items = st.lists(element, max_size=size)
            return st.one_of(items, items, items.map(tuple))
        if t.kind == "Set":
            return st.sets(element, max_size=size)
        return st.dictionaries(_TEXT, element, max_size=size)
    return leaf_inputs(t, ovo_readable)


def field_inputs(f: FieldSpec, spec: Spec | None, ovo_readable: bool, depth: int = 0) -> st.SearchStrategy[Any]:
    """Valid inputs for a field: None too where it is nullable or has a default."""
    values = input_values(f.type, spec, ovo_readable, depth)
    if f.nullable or f.has_default:
        return st.one_of(st.none(), values, values, values)
    return values


@st.composite
def object_values(draw, spec: Spec, key: str | None = None, ovo_readable: bool = False, depth: int = 0) -> ObjValue:
    """How to build an instance of class ``key`` (the root by default).

    A random subset of fields is set in random order; sometimes changes are
    then reset (all, some, recursively or not), more fields are set and
    defaults are filled in, so change tracking is in a random state.
    """
    cls = spec.cls(key) if key is not None else spec.root
    names = [name for name, _ in cls.fields]
    order = draw(st.permutations(names))
    first = draw(st.integers(0, len(order)))
    ops: list[tuple[Any, ...]] = []

    def assign(name: str) -> None:
        field = cls.field(name)
        assert field is not None
        ops.append(("set", name, draw(field_inputs(field, spec, ovo_readable, depth))))

    for name in order[:first]:
        assign(name)
    if draw(st.booleans()):
        if draw(st.booleans()):
            reset_fields = None
        else:
            reset_fields = tuple(draw(st.lists(st.sampled_from(names), max_size=len(names)))) if names else None
        ops.append(("reset", reset_fields, draw(st.booleans())))
        rest = order[first:]
        for name in rest[: draw(st.integers(0, len(rest)))]:
            assign(name)
        # Assign some already-set fields again; a read-only one only with an
        # equal value (a no-op that is not recorded as a change).
        for name in draw(st.lists(st.sampled_from(order[:first]), max_size=2, unique=True)) if first else ():
            field = cls.field(name)
            if field.read_only:
                if not field.type.holds_objects():  # objects compare by identity
                    ops.append(next(op for op in ops if op[0] == "set" and op[1] == name))
            else:
                assign(name)
        defaulted = [name for name, f in cls.fields if f.has_default]
        if defaulted and draw(st.booleans()):
            ops.append(("defaults", tuple(draw(st.lists(st.sampled_from(defaulted), unique=True)))))
    return ObjValue(cls.key, tuple(ops))


def older_versions(version: str) -> list[str]:
    """Every ``X.k`` from ``X.0`` up to ``version`` (itself included)."""
    parts = parse_version(version)
    olders = [f"{parts[0]}.{minor}" for minor in range(parts[1] + 1)]
    return olders if version in olders else [*olders, version]


@st.composite
def manifests(draw, spec: Spec, names: dict[str, str]) -> dict[str, str] | None:
    """None, or ``{name: older version}`` for a random subset of the classes (possibly none)."""
    if draw(st.booleans()):
        return None
    chosen = draw(st.lists(st.sampled_from(spec.classes), unique_by=lambda cls: cls.key))
    return {names[cls.key]: draw(st.sampled_from(older_versions(cls.version))) for cls in chosen}


# --------------------------------------------------------------------------
# Classes and instances in a library

_counter = itertools.count()


def fresh_names(spec: Spec) -> dict[str, str]:
    """Registry names for ``spec``'s classes, unique in this process."""
    serial = next(_counter)
    return {cls.key: f"Gen{serial}{cls.key}" for cls in spec.classes}


_custom_classes: dict[tuple[str, str], type] = {}


def custom_type(fields_module: Any, kind: str) -> type:
    """``Custom<kind>``: the library's ``kind`` type with a normalising ``coerce`` override."""
    key = (fields_module.__name__, kind)
    if key not in _custom_classes:
        parent = getattr(fields_module, kind)
        normalise = CUSTOM_NORMALISERS[kind]

        def coerce(self: Any, obj: Any, attr: str, value: Any) -> Any:
            return normalise(parent.coerce(self, obj, attr, value))

        _custom_classes[key] = type(f"Custom{kind}", (parent,), {"coerce": coerce, "__module__": __name__})
    return _custom_classes[key]


def custom_field_class(fields_module: Any) -> type:
    """A ``Field`` subclass overriding coerce/to_primitive/from_primitive (delegating to Field)."""
    key = (fields_module.__name__, "Field")
    if key not in _custom_classes:
        parent = fields_module.Field

        def coerce(self: Any, obj: Any, attr: str, value: Any) -> Any:
            return parent.coerce(self, obj, attr, value)

        def to_primitive(self: Any, obj: Any, attr: str, value: Any) -> Any:
            return parent.to_primitive(self, obj, attr, value)

        def from_primitive(self: Any, obj: Any, attr: str, value: Any) -> Any:
            return parent.from_primitive(self, obj, attr, value)

        body = {
            "coerce": coerce,
            "to_primitive": to_primitive,
            "from_primitive": from_primitive,
            "__module__": __name__,
        }
        _custom_classes[key] = type("CustomField", (parent,), body)
    return _custom_classes[key]


def build_type(fields_module: Any, t: TypeSpec, names: dict[str, str]) -> Any:
    """The FieldType instance for ``t`` in a library's ``fields`` module."""
    if t.custom:
        klass = custom_type(fields_module, t.kind)
        return klass(tzinfo_aware=t.tzinfo_aware) if t.kind == "DateTime" else klass()
    if t.kind in CONTAINERS:
        assert t.element is not None
        return getattr(fields_module, t.kind)(build_type(fields_module, t.element, names), nullable=t.element_nullable)
    if t.kind == "Enum":
        return fields_module.Enum(valid_values=list(t.valid_values))
    if t.kind == "DateTime":
        return fields_module.DateTime(tzinfo_aware=t.tzinfo_aware)
    if t.kind == "Object":
        return fields_module.Object(names[t.objname])
    return getattr(fields_module, t.kind)()


def build_field(fields_module: Any, f: FieldSpec, names: dict[str, str]) -> Any:
    """The Field instance for ``f`` in a library's ``fields`` module."""
    kwargs: dict[str, Any] = {"nullable": f.nullable, "read_only": f.read_only}
    if f.has_default:
        kwargs["default"] = copy.deepcopy(f.default)
    t = f.type
    if f.form == "auto":
        return getattr(fields_module, f.field_class)(**kwargs)
    if f.form == "enum":
        return fields_module.EnumField(valid_values=list(t.valid_values), **kwargs)
    if f.form == "list_enum":
        return fields_module.ListOfEnumField(valid_values=list(t.element.valid_values), **kwargs)
    if f.form == "datetime":
        return fields_module.DateTimeField(tzinfo_aware=t.tzinfo_aware, **kwargs)
    if f.form == "object":
        return fields_module.ObjectField(names[t.objname], **kwargs)
    if f.form == "list_objects":
        return fields_module.ListOfObjectsField(names[t.element.objname], **kwargs)
    field_class = custom_field_class(fields_module) if f.custom_field else fields_module.Field
    return field_class(build_type(fields_module, t, names), **kwargs)


def _dropping_make_compatible(base: Any, added: tuple[tuple[str, str], ...]) -> Any:
    rules = [(name, parse_version(version)) for name, version in added]

    def obj_make_compatible(self: Any, primitive: dict[str, Any], target_version: str) -> None:
        base.VersionedObject.obj_make_compatible(self, primitive, target_version)
        target = parse_version(target_version)
        for name, version in rules:
            if target < version:
                primitive.pop(name, None)

    return obj_make_compatible


def materialise(spec: Spec, base: Any, fields_module: Any, names: dict[str, str]) -> dict[str, type]:
    """Declare and register ``spec``'s classes with a library; returns them by spec key."""
    classes: dict[str, type] = {}
    for cls in spec.classes:
        namespace: dict[str, Any] = {
            "__module__": __name__,
            "VERSION": cls.version,
            "fields": {name: build_field(fields_module, f, names) for name, f in cls.fields},
            "obj_relationships": {name: list(rules) for name, rules in cls.relationships},
        }
        if cls.added:
            namespace["obj_make_compatible"] = _dropping_make_compatible(base, cls.added)
        if cls.list_of is not None:
            bases: tuple[type, ...] = (base.ObjectListBase, base.VersionedObject)
            namespace["child_versions"] = dict(cls.child_versions)
        else:
            bases = (base.VersionedObject,)
        made = types.new_class(names[cls.key], bases, exec_body=lambda ns, body=namespace: ns.update(body))
        classes[cls.key] = base.VersionedObjectRegistry.register(made)
    return classes


def build(classes: dict[str, type], value: Any) -> Any:
    """The Python value (objects instantiated) for an input drawn by these strategies."""
    if isinstance(value, ObjValue):
        obj = classes[value.key]()
        for op in value.ops:
            if op[0] == "set":
                setattr(obj, op[1], build(classes, op[2]))
            elif op[0] == "reset":
                obj.obj_reset_changes(op[1], recursive=op[2])
            else:
                obj.obj_set_defaults(*op[1])
        return obj
    if isinstance(value, list):
        return [build(classes, item) for item in value]
    if isinstance(value, tuple):
        return tuple(build(classes, item) for item in value)
    if isinstance(value, dict):
        return {key: build(classes, item) for key, item in value.items()}
    return copy.deepcopy(value)


# --------------------------------------------------------------------------
# Comparing


def _json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


_UTC_OFFSET = re.compile(r"UTC([+-][0-9]{2}:[0-9]{2})$")


def canonical(
    primitive: Any,
    spec: Spec,
    names: dict[str, str],
    *,
    tz_spelling: bool = False,
    filter_changes: bool = False,
    list_objects: bool = False,
) -> str:
    """JSON text of a primitive in which only real differences remain.

    ``changes`` lists are sorted (OVO emits set order) and Set values, which
    travel as arrays in set iteration order, are sorted and deduplicated.  ``tz_spelling``
    writes the ``UTC+05:00`` zone suffix as ``+05:00`` (how vobjects reads it
    back, see vobjects/fields/_datetime.py); ``filter_changes`` drops change
    names whose field is absent from the data (a backport drops child fields
    without touching the child's ``changes``, contract 1.3); ``list_objects``
    adds ``objects: []`` to list objects whose backport removed it (a list
    object always has ``objects`` once built, also when hydrated, contract 1.6).
    """
    by_name = {names[cls.key]: cls for cls in spec.classes}

    def obj(prim: Any) -> Any:
        cls = by_name[prim[f"{NS}.name"]]
        out = dict(prim)
        data = prim[f"{NS}.data"]
        fixed = {}
        for name, item in data.items():
            f = cls.field(name)
            fixed[name] = item if f is None else value(f.type, item)
        if list_objects and cls.list_of is not None:
            fixed.setdefault("objects", [])
        out[f"{NS}.data"] = fixed
        if f"{NS}.changes" in out:
            changes = sorted(out[f"{NS}.changes"])
            if filter_changes:
                changes = [name for name in changes if name in fixed]
            out[f"{NS}.changes"] = changes
            if not changes:
                del out[f"{NS}.changes"]  # written only when non-empty (contract 3.1)
        return out

    def value(t: TypeSpec, item: Any) -> Any:
        if item is None:
            return None
        if t.kind == "Object":
            return obj(item)
        if t.kind == "List":
            return [value(t.element, x) for x in item]
        if t.kind == "Set":
            # Sorted, and duplicates merged: elements distinct in Python can
            # have one wire form (datetimes differing in microseconds only).
            unique = {_json_key(x): x for x in (value(t.element, x) for x in item)}
            return [unique[key] for key in sorted(unique)]
        if t.kind == "Dict":
            return {key: value(t.element, x) for key, x in item.items()}
        if t.kind == "DateTime" and tz_spelling:
            return _UTC_OFFSET.sub(r"\1", item)
        return item

    return json.dumps(obj(primitive), sort_keys=True)


def is_versioned_object(value: Any) -> bool:
    return hasattr(value, "obj_to_primitive") and hasattr(value, "obj_what_changed") and not isinstance(value, type)


def snapshot(value: Any, *, wire: bool = True, versions: bool = True) -> Any:
    """A library-neutral, comparable picture of a value (objects included).

    Type names are kept (``CoercedList``, ``IPAddress``...) so that a plain
    list where a coercing one belongs shows up.  With ``wire``, datetimes lose
    their microseconds, as on the wire.
    """
    if value is None:
        return None
    if is_versioned_object(value):
        data = {}
        for name in value.fields:
            if value.obj_attr_is_set(name):
                data[name] = snapshot(getattr(value, name), wire=wire, versions=versions)
        return (
            "object",
            value.obj_name(),
            value.VERSION if versions else None,
            tuple(sorted(data.items())),
            tuple(sorted(value.obj_what_changed())),
        )
    kind = type(value).__name__
    if isinstance(value, datetime.datetime):
        naive = value.replace(tzinfo=None, microsecond=0 if wire else value.microsecond)
        return (kind, naive, value.utcoffset())
    if isinstance(value, (list, tuple)):
        return (kind, tuple(snapshot(item, wire=wire, versions=versions) for item in value))
    if isinstance(value, dict):
        return (kind, tuple(sorted((k, snapshot(v, wire=wire, versions=versions)) for k, v in value.items())))
    if isinstance(value, (set, frozenset)):
        return (kind, frozenset(snapshot(item, wire=wire, versions=versions) for item in value))
    if isinstance(value, (netaddr.IPAddress, netaddr.IPNetwork)):
        return (kind, str(value))
    if isinstance(value, float) and value != value:
        return (kind, "nan")
    return (kind, value)


def exception_kind(exc: BaseException) -> tuple[str, ...]:
    """The builtin exception classes ``exc`` is an instance of (what callers catch)."""
    kinds = (
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OverflowError,
        ArithmeticError,
        UnicodeError,
        RecursionError,
        NotImplementedError,
    )
    found = tuple(kind.__name__ for kind in kinds if isinstance(exc, kind))
    return found or (type(exc).__name__,)


# --------------------------------------------------------------------------
# Arbitrary inputs, for differential coercion


def _iso_like(year: str, month: int, day: int, sep: str, clock: str, fraction: str, zone: str) -> str:
    return f"{year}-{month:02d}-{day:02d}{sep}{clock}{fraction}{zone}"


iso_like_strings = st.builds(
    _iso_like,
    st.one_of(st.integers(0, 9999).map(lambda y: f"{y:04d}"), st.integers(0, 99999).map(str)),
    st.integers(0, 13),
    st.integers(0, 32),
    st.sampled_from(["T", "T", " ", "t"]),
    st.sampled_from(["03:04:05", "23:59:59", "24:00:00", "00:00:60", "03:04", "03"]),
    st.sampled_from(["", ".1", ".123456", ".1234567", ",5"]),
    st.sampled_from(["Z", "", "z", "+05:30", "-0800", "+05", "-00:00", "+24:00", " Z", "UTC+05:30", "+5:30"]),
)
_HEXISH = st.text("0123456789abcdefABCDEFgx:-. ", max_size=20)
_NUMERIC_TEXT = st.one_of(
    st.integers().map(str),
    st.floats().map(repr),
    st.sampled_from(["1e3", " 7 ", "+3", "-0", "0x10", "1_000", "nan", "-inf", "Infinity", "١٢", "1.0", "", " "]),
)
domain_strings = st.one_of(
    _HEXISH,
    _NUMERIC_TEXT,
    iso_like_strings,
    version_predicates,
    st.sampled_from(["true", "Yes", " on ", "0", "off", "frog", "None", "{}", "[]"]),
    st.uuids().map(str).map(lambda text: text[: len(text) // 2 + 3]),
    _ips(None),
    _nets(None),
    st.builds(lambda ip, bits: f"{ip}/{bits}", _ips(None), st.integers(-1, 200)),
)
_hashable_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    _TEXT_VALUES,
    domain_strings,
    st.binary(max_size=4),
    st.datetimes(timezones=st.one_of(st.none(), st.just(UTC), named_offsets, unnamed_offsets)),
    st.dates(),
    st.uuids(),
    st.decimals(allow_nan=False),
    _ips(None).map(netaddr.IPAddress),
    _nets(None).map(netaddr.IPNetwork),
)


def wild_values() -> st.SearchStrategy[Any]:
    """Anything: JSON-ish and Python values of every type, containers of them, valid or not."""
    return st.recursive(
        _hashable_scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(st.one_of(_TEXT, st.integers(-3, 3)), inner, max_size=3),
            st.sets(_hashable_scalars, max_size=3),
            st.frozensets(_hashable_scalars, max_size=3),
        ),
        max_leaves=6,
    )


def coercible_field_specs() -> st.SearchStrategy[FieldSpec]:
    """Field specs without object types (their values are library objects), scalar types often."""
    raw_leaf = st.builds(
        lambda t, nullable, custom: FieldSpec("raw", t, nullable=nullable, custom_field=custom),
        leaf_type_specs(()),
        st.booleans(),
        st.booleans(),
    )
    return st.one_of(field_specs(()), raw_leaf)


# The spellings vobjects reads and OVO refuses, as documented in
# vobjects/fields/_datetime.py: a year below 1000 unpadded ('5-01-02T...',
# which OVO itself writes) and a 'UTC+05:00' zone suffix (also written by OVO).
_SHORT_YEAR_TEXT = re.compile(r"[0-9]{1,3}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\S*")
_UTC_OFFSET_TEXT = re.compile(r".*UTC[+-][0-9]{2}:[0-9]{2}")


def has_documented_datetime_spelling(value: Any) -> bool:
    """Whether ``value`` holds, anywhere, a string in a spelling only vobjects reads."""
    if isinstance(value, str):
        return bool(_SHORT_YEAR_TEXT.fullmatch(value) or _UTC_OFFSET_TEXT.fullmatch(value))
    if isinstance(value, dict):
        return any(has_documented_datetime_spelling(item) for item in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_documented_datetime_spelling(item) for item in value)
    return False


def json_values() -> st.SearchStrategy[Any]:
    """Anything a JSON (or msgpack) decoder can hand over, valid for the field or not."""
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _TEXT_VALUES, domain_strings)
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_TEXT, inner, max_size=3)),
        max_leaves=6,
    )
