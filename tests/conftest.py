"""Shared pytest set-up: every test starts from the same object registries."""

from __future__ import annotations

import pytest

from vobjects import _registry


@pytest.fixture(autouse=True)
def _isolated_registries():
    """Undo, after each test, the registrations it made (ours and OVO's)."""
    ours = {name: list(classes) for name, classes in _registry._Shared.table.items()}
    try:
        from oslo_versionedobjects import base as ovo_base
    except ImportError:  # pragma: no cover - OVO is a test dependency
        ovo_base = None
    theirs = None
    if ovo_base is not None:
        table = ovo_base.VersionedObjectRegistry.obj_classes()
        theirs = {name: list(classes) for name, classes in table.items()}
    yield
    _registry._Shared.table.clear()
    _registry._Shared.table.update(ours)
    if theirs is not None:
        table = ovo_base.VersionedObjectRegistry.obj_classes()
        table.clear()
        table.update(theirs)
