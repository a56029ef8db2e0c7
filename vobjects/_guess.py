"""Reconstruct an object's previous fingerprint inputs from its current ones.

A hash table holds only ``'<VERSION>-<md5>'`` per object, never the schema it
was computed from.  When no snapshot says what the schema was, we try small
edits of the current schema (drop a field, flip its nullability, reset a
default, swap its type, drop a remotable method or an argument, restore a
``child_versions`` entry, ...), alone and in pairs, re-hash each, and keep
the one whose md5 equals the stored one.  md5 collisions between such
near-identical inputs do not happen in practice, so a match is the answer.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import re
from collections.abc import Iterator
from typing import Any

from vobjects import _fingerprint as fp

#: Printed form of "no default" inside a field repr (OVO's sentinel class).
NO_DEFAULT = "<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>"

_FIELD_RE = re.compile(
    r"(?P<type>\w+)\(default=(?P<default>.*),nullable=(?P<nullable>True|False)"
    r"(?:,valid_values=(?P<values>.*))?\)",
    re.DOTALL,
)

#: Field type names tried when guessing a type change (OVO's, by repr name).
TYPE_NAMES = (
    "Boolean", "DateTime", "Dict", "Enum", "FlexibleBoolean", "Float", "IPAddress", "IPNetwork",
    "IPV4Address", "IPV4AndV6Address", "IPV4Network", "IPV6Address", "IPV6Network", "Integer", "List",
    "MACAddress", "NonNegativeFloat", "NonNegativeInteger", "Object", "PCIAddress", "SensitiveString",
    "Set", "String", "UUID", "VersionPredicate",
)  # fmt: skip

#: Default texts tried when guessing a changed default.
DEFAULT_GUESSES = ("None", "[]", "{}", "set([])", "0", "1", "-1", "False", "True", "", "0.0", "1.0")

#: Most re-hashes tried per object before giving up ...
BUDGET = 40_000
#: ... and most bytes hashed, so large objects cost about as much as small ones.
BYTES_BUDGET = 60_000_000


@dataclasses.dataclass(frozen=True)
class FieldDesc:
    """A field repr taken apart: type name, default text (None: no default), values."""

    type: str
    default: str | None
    nullable: bool
    values: str | None = None

    def render(self) -> str:
        """The field repr, as OVO's ``Field.__repr__`` prints it."""
        default = NO_DEFAULT if self.default is None else self.default
        if self.values is None:
            return f"{self.type}(default={default},nullable={self.nullable})"
        return f"{self.type}(default={default},nullable={self.nullable},valid_values={self.values})"


def parse_field(text: str) -> FieldDesc | None:
    """Take a field repr apart; None for a repr of another shape (custom ``__repr__``)."""
    match = _FIELD_RE.fullmatch(text)
    if match is None:
        return None
    default = match["default"]
    return FieldDesc(
        type=match["type"],
        default=None if default == NO_DEFAULT else default,
        nullable=match["nullable"] == "True",
        values=match["values"],
    )


def literal(text: str | None) -> Any:
    """``ast.literal_eval`` of ``text``, or None when it is not a literal."""
    if text is None:
        return None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


@dataclasses.dataclass(frozen=True)
class _Edit:
    """Replace one slot of the inputs: ``value`` None drops it.

    ``slot`` is ``('f', field)``, ``('m', method)`` or ``('c', list version)``;
    ``rank`` 0 marks drops (the current schema added something), 1 other
    structural edits, 2 wide guesses (types, defaults) not combined with each other.
    """

    slot: tuple[str, str]
    piece: str | None
    value: Any
    rank: int


def _field_edits(name: str, text: str, other_defaults: set[str]) -> Iterator[_Edit]:
    slot = ("f", name)
    yield _Edit(slot, None, None, 0)
    desc = parse_field(text)
    if desc is None:
        return

    def edit(new: FieldDesc, rank: int) -> _Edit:
        rendered = new.render()
        return _Edit(slot, fp.field_piece(name, rendered), rendered, rank)

    yield edit(dataclasses.replace(desc, nullable=not desc.nullable), 1)
    if desc.default is not None:
        yield edit(dataclasses.replace(desc, default=None), 1)
    for guess in sorted(set(DEFAULT_GUESSES) | other_defaults):
        if guess != desc.default:
            yield edit(dataclasses.replace(desc, default=guess), 2)
    values = literal(desc.values)
    if isinstance(values, (list, tuple)) and len(values) > 1:
        for value in dict.fromkeys(values):
            fewer = type(values)(item for item in values if item != value)
            yield edit(dataclasses.replace(desc, values=repr(fewer)), 1)
    for type_name in TYPE_NAMES:
        if type_name != desc.type or desc.values is not None:
            yield edit(FieldDesc(type_name, desc.default, desc.nullable), 2)


# -- argument specs ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Spec:
    args: tuple[str, ...]
    varargs: str | None
    varkw: str | None
    defaults: tuple[Any, ...]
    kwonly: tuple[str, ...]
    kwdefaults: tuple[tuple[str, Any], ...]
    notes: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, spec: Any) -> _Spec:
        if isinstance(spec, fp.ArgSpec):
            return cls(tuple(spec.args), spec.varargs, spec.keywords, tuple(spec.defaults or ()), (), (), ())
        return cls(
            tuple(spec.args),
            spec.varargs,
            spec.varkw,
            tuple(spec.defaults or ()),
            tuple(spec.kwonlyargs),
            tuple((spec.kwonlydefaults or {}).items()),
            tuple(spec.annotations.items()),
        )

    def build(self) -> Any:
        """The spec object ``get_method_spec`` would return for such a method."""
        defaults = self.defaults or None
        if self.kwonly or self.kwdefaults or self.notes:
            return inspect.FullArgSpec(
                list(self.args), self.varargs, self.varkw, defaults,
                list(self.kwonly), dict(self.kwdefaults) or None, dict(self.notes),
            )  # fmt: skip
        return fp.ArgSpec(list(self.args), self.varargs, self.varkw, defaults)

    def without_notes(self, *names: str) -> tuple[tuple[str, Any], ...]:
        return tuple(item for item in self.notes if item[0] not in names)


def _spec_variants(spec: _Spec) -> Iterator[_Spec]:
    """Specs one small edit away from ``spec`` (what the method may have looked like)."""
    replace = dataclasses.replace
    first_default = len(spec.args) - len(spec.defaults)
    for index in range(1, len(spec.args)):
        arg = spec.args[index]
        args = spec.args[:index] + spec.args[index + 1 :]
        defaults = spec.defaults
        if index >= first_default:
            cut = index - first_default
            defaults = defaults[:cut] + defaults[cut + 1 :]
        yield replace(spec, args=args, defaults=defaults, notes=spec.without_notes(arg))
    if spec.defaults:
        yield replace(spec, defaults=spec.defaults[1:])
        yield replace(spec, defaults=())
    if spec.varargs:
        yield replace(spec, varargs=None, notes=spec.without_notes(spec.varargs))
    if spec.varkw:
        yield replace(spec, varkw=None, notes=spec.without_notes(spec.varkw))
    for arg in spec.kwonly:
        yield replace(
            spec,
            kwonly=tuple(a for a in spec.kwonly if a != arg),
            kwdefaults=tuple(item for item in spec.kwdefaults if item[0] != arg),
            notes=spec.without_notes(arg),
        )
    for arg, _default in spec.kwdefaults:
        yield replace(spec, kwdefaults=tuple(item for item in spec.kwdefaults if item[0] != arg))
    if spec.notes:
        yield replace(spec, notes=())
        if len(spec.notes) > 1:
            for arg, _note in spec.notes:
                yield replace(spec, notes=spec.without_notes(arg))
    if spec.args and spec.args[0] in ("self", "cls"):
        other = "cls" if spec.args[0] == "self" else "self"
        yield replace(spec, args=(other, *spec.args[1:]))


def _method_edits(name: str, spec_obj: Any) -> Iterator[_Edit]:
    slot = ("m", name)
    yield _Edit(slot, None, None, 0)
    if spec_obj is None:
        return
    seen = {repr(spec_obj)}
    for variant in _spec_variants(_Spec.of(spec_obj)):
        built = variant.build()
        text = repr(built)
        if text in seen:
            continue
        seen.add(text)
        method = fp.Method(name, text, fp.render_signature(name, built))
        yield _Edit(slot, fp.method_piece(name, text), method, 1)


def _child_edits(children: tuple[tuple[str, str], ...]) -> Iterator[_Edit]:
    previous = None
    for key, value in children:
        slot = ("c", key)
        yield _Edit(slot, None, None, 0)
        tried = {value}
        major, _, minor = value.partition(".")
        if minor.isdigit() and int(minor) > 0:
            older = f"{major}.{int(minor) - 1}"
            tried.add(older)
            yield _Edit(slot, fp.child_piece(key, older), (key, older), 1)
        if previous is not None and previous not in tried:
            yield _Edit(slot, fp.child_piece(key, previous), (key, previous), 1)
        previous = value


# -- search -------------------------------------------------------------------------


class _Search:
    def __init__(self, current: fp.Inputs, specs: dict[str, Any]) -> None:
        self.current = current
        self.fields = [(("f", n), fp.field_piece(n, t)) for n, t in current.fields]
        self.methods = [(("m", m.name), fp.method_piece(m.name, m.spec)) for m in current.methods]
        self.children = (
            None
            if current.child_versions is None
            else [(("c", k), fp.child_piece(k, v)) for k, v in current.child_versions]
        )
        defaults = {d.default for _, t in current.fields if (d := parse_field(t)) and d.default is not None}
        edits: list[_Edit] = []
        for name, text in current.fields:
            edits.extend(_field_edits(name, text, defaults))
        for method in current.methods:
            edits.extend(_method_edits(method.name, specs.get(method.name)))
        if current.child_versions is not None:
            edits.extend(_child_edits(current.child_versions))
        self.edits = edits

    def text(self, combo: tuple[_Edit, ...]) -> str:
        changes = {edit.slot: edit.piece for edit in combo}

        def pieces(base: list[tuple[tuple[str, str], str]]) -> list[str]:
            out = []
            for slot, piece in base:
                new = changes.get(slot, piece)
                if new is not None:
                    out.append(new)
            return out

        children = None if self.children is None else pieces(self.children)
        return fp.assemble(pieces(self.fields), pieces(self.methods), children, self.current.extra)

    def combos(self) -> Iterator[tuple[_Edit, ...]]:
        edits = self.edits
        for edit in edits:
            yield (edit,)
        drops = [e for e in edits if e.rank == 0]
        narrow = [e for e in edits if e.rank <= 1]
        wide = [e for e in edits if e.rank == 2]
        for pair in itertools.combinations(narrow, 2):
            if pair[0].slot != pair[1].slot:
                yield pair
        for first in wide:
            for second in drops:
                if first.slot != second.slot:
                    yield (first, second)
        yield from itertools.combinations(drops, 3)

    def rebuild(self, combo: tuple[_Edit, ...], version: str) -> fp.Inputs:
        """The inputs with ``combo`` applied, at ``version``."""
        changes = {edit.slot: edit.value for edit in combo}
        missing = object()
        fields = []
        for name, text in self.current.fields:
            new = changes.get(("f", name), missing)
            if new is missing:
                fields.append((name, text))
            elif new is not None:
                fields.append((name, new))
        methods = []
        for method in self.current.methods:
            new = changes.get(("m", method.name), missing)
            if new is missing:
                methods.append(method)
            elif new is not None:
                methods.append(new)
        children = None
        if self.current.child_versions is not None:
            children = []
            for key, value in self.current.child_versions:
                new = changes.get(("c", key), missing)
                if new is missing:
                    children.append((key, value))
                elif new is not None:
                    children.append(new)
        return dataclasses.replace(
            self.current,
            version=version,
            fields=tuple(fields),
            methods=tuple(methods),
            child_versions=None if children is None else tuple(children),
        )


def guess_previous(
    current: fp.Inputs, obj_class: type | None, digest: str, version: str, budget: int = BUDGET
) -> fp.Inputs | None:
    """Previous inputs whose md5 is ``digest``, found by editing ``current``; None if not found.

    ``obj_class`` supplies the real argument specs of remotable methods (to
    edit them); without it methods can only be dropped.
    """
    specs: dict[str, Any] = {}
    if obj_class is not None:
        for name, impl in fp.remotable_methods(obj_class):
            specs[name] = fp.get_method_spec(impl)
    search = _Search(current, specs)
    budget = min(budget, max(1_000, BYTES_BUDGET // max(1, len(current.text()))))
    for combo in itertools.islice(search.combos(), budget):
        if fp.md5_hex(search.text(combo)) == digest:
            return search.rebuild(combo, version)
    return None
