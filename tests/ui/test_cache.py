"""The list over a slow link: pages prefetched, writes clearing the cache, and
request counts for a held key and for typing a search."""

from __future__ import annotations

import asyncio

from textual import events

from tests.conftest import wait_until
from tests.ui.support import column, settle, started, status
from tui.api.models import ListQuery
from tui.core.paging import CACHE_PAGES

#: The sandbox's answers to list requests take this long, like a distant store's.
SLOW_LIST = 0.15


def _slow_lists(sandbox) -> None:
    sandbox.transport.delays.append(
        (lambda request: request.method == "GET" and request.url.path.endswith("/downloads"),
         SLOW_LIST))


def _pages_asked(sandbox) -> list[str]:
    return [params["page"] for params in sandbox.transport.list_params()]


async def _first_ids(sandbox, page: int, search: str | None = None) -> list[str]:
    async with sandbox.client(recorded=False) as client:
        found = await client.list(ListQuery(page=page, search=search))
    return [item.download_id for item in found.items]


async def test_the_next_page_is_prefetched_and_shown_without_a_request(sandbox) -> None:
    async with sandbox.app(cache_pages=CACHE_PAGES).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert _pages_asked(sandbox) == ["1", "2"]
        await pilot.press("n")
        assert column(pilot.app, 0) == await _first_ids(sandbox, 2), "shown at once"
        await settle(pilot)
        assert _pages_asked(sandbox) == ["1", "2", "3"], "page 1 was still cached"
        await pilot.press("p")
        assert "page 1" in status(pilot.app)
        assert _pages_asked(sandbox) == ["1", "2", "3"]


async def test_a_delete_and_a_refresh_clear_the_cache(sandbox) -> None:
    async with sandbox.app(cache_pages=CACHE_PAGES).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        doomed = column(pilot.app, 0)[0]
        asked = len(_pages_asked(sandbox))
        await pilot.press("d", "y")
        await settle(pilot)
        assert doomed not in column(pilot.app, 0)
        assert _pages_asked(sandbox)[asked:] == ["1", "2"], "both pages asked again"
        await pilot.press("n")
        await settle(pilot)
        assert column(pilot.app, 0) == await _first_ids(sandbox, 2)
        asked = len(_pages_asked(sandbox))
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _pages_asked(sandbox)[asked] == "2", "a refresh asks the store"


async def test_a_save_clears_the_cache(sandbox) -> None:
    async with sandbox.app(cache_pages=CACHE_PAGES).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("e")
        await pilot.pause()
        count = pilot.app.screen.query_one("#download_count")
        count.value = "0"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _pages_asked(sandbox) == ["1", "2", "1", "2"], "both pages asked again"


async def test_a_superseded_page_request_is_cancelled(sandbox) -> None:
    sandbox.transport.delays.append(
        (lambda request: request.url.params.get("sortby") == "download_count", 2.0))
    async with sandbox.app(cache_pages=CACHE_PAGES).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("5")  # its answer is held back ...
        await wait_until(lambda: any(params.get("sortby") == "download_count"
                                     for params in sandbox.transport.list_params()),
                         what="the count sort sent")
        await pilot.press("6")  # ... and no longer wanted
        await settle(pilot)
        assert sandbox.transport.cancelled >= 1
        assert "sort: file ▲" in status(pilot.app)


async def test_holding_the_next_key_keeps_two_requests_in_flight_at_most(make_sandbox) -> None:
    sandbox = make_sandbox(records=2500)
    _slow_lists(sandbox)
    async with sandbox.app(cache_pages=CACHE_PAGES).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        for _ in range(40):  # as a held key repeats: faster than pilot.press
            pilot.app.post_message(events.Key("n", "n"))
            await asyncio.sleep(0.03)
        await settle(pilot)
        assert "page 41" in status(pilot.app)
        assert column(pilot.app, 0) == await _first_ids(sandbox, 41)
        assert sandbox.transport.most_in_flight <= 2
        assert len(_pages_asked(sandbox)) < 20, "held keys are coalesced"


async def test_typing_a_search_sends_few_requests_and_shows_the_full_term(sandbox) -> None:
    _slow_lists(sandbox)
    async with sandbox.app(cache_pages=CACHE_PAGES).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        before = len(_pages_asked(sandbox))
        await pilot.press("slash")
        for char in "watercolor":
            await pilot.press(char)
            await asyncio.sleep(0.05)
        await settle(pilot)
        searches = sandbox.transport.list_params()[before:]
        assert len(searches) <= 3
        # a busy machine may pause between two keys longer than the debounce
        assert all("watercolor".startswith(sent["search"]) for sent in searches)
        assert searches[-1]["search"] == "watercolor"
        assert column(pilot.app, 0) == await _first_ids(sandbox, 1, "watercolor")
