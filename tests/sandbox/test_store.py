"""The sandbox's data: deterministic realistic seed, a file that persists, a store
that keeps its database work off the event loop."""

from __future__ import annotations

import asyncio
import calendar
import re
import sqlite3
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tests.sandbox.support import (
    BASE_URL,
    BEARER,
    all_records,
    make_foreign_database,
    open_client,
)
from tui.sandbox import create_app
from tui.sandbox.store import DownloadStore, StoreError


async def test_same_record_count_gives_the_same_data() -> None:
    async with (
        open_client(create_app(records=400)) as first,
        open_client(create_app(records=400)) as second,
    ):
        assert await all_records(first) == await all_records(second)


async def test_seed_looks_like_a_real_store() -> None:
    async with open_client(create_app(records=1000)) as client:
        records = await all_records(client, sortby="date_created")
    assert len(records) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{45}", r["download_id"]) for r in records)
    dates = [datetime.strptime(r["date_created"], "%Y-%m-%d %H:%M:%S") for r in records]
    assert datetime(2022, 6, 1) < dates[0] and dates[-1] <= datetime(2025, 7, 1)
    assert (dates[-1] - dates[0]).days > 2 * 365
    orders = [r["order_id"] for r in records]
    assert orders == sorted(orders), "order ids rise with the date"
    assert len(set(orders)) < len(orders), "some orders hold several downloads"
    counts = [r["download_count"] for r in records]
    assert set(counts) <= set(range(11)) and sum(counts) / len(counts) < 3
    amazon = [r for r in records if r["is_amazon"]]
    assert 0.25 < len(amazon) / len(records) < 0.35
    assert all(r["amazon_key"] == "" for r in records if not r["is_amazon"])
    for r in amazon:
        assert r["amazon_key"].startswith("products/")
        assert r["download_file_name"].endswith(r["amazon_key"].rsplit("/", 1)[1])
    files_by_product: dict[int, set[str]] = {}
    for r in records:
        files_by_product.setdefault(r["product_id"], set()).add(r["download_file_name"])
    assert 50 < len(files_by_product) <= 200
    assert all(len(files) == 1 for files in files_by_product.values())
    assert re.fullmatch(
        r"[a-z-]+-[a-z0-9-]+\.(pdf|epub|zip|otf|mp4|m4b)", records[0]["download_file_name"]
    )


async def test_seeded_ids_are_made_as_a_store_makes_them_at_checkout() -> None:
    """`uniqid(md5(rand()))`: an md5, then the second (the record's date_created, read
    as UTC) and microsecond of creation as 8 and 5 hex digits."""
    async with open_client(create_app(records=2000)) as client:
        records = await all_records(client)
    for record in records:
        download_id = record["download_id"]
        assert re.fullmatch(r"[0-9a-f]{45}", download_id)
        created = time.strptime(record["date_created"], "%Y-%m-%d %H:%M:%S")
        assert int(download_id[32:40], 16) == calendar.timegm(created), record
        assert int(download_id[40:], 16) < 1_000_000
    assert len({record["download_id"][:32] for record in records}) == len(records) == 2000
    microseconds = {record["download_id"][40:] for record in records}
    assert len(microseconds) > 1900, "the microseconds vary too"


async def test_a_file_database_keeps_its_data_and_changes(tmp_path: Path) -> None:
    db = str(tmp_path / "sandbox.db")
    async with open_client(create_app(records=60, db=db)) as client:
        seeded = await all_records(client)
        created = (await client.post("/downloads", json={"download_file_name": "kept.pdf"})).json()
        await client.delete(f"/downloads/{seeded[0]['download_id']}")
        await client.patch(f"/downloads/{seeded[1]['download_id']}", json={"download_count": 9})
        before = await all_records(client)
    async with open_client(create_app(records=500, db=db)) as client:  # not reseeded
        after = await all_records(client)
    assert after == before
    assert len(after) == 60 and created in after
    assert {**seeded[1], "download_count": 9} in after


async def test_twenty_thousand_records_seed_with_unique_ids() -> None:
    app = create_app(records=20_000, totals=True)
    async with open_client(app) as client:
        response = await client.get("/downloads", params={"perpage": 100, "page": 200})
        assert response.headers["x-wp-total"] == "20000"  # the unique id index was built
        assert len(response.json()) == 100


async def test_database_work_leaves_the_event_loop_free() -> None:
    store = DownloadStore(":memory:", 20_000)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    ticker = asyncio.create_task(tick())
    try:
        started = time.perf_counter()
        await asyncio.wait_for(store.ready(), 30)
        seeding = time.perf_counter() - started
        assert ticks > 1, f"the loop stalled while seeding for {seeding:.2f} s"
    finally:
        ticker.cancel()
        await store.close()


async def test_closing_while_seeding_stops_at_once() -> None:
    store = DownloadStore(":memory:", 1_000_000)
    await asyncio.sleep(0.05)
    await asyncio.wait_for(store.close(), 10)
    with pytest.raises(StoreError):
        await store.ready()


async def test_a_foreign_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    make_foreign_database(other)
    store = DownloadStore(str(other), 10)
    with pytest.raises(StoreError, match="not a sandbox"):
        await store.ready()
    await store.close()
    with closing(sqlite3.connect(other)) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("posts",)]


async def test_a_store_that_cannot_open_answers_500_json(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    make_foreign_database(other)
    app = create_app(db=str(other))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        response = await client.get("/downloads", headers={"Authorization": BEARER})
    await app.state.store.close()
    assert response.status_code == 500
    assert response.json() == {
        "code": "rest_internal_error",
        "message": "The sandbox store failed to answer.",
        "data": {"status": 500},
    }


async def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("this is not sqlite " * 100)
    store = DownloadStore(str(junk), 10)
    with pytest.raises(StoreError):
        await store.ready()
    await store.close()
