"""Esc on a search or a filter goes back to the page and the row the list was on
before the search began; a search never applied only closes the box."""

from __future__ import annotations

import pytest

from tests.ui.support import cursor_id, paste, settle, started, status, table


async def on_page_3_row_5(pilot) -> str:
    """Go to the fifth row of the third page; the id of the download there."""
    await started(pilot)
    await pilot.press("n", "n")
    await settle(pilot)
    await pilot.press(*"jjjj")
    assert "page 3" in status(pilot.app) and table(pilot.app).cursor_row == 4
    return cursor_id(pilot.app)


@pytest.mark.parametrize("term", ["ebook", "count>0"], ids=["search", "filter"])
async def test_escape_goes_back_to_the_page_and_row_of_before_the_search(
        both_sandboxes, term: str) -> None:
    async with both_sandboxes.app(perpage=25).run_test(size=(80, 24)) as pilot:
        before = await on_page_3_row_5(pilot)
        await pilot.press("slash")
        await paste(pilot, term)
        await pilot.press("enter")
        await settle(pilot)
        assert "page 1" in status(pilot.app) and term in status(pilot.app)
        await pilot.press("n", "j")  # looking about the results does not change where Esc goes
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "page 3" in status(pilot.app) and term not in status(pilot.app)
        assert table(pilot.app).cursor_row == 4 and cursor_id(pilot.app) == before
        assert both_sandboxes.transport.list_params()[-1] == {"page": "3", "perpage": "25"}


async def test_a_search_never_applied_only_closes_the_box(both_sandboxes) -> None:
    app = both_sandboxes.app(perpage=25, search_debounce=30)  # typing never searches here
    async with app.run_test(size=(80, 24)) as pilot:
        before = await on_page_3_row_5(pilot)
        sent = len(both_sandboxes.transport.requests)
        await pilot.press("slash", "escape")
        await settle(pilot)
        await pilot.press("slash", *"alb", "escape")
        await settle(pilot)
        await pilot.press("escape")  # and on the list, with no search at all
        await settle(pilot)
        assert not pilot.app.screen.query_one("#search-box").display
        assert "page 3" in status(pilot.app) and "search" not in status(pilot.app)
        assert table(pilot.app).cursor_row == 4 and cursor_id(pilot.app) == before
        assert len(both_sandboxes.transport.requests) == sent


async def test_a_sort_changed_meanwhile_starts_the_list_at_its_first_page(both_sandboxes) -> None:
    async with both_sandboxes.app(perpage=25).run_test(size=(80, 24)) as pilot:
        await on_page_3_row_5(pilot)
        await pilot.press("slash", *"ebook", "enter")
        await settle(pilot)
        await pilot.press("5")  # sorted by count now: page 3 would be other downloads
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "page 1" in status(pilot.app) and "sort: count ▲" in status(pilot.app)
        assert "search" not in status(pilot.app)
        assert both_sandboxes.transport.list_params()[-1] == {
            "page": "1", "perpage": "25", "sortby": "download_count", "sortdir": "ASC"}
