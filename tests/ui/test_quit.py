"""Leaving the app while a form holds unsaved changes asks first."""

from __future__ import annotations

from tests.conftest import Sandbox
from tests.ui.support import open_edit, replace, settle, value
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.form import FormScreen


async def test_quitting_with_a_changed_form_asks_and_no_keeps_the_input(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_edit(pilot)
        await replace(pilot, "download_count", "8")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("enter")  # the safe answer: stay
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert value(pilot.app, "download_count") == "8"
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert pilot.app.return_code == 0
    assert sandbox.transport.count("PATCH") == 0


async def test_quitting_with_an_unchanged_form_just_quits(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_edit(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not pilot.app.is_running
