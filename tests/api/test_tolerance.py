"""What PHP stores really send: strings for numbers and booleans, broken rows."""

from __future__ import annotations

import asyncio

import pytest

from tests.fakes import RECORD, answering
from tui.api import Download, InvalidRecord, ListQuery
from tui.api.models import parse_list_item


async def test_numbers_and_booleans_sent_as_strings() -> None:
    sloppy = {**RECORD, "download_id": 981, "product_id": "7", "order_id": "42",
              "download_count": "3", "is_amazon": "1", "amazon_key": None,
              "date_created": None}
    async with answering(200, sloppy).client() as client:
        record = await client.get("981")
    assert record == Download(download_id="981", date_created="", product_id=7, order_id=42,
                              download_count=3, download_file_name="ebook.pdf",
                              is_amazon=True, amazon_key="")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("0", False), (1, True), (0, False), ("", False), (None, False),
     ("true", True), ("False", False)],
)
async def test_boolean_spellings(raw: object, expected: bool) -> None:
    async with answering(200, {**RECORD, "is_amazon": raw}).client() as client:
        assert (await client.get("abc123")).is_amazon is expected


async def test_a_malformed_record_does_not_fail_the_page() -> None:
    broken = {"download_id": "bad1", "product_id": "seven"}
    rows = [RECORD, broken, "not a record", {**RECORD, "download_id": "def456"}]
    async with answering(200, rows).client() as client:
        page = await client.list(ListQuery(perpage=4))
    assert [type(item) for item in page.items] == [Download, InvalidRecord, InvalidRecord,
                                                  Download]
    invalid = page.items[1]
    assert isinstance(invalid, InvalidRecord)
    assert invalid.raw == broken
    assert invalid.download_id == "bad1"
    assert "product_id" in invalid.problem
    assert [r.download_id for r in page.records] == ["abc123", "def456"]


async def test_short_page_is_the_last_once_the_store_served_more() -> None:
    async with answering(200, [RECORD] * 3).client() as client:
        first_short = await client.list(ListQuery(perpage=5))
        full = await client.list(ListQuery(perpage=2, search="x"))
        again_short = await client.list(ListQuery(perpage=4, search="y"))
    # 3 where 5 were asked, from a store never seen to serve more than 3: a cap of 3
    # is as likely as the end, so the next page is to be asked for.
    assert (first_short.has_more, first_short.total) == (True, None)
    assert full.has_more is True
    # Once the store has served 3, a page of 3 of 4 is still not proof; of 2 it is.
    assert again_short.has_more is True


async def test_total_headers_decide_when_present() -> None:
    store = answering(200, [RECORD] * 2, headers={"X-WP-Total": "4", "X-WP-TotalPages": "2"})
    async with store.client() as client:
        first = await client.list(ListQuery(page=1, perpage=2))
        last = await client.list(ListQuery(page=2, perpage=2))
    assert (first.total, first.total_pages, first.has_more) == (4, 2, True)
    assert last.has_more is False


async def test_total_without_total_pages_is_worked_out() -> None:
    store = answering(200, [RECORD] * 2, headers={"X-WP-Total": "5"})
    async with store.client() as client:
        page = await client.list(ListQuery(page=2, perpage=2))
    assert (page.total_pages, page.has_more) == (3, True)


async def test_garbled_total_headers_are_ignored() -> None:
    store = answering(200, [RECORD], headers={"X-WP-Total": "lots"})
    async with store.client() as client:
        page = await client.list(ListQuery(perpage=1))
    assert (page.total, page.has_more) == (None, True)


async def test_reading_all_pages_asks_for_the_next_while_this_one_is_read() -> None:
    store = answering(200, [RECORD] * 2)
    async with store.client() as client:
        pages = client.iter_pages(ListQuery(perpage=2))
        first = await anext(pages)
        await asyncio.sleep(0)  # the reader is busy with page 1: page 2 goes out meanwhile
        assert [r.url.params["page"] for r in store.requests] == ["1", "2"]
        assert first.page == 1
        await pages.aclose()  # a reader that stops early leaves nothing running
    assert len(store.requests) == 2


async def test_a_page_read_in_one_go_is_what_reading_each_record_gives() -> None:
    sloppy = {**RECORD, "download_id": 981, "product_id": "7", "is_amazon": "1",
              "amazon_key": None, "date_created": None}
    for rows in ([RECORD, sloppy], [RECORD, {"download_id": "bad1"}, sloppy]):
        async with answering(200, rows).client() as client:
            page = await client.list(ListQuery(perpage=3))
        assert page.items == tuple(parse_list_item(raw) for raw in rows)


async def test_a_record_as_wordpress_s_database_layer_returns_it() -> None:
    """Every column a string, the S3 flag under its column's name, a date without zone,
    an id of 45 hex characters."""
    row = {"download_id": "a09f7a170b3388b17e7a6e0c0c8e1f7a56577f3e8a1c2",
           "date_created": "2024-03-05 10:22:11", "product_id": "4426", "order_id": "10604",
           "download_count": "0", "download_file_name": "album-golden-rivers.zip",
           "is_amazon_download": "1", "amazon_key": "products/music/golden-rivers.zip"}
    async with answering(200, [row]).client() as client:
        page = await client.list(ListQuery(perpage=1))
    record = page.records[0]
    assert record.model_dump() == {
        "download_id": "a09f7a170b3388b17e7a6e0c0c8e1f7a56577f3e8a1c2",
        "date_created": "2024-03-05 10:22:11", "product_id": 4426, "order_id": 10604,
        "download_count": 0, "download_file_name": "album-golden-rivers.zip",
        "is_amazon": True, "amazon_key": "products/music/golden-rivers.zip"}


@pytest.mark.parametrize("flag", ["0", "1", 0, 1])
async def test_is_amazon_download_is_read_as_is_amazon(flag: object) -> None:
    row = {key: value for key, value in RECORD.items() if key != "is_amazon"}
    async with answering(200, {**row, "is_amazon_download": flag}).client() as client:
        assert (await client.get("abc123")).is_amazon is (str(flag) == "1")


async def test_writes_keep_the_documented_name_is_amazon() -> None:
    store = answering(200, RECORD)
    async with store.client() as client:
        await client.update("abc123", {"is_amazon": True})
    assert store.last_body() == {"is_amazon": True}


@pytest.mark.parametrize("download_id", ["x" * 191, "ünï code/with spaces?&", "12345"])
async def test_an_id_of_any_characters_up_to_191_is_read_whole(download_id: str) -> None:
    async with answering(200, [{**RECORD, "download_id": download_id}]).client() as client:
        page = await client.list(ListQuery(perpage=1))
    assert page.records[0].download_id == download_id
