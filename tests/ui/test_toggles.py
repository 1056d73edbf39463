"""Choices read without colour: with `NO_COLOR` set, the export dialog's options and
the columns dialog's boxes still say, in characters, which are on."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Checkbox as TextualCheckbox

from tests.ui.support import screen_text, settle, started
from tui.ui.widgets.toggles import YesNoCheckbox

RADIO = re.compile(r"\((\*| )\) (\w+)")
BOX = re.compile(r"\[(x| )\] (\w+)")


def chosen(app: App[Any], box: re.Pattern[str]) -> dict[str, bool]:
    """Each box on screen, by the first word after it: whether it reads as on."""
    return {word: mark != " " for mark, word in box.findall(screen_text(app))}


@pytest.fixture(autouse=True)
def no_color(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every app of these tests starts as in a terminal that asks for no colour (in
    a fresh working directory, where an export would land)."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)


async def test_the_export_dialog_shows_which_options_are_chosen_in_characters(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        assert pilot.app.no_color
        await started(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert chosen(pilot.app, RADIO) == {"Every": True, "This": False,
                                            "CSV": True, "JSON": False}
        await pilot.click("#format-json")
        await pilot.click("#scope-page")
        await pilot.pause()
        assert chosen(pilot.app, RADIO) == {"Every": False, "This": True,
                                            "CSV": False, "JSON": True}


async def test_the_columns_dialog_shows_which_columns_are_ticked_in_characters(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        assert pilot.app.no_color
        await started(pilot)
        await pilot.press("v")
        await pilot.pause()
        every = {"id", "created", "product", "order", "count", "file", "S3", "key"}
        assert chosen(pilot.app, BOX) == dict.fromkeys(every, True)
        await pilot.press("space")  # the first column that can be hidden: created
        await pilot.pause()
        assert chosen(pilot.app, BOX) == dict.fromkeys(every, True) | {"created": False}
        await pilot.press("enter")
        await pilot.pause()
        assert chosen(pilot.app, BOX) == dict.fromkeys(every, True)


class YesNoForm(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[bool] = []

    def compose(self) -> ComposeResult:
        yield YesNoCheckbox(id="s3")

    def on_checkbox_changed(self, event: TextualCheckbox.Changed) -> None:
        self.changes.append(event.value)


async def test_a_yes_no_setting_says_its_state_in_words_and_characters() -> None:
    app = YesNoForm()
    async with app.run_test(size=(40, 5)) as pilot:
        assert app.no_color
        app.query_one("#s3").focus()
        await pilot.pause()
        assert chosen(app, BOX) == {"no": False}
        await pilot.press("space")
        await pilot.pause()
        assert chosen(app, BOX) == {"yes": True}
        await pilot.press("enter")
        await pilot.pause()
        assert chosen(app, BOX) == {"no": False}
        assert app.changes == [True, False]
