"""The registry of object classes by wire name, newest version first.

Behaves as OVO's ``VersionedObjectRegistry``: one table shared by every
registry instance and subclass (unless an instance is given a table of its
own, as OVO allows), ``register``/``register_if``/``objectify``
decorators, and ``registration_hook`` called as OVO calls it.  Two OVO bugs
are fixed: looking up an unknown name never inserts an entry (OVO's
``defaultdict`` did, after which lookups raised ``IndexError``), and
registration is serialised by a lock so threads can register and look up at
once.

Isolation (new in vobjects): a registry subclass that sets ``isolated = True``
gets a table of its own, so two projects (or two releases of one project, as
in ``vobjects demo``) can keep objects of the same name apart in one process.
A class registered there gets ``OBJ_REGISTRY`` set to that registry; set the
same attribute on the project's base class so that ``Base.obj_from_primitive``
and a serializer with ``OBJ_BASE_CLASS = Base`` look names up there too::

    class ProjectRegistry(VersionedObjectRegistry):
        isolated = True

    class ProjectObject(VersionedObject):
        OBJ_REGISTRY = ProjectRegistry
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from vobjects import _versions

if TYPE_CHECKING:
    from vobjects._object import VersionedObject

_VO = TypeVar("_VO", bound="type[VersionedObject]")


class ObjectClasses(dict):  # type: ignore[type-arg]
    """``{obj_name: [class, ...]}``, newest version first.

    Reading a missing name returns a new empty list, as OVO's ``defaultdict``
    does, but without inserting it.
    """

    def __missing__(self, key: str) -> list[type[VersionedObject]]:
        return []


class _Table:
    """One registration table and its lock; tests may replace ``table`` whole."""

    __slots__ = ("lock", "table")

    def __init__(self) -> None:
        self.table: dict[str, list[type[VersionedObject]]] = ObjectClasses()
        self.lock = threading.RLock()


#: The table every registry shares unless it is ``isolated``.
_Shared = _Table()


class VersionedObjectRegistry:
    """Registers object classes; every instance shares one table.

    ``VersionedObjectRegistry._registry._obj_classes`` reads and replaces the
    shared table, as projects' test suites do with OVO to back it up and
    restore it.
    """

    _registry: VersionedObjectRegistry
    #: Set to True in a subclass to give it (and its own subclasses) a separate table.
    isolated: bool = False
    _holder: _Table = _Shared

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("isolated"):
            cls._holder = _Table()

    @property
    def _obj_classes(self) -> dict[str, list[type[VersionedObject]]]:
        own = self.__dict__.get("_vo_own_table")
        return own if own is not None else type(self)._holder.table

    @_obj_classes.setter
    def _obj_classes(self, table: dict[str, list[type[VersionedObject]]]) -> None:
        # The shared registry (and an isolated one) replaces its table for
        # everyone: tests back the table up and restore it this way.  Any
        # other instance keeps the table as its own, as an OVO registry
        # instance does: tacker gives a registry subclass a table of its own
        # by overriding __new__ and assigning it to each instance.
        if self is VersionedObjectRegistry._registry or type(self)._holder is not _Shared:
            type(self)._holder.table = table
        else:
            self.__dict__["_vo_own_table"] = table

    def registration_hook(self, cls: type[VersionedObject], index: int) -> None:
        """Called while ``cls`` is inserted; override to track registrations.

        As in OVO it is called once per existing entry compared during the
        insertion scan (with that entry's index), and once more with index 0
        when the class is appended at the end of the list.
        """

    def _register_class(self, cls: type[VersionedObject]) -> None:
        _make_properties(cls)
        holder = type(self)._holder
        if holder is not _Shared:
            cls.OBJ_REGISTRY = type(self)
        name = cls.obj_name()
        new = cls._vo_version
        with holder.lock:
            # Build the new list aside and publish it in one assignment, so a
            # concurrent lookup sees either the old list or the new one.
            table = self._obj_classes
            versions = list(table.get(name, ()))
            for index, existing in enumerate(versions):
                self.registration_hook(cls, index)
                if cls.VERSION == existing.VERSION:
                    versions[index] = cls
                    break
                if new > existing._vo_version:
                    versions.insert(index, cls)
                    break
            else:
                versions.append(cls)
                self.registration_hook(cls, 0)
            table[name] = versions

    @classmethod
    def register(cls, obj_cls: _VO) -> _VO:
        """Register ``obj_cls`` (usable as a class decorator)."""
        cls()._register_class(obj_cls)
        return obj_cls

    @classmethod
    def register_if(cls, condition: bool) -> Callable[[_VO], _VO]:
        """Decorator: register when ``condition`` holds, else only objectify."""

        def wrap(obj_cls: _VO) -> _VO:
            if condition:
                return cls.register(obj_cls)
            _make_properties(obj_cls)
            return obj_cls

        return wrap

    @classmethod
    def objectify(cls, obj_cls: _VO) -> _VO:
        """Give ``obj_cls`` its field properties without registering it."""
        return cls.register_if(False)(obj_cls)

    @classmethod
    def obj_classes(cls) -> dict[str, list[type[VersionedObject]]]:
        """The live registration table (not a copy), as OVO returns it: ``cls._registry``'s."""
        registry = cls._registry
        if cls._holder is _Shared and isinstance(registry, VersionedObjectRegistry):
            return registry._obj_classes
        return cls._holder.table


VersionedObjectRegistry._registry = VersionedObjectRegistry()


def _make_properties(cls: type[VersionedObject]) -> None:
    # Through vobjects.base, where projects' tests patch _make_class_properties.
    from vobjects import base

    base._make_class_properties(cls)


def lookup(objname: Any, registry: type[VersionedObjectRegistry] | None = None) -> list[type[VersionedObject]]:
    """The classes registered as ``objname`` in ``registry`` (default: shared), newest first."""
    holder = registry._holder if registry is not None else _Shared
    try:
        return holder.table.get(objname) or []
    except TypeError:  # an unhashable name from a hostile primitive
        return []


def parse_class_version(cls: type[Any]) -> tuple[int, ...]:
    """Parse a class's VERSION, naming the class when it is malformed."""
    return _versions.parse(cls.VERSION, objname=cls.__name__)
