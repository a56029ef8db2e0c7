"""Which attributes of a class can be remotable methods, without ``dir``.

The fingerprint (:mod:`vobjects._fingerprint`) hashes every remotable method
of a class: OVO walks ``dir(cls)`` and reads each name with ``getattr``.
Here the class dicts along the MRO are read instead, each summarised once
and reused while it holds the same objects, which gives the same names and
the same values for any class whose metaclass leaves ``dir`` and attribute
lookup alone (others take OVO's walk).
"""

from __future__ import annotations

import operator
import types
import weakref
from collections.abc import Container, Iterable, Mapping
from itertools import chain, compress, repeat
from typing import Any, TypeVar

_V = TypeVar("_V")

#: What ``inspect.ismethod``, ``inspect.isfunction`` or a ``classmethod`` check accepts.
_METHOD_KINDS = (types.MethodType, types.FunctionType, classmethod)

#: Builtin types whose instances, read from a class, are never one of
#: ``_METHOD_KINDS`` (they have no ``__get__``, or one that returns no method).
_INERT = frozenset(
    {
        property,
        type,
        types.WrapperDescriptorType,
        types.MethodDescriptorType,
        types.ClassMethodDescriptorType,
        types.GetSetDescriptorType,
        types.MemberDescriptorType,
        types.BuiltinFunctionType,
        types.MappingProxyType,
        type(None),
        str,
        bytes,
        int,
        float,
        bool,
        tuple,
        list,
        dict,
        set,
        frozenset,
    }
)


def _data_descriptors(attrs: Mapping[str, Any]) -> frozenset[str]:
    """The names of the data descriptors in a metaclass's ``attrs``: they win over a class's attributes."""
    return frozenset(
        name for name, value in attrs.items() if hasattr(type(value), "__set__") or hasattr(type(value), "__delete__")
    )


_TYPE_DATA_DESCRIPTORS = frozenset().union(*(_data_descriptors(vars(klass)) for klass in (type, object)))
#: ``Py_TPFLAGS_IMMUTABLETYPE``: set on classes whose attributes cannot be set or deleted.
_IMMUTABLETYPE = 1 << 8


def _may_be_remotable(thing: Any) -> bool:
    """Whether the default finder can give an implementation for ``thing``."""
    return isinstance(thing, classmethod) or hasattr(thing, "remotable")


def method_attributes(cls: type, screen: bool) -> list[tuple[str, Any]]:
    """``(name, getattr(cls, name))`` for the names of ``dir(cls)`` that are methods.

    With ``screen`` (the default finder), only those that can be remotable:
    classmethods and things marked ``remotable``.  A class whose metaclass
    changes neither ``dir`` nor attribute lookup is read through the
    :class:`_ClassDict` of its own dict and its base's :class:`_MethodPlan`
    (or its own plan, when its MRO is not its base's extended); any other
    takes the plain way.
    """
    meta = type(cls)
    if meta is not type and not (
        isinstance(cls, type)
        and meta.__getattribute__ is type.__getattribute__
        and meta.__dir__ is type.__dir__
        and meta.mro is type.mro
    ):
        return [(name, thing) for name in dir(cls) if _is_candidate(thing := getattr(cls, name), screen)]
    out: list[tuple[str, Any]] = []
    mro = cls.__mro__
    if _extends_base(mro, meta):
        # Own dict and the base's plan, merged on each call: nothing to keep per class.
        own, base = _ClassDict.of(cls), _MethodPlan.of(mro[1])
        _pick(cls, own.entries, own.deciders, base.served, screen, out)
        _pick(cls, base.functions, base.deciders, own.names, screen, out)
        others: Iterable[str] = chain(
            [name for name in own.others if name not in base.served],
            [name for name in base.others if name not in own.names],
            own.served_reads(cls, base),
        )
    else:
        plan = _MethodPlan.of(cls)
        _pick(cls, plan.functions, plan.deciders, (), screen, out)
        others = chain(plan.others, plan.served_others)
    for name in others:
        if _is_candidate(thing := getattr(cls, name), screen):
            out.append((name, thing))
    return out


def _extends_base(mro: tuple[type, ...], meta: type) -> bool:
    """Whether a class with this MRO and metaclass extends its first base's MRO, metaclass unchanged."""
    return len(mro) > 1 and type(mro[1]) is meta and mro[1:] == mro[1].__mro__


def _pick(
    cls: type,
    entries: Iterable[tuple[str, Any]],
    deciders: Iterable[Any],
    hidden: Container[str],
    screen: bool,
    out: list[tuple[str, Any]],
) -> None:
    """Add to ``out`` the ``(name, method)`` of the entries ``hidden`` does not hold.

    With ``screen``, only entries whose deciding function is marked ``remotable``.
    """
    if screen:
        entries = compress(entries, map(hasattr, deciders, repeat("remotable")))
    for name, thing in entries:
        if name in hidden:
            continue
        if thing is None:  # a classmethod: read it to bind it
            thing = getattr(cls, name)
        if _is_candidate(thing, screen):
            out.append((name, thing))


def _is_candidate(thing: Any, screen: bool) -> bool:
    return isinstance(thing, _METHOD_KINDS) and (not screen or _may_be_remotable(thing))


class _PerClass(dict[int, tuple["weakref.ref[type]", _V]]):
    """``{class: value}`` that keeps no class alive, read without making a weak reference.

    Keyed by ``id(class)`` with a weak reference to check it: an entry goes
    when its class is collected (before the id can be used again).
    """

    def find(self, klass: type) -> _V | None:
        entry = self.get(id(klass))
        if entry is not None and entry[0]() is klass:
            return entry[1]
        return None

    def keep(self, klass: type, value: _V) -> None:
        key = id(klass)
        self[key] = (weakref.ref(klass, lambda _ref: self.pop(key, None)), value)


class _ClassDict:
    """One class's own ``__dict__``, sorted out for :class:`_MethodPlan`.

    Plain functions and classmethods of plain functions (with the function
    whose ``remotable`` mark decides each), the names of other attributes
    that might read as methods, and all names (to tell what a class shadows).
    Kept while the class's ``__dict__`` holds the same objects: a snapshot is
    compared on each use, so a patched class is seen at once.  Base classes
    (``VersionedObject``, ``object``) are sorted out once for all classes.
    """

    __slots__ = (
        "__weakref__",
        "_reads",
        "_served",
        "deciders",
        "entries",
        "entry_names",
        "names",
        "others",
        "snapshot",
    )
    _cache: _PerClass[_ClassDict]

    def __init__(self, klass: type) -> None:
        self.snapshot = dict(vars(klass))
        self.names = frozenset(self.snapshot)
        #: ``(name, function, or None for a classmethod)``, with the names
        #: and the functions whose ``remotable`` mark decides each, in step.
        self.entries: list[tuple[str, Any]] = []
        self.entry_names: list[str] = []
        self.deciders: list[Any] = []
        self.others: list[str] = []
        self._served: frozenset[str] | None = None
        self._reads: tuple[_MethodPlan, list[str]] | None = None
        for name, raw in self.snapshot.items():
            kind = type(raw)
            if kind is types.FunctionType:
                self._add(name, raw, raw)  # a function read from a class is itself
            elif kind is classmethod and type(raw.__func__) is types.FunctionType:
                self._add(name, None, raw.__func__)  # reads as a method with its function's attributes
            elif kind not in _INERT:
                self.others.append(name)

    def _add(self, name: str, thing: Any, decider: Any) -> None:
        self.entries.append((name, thing))
        self.entry_names.append(name)
        self.deciders.append(decider)

    def served(self) -> frozenset[str]:
        """The names of this metaclass dict's data descriptors (which win over a class's attributes)."""
        if self._served is None:
            self._served = _data_descriptors(self.snapshot)
        return self._served

    def served_reads(self, cls: type, base: _MethodPlan) -> list[str]:
        """For ``cls``, whose own dict this is, over ``base``: served names to read on every call."""
        if self._reads is None or self._reads[0] is not base:
            present = base.served_present | base.served.intersection(self.names)
            self._reads = (base, _served_reads(cls, present))
        return self._reads[1]

    @classmethod
    def of(cls, klass: type) -> _ClassDict:
        """The summary of ``klass``'s dict as it is now."""
        own = cls._cache.find(klass)
        try:
            # An immutable class (``object``) cannot change; any other is compared.
            if own is not None and (klass.__flags__ & _IMMUTABLETYPE or vars(klass) == own.snapshot):
                return own
        except Exception:  # a replaced attribute whose __eq__ fails
            pass
        own = cls(klass)
        cls._cache.keep(klass, own)
        return own


class _MethodPlan:
    """Which names of a class need a look for remotable methods.

    Made from the :class:`_ClassDict` of each class along the MRO, the first
    class that has a name deciding it (as for ``getattr``); for a class that
    extends one base class's MRO, from its own dict and that base's plan.
    What the metaclass serves itself is read with ``getattr`` on every call,
    unless :func:`_served_as_inert` tells it never reads as a method.  A plan
    holds while what it was made from is current (``key``: the dict
    summaries, or the own summary and the base's plan), which is checked on
    each use.  Whether a function is marked ``remotable`` is asked on every
    call: a function's attributes can change without its class changing.
    """

    __slots__ = (
        "__weakref__",
        "deciders",
        "entry_names",
        "functions",
        "key",
        "meta",
        "others",
        "served",
        "served_others",
        "served_present",
    )
    _plans: _PerClass[_MethodPlan]

    def __init__(self, cls: type, key: tuple[Any, ...]) -> None:
        self.meta = type(cls)
        self.key = key
        #: ``(name, function or None)`` and, in step, the names and the
        #: functions whose ``remotable`` mark decides each.
        self.functions: list[tuple[str, Any]] = []
        self.entry_names: list[str] = []
        self.deciders: list[Any] = []
        self.others: list[str] = []
        if isinstance(key[-1], _MethodPlan):
            self._extend(*key)
        else:
            self._merge(cls, key)
        self.served_others = _served_reads(cls, self.served_present)

    def _take(self, part: _ClassDict | _MethodPlan, hidden: Container[str]) -> None:
        """Add the entries and other names of ``part`` that ``hidden`` does not hold."""
        keep = list(map(operator.not_, map(hidden.__contains__, part.entry_names)))
        self.functions.extend(compress(part.functions if isinstance(part, _MethodPlan) else part.entries, keep))
        self.entry_names.extend(compress(part.entry_names, keep))
        self.deciders.extend(compress(part.deciders, keep))
        self.others.extend(compress(part.others, map(operator.not_, map(hidden.__contains__, part.others))))

    def _merge(self, cls: type, parts: tuple[_ClassDict, ...]) -> None:
        own, meta_parts = parts[: len(cls.__mro__)], parts[len(cls.__mro__) :]
        served = self.served = (
            _TYPE_DATA_DESCRIPTORS if self.meta is type else frozenset().union(*(p.served() for p in meta_parts))
        )
        hidden = set(served)  # decided elsewhere: by the metaclass, or an earlier class
        for part in own:
            self._take(part, hidden)
            hidden.update(part.names)
        self.served_present = served.intersection(frozenset().union(*(part.names for part in own)))

    def _extend(self, own: _ClassDict, base: _MethodPlan) -> None:
        served = self.served = base.served
        self._take(own, served)
        self._take(base, own.names)
        self.served_present = base.served_present | served.intersection(own.names)

    @classmethod
    def of(cls, target: type) -> _MethodPlan:
        """The plan of ``target`` as it is now."""
        plan = cls._plans.find(target)
        key = cls._key(target)
        if plan is None or plan.meta is not type(target) or plan.key != key:
            plan = cls(target, key)
            if len(vars(target)) != len(key[0].snapshot):
                # Reading what ``type`` serves stored ``__annotations__`` in
                # the class (OVO's walk does the same): plan again from it.
                plan = cls(target, cls._key(target))
            cls._plans.keep(target, plan)
        return plan

    @classmethod
    def _key(cls, target: type) -> tuple[Any, ...]:
        """What a plan of ``target`` is made from: its own summary and its base's plan, or all summaries."""
        meta: type = type(target)
        mro = target.__mro__
        if _extends_base(mro, meta):
            return (_ClassDict.of(target), cls.of(mro[1]))
        return tuple(map(_ClassDict.of, mro if meta is type else mro + meta.__mro__))


_ClassDict._cache = _PerClass()
_MethodPlan._plans = _PerClass()


def _served_reads(cls: type, present: frozenset[str]) -> list[str]:
    """Of the ``present`` names its metaclass serves, those to read from ``cls`` on every call."""
    return [name for name in sorted(present) if type(cls) is not type or not _served_as_inert(cls, name)]


def _served_as_inert(cls: type, name: str) -> bool:
    """Whether ``type`` serves ``name`` of ``cls`` as something that is never a method.

    ``type``'s own descriptors give the class's name, bases, dict, flags and
    the like, or (``__module__``, ``__doc__``, ``__annotations__``,
    ``__abstractmethods__``) the value stored in the class's own dict, which
    the plan's snapshots cover.  A descriptor stored there, or a read that
    fails, is left to be read on every call, as ``dir`` walks do.
    """
    if type(vars(cls).get(name)) not in _INERT:
        return False
    try:
        return type(getattr(cls, name)) in _INERT
    except AttributeError:
        return False
