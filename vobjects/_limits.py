"""Bounds on what one primitive may make this process do.

A primitive comes from another process.  These bounds make a hostile or
buggy one fail with a clear :mod:`vobjects.exception` error instead of
exhausting the stack.  The defaults are far above real workloads (a list of
a thousand nested instances is a depth of three).
"""

from __future__ import annotations


class Limits:
    """Process-wide bounds, read on every hydration; change them at start-up.

    ``max_depth``: how deeply objects may nest inside one primitive (default
    64; each level costs a few Python frames, and the interpreter's own
    recursion limit is about 1000 frames).
    """

    __slots__ = ("max_depth",)

    def __init__(self) -> None:
        self.max_depth = 64

    def __repr__(self) -> str:
        return f"Limits(max_depth={self.max_depth})"


limits = Limits()
