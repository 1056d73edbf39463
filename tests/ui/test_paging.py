"""Moving through pages and rows of the list."""

from __future__ import annotations

from tests.ui.support import column, cursor_id, notes, rows, settle, started, status, table


async def test_first_page_shows_with_store_page_rows_and_sort(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert len(rows(pilot.app)) == 50
        assert status(pilot.app).startswith("sandbox")
        for part in ("page 1", "50 rows", "sort: store order"):
            assert part in status(pilot.app)
        assert sandbox.transport.list_params() == [{"page": "1", "perpage": "50"}]


async def test_paging_to_the_last_page_and_back_without_totals(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        first_ids = column(pilot.app, 0)
        await pilot.press("n")
        await settle(pilot)
        assert "page 2" in status(pilot.app) and len(rows(pilot.app)) == 50
        await pilot.press("pagedown")
        await settle(pilot)
        assert "page 3" in status(pilot.app) and "20 rows" in status(pilot.app)
        sent = len(sandbox.transport.list_params())
        await pilot.press("n")
        await settle(pilot)
        assert "Page 3 is the last page." in notes(pilot.app)
        assert len(sandbox.transport.list_params()) == sent, "no request past a short page"
        assert "page 3 of 3" in status(pilot.app)
        await pilot.press("p")
        await settle(pilot)
        assert "page 2" in status(pilot.app)
        await pilot.press("pageup")
        await settle(pilot)
        assert "page 1" in status(pilot.app)
        assert column(pilot.app, 0) == first_ids
        await pilot.press("p")
        await settle(pilot)
        assert "This is the first page." in notes(pilot.app)
        pages = [params["page"] for params in sandbox.transport.list_params()]
        assert pages == ["1", "2", "3", "2", "1"]


async def test_a_full_last_page_is_found_without_showing_an_empty_page(make_sandbox) -> None:
    sandbox = make_sandbox(records=100)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("n")
        await settle(pilot)
        page_two = column(pilot.app, 0)
        await pilot.press("n")
        await settle(pilot)
        assert "Page 2 is the last page." in notes(pilot.app)
        assert "page 2 of 2" in status(pilot.app) and "50 rows" in status(pilot.app)
        assert column(pilot.app, 0) == page_two
        sent = len(sandbox.transport.list_params())
        await pilot.press("n")
        await settle(pilot)
        assert len(sandbox.transport.list_params()) == sent
        assert notes(pilot.app)[-1] == "Page 2 is the last page."


async def test_totals_from_the_store_show_as_page_of_n(make_sandbox) -> None:
    sandbox = make_sandbox(records=120, totals=True)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "page 1 of 3" in status(pilot.app)
        await pilot.press("n", "n")
        await settle(pilot)
        assert "page 3 of 3" in status(pilot.app)


async def test_row_keys_move_the_cursor(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        ids = column(pilot.app, 0)
        await pilot.press("j", "j", "down")
        assert cursor_id(pilot.app) == ids[3]
        await pilot.press("k", "up")
        assert cursor_id(pilot.app) == ids[1]
        await pilot.press("G")
        assert cursor_id(pilot.app) == ids[-1]
        await pilot.press("g")
        assert cursor_id(pilot.app) == ids[0]


async def test_rows_per_page_steps_and_keeps_place(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("minus")
        await settle(pilot)
        assert len(rows(pilot.app)) == 25 and "25 rows" in status(pilot.app)
        await pilot.press("minus", "minus")
        await settle(pilot)
        assert table(pilot.app).row_count == 10
        assert "10 rows per page is the fewest." in notes(pilot.app)
        await pilot.press("plus", "plus", "plus")
        await settle(pilot)
        assert table(pilot.app).row_count == 100
        assert sandbox.transport.list_params()[-1]["perpage"] == "100"


async def test_refresh_asks_again_and_keeps_the_cursor(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("j", "j", "j")
        chosen = cursor_id(pilot.app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert sandbox.transport.list_params()[-2:] == [{"page": "2", "perpage": "50"}] * 2
        assert cursor_id(pilot.app) == chosen
