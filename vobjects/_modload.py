"""Import the modules named on a ``vobjects`` command line, so their objects register."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Iterable


class ImportFailed(Exception):
    """A module named on the command line could not be imported (one-line message)."""


def _import(name: str) -> object:
    try:
        return importlib.import_module(name)
    except (Exception, SystemExit) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        detail = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
        raise ImportFailed(f"cannot import module {name!r}: {detail}") from None


def import_modules(names: Iterable[str], recursive: bool = False) -> list[str]:
    """Import every module in ``names`` (and, with ``recursive``, every submodule of packages).

    The current directory goes first on ``sys.path``, as with ``python -m``.
    Returns the imported module names; raises :class:`ImportFailed`.
    """
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)
    done = []
    for name in names:
        if not name or name.startswith(".") or name.endswith(".py") or "/" in name:
            hint = " (give a dotted module name, not a file path)" if name.endswith(".py") or "/" in name else ""
            raise ImportFailed(f"cannot import module {name!r}: not a module name{hint}")
        module = _import(name)
        done.append(name)
        path = getattr(module, "__path__", None)
        if recursive and path is not None:
            for info in pkgutil.walk_packages(path, prefix=f"{name}.", onerror=_walk_error):
                _import(info.name)
                done.append(info.name)
    return done


def _walk_error(name: str) -> None:
    raise ImportFailed(f"cannot import package {name!r} while walking its submodules")
