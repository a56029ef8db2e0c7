"""Backporting child objects inside a primitive, and version manifests.

The rules are OVO's (contract section 1.3): a parent's ``obj_relationships``
(or a manifest of versions the receiver knows) decides the version each
child object is rewritten to; a child that did not exist at the target
version is removed.  Versions are compared as parsed tuples from the cache.
"""

from __future__ import annotations

import threading
import types
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from vobjects import _classbuild, _object, _registry, _versions, exception
from vobjects import fields as _fields

if TYPE_CHECKING:
    from vobjects._object import VersionedObject


class _Manifests(threading.local):
    """Per thread: ``{id(obj): manifest}`` for objects being backported now.

    OVO stores the manifest on the instance for the duration of a backport,
    so two threads backporting one object read each other's manifest.
    """

    def __init__(self) -> None:
        self.active: dict[int, dict[str, str] | None] = {}


manifests = _Manifests()
_NONE = object()


def active_manifest(obj: object) -> Any:
    """The manifest in effect for ``obj`` in this thread, or ``_NONE``."""
    return manifests.active.get(id(obj), _NONE)


def subobject_version(target_version: str, relationships: Iterable[tuple[str, str]]) -> Any:
    """The child version the rule at ``target_version`` picks, or ``_NONE`` when none applies.

    Raises TargetBeforeSubobjectExistedException when the target is older
    than the first rule; ``_NONE`` means it is newer than every rule (leave
    the child as it is).  OVO's walk, returning the version instead of
    calling back, so a backport costs no closure.
    """
    target = _versions.parse(target_version)
    previous_child: Any = _NONE
    for parent, child in relationships:
        parent_version = _versions.parse(parent)
        if target < parent_version:
            if previous_child is _NONE:
                raise exception.TargetBeforeSubobjectExistedException(target_version=target_version)
            return previous_child
        if target == parent_version:
            return child
        previous_child = child
    return _NONE


def get_subobject_version(
    target_version: str, relationships: Iterable[tuple[str, str]], backport: Callable[[str], None]
) -> None:
    """Call ``backport(child_version)`` for the rule that applies at ``target_version``.

    OVO's ``_get_subobject_version``: raises
    TargetBeforeSubobjectExistedException when the target is older than the
    first rule; does nothing when it is newer than every rule.
    """
    version = subobject_version(target_version, relationships)
    if version is not _NONE:
        backport(version)


def do_subobject_backport(to_version: str, parent: VersionedObject, field: str, primitive: dict[str, Any]) -> None:
    """Rewrite the child primitive(s) of ``field`` in ``primitive`` to ``to_version``.

    Each child's ``obj_make_compatible_from_manifest`` runs with the parent's
    manifest; where a class keeps the default one, its work (the manifest in
    effect around ``obj_make_compatible``) is done here, a call less per child.
    """
    value = getattr(parent, field)
    active = manifests.active
    manifest = active.get(id(parent)) or None
    if isinstance(value, _object.VersionedObject):
        children: Iterable[tuple[Any, dict[str, Any]]] = ((value, primitive[field]),)
    elif isinstance(value, list):
        children = zip(value, primitive[field], strict=False)
    else:
        return
    cls: type | None = None
    codec: Any = None
    default = False
    for child, child_primitive in children:
        if type(child) is not cls:
            cls = type(child)
            codec = cls._vo_codec or _classbuild.codec_for(cls)
            default = uses_original(cls, "obj_make_compatible_from_manifest")
        data = child_primitive[codec.key_data]
        if default and "obj_make_compatible_from_manifest" not in child.__dict__:
            key = id(child)
            previous: Any = active.get(key, _NONE)
            active[key] = manifest
            try:
                child.obj_make_compatible(data, to_version)
            finally:
                if previous is _NONE:
                    del active[key]
                else:
                    active[key] = previous
        else:
            # The keyword as OVO passes it: projects' tests assert this call.
            child.obj_make_compatible_from_manifest(data, to_version, version_manifest=manifest)
        child_primitive[codec.key_version] = to_version


#: ``{method name: code object}`` of VersionedObject's own methods, once seen unpatched.
_ORIGINAL_CODE: dict[str, types.CodeType] = {}


def uses_original(cls: type, name: str) -> bool:
    """Whether ``cls`` reads VersionedObject's own method ``name``, as defined.

    False when a class overrides it or a test patched it (on ``cls`` or on
    VersionedObject), and for a class with its own ``__getattribute__``:
    a fast path that does the method's work inline must then call it.
    """
    method = getattr(cls, name, None)
    if type(method) is not types.FunctionType or cls.__getattribute__ is not object.__getattribute__:
        return False
    code = _ORIGINAL_CODE.get(name)
    if code is None:
        original = vars(_object.VersionedObject).get(name)
        if type(original) is not types.FunctionType:
            return False
        code = original.__code__
        # co_qualname is Python 3.11+; on 3.10 the function's own qualname
        # and its code's name (a functools.wraps wrapper keeps only the first).
        qualname = getattr(code, "co_qualname", original.__qualname__)
        if qualname != f"VersionedObject.{name}" or code.co_name != name:
            return False  # patched (even with functools.wraps) before its first use here
        _ORIGINAL_CODE[name] = code
    return method.__code__ is code


def obj_tree_get_versions(
    objname: str,
    tree: dict[str, str] | None = None,
    registry: type[_registry.VersionedObjectRegistry] | None = None,
) -> dict[str, str]:
    """``{name: newest registered version}`` for ``objname`` and every object it can hold.

    Raises UnregisteredSubobject when a child object name is not registered,
    and IndexError (as OVO does) when ``objname`` itself is not.  ``registry``
    (a vobjects addition) names an isolated registry to look in.
    """
    if tree is None:
        tree = {}
    if objname in tree:
        return tree
    objclass = _registry.lookup(objname, registry)[0]
    tree[objname] = objclass.VERSION
    for field in objclass.fields.values():
        if isinstance(field, (_fields.ObjectField, _fields.ListOfObjectsField)):
            try:
                obj_tree_get_versions(field.objname, tree=tree, registry=registry)
            except IndexError:
                raise exception.UnregisteredSubobject(child_objname=field.objname, parent_objname=objname) from None
    return tree
