"""The page store's cache and prefetch, without any UI: what is kept, shared,
cancelled and forgotten."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import wait_until
from tui.api.errors import ServerError
from tui.api.models import Download, ListQuery, Page
from tui.core.page_cache import PageCache
from tui.core.paging import Outcome, PageStore


class CountingClient:
    """Answers `list` after `gate` opens, counting requests and the most at once."""

    def __init__(self, rows: int = 1000) -> None:
        self.rows = rows
        self.asked: list[int] = []
        self.cancelled: list[int] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.gate = asyncio.Event()
        self.gate.set()
        #: Pages whose next request fails (once each).
        self.failing: set[int] = set()

    async def list(self, query: ListQuery) -> Page:
        self.asked.append(query.page)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await self.gate.wait()
        except asyncio.CancelledError:
            self.cancelled.append(query.page)
            raise
        finally:
            self.in_flight -= 1
        if query.page in self.failing:
            self.failing.discard(query.page)
            raise ServerError("The store failed (500).", 500)
        start = (query.page - 1) * query.perpage
        items = tuple(
            Download(download_id=f"id{n}", date_created="2025-06-30 18:00:00", product_id=1,
                     order_id=2, download_count=0, download_file_name="f.zip")
            for n in range(start, min(start + query.perpage, self.rows))
        )
        return Page(items=items, page=query.page, perpage=query.perpage,
                    has_more=len(items) >= query.perpage)


def _store(**options: int) -> tuple[PageStore, CountingClient]:
    client = CountingClient()
    return PageStore(client, ListQuery(perpage=10), **options), client  # type: ignore[arg-type]


async def _show(store: PageStore) -> None:
    loaded = store.cached() or await store.fetch()
    assert store.accept(loaded) is Outcome.SHOW
    await store.prefetch_around(loaded)


async def test_showing_a_page_prefetches_the_next_and_the_previous() -> None:
    store, client = _store()
    store.want(page=3)
    await _show(store)
    await wait_until(lambda: client.asked == [3, 4, 2], what="prefetch of pages 4 and 2")
    await wait_until(lambda: client.in_flight == 0)
    store.next_page()
    loaded = store.cached()
    assert loaded is not None and loaded.page.page == 4
    assert store.accept(loaded) is Outcome.SHOW


async def test_asking_for_a_page_being_prefetched_shares_its_request() -> None:
    store, client = _store()
    loaded = await store.fetch()
    store.accept(loaded)
    client.gate.clear()
    prefetch = asyncio.create_task(store.prefetch_around(loaded))  # page 2, held back
    await wait_until(lambda: client.asked == [1, 2])
    store.next_page()
    answer = asyncio.create_task(store.fetch())
    await asyncio.sleep(0.05)
    client.gate.set()
    assert (await asyncio.wait_for(answer, 5)).page.page == 2
    assert client.asked == [1, 2], "no second request for page 2"
    await asyncio.wait_for(prefetch, 5)


async def test_a_wish_nobody_waits_for_is_cancelled() -> None:
    store, client = _store(cache_pages=0)
    client.gate.clear()
    store.want(page=5)
    first = asyncio.create_task(store.fetch())
    await wait_until(lambda: client.asked == [5])
    first.cancel()
    store.want(page=6)
    second = asyncio.create_task(store.fetch())
    await wait_until(lambda: client.cancelled == [5], what="the request for page 5 to be cancelled")
    client.gate.set()
    assert (await asyncio.wait_for(second, 5)).page.page == 6
    assert client.most_in_flight == 1


async def test_invalidate_forgets_every_page_and_ignores_older_answers() -> None:
    store, client = _store()
    await _show(store)
    await wait_until(lambda: client.asked == [1, 2] and client.in_flight == 0)
    client.gate.clear()
    store.next_page()
    late = asyncio.create_task(store.fetch())  # sent before the write ...
    await asyncio.sleep(0)
    store.invalidate()  # ... which this stands for
    assert store.cached() is None
    client.gate.set()
    await asyncio.wait_for(late, 5)
    store.want(page=1)
    assert store.cached() is None, "an answer sent before a write is not kept"


async def test_the_cache_holds_a_bounded_number_of_pages() -> None:
    store, client = _store(cache_pages=3)
    for page in range(1, 7):
        store.want(page=page)
        store.accept(await store.fetch())
    kept = [store.is_cached(store.query.model_copy(update={"page": n})) for n in range(1, 7)]
    assert kept == [False, False, False, True, True, True]


async def test_no_cache_means_no_prefetch() -> None:
    store, client = _store(cache_pages=0)
    await _show(store)
    await asyncio.sleep(0.05)
    assert client.asked == [1]
    store.want(page=1)
    assert store.cached() is None


async def test_a_page_started_early_is_there_when_asked_for() -> None:
    store, client = _store()
    store.start()
    await wait_until(lambda: client.asked == [1] and client.in_flight == 0)
    loaded = store.cached()
    assert loaded is not None and loaded.page.items[0].download_id == "id0"
    assert client.asked == [1]


async def test_asking_for_a_page_started_early_joins_its_request() -> None:
    store, client = _store()
    client.gate.clear()
    store.start()
    answer = asyncio.create_task(store.fetch())
    await wait_until(lambda: client.asked == [1])
    client.gate.set()
    assert (await asyncio.wait_for(answer, 5)).page.page == 1
    assert client.asked == [1], "no second request for page 1"


async def test_a_page_started_early_that_failed_fails_its_first_asker_without_asking_again(
) -> None:
    store, client = _store()
    client.failing.add(1)
    store.start()
    await wait_until(lambda: client.asked == [1] and client.in_flight == 0)
    with pytest.raises(ServerError):
        await asyncio.wait_for(store.fetch(), 5)
    assert client.asked == [1]
    assert (await asyncio.wait_for(store.fetch(), 5)).page.page == 1  # asked again: a retry
    assert client.asked == [1, 1]


async def test_a_write_forgets_a_page_started_early() -> None:
    store, client = _store()
    client.gate.clear()
    store.start()
    await wait_until(lambda: client.asked == [1])
    store.invalidate()
    answer = asyncio.create_task(store.fetch())
    await wait_until(lambda: client.asked == [1, 1], what="a fresh request after the write")
    client.gate.set()
    await asyncio.wait_for(answer, 5)



def _cache_of(size: int, pages: int) -> tuple[PageCache, list[ListQuery]]:
    """A cache of `size` pages, given pages 1 to `pages` in order."""
    cache, queries = PageCache(size), [ListQuery(page=n) for n in range(1, pages + 1)]
    for query in queries:
        cache.put(query, Page(items=(), page=query.page, perpage=10, has_more=False))
    return cache, queries


def test_the_cache_drops_the_page_least_recently_used() -> None:
    cache, (one, two, three) = _cache_of(2, 3)
    assert [query in cache for query in (one, two, three)] == [False, True, True]
    assert cache.get(two) is not None  # used: page 3 is now the one to go
    cache.put(one, Page(items=(), page=1, perpage=10, has_more=False))
    assert [query in cache for query in (one, two, three)] == [True, True, False]


def test_a_peek_does_not_count_as_use_and_a_cache_of_none_keeps_nothing() -> None:
    cache, (one, two, three) = _cache_of(2, 3)
    assert cache.peek(two) is not None
    cache.put(one, Page(items=(), page=1, perpage=10, has_more=False))
    assert [query in cache for query in (one, two, three)] == [True, False, True]
    empty, (first,) = _cache_of(0, 1)
    assert first not in empty and empty.get(first) is None
