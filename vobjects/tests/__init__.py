"""Test helpers that projects import from where OVO's own test suite kept them.

Only what projects' suites are known to subclass lives here (magnum's field
tests derive from ``test_fields.TestField``); vobjects' own tests are in the
repository's ``tests/`` directory, not in the package.
"""
