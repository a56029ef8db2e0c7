"""``vobjects.tests.test_fields.TestField``, the base class projects' field tests derive from (magnum's do)."""

from __future__ import annotations

import unittest

from vobjects import fields
from vobjects.tests import test_fields


def _run(case: type[unittest.TestCase]) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    return result


def _subclasses() -> tuple[type[unittest.TestCase], type[unittest.TestCase]]:
    """Defined per test, so that pytest does not collect them as test cases of their own."""

    class _Good(test_fields.TestField):
        """A subclass written as magnum writes them: an enum field and its tables."""

        def setUp(self) -> None:
            super().setUp()
            self.field = fields.EnumField(valid_values=["UP", "DOWN"])
            self.coerce_good_values = [("UP", "UP"), ("DOWN", "DOWN")]
            self.coerce_bad_values = ["SIDEWAYS"]
            self.to_primitive_values = [("UP", "UP")]
            self.from_primitive_values = [("DOWN", "DOWN")]

        def test_stringify(self) -> None:
            self.assertEqual("'UP'", self.field.stringify("UP"))

    class _Wrong(_Good):
        """The same with a row in each table that the field contradicts."""

        def setUp(self) -> None:
            super().setUp()
            self.coerce_good_values = [("UP", "DOWN")]
            self.coerce_bad_values = ["UP"]
            self.to_primitive_values = [("UP", "up")]
            self.from_primitive_values = [("DOWN", "UP")]

    return _Good, _Wrong


def test_base_class_passes_its_own_tables():
    result = _run(test_fields.TestField)
    assert (result.testsRun, result.failures, result.errors) == (5, [], [])


def test_subclass_tables_are_checked_row_by_row():
    good_case, wrong_case = _subclasses()
    good = _run(good_case)
    assert (good.testsRun, good.failures, good.errors) == (5, [], [])
    wrong = _run(wrong_case)
    failed = sorted(test.id().rsplit(".", 1)[1] for test, _ in wrong.failures)
    assert failed == ["test_coerce_bad_values", "test_coerce_good_values", "test_from_primitive", "test_to_primitive"]
