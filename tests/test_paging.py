"""The page store's rules, without any UI: stale answers, last pages, steps."""

from __future__ import annotations

import asyncio

import pytest

from tui.api.models import Download, ListQuery, Page
from tui.paging import Outcome, PageStore


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

    async def list(self, query: ListQuery) -> Page:
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


async def test_going_to_a_page_past_the_end_keeps_the_page_on_screen() -> None:
    store, _ = _store(35)  # pages 1-4
    assert store.accept(await store.fetch()) is Outcome.SHOW
    assert store.go_to_page(3)
    assert store.accept(await store.fetch()) is Outcome.SHOW
    assert store.shown is not None and store.shown.query.page == 3
    assert store.go_to_page(9)
    assert store.accept(await store.fetch()) is Outcome.NO_SUCH_PAGE
    assert store.query.page == 3 and store.shown.query.page == 3


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
