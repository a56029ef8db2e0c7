"""The examples in the documentation run and print what the pages say."""

from __future__ import annotations

import doctest
import pathlib

import pytest

DOCS = pathlib.Path(__file__).resolve().parent.parent / "doc" / "source"
PAGES = sorted(path for path in DOCS.glob("*.rst") if ">>>" in path.read_text())


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_doc_examples(page):
    """Every >>> example on the page gives the output written under it."""
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
        verbose=False,
    )
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {page.name}"


def test_doc_pages_are_in_the_toctree():
    """Every page is reachable from the index."""
    index = (DOCS / "index.rst").read_text()
    for page in DOCS.glob("*.rst"):
        if page.name != "index.rst":
            assert f"\n   {page.stem}\n" in index, page.name
