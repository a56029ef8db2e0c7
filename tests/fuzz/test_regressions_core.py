"""Fuzzing finds whose fix is in the object core (``vobjects/_object.py``)."""

from __future__ import annotations

from tests.fuzz import models

NS = "versioned_object"


def test_repr_never_raises_for_a_value_stringify_refuses():
    """repr() of a hydrated object does not raise when one field's stringify refuses its value.

    A nullable StateMachine given None (on the wire: null) stores the text
    'None', exactly as OVO's StateMachine.coerce does; Enum.stringify then
    raises ValueError('Field value None is invalid'), so repr(obj), and any
    log line printing the object, failed.  ``VersionedObject.__repr__`` now
    shows ``<?>`` (the text used for unset fields) for a value whose
    stringify raises; the output is OVO's for every printable value.
    """
    primitive = models.Scalars(integer=1).obj_to_primitive()
    primitive[f"{NS}.data"]["power"] = None
    obj = models.Scalars.obj_from_primitive(primitive)
    assert obj.power == "None"  # OVO's behaviour, kept
    assert "power=<?>" in repr(obj)
