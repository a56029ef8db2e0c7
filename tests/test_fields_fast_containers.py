"""The dict fast paths agree with the element-by-element path and with OVO.

``Dict.hydrate`` and ``Dict.coerce`` keep a plain dict as it is when every
key is an exact ``str`` and every value of a class the element type keeps
(``_exact_items``, keys and values tested in one pass).  These tests draw
dicts that mix such items with odd ones (str subclasses, non-str keys, None,
numbers, lists) and check that the test, the result and any error are what
the general path and OVO give.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_fields_support import HOLDER, outcome, pair
from vobjects.fields._containers import _exact_items


class Text(str):
    """A str subclass: equal to its text, but not of the exact class."""


_TEXT = st.text(max_size=4)
_KEYS = st.one_of(_TEXT, st.builds(Text, _TEXT), st.integers(-2, 2), st.none(), st.tuples(st.integers(0, 1)))
_VALUES = st.one_of(
    st.none(),
    _TEXT,
    st.builds(Text, _TEXT),
    st.integers(-2, 2),
    st.booleans(),
    st.floats(allow_nan=False, width=16),
    st.lists(st.integers(0, 1), max_size=2),
)
#: Mostly plain dicts of str (the fast path), some with one odd item or more.
_DICTS = st.one_of(
    st.dictionaries(_TEXT, st.one_of(st.none(), _TEXT), max_size=6),
    st.dictionaries(_KEYS, _VALUES, max_size=6),
    st.builds(
        lambda plain, odd: {**plain, **odd},
        st.dictionaries(_TEXT, _TEXT, max_size=4),
        st.dictionaries(_KEYS, _VALUES, max_size=2),
    ),
)
_KEEPS = st.sampled_from([frozenset({str}), frozenset({str, type(None)}), frozenset({int})])
_FIELDS = ("DictOfStringsField", "DictOfNullableStringsField", "DictOfIntegersField")


@settings(max_examples=300, deadline=None)
@given(value=_DICTS, keep=_KEEPS)
def test_exact_items_is_the_key_test_and_the_value_test(value: dict[Any, Any], keep: frozenset[type]) -> None:
    """One pass over the items answers as a pass over the keys then one over the values."""
    keys_ok = all(type(key) is str for key in value)
    values_ok = all(type(item) in keep for item in value.values())
    assert _exact_items(value, keep) == (keys_ok and values_ok)


@pytest.mark.parametrize("name", _FIELDS)
@settings(max_examples=200, deadline=None)
@given(value=_DICTS)
def test_dict_hydrate_equals_ovo_and_the_general_path(name: str, value: dict[Any, Any]) -> None:
    """Reading a wire dict gives the value (or error) of from_primitive then coerce, as in OVO."""
    theirs, ours = pair(name)
    expected = outcome(lambda: theirs.coerce(HOLDER, "meta", theirs.from_primitive(HOLDER, "meta", value)))
    general = outcome(lambda: ours._type.coerce(HOLDER, "meta", ours._type.from_primitive(HOLDER, "meta", value)))
    assert outcome(ours._type.hydrate, HOLDER, "meta", value) == general == expected


@pytest.mark.parametrize("name", _FIELDS)
@settings(max_examples=200, deadline=None)
@given(value=_DICTS)
def test_dict_coerce_equals_ovo(name: str, value: dict[Any, Any]) -> None:
    """Assigning a dict gives the value (or error) OVO gives, kept items and odd ones alike."""
    theirs, ours = pair(name)
    assert outcome(ours.coerce, HOLDER, "meta", value) == outcome(theirs.coerce, HOLDER, "meta", value)


def test_dict_fast_path_copies_and_binds() -> None:
    """A kept dict is copied (not shared with the caller) into a container bound to the field."""
    _, ours = pair("DictOfNullableStringsField")
    value = {"a": "x", "b": None}
    for result in (ours._type.hydrate(HOLDER, "meta", value), ours.coerce(HOLDER, "meta", value)):
        assert result == value and result is not value
        assert (result._obj, result._field, result._element_type) == (HOLDER, "meta", ours._type._element_type)
        result["c"] = 1
        assert result["c"] == "1" and "c" not in value
