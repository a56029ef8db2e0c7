"""The examples in the documentation run and print what the pages say."""

from __future__ import annotations

import argparse
import doctest
import importlib
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "doc" / "source"
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


# -- shell examples ------------------------------------------------------------------


def _console_examples(page: pathlib.Path) -> list[tuple[int, str, str]]:
    """``(line, command, expected output)`` for each ``$ `` line of the page's console blocks."""
    lines = page.read_text().splitlines()
    examples = []
    index = 0
    while index < len(lines):
        if lines[index].strip() != ".. code-block:: console":
            index += 1
            continue
        block = []
        index += 1
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith("   ")):
            block.append((index + 1, lines[index][3:]))
            index += 1
        while block and not block[-1][1].strip():
            block.pop()
        command = None
        for lineno, text in block:
            if text.startswith("$ "):
                command = (lineno, text[2:], [])
                examples.append(command)
            elif command is not None:
                command[2].append(text)
    return [(lineno, cmd, "\n".join(out).strip("\n") + "\n") for lineno, cmd, out in examples]


CONSOLE = [
    pytest.param(page, lineno, command, expected, id=f"{page.name}:{lineno}")
    for page in sorted(DOCS.glob("*.rst"))
    for lineno, command, expected in _console_examples(page)
]


@pytest.fixture(scope="module")
def shell_env(tmp_path_factory):
    """An environment in which ``vobjects`` and ``python`` run this interpreter."""
    bin_dir = tmp_path_factory.mktemp("bin")
    for name, args in (("vobjects", "-m vobjects"), ("python", "")):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" {args} "$@"\n')
        script.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "80"
    return env


@pytest.mark.parametrize(("page", "lineno", "command", "expected"), CONSOLE)
def test_console_examples(page, lineno, command, expected, shell_env):
    """Every ``$ command`` in a console block prints what the page shows (stdout and stderr)."""
    if "--git-ref" in command and not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=shell_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )
    checker = doctest.OutputChecker()
    assert checker.check_output(expected, done.stdout, doctest.ELLIPSIS), (
        f"{page.name}:{lineno}: $ {command}\n--- expected\n{expected}--- got\n{done.stdout}"
    )


# -- reference pages that must list everything ---------------------------------------


def _cli_parsers() -> dict[str, argparse.ArgumentParser]:
    from vobjects import _cli

    parsers = {}
    for name, (module, text) in _cli.SUBCOMMANDS.items():
        parser = argparse.ArgumentParser(prog=f"vobjects {name}", description=text)
        importlib.import_module(module).add_arguments(parser)
        parsers[name] = parser
    return parsers


def _names(option: str, text: str) -> bool:
    """Whether ``text`` shows ``option`` in literal markup (``--option`` or ``--option ARG``)."""
    return re.search(rf"``{re.escape(option)}(?![\w-])", text) is not None


def test_cli_page_lists_every_subcommand_and_option():
    """cli.rst has a section for every subcommand and names each of its long options."""
    page = (DOCS / "cli.rst").read_text()
    missing = []
    for name, parser in _cli_parsers().items():
        heading = f"``vobjects {name}``"
        start = page.find(heading + "\n---")
        if start < 0:
            missing.append(f"section {heading}")
            continue
        following = re.compile(r"\n``vobjects \w+``\n-").search(page, start + len(heading))
        section = page[start : following.start() if following else len(page)]
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and not _names(option, section):
                    missing.append(f"{name} {option}")
    assert not missing, f"not documented in cli.rst: {missing}"


def _field_names() -> list[str]:
    from vobjects import fields

    names = []
    for name in fields.__all__:
        value = getattr(fields, name)
        if isinstance(value, type) and issubclass(value, (fields.Field, fields.AbstractFieldType)):
            names.append(name)
    return names


def test_fields_page_lists_every_field_class():
    """fields.rst names every public Field and FieldType class of vobjects.fields."""
    page = (DOCS / "fields.rst").read_text()
    missing = [name for name in _field_names() if not re.search(rf"``{name}\b", page)]
    assert not missing, f"not documented in fields.rst: {missing}"


PUBLIC_MODULES = ["base", "fields", "exception", "fixture", "test", "rpc"]


def test_reference_documents_every_public_name(tmp_path):
    """Each name a public module exports has an entry on the built reference page."""
    from sphinx.cmd.build import build_main

    status = build_main(["-q", "-b", "html", "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")])
    assert status == 0
    page = (tmp_path / "html" / "reference.html").read_text()
    missing = []
    for name in PUBLIC_MODULES:
        module = importlib.import_module(f"vobjects.{name}")
        exported = getattr(module, "__all__", None) or [
            attr
            for attr, value in vars(module).items()
            if isinstance(value, type) and value.__module__ == module.__name__ and not attr.startswith("_")
        ]
        missing += [f"vobjects.{name}.{attr}" for attr in exported if f'id="vobjects.{name}.{attr}"' not in page]
    assert not missing
