"""Every dialog says its way out in full, at 80x24 as at 100x30, and `?` (or F1) in a
dialog lists that dialog's keys, Esc going back to it as it was."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input

from tests.conftest import Sandbox, wait_until
from tests.ui.support import (
    edit_while_another_client_changes,
    help_rows,
    mark_six_and_fail_one,
    open_dialog,
    screen_text,
    settle,
    started,
)
from tui.ui.screens.bulk import BulkSummaryScreen
from tui.ui.screens.confirm import ConfirmDialog, DeleteDialog
from tui.ui.screens.go_to import GoToDialog
from tui.ui.screens.help import HelpScreen

SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])


def dialog_text(app: App[Any]) -> str:
    """What the top dialog shows inside its border, its lines joined with single spaces."""
    box = app.screen.query_one(".dialog").content_region
    lines = screen_text(app).splitlines()[box.y:box.bottom]
    return " ".join(" ".join(line[box.x:box.right] for line in lines).split())


@SIZES
async def test_the_conflict_dialog_shows_its_keys_whole(sandbox: Sandbox, size) -> None:
    async with sandbox.app().run_test(size=size) as pilot:
        await edit_while_another_client_changes(pilot, sandbox)
        await pilot.pause()
        shown = dialog_text(pilot.app)
        assert ("Fields only the store changed are kept either way. "
                "k keeps yours · t takes the store's · Esc goes back") in shown
        assert "Back to editing" in shown and "Take the store's" in shown


@SIZES
async def test_the_bulk_confirm_and_summary_show_their_hints_whole(sandbox: Sandbox,
                                                                   size) -> None:
    async with sandbox.app().run_test(size=size) as pilot:
        await mark_six_and_fail_one(pilot, sandbox)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "y deletes · n or Esc cancels · ←/→ choose a button" in dialog_text(pilot.app)
        await pilot.press("y")
        await wait_until(lambda: isinstance(pilot.app.screen, BulkSummaryScreen),
                         what="the bulk summary")
        await settle(pilot)
        assert "Deleted 5 downloads; 1 failed. " in dialog_text(pilot.app)
        assert dialog_text(pilot.app).endswith(
            "The failed ones stay marked, to try again. Press u to undo. "
            "Esc closes.")


@SIZES
async def test_the_delete_dialog_names_its_keys(sandbox: Sandbox, size) -> None:
    async with sandbox.app().run_test(size=size) as pilot:
        await open_dialog(pilot, row=1)
        assert "y or d deletes · n or Esc cancels · ←/→ choose a button" in dialog_text(pilot.app)


async def test_question_mark_in_the_delete_dialog_lists_its_keys_and_esc_goes_back(
    sandbox: Sandbox,
) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id, _ = await open_dialog(pilot, row=1)
        await pilot.press("right")  # the Delete button has the focus
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        assert "Keys: Delete download" in screen_text(pilot.app)
        listed = help_rows(pilot.app)
        for row in [("esc", "Cancel", "confirm.cancel"), ("n", "No", "confirm.no"),
                    ("y", "Yes", "confirm.yes"), ("d", "Delete", "confirm.delete"),
                    ("← h", "Cancel button", "confirm.cancel-button")]:
            assert row in listed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DeleteDialog)
        assert pilot.app.focused is not None and pilot.app.focused.id == "confirm"
        await pilot.press("escape")
        await settle(pilot)
        assert sandbox.transport.count("DELETE") == 0
        assert await sandbox.holds(download_id) is not None


async def test_in_a_text_box_question_mark_types_and_f1_lists_the_keys(
    sandbox: Sandbox,
) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("number_sign")
        await pilot.pause()
        assert isinstance(pilot.app.screen, GoToDialog)
        await pilot.press("a", "b", "question_mark")
        await pilot.pause()
        field = pilot.app.screen.query_one(Input)
        assert field.value == "ab?" and isinstance(pilot.app.screen, GoToDialog)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        assert ("esc", "Cancel", "go-to.cancel") in help_rows(pilot.app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, GoToDialog)
        assert field.value == "ab?" and field.has_focus
