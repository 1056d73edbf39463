"""Not losing one's place: a download added is shown selected, an edit from the
detail screen returns to it, the detail screen steps through the list's rows, and a
terminal too small for a screen says so instead of cutting it off, losing nothing."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import Sandbox
from tests.ui.support import (
    add_download,
    column,
    cursor_id,
    notes,
    rows,
    screen_text,
    settle,
    started,
    status,
)
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.form import FormScreen

FILE = 5  # the file column


def detail_shows(pilot: Pilot[Any]) -> str:
    """The id of the download the detail screen shows, read off the screen."""
    assert isinstance(pilot.app.screen, DetailScreen)
    title = screen_text(pilot.app).splitlines()[0].split()
    assert title[0] == "Download", title
    return title[1]


# -- a download added ---------------------------------------------------------


async def test_a_download_added_outside_the_search_is_pinned_and_selected(
        both_sandboxes: Sandbox) -> None:
    async with both_sandboxes.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"seo", "enter")
        await settle(pilot)
        found = len(rows(pilot.app))
        new_id = await add_download(pilot, "new-outside.pdf")
        assert len(rows(pilot.app)) == found + 1
        assert rows(pilot.app)[0][FILE] == "new-outside.pdf"
        assert cursor_id(pilot.app) == new_id
        assert any(note.startswith("The new download is not on this page of the list "
                                   "(in store order, search “seo”)") for note in notes(pilot.app))


async def test_a_download_added_newest_first_is_selected_on_the_first_page(
        both_sandboxes: Sandbox) -> None:
    async with both_sandboxes.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("2", "2")  # by created, newest first
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "page 2" in status(pilot.app)
        new_id = await add_download(pilot, "new-first.pdf")
        assert "page 1" in status(pilot.app) and "sort: created ▼" in status(pilot.app)
        assert pilot.app.screen.table.cursor_row == 0
        assert cursor_id(pilot.app) == new_id
        assert rows(pilot.app)[0][FILE] == "new-first.pdf"


async def test_a_download_added_oldest_first_is_selected_on_the_last_page(
        both_sandboxes: Sandbox) -> None:
    async with both_sandboxes.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("2")  # by created, oldest first: 120 rows, 50 a page
        await settle(pilot)
        new_id = await add_download(pilot, "new-last.pdf")
        assert "page 3 of 3" in status(pilot.app) and "21 " in status(pilot.app)
        assert cursor_id(pilot.app) == new_id
        assert rows(pilot.app)[-1][FILE] == "new-last.pdf"
        assert not any("not on this page" in note for note in notes(pilot.app))


# -- editing from the detail screen -------------------------------------------


async def test_an_edit_from_the_detail_screen_returns_to_it(both_sandboxes: Sandbox) -> None:
    async with both_sandboxes.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        download_id = detail_shows(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
        field = pilot.app.screen.query_one("#download_file_name", Input)
        field.focus()
        field.value = "edited-in-detail.zip"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert detail_shows(pilot) == download_id
        assert "edited-in-detail.zip" in screen_text(pilot.app)
        assert (await both_sandboxes.holds(download_id)).download_file_name == (
            "edited-in-detail.zip")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert cursor_id(pilot.app) == download_id
        assert rows(pilot.app)[2][FILE] == "edited-in-detail.zip"


# -- next and previous from the detail screen ----------------------------------


async def test_the_detail_screen_steps_through_the_rows_and_pages(make_sandbox,
                                                                 store_kind: str) -> None:
    sandbox = make_sandbox(records=12, store=store_kind)
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        first = column(pilot.app, 0)
        await pilot.press("G", "k", "enter")  # the ninth row
        await pilot.pause()
        footer = screen_text(pilot.app).splitlines()[-1]
        assert "j Next" in footer and "k Previous" in footer
        assert detail_shows(pilot) == first[8]
        await pilot.press("j")
        await pilot.pause()
        assert detail_shows(pilot) == first[9]
        await pilot.press("j")  # on to the next page
        await settle(pilot)
        second = [item.download_id for item in pilot.app.downloads.table.items]
        assert len(second) == 2 and not set(second) & set(first)
        assert detail_shows(pilot) == second[0]
        await pilot.press("j")
        await pilot.pause()
        assert detail_shows(pilot) == second[1]
        await pilot.press("j")  # the end of the list
        await settle(pilot)
        assert detail_shows(pilot) == second[1]
        assert any("last" in note for note in notes(pilot.app))
        await pilot.press("k", "k")  # back onto the first page, its last row
        await settle(pilot)
        assert detail_shows(pilot) == first[9]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert "page 1" in status(pilot.app)
        assert cursor_id(pilot.app) == first[9]


# -- a terminal too small --------------------------------------------------------


async def test_a_terminal_too_small_for_the_form_says_so_and_loses_nothing(
        sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"42")
        await pilot.resize_terminal(70, 20)
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Make the terminal larger: this dialog needs at least 60×24 (now 70×20)." in (
            " ".join(text.split()))
        assert "Save" not in text
        await pilot.press(*"99", "tab", *"99")  # keys act on nothing that cannot be seen
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Make the terminal larger" not in text and "Save" in text
        assert isinstance(pilot.app.screen, FormScreen)
        await pilot.press("7")  # the focus is back in the field
        assert pilot.app.screen.query_one("#product_id", Input).value == "427"


async def test_the_list_reads_in_a_smaller_terminal_than_a_dialog(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(60, 10)) as pilot:
        await started(pilot)
        assert "Make the terminal larger" not in screen_text(pilot.app)
        await pilot.resize_terminal(59, 10)
        await settle(pilot)
        assert "the app needs at least 60×10 (now 59×10)" in " ".join(
            screen_text(pilot.app).split())
        await pilot.press("n")
        await pilot.resize_terminal(60, 10)
        await settle(pilot)
        assert "Make the terminal larger" not in screen_text(pilot.app)
        assert "page 1" in status(pilot.app)
