"""OVO's ``_utils`` module name, kept because projects' tests import ``isotime`` from it."""

from vobjects.fields._datetime import isotime

__all__ = ["isotime"]
