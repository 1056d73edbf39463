"""A read-only profile offers no writes: not in the footer, nor in the help (nor in
the palette, which lists what the help does). Their keys still say why nothing
happens, and nothing is sent."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.conftest import Sandbox
from tests.ui.support import footer, help_rows, notes, started
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.downloads import DownloadsScreen

LIST_WRITES = {"downloads.edit", "downloads.add", "downloads.delete", "downloads.undo",
               "downloads.reset-count", "downloads.edit-cell"}
DETAIL_WRITES = {"detail.edit", "detail.delete", "detail.reset-count", "detail.edit-cell"}



async def listed_in_help(pilot: Pilot[Any]) -> set[str]:
    """The binding ids the help lists for the screen (the help is closed again)."""
    await pilot.press("question_mark")
    await pilot.pause()
    listed = {binding_id for _, _, binding_id in help_rows(pilot.app)}
    await pilot.press("escape")
    await pilot.pause()
    return listed


async def test_the_list_of_a_read_only_profile_offers_no_writes(sandbox: Sandbox) -> None:
    async with sandbox.app(read_only=True).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        shown = footer(pilot.app)
        assert "/ Search" in shown and "q Quit" in shown
        assert not {"Edit", "Add", "Delete"} & set(shown.split())
        listed = await listed_in_help(pilot)
        assert "downloads.search" in listed and not listed & LIST_WRITES
        for key in ("e", "a", "d", "z", "i", "u"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, DownloadsScreen)
        assert sum("read-only" in note for note in notes(pilot.app)) == 6
        assert {request.method for request in sandbox.transport.requests} == {"GET"}


async def test_the_detail_screen_of_a_read_only_profile_offers_no_writes(
        sandbox: Sandbox) -> None:
    async with sandbox.app(read_only=True).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        shown = footer(pilot.app)
        assert "esc Back" in shown and not {"Edit", "Delete"} & set(shown.split())
        listed = await listed_in_help(pilot)
        assert "detail.copy-id" in listed and not listed & DETAIL_WRITES
        for key in ("e", "d", "z", "i"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, DetailScreen)
        assert sum("read-only" in note for note in notes(pilot.app)) == 4
        assert {request.method for request in sandbox.transport.requests} == {"GET"}

