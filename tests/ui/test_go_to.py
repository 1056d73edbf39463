"""Going straight to a page (`:`) or to a download by its id or a unique start of
it (`#`), also from the palette."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from tests.conftest import wait_until
from tests.ui.support import (
    column,
    field_error,
    help_rows,
    notes,
    paste,
    screen_text,
    settle,
    started,
    status,
)
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.form import FormScreen
from tui.ui.screens.go_to import GoToDialog


async def page_ids(sandbox, page: int) -> list[str]:
    async with sandbox.client(recorded=False) as client:
        return [item.download_id for item in (await client.list(page=page, perpage=50)).items]


async def ask(pilot, key: str, typed: str, *, pasted: bool = False) -> None:
    """Open the dialog with `key`, type (or paste, as one does an id) `typed`, Enter."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, GoToDialog)
    if pasted:
        await paste(pilot, typed)
        await pilot.press("enter")
    else:
        await pilot.press(*typed, "enter")
    await settle(pilot)



async def test_colon_goes_to_the_page_asked_for(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await ask(pilot, "colon", "3")
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert column(pilot.app, 0) == await page_ids(sandbox, 3)
        assert "page 3" in status(pilot.app)
        assert sandbox.transport.list_params()[-1] == {"page": "3", "perpage": "50"}


async def test_a_page_past_the_end_leads_to_the_last_page(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("n")
        await settle(pilot)
        await ask(pilot, "colon", "9")
        assert "There is no page 9: page 3 is the last." in notes(pilot.app)
        assert column(pilot.app, 0) == await page_ids(sandbox, 3)
        assert "page 3 of 3" in status(pilot.app)
        await pilot.press("n")
        await settle(pilot)
        assert notes(pilot.app)[-1] == "Page 3 is the last page."
        assert "page 3 of 3" in status(pilot.app)


@pytest.mark.parametrize("typed", ["last", "LAST", "end", "$"])
async def test_last_at_the_prompt_goes_to_the_last_page(make_sandbox, typed: str) -> None:
    sandbox = make_sandbox(records=230)  # pages 1-5, no totals
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await ask(pilot, "colon", typed)
        assert column(pilot.app, 0) == await page_ids(sandbox, 5)
        assert "page 5 of 5" in status(pilot.app) and "30 rows" in status(pilot.app)


async def test_a_page_known_not_to_exist_is_reported_at_the_prompt(make_sandbox) -> None:
    sandbox = make_sandbox(records=120, totals=True)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        before = len(sandbox.transport.requests)
        await ask(pilot, "colon", "9")
        assert isinstance(pilot.app.screen, GoToDialog)
        assert field_error(pilot.app, "go-to") == "There is no page 9: page 3 is the last."
        assert "There is no page 9: page 3 is the last." in screen_text(pilot.app)
        assert pilot.app.screen.query_one(Input).value == "9"
        assert len(sandbox.transport.requests) == before
        await pilot.press("backspace", "2", "enter")
        await settle(pilot)
        assert column(pilot.app, 0) == await page_ids(sandbox, 2)


@pytest.mark.parametrize("typed", ["0", "two", "-1", "²"])
async def test_a_page_number_must_be_a_whole_number_from_one(sandbox, typed: str) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        before = len(sandbox.transport.requests)
        await ask(pilot, "colon", typed)
        assert field_error(pilot.app, "go-to") == "A page number is a whole number from 1, or last."
        assert pilot.app.screen.query_one(Input).value == typed
        assert len(sandbox.transport.requests) == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DownloadsScreen)


async def test_number_sign_opens_a_download_by_id_and_edit_works_from_there(sandbox) -> None:
    wanted = (await page_ids(sandbox, 3))[4]  # not on the page on screen
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert wanted not in column(pilot.app, 0)
        await ask(pilot, "number_sign", wanted, pasted=True)
        screen = pilot.app.screen
        assert isinstance(screen, DetailScreen)
        assert screen.record == await sandbox.holds(wanted)
        assert f"Download {wanted}" in screen_text(pilot.app)
        assert sandbox.transport.requests[-1].url.path.endswith(f"/downloads/{wanted}")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert pilot.app.screen.record.download_id == wanted


async def test_an_id_no_store_can_hold_is_refused_before_anything_is_sent(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        before = len(sandbox.transport.requests)
        await pilot.press("number_sign")
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "x" * 192  # pasted, not typed key by key
        await pilot.press("enter")
        await settle(pilot)
        assert field_error(pilot.app, "go-to") == (
            "A download id is 1 to 191 characters long, not 192.")
        assert pilot.app.screen.query_one(Input).value == "x" * 192
        assert len(sandbox.transport.requests) == before


async def test_an_id_the_store_refuses_is_reported_at_the_field(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await ask(pilot, "number_sign", "5a3-x")
        assert field_error(pilot.app, "go-to").startswith("The store rejected download_id")
        assert pilot.app.screen.query_one(Input).value == "5a3-x"


async def test_an_unknown_id_is_reported_and_the_id_kept(sandbox) -> None:
    wanted = (await page_ids(sandbox, 1))[1]
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await ask(pilot, "number_sign", "zzzz9999")
        assert isinstance(pilot.app.screen, GoToDialog)
        assert field_error(pilot.app, "go-to") == "No download's id starts with zzzz9999."
        assert "No download's id starts with zzzz9999." in screen_text(pilot.app)
        assert pilot.app.screen.query_one(Input).value == "zzzz9999"
        assert sandbox.transport.count("GET") and \
            sandbox.transport.requests[-1].url.path.endswith("/downloads/zzzz9999")
        await pilot.press(*["backspace"] * 8)
        await paste(pilot, wanted)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.record.download_id == wanted


async def test_number_sign_takes_the_start_of_an_id_as_the_list_shows_it(
        both_sandboxes) -> None:
    wanted = (await page_ids(both_sandboxes, 2))[3]  # not on the page on screen
    async with both_sandboxes.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        shown = next(line.split()[0] for line in screen_text(pilot.app).splitlines()
                     if line.startswith(column(pilot.app, 0)[0][:8]))
        assert shown.endswith("…") and len(shown) == 9  # the list's ids, cut short
        await ask(pilot, "number_sign", wanted[:8])
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.record == await both_sandboxes.holds(wanted)
        await pilot.press("escape")
        await pilot.pause()
        await ask(pilot, "number_sign", "abc")
        assert field_error(pilot.app, "go-to") == (
            "abc is too short to look a download up by: give at least 4 characters of its id.")


async def test_a_start_several_ids_share_lists_them_and_keeps_what_was_typed(
        make_sandbox, store_kind: str, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    sandbox = make_sandbox(records=40, store=store_kind, db=str(db))
    ids = await page_ids(sandbox, 1)
    await sandbox.asgi.state.store.ready()
    with sqlite3.connect(db) as connection:  # ids another source gave a common start
        for download_id in ids[:25]:
            connection.execute("UPDATE downloads SET download_id = ? WHERE download_id = ?",
                               ("beef" + download_id[4:], download_id))
    alike = sorted("beef" + download_id[4:] for download_id in ids[:25])
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await ask(pilot, "number_sign", "beef")
        assert isinstance(pilot.app.screen, GoToDialog)
        assert pilot.app.screen.query_one(Input).value == "beef"
        said = field_error(pilot.app, "go-to").splitlines()
        assert said[0] == "25 downloads' ids start with beef; type more:"
        assert said[1:-1] == alike[:len(said) - 2] and said[-1] == f"… and {27 - len(said)} more"
        text = screen_text(pilot.app)
        for line in (said[1], said[-1], "Enter goes there · Esc cancels"):  # all of it in view
            assert line in text, line
        await pilot.press(*alike[4][4:12], "enter")  # typing on narrows it to one
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.record.download_id == alike[4]


def palette_offers(app: App[Any], title: str) -> bool:
    if not isinstance(app.screen, CommandPalette):
        return False
    options = app.screen.query_one(CommandList)
    return options.option_count > 0 and \
        str(options.get_option_at_index(0).prompt).split("\n")[0] == title


async def pick(pilot, typed: str, title: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await paste(pilot, typed)
    await wait_until(lambda: palette_offers(pilot.app, title), what=f"the palette to offer {title}")
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_goes_to_a_typed_page(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pick(pilot, "page 3", "Go to page 3")
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert column(pilot.app, 0) == await page_ids(sandbox, 3)
        await pick(pilot, "page 12", "Go to page 12")
        assert "There is no page 12: page 3 is the last." in notes(pilot.app)
        assert column(pilot.app, 0) == await page_ids(sandbox, 3)


async def test_the_palette_opens_a_typed_download_id(sandbox) -> None:
    wanted = (await page_ids(sandbox, 2))[0]
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pick(pilot, f"id {wanted}", f"Go to download {wanted}")
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.record.download_id == wanted
        await pilot.press("escape")
        await pilot.pause()
        await pick(pilot, "download zzzz9999", "Go to download zzzz9999")
        assert isinstance(pilot.app.screen, GoToDialog)
        assert field_error(pilot.app, "go-to") == "No download's id starts with zzzz9999."
        assert pilot.app.screen.query_one(Input).value == "zzzz9999"


async def test_the_help_screen_lists_the_new_keys(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        listed = help_rows(pilot.app)
        for row in [("x", "Export to a CSV or JSON file", "downloads.export"),
                    (":", "Go to page", "downloads.go-to-page"),
                    ("#", "Go to download by id", "downloads.go-to-id"),
                    ("y", "Copy id", "downloads.copy-id"),
                    ("Y", "Copy as JSON", "downloads.copy-json")]:
            assert row in listed
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        listed = help_rows(pilot.app)
        assert ("y", "Copy id", "detail.copy-id") in listed
        assert ("Y", "Copy as JSON", "detail.copy-json") in listed
