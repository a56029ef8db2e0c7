"""The README's Python example runs and does what its comments say."""

from __future__ import annotations

import pathlib
import re

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_runs():
    """The first python block of the README executes; its 1.0 backport drops 'description'."""
    code = re.search(r"```python\n(.*?)```", README.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)
    assert namespace["flavor"].memory_mb == 2048
    assert namespace["old"]["versioned_object.version"] == "1.0"
    assert "description" not in namespace["old"]["versioned_object.data"]
    assert namespace["same"].name == "m1.small"


def test_readme_opens_with_the_two_commands():
    """The README's first code block holds the demo and test commands, which exist."""
    block = re.search(r"```sh\n(.*?)```", README.read_text(), re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    for command in commands:
        assert (README.parent / command.split()[1]).is_file()
