"""``ObjectVersionChecker``: the hash, tree and compatibility checks of a test suite.

Same API and results as OVO's checker (contract section 4.3), with these
additions: a mismatch found by :meth:`ObjectVersionChecker.test_hashes` is
explained per object (kept in ``checker.explanation`` and logged as a
warning, so runners that show captured logs show it), and
:meth:`~ObjectVersionChecker.assert_hashes` raises :class:`ObjectHashMismatch`
carrying that explanation.  Nothing here imports ``fixtures`` or
``testtools``: the pytest plugin uses this module directly.
"""

from __future__ import annotations

import inspect
import logging
import sys
from collections.abc import Mapping
from typing import Any

from vobjects import _deptree, _explain, _snapshot, _versions
from vobjects import _fingerprint as fp
from vobjects import base as _base
from vobjects._registry import VersionedObjectRegistry

#: Logger named after the public module, as OVO's fixture logs under its own.
LOG = logging.getLogger("vobjects.fixture")

ObjClasses = Mapping[str, list[Any]]


class ObjectHashMismatch(Exception):
    """Stored object hashes differ from the computed ones.

    ``ObjectHashMismatch(expected, actual)`` as in OVO, where both map object
    names to hashes (None where missing).  The message names the objects in
    sorted order and, below, explains each change; pass ``explanation`` to
    supply it, otherwise it is worked out against the live registry.
    """

    def __init__(
        self,
        expected: Mapping[str, str | None],
        actual: Mapping[str, str | None],
        explanation: str | None = None,
    ) -> None:
        self.expected = expected
        self.actual = actual
        if explanation is None:
            try:
                explanation = _explain.explain(expected, actual, VersionedObjectRegistry.obj_classes()).text()
            except Exception:  # the message must not fail because the explanation did
                explanation = ""
        self.explanation = explanation

    def __str__(self) -> str:
        names = sorted(self.expected.keys() | self.actual.keys())
        message = "Hashes have changed for " + ",".join(names)
        if self.explanation:
            message += "\n\n" + self.explanation
        return message


class ObjectVersionChecker:
    """Checks object fingerprints, dependency trees and backport routines.

    ``obj_classes`` defaults to the live registry table (not a copy), as in
    OVO.  ``snapshot`` (a path or a loaded snapshot) is the default for the
    ``snapshot`` argument of the hash checks.
    """

    def __init__(self, obj_classes: ObjClasses | None = None, snapshot: _snapshot.SnapshotSource | None = None) -> None:
        self.obj_classes = obj_classes if obj_classes is not None else VersionedObjectRegistry.obj_classes()
        self.snapshot = snapshot
        #: The explanation of the last mismatch found by ``test_hashes`` ('' if none).
        self.explanation = ""

    # -- fingerprints -------------------------------------------------------------

    def _find_remotable_method(self, cls: type, thing: Any, parent_was_remotable: bool = False) -> Any:
        """The implementation below a stack of remotable wrappers, or None."""
        if parent_was_remotable and not isinstance(thing, classmethod):
            if not ((inspect.ismethod(thing) or inspect.isfunction(thing)) and hasattr(thing, "remotable")):
                return thing
        return fp.find_remotable_method(cls, thing)

    def _remotable_finder(self) -> Any:
        """What finds remotable implementations: ``_find_remotable_method``, unless unchanged.

        Unchanged (neither overridden nor patched), it only calls
        :func:`~vobjects._fingerprint.find_remotable_method` (read now, so a
        patch of it is seen), which is returned instead: with it the walk over
        a class's methods skips those that cannot be remotable.
        """
        find = self._find_remotable_method
        if getattr(find, "__func__", None) is _ORIGINAL_FIND:
            return fp.find_remotable_method
        return find

    def _get_fingerprint(self, obj_name: str, extra_data_func: fp.ExtraDataFunc | None = None) -> str:
        obj_class = self.obj_classes[obj_name][0]
        # The spec function is read from the public module when it is loaded,
        # so a test that patches ``vobjects.fixture.get_method_spec`` sees it used.
        public = sys.modules.get("vobjects.fixture")
        spec_of = getattr(public, "get_method_spec", fp.get_method_spec)
        data = fp.fingerprint_data(obj_class, extra_data_func, spec_of=spec_of, find=self._remotable_finder())
        return f"{obj_class.VERSION}-{fp.md5_hex(repr(data))}"

    def get_hashes(self, extra_data_func: fp.ExtraDataFunc | None = None) -> dict[str, str]:
        """``{name: '<VERSION>-<md5>'}`` for the newest class of every name.

        ``extra_data_func(cls)`` may return a tuple of more data to hash.
        """
        return {
            name: self._get_fingerprint(name, extra_data_func=extra_data_func)
            for name in sorted(self.obj_classes)
            if self.obj_classes[name]
        }

    def test_hashes(
        self,
        expected_hashes: Mapping[str, str],
        extra_data_func: fp.ExtraDataFunc | None = None,
        snapshot: _snapshot.SnapshotSource | None = None,
    ) -> tuple[dict[str, str | None], dict[str, str | None]]:
        """``(expected, actual)`` for the objects whose hash differs; both empty when all match.

        Never raises for a mismatch.  When there is one, its explanation is
        stored in :attr:`explanation` and logged as a warning.
        """
        expected, actual = self._compare(expected_hashes, extra_data_func)
        self.explanation = self.explain(expected, actual, extra_data_func, snapshot) if expected else ""
        if self.explanation:
            LOG.warning("Object hashes have changed:\n%s", self.explanation)
        return expected, actual

    def _compare(
        self, expected_hashes: Mapping[str, str], extra_data_func: fp.ExtraDataFunc | None
    ) -> tuple[dict[str, str | None], dict[str, str | None]]:
        fingerprints = self.get_hashes(extra_data_func=extra_data_func)
        changed = set(expected_hashes.items()) ^ set(fingerprints.items())
        expected: dict[str, str | None] = {}
        actual: dict[str, str | None] = {}
        for name in sorted({name for name, _ in changed}):
            expected[name] = expected_hashes.get(name)
            actual[name] = fingerprints.get(name)
        return expected, actual

    def explain(
        self,
        expected: Mapping[str, str | None],
        actual: Mapping[str, str | None],
        extra_data_func: fp.ExtraDataFunc | None = None,
        snapshot: _snapshot.SnapshotSource | None = None,
    ) -> str:
        """The readable explanation of a ``test_hashes`` result."""
        note = ""
        try:
            loaded = _snapshot.load(snapshot if snapshot is not None else self.snapshot)
        except (OSError, ValueError) as exc:
            loaded, note = {}, f"(snapshot not used: {exc})"
        text = _explain.explain(expected, actual, self.obj_classes, extra_data_func, loaded).text()
        return f"{text}\n{note}" if note and text else text

    def assert_hashes(
        self,
        expected_hashes: Mapping[str, str],
        extra_data_func: fp.ExtraDataFunc | None = None,
        snapshot: _snapshot.SnapshotSource | None = None,
    ) -> None:
        """Raise :class:`ObjectHashMismatch`, explained, unless every hash matches."""
        __tracebackhide__ = True
        expected, actual = self.test_hashes(expected_hashes, extra_data_func, snapshot)
        if expected or actual:
            raise ObjectHashMismatch(expected, actual, explanation=self.explanation)

    # -- dependency trees ---------------------------------------------------------------

    def get_dependency_tree(self, include_lists: bool = False) -> dict[str, dict[str, str]]:
        """``{parent: {child: child VERSION}}`` over object fields.

        As OVO's, list-of-object fields are ignored unless ``include_lists``;
        unlike OVO's, cycles and self-references do not recurse forever.
        """
        tree: dict[str, dict[str, str]] = {}
        for name in list(self.obj_classes.keys()):
            if self.obj_classes[name]:
                if include_lists:
                    _deptree.add_dependencies(tree, self.obj_classes, self.obj_classes[name][0], include_lists=True)
                else:
                    self._get_dependencies(tree, self.obj_classes[name][0])
        return tree

    def _get_dependencies(self, tree: dict[str, dict[str, str]], obj_class: Any) -> None:
        """Add ``obj_class`` and the objects below it (object fields only) to ``tree``."""
        _deptree.add_dependencies(tree, self.obj_classes, obj_class)

    def test_relationships(
        self, expected_tree: Mapping[str, Mapping[str, str]], include_lists: bool = False
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """``(expected, actual)`` entries of the objects whose dependencies differ.

        Entries are compared as dicts, so the order of their keys does not
        matter (OVO compared their ``str()``).
        """
        actual_tree = self.get_dependency_tree(include_lists=include_lists)
        expected: dict[str, Any] = {}
        actual: dict[str, Any] = {}
        for name in sorted(expected_tree.keys() | actual_tree.keys()):
            if expected_tree.get(name) != actual_tree.get(name):
                expected[name] = expected_tree.get(name)
                actual[name] = actual_tree.get(name)
        return expected, actual

    # -- backport routines -----------------------------------------------------------------

    def _test_object_compatibility(
        self,
        obj_class: Any,
        manifest: dict[str, str] | None = None,
        init_args: list[Any] | None = None,
        init_kwargs: dict[str, Any] | None = None,
    ) -> None:
        init_args = init_args or []
        init_kwargs = init_kwargs or {}
        version = _versions.parse(obj_class.VERSION)
        kwargs: dict[str, Any] = {"version_manifest": manifest} if manifest else {}
        for minor in range(version[1] + 1):
            target = f"{version[0]}.{minor}"
            LOG.debug("testing obj: %s version: %s", obj_class.obj_name(), target)
            kwargs["target_version"] = target
            obj_class(*init_args, **init_kwargs).obj_to_primitive(**kwargs)

    def test_compatibility_routines(
        self,
        use_manifest: bool = False,
        init_args: Mapping[Any, list[Any]] | None = None,
        init_kwargs: Mapping[Any, dict[str, Any]] | None = None,
    ) -> None:
        """Backport every registered class to each older minor version of its major.

        This runs ``obj_to_primitive(target_version=...)`` (with the object's
        version manifest when ``use_manifest``) on a fresh instance of every
        class, built with ``init_args[cls]``/``init_kwargs[cls]`` when given.
        It proves the routines run, not that they produce the right data.
        """
        init_args = init_args or {}
        init_kwargs = init_kwargs or {}
        for obj_name in self.obj_classes:
            manifest = _base.obj_tree_get_versions(obj_name) if use_manifest else None
            for obj_class in self.obj_classes[obj_name]:
                self._test_object_compatibility(
                    obj_class,
                    manifest=manifest,
                    init_args=init_args.get(obj_class, []),
                    init_kwargs=init_kwargs.get(obj_class, {}),
                )

    def _test_relationships_in_order(self, obj_class: Any) -> None:
        for field, versions in obj_class.obj_relationships.items():
            last_mine: tuple[int, ...] = (0, 0)
            last_child: tuple[int, ...] = (0, 0)
            for my_version, child_version in versions:
                mine = _versions.parse(my_version)
                child = _versions.parse(child_version)
                if not (last_mine < mine and last_child <= child):
                    raise AssertionError(
                        f"Object {obj_class.obj_name()} relationship {my_version}->{child_version} "
                        f"for field {field} is out of order"
                    )
                last_mine, last_child = mine, child

    def test_relationships_in_order(self) -> None:
        """Check every ``obj_relationships`` list runs in increasing version order.

        Parent versions must strictly increase and child versions must not
        decrease; otherwise AssertionError names the object, entry and field.
        """
        for obj_name in self.obj_classes:
            for obj_class in self.obj_classes[obj_name]:
                self._test_relationships_in_order(obj_class)


#: The finder as defined, to tell it from an override or a patch of it.
_ORIGINAL_FIND = ObjectVersionChecker._find_remotable_method
