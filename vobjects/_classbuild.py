"""Per-class setup: merged fields, field properties and the generated codec.

``make_class_properties`` is what OVO runs at registration; here it also
builds the class's :class:`Codec`.  Classes that are never registered get a
codec built lazily from their own ``fields`` (without properties), which is
what OVO's per-call loops see for such classes.
"""

from __future__ import annotations

import operator
import threading
from typing import TYPE_CHECKING, Any

from vobjects import _codegen, _lifecycle, _versions, exception
from vobjects import fields as _fields
from vobjects._limits import limits
from vobjects.fields._coerced import make_list

if TYPE_CHECKING:
    from collections.abc import Callable

    from vobjects._object import VersionedObject

_MISSING = object()
_WRAPPED = (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError)


class _State(threading.local):
    """Per thread (or greenthread): how deeply hydration is nested right now.

    The depth is kept in a one-item list, ``box``: a load reads the
    thread-local once and then works on the list (a thread-local attribute
    costs several times a list item), and hands the same list to the
    children it loads itself.
    """

    def __init__(self) -> None:
        self.box = [0]


_state = _State()


class Codec:
    """Everything about one class that OVO recomputes per call, computed once."""

    attr_of: dict[str, str]
    cls: type[VersionedObject]
    dump: Callable[[Any], dict[str, Any]]
    fields: dict[str, _fields.Field[Any]]
    fieldset: frozenset[str]
    init: Callable[[Any, Any, dict[str, Any]], None]
    key_changes: str
    key_data: str
    key_name: str
    key_namespace: str
    key_version: str
    lazy: frozenset[str]
    lifecycle: Any
    #: ``load(cls, context, objver, primitive, box=None)``, see ``_codegen._load``.
    load: Callable[..., Any]
    name: str
    #: Whether a field may hold an object, whose own changes count as a change.
    nested_changes: bool
    #: Built at registration, with field properties (else on first use).
    registered: bool
    #: ``primitive(self)``: a child's ``obj_to_primitive()``, see ``_codegen._primitive``.
    primitive: Callable[[Any], dict[str, Any]]
    setters: dict[str, Callable[[Any, Any], None]]
    #: A class in the MRO defines some field's ``_obj_<name>`` (see
    #: :func:`_shadowed`): storage is reached by attribute access, as in OVO.
    shadowed: bool
    sorted_fields: tuple[tuple[str, _fields.Field[Any]], ...]
    source: str
    subobject_fields: tuple[str, ...]
    version: tuple[int, ...]
    what_changed: Callable[[Any], set[str]]
    # One slot per attribute annotated above (a codec is read on every call).
    __slots__ = tuple(__annotations__)

    def __repr__(self) -> str:
        return f"<Codec for {self.cls.__qualname__} {self.version}>"


def _merged_fields(cls: type[VersionedObject]) -> dict[str, _fields.Field[Any]]:
    merged = dict(cls.fields)
    for supercls in cls.mro()[1:-1]:
        for name, field in getattr(supercls, "fields", {}).items():
            merged.setdefault(name, field)
    for name, field in merged.items():
        if not isinstance(field, _fields.Field):
            raise exception.ObjectFieldInvalid(field=name, objname=cls.obj_name())
        if type(name) is not str:
            raise exception.ObjectFieldInvalid(
                f"Field name {name!r} of {cls.obj_name()} is not a str", field=name, objname=cls.obj_name()
            )
    return merged


def _shadowed(cls: type, attrs: Any) -> bool:
    """Whether a class in ``cls``'s MRO defines any of the instance attributes ``attrs``.

    A descriptor there (watcher's ``_obj_state`` property) or even a plain
    class value is what OVO's ``hasattr``/``getattr``/``setattr`` on
    ``_obj_<name>`` see, and what ``__dict__`` access would bypass.
    VersionedObject's own names (its ``_obj_version_manifest`` property,
    which OVO keeps on the instance) do not count: a field of such a name
    is stored in ``__dict__`` (see ``_codegen._attr_store``).
    """
    from vobjects._object import VersionedObject

    return any(
        attr in vars(klass)
        for klass in cls.__mro__
        if klass is not VersionedObject and klass is not object
        for attr in attrs
    )


def _deleter(name: str, shadowed: bool) -> Any:
    attr = "_obj_" + name
    if shadowed and not _codegen.versioned_objects_own(attr):

        def delete_attribute(self: Any) -> None:
            if not hasattr(self, attr):
                raise AttributeError(f"No such attribute `{name}'")
            delattr(self, attr)

        return delete_attribute

    def delete(self: Any) -> None:
        try:
            del self.__dict__[attr]
        except KeyError:
            raise AttributeError(f"No such attribute `{name}'") from None

    return delete


def _getter(name: str, shadowed: bool) -> Any:
    attr = "_obj_" + name
    own = _codegen.versioned_objects_own(attr)
    if shadowed and "." in attr and not own:
        # getattr does not read a dotted name as a path; a miss (an
        # AttributeError out of the property) falls back to __getattr__.
        return lambda self: getattr(self, attr)
    if "." not in attr and not own:
        return operator.attrgetter(attr)  # C-level; a miss falls back to __getattr__

    def get(self: Any) -> Any:  # attrgetter would read a dotted name as a path
        try:
            return self.__dict__[attr]
        except KeyError:
            return self.__getattr__(name)

    return get


def make_class_properties(cls: type[VersionedObject]) -> None:
    """Merge inherited fields into ``cls.fields``, add properties, build the codec."""
    cls.fields = _merged_fields(cls)
    codec = build_codec(cls, with_properties=True)
    for name, setter in codec.setters.items():
        setattr(cls, name, property(_getter(name, codec.shadowed), setter, _deleter(name, codec.shadowed)))


def codec_for(cls: type[VersionedObject]) -> Codec:
    """The codec of ``cls``, building one for a class that was never registered."""
    codec = cls.__dict__.get("_vo_codec")
    if codec is None:
        codec = build_codec(cls, with_properties=False)
    return codec


def _rebuilt(cls: type[VersionedObject]) -> Codec:
    """A new codec for ``cls``, whose ``__init__`` was replaced after its codec was built.

    The codec's ``load`` skipped ``__init__`` because the class kept
    VersionedObject's; OVO builds every object it reads with ``cls()``, so a
    wrapper installed later (debtcollector's ``removed_class`` wraps
    ``__init__`` to warn) must run.  The new codec's ``load`` calls ``cls()``.
    """
    return build_codec(cls, with_properties=cls._vo_codec.registered)  # type: ignore[union-attr]


def build_codec(cls: type[VersionedObject], *, with_properties: bool) -> Codec:
    from vobjects import _object
    from vobjects._object import VersionedObject, init_by_setattr, load_children, loads_children

    fields = dict(cls.fields)
    plans = [_codegen._FieldPlan(name, field) for name, field in fields.items()]
    serial_ns = cls.OBJ_SERIAL_NAMESPACE
    codec = Codec()
    codec.cls = cls
    codec.fields = fields
    codec.fieldset = frozenset(fields)
    codec.attr_of = {name: "_obj_" + name for name in (*fields, *cls.obj_extra_fields)}
    codec.shadowed = _shadowed(cls, codec.attr_of.values())
    # Fields read through a property lazy-load when unset: all of them once
    # registered (the properties are added next), and those an unregistered
    # subclass inherits from a registered class.
    codec.lazy = (
        codec.fieldset
        if with_properties
        else frozenset(name for name in fields if isinstance(getattr(cls, name, None), property))
    )
    codec.sorted_fields = tuple(sorted(fields.items(), key=operator.itemgetter(0)))
    codec.subobject_fields = tuple(
        name
        for name, field in fields.items()
        if isinstance(field, (_fields.ObjectField, _fields.ListOfObjectsField))
    )
    codec.version = _versions.parse(cls.VERSION, objname=cls.__name__)
    # Declared field/enum lifecycles (vobjects._lifecycle), None when none.
    codec.lifecycle = _lifecycle.build(cls)
    codec.name = cls.obj_name()
    codec.key_name = serial_ns + ".name"
    codec.key_namespace = serial_ns + ".namespace"
    codec.key_version = serial_ns + ".version"
    codec.key_data = serial_ns + ".data"
    codec.key_changes = serial_ns + ".changes"
    namespace: dict[str, Any] = {
        "_FIELDSET": codec.fieldset,
        "_VersionedObject": VersionedObject,
        "_ReadOnlyFieldError": exception.ReadOnlyFieldError,
        "_VersionedObjectsException": exception.VersionedObjectsException,
        "_WRAPPED": _WRAPPED,
        "_new": object.__new__,
        "_K_CHANGES": codec.key_changes,
        "_K_DATA": codec.key_data,
        "_K_NAME": codec.key_name,
        "_K_NAMESPACE": codec.key_namespace,
        "_K_VERSION": codec.key_version,
        "_NAME": codec.name,
        "_CLS": cls,
        "_TO_PRIMITIVE": _object.VersionedObject.obj_to_primitive,
        "_ATTR_IS_SET": _object._ATTR_IS_SET,
        "_WHAT_CHANGED": _object._WHAT_CHANGED,
        "_MISSING": _MISSING,
        "_state": _state,
        "_limits": limits,
        "_loads_children": loads_children,
        "_load_children": load_children,
        "_make_list": make_list,
        "_envelope_error": _envelope_error,
        "_too_deep": _too_deep,
        "_field_error": _field_error,
        "_locate": _locate,
        "_first_unset": _first_unset,
        "_ATTRS": tuple((name, "_obj_" + name) for name in fields),
        "_VO_INIT": VersionedObject.__init__,
        "_rebuilt": _rebuilt,
    }
    codec.source, namespace = _codegen.generate(
        cls,
        plans,
        namespace,
        fast_new=cls.__init__ is VersionedObject.__init__ and cls.__new__ is object.__new__,
        guard_depth=any(plan.may_nest for plan in plans),
        shadowed=codec.shadowed,
    )
    # A class that was never registered has no field properties, so its
    # constructor sets plain attributes (as OVO's does) and uses no setters.
    codec.setters = (
        {plan.name: namespace[f"set_{index}"] for index, plan in enumerate(plans)} if with_properties else {}
    )
    # The constructor's work (see VersionedObject.__init__): generated for a
    # registered class, OVO's setattr loop for the others and for a class
    # with its own __setattr__, which must see every assignment.
    codec.init = namespace["init"] if with_properties and cls.__setattr__ is object.__setattr__ else init_by_setattr
    codec.dump = namespace["dump"]
    codec.load = namespace["load"]
    codec.what_changed = namespace["what_changed"]
    codec.registered = with_properties
    codec.primitive = namespace["primitive"]
    codec.nested_changes = any(plan.may_hold_object for plan in plans)
    cls._vo_codec = codec
    cls._vo_version = codec.version
    return codec


def _envelope_error(cls: type, objver: str, key: str, value: Any) -> exception.MalformedPrimitive:
    """The error for a missing or wrongly typed ``data``/``changes`` entry."""
    codec = cls._vo_codec  # type: ignore[attr-defined]
    if value is _MISSING:
        return exception.PrimitiveKeyMissing(objname=codec.name, objver=objver, reason=f"the key {key!r} is missing")
    expected = "a dict" if key == codec.key_data else "a list"
    return exception.MalformedPrimitive(
        objname=codec.name, objver=objver, reason=f"{key!r} is a {type(value).__name__}, not {expected}"
    )


def _too_deep(cls: type, objver: str) -> exception.PrimitiveTooDeep:
    return exception.PrimitiveTooDeep(
        objname=cls._vo_codec.name,  # type: ignore[attr-defined]
        objver=objver,
        reason=f"objects are nested more than {limits.max_depth} deep (limits.max_depth)",
    )


#: Longest quote of a field's error in a hydration error's message.
_REASON_LIMIT = 400


def _field_error(
    cls: type, objver: str, name: str | None, data: dict[str, Any], changes: Any, exc: BaseException
) -> exception.VersionedObjectsException:
    """Describe a failed hydration: which object, version, field and value.

    The field's own error (kept whole as ``__cause__``) is quoted cut to
    ``_REASON_LIMIT`` characters: it often prints the refused value whole, as
    OVO's does, and a wire value may be a megabyte string or a million-item
    list.
    """
    codec = cls._vo_codec  # type: ignore[attr-defined]
    if name is None:
        return exception.MalformedPrimitive(
            objname=codec.name,
            objver=objver,
            reason=f"bad changes list {_versions._shorten(changes)}: {_versions._clip(str(exc), _REASON_LIMIT)}",
        )
    field = codec.fields[name]
    value = _describe_value(field, data[name])
    error = next((wrapper for builtin, wrapper in _WRAPPERS if isinstance(exc, builtin)), exception.FieldValueInvalid)
    reason = _versions._clip(str(exc), _REASON_LIMIT) or type(exc).__name__
    return error(objname=codec.name, objver=objver, field=name, value=value, reason=reason)


def _first_unset(d: dict[str, Any], attrs: tuple[tuple[str, str], ...]) -> str | None:
    """The first field (in field order) not yet stored in ``d``: the one a failed load was reading."""
    for name, attr in attrs:
        if attr not in d:
            return name
    return None


def _locate(exc: exception.VersionedObjectsException, cls: type, objver: str, name: str | None) -> None:
    """Record in a nested error which field of which object it came through."""
    if name is not None and isinstance(exc, exception._Located) and not isinstance(exc, exception.PrimitiveTooDeep):
        exc._add_location(f"{cls._vo_codec.name}.{name} {objver}")  # type: ignore[attr-defined]


#: The wrapper for each builtin a field may raise, so that the error OVO would
#: have let escape (caught by callers written for OVO) is still that builtin.
_WRAPPERS = (
    (TypeError, exception.FieldTypeInvalid),
    (AttributeError, exception.FieldAttributeInvalid),
    (OverflowError, exception.FieldOverflow),
    (KeyError, exception.FieldKeyInvalid),
    (IndexError, exception.FieldIndexInvalid),
)


def _describe_value(field: _fields.Field[Any], value: Any) -> str:
    if isinstance(field._type, _fields.SensitiveString):
        return "<secret>"
    return _versions._shorten(value)
