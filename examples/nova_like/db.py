"""An in-memory stand-in for the database that remotable methods talk to."""

from __future__ import annotations

import itertools
from typing import Any

_tables: dict[str, dict[Any, dict[str, Any]]] = {}
_ids = itertools.count(1)


def table(name: str) -> dict[Any, dict[str, Any]]:
    """The rows of table ``name`` by key (created empty on first use)."""
    return _tables.setdefault(name, {})


def next_id() -> int:
    return next(_ids)


def reset() -> None:
    """Forget every row (tests call this between cases)."""
    _tables.clear()
