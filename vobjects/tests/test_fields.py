"""``TestField``: the table-driven base class for testing one field, as projects subclass it.

A subclass's ``setUp`` sets ``self.field`` and four tables; the inherited
tests check each row:

* ``coerce_good_values``: ``(given, expected)``: ``field.coerce`` returns ``expected``;
* ``coerce_bad_values``: each value makes ``field.coerce`` raise TypeError or ValueError;
* ``to_primitive_values``: ``(value, primitive)`` pairs for ``field.to_primitive``;
* ``from_primitive_values``: ``(primitive, value)`` pairs for ``field.from_primitive``,
  called with an object that holds one integer field.

``test_stringify`` expects ``field.stringify(123) == '123'``; subclasses for
other types override it.  Needs testtools (the ``test`` extra), as
:mod:`vobjects.test` does.
"""

from __future__ import annotations

from typing import Any

from vobjects import base, fields, test


class _Marked(fields.FieldType):
    """A type whose conversions leave marks: ``*value*`` coerced, ``!value!`` on the wire."""

    def coerce(self, obj: Any, attr: str, value: Any) -> str:
        return f"*{value}*"

    def to_primitive(self, obj: Any, attr: str, value: Any) -> str:
        return f"!{value}!"

    def from_primitive(self, obj: Any, attr: str, value: Any) -> str:
        return value[1:-1]  # type: ignore[no-any-return]


class _Holder(base.VersionedObject):
    """The object ``from_primitive`` is given: unregistered, one integer field."""

    fields = {"intfield": fields.IntegerField()}


class TestField(test.TestCase):
    """Checks ``self.field`` against the tables a subclass's ``setUp`` fills in."""

    def setUp(self) -> None:
        super().setUp()
        self.field: Any = fields.Field(_Marked())
        self.coerce_good_values: list[tuple[Any, Any]] = [("foo", "*foo*")]
        self.coerce_bad_values: list[Any] = []
        self.to_primitive_values: list[tuple[Any, Any]] = [("foo", "!foo!")]
        self.from_primitive_values: list[tuple[Any, Any]] = [("!foo!", "foo")]

    def test_coerce_good_values(self) -> None:
        for given, expected in self.coerce_good_values:
            self.assertEqual(expected, self.field.coerce(None, "attr", given))

    def test_coerce_bad_values(self) -> None:
        for given in self.coerce_bad_values:
            self.assertRaises((TypeError, ValueError), self.field.coerce, None, "attr", given)

    def test_to_primitive(self) -> None:
        for value, primitive in self.to_primitive_values:
            self.assertEqual(primitive, self.field.to_primitive("obj", "attr", value))

    def test_from_primitive(self) -> None:
        for primitive, value in self.from_primitive_values:
            self.assertEqual(value, self.field.from_primitive(_Holder(intfield=5), "attr", primitive))

    def test_stringify(self) -> None:
        self.assertEqual("123", self.field.stringify(123))
