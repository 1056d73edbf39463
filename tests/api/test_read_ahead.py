"""Reading a list's pages ahead (`iter_pages` with `concurrency` N): the records of
one page at a time in the same order, at most N requests in flight and N + 1 pages
held, pages ahead only at a page size the store is known to serve, nothing past
the end, and a failure met where it happens."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.fakes import BASE, RECORD, SECRET, TOKEN, PagedStore, ScriptedStore, record_number
from tui.api import BadResponse, DownloadsClient, ListQuery, ServerError
from tui.api.models import Download

#: Each request is held this long on its way, so that those sent together overlap.
PAUSE = 0.01


class Watched(httpx.AsyncBaseTransport):
    """Passes each request on after `PAUSE` (longer for pages in `slow`), noting the
    page and page size of each as it comes with the number of answers back by then,
    how many requests were ever in flight at once, and how many answers came back."""

    def __init__(self, inner: httpx.AsyncBaseTransport, slow: frozenset[int] = frozenset()):
        self.inner = inner
        self.slow = slow
        self.seen: list[tuple[int, int, int]] = []
        self.in_flight = self.most_in_flight = self.answered = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        self.seen.append((page, int(request.url.params["perpage"]), self.answered))
        try:
            await asyncio.sleep(PAUSE * (5 if page in self.slow else 1))
            response = await self.inner.handle_async_request(request)
            self.answered += 1
            return response
        finally:
            self.in_flight -= 1

    def pages(self) -> list[int]:
        return [page for page, _, _ in self.seen]


def watched_client(store: ScriptedStore, concurrency: int,
                   slow: frozenset[int] = frozenset()) -> tuple[DownloadsClient, Watched]:
    transport = Watched(httpx.MockTransport(store.handler), slow)
    client = DownloadsClient(BASE, TOKEN, SECRET, transport=transport, backoff=0,
                             concurrency=concurrency)
    return client, transport


def as_sent(item: Any) -> Any:
    return item.model_dump(mode="json") if isinstance(item, Download) else item.raw


async def every_record(client: DownloadsClient, query: ListQuery,
                       concurrency: int | None = None) -> list[Any]:
    return [as_sent(item) async for page in client.iter_pages(query, concurrency)
            for item in page.items]


@pytest.mark.parametrize("options", [{}, {"perpage_cap": 30}, {"totals": True},
                                     {"totals": True, "perpage_cap": 30}],
                         ids=["plain", "cap-30", "totals", "totals-cap-30"])
async def test_the_records_are_those_of_one_page_at_a_time_in_the_same_order(
    make_sandbox, store_kind: str, options: dict[str, Any]
) -> None:
    sandbox = make_sandbox(records=250, store=store_kind, **options)
    sandbox.transport.delays.append((lambda request: True, PAUSE))
    query = ListQuery(perpage=100, sortby="order_id", sortdir="DESC")
    async with sandbox.client(backoff=0) as client:
        one_at_a_time = await every_record(client, query, 1)
    async with sandbox.client(backoff=0) as client:
        ahead = await every_record(client, query, 3)
    assert ahead == one_at_a_time
    assert len({record["download_id"] for record in ahead}) == 250
    assert 1 < sandbox.transport.most_in_flight <= 3


async def test_under_a_cap_the_next_page_goes_alone_until_the_cap_is_proven() -> None:
    store = PagedStore(240, cap=30)
    client, watched = watched_client(store, 3)
    async with client:
        ids = [record["download_id"] for record in await every_record(client, ListQuery())]
    assert ids == [record["download_id"] for record in store.records]
    # Page 1 came back short: page 2 alone, at its size, tells a cap from the end;
    # once it came back full the cap is proven, and pages go three at a time at it.
    assert watched.seen[:5] == [(1, 50, 0), (2, 30, 1), (3, 30, 2), (4, 30, 2), (5, 30, 2)]
    assert {perpage for _, perpage, _ in watched.seen[2:]} == {30}
    assert watched.most_in_flight == 3
    assert sorted(watched.pages()[:11]) == list(range(1, 12))


async def test_after_a_short_first_page_that_is_the_end_nothing_more_is_asked() -> None:
    store = PagedStore(30)
    client, watched = watched_client(store, 3)
    async with client:
        assert len(await every_record(client, ListQuery(perpage=50))) == 30
    assert watched.seen == [(1, 50, 0), (2, 30, 1)]


@pytest.mark.parametrize(("rows", "cap", "pages"), [(240, 30, 8), (300, 100, 3), (250, 100, 3)])
async def test_with_totals_no_page_past_the_last_is_asked_for(
    rows: int, cap: int, pages: int
) -> None:
    store = PagedStore(rows, cap=cap, totals=True)
    client, watched = watched_client(store, 3)
    async with client:
        ids = [record["download_id"]
               for record in await every_record(client, ListQuery(perpage=100))]
    assert ids == [record["download_id"] for record in store.records]
    assert sorted(watched.pages()) == list(range(1, pages + 1))


async def test_what_was_asked_past_the_end_is_never_read() -> None:
    """Pages 1-3 are full, page 4 short: the end. The store answers anything past it
    with records no one may see."""

    def answer(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        first = (page - 1) * 10
        if page > 4:
            return httpx.Response(200, json=[{**RECORD, "download_id": f"beyond{page}"}] * 10)
        return httpx.Response(200, json=[record_number(n) for n in range(first, first + 10)][
            : 5 if page == 4 else 10])

    client, watched = watched_client(ScriptedStore(answer), 3)
    records: list[Any] = []
    async with client:
        async for page in client.iter_pages(ListQuery(perpage=10)):
            records += map(as_sent, page.items)
            last_handed_with = watched.in_flight
    assert [record["order_id"] for record in records] == list(range(35))
    assert max(watched.pages()) > 4  # asked before page 4 showed the end
    assert last_handed_with == 0  # and cancelled before the last page was handed over


@pytest.mark.parametrize("concurrency", [1, 2, 3, 5])
async def test_never_more_than_n_requests_in_flight_nor_n_plus_one_pages_held(
    concurrency: int
) -> None:
    store = PagedStore(990)
    client, watched = watched_client(store, concurrency)
    held: list[int] = []
    async with client:
        handed = 0
        async for _ in client.iter_pages(ListQuery(perpage=50)):
            handed += 1
            await asyncio.sleep(PAUSE * 2)  # a reader slower than the store
            held.append(watched.answered - (handed - 1))
    assert handed == 20
    assert watched.most_in_flight == concurrency
    assert max(held) <= concurrency + 1


async def test_the_client_s_own_concurrency_is_the_default_and_a_call_may_say_otherwise() -> None:
    store = PagedStore(500)
    client, watched = watched_client(store, 4)
    async with client:
        await every_record(client, ListQuery(perpage=50))
        assert watched.most_in_flight == 4
        watched.most_in_flight = 0
        await every_record(client, ListQuery(perpage=50), 2)
        assert watched.most_in_flight == 2


async def test_a_failed_page_stops_the_list_after_the_pages_before_it() -> None:
    """Page 3 fails at once while page 2 is still on its way: pages 1 and 2 are handed
    over, in order, then the failure; nothing is left in flight."""
    store = PagedStore(1000)

    def failing(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "3":
            return httpx.Response(500, text="boom")
        return store.handler(request)

    client, watched = watched_client(ScriptedStore(failing), 3, slow=frozenset({2}))
    handed: list[int] = []
    async with client:
        with pytest.raises(ServerError):
            async for page in client.iter_pages(ListQuery(perpage=50)):
                handed.append(page.page)
        assert watched.in_flight == 0
    assert handed == [1, 2]


async def test_a_reader_that_stops_early_leaves_nothing_in_flight() -> None:
    client, watched = watched_client(PagedStore(1000), 3)
    async with client:
        pages = client.iter_pages(ListQuery(perpage=50))
        await anext(pages)
        await anext(pages)
        assert watched.in_flight > 0
        await pages.aclose()
        assert watched.in_flight == 0


async def test_a_store_that_answers_every_page_alike_is_still_an_error() -> None:
    store = ScriptedStore(lambda request: httpx.Response(200, json=[RECORD, RECORD]))
    client, watched = watched_client(store, 3)
    async with client:
        with pytest.raises(BadResponse, match="answered page 2 with the same downloads as page 1"):
            async for _ in client.iter_pages(ListQuery(perpage=2)):
                pass
        assert watched.in_flight == 0
    assert len(store.requests) <= 4


async def test_a_concurrency_below_one_is_refused() -> None:
    client, _ = watched_client(PagedStore(10), 1)
    async with client:
        with pytest.raises(ValueError, match="at least 1"):
            await anext(client.iter_pages(ListQuery(), 0))
