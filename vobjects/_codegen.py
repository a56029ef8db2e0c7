"""Generate each object class's setters and primitive codecs, once per class.

OVO walks the ``fields`` dict on every call, asks ``obj_attr_is_set`` (which
rebuilds a list) for every field, and coerces through two method layers.
Here, when a class is registered, the per-field decisions are made once and
written out as straight-line Python: one ``if`` per field, constants inlined,
each field's coercer bound to a local name.  The source is kept in
``linecache`` so tracebacks and debuggers show it, and on
``cls._vo_codec.source`` for anyone who wants to read it.

A fast path is taken only where it cannot change behaviour: a field class or
field type that overrides ``coerce``/``to_primitive``/``from_primitive`` is
called exactly as OVO would call it.  See :func:`_FieldPlan` for the rules.
"""

from __future__ import annotations

import keyword
import linecache
import operator
import sys
from typing import Any

from vobjects import fields as _fields
from vobjects.fields import _coerced, _containers, _core

#: How many attributes an object keeps inline, without a ``__dict__``: CPython
#: 3.11-3.13's ``SHARED_KEYS_MAX_SIZE`` (Objects/dictobject.c).
_INLINE_ATTRIBUTES = 30
_FIELD_COERCE = _fields.Field.coerce
_FIELD_TO = _fields.Field.to_primitive
_FIELD_FROM = _fields.Field.from_primitive
_FIELD_NULL = _fields.Field._null
_TYPE_TO = _fields.FieldType.to_primitive
_TYPE_FROM = _fields.FieldType.from_primitive


class _FieldPlan:
    """What the generated code may assume about one field.

    - ``std``: the Field class keeps ``Field``'s coerce/to/from_primitive and
      ``_null``, so None handling is Field's and non-None values go straight to the type.
    - ``exact``: value classes the type's ``coerce`` returns unchanged; trusted
      only when declared in the same class body as that ``coerce``.
    - ``valid`` / ``members``: a predicate (``_vo_valid``) or a frozenset
      (an enum's ``_vo_fast``) of ``str`` values that ``coerce`` returns
      unchanged and silently; trusted on the same terms as ``exact``.
    - ``to_identity`` / ``from_identity``: the type keeps FieldType's identity
      to/from_primitive.
    - ``hydrate``: the type's one-pass ``hydrate`` may replace
      ``coerce(from_primitive(v))``; only when the class defining ``hydrate``
      derives from the classes defining both.
    - ``may_hold_object``: a value could be a VersionedObject (Object type or
      a type vobjects does not ship), so change tracking must look inside.
    - ``may_nest``: hydrating it may recurse into objects, also through
      containers, so nesting depth must be bounded.
    - ``children``: the ``obj_name`` of the objects of a plain ``Object``
      field or of a plain ``List`` of them (whose element field is then
      ``children_element``), which ``load`` reads with ``load_children``
      when it may; None for every other field.
    """

    def __init__(self, name: str, field: _fields.Field[Any]) -> None:
        ftype = field._type
        tcls = type(ftype)
        fcls = type(field)
        self.name = name
        self.field = field
        self.ftype = ftype
        self.nullable = bool(field.nullable)
        self.read_only = bool(field.read_only)
        self.std = (
            fcls.coerce is _FIELD_COERCE
            and fcls.to_primitive is _FIELD_TO
            and fcls.from_primitive is _FIELD_FROM
            # What coerce does with None: a class may give it a meaning of its
            # own (ironic's FlexibleDictField turns it into {}).
            and fcls._null is _FIELD_NULL
        )
        self.exact = _core.trusted_exact(tcls)
        self.valid = getattr(tcls, "_vo_valid", None) if _trusted(tcls, "_vo_valid") else None
        members = getattr(ftype, "_vo_fast", None) if _trusted(tcls, "_vo_fast") else None
        self.members = members if type(members) is frozenset else None
        self.to_identity = tcls.to_primitive is _TYPE_TO
        # ``to_primitive(obj, attr, v) == dump(v)``, declared with to_primitive.
        self.dump = getattr(tcls, "_vo_dump", None) if _owns_both(tcls, "_vo_dump", "to_primitive") else None
        self.from_identity = tcls.from_primitive is _TYPE_FROM
        self.hydrate = _core.one_pass(tcls, "hydrate")
        self.may_hold_object = isinstance(ftype, _fields.Object) or not _shipped(ftype)
        self.may_nest = _may_nest(ftype)
        child: Any = ftype
        self.children_element: _fields.Field[Any] | None = None
        if type(ftype) is _fields.List and type(ftype._element_type) is _fields.Field:
            child = ftype._element_type._type
            self.children_element = ftype._element_type
        self.children: str | None = (
            child._obj_name
            if self.std
            and type(child) is _fields.Object
            and not child._subclasses
            # OVO accepts any object there (heat declares ObjectField(IntegerField()));
            # only a str can name a registered class.
            and type(child._obj_name) is str
            else None
        )


def _trusted(tcls: type, name: str) -> bool:
    """Whether hook ``name`` is declared by the class that declares ``coerce``."""
    return _owns_both(tcls, name, "coerce")


def _owns_both(tcls: type, hook: str, method: str) -> bool:
    """Whether ``hook`` is declared by the class that declares ``method``."""
    owner = _core.owner(tcls, hook)
    return owner is not None and owner is _core.owner(tcls, method)


def _shipped(ftype: Any) -> bool:
    return type(ftype).__module__.startswith("vobjects.fields")


def _may_nest(ftype: Any) -> bool:
    """Could hydrating this type recurse into objects (directly or in containers)?"""
    if isinstance(ftype, _fields.Object) or not _shipped(ftype):
        return True
    if isinstance(ftype, _fields.CompoundFieldType):
        return _may_nest(ftype._element_type._type)
    return False


class _Source:
    """Accumulates generated lines and the globals they refer to."""

    def __init__(self, namespace: dict[str, Any], shadowed: bool = False) -> None:
        self.lines: list[str] = []
        self.ns = namespace
        #: A class in the MRO defines some ``_obj_<name>`` (see
        #: ``_classbuild._shadowed``): the code must reach field storage by
        #: attribute access, as OVO does, never through ``__dict__``.
        self.shadowed = shadowed

    def add(self, line: str = "", indent: int = 0) -> None:
        self.lines.append("    " * indent + line)

    def bind(self, name: str, value: Any) -> str:
        self.ns[name] = value
        return name


def _exact_test(src: _Source, plan: _FieldPlan, var: str, index: int) -> str | None:
    """An expression true when ``var`` must go through ``coerce``, or None when every value must.

    False for a value of an exact type, and for a ``str`` that the type's
    ``valid`` predicate or ``members`` set accepts.
    """
    tests = []
    if len(plan.exact) == 1:
        tests.append(f"{var}.__class__ is not {src.bind(f'_t{index}', plan.exact[0])}")
    elif plan.exact:
        tests.append(f"{var}.__class__ not in {src.bind(f'_t{index}', frozenset(plan.exact))}")
    if plan.valid is not None:
        tests.append(f"({var}.__class__ is not str or not {src.bind(f'_ok{index}', plan.valid)}({var}))")
    elif plan.members is not None:
        tests.append(f"({var}.__class__ is not str or {var} not in {src.bind(f'_m{index}', plan.members)})")
    return " and ".join(tests) or None


def _coerce_line(src: _Source, plan: _FieldPlan, index: int, var: str, level: int) -> None:
    """Emit the coercion of assigned value ``var``, calling as little as it may.

    Values of an exact type (or accepted by the type's ``valid``/``members``)
    are kept; so is None in a nullable standard field, which ``Field.coerce``
    would keep; other non-None values of a standard field go straight to the
    type's ``coerce``.
    """
    fc = src.bind(f"_fc{index}", plan.field.coerce)
    name = repr(plan.name)
    if not plan.std:
        src.add(f"{var} = {fc}(self, {name}, {var})", level)
        return
    test = _exact_test(src, plan, var, index)
    tc = src.bind(f"_tc{index}", plan.ftype.coerce)
    if plan.nullable:
        src.add(f"if {test} and {var} is not None:" if test else f"if {var} is not None:", level)
        src.add(f"{var} = {tc}(self, {name}, {var})", level + 1)
    elif test:
        src.add(f"if {test}:", level)
        src.add(f"{var} = {fc}(self, {name}, {var})", level + 1)
    else:
        src.add(f"{var} = {fc}(self, {name}, None) if {var} is None else {tc}(self, {name}, {var})", level)


def _setter(src: _Source, plan: _FieldPlan, index: int) -> None:
    """Emit ``set_<index>(self, value)``, the field property's setter: coerce, track, store.

    Only a read-only field reads ``self.__dict__`` (to compare with what is
    stored); the others store with a plain attribute assignment, which
    CPython specialises, where reading ``__dict__`` through the class's
    ``__getattr__`` hook costs as much as the rest of the setter.
    """
    attr = "_obj_" + plan.name
    src.add(f"def set_{index}(self, value):")
    _coerce_line(src, plan, index, "value", 1)
    if plan.read_only and src.shadowed:
        src.add(f"old = getattr(self, {attr!r}, _MISSING)", 1)
        src.add("if old is not _MISSING:", 1)
        src.add("if old != value:", 2)
        src.add(f"raise _ReadOnlyFieldError(field={plan.name!r})", 3)
        src.add("return", 2)
    elif plan.read_only:
        src.add("d = self.__dict__", 1)
        src.add(f"if {attr!r} in d:", 1)
        src.add(f"if d[{attr!r}] != value:", 2)
        src.add(f"raise _ReadOnlyFieldError(field={plan.name!r})", 3)
        src.add("return", 2)
    src.add(f"self._changed_fields.add({plan.name!r})", 1)
    src.add(_attr_store(src, plan.name, "value"), 1)
    src.add()


def _init(src: _Source, plans: list[_FieldPlan]) -> None:
    """Emit ``init(self, context, kwargs)``: the constructor, for non-empty kwargs.

    When the kwargs are exactly the fields and the class qualifies (see
    :func:`_whole_init`), they are read in one call, all coerced, then all
    stored; anything else, including a value that fails to coerce, is left
    to ``init_fields`` in :mod:`vobjects._object`, which sets them in kwargs
    order as OVO does (using ``fill`` when it can).
    """
    from vobjects import _object

    src.bind("_init_fields", _object.init_fields)
    if src.shadowed:
        src.add("def init(self, context, kwargs):")
        # One setter per kwarg, each storing through the class's attribute:
        # ``fill`` writes ``__dict__``, past the descriptor.
        src.add("return _init_fields(self, context, kwargs, None)", 1)
        src.add()
        return
    _fill(src, plans)
    src.add("def init(self, context, kwargs):")
    if plans and all(plan.std and _shipped(plan.ftype) and not plan.read_only and plan.name != "self" for plan in plans):
        _whole_init(src, plans)
    src.add("return _init_fields(self, context, kwargs, fill)", 1)
    src.add()


def _whole_init(src: _Source, plans: list[_FieldPlan]) -> None:
    """Emit the constructor's common case: every field given, and nothing else.

    Nothing is stored until every value is coerced, so a bad value leaves
    the object as it was for the ordered path to replay, without ``fill``
    (there is no rollback, which is what makes this safe on an object whose
    own ``__init__`` set things before calling ``super().__init__``).  That the
    coercions run in field order, before any is stored, is invisible only
    because vobjects' own field types read at most their own field of the
    object they coerce for (a state machine its current state), which is
    the same either way, hence the restriction to them; read-only fields,
    which must compare with what is stored, go the ordered way too, and so
    does a field named ``self``, for ``refuse_self`` to refuse it as a kwarg.
    """
    src.add(f"if len(kwargs) == {len(plans)}:", 1)
    src.add("try:", 2)
    src.add(_read_all(src, plans, "kwargs"), 3)
    src.add("except KeyError:", 2)
    src.add("pass", 3)
    src.add("else:", 2)
    src.add("try:", 3)
    for index, plan in enumerate(plans):
        _coerce_line(src, plan, index, f"v{index}", 4)
    src.add("except Exception:", 3)
    src.add("return _init_fields(self, context, kwargs, None)", 4)
    src.add("self._changed_fields = set(_FIELDSET)", 3)
    src.add("self._context = context", 3)
    for index, plan in enumerate(plans):
        src.add(_attr_store(src, plan.name, f"v{index}"), 3)
    src.add("return", 3)


def _attr_store(src: _Source, name: str, value: str) -> str:
    """A statement storing expression ``value`` as field ``name``'s instance attribute on ``self``.

    ``self._obj_<name> = value``: a plain attribute store, which CPython
    specialises and keeps in the instance's inline values while it can, at
    a third of the cost of a ``__dict__`` store.  Not when the name is not
    an ASCII identifier, which the parser would reject or normalise (then
    ``setattr`` for a shadowed class, whose descriptor must be called as
    OVO's ``setattr`` calls it, else a ``__dict__`` store), nor when
    ``VersionedObject`` has a descriptor of that name, which the store
    would call.
    """
    attr = "_obj_" + name
    if versioned_objects_own(attr):
        return f"self.__dict__[{attr!r}] = {value}"
    if _spelled_as_is(attr):
        return f"self.{attr} = {value}"
    return f"setattr(self, {attr!r}, {value})" if src.shadowed else f"self.__dict__[{attr!r}] = {value}"


def versioned_objects_own(attr: str) -> bool:
    """Whether VersionedObject itself defines ``attr`` (``_obj_version_manifest``, ``_obj_from_primitive``).

    A field whose storage has such a name is kept in ``__dict__``, shadowed
    class or not: its store (:func:`_attr_store`), its property's getter and
    deleter (``_classbuild``) would otherwise reach VersionedObject's
    property or method.
    """
    from vobjects._object import VersionedObject

    return hasattr(VersionedObject, attr)


def _spelled_as_is(attr: str) -> bool:
    """Whether ``self.<attr>`` in generated source names exactly ``attr``.

    Only ASCII identifiers that are not keywords: the parser rejects the
    others or, for non-ASCII ones, normalises them (NFKC: ``_obj_ª`` would
    store ``_obj_a``).
    """
    return attr.isascii() and attr.isidentifier() and not keyword.iskeyword(attr)


def _fill(src: _Source, plans: list[_FieldPlan]) -> None:
    """Emit ``fill(self, kwargs)``: store the given fields, in field order, without tracking.

    The caller guarantees that every kwarg is a field and that no field was
    set before, and records the changes itself; see ``init_fields`` in
    :mod:`vobjects._object`.
    """
    src.add("def fill(self, kwargs):")
    src.add("d = self.__dict__", 1)
    for index, plan in enumerate(plans):
        src.add(f"if {plan.name!r} in kwargs:", 1)
        src.add(f"v = kwargs[{plan.name!r}]", 2)
        _coerce_line(src, plan, index, "v", 2)
        src.add(f"d[{'_obj_' + plan.name!r}] = v", 2)
    src.add()


def _dump_value(src: _Source, plan: _FieldPlan, index: int, value: str) -> str:
    """An expression for the primitive of the field value ``value`` (an expression)."""
    if plan.std and plan.to_identity:
        return value
    if plan.std:
        tp = src.bind(f"_tp{index}", plan.ftype.to_primitive)
        return f"None if (v := {value}) is None else {tp}(self, {plan.name!r}, v)"
    fp = src.bind(f"_fp{index}", plan.field.to_primitive)
    return f"{fp}(self, {plan.name!r}, {value})"


def _dump(src: _Source, plans: list[_FieldPlan]) -> None:
    """``dump(self)``: the data dict of the set fields, in field order.

    When every field is set (the usual case) the values are read in one
    dict display, which raises KeyError at the first unset field and so
    needs no test per field; fields whose primitive is not the value itself
    are converted afterwards, in field order (a key keeps its place when its
    value is replaced).  Otherwise each field is tested and converted in turn.
    """
    src.add("def dump(self):")
    if src.shadowed:
        # OVO's loop: a field is set when the attribute can be read.
        src.add("data = {}", 1)
        for index, plan in enumerate(plans):
            src.add(f"x = getattr(self, {'_obj_' + plan.name!r}, _MISSING)", 1)
            src.add("if x is not _MISSING:", 1)
            src.add(f"data[{plan.name!r}] = {_dump_value(src, plan, index, 'x')}", 2)
        src.add("return data", 1)
        src.add()
        return
    src.add("d = self.__dict__", 1)
    if plans:
        converted = [index for index, plan in enumerate(plans) if not (plan.std and plan.to_identity)]
        src.add("try:", 1)
        src.add("data = {", 2)
        for index, plan in enumerate(plans):
            value = f"d[{'_obj_' + plan.name!r}]"
            src.add(f"{plan.name!r}: {f'(v{index} := {value})' if index in converted else value},", 3)
        src.add("}", 2)
        src.add("except KeyError:", 1)
        src.add("pass", 2)
        src.add("else:", 1)
        for index in converted:
            plan = plans[index]
            if plan.std:  # None stays None, already in place
                src.add(f"if v{index} is not None:", 2)
                if plan.dump is not None:
                    dp = src.bind(f"_dp{index}", plan.dump)
                    src.add(f"data[{plan.name!r}] = {dp}(v{index})", 3)
                else:
                    tp = src.bind(f"_tp{index}", plan.ftype.to_primitive)
                    src.add(f"data[{plan.name!r}] = {tp}(self, {plan.name!r}, v{index})", 3)
            else:
                src.add(f"data[{plan.name!r}] = {_dump_value(src, plan, index, f'v{index}')}", 2)
        src.add("return data", 2)
    src.add("data = {}", 1)
    for index, plan in enumerate(plans):
        attr = "_obj_" + plan.name
        src.add(f"if {attr!r} in d:", 1)
        src.add(f"data[{plan.name!r}] = {_dump_value(src, plan, index, f'd[{attr!r}]')}", 2)
    src.add("return data", 1)
    src.add()


def _primitive(src: _Source, plans: list[_FieldPlan]) -> None:
    """``primitive(self)``: ``self.obj_to_primitive()`` with no target version, for a child object.

    A parent's ``dump`` reaches a child through this (see
    ``vobjects.fields._objtype._dump_object``), which skips the method's
    general case: the keys and the name are constants here, ``dump`` and
    ``what_changed`` are called directly.  It is only equivalent while the
    call would reach VersionedObject's own ``obj_to_primitive``, reading its
    own ``obj_attr_is_set`` and ``obj_what_changed``; those are checked on
    every call (a test may patch them on the class, or ``obj_to_primitive``
    on the instance), as is the object's exact class (a mock made with
    ``spec=`` reports the class it imitates).  Otherwise it calls the method.
    """
    src.add("def primitive(self):")
    if src.shadowed:  # obj_to_primitive's own paths read attributes
        src.add("return self.obj_to_primitive()", 1)
        src.add()
        return
    src.add(
        "if (type(self) is not _CLS or 'obj_to_primitive' in self.__dict__"
        " or _CLS.obj_to_primitive is not _TO_PRIMITIVE or _CLS.obj_attr_is_set is not _ATTR_IS_SET"
        " or _CLS.obj_what_changed is not _WHAT_CHANGED):",
        1,
    )
    src.add("return self.obj_to_primitive()", 2)
    src.add("data = dump(self)", 1)
    src.add(
        "primitive = {_K_NAME: _NAME, _K_NAMESPACE: self.OBJ_PROJECT_NAMESPACE, _K_VERSION: self.VERSION, _K_DATA: data}",
        1,
    )
    # What obj_to_primitive lists: what_changed(), which for a class whose
    # fields cannot hold an object is the field names among _changed_fields;
    # a name in the data is a field name.
    nested = any(plan.may_hold_object for plan in plans)
    src.add(f"changed = {'what_changed(self)' if nested else 'self._changed_fields'}", 1)
    src.add("if changed:", 1)
    src.add("changes = sorted([name for name in changed if name in data])", 2)
    src.add("if changes:", 2)
    src.add("primitive[_K_CHANGES] = changes", 3)
    src.add("return primitive", 1)
    src.add()


def _what_changed(src: _Source, plans: list[_FieldPlan]) -> None:
    src.add("def what_changed(self):")
    src.add("changes = self._changed_fields & _FIELDSET", 1)
    holders = [plan for plan in plans if plan.may_hold_object]
    if holders and not src.shadowed:
        src.add("d = self.__dict__", 1)
    for plan in holders:
        attr = "_obj_" + plan.name
        src.add(f"v = getattr(self, {attr!r}, None)" if src.shadowed else f"v = d.get({attr!r})", 1)
        src.add("if v is not None and isinstance(v, _VersionedObject) and v.obj_what_changed():", 1)
        src.add(f"changes.add({plan.name!r})", 2)
    src.add("return changes", 1)
    src.add()


def _hydrate_value(src: _Source, plan: _FieldPlan, index: int, level: int, v: str = "v") -> None:
    """Emit code turning the wire value in variable ``v`` into the coerced field value."""
    name = repr(plan.name)
    fc = src.bind(f"_fc{index}", plan.field.coerce)
    if not plan.std:
        ff = src.bind(f"_ff{index}", plan.field.from_primitive)
        src.add(f"{v} = {fc}(self, {name}, {ff}(self, {name}, {v}))", level)
        return
    test = _exact_test(src, plan, v, index) if plan.from_identity and not plan.hydrate else None
    if test:
        # Common case first: a value already of the exact type is kept as is.
        # Anything else goes through Field.coerce, which is what
        # Field.from_primitive (identity here) followed by it would do; for a
        # nullable field that keeps None as None, so None skips the call.
        if plan.nullable:
            test += f" and {v} is not None"
        src.add(f"if {test}:", level)
        src.add(f"{v} = {fc}(self, {name}, {v})", level + 1)
        return
    if plan.nullable:
        src.add(f"if {v} is not None:", level)
    else:
        src.add(f"if {v} is None:", level)
        src.add(f"{v} = {fc}(self, {name}, None)", level + 1)
        src.add("else:", level)
    level += 1
    if plan.children is not None:
        _children_value(src, plan, index, level, v)
        return
    tc = src.bind(f"_tc{index}", plan.ftype.coerce)
    if plan.hydrate:
        hy = src.bind(f"_hy{index}", plan.ftype.hydrate)
        if _container_in_place(src, plan, index, level, v):
            level += 1
        src.add(f"{v} = {hy}(self, {name}, {v})", level)
    elif plan.from_identity:
        src.add(f"{v} = {tc}(self, {name}, {v})", level)
    else:
        tf = src.bind(f"_tf{index}", plan.ftype.from_primitive)
        src.add(f"{v} = {tc}(self, {name}, {tf}(self, {name}, {v}))", level)


def _container_in_place(src: _Source, plan: _FieldPlan, index: int, level: int, v: str) -> bool:
    """Emit the common case of a plain ``Dict`` or ``List`` type's ``hydrate``, inline; True when emitted.

    It is the first branch of those types' ``hydrate`` (every element is an
    exact type the wire reading keeps: the container is copied whole), less
    the call; the ``else:`` it leaves open calls ``hydrate`` for the rest.
    """
    ftype = plan.ftype
    if type(ftype) is _fields.Dict:
        test = src.bind("_exact_items", _containers._exact_items)
        make = src.bind("_make_dict", _coerced.make_dict)
        shape = f"{v}.__class__ is dict"
    elif type(ftype) is _fields.List:
        test = src.bind("_all_exact", _containers._all_exact)
        make = src.bind("_make_list", _coerced.make_list)
        shape = f"({v}.__class__ is list or {v}.__class__ is tuple)"
    else:
        return False
    keep = ftype._plan().hydrate_keep
    if not keep:
        return False
    keep_name = src.bind(f"_keep{index}", keep)
    element = src.bind(f"_el{index}", ftype._element_type)
    src.add(f"if {shape} and len({v}) <= _limits.max_items and {test}({v}, {keep_name}):", level)
    src.add(f"{v} = {make}({v}, {element}, self, {plan.name!r})", level + 1)
    src.add("else:", level)
    return True


def _children_value(src: _Source, plan: _FieldPlan, index: int, level: int, v: str) -> None:
    """Emit code reading the child object(s) in ``v`` with ``load_children``, if ``kids`` allows.

    What the type's ``hydrate`` returns, without its layers: the child
    itself, or for a list a coercing list of them.  When ``load_children``
    declines, ``hydrate`` takes the public path.
    """
    name = repr(plan.name)
    hy = src.bind(f"_hy{index}", plan.ftype.hydrate)
    primitives = f"({v},)" if plan.children_element is None else v
    src.add(f"k = _load_children(self, {primitives}, {plan.children!r}, box) if kids else None", level)
    if plan.children_element is not None:
        el = src.bind(f"_el{index}", plan.children_element)
        src.add(f"{v} = {hy}(self, {name}, {v}) if k is None else _make_list(k, {el}, self, {name})", level)
    else:
        src.add(f"{v} = {hy}(self, {name}, {v}) if k is None else k[0]", level)


def _load(src: _Source, plans: list[_FieldPlan], fast_new: bool, guard_depth: bool, attributes: bool) -> None:
    """``load(cls, context, objver, primitive, box=None)``: ``_obj_from_primitive``'s work.

    ``box`` is the nesting depth of the load that reads this object as a
    child (see ``_classbuild._State``); None for a load from the public path.
    With ``attributes`` (see :func:`_stores_attributes`) a new object's
    attributes are assigned as attributes, not through its ``__dict__``.
    """
    attributes = attributes and fast_new
    src.add("def load(cls, context, objver, primitive, box=None):")
    if fast_new:
        # Only while that is what cls() would do: see _classbuild._rebuilt.
        src.add("if cls.__init__ is not _VO_INIT:", 1)
        src.add("return _rebuilt(cls).load(cls, context, objver, primitive, box)", 2)
    src.add("self = _new(cls)" if fast_new else "self = cls()", 1)
    if not attributes:
        src.add("d = self.__dict__", 1)
    if fast_new:
        src.add(_store("_changed_fields", "set()", attributes), 1)
    src.add(_store("_context", "context", attributes), 1)
    src.add(_store("VERSION", "objver", attributes), 1)
    src.add("try:", 1)
    src.add("data = primitive[_K_DATA]", 2)
    src.add("except KeyError:", 1)
    src.add("raise _envelope_error(cls, objver, _K_DATA, _MISSING) from None", 2)
    src.add("if data.__class__ is not dict and not isinstance(data, dict):", 1)
    src.add("raise _envelope_error(cls, objver, _K_DATA, data)", 2)
    src.add("changes = primitive.get(_K_CHANGES)", 1)
    src.add("if changes is not None and changes.__class__ is not list and not isinstance(changes, (list, tuple)):", 1)
    src.add("raise _envelope_error(cls, objver, _K_CHANGES, changes)", 2)
    if guard_depth:
        src.add("if box is None:", 1)
        src.add("box = _state.box", 2)
        src.add("depth = box[0]", 1)
        src.add("if depth >= _limits.max_depth:", 1)
        src.add("raise _too_deep(cls, objver)", 2)
        src.add("box[0] = depth + 1", 1)
    if any(plan.children is not None for plan in plans):
        src.add("kids = _loads_children(cls)", 1)
    src.add("name = None", 1)
    # A shadowed class reads each field in turn: the whole path finds a
    # failing field by what is missing from __dict__.
    whole = fast_new and bool(plans) and not src.shadowed
    if whole:
        _read_whole(src, plans)
    src.add("try:", 1)
    if whole:
        # Every field is in the data: no test per field, and no bookkeeping
        # of the current field (an error finds it as the first one unset).
        src.add("if whole:", 2)
        for index, plan in enumerate(plans):
            _hydrate_value(src, plan, index, 3, f"v{index}")
            src.add(_store_field(src, "_obj_" + plan.name, f"v{index}", attributes), 3)
        src.add("else:", 2)
    level = 3 if whole else 2
    for index, plan in enumerate(plans):
        attr = "_obj_" + plan.name
        src.add(f"if {plan.name!r} in data:", level)
        src.add(f"name = {plan.name!r}", level + 1)
        src.add(f"v = data[{plan.name!r}]", level + 1)
        _hydrate_value(src, plan, index, level + 1)
        if plan.read_only and not fast_new:
            if src.shadowed:
                src.add(f"if (o := getattr(self, {attr!r}, _MISSING)) is not _MISSING and o != v:", level + 1)
            else:
                src.add(f"if {attr!r} in d and d[{attr!r}] != v:", level + 1)
            src.add(f"raise _ReadOnlyFieldError(field={plan.name!r})", level + 2)
        src.add(_store_field(src, attr, "v", attributes), level + 1)
    src.add("name = None", level)
    src.add("if changes:", 2)
    src.add(_store("_changed_fields", "set(changes) & _FIELDSET", attributes), 3)
    if not fast_new:  # the constructor may have recorded changes of its own
        src.add("else:", 2)
        src.add(_store("_changed_fields", "set()", attributes), 3)
    src.add("except _VersionedObjectsException as exc:", 1)
    if whole:
        src.add("if whole:", 2)
        src.add("name = _first_unset(self.__dict__, _ATTRS)", 3)
    src.add("_locate(exc, cls, objver, name)", 2)
    src.add("raise", 2)
    src.add("except _WRAPPED as exc:", 1)
    if whole:
        src.add("if whole:", 2)
        src.add("name = _first_unset(self.__dict__, _ATTRS)", 3)
    src.add("raise _field_error(cls, objver, name, data, changes, exc) from exc", 2)
    if guard_depth:
        src.add("finally:", 1)
        src.add("box[0] = depth", 2)
    src.add("return self", 1)
    src.add()


def _store(attr: str, value: str, attributes: bool) -> str:
    """A statement storing expression ``value`` as ``self``'s attribute ``attr``, without ``__setattr__``.

    Either an attribute assignment (when :func:`_stores_attributes` found it
    equivalent), which CPython specialises to a store into the object's
    inline values, or a store into ``d``, the object's ``__dict__``.
    """
    return f"self.{attr} = {value}" if attributes else f"d[{attr!r}] = {value}"


def _store_field(src: _Source, attr: str, value: str, attributes: bool) -> str:
    """:func:`_store` for a field's attribute; a shadowed class's through its descriptor.

    ``object.__setattr__``: a data descriptor (or a plain class value, which
    the instance's shadows) is honoured as OVO's ``setattr`` honours it,
    while the class's own ``__setattr__`` is still not called on load.
    """
    if src.shadowed:
        return f"_setattr(self, {attr!r}, {value})"
    return _store(attr, value, attributes)


def _stores_attributes(cls: type, plans: list[_FieldPlan]) -> bool:
    """Whether ``self.<attr> = v`` stores what ``self.__dict__[attr] = v`` does, and is cheaper, for every attribute.

    True when ``cls`` keeps ``object.__setattr__``, no class in its MRO
    defines any of the names (a descriptor would intercept the assignment),
    each name is spelled as is (:func:`_spelled_as_is`), and the object has
    few enough attributes to keep them inline (beyond that the first store
    past the limit builds the dict anyway, and a load then costs more than
    with dict stores).
    """
    # VERSION, the third attribute, is a plain class attribute of every class,
    # which the instance's shadows; the others must not be defined anywhere.
    names = ["_changed_fields", "_context", *("_obj_" + plan.name for plan in plans)]
    return (
        len(names) + 1 <= _INLINE_ATTRIBUTES
        and cls.__setattr__ is object.__setattr__  # type: ignore[comparison-overlap]
        and all(_spelled_as_is(name) and not any(name in vars(klass) for klass in cls.__mro__) for name in names)
    )


def _read_all(src: _Source, plans: list[_FieldPlan], mapping: str) -> str:
    """A statement reading every field's value from dict ``mapping`` into ``v<index>``.

    One ``itemgetter`` call for all of them: its lookups run in C, which
    saves about 100 instructions per field over a subscript each.  Its keys
    are interned, as the code's string constants are, so that a lookup of
    a key spelled by compiled code (``dump``'s, say) matches by identity
    instead of comparing characters.  A missing field raises KeyError.
    """
    if len(plans) == 1:
        return f"v0 = {mapping}[{plans[0].name!r}]"
    # Field names are exact str (_classbuild._merged_fields refuses others).
    get = src.bind("_get_all", operator.itemgetter(*(sys.intern(plan.name) for plan in plans)))
    return f"({', '.join(f'v{index}' for index in range(len(plans)))},) = {get}({mapping})"


def _read_whole(src: _Source, plans: list[_FieldPlan]) -> None:
    """Emit code reading every field's wire value into ``v<index>``, setting ``whole``.

    ``whole`` is true when a plain dict holds every field (one KeyError test
    for all of them); otherwise the fields are read one by one.
    """
    src.add("whole = data.__class__ is dict", 1)
    src.add("if whole:", 1)
    src.add("try:", 2)
    src.add(_read_all(src, plans, "data"), 3)
    src.add("except KeyError:", 2)
    src.add("whole = False", 3)


def generate(
    cls: type,
    plans: list[_FieldPlan],
    namespace: dict[str, Any],
    *,
    fast_new: bool,
    guard_depth: bool,
    shadowed: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Write and compile the codec functions for ``cls``; return source and namespace."""
    src = _Source(namespace, shadowed)
    src.bind("_setattr", object.__setattr__)
    for index, plan in enumerate(plans):
        _setter(src, plan, index)
    _init(src, plans)
    _dump(src, plans)
    _what_changed(src, plans)
    _primitive(src, plans)
    _load(src, plans, fast_new, guard_depth, _stores_attributes(cls, plans))
    source = "\n".join(src.lines)
    filename = f"<vobjects codec {cls.__module__}.{cls.__qualname__} at {id(cls):#x}>"
    exec(compile(source, filename, "exec"), namespace)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return source, namespace
