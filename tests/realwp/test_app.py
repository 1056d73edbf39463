"""The app, headless, against a real WordPress through both forms of its API root:
open it, page to the last page, edit a record, and find the edit in MariaDB."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.realwp.support import PRINTED_TEXT, ROOTS, SECRET, TOKEN, ids, row, switch
from tests.ui.support import (
    column,
    cursor_id,
    notes,
    open_edit,
    replace,
    screen_text,
    settle,
    status,
)
from tui.config.connection import Connection
from tui.ui.app import EasyCartApp, app_for

pytestmark = pytest.mark.realwp

#: The list's rows per page (the app's default).
PERPAGE = 50
#: Long enough for a real site's answers (tens of milliseconds each) and the app's
#: own look at the store in the background.
WAIT = 30.0
SIZE = (160, 40)


def real_app(root: str) -> EasyCartApp:
    """The app as `easycart-tui --url ROOT` opens it (a steady cursor)."""
    return app_for(Connection(root, TOKEN, SECRET), cursor_blink=False)


async def opened(pilot: Pilot) -> None:
    await settle(pilot, timeout=WAIT)


def assert_on_the_last_page(app: EasyCartApp, every_id: list[str], perpage: int) -> int:
    """That the app shows the last page of `every_id` at `perpage` rows a page, and
    says so; how many rows it holds."""
    pages = -(-len(every_id) // perpage)
    last = len(every_id) - (pages - 1) * perpage
    assert f"page {pages} of {pages}" in status(app) and f"{last} rows" in status(app), status(
        app)
    assert column(app, 0) == every_id[-last:]
    return last


@pytest.mark.parametrize("form", sorted(ROOTS))
async def test_open_page_to_the_last_page_and_edit(site: None, form: str) -> None:
    every_id = ids()
    async with real_app(ROOTS[form]).run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert column(pilot.app, 0) == every_id[:PERPAGE]
        await pilot.press("greater_than_sign")
        await settle(pilot, timeout=WAIT)
        last = assert_on_the_last_page(pilot.app, every_id, PERPAGE)

        at = min(3, last - 1)
        download_id = await open_edit(pilot, row=at)
        assert download_id == every_id[-last + at]
        held = row(download_id)
        assert held is not None
        count = str(int(held["download_count"]) + 1)  # another value on every run
        await replace(pilot, "download_count", count)
        await pilot.press("ctrl+s")
        await settle(pilot, timeout=WAIT)
        assert f"Saved download {download_id}." in notes(pilot.app)
        assert cursor_id(pilot.app) == download_id
    assert row(download_id) == held | {"download_count": count}


def shown(app: EasyCartApp) -> str:
    """Everything the app has told: the screen, and every notification."""
    return "\n".join([screen_text(app), *notes(app)])


async def test_a_dropped_header_is_told_with_its_fix(site: None) -> None:
    switch(auth_header="dropped")
    async with real_app(ROOTS["pretty"]).run_test(size=SIZE) as pilot:
        await opened(pilot)
        told = shown(pilot.app)
    assert "CGIPassAuth On" in told, told


async def test_a_store_refusing_pages_over_30_opens_and_pages(site: None) -> None:
    switch(perpage="refuse", perpage_max=30)
    every_id = ids()
    async with real_app(ROOTS["pretty"]).run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert column(pilot.app, 0) == every_id[:30], shown(pilot.app)
        assert "30 rows" in status(pilot.app)
        await pilot.press("greater_than_sign")
        await settle(pilot, timeout=WAIT)
        assert_on_the_last_page(pilot.app, every_id, 30)


@pytest.mark.parametrize("printed", ["before", "after"])
async def test_text_printed_around_the_json_costs_only_a_warning(site: None,
                                                                printed: str) -> None:
    switch(print=printed)
    async with real_app(ROOTS["pretty"]).run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert column(pilot.app, 0) == ids()[:PERPAGE], shown(pilot.app)
        assert PRINTED_TEXT in shown(pilot.app).lower()  # said as a sentence of its own


async def test_a_php_fatal_error_is_named_without_its_markup(site: None) -> None:
    switch(fatal="list")
    async with real_app(ROOTS["pretty"]).run_test(size=SIZE) as pilot:
        await opened(pilot)
        told = shown(pilot.app)
    assert "PHP" in told and "fatal error" in told and "error log" in told, told
    assert "<p>" not in told and "try again" not in told, told
