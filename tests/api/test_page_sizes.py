"""The end of the list is found whatever the store's cap on the page size: a page
shorter than asked is the end only once the store has served more per page."""

from __future__ import annotations

import httpx
import pytest

from tests.fakes import RECORD, PagedStore, ScriptedStore
from tui.api import BadResponse, ListQuery


async def _all_ids(store: PagedStore, query: ListQuery) -> list[str]:
    async with store.client() as client:
        return [record.download_id async for page in client.iter_pages(query)
                for record in page.records]


@pytest.mark.parametrize("offsets", ["capped", "asked"])
async def test_every_record_of_a_store_capping_below_the_ask_is_read_once(offsets: str) -> None:
    store = PagedStore(240, cap=30, offsets=offsets)
    ids = await _all_ids(store, ListQuery(perpage=100))
    assert ids == [record["download_id"] for record in store.records]
    # After the first short page, the rest is asked for at the size the store serves.
    assert store.asked() == [(1, 100), *((page, 30) for page in range(2, 10))]


async def test_a_store_smaller_than_a_page_costs_one_more_request_to_be_sure() -> None:
    store = PagedStore(30)
    ids = await _all_ids(store, ListQuery(perpage=50))
    assert len(ids) == 30
    assert store.asked() == [(1, 50), (2, 30)]


async def test_a_short_page_after_a_full_one_ends_the_list_at_once() -> None:
    store = PagedStore(120)
    ids = await _all_ids(store, ListQuery(perpage=50))
    assert len(ids) == 120
    assert store.asked() == [(1, 50), (2, 50), (3, 50)]


async def test_the_cap_once_proven_is_used_for_every_query_of_the_store() -> None:
    store = PagedStore(240, cap=30)
    async with store.client() as client:
        first = await client.list(ListQuery(perpage=50))
        second = await client.list(ListQuery(page=2, perpage=50))
        assert client.page_sizes.cap == 30
        sorted_first = await client.list(ListQuery(perpage=100, sortby="order_id"))
    assert (first.has_more, first.perpage) == (True, 50)
    assert (second.has_more, second.perpage, len(second.items)) == (True, 30, 30)
    assert second.records[0].download_id == store.records[30]["download_id"]
    assert sorted_first.perpage == 30 and store.asked()[-1] == (1, 30)


async def test_once_the_store_served_more_on_any_query_a_short_page_is_the_end() -> None:
    store = PagedStore(45)
    async with store.client() as client:
        await client.list(ListQuery(perpage=45))
        short = await client.list(ListQuery(page=2, perpage=40, sortby="order_id"))
    assert (short.has_more, len(short.items)) == (False, 5)


async def test_an_empty_page_always_ends_the_list() -> None:
    store = PagedStore(0)
    async with store.client() as client:
        page = await client.list(ListQuery(perpage=50))
    assert (page.items, page.has_more) == ((), False)


@pytest.mark.parametrize("rows", [30, 45, 60])
async def test_easycart_s_results_wrapper_says_where_the_list_ends(rows: int) -> None:
    store = PagedStore(rows, cap=15, wrapped=True)
    ids = await _all_ids(store, ListQuery(perpage=50))
    assert ids == [record["download_id"] for record in store.records]
    # "more" is believed: no request past the last page.
    assert len(store.requests) == -(-rows // 15)


async def test_totals_prove_a_cap_on_the_first_page() -> None:
    store = PagedStore(240, cap=30, totals=True)
    async with store.client() as client:
        page = await client.list(ListQuery(perpage=50))
        assert client.page_sizes.cap == 30
    assert (page.total, page.total_pages, page.has_more) == (240, 8, True)


async def test_a_store_that_answers_every_page_alike_is_an_error_not_an_endless_list() -> None:
    store = ScriptedStore(lambda request: httpx.Response(200, json=[RECORD, RECORD]))
    async with store.client() as client:
        with pytest.raises(BadResponse) as caught:
            async for _ in client.iter_pages(ListQuery(perpage=50)):
                pass
    assert str(caught.value) == (
        "The store answered page 2 with the same downloads as page 1: it does not page its "
        "list, so reading on would never end.")
    assert len(store.requests) == 2


@pytest.mark.parametrize("offsets", ["capped", "asked"])
async def test_a_cap_known_before_is_asked_for_from_the_first_page(offsets: str) -> None:
    store = PagedStore(100, cap=30, offsets=offsets)
    async with store.client() as client:
        client.page_sizes.know_cap(30)
        ids = [record.download_id async for page in client.iter_pages(ListQuery(perpage=100))
               for record in page.records]
    assert ids == [record["download_id"] for record in store.records]
    assert store.asked() == [(page, 30) for page in range(1, 5)]


@pytest.mark.parametrize("known", [100, 50])
async def test_a_cap_known_before_never_ends_the_list_early(known: int) -> None:
    """The store has lowered its cap since it was found out: every record is still read."""
    store = PagedStore(240, cap=30)
    async with store.client() as client:
        client.page_sizes.know_cap(known)
        ids = [record.download_id async for page in client.iter_pages(ListQuery(perpage=100))
               for record in page.records]
    assert ids == [record["download_id"] for record in store.records]


async def _found(store: PagedStore, search: str, *, few: bool) -> list[str]:
    async with store.client() as client:
        return [record.download_id
                async for page in client.iter_pages(ListQuery(perpage=100, search=search),
                                                    few=few)
                for record in page.records]


def _searches(store: PagedStore) -> list[tuple[str | None, int, int]]:
    return [(r.url.params.get("search"), int(r.url.params["page"]), int(r.url.params["perpage"]))
            for r in store.requests]


async def test_a_narrow_search_learns_the_page_size_beside_its_first_page() -> None:
    """Expecting few records, the list's first page is read alongside: it shows the
    store serves 100, so the short answer is the end, without one more round trip."""
    store = PagedStore(240)
    found = await _found(store, "ef", few=True)
    assert found == [r["download_id"] for r in store.searched("ef")] and len(found) == 1
    assert sorted(_searches(store), key=str) == [("ef", 1, 100), (None, 1, 100)]
    plain = PagedStore(240)
    await _found(plain, "ef", few=False)
    assert _searches(plain) == [("ef", 1, 100), ("ef", 2, 1)]


@pytest.mark.parametrize("cap", [30, 7])
async def test_a_narrow_search_on_a_capped_store_still_reads_every_match(cap: int) -> None:
    store = PagedStore(240, cap=cap)
    expected = [r["download_id"] for r in store.searched("1")]
    assert len(expected) >= cap
    assert await _found(store, "1", few=True) == expected


async def test_a_page_size_that_cannot_be_learned_hides_no_match() -> None:
    store = PagedStore(240, cap=30)
    serve = store._answer

    def no_list_page(request: httpx.Request) -> httpx.Response:
        if "search" not in request.url.params:
            return httpx.Response(403, json={"code": "rest_forbidden", "message": "No."})
        return serve(request)

    store._answer = no_list_page
    expected = [r["download_id"] for r in store.searched("1")]
    assert await _found(store, "1", few=True) == expected
    assert (None, 1, 100) in _searches(store)  # it was tried
