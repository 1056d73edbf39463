"""`[keys]` in the config file: checked like every other key, and handed to the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.config.support import (
    default_config,
    isolate,
    run_main,
    write_config,
)
from tui.config.model import View
from tui.config.state import StateFile

GOOD = """default_profile = "live"

[profiles.live]
base_url = "http://127.0.0.1:9"
token = "t"
secret = "s"
"""


@pytest.mark.parametrize(
    ("keys", "words"),
    [
        ('"downloads.next-page" = 5\n',
         ["line 2", "downloads.next-page in [keys] must be key names in quotes", "not an integer"]),
        ('"downloads.next-page" = ["l"]\n', ["line 2", "not an array"]),
        ('"downloads.next-page" = "right,,l"\n', ["line 2", "an empty key is not a key name"]),
        ('"downloads.next-page" = "page down"\n', ["line 2", "'page down' is not a key name"]),
        ('"downloads.next-page" = "l,ctrl+"\n', ["line 2", "'ctrl+' is not a key name"]),
        ('"downloads.next-page" = "crtl+n"\n', ["line 2", "'crtl+n' is not a key name"]),
    ],
    ids=["integer", "array", "empty-key", "space", "modifier-alone", "unknown-modifier"],
)
def test_a_bad_key_value_is_a_warning_with_its_line_and_stops_no_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    keys: str, words: list[str],
) -> None:
    isolate(monkeypatch, tmp_path)
    write_config(default_config(tmp_path), "[keys]\n" + keys + '"app.help" = "f1"\n' + GOOD)
    result = run_main(capsys, "config", "show")
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "[keys]" in line]
    assert warning.startswith("warning: ") and warning.endswith(
        "until then that key is not remapped")
    for word in words:
        assert word in warning, warning


def test_keys_must_be_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    isolate(monkeypatch, tmp_path)
    write_config(default_config(tmp_path), 'keys = "l"\n' + GOOD)
    result = run_main(capsys, "config", "show")
    assert result.returncode == 0, result.stderr
    assert "line 1" in result.stderr and "keys in the top level must be a table" in result.stderr
    assert "until then no key is remapped" in result.stderr


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the command line hands to the app, instead of opening it."""
    seen: dict[str, Any] = {}

    def run_app(connection: Any, profiles: Any, **options: Any) -> int:
        seen.update(options, connection=connection, profiles=profiles)
        return 0

    monkeypatch.setattr("tui.cli.launch.run_app", run_app)
    return seen


def test_the_keys_reach_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str],
                                opened: dict[str, Any]) -> None:
    isolate(monkeypatch, tmp_path)
    write_config(default_config(tmp_path),
                 GOOD + '[keys]\n"downloads.next-page" = "right, l"\n'
                 '"downloads.edit" = "ctrl+shift+e,f2,+"\n')
    assert run_main(capsys).returncode == 0
    assert opened["keymap"] == {"downloads.next-page": "right,l",
                                "downloads.edit": "ctrl+shift+e,f2,+"}
    assert opened["connection"].profile == "live"
    assert opened["view_memory"].key == "profile:live"


def test_the_sandbox_gets_the_keys_and_its_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str],
                                                opened: dict[str, Any]) -> None:
    isolate(monkeypatch, tmp_path)
    write_config(default_config(tmp_path), GOOD + '[keys]\n"app.help" = "f1"\n'
                 '[sandbox.view]\nsortby = "order_id"\n')
    assert run_main(capsys, "--sandbox").returncode == 0
    assert opened["keymap"] == {"app.help": "f1"}
    assert opened["connection"].sandbox and opened["connection"].view.sortby == "order_id"
    memory = opened["view_memory"]
    assert memory.key == "sandbox:plain" and memory.state.path == StateFile.default().path
    assert memory.legacy == View(sortby="order_id")


def test_the_sandbox_opens_even_with_a_broken_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    opened: dict[str, Any],
) -> None:
    isolate(monkeypatch, tmp_path)
    write_config(default_config(tmp_path), GOOD + "colour = 1\n")
    result = run_main(capsys, "--sandbox")
    assert result.returncode == 0
    assert "unknown key 'colour'" in result.stderr
    assert "without the config file's keys" in result.stderr
    assert opened["keymap"] == {}
    assert opened["view_memory"].key == "sandbox:plain" and opened["view_memory"].legacy is None
    assert any("without the config file's keys" in notice for notice in opened["notices"])
