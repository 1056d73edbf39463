"""The client sends exactly what the API reference describes."""

from __future__ import annotations

import pytest

from tests.fakes import BASE, BASIC, BEARER, RECORD, answering
from tui.api import DownloadChanges, InputRejected, ListQuery


async def test_list_sends_path_and_query_names() -> None:
    store = answering(body=[RECORD])
    async with store.client() as client:
        await client.list(ListQuery(page=3, perpage=25, sortby="order_id", sortdir="DESC",
                                    search="ebook"))
    request = store.last
    assert request.method == "GET"
    assert str(request.url).split("?")[0] == f"{BASE}/downloads"
    assert dict(request.url.params) == {
        "page": "3", "perpage": "25", "sortby": "order_id", "sortdir": "DESC", "search": "ebook",
    }
    assert request.headers["Authorization"] == BEARER


async def test_list_leaves_out_unset_sort_and_search() -> None:
    store = answering(body=[])
    async with store.client() as client:
        await client.list(page=1)
    assert dict(store.last.url.params) == {"page": "1", "perpage": "50"}


async def test_get_uses_record_path() -> None:
    store = answering(body=RECORD)
    async with store.client() as client:
        record = await client.get("abc123")
    assert (store.last.method, store.last.url.path) == (
        "GET", "/wp-json/easycart/v1/downloads/abc123")
    assert record.download_file_name == "ebook.pdf"


async def test_create_posts_only_the_fields_given() -> None:
    store = answering(body=RECORD)
    async with store.client() as client:
        await client.create({"product_id": 7, "download_file_name": "ebook.pdf"})
    assert store.last.method == "POST"
    assert store.last.url.path.endswith("/downloads")
    assert store.last.headers["Content-Type"] == "application/json"
    assert store.last_body() == {"product_id": 7, "download_file_name": "ebook.pdf"}


async def test_update_patches_only_the_fields_given() -> None:
    store = answering(body=RECORD)
    async with store.client() as client:
        await client.update("abc123", DownloadChanges(download_count=0))
    assert (store.last.method, store.last.url.path) == (
        "PATCH", "/wp-json/easycart/v1/downloads/abc123")
    assert store.last_body() == {"download_count": 0}


async def test_delete_returns_the_deleted_record() -> None:
    store = answering(body=RECORD)
    async with store.client() as client:
        deleted = await client.delete("abc123")
    assert store.last.method == "DELETE"
    assert store.last.url.path.endswith("/downloads/abc123")
    assert deleted.download_id == "abc123"


async def test_test_auth_posts_to_authenticate_test() -> None:
    store = answering(body={"authenticated": True})
    async with store.client() as client:
        await client.test_auth()
    assert (store.last.method, store.last.url.path) == (
        "POST", "/wp-json/easycart/v1/authenticate/test")


async def test_test_auth_is_a_post_and_so_goes_as_bearer() -> None:
    store = answering(body={"authenticated": True})
    async with store.client(auth="basic") as client:
        await client.test_auth()
    assert store.last.headers["Authorization"] == BEARER


async def test_basic_for_reads_but_bearer_for_every_write() -> None:
    store = answering(body=RECORD)
    async with store.client(auth="basic") as client:
        await client.get("abc123")
        assert store.last.headers["Authorization"] == BASIC
        await client.create({"product_id": 1})
        await client.update("abc123", {"order_id": 2})
        await client.delete("abc123")
    writes = store.requests[1:]
    assert [r.method for r in writes] == ["POST", "PATCH", "DELETE"]
    assert all(r.headers["Authorization"] == BEARER for r in writes)


@pytest.mark.parametrize("bad_id", ["../etc", "a b", "", "x/y", "ü1"])
async def test_ids_outside_the_pattern_are_refused_before_sending(bad_id: str) -> None:
    store = answering(body=RECORD)
    async with store.client() as client:
        with pytest.raises(InputRejected) as caught:
            await client.get(bad_id)
    assert caught.value.field == "download_id"
    assert store.requests == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"download_count": -1}, "download_count"), ({"order_id": "x"}, "order_id"),
     ({"download_id": "new"}, "download_id"), ({"date_created": "now"}, "date_created")],
)
async def test_bad_changes_are_refused_before_sending(changes: dict, field: str) -> None:
    store = answering(body=RECORD)
    async with store.client() as client:
        with pytest.raises(InputRejected) as caught:
            await client.update("abc123", changes)
    assert caught.value.field == field
    assert store.requests == []
