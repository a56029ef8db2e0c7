"""The field machinery: ``Field``, the field type bases and the sentinel default.

A :class:`Field` pairs a :class:`FieldType` (what values look like, how they
travel) with per-attribute settings (nullable, default, read-only).  Every
text that ends up in a fingerprint (``Field.__repr__``) or that callers match
on (error messages) is the same as oslo.versionedobjects'.

Fast-path hooks read by the object core (``vobjects._codegen``):

``FieldType._vo_exact``
    Value classes that the ``coerce`` defined *in the same class body* returns
    unchanged, without side effects (exact ``type(v)``, not subclasses).
``FieldType.hydrate(obj, attr, value)``
    Exactly ``coerce(obj, attr, from_primitive(obj, attr, value))``; types
    override it to do the work in one pass.
"""

from __future__ import annotations

import abc
import copy
import itertools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Literal, TypedDict, overload

if TYPE_CHECKING:
    # Type parameter defaults (PEP 696) for checkers; the runtime needs none.
    from typing_extensions import Self, TypeVar, Unpack

    from vobjects._object import VersionedObject
else:
    import typing

    def TypeVar(name: str, *constraints: Any, default: Any = None, **options: Any) -> Any:
        """``typing.TypeVar``, accepting a PEP 696 ``default`` that only checkers use."""
        return typing.TypeVar(name, *constraints, **options)


T = TypeVar("T")
E = TypeVar("E")
#: A field's nullability as its type checkers see it: ``Literal[False]`` for
#: ``nullable=False`` (reads give ``T``), ``bool`` for anything else (reads
#: give ``T | None``).  Invariant, so that one never passes for the other.
N = TypeVar("N", bound=bool, default=Any)
S = TypeVar("S")


class FieldOptions(TypedDict, total=False):
    """The keyword arguments every field takes besides ``nullable`` (for typing)."""

    default: Any
    read_only: bool

#: Text of OVO's sentinel class; it is part of every fingerprint that hashes a
#: field without a default, so ours must print the same.
_SENTINEL_TEXT = "<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>"


class _SentinelMeta(type):
    """Metaclass giving :class:`UnspecifiedDefault` OVO's printed form."""

    def __repr__(cls) -> str:
        return _SENTINEL_TEXT

    def __str__(cls) -> str:
        return _SENTINEL_TEXT


class UnspecifiedDefault(metaclass=_SentinelMeta):
    """Marker for "this field has no default"; the class itself is the value.

    It prints as OVO's class does, so field reprs (and the fingerprints
    hashed from them) are unchanged by the move to vobjects.
    """


def _no_default(default: Any) -> bool:
    """Whether ``default`` is our sentinel or OVO's (code may pass either)."""
    if default is UnspecifiedDefault:
        return True
    return (
        isinstance(default, type)
        and default.__name__ == "UnspecifiedDefault"
        and default.__module__ == "oslo_versionedobjects.fields"
    )


def owner(cls: type, name: str) -> type | None:
    """The class in ``cls``'s MRO whose own body defines ``name``."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass
    return None


def trusted_exact(tcls: type) -> tuple[type, ...]:
    """The type's ``_vo_exact``, if declared in the same class body as its ``coerce``.

    A subclass that overrides ``coerce`` without restating ``_vo_exact``
    gets ``()``, so fast paths never skip its ``coerce``.
    """
    if owner(tcls, "_vo_exact") is not owner(tcls, "coerce"):
        return ()
    return tuple(getattr(tcls, "_vo_exact", ()))


def one_pass(tcls: type, name: str) -> bool:
    """Whether method ``name`` may stand for ``coerce(from_primitive(v))``.

    True when a class below ``FieldType`` defines it and that class derives
    from the classes defining both ``coerce`` and ``from_primitive``, so a
    user override of either is never bypassed.
    """
    method_owner = owner(tcls, name)
    coerce_owner = owner(tcls, "coerce")
    from_owner = owner(tcls, "from_primitive")
    return (
        method_owner is not None
        and method_owner is not FieldType
        and coerce_owner is not None
        and from_owner is not None
        and issubclass(method_owner, coerce_owner)
        and issubclass(method_owner, from_owner)
    )


#: The builtin containers a wire value nests in; their ``repr`` recurses.
_NESTING = frozenset({list, tuple, dict, set, frozenset})


def nests_too_deep(value: Any) -> bool:
    """Whether builtin containers nest in ``value`` deeper than the recursion limit.

    Python 3.11 cannot print such a value (RecursionError), and fields treat
    it as a hostile primitive; 3.12 and 3.13 print lists thousands deep (their
    C code recurses under limits of its own).  Testing the depth itself makes
    fields refuse or shorten the same values on every version.  The walk goes
    level by level without recursing and visits each container once, so a
    shared or self-containing value cannot make it loop.
    """
    if type(value) not in _NESTING:
        return False
    limit = sys.getrecursionlimit()
    seen: set[int] = set()
    level, depth = [value], 1
    while level:
        if depth > limit:
            return True
        below: list[Any] = []
        for container in level:
            if id(container) not in seen:
                seen.add(id(container))
                items = itertools.chain(container, container.values()) if type(container) is dict else container
                below.extend(item for item in items if type(item) in _NESTING)
        level, depth = below, depth + 1
    return False


def printed(value: Any, convert: Callable[[Any], str] = str) -> str | None:
    """``convert(value)``, or None when ``value`` is too deeply nested to print.

    That is when printing raises RecursionError or, checked alike on every
    Python version, when the value :func:`nests_too_deep`.  Only a
    container whose text is long enough to hide such nesting (each level
    prints two characters at least) is walked, so a scalar costs one set
    lookup more.
    """
    try:
        text = convert(value)
    except RecursionError:
        return None
    if type(value) in _NESTING and len(text) > 2 * sys.getrecursionlimit() and nests_too_deep(value):
        return None
    return text


def safe_text(value: Any, convert: Callable[[Any], str] = str) -> str:
    """``convert(value)`` for an error message, bounded when that cannot be printed.

    A container nested too deeply to print (a hostile primitive, see
    :func:`printed`), and an int beyond ``sys.get_int_max_str_digits()``
    (``str`` raises ValueError), are shown by a shortened ``repr`` instead.
    Values that print normally are shown exactly as OVO shows them.
    """
    try:
        text = printed(value, convert)
    except ValueError:
        text = None
    if text is None:
        from vobjects import _versions

        return _versions._shorten(value, 200)
    return text


class KeyTypeError(TypeError):
    """A dict field was given a key that is not a ``str``."""

    def __init__(self, expected: type, value: Any) -> None:
        super().__init__(f"Key {safe_text(value, repr)} must be of type {expected.__name__} not {type(value).__name__}")


class ElementTypeError(TypeError):
    """Kept for API compatibility: OVO defines it but never raises it."""

    def __init__(self, expected: str, key: Any, value: Any) -> None:
        super().__init__(f"Element {key!s}:{value!r} must be of type {expected!s} not {type(value).__name__}")


class AbstractFieldType(Generic[T], metaclass=abc.ABCMeta):
    """The five operations every field type provides."""

    @abc.abstractmethod
    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> T:
        """Turn an assigned ``value`` into this type's form, or raise ValueError."""

    @abc.abstractmethod
    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> T:
        """Rebuild a value from what :meth:`to_primitive` produced."""

    @abc.abstractmethod
    def to_primitive(self, obj: VersionedObject, attr: str, value: T) -> Any:
        """Turn a value into plain data (str, int, list, dict...) for the wire."""

    @abc.abstractmethod
    def describe(self) -> str:
        """A short name for the type, such as ``Integer``."""

    @abc.abstractmethod
    def stringify(self, value: T) -> str:
        """A short human-readable text for ``value`` (used by object reprs)."""


class FieldType(AbstractFieldType[T]):
    """A field type whose operations default to doing nothing to the value."""

    #: Value classes ``coerce`` returns untouched; see the module docstring.
    _vo_exact: tuple[type, ...] = ()
    # Optional whole-list readers a type may define (declared, not defined:
    # containers look for them); see _ElementPlan.
    _vo_hydrate_items: Callable[..., list[Any]]
    _vo_coerce_items: Callable[..., list[Any]]

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> T:
        return value  # type: ignore[no-any-return]

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> T:
        return value  # type: ignore[no-any-return]

    def to_primitive(self, obj: VersionedObject, attr: str, value: T) -> Any:
        return value

    def hydrate(self, obj: VersionedObject, attr: str, value: Any) -> T:
        """Read a wire value and coerce it, as an assignment after ``from_primitive``."""
        return self.coerce(obj, attr, self.from_primitive(obj, attr, value))

    def _vo_hydrate_item(self, obj: Any, pattr: str, cattr: str, value: Any) -> T:
        """``hydrate`` for a container element: read under ``pattr``, coerce under ``cattr``.

        OVO's containers name elements differently when reading (the
        container's name) and when coercing (``name[index]``); error texts
        follow those names, so the one-pass container readers keep both.
        """
        return self.coerce(obj, cattr, self.from_primitive(obj, pattr, value))

    def describe(self) -> str:
        return type(self).__name__

    def stringify(self, value: T) -> str:
        # Bounded for a hostile value nested too deeply to print, so that
        # repr() of an object never fails.
        return safe_text(value)

    def get_schema(self) -> dict[str, Any]:
        """A JSON-schema fragment for this type's primitive."""
        raise NotImplementedError()


class StringPattern(FieldType[T]):
    """A type whose primitive is a string matching the class's ``PATTERN`` regex."""

    PATTERN: str

    def get_schema(self) -> dict[str, Any]:
        if not hasattr(self, "PATTERN"):
            raise AttributeError(f"{type(self).__name__} has no pattern")
        return {"type": ["string"], "pattern": self.PATTERN}


class Field(Generic[T, N]):
    """One attribute of a versioned object: a type plus nullability, default, read-only.

    ``coerce`` runs on every assignment.  ``None`` is kept for nullable
    fields, replaced by a fresh copy of the default (coerced) when there is
    one, and refused otherwise.

    For type checkers a field is also a descriptor: declared as a class
    attribute (``name = StringField()``), reading ``obj.name`` gives ``T``,
    or ``T | None`` when the field is nullable.  At runtime the class turns
    such declarations into its ``fields`` table (see :mod:`vobjects._declare`).
    """

    if TYPE_CHECKING:

        @overload
        def __get__(self, obj: None, owner: Any) -> Self: ...
        @overload
        def __get__(self: Field[S, Literal[False]], obj: object, owner: Any) -> S: ...
        @overload
        def __get__(self: Field[S, bool], obj: object, owner: Any) -> S | None: ...
        def __get__(self, obj: object, owner: Any) -> Any: ...
        @overload
        def __set__(self: Field[S, Literal[False]], obj: object, value: S) -> None: ...
        @overload
        def __set__(self: Field[S, bool], obj: object, value: S | None) -> None: ...
        def __set__(self, obj: object, value: Any) -> None: ...

    _type: FieldType[T]
    _nullable: bool
    _default: Any
    _read_only: bool

    if not TYPE_CHECKING:

        def __class_getitem__(cls, params):
            # PEP 696 defaults for Pythons before 3.13: parameters left out
            # (the nullability, say) are Any, as type checkers read them.
            params = params if isinstance(params, tuple) else (params,)
            missing = len(getattr(cls, "__parameters__", ())) - len(params)
            return super().__class_getitem__(params + (Any,) * max(missing, 0))

    # The constructors fix N from ``nullable``.  The last overload, with an
    # open N, serves subclasses' ``super().__init__`` calls only: a caller's
    # ``nullable`` always matches one of the first two.
    @overload
    def __init__(
        self: Field[S, Literal[False]],
        field_type: FieldType[S],
        nullable: Literal[False] = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: Field[S, bool], field_type: FieldType[S], nullable: bool, **options: Unpack[FieldOptions]
    ) -> None: ...
    @overload
    def __init__(self, field_type: FieldType[T], nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...

    def __init__(
        self,
        field_type: FieldType[Any],
        nullable: bool = False,
        default: Any = UnspecifiedDefault,
        read_only: bool = False,
    ) -> None:
        self._type = field_type
        self._nullable = nullable
        self._default = default
        self._read_only = read_only

    def __repr__(self) -> str:
        default = self._default
        if isinstance(default, set):
            text = "set([" + ",".join(sorted(str(item) for item in default)) + "])"
        else:
            text = str(default)
        return f"{type(self._type).__name__}(default={text},nullable={self._nullable})"

    @property
    def nullable(self) -> bool:
        return self._nullable

    @property
    def default(self) -> T | type[UnspecifiedDefault]:
        return self._default  # type: ignore[no-any-return]

    @property
    def read_only(self) -> bool:
        return self._read_only

    def _null(self, obj: Any, attr: str) -> T | None:
        if self.nullable:
            return None
        if not _no_default(self._default):
            # The type sees the object and attribute each time, so the
            # default is copied and coerced on every use.
            return self._type.coerce(obj, attr, copy.deepcopy(self._default))
        raise ValueError(f"Field `{attr!s}' cannot be None")

    def coerce(self, obj: VersionedObject | None, attr: str, value: Any) -> T | None:
        """Check and convert an assigned value (see the class docstring for None)."""
        if value is None:
            return self._null(obj, attr)
        return self._type.coerce(obj, attr, value)

    def from_primitive(self, obj: VersionedObject, attr: str, value: Any) -> T | None:
        """Rebuild a value from its primitive; None stays None."""
        if value is None:
            return None
        return self._type.from_primitive(obj, attr, value)

    def to_primitive(self, obj: VersionedObject, attr: str, value: T | None) -> Any:
        """Turn a value into its primitive; None stays None."""
        if value is None:
            return None
        return self._type.to_primitive(obj, attr, value)

    def describe(self) -> str:
        """The type's name, prefixed with ``Nullable`` for nullable fields."""
        prefix = "Nullable" if self.nullable else ""
        return prefix + self._type.describe()

    def stringify(self, value: T | None) -> str:
        if value is None:
            return "None"
        return self._type.stringify(value)

    def get_schema(self) -> dict[str, Any]:
        """The type's JSON-schema fragment plus ``readonly``, null and default."""
        schema = self._type.get_schema()
        schema["readonly"] = self.read_only
        if self.nullable:
            if "type" in schema:
                schema["type"].append("null")
            else:
                # OVO raised KeyError here for ``oneOf`` schemas; offer null
                # as one more alternative instead.
                for key in ("oneOf", "anyOf"):
                    if key in schema:
                        schema[key] = [*schema[key], {"type": ["null"]}]
                        break
        if not _no_default(self.default):
            schema["default"] = self.default
        return schema


class _ElementPlan:
    """What a container may assume about its element type, decided once."""

    __slots__ = (
        "coerce",
        "coerce_exact",
        "coerce_items",
        "coerce_keep",
        "dump",
        "from_identity",
        "hydrate_exact",
        "hydrate_keep",
        "item",
        "items",
        "to_identity",
    )

    def __init__(self, element: Field[Any]) -> None:
        etype = element._type
        tcls = type(etype)
        exact = trusted_exact(tcls) if type(element) is Field else ()
        self.coerce: Callable[[Any, str, Any], Any] = element.coerce
        self.coerce_exact = exact
        self.to_identity = tcls.to_primitive is FieldType.to_primitive
        self.from_identity = tcls.from_primitive is FieldType.from_primitive
        # ``to_primitive`` of a non-None element as a one-argument function,
        # when the type declares one (``_vo_dump``) beside its to_primitive.
        dump_owner = owner(tcls, "_vo_dump")
        plain = type(element) is Field and dump_owner is not None and dump_owner is owner(tcls, "to_primitive")
        self.dump: Callable[[Any], Any] | None = tcls._vo_dump if plain else None  # type: ignore[attr-defined]
        self.hydrate_exact = exact if self.from_identity else ()
        # Classes of elements that assignment (coerce_keep) or reading from
        # the wire (hydrate_keep) leaves as they are: the exact types, and
        # None where a plain nullable element field keeps it.
        null = frozenset({type(None)}) if type(element) is Field and element.nullable else frozenset()
        self.coerce_keep = frozenset(exact) | null
        self.hydrate_keep = frozenset(self.hydrate_exact) | null
        if type(element) is Field and one_pass(tcls, "_vo_hydrate_item"):
            self.item: Callable[[Any, str, str, Any], Any] = etype._vo_hydrate_item
        else:
            self.item = _generic_item(element)
        # A type's reader for a whole list of wire elements (None when it has
        # none): ``items(obj, pattr, cattr, values, coerce)`` returns what
        # ``item`` (``coerce`` for a None element) gives for each, in order.
        self.items: Callable[..., list[Any]] | None = (
            etype._vo_hydrate_items if type(element) is Field and one_pass(tcls, "_vo_hydrate_items") else None
        )
        # Likewise for assignment: ``coerce_items(obj, attr, values, coerce)``
        # returns ``coerce(obj, f"{attr}[{n}]", value)`` of each, in order.
        items_owner = owner(tcls, "_vo_coerce_items")
        self.coerce_items: Callable[..., list[Any]] | None = (
            etype._vo_coerce_items
            if type(element) is Field and items_owner is not None and items_owner is owner(tcls, "coerce")
            else None
        )


def _generic_item(element: Field[Any]) -> Callable[[Any, str, str, Any], Any]:
    """Element reader calling the element field's from_primitive then coerce."""
    read = element.from_primitive
    coerce = element.coerce

    def item(obj: Any, pattr: str, cattr: str, value: Any) -> Any:
        return coerce(obj, cattr, read(obj, pattr, value))

    return item


class CompoundFieldType(FieldType[Any], Generic[E]):
    """Base of the container types; elements are checked by a wrapped ``Field``.

    ``field_args`` (``nullable``, ``default``, ``read_only``) configure that
    element field, e.g. ``Dict(String(), nullable=True)``.
    """

    _vo_plan: _ElementPlan | None = None

    def __init__(self, element_type: FieldType[E], **field_args: Any) -> None:
        if isinstance(element_type, type):
            raise TypeError(
                "Element type must be a FieldType instance, not a class. "
                f"Use {element_type.__name__}() instead of {element_type.__name__}."
            )
        self._element_type: Field[E] = Field(element_type, **field_args)
        self._vo_plan = _ElementPlan(self._element_type)

    def __getstate__(self) -> dict[str, Any]:
        # The plan holds bound methods and closures; it is rebuilt on demand,
        # so copies and pickles leave it out.
        state = self.__dict__.copy()
        state.pop("_vo_plan", None)
        return state

    def _plan(self) -> _ElementPlan:
        """The element plan (built late for subclasses that skip ``__init__``)."""
        plan = self._vo_plan
        if plan is None:
            plan = self._vo_plan = _ElementPlan(self._element_type)
        return plan


class AutoTypedField(Field[T, N]):
    """A ``Field`` whose type is the class (or instance) attribute ``AUTO_TYPE``.

    Type checkers cannot carry ``nullable`` through an inherited
    constructor, so each ready-made subclass repeats the two overloads of
    :meth:`__init__`; a project's own subclass reads as not nullable unless
    it does the same (see the typing guide).
    """

    AUTO_TYPE: FieldType[T]

    @overload
    def __init__(
        self: AutoTypedField[S, Literal[False]],
        *,
        nullable: Literal[False] = False,
        **options: Unpack[FieldOptions],
    ) -> None: ...
    @overload
    def __init__(self: AutoTypedField[S, bool], *, nullable: bool, **options: Unpack[FieldOptions]) -> None: ...
    @overload
    def __init__(self, *, nullable: bool = False, **options: Unpack[FieldOptions]) -> None: ...

    def __init__(
        self,
        nullable: bool = False,
        default: T | type[UnspecifiedDefault] = UnspecifiedDefault,
        read_only: bool = False,
    ) -> None:
        super().__init__(self.AUTO_TYPE, nullable=nullable, default=default, read_only=read_only)
