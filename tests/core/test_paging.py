"""The page store's rules, without any UI: stale answers, last pages, steps."""

from __future__ import annotations

import asyncio

import pytest

from tui.api.errors import BadResponse
from tui.api.models import Download, ListQuery, Page
from tui.api.page_sizes import PageSizes
from tui.core.paging import Outcome, PageStore


def _record(number: int) -> Download:
    return Download(
        download_id=f"id{number}", date_created="2025-06-30 18:00:00", product_id=1,
        order_id=2, download_count=0, download_file_name="f.zip",
    )


class FakeClient:
    """Answers `list` from `rows` records; `gates` hold chosen answers back."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.gates: dict[int, asyncio.Event] = {}
        self.page_sizes = PageSizes()
        self.asked: list[int] = []

    async def list(self, query: ListQuery) -> Page:
        self.asked.append(query.page)
        if (gate := self.gates.get(query.page)) is not None:
            await gate.wait()
        start = (query.page - 1) * query.perpage
        items = tuple(_record(n) for n in range(start, min(start + query.perpage, self.rows)))
        return Page(items=items, page=query.page, perpage=query.perpage,
                    has_more=len(items) >= query.perpage)


def _store(rows: int, perpage: int = 10) -> tuple[PageStore, FakeClient]:
    client = FakeClient(rows)
    return PageStore(client, ListQuery(perpage=perpage)), client  # type: ignore[arg-type]


async def test_an_older_answer_arriving_last_is_stale() -> None:
    store, client = _store(100)
    client.gates[1] = asyncio.Event()
    slow = asyncio.create_task(store.fetch())
    await asyncio.sleep(0)
    store.want(page=2)
    fast = await store.fetch()
    assert store.accept(fast) is Outcome.SHOW
    client.gates[1].set()
    assert store.accept(await slow) is Outcome.STALE
    assert store.shown is not None and store.shown.query.page == 2


async def test_an_empty_page_after_a_full_one_marks_the_last_page() -> None:
    store, _ = _store(20)
    store.want(page=2)
    assert store.accept(await store.fetch()) is Outcome.SHOW
    assert store.next_page()
    assert store.accept(await store.fetch()) is Outcome.PAST_END
    assert store.query.page == 2
    assert not store.next_page()


async def test_an_empty_page_where_rows_were_shown_steps_back() -> None:
    store, client = _store(21)
    store.want(page=3)
    assert store.accept(await store.fetch()) is Outcome.SHOW
    client.rows = 20
    assert store.accept(await store.fetch()) is Outcome.STEP_BACK
    assert store.query.page == 2


def test_sorting_again_flips_direction_and_goes_to_page_one() -> None:
    store, _ = _store(100)
    store.want(page=4)
    assert (store.sort_by("order_id").sortdir, store.query.page) == ("ASC", 1)
    assert store.sort_by("order_id").sortdir == "DESC"
    assert store.sort_by("product_id").sortdir == "ASC"


@pytest.mark.parametrize(("start", "step", "expected"), [(50, 1, 100), (50, -1, 25),
                                                          (10, -1, 10), (100, 1, 100)])
def test_rows_per_page_steps(start: int, step: int, expected: int) -> None:
    store, _ = _store(1000, perpage=start)
    assert store.step_perpage(step).perpage == expected


def test_changing_rows_per_page_keeps_the_first_row_in_view() -> None:
    store, _ = _store(1000, perpage=25)
    store.want(page=5)  # rows 100-124
    assert store.step_perpage(1).page == 3  # rows 100-149


def test_search_starts_from_page_one_and_blank_clears() -> None:
    store, _ = _store(100)
    store.want(page=3)
    assert store.search("  seo ").model_dump(include={"search", "page"}) == {
        "search": "seo", "page": 1}
    assert store.search("   ").search is None


async def test_going_to_a_page_past_the_end_finds_the_last_page() -> None:
    store, client = _store(195)  # pages 1-20, the last one short
    assert store.accept(await store.fetch()) is Outcome.SHOW
    assert store.go_to_page(31)
    beyond = await store.fetch()
    assert store.is_beyond_end(beyond)
    client.asked.clear()
    last = await store.find_last_page(beyond)
    assert store.accept(last) is Outcome.SHOW
    assert store.query.page == 20 and store.shown is not None and store.shown.query.page == 20
    assert store.last_page() == 20 and not store.next_page()
    # Halving between page 1 (rows) and page 31 (empty): a few requests, not 19.
    assert client.asked == [16, 23, 19, 21, 20]


@pytest.mark.parametrize(("rows", "asked"), [(200, [2, 4, 8, 16, 32, 24, 20, 22, 21]),
                                              (195, [2, 4, 8, 16, 32, 24, 20]),
                                              (10, [2]), (5, [])])
async def test_the_last_page_is_looked_for_by_doubling_then_halving(
        rows: int, asked: list[int]) -> None:
    store, client = _store(rows)
    assert store.accept(await store.fetch()) is Outcome.SHOW
    client.asked.clear()
    last = await store.find_last_page()
    assert store.accept(last) is Outcome.SHOW
    assert store.query.page == store.last_page() == -(-rows // 10)
    assert client.asked == asked


async def test_a_newer_wish_wins_over_the_last_page_being_looked_for() -> None:
    store, client = _store(200)
    assert store.accept(await store.fetch()) is Outcome.SHOW
    client.gates[4] = asyncio.Event()
    looking = asyncio.create_task(store.find_last_page())
    await asyncio.sleep(0.01)
    store.want(page=2)
    assert store.accept(await store.fetch()) is Outcome.SHOW
    client.gates[4].set()
    assert store.accept(await looking) is Outcome.STALE
    assert store.shown is not None and store.shown.query.page == 2


async def test_going_to_a_page_known_not_to_exist_changes_nothing() -> None:
    store, _ = _store(35)
    store.want(page=4)
    assert store.accept(await store.fetch()) is Outcome.SHOW
    assert store.last_page() == 4
    assert not store.go_to_page(5)
    assert not store.go_to_page(0)
    assert store.query.page == 4
    assert store.go_to_page(1) and store.query.page == 1


async def test_the_last_page_comes_from_the_stores_totals_when_sent() -> None:
    store, client = _store(35)

    async def with_totals(query: ListQuery) -> Page:
        page = await FakeClient.list(client, query)
        return page.model_copy(update={"total": 35, "total_pages": 4})

    client.list = with_totals  # type: ignore[method-assign]
    assert store.last_page() is None
    assert store.accept(await store.fetch()) is Outcome.SHOW
    assert store.last_page() == 4
    assert not store.go_to_page(5)


class SamePageClient(FakeClient):
    """A store that ignores `page`: every page is its first."""

    async def list(self, query: ListQuery) -> Page:
        return await super().list(query.model_copy(update={"page": 1}))


async def test_looking_for_the_last_page_of_a_store_that_ignores_page_ends_in_an_error() -> None:
    client = SamePageClient(100)
    store = PageStore(client, ListQuery(perpage=10))  # type: ignore[arg-type]
    assert store.accept(await store.fetch()) is Outcome.SHOW
    with pytest.raises(BadResponse, match="answered page 2 with the same downloads as page 1"):
        await store.find_last_page()
    assert len(client.asked) == 2


async def test_looking_for_the_last_page_of_a_store_without_end_stops() -> None:
    class EndlessClient(FakeClient):
        async def list(self, query: ListQuery) -> Page:
            page = await super().list(query.model_copy(update={"page": 1}))
            first = _record(query.page)
            return page.model_copy(update={"items": (first, *page.items[1:])})

    client = EndlessClient(100)
    store = PageStore(client, ListQuery(perpage=10))  # type: ignore[arg-type]
    assert store.accept(await store.fetch()) is Outcome.SHOW
    with pytest.raises(BadResponse, match="does not page its list"):
        await store.find_last_page()
    assert len(client.asked) == 1 + 31
