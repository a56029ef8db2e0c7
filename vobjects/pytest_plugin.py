"""pytest plugin: object hash checks and registry isolation for pytest suites.

Check a project's hash table in two lines::

    def test_object_hashes(vobjects_checker):
        vobjects_checker.assert_hashes(object_data)

A mismatch fails with :class:`~vobjects.fixture.ObjectHashMismatch`, whose
message says per object what changed and which version bump it needs.  Set
``vobjects_snapshot = path/to/snapshot.json`` in the pytest ini file (or
pass ``--vobjects-snapshot PATH``) to explain changes from a snapshot written
by ``vobjects hashes --snapshot``.

Fixtures: ``vobjects_checker`` (an :class:`~vobjects.fixture.ObjectVersionChecker`
over the live registry), ``vobjects_registry`` (registrations made by the
test are undone afterwards) and ``vobjects_indirection`` (remotable calls
run through a :class:`~vobjects.fixture.FakeIndirectionAPI`).

Loading this module imports only pytest; vobjects' checker is imported when
a fixture is first used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from vobjects._checker import ObjectVersionChecker


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("vobjects", "versioned objects (vobjects)")
    group.addoption(
        "--vobjects-snapshot",
        dest="vobjects_snapshot",
        metavar="PATH",
        default=None,
        help="snapshot of object fingerprint inputs (vobjects hashes --snapshot) used to explain hash mismatches",
    )
    parser.addini(
        "vobjects_snapshot",
        "snapshot of object fingerprint inputs used to explain hash mismatches (relative to the ini file)",
        default="",
    )


def snapshot_path(config: pytest.Config) -> str | None:
    """The configured snapshot path, absolute; None when none is configured.

    ``--vobjects-snapshot`` is relative to the directory pytest was started
    in; the ini value to the ini file's directory (the root directory when
    there is none).
    """
    option = config.getoption("vobjects_snapshot", default=None)
    if option:
        return os.path.join(str(config.invocation_params.dir), os.fspath(option))
    value = config.getini("vobjects_snapshot")
    if not value:
        return None
    base = config.inipath.parent if config.inipath is not None else config.rootpath
    return os.path.join(str(base), os.fspath(value))


@pytest.fixture
def vobjects_checker(request: pytest.FixtureRequest) -> ObjectVersionChecker:
    """An ``ObjectVersionChecker`` over the live registry, using the configured snapshot."""
    from vobjects._checker import ObjectVersionChecker

    return ObjectVersionChecker(snapshot=snapshot_path(request.config))


@pytest.fixture
def vobjects_registry() -> Iterator[Any]:
    """The registry class; classes registered during the test are unregistered after it."""
    from vobjects import _registry

    registry = _registry.VersionedObjectRegistry
    table = registry._registry._obj_classes
    backup = {name: list(classes) for name, classes in table.items()}
    try:
        yield registry
    finally:
        table.clear()
        table.update(backup)
        registry._registry._obj_classes = table


@pytest.fixture
def vobjects_indirection(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A ``FakeIndirectionAPI`` installed on ``VersionedObject`` for the test."""
    from vobjects._object import VersionedObject
    from vobjects.fixture import FakeIndirectionAPI

    api = FakeIndirectionAPI()
    monkeypatch.setattr(VersionedObject, "indirection_api", api)
    return api
