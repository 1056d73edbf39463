"""How every screen and dialog looks at 80x24 and 100x30, its hints whole, on fixed
data at a fixed moment."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from textual.widgets import Input

from tests.conftest import FIXED_NOW, wait_until
from tests.ui.support import column, mark_six_and_fail_one, settle
from tui.core import writes
from tui.core.bulk import BulkRun
from tui.ui.screens.bulk import BulkAction, BulkProgressScreen, BulkSummaryScreen
from tui.ui.screens.conflict import ConflictDialog

#: The smallest size the app is made for, and the usual one.
SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])


@SIZES
def test_list_screen(snap_compare, sandbox, size) -> None:
    assert snap_compare(sandbox.app(), terminal_size=size, run_before=settle)


@SIZES
def test_detail_screen(snap_compare, sandbox, size) -> None:
    async def open_third(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "enter")

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=open_third)


@SIZES
def test_form_with_a_validation_error(snap_compare, sandbox, size) -> None:
    async def bad_order_id(pilot) -> None:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        order_id = pilot.app.screen.query_one("#order_id", Input)
        order_id.focus()
        order_id.value = "-5"
        await pilot.press("ctrl+s")

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=bad_order_id)


@SIZES
def test_add_form_with_every_field_refused(snap_compare, sandbox, size) -> None:
    async def save_empty_on_s3(pilot) -> None:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab", "space", "ctrl+s")
        await pilot.pause()

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=save_empty_on_s3)


@SIZES
def test_one_field_edit_naming_a_letter(snap_compare, sandbox, size) -> None:
    async def letter_in_count(pilot) -> None:
        await settle(pilot)
        await pilot.press("i", "ctrl+u", "1", "2", "a")
        await pilot.pause()

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=letter_in_count)


@SIZES
def test_bulk_set_dialog(snap_compare, sandbox, size) -> None:
    async def mark_three_and_set(pilot) -> None:
        await settle(pilot)
        await pilot.press("space", "space", "space", "i", "down")
        await pilot.pause()

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=mark_three_and_set)


def test_a_terminal_too_small_for_the_form(snap_compare, sandbox) -> None:
    async def open_the_form(pilot) -> None:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(sandbox.app(), terminal_size=(70, 20), run_before=open_the_form)


# -- every dialog, its hints whole, at both sizes --------------------------------------


@pytest.fixture
def fixed_deletion_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Writes journaled at a fixed moment, shown in UTC, so the history never changes."""
    with monkeypatch.context() as patched:  # undone before the time zone is reset
        patched.setattr(writes, "now", lambda: FIXED_NOW)
        patched.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()




@SIZES
def test_bulk_progress(snap_compare, sandbox, size) -> None:
    async def part_way(pilot) -> None:
        await settle(pilot)
        records = list(pilot.app.screen.table.items[:3])
        run = BulkRun(records, lambda record: asyncio.sleep(0))
        run.finished, run.current = 1, records[1]
        await pilot.app.push_screen(BulkProgressScreen(BulkAction("Deleting", "Deleted"), run))
        await pilot.pause()

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=part_way)


@SIZES
def test_delete_dialog(snap_compare, sandbox, size) -> None:
    async def ask_to_delete(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "d")

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=ask_to_delete)


@SIZES
def test_bulk_delete_confirm(snap_compare, sandbox, size) -> None:
    async def ask(pilot) -> None:
        await mark_six_and_fail_one(pilot, sandbox)

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=ask)


@SIZES
def test_bulk_summary_with_a_failure(snap_compare, sandbox, size) -> None:
    async def delete_six(pilot) -> None:
        await mark_six_and_fail_one(pilot, sandbox)
        await pilot.press("y")
        await wait_until(lambda: isinstance(pilot.app.screen, BulkSummaryScreen),
                         what="the bulk summary")
        await settle(pilot)

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=delete_six)


@SIZES
def test_conflict_dialog(snap_compare, sandbox, size) -> None:
    """Over the list: the form it comes from has snapshots of its own."""

    async def conflict(pilot) -> None:
        await settle(pilot)
        download_id = column(pilot.app, 0)[1]
        pilot.app.push_screen(ConflictDialog(download_id, {
            "download_count": (3, 7),
            "download_file_name": ("ebook-rust-workbook-v3-final-edition-with-exercises.pdf",
                                   "ebook-rust-workbook-v3.pdf"),
        }))
        await pilot.pause()

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=conflict)


@SIZES
def test_go_to_dialog(snap_compare, sandbox, size) -> None:
    async def go_to_page(pilot) -> None:
        await settle(pilot)
        await pilot.press("colon", "0", "enter")  # not a page: said under the field
        await settle(pilot)

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=go_to_page)


@SIZES
def test_help_from_the_list(snap_compare, sandbox, size) -> None:
    async def help_(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=help_)


@SIZES
def test_help_from_a_dialog(snap_compare, sandbox, size) -> None:
    async def help_(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "d", "question_mark")
        await settle(pilot)

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=help_)


@SIZES
def test_history_dialog(snap_compare, sandbox, fixed_deletion_time, size) -> None:
    async def delete_then_restore(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "z")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        pilot.app.clear_notifications()  # "Deleted …", gone at its own time
        await pilot.press("u")
        await settle(pilot)

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=delete_then_restore)


@SIZES
def test_export_dialog(snap_compare, sandbox, monkeypatch, size) -> None:
    monkeypatch.chdir("/")  # the dialog names the folder a relative path is saved in

    async def export(pilot) -> None:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=export)


@SIZES
def test_columns_dialog(snap_compare, sandbox, size) -> None:
    async def columns(pilot) -> None:
        await settle(pilot)
        await pilot.press("v")
        await pilot.pause()

    assert snap_compare(sandbox.app(), terminal_size=size, run_before=columns)
