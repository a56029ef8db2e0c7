"""A mypy plugin for OVO-style declarations (``fields = {...}``).

Fields declared as class attributes need no plugin: mypy and pyright read
them as typed descriptors.  The OVO-style table is a plain dict to a type
checker, so its fields would read as ``Any``; with this plugin mypy gives
each entry of a literal ``fields = {...}`` its attribute type instead:
``StringField()`` reads as ``str``, ``IntegerField(nullable=True)`` as
``int | None``, ``ObjectField('Flavor')`` as ``Flavor`` when a class of that
name is visible in the module, else ``Any``.  A class's own annotation for a
name wins over the plugin.  Enable it in the mypy configuration::

    [mypy]
    plugins = vobjects.mypy

The value type comes from the field class's ``Field[T, ...]`` base, so
projects' own field classes are understood without listing them here.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import (
    MDEF,
    AssignmentStmt,
    CallExpr,
    DictExpr,
    Expression,
    NameExpr,
    RefExpr,
    StrExpr,
    SymbolTableNode,
    TypeInfo,
    Var,
)
from mypy.plugin import ClassDefContext, Plugin
from mypy.types import AnyType, Instance, NoneType, Type, TypeOfAny, UnionType, get_proper_type

_BASE = "vobjects._object.VersionedObject"
_FIELD = "vobjects.fields._core.Field"
_OBJECT = "vobjects.fields._auto.ObjectField"
_OBJECT_LIST = "vobjects.fields._auto.ListOfObjectsField"


def _fields_table(ctx: ClassDefContext) -> DictExpr | None:
    for statement in ctx.cls.defs.body:
        if (
            isinstance(statement, AssignmentStmt)
            and len(statement.lvalues) == 1
            and isinstance(statement.lvalues[0], NameExpr)
            and statement.lvalues[0].name == "fields"
            and isinstance(statement.rvalue, DictExpr)
        ):
            return statement.rvalue
    return None


def _named_class(ctx: ClassDefContext, argument: Expression) -> Type:
    """The class an object field names: a class expression, or a name visible in the module."""
    if isinstance(argument, RefExpr) and isinstance(argument.node, TypeInfo):
        return Instance(argument.node, [AnyType(TypeOfAny.special_form)] * len(argument.node.defn.type_vars))
    if isinstance(argument, StrExpr):
        if argument.value == ctx.cls.name:
            return Instance(ctx.cls.info, [])
        found = ctx.api.lookup_qualified(argument.value, ctx.cls, suppress_errors=True)
        if found is not None and isinstance(found.node, TypeInfo):
            return Instance(found.node, [])
    return AnyType(TypeOfAny.special_form)


def _value_type(ctx: ClassDefContext, call: CallExpr) -> Type | None:
    """What reading the field gives, or None when ``call`` does not build a field."""
    if not isinstance(call.callee, RefExpr) or not isinstance(call.callee.node, TypeInfo):
        return None
    info = call.callee.node
    if not info.has_base(_FIELD):
        return None
    if info.has_base(_OBJECT) or info.has_base(_OBJECT_LIST):
        value = _named_class(ctx, call.args[0]) if call.args else AnyType(TypeOfAny.special_form)
        if info.has_base(_OBJECT_LIST):
            value = ctx.api.named_type("builtins.list", [value])
    else:
        generic = Instance(info, [AnyType(TypeOfAny.special_form)] * len(info.defn.type_vars))
        field = map_instance_to_supertype(generic, ctx.api.lookup_fully_qualified(_FIELD).node)  # type: ignore[arg-type]
        value = field.args[0] if field.args else AnyType(TypeOfAny.special_form)
    for name, argument in zip(call.arg_names, call.args, strict=True):
        if name == "nullable" and ctx.api.parse_bool(argument) is not False:
            return UnionType.make_union([value, NoneType()])
    return value


def _add_fields(ctx: ClassDefContext) -> None:
    table = _fields_table(ctx)
    if table is None:
        return
    info = ctx.cls.info
    for key, call in table.items:
        if not isinstance(key, StrExpr) or not isinstance(call, CallExpr):
            continue
        value = _value_type(ctx, call)
        existing = info.names.get(key.value)
        if value is None or (existing is not None and not existing.plugin_generated):
            continue
        var = Var(key.value, get_proper_type(value))
        var.info = info
        var._fullname = f"{info.fullname}.{key.value}"
        info.names[key.value] = SymbolTableNode(MDEF, var, plugin_generated=True)


class VersionedObjectPlugin(Plugin):
    """Types the entries of ``fields = {...}`` as attributes of every VersionedObject subclass."""

    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        # Called with each direct base of a class being defined.
        found = self.lookup_fully_qualified(fullname)
        if found is not None and isinstance(found.node, TypeInfo) and found.node.has_base(_BASE):
            return _add_fields
        return None


def plugin(version: str) -> type[Plugin]:
    """The entry point mypy calls (``plugins = vobjects.mypy``)."""
    return VersionedObjectPlugin
