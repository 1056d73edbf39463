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


@pytest.mark.parametrize(("download_id", "in_path"), [
    ("a09f7a170b3388b17e7a6e0c0c8e1f7a56577f3e8a1c2",) * 2,
    ("../etc", "..%2Fetc"), ("a b", "a%20b"), ("x/y?z#w", "x%2Fy%3Fz%23w"), ("ü1", "%C3%BC1"),
    ("50%", "50%25"), ("x" * 191, "x" * 191),
])
async def test_any_id_the_store_may_hold_is_sent_whole_as_one_path_segment(
        download_id: str, in_path: str) -> None:
    store = answering(body=RECORD)
    async with store.client() as client:
        await client.get(download_id)
        await client.update(download_id, {"download_count": 0})
        await client.delete(download_id)
    for request in store.requests:
        assert request.url.raw_path.decode() == f"/wp-json/easycart/v1/downloads/{in_path}"


@pytest.mark.parametrize("bad_id", ["", "x" * 192])
async def test_an_id_no_store_can_hold_is_refused_before_sending(bad_id: str) -> None:
    store = answering(body=RECORD)
    async with store.client() as client:
        with pytest.raises(InputRejected) as caught:
            await client.get(bad_id)
    assert caught.value.field == "download_id"
    assert str(caught.value) == f"A download id is 1 to 191 characters long, not {len(bad_id)}."
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
