"""Type checkers read vobjects objects without a plugin: mypy and pyright, case by case.

Each file in ``tests/typecheck/`` marks what both checkers must say: a
``reveal_type`` line ends with ``# R: <type>`` (or ``# R mypy: <type>  #
R pyright: <type>`` where they differ); a line ending with ``# E`` must be
reported as an error, and no other line may be.  Types are compared
without module prefixes (mypy says ``datetime.datetime``, pyright
``datetime``).  The files are imported too, so what they declare must work
at runtime as written.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import vobjects.fields as vfields

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "typecheck"
CASE_FILES = sorted(path.name for path in CASES.glob("*.py") if not path.name.startswith("_"))
_PREFIX = re.compile(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])")
_MARK = re.compile(r"R(?: (?P<checker>mypy|pyright))?: (?P<type>.*)")
_REVEALED = re.compile(r'Type of ".*" is "(?P<type>.*)"$|Revealed type is "(?P<mtype>.*)"$')


def _normal(text: str) -> str:
    return _PREFIX.sub("", text).replace("'", '"')


def _expected(path: Path, checker: str) -> tuple[dict[int, str], set[int]]:
    reveals: dict[int, str] = {}
    errors: set[int] = set()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        for comment in line.split("  # ")[1:]:
            comment = comment.strip()
            marked = _MARK.fullmatch(comment)
            if comment == "E":
                errors.add(number)
            elif marked and marked["checker"] in (None, checker):
                reveals[number] = _normal(marked["type"])
    return reveals, errors


def _mypy(path: Path) -> tuple[dict[int, str], set[int], str]:
    # Cases named *_plugin.py are checked with vobjects' mypy plugin on.
    config = CASES / ("mypy-plugin.ini" if path.stem.endswith("_plugin") else "mypy.ini")
    command = [sys.executable, "-m", "mypy", "--config-file", str(config), str(path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    reveals: dict[int, str] = {}
    errors: set[int] = set()
    name = str(path.relative_to(ROOT))
    for line in result.stdout.splitlines():
        where, _, message = line.partition(": ")
        file, _, number = where.rpartition(":")
        if file != name:
            continue
        kind, _, text = message.partition(": ")
        match = _REVEALED.match(text)
        if kind == "note" and match:
            reveals[int(number)] = _normal(match["mtype"])
        elif kind == "error":
            errors.add(int(number))
    return reveals, errors, result.stdout + result.stderr


def _pyright_report(target: str) -> dict[str, Any]:
    """pyright's JSON report on ``target`` (a file or folder), run with this interpreter's packages."""
    env = dict(os.environ, PYRIGHT_PYTHON_IGNORE_WARNINGS="1")
    command = [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable, target]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)
    return json.loads(result.stdout)


def _pyright(path: Path) -> tuple[dict[int, str], set[int], str]:
    report = _pyright_report(str(path))
    reveals: dict[int, str] = {}
    errors: set[int] = set()
    for diagnostic in report["generalDiagnostics"]:
        number = diagnostic["range"]["start"]["line"] + 1
        match = _REVEALED.match(diagnostic["message"])
        if diagnostic["severity"] == "information" and match:
            reveals[number] = _normal(match["type"])
        elif diagnostic["severity"] == "error":
            errors.add(number)
    return reveals, errors, json.dumps(report, indent=1)


CHECKERS = {"mypy": _mypy, "pyright": _pyright}


@pytest.mark.parametrize("checker", sorted(CHECKERS))
@pytest.mark.parametrize("case", CASE_FILES)
def test_checker_reads_the_declared_types(case: str, checker: str) -> None:
    path = CASES / case
    want_reveals, want_errors = _expected(path, checker)
    reveals, errors, output = CHECKERS[checker](path)
    assert reveals == want_reveals, output
    assert errors == want_errors, output


@pytest.mark.parametrize("case", CASE_FILES)
def test_case_runs(case: str) -> None:
    importlib.import_module(f"tests.typecheck.{case[:-3]}")


def _field_classes() -> list[type]:
    """The ready-made field classes whose constructor needs no argument."""
    found = []
    for name in vfields.__all__:
        value = getattr(vfields, name)
        if isinstance(value, type) and issubclass(value, vfields.AutoTypedField) and value is not vfields.AutoTypedField:
            if name in {"BaseEnumField"}:
                continue  # abstract: subclasses name their enum
            found.append(value)
    return found


_ARGS = {
    "EnumField": '["a", "b"]',
    "StateMachine": '["a", "b"]',
    "ListOfEnumField": '["a", "b"]',
    "ObjectField": "Thing",
    "ListOfObjectsField": "Thing",
}


@pytest.mark.parametrize("checker", sorted(CHECKERS))
def test_every_field_class_carries_nullability(tmp_path_factory: pytest.TempPathFactory, checker: str) -> None:
    """Each public field class reads as ``T`` plain and ``T | None`` with ``nullable=True``.

    A class that lacks its own constructor overloads reads as ``T`` both
    ways; generating the case from ``fields.__all__`` keeps new classes honest.
    """
    classes = _field_classes()
    lines = ["from typing_extensions import reveal_type", "from vobjects import base, fields", ""]
    lines += ["class Thing(base.VersionedObject):", "    pass", "", "class Holder(base.VersionedObject):"]
    for cls in classes:
        args = _ARGS.get(cls.__name__, "")
        sep = ", " if args else ""
        lines.append(f"    {cls.__name__.lower()}_plain = fields.{cls.__name__}({args})")
        lines.append(f"    {cls.__name__.lower()}_null = fields.{cls.__name__}({args}{sep}nullable=True)")
    lines += ["", "def check(holder: Holder) -> None:"]
    first = len(lines) + 1
    for cls in classes:
        lines.append(f"    reveal_type(holder.{cls.__name__.lower()}_plain)")
        lines.append(f"    reveal_type(holder.{cls.__name__.lower()}_null)")
    folder = ROOT / "tests" / "typecheck" / "_generated"
    folder.mkdir(exist_ok=True)
    path = folder / f"all_fields_{checker}.py"
    path.write_text("\n".join(lines) + "\n")
    reveals, errors, output = CHECKERS[checker](path)
    assert not errors, output
    for index, cls in enumerate(classes):
        plain = reveals[first + 2 * index]
        null = reveals[first + 2 * index + 1]
        assert plain != "Any" and not plain.endswith("| None"), (cls.__name__, plain)
        assert null == f"{plain} | None", (cls.__name__, plain, null)


def test_package_is_clean_under_mypy() -> None:
    """vobjects itself type-checks, with the settings in setup.cfg (its own plugin included)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "vobjects"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_clean_under_pyright() -> None:
    report = _pyright_report("vobjects")
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert not errors, json.dumps(errors, indent=1)
