"""Object version strings: parsing, comparison and compatibility.

Versions are ``X.Y`` (``X.Y.Z`` for stable backports).  OVO re-parses them
with a regular expression on every serialisation and with ``packaging`` on
every hydration; here a string is parsed once and the tuple is cached.
"""

from __future__ import annotations

import re
import reprlib

from vobjects import exception

# Digits separated by dots, optionally followed by a pre-release tag that OVO's
# ``convert_version_to_tuple`` also strips (``1.0rc1`` compares as ``1.0``).
_VERSION_RE = re.compile(r"(\d{1,9}(?:\.\d{1,9}){0,3})(?:(?:a|alpha|b|beta|rc)\d{1,9})?")
_CACHE: dict[str, tuple[int, ...]] = {}
_CACHE_MAX = 4096


def parse(version: object, objname: object = None) -> tuple[int, ...]:
    """Return ``version`` as a tuple of ints, e.g. ``'1.10'`` -> ``(1, 10)``.

    Raises :class:`~vobjects.exception.MalformedPrimitive` (a ``ValueError``)
    for anything that is not a dotted version of at most four numbers.
    """
    try:
        return _CACHE[version]  # type: ignore[index]
    except (KeyError, TypeError):
        pass
    if type(version) is not str or (match := _VERSION_RE.fullmatch(version)) is None:
        raise exception.MalformedPrimitive(
            objname=objname, objver=_shorten(version), reason="the version is not of the form X.Y[.Z]"
        )
    parsed = tuple(int(part) for part in match.group(1).split("."))
    if len(_CACHE) < _CACHE_MAX:
        _CACHE[version] = parsed
    return parsed


def _trimmed(version: tuple[int, ...]) -> tuple[int, ...]:
    end = len(version)
    while end > 1 and version[end - 1] == 0:
        end -= 1
    return version[:end]


def is_compatible(requested: tuple[int, ...], current: tuple[int, ...]) -> bool:
    """True when a class at ``current`` can read data written at ``requested``.

    Same rule as OVO (``versionutils.is_compatible`` with ``same_major``): the
    majors are equal and ``current >= requested``, trailing zeros ignored
    (``1.2`` equals ``1.2.0``).
    """
    return requested[0] == current[0] and _trimmed(current) >= _trimmed(requested)


def _bounded_repr() -> reprlib.Repr:
    bounded = reprlib.Repr()
    bounded.maxlevel = 3
    bounded.maxstring = bounded.maxother = bounded.maxlong = 100
    return bounded


_REPR = _bounded_repr()
_PLAIN = frozenset({str, bytes, int, float, bool, type(None)})


def _shorten(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, safe for any wire value.

    Containers go through a bounded ``reprlib`` (three levels, a few items
    each), so a hostile primitive nested thousands deep, holding itself, or
    a million items long cannot make an error message recurse or balloon;
    a string is cut before it is quoted, and an int too long for ``repr``
    is described instead.
    """
    if type(value) in _PLAIN:
        if type(value) in (str, bytes) and len(value) > limit:  # type: ignore[arg-type]
            value = value[:limit]  # type: ignore[index]
        try:
            text = repr(value)
        except ValueError:  # an int beyond sys.get_int_max_str_digits()
            text = f"<int of about {value.bit_length() * 3 // 10} digits>"  # type: ignore[attr-defined]
    else:
        try:
            text = _REPR.repr(value)
        except Exception:  # a hostile object's own __repr__, or a huge int inside
            text = f"<{type(value).__name__}>"
    return _clip(text, limit)


def _clip(text: str, limit: int = 80) -> str:
    """``text`` cut to at most ``limit`` characters, ``...`` marking a cut.

    For texts vobjects puts into its messages that it did not write itself,
    such as a field's own error: those quote the value they refuse, and a
    hostile one can make them arbitrarily long.
    """
    return text if len(text) <= limit else text[: limit - 3] + "..."
