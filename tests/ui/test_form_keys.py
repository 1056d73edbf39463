"""Enter in the form moves on, as Tab does, and only ctrl+s or Enter on Save saves; the
one-field edit, having one field, saves on Enter and says so."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox

from tests.pty_support import app_on_terminal, sandbox_store
from tests.ui.support import (
    cursor_id,
    footer,
    open_edit,
    settle,
    started,
    value,
)
from tui.ui.screens.field_edit import FieldEditDialog
from tui.ui.screens.form import FormScreen


async def test_enter_in_a_field_moves_on_and_saves_nothing(both_sandboxes) -> None:
    sandbox = both_sandboxes
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await open_edit(pilot)
        await pilot.press("tab", "tab", "7", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert pilot.app.focused.id == "download_file_name"
        assert value(pilot.app, "download_count") == "7"
        assert sandbox.transport.count("PATCH") == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sandbox.transport.bodies("PATCH") == [{"download_count": 7}]


async def test_enter_on_the_last_field_goes_to_save_and_enter_there_saves(both_sandboxes,
                                                                         ) -> None:
    sandbox = both_sandboxes
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        download_id = await open_edit(pilot)
        pilot.app.screen.query_one("#download_count").value = "3"
        await pilot.press(*["enter"] * 4)  # product, order, count, file: on to S3
        assert pilot.app.focused.id == "is_amazon"
        await pilot.press("enter")  # off S3, the key is closed: on to Save
        assert pilot.app.focused.id == "save"
        assert sandbox.transport.count("PATCH") == 0
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, FormScreen)
        assert sandbox.transport.bodies("PATCH")[0]["download_count"] == 3
        assert cursor_id(pilot.app) == download_id


async def test_enter_on_the_s3_switch_moves_on_and_space_switches_it(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*["tab"] * 4)
        switch = pilot.app.screen.query_one("#is_amazon", Checkbox)
        assert pilot.app.focused is switch and not switch.value
        await pilot.press("space")
        assert switch.value
        await pilot.press("enter")
        assert switch.value and pilot.app.focused.id == "amazon_key"


def test_enter_typed_ahead_in_the_form_moves_on_before_the_keys_after_it(
    tmp_path: Path,
) -> None:
    store = sandbox_store()
    with app_on_terminal(tmp_path, store) as terminal:
        terminal.type("a")
        terminal.wait_for("Add a download")
        terminal.type("5\r6\r\rbook.pdf\x13")  # Enter after each field, then ctrl+s
        assert store.wait_for_write() == ("POST", {
            "product_id": 5, "order_id": 6, "download_count": 0,
            "download_file_name": "book.pdf", "is_amazon": False})


async def test_the_one_field_edit_saves_on_enter_and_its_footer_says_so(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FieldEditDialog)
        assert "⏎ Save" in footer(pilot.app) and "esc Cancel" in footer(pilot.app)
        await pilot.press("ctrl+u", "4", "enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, FieldEditDialog)
        assert (await sandbox.holds(download_id)).download_count == 4
