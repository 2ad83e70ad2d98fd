"""The docs are tested: every command has help with an example and is in docs/cli.md; the README starts right."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from sitreps.cli import cli

REPO = Path(__file__).resolve().parents[1]
INSTALL = "pip install -e . && sitreps demo"
TEST = "pip install -e '.[test]' && python -m pytest"


def _commands(group: click.Group, prefix: str = "sitreps") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        out.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix} {name}")
    return out


COMMANDS = _commands(cli)
LEAVES = [(name, c) for name, c in COMMANDS if not isinstance(c, click.Group)]


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh|console)\n(.*?)```", text, flags=re.S)
    return [line.strip() for b in blocks for line in b.splitlines() if line.strip()]


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help(name, command):
    assert command.help and command.help.strip(), f"{name} has no help text"


@pytest.mark.parametrize("name,command", LEAVES, ids=[n for n, _ in LEAVES])
def test_command_help_has_example(name, command):
    assert "Example" in command.help and name in command.help, f"{name} --help teaches no example"


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_documented_in_cli_md(name, command):
    docs = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## {name}" in docs or f"`{name}" in docs, f"{name} is not in docs/cli.md"


@pytest.mark.parametrize("name,command", LEAVES, ids=[n for n, _ in LEAVES])
def test_command_has_python_equivalent_in_cli_md(name, command):
    docs = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    section = docs.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
    assert "```python" in section, f"docs/cli.md gives no Python equivalent for {name}"


def test_readme_first_commands_install_demo_and_test():
    assert _readme_commands()[:2] == [INSTALL, TEST]


def test_readme_tour_uses_existing_commands():
    names = {n.split()[1] for n, _ in COMMANDS}
    used = {line.split()[1] for line in _readme_commands()[2:] if line.startswith("sitreps ")}
    assert used and used <= names


def test_ci_runs_the_readme_test_command():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    assert "pip install -q -e '.[test]'" in script
    assert re.search(r"^python -m pytest\b", script, flags=re.M)


def test_docs_link_targets_exist():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\((docs/[^)]+)\)", text):
        assert (REPO / target).exists(), target
