"""Sphinx configuration for the vobjects documentation."""

project = "vobjects"
author = "the vobjects developers"
copyright = "2026, the vobjects developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.doctest", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# vobjects.mypy is documented without needing mypy in the docs environment.
autodoc_mock_imports = ["mypy"]
html_theme = "alabaster"
exclude_patterns = ["build"]
nitpicky = False
