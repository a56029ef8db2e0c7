"""Object fingerprints, computed byte for byte as oslo.versionedobjects does.

A fingerprint is ``'<VERSION>-<md5>'``.  The md5 is taken over the ``repr``
of a tuple holding the class's fields sorted by name, the argument specs of
its remotable methods sorted by name, the list's ``child_versions`` (list
objects only) and whatever ``extra_data_func(cls)`` adds.  Projects keep
hundreds of these strings in their tests, so every character of that repr
must stay as OVO prints it (contract section 4.1).

:class:`Inputs` holds the same data as text pieces.  It is what a snapshot
stores, and what the explanation of a changed hash (:mod:`vobjects._explain`)
edits and re-hashes to find out what changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import types
import weakref
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterable
from reprlib import recursive_repr
from typing import Any, cast

from vobjects import _methodscan

#: What ``inspect.getargspec`` returned before Python 3.11 removed it.  Stored
#: hashes were computed over its repr, so methods that need nothing more
#: (no annotations, no keyword-only arguments) are still described with it.
ArgSpec = namedtuple("ArgSpec", ("args", "varargs", "keywords", "defaults"))
CompatArgSpec = ArgSpec

ExtraDataFunc = Callable[[type], tuple[Any, ...]]


class OsloOrderedDict(OrderedDict):  # type: ignore[type-arg]
    """An ``OrderedDict`` printed as Python 3.11 and older printed it.

    Python 3.12 changed ``repr(OrderedDict)`` to a dict display; the hashes
    of list objects include their ``child_versions`` in the old form
    ``OrderedDict([('1.0', '1.2')])``.
    """

    @recursive_repr()
    def __repr__(self) -> str:
        if not self:
            return "OrderedDict()"
        return f"OrderedDict({list(self.items())!r})"


def get_method_spec(method: Callable[..., Any]) -> Any:
    """The argument spec of ``method`` as it enters a fingerprint.

    An :data:`ArgSpec` when the method has no annotations and no keyword-only
    arguments (what old hashes were computed with); otherwise the full
    :class:`inspect.FullArgSpec`.
    """
    spec = _full_arg_spec(method)
    if spec.kwonlyargs or spec.kwonlydefaults or spec.annotations:
        return spec._replace(
            args=list(spec.args),
            kwonlyargs=list(spec.kwonlyargs),
            kwonlydefaults=None if spec.kwonlydefaults is None else dict(spec.kwonlydefaults),
            annotations=dict(spec.annotations),
        )
    return ArgSpec(list(spec.args), spec.varargs, spec.varkw, spec.defaults)


#: Function attributes that ``inspect`` reads in place of the code: a function
#: carrying one is never remembered.
_SIGNATURE_ATTRS = ("__signature__", "__text_signature__", "_partialmethod")
_SPECS: weakref.WeakKeyDictionary[Any, tuple[tuple[Any, ...], inspect.FullArgSpec]] = weakref.WeakKeyDictionary()


def _full_arg_spec(method: Callable[..., Any]) -> inspect.FullArgSpec:
    """``inspect.getfullargspec(method)``, remembered for a plain function.

    A remembered spec is used while the function has the same code, the same
    defaults tuple, and keyword defaults and annotations holding the same
    objects, which is all ``inspect`` reads from such a function.  Callers
    get copies of its lists and dicts (:func:`get_method_spec`).
    """
    inputs = _spec_inputs(method)
    if inputs is None:
        return inspect.getfullargspec(method)
    known = _SPECS.get(method)
    if known is not None and _same_objects(known[0], inputs):
        return known[1]
    spec = inspect.getfullargspec(method)
    _SPECS[method] = (inputs, spec)
    return spec


def _spec_inputs(method: Any) -> tuple[Any, ...] | None:
    """What ``inspect`` reads from a plain function's signature, or None for anything else."""
    if type(method) is not types.FunctionType or any(name in method.__dict__ for name in _SIGNATURE_ATTRS):
        return None
    kwdefaults = method.__kwdefaults__
    return (
        method.__code__,
        method.__defaults__,
        None if kwdefaults is None else tuple(kwdefaults.items()),
        tuple(method.__annotations__.items()),
    )


def _same_objects(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Whether two :func:`_spec_inputs` hold the very same objects (equal is not enough: ``1 == 1.0``)."""
    code, defaults, kwdefaults, annotations = old
    return (
        code is new[0] and defaults is new[1] and _same_items(kwdefaults, new[2]) and _same_items(annotations, new[3])
    )


def _same_items(old: tuple[tuple[str, Any], ...] | None, new: tuple[tuple[str, Any], ...] | None) -> bool:
    if old is None or new is None:
        return old is new
    return len(old) == len(new) and all(a[0] == b[0] and a[1] is b[1] for a, b in zip(old, new, strict=True))


def find_remotable_method(cls: type, thing: Any) -> Any:
    """The implementation below a stack of remotable wrappers, or None.

    ``thing`` is an attribute read from ``cls``.  A ``classmethod`` object is
    bound to ``cls`` first (and, as in OVO, does not count as a remotable
    layer); a function or method with a ``remotable`` attribute is followed
    to its ``original_fn``.  The first callable below at least one remotable
    layer is the implementation; a chain with no remotable layer gives None.
    """
    below_remotable = False
    for _ in range(1000):  # a wrapper whose original_fn loops back on itself
        if isinstance(thing, classmethod):
            thing = thing.__get__(None, cls)
            below_remotable = False
        elif (inspect.ismethod(thing) or inspect.isfunction(thing)) and hasattr(thing, "remotable"):
            thing = cast(Any, thing).original_fn
            below_remotable = True
        else:
            return thing if below_remotable else None
    raise RecursionError(f"the remotable chain of {thing!r} does not end")


_DEFAULT_FIND = find_remotable_method


def remotable_methods(
    cls: type, find: Callable[[type, Any], Any] = find_remotable_method
) -> list[tuple[str, Callable[..., Any]]]:
    """``(name, implementation)`` of every remotable method of ``cls``, by name.

    Inherited methods count; plain methods and properties do not.  Every
    name ``dir(cls)`` lists is considered, ``getattr(cls, name)`` must be a
    method, function or classmethod, and ``find`` must give an implementation.
    """
    found = []
    for name, thing in _methodscan.method_attributes(cls, screen=find is _DEFAULT_FIND):
        impl = find(cls, thing)
        if impl:
            found.append((name, impl))
    found.sort(key=lambda item: item[0])
    return found


def fingerprint_data(
    cls: type,
    extra_data_func: ExtraDataFunc | None = None,
    *,
    spec_of: Callable[[Callable[..., Any]], Any] | None = None,
    find: Callable[[type, Any], Any] = find_remotable_method,
) -> tuple[Any, ...]:
    """The tuple whose ``repr`` is hashed for ``cls``.

    ``spec_of`` and ``find`` replace :func:`get_method_spec` and
    :func:`find_remotable_method` (the checker passes its own, so tests
    that patch them, as OVO's do, keep working).
    """
    spec_of = spec_of or get_method_spec
    fields = sorted(cls.fields.items())  # type: ignore[attr-defined]
    methods = sorted((name, spec_of(impl)) for name, impl in remotable_methods(cls, find))
    data: tuple[Any, ...]
    if hasattr(cls, "child_versions"):
        data = (fields, methods, OsloOrderedDict(sorted(cls.child_versions.items())))
    else:
        data = (fields, methods)
    if extra_data_func:
        data += extra_data_func(cls)
    return data


def md5_hex(text: str) -> str:
    """The md5 hex digest of ``text`` (UTF-8)."""
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def fingerprint(cls: type, extra_data_func: ExtraDataFunc | None = None) -> str:
    """``'<VERSION>-<md5>'`` for ``cls``, as OVO's ``ObjectVersionChecker`` computes it."""
    return f"{cls.VERSION}-{md5_hex(repr(fingerprint_data(cls, extra_data_func)))}"  # type: ignore[attr-defined]


def split_hash(value: str) -> tuple[str, str]:
    """``'1.2-abc'`` -> ``('1.2', 'abc')``; a string without ``-`` has no version."""
    version, sep, digest = value.rpartition("-")
    if not sep:
        return "", value
    return version, digest


# -- signatures -----------------------------------------------------------------


def _annotation_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return inspect.formatannotation(value)


def render_signature(name: str, spec: Any) -> str:
    """``spec`` (an :data:`ArgSpec` or ``FullArgSpec``) as ``name(a, b=1, *, c) -> T``."""
    if isinstance(spec, ArgSpec):
        args, varargs, varkw, defaults = spec.args, spec.varargs, spec.keywords, spec.defaults
        kwonly: list[str] = []
        kwdefaults: dict[str, Any] = {}
        notes: dict[str, Any] = {}
    else:
        args, varargs, varkw, defaults = spec.args, spec.varargs, spec.varkw, spec.defaults
        kwonly, kwdefaults, notes = spec.kwonlyargs, spec.kwonlydefaults or {}, spec.annotations

    def one(arg: str, prefix: str = "", default: Any = inspect.Parameter.empty) -> str:
        text = prefix + arg
        if arg in notes:
            text += f": {_annotation_text(notes[arg])}"
        if default is not inspect.Parameter.empty:
            text += f" = {default!r}" if arg in notes else f"={default!r}"
        return text

    defaults = tuple(defaults or ())
    first_default = len(args) - len(defaults)
    parts = [
        one(arg, default=defaults[i - first_default] if i >= first_default else inspect.Parameter.empty)
        for i, arg in enumerate(args)
    ]
    if varargs:
        parts.append(one(varargs, "*"))
    elif kwonly:
        parts.append("*")
    parts.extend(one(arg, default=kwdefaults.get(arg, inspect.Parameter.empty)) for arg in kwonly)
    if varkw:
        parts.append(one(varkw, "**"))
    text = f"{name}({', '.join(parts)})"
    if "return" in notes:
        text += f" -> {_annotation_text(notes['return'])}"
    return text


# -- inputs as text ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Method:
    """One remotable method: its spec repr (hashed) and a readable signature."""

    name: str
    spec: str
    signature: str


@dataclasses.dataclass(frozen=True)
class Inputs:
    """The fingerprint inputs of one class, as text.

    ``fields`` are ``(name, repr(field))`` sorted by name; ``child_versions``
    is None for classes without that attribute; ``extra`` holds the repr of
    each item ``extra_data_func`` returned.
    """

    name: str
    version: str
    fields: tuple[tuple[str, str], ...]
    methods: tuple[Method, ...]
    child_versions: tuple[tuple[str, str], ...] | None = None
    extra: tuple[str, ...] = ()

    @classmethod
    def from_class(cls, obj_class: type, extra_data_func: ExtraDataFunc | None = None) -> Inputs:
        """Read the inputs of ``obj_class``."""
        data = fingerprint_data(obj_class, extra_data_func)
        methods = []
        for name, spec in data[1]:
            methods.append(Method(name, repr(spec), render_signature(name, spec)))
        has_children = hasattr(obj_class, "child_versions")
        child_versions = tuple((str(k), str(v)) for k, v in data[2].items()) if has_children else None
        extra = tuple(repr(item) for item in data[3 if has_children else 2 :])
        return cls(
            name=obj_class.obj_name(),  # type: ignore[attr-defined]
            version=str(obj_class.VERSION),  # type: ignore[attr-defined]
            fields=tuple((name, repr(field)) for name, field in data[0]),
            methods=tuple(methods),
            child_versions=child_versions,
            extra=extra,
        )

    def text(self) -> str:
        """The repr that the md5 is taken over."""
        return assemble(
            [field_piece(name, text) for name, text in self.fields],
            [method_piece(method.name, method.spec) for method in self.methods],
            None if self.child_versions is None else [child_piece(k, v) for k, v in self.child_versions],
            self.extra,
        )

    def md5(self) -> str:
        return md5_hex(self.text())

    def fingerprint(self) -> str:
        return f"{self.version}-{self.md5()}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the record a snapshot file holds)."""
        record: dict[str, Any] = {
            "name": self.name,
            "version": self.version,
            "fields": [list(item) for item in self.fields],
            "methods": [[m.name, m.spec, m.signature] for m in self.methods],
        }
        if self.child_versions is not None:
            record["child_versions"] = [list(item) for item in self.child_versions]
        if self.extra:
            record["extra"] = list(self.extra)
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Inputs:
        """Read what :meth:`to_json` wrote; raises KeyError/TypeError/ValueError if malformed."""
        children = record.get("child_versions")
        return cls(
            name=str(record["name"]),
            version=str(record["version"]),
            fields=tuple((str(name), str(text)) for name, text in record["fields"]),
            methods=tuple(Method(str(n), str(s), str(sig)) for n, s, sig in record["methods"]),
            child_versions=None if children is None else tuple((str(k), str(v)) for k, v in children),
            extra=tuple(str(item) for item in record.get("extra", ())),
        )


def field_piece(name: str, field_repr: str) -> str:
    return f"({name!r}, {field_repr})"


def method_piece(name: str, spec_repr: str) -> str:
    return f"({name!r}, {spec_repr})"


def child_piece(parent_version: str, child_version: str) -> str:
    return repr((parent_version, child_version))


def assemble(
    fields: Iterable[str], methods: Iterable[str], children: Iterable[str] | None, extra: Iterable[str] = ()
) -> str:
    """Join repr pieces into the text of the hashed tuple."""
    parts = ["[" + ", ".join(fields) + "]", "[" + ", ".join(methods) + "]"]
    if children is not None:
        pieces = list(children)
        parts.append(f"OrderedDict([{', '.join(pieces)}])" if pieces else "OrderedDict()")
    parts.extend(extra)
    return "(" + ", ".join(parts) + ")"
