"""The client against the sandbox store: in-process, and over a real loopback socket."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from tui.api import (
    AuthError,
    DownloadChanges,
    DownloadsClient,
    InputRejected,
    ListQuery,
    NotFound,
)
from tui.api.client import AuthScheme
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, create_app
from tui.sandbox.server import running_server

BASE = "http://sandbox.invalid"


@pytest.fixture
async def client() -> AsyncIterator[DownloadsClient]:
    transport = httpx.ASGITransport(app=create_app(records=130, totals=False))
    async with DownloadsClient(BASE, DEFAULT_TOKEN, DEFAULT_SECRET, transport=transport) as c:
        yield c


def _client_for(app: Starlette, *, secret: str = DEFAULT_SECRET,
                auth: AuthScheme = "bearer") -> DownloadsClient:
    return DownloadsClient(BASE, DEFAULT_TOKEN, secret, auth=auth,
                           transport=httpx.ASGITransport(app=app))


async def test_paging_to_the_last_page_without_totals(client: DownloadsClient) -> None:
    pages = [page async for page in client.iter_pages(ListQuery(perpage=50))]
    assert [len(p.items) for p in pages] == [50, 50, 30]
    assert [p.has_more for p in pages] == [True, True, False]
    assert all(p.total is None for p in pages)
    ids = [r.download_id for p in pages for r in p.records]
    assert len(set(ids)) == 130


async def test_totals_when_the_store_sends_them() -> None:
    async with _client_for(create_app(records=130, totals=True)) as client:
        page = await client.list(ListQuery(page=2, perpage=50))
    assert (page.total, page.total_pages, page.has_more) == (130, 3, True)


async def test_sort_and_search_reach_the_store(client: DownloadsClient) -> None:
    page = await client.list(ListQuery(perpage=100, sortby="download_count", sortdir="DESC"))
    counts = [r.download_count for r in page.records]
    assert counts == sorted(counts, reverse=True)
    term = page.records[0].download_file_name[:5]
    found = await client.list(ListQuery(perpage=100, search=term.upper()))
    assert found.records
    assert all(term.lower() in (r.download_file_name + r.amazon_key + r.download_id).lower()
               for r in found.records)


async def test_create_get_update_delete(client: DownloadsClient) -> None:
    created = await client.create(DownloadChanges(product_id=5, download_file_name="a.pdf"))
    assert (created.product_id, created.download_file_name, created.download_count) == (
        5, "a.pdf", 0)
    assert await client.get(created.download_id) == created
    updated = await client.update(created.download_id, {"download_count": 4})
    assert updated == created.model_copy(update={"download_count": 4})
    deleted = await client.delete(created.download_id)
    assert deleted == updated
    with pytest.raises(NotFound):
        await client.get(created.download_id)


async def test_bad_secret_is_an_auth_error() -> None:
    async with _client_for(create_app(records=3), secret="nope") as client:
        with pytest.raises(AuthError):
            await client.test_auth()
        with pytest.raises(AuthError):
            await client.list()


async def test_basic_auth_reads_and_still_writes() -> None:
    async with _client_for(create_app(records=3), auth="basic") as client:
        await client.test_auth()
        first = (await client.list()).records[0]
        updated = await client.update(first.download_id, {"order_id": 12})
    assert updated.order_id == 12


async def test_store_rejection_names_the_field(client: DownloadsClient) -> None:
    with pytest.raises(InputRejected) as caught:
        await client.update("abc", {"download_file_name": "x" * 300})
    assert caught.value.field == "download_file_name"


async def test_unknown_id_is_not_found(client: DownloadsClient) -> None:
    with pytest.raises(NotFound):
        await client.delete("zzzzzzzzzzzz")


async def test_full_round_over_a_loopback_socket() -> None:
    app = create_app(records=20, token="t-loop", secret="s-loop")
    with running_server(app) as url:
        assert url.startswith("http://127.0.0.1:")
        async with DownloadsClient(url, "t-loop", "s-loop", timeout=10) as client:
            await client.test_auth()
            created = await client.create({"order_id": 77, "is_amazon": True,
                                           "amazon_key": "k/x.zip"})
            fetched = await client.get(created.download_id)
            updated = await client.update(created.download_id, {"download_count": 2})
            deleted = await client.delete(created.download_id)
            with pytest.raises(NotFound):
                await client.get(created.download_id)
            listed = await client.list(ListQuery(perpage=100))
    assert fetched == created and deleted == updated
    assert updated.download_count == 2 and updated.amazon_key == "k/x.zip"
    assert len(listed.items) == 20
