"""Example object models built on vobjects (used by the docs and the CLI tests)."""
