"""Server-side search, and answers to old queries never shown over new ones."""

from __future__ import annotations

import asyncio

from tests.conftest import wait_until
from tests.ui.support import column, paste, rows, settle, started, status

#: Key presses in a test can be far apart on a busy machine; a wider debounce keeps
#: "typing quickly" quick there too.
SLOW_MACHINE_DEBOUNCE = 1.0


async def test_typing_quickly_sends_one_search_and_shows_the_final_results(sandbox) -> None:
    app = sandbox.app(search_debounce=SLOW_MACHINE_DEBOUNCE)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        before = len(sandbox.transport.list_params())
        await pilot.press("slash", *"seo", "enter")
        await settle(pilot)
        searches = sandbox.transport.list_params()[before:]
        assert 1 <= len(searches) <= 2
        assert searches[-1] == {"page": "1", "perpage": "50", "search": "seo"}
        found = rows(pilot.app)
        assert found and all("seo" in row[0] + row[5] + row[7] for row in found)
        assert "search: “seo”" in status(pilot.app)
        assert pilot.app.focused is pilot.app.screen.query_one("#downloads")


async def test_typing_pauses_are_debounced_into_one_request(sandbox) -> None:
    app = sandbox.app(search_debounce=SLOW_MACHINE_DEBOUNCE)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        before = len(sandbox.transport.list_params())
        await pilot.press("slash", *"plugin")
        await settle(pilot)
        assert [p.get("search") for p in sandbox.transport.list_params()[before:]] == ["plugin"]
        assert all("plugin" in row[0] + row[5] + row[7] for row in rows(pilot.app))


async def test_escape_clears_the_search_and_reloads(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        everything = column(pilot.app, 0)
        await pilot.press("slash", *"album", "enter")
        await settle(pilot)
        assert column(pilot.app, 0) != everything
        await pilot.press("escape")
        await settle(pilot)
        assert sandbox.transport.list_params()[-1] == {"page": "1", "perpage": "50"}
        assert column(pilot.app, 0) == everything
        assert "search" not in status(pilot.app)
        await pilot.press("slash", *"album")
        await pilot.press("escape")
        await settle(pilot)
        assert column(pilot.app, 0) == everything
        assert pilot.app.screen.query_one("#search").value == ""


async def test_a_search_with_no_results_shows_an_empty_first_page(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await paste(pilot, "zzzznothing")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(pilot.app) == [] and "0 rows" in status(pilot.app)


async def test_a_slow_answer_to_an_older_query_is_never_shown(sandbox) -> None:
    held = asyncio.Event()
    sandbox.transport.gates.append(
        (lambda request: request.url.params.get("sortby") == "download_count", held))
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("5")  # sort by count: its answer is held back
        await wait_until(lambda: any(params.get("sortby") == "download_count"
                                     for params in sandbox.transport.list_params()),
                         what="the count sort sent")
        await pilot.press("6")  # then by file: answered at once
        await wait_until(lambda: "sort: file ▲" in status(pilot.app)
                         and "loading" not in status(pilot.app), what="the file sort shown")
        held.set()  # only now may the older answer come (unless its request was dropped)
        await wait_until(lambda: sandbox.transport.in_flight == 0, what="the older answer")
        await settle(pilot)
        assert [p.get("sortby") for p in sandbox.transport.list_params()[-2:]] == [
            "download_count", "download_file_name"]
        files = column(pilot.app, 5)
        assert files == sorted(files)
        assert "sort: file ▲" in status(pilot.app)
