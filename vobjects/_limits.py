"""Bounds on what one primitive may make this process do.

A primitive comes from another process.  These bounds make a hostile or
buggy one fail with a clear :mod:`vobjects.exception` error instead of
exhausting the stack or looping without end.  The defaults are far above
real workloads (a list of a thousand nested instances is a depth of three
and a thousand items); see ``doc/source/security.rst``.
"""

from __future__ import annotations


class Limits:
    """Process-wide bounds, read on every hydration; change them at start-up.

    ``max_depth``: how deeply objects may nest inside one primitive (default
    64; each level costs a few Python frames, and the interpreter's own
    recursion limit is about 1000 frames).  Raises
    :class:`~vobjects.exception.PrimitiveTooDeep`.

    ``max_items``: how many elements one ``List``/``Dict``/``Set`` field value
    (``ListOfObjectsField`` included), or one container handed to the RPC
    serializer, may hold when read from a primitive (default 1,000,000: a
    thousand times the largest lists OpenStack services send in practice,
    yet it stops an endless iterator, such as the ``itertools.count`` that
    oslo.serialization's msgpack decoder can produce, after a fraction of a
    second).  Raises :class:`~vobjects.exception.PrimitiveTooLarge`.
    Assigning containers in code is not limited.
    """

    __slots__ = ("max_depth", "max_items")

    def __init__(self) -> None:
        self.max_depth = 64
        self.max_items = 1_000_000

    def __repr__(self) -> str:
        return f"Limits(max_depth={self.max_depth}, max_items={self.max_items})"


limits = Limits()
