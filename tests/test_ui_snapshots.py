"""How the main screens look at 100x30, on fixed data at a fixed moment."""

from __future__ import annotations

from textual.widgets import Input

from tests.ui_support import settle

SIZE = (100, 30)


def test_list_screen(snap_compare, sandbox) -> None:
    assert snap_compare(sandbox.app(), terminal_size=SIZE, run_before=settle)


def test_detail_screen(snap_compare, sandbox) -> None:
    async def open_third(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "enter")

    assert snap_compare(sandbox.app(), terminal_size=SIZE, run_before=open_third)


def test_form_with_a_validation_error(snap_compare, sandbox) -> None:
    async def bad_order_id(pilot) -> None:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        order_id = pilot.app.screen.query_one("#order_id", Input)
        order_id.focus()
        order_id.value = "-5"
        await pilot.press("ctrl+s")

    assert snap_compare(sandbox.app(), terminal_size=SIZE, run_before=bad_order_id)


def test_delete_dialog(snap_compare, sandbox) -> None:
    async def ask_to_delete(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "d")

    assert snap_compare(sandbox.app(), terminal_size=SIZE, run_before=ask_to_delete)
