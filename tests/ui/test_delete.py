"""Deleting: the dialog shows the record, the safe answer is the default."""

from __future__ import annotations

from tests.ui.support import (
    column,
    cursor_id,
    notes,
    open_dialog,
    screen_text,
    settle,
    started,
    table,
)
from tui.ui.screens.confirm import DeleteDialog
from tui.ui.screens.detail import DetailScreen




async def test_confirmed_delete_removes_the_record_and_lands_on_a_neighbour(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id, ids = await open_dialog(pilot, row=4)
        shown = screen_text(pilot.app)
        held = await sandbox.holds(download_id)
        for text in (f"Delete download {download_id}?", held.download_file_name,
                     held.date_created, "Cancel", "Delete"):
            assert text in shown
        await pilot.press("y")
        await settle(pilot)
        assert sandbox.transport.count("DELETE") == 1
        assert await sandbox.holds(download_id) is None
        assert download_id not in column(pilot.app, 0)
        assert cursor_id(pilot.app) == ids[5]
        assert f"Deleted download {download_id}. Press u to undo." in notes(pilot.app)


async def test_enter_and_escape_on_the_dialog_do_not_delete(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id, _ = await open_dialog(pilot, row=1)
        assert pilot.app.focused.id == "cancel"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, DeleteDialog)
        await pilot.press("d", "escape")
        await settle(pilot)
        assert sandbox.transport.count("DELETE") == 0
        assert await sandbox.holds(download_id) is not None
        assert cursor_id(pilot.app) == download_id


async def test_the_arrow_keys_move_between_the_buttons(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id, _ = await open_dialog(pilot, row=2)
        await pilot.press("right", "left", "enter")  # back on Cancel: nothing deleted
        await settle(pilot)
        assert not isinstance(pilot.app.screen, DeleteDialog)
        assert await sandbox.holds(download_id) is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("l")
        assert pilot.app.focused.id == "confirm"
        await pilot.press("enter")
        await settle(pilot)
        assert sandbox.transport.count("DELETE") == 1
        assert await sandbox.holds(download_id) is None


async def test_clicking_delete_confirms_and_the_last_row_falls_back(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("G")
        ids = column(pilot.app, 0)
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#confirm")
        await settle(pilot)
        assert await sandbox.holds(ids[-1]) is None
        assert table(pilot.app).cursor_row == len(ids) - 1
        assert cursor_id(pilot.app) != ids[-1]


async def test_delete_from_the_detail_screen(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DeleteDialog)
        await pilot.press("d")
        await settle(pilot)
        assert await sandbox.holds(download_id) is None
