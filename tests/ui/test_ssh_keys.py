"""Habits of a terminal reached over SSH: an Esc glued to the next key in one read is
Esc and then that key; ctrl+c quits, asking first only when a form holds changes;
`P` switches profile."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.conftest import FIXED_NOW, wait_until
from tests.pty_support import app_on_terminal, sandbox_store
from tests.ui.support import (
    cursor_id,
    column,
    help_rows,
    notes,
    open_edit,
    pick_in_palette,
    replace,
    settle,
    started,
    status,
    value,
)
from tui.config.connection import Profiles
from tui.ui.app import app_for
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.form import FormScreen
from tui.ui.screens.go_to import GoToDialog
from tui.ui.screens.help import HelpScreen
from tests.ui.test_profiles import two_stores  # noqa: F401 - a fixture


def parsed(data: str) -> list[str]:
    """The keys Textual's terminal parser makes of `data` read in one go, once it has
    waited out the pause that ends an escape sequence."""
    parser = XTermParser()
    keys = [event.key for event in parser.feed(data) if isinstance(event, events.Key)]
    time.sleep(0.2)  # longer than Textual's ESCDELAY
    return keys + [event.key for event in parser.tick() if isinstance(event, events.Key)]


def test_an_esc_glued_to_a_key_is_read_as_alt_and_the_key() -> None:
    assert parsed("\x1bq") == ["alt+q"]
    assert parsed("\x1bM") == ["alt+shift+m"]
    assert parsed("\x1b") == ["escape"]


async def burst(pilot: Pilot[Any], key: str, character: str) -> None:
    """Hand the app the key the terminal parser makes of Esc and `character` in one read."""
    pilot.app.post_message(events.Key(key, character))
    await settle(pilot)


async def test_esc_q_in_one_burst_closes_the_help_then_quits(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        await burst(pilot, "alt+q", "q")
        await wait_until(lambda: not pilot.app.is_running, what="the app to quit")
    assert pilot.app.return_code == 0


async def test_esc_j_in_one_burst_closes_the_help_then_moves_down(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        second = column(pilot.app, 0)[1]
        await pilot.press("question_mark")
        await settle(pilot)
        await burst(pilot, "alt+j", "j")
        assert not isinstance(pilot.app.screen, HelpScreen)
        assert cursor_id(pilot.app) == second


async def test_esc_and_a_key_in_a_text_box_close_it_and_the_key_acts_below(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        second = column(pilot.app, 0)[1]
        await pilot.press("number_sign")
        await wait_until(lambda: isinstance(pilot.app.screen, GoToDialog), what="go to")
        await pilot.press("a", "b")
        await burst(pilot, "alt+j", "j")
        assert not isinstance(pilot.app.screen, GoToDialog)
        assert cursor_id(pilot.app) == second


async def test_esc_and_a_capital_in_one_burst_is_esc_then_the_capital(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        await burst(pilot, "alt+shift+g", "G")  # G: the last row
        assert not isinstance(pilot.app.screen, HelpScreen)
        assert cursor_id(pilot.app) == column(pilot.app, 0)[-1]


def test_esc_q_typed_in_one_write_on_a_real_terminal_closes_the_help_and_quits(
    tmp_path: Path,
) -> None:
    with app_on_terminal(tmp_path, sandbox_store()) as terminal:
        terminal.type("?")
        terminal.wait_for("Keys: Downloads")
        terminal.type("\x1bq")
        assert terminal.wait_exit() == 0


def test_ctrl_c_on_a_real_terminal_quits(tmp_path: Path) -> None:
    with app_on_terminal(tmp_path, sandbox_store()) as terminal:
        terminal.type("\x03")
        assert terminal.wait_exit() == 0


async def test_ctrl_c_quits_from_the_list_and_from_a_text_box(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("slash", "x")
        await pilot.press("ctrl+c")
        await wait_until(lambda: not pilot.app.is_running, what="the app to quit")
    assert pilot.app.return_code == 0


async def test_ctrl_c_on_a_changed_form_asks_once_and_keeps_the_form_by_default(
    sandbox,
) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await open_edit(pilot)
        await replace(pilot, "download_count", "8")
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("ctrl+c")  # asked already: no second question on top
        await settle(pilot)
        assert sum(isinstance(s, ConfirmDialog) for s in pilot.app.screen_stack) == 1
        await pilot.press("enter")  # the safe answer: stay
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert value(pilot.app, "download_count") == "8" and pilot.app.is_running
        await pilot.press("ctrl+c", "y")
        await wait_until(lambda: not pilot.app.is_running, what="the app to quit")
    assert sandbox.transport.count("PATCH") == 0


async def test_p_switches_profile(two_stores: Profiles) -> None:  # noqa: F811
    app = app_for(two_stores.connect(), two_stores, clock=lambda: FIXED_NOW, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert ("P", "Switch to another profile (store)", "downloads.switch-profile") in (
            help_rows(app))
        await pilot.press("escape", "P")
        await settle(pilot)
        await pick_in_palette(pilot, "Switch to profile staging", opened=True)
        await wait_until(lambda: "staging" in status(app), what="the staging store")


async def test_p_says_so_when_there_is_no_other_profile(sandbox) -> None:
    async with sandbox.app().run_test(size=(120, 40)) as pilot:  # a store without profiles
        await started(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, CommandPalette)
        assert any(note.startswith("There is no other profile to switch to")
                   for note in notes(pilot.app)), notes(pilot.app)
