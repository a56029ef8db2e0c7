"""Sphinx configuration for the vobjects documentation."""

project = "vobjects"
author = "the vobjects developers"
copyright = "2026, the vobjects developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.doctest", "sphinx.ext.viewcode"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
html_theme = "alabaster"
exclude_patterns = ["build"]
nitpicky = False
