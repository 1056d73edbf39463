"""The help: every option and argument of every command says what it is for, each
command ends with examples, `create` names its fields, and `easycart-tui --help`
names the exit codes and every variable of the environment the program reads."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.support import run_process
from tests.hostile_support import run_in_process
from tui.api.models import WRITABLE_FIELDS
from tui.cli.exit_codes import EXIT_CODES
from tui.cli.parser import build_parser
from tui.core.rules import NEEDED_TO_ADD

TUI = Path(__file__).resolve().parents[2] / "tui"
#: Older names kept working but left out of the help (each has a newer one there).
HIDDEN = {"--sort", "--desc", "--flavor"}


def _parsers(parser: argparse.ArgumentParser,
             path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                          argparse.ArgumentParser]]:
    """The parser and each command's (and each command's actions'), with its path."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield from _parsers(command, (*path, name))


def _help(*args: str) -> str:
    result = run_in_process({}, *args, "--help")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_option_and_argument_has_help() -> None:
    missing, hidden = [], set()
    for path, parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            name = "/".join(action.option_strings) or action.dest
            if action.help == argparse.SUPPRESS:
                hidden.add(name)
            elif not (action.help or "").strip():
                missing.append(f"easycart-tui {' '.join(path)} {name}".replace("  ", " "))
    assert not missing, "without help: " + ", ".join(missing)
    assert hidden == HIDDEN


@pytest.mark.parametrize("path", [path for path, _ in _parsers(build_parser())],
                         ids=lambda path: " ".join(path) or "easycart-tui")
def test_each_command_s_help_ends_with_examples(path: tuple[str, ...]) -> None:
    shown = _help(*path)
    examples = shown.rpartition("\nexamples:\n")[2].splitlines()
    assert examples, shown
    assert all(line.startswith("  easycart-tui") for line in examples), examples
    if path and path[0] != "completion":
        assert all(f"easycart-tui {path[0]}" in line for line in examples
                   if "--help" not in line), examples


def test_create_help_names_the_writable_and_the_needed_fields() -> None:
    shown = " ".join(_help("create").split())
    assert f"Writable fields: {', '.join(WRITABLE_FIELDS)}." in shown
    assert f"Needed to add a download: {', '.join(NEEDED_TO_ADD)} " in shown


def test_the_main_help_lists_the_exit_codes() -> None:
    shown = run_process(None, "--help").stdout
    listed = re.findall(r"^  (\d+) +\S", shown.partition("\nexit codes:\n")[2], re.MULTILINE)
    assert listed == ["0", "1", "2", "3", "130"] == [str(code) for code, _ in EXIT_CODES]
    assert "3    no such download" in shown


def test_the_main_help_names_every_variable_the_program_reads() -> None:
    read = {name for path in TUI.rglob("*.py")
            for name in re.findall(r"EASYCART_[A-Z_]+", path.read_text(encoding="utf-8"))}
    assert {"EASYCART_URL", "EASYCART_TUI_DATA", "EASYCART_TUI_STATE"} <= read
    environment = _help().partition("\nenvironment")[2].partition("\nexamples:")[0]
    assert not {name for name in read
                if not re.search(rf"^  {name} ", environment, re.MULTILINE)}, environment
