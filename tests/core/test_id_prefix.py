"""A download named by the start of its id, on both kinds of store: the one id found
through the store's search, every page of it read; the whole id as it is; an
ambiguous or unknown start refused, saying why."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import Sandbox, route
from tui.api.client import DownloadsClient
from tui.api.errors import NotFound
from tui.api.models import ListQuery
from tui.core import id_prefix
from tui.core.id_prefix import (
    AmbiguousIdPrefix,
    IdPrefixNotFound,
    IdPrefixTooShort,
    find_download,
    pick_by_prefix,
)

RECORDS = 40
#: Records a page the store serves at most, so a search's results take several pages.
CAP = 10


@dataclass
class Store:
    """A sandbox store and the database file it keeps its table in."""

    sandbox: Sandbox
    db: Path

    async def ids(self) -> list[str]:
        """Every id, in the store's order (by id)."""
        async with self.sandbox.client(recorded=False) as client:
            return [record.download_id async for page in client.iter_pages(ListQuery())
                    for record in page.records]

    async def edit(self, sql: str, *params: str) -> None:
        """Change the table directly: to give ids the store would never choose itself."""
        await self.sandbox.asgi.state.store.ready()
        with sqlite3.connect(self.db) as db:
            db.execute(sql, params)

    async def rename(self, old: str, new: str) -> None:
        await self.edit("UPDATE downloads SET download_id = ? WHERE download_id = ?", new, old)

    def record_reads(self) -> int:
        """How many single records were asked for."""
        return sum(1 for request in self.sandbox.transport.requests
                   if not route(request).endswith("/downloads"))

    def searches(self) -> list[str]:
        """The search of each list request sent, in order."""
        return [params.get("search", "") for params in self.sandbox.transport.list_params()]


@pytest.fixture
def store(make_sandbox: Callable[..., Sandbox], store_kind: str, tmp_path: Path) -> Store:
    """A store of each kind serving 10 records a page, in a file the test may edit."""
    db = tmp_path / "store.db"
    return Store(make_sandbox(records=RECORDS, store=store_kind, db=str(db),
                              perpage_cap=CAP), db)


async def found_id(client: DownloadsClient, text: str) -> str:
    return (await find_download(client, text)).download_id


async def test_a_unique_start_of_an_id_is_the_whole_id(store: Store) -> None:
    wanted = (await store.ids())[7]
    async with store.sandbox.client() as client:
        assert await found_id(client, wanted[:6]) == wanted
        assert await found_id(client, wanted[:6].upper()) == wanted  # any case
    assert set(store.searches()) - {""} == {wanted[:6], wanted[:6].upper()}
    assert store.record_reads() == 0


async def test_a_whole_id_is_read_by_its_id_without_a_search(store: Store) -> None:
    wanted = (await store.ids())[3]
    async with store.sandbox.client() as client:
        assert await found_id(client, wanted) == wanted
        with pytest.raises(NotFound):
            await find_download(client, "f" * 45)
    assert store.searches() == [] and store.record_reads() == 2


async def test_every_page_of_the_search_is_read_to_find_all_candidates(store: Store) -> None:
    ids = await store.ids()
    # Every record is a search result (its file name holds the term); the two ids
    # that start with it sort last, on the last of 4 pages.
    await store.edit("UPDATE downloads SET download_file_name = 'ffff-' || download_file_name")
    await store.rename(ids[0], "ffff0" + ids[0][5:])
    await store.rename(ids[1], "ffff1" + ids[1][5:])
    async with store.sandbox.client() as client:
        with pytest.raises(AmbiguousIdPrefix) as refused:
            await found_id(client, "ffff")
        assert await found_id(client, "ffff1") == "ffff1" + ids[1][5:]
    assert refused.value.candidates == ("ffff0" + ids[0][5:], "ffff1" + ids[1][5:])
    assert str(refused.value) == (f"ffff is the start of 2 downloads' ids: ffff0{ids[0][5:]}, "
                                  f"ffff1{ids[1][5:]}; give more of it.")
    assert store.searches().count("ffff") >= RECORDS // CAP


async def test_an_id_that_is_also_the_start_of_another_is_itself(store: Store) -> None:
    ids = await store.ids()
    await store.rename(ids[0], "c0ffee")
    await store.rename(ids[1], "c0ffee2")
    async with store.sandbox.client() as client:
        assert await found_id(client, "c0ffee") == "c0ffee"
        with pytest.raises(AmbiguousIdPrefix, match="c0ffe is the start of 2 downloads' ids: "
                           "c0ffee, c0ffee2; give more of it"):
            await found_id(client, "c0ffe")


async def test_no_id_with_that_start_is_not_found(store: Store) -> None:
    absent = "0123456789abcdef"
    assert not any(download_id.startswith(absent[:4]) for download_id in await store.ids())
    async with store.sandbox.client() as client:
        with pytest.raises(IdPrefixNotFound) as missing:
            await found_id(client, absent)
    assert str(missing.value) == f"No download's id starts with {absent}."


async def test_too_short_a_start_is_refused_before_anything_is_sent(store: Store) -> None:
    async with store.sandbox.client() as client:
        with pytest.raises(IdPrefixTooShort, match="abc is too short to look a download "
                           "up by: give at least 4 characters of its id"):
            await found_id(client, "abc")
    assert store.sandbox.transport.requests == []


async def test_a_whole_id_the_search_leaves_out_is_still_found(store: Store) -> None:
    wanted = (await store.ids())[5]
    await store.rename(wanted, "shortid42")

    def no_results(request: httpx.Request) -> httpx.Response | None:
        return httpx.Response(200, json=[]) if route(request).endswith("/downloads") else None

    store.sandbox.transport.faults.append(no_results)
    async with store.sandbox.client() as client:
        assert await found_id(client, "shortid42") == "shortid42"
        with pytest.raises(IdPrefixNotFound):
            await found_id(client, "shortid4")


async def test_a_search_with_more_results_than_are_read_is_not_guessed_from(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = await store.ids()
    await store.edit("UPDATE downloads SET download_file_name = 'ffff-' || download_file_name")
    await store.rename(ids[0], "ffff0" + ids[0][5:])
    monkeypatch.setattr(id_prefix, "MAX_SEARCH_PAGES", 2)
    async with store.sandbox.client() as client:
        with pytest.raises(AmbiguousIdPrefix, match="The store's search for ffff has more "
                           "results than are looked through; give more of the id"):
            await found_id(client, "ffff")
    assert store.searches().count("ffff") < RECORDS // CAP  # not every page


def test_the_journal_s_ids_are_picked_from_alike() -> None:
    ids = ["aaaa1111", "aaaa2222", "bbbb3333"]
    assert pick_by_prefix("BBBB", ids) == "bbbb3333"
    with pytest.raises(AmbiguousIdPrefix) as refused:
        pick_by_prefix("aaaa", ids)
    assert refused.value.candidates == ("aaaa1111", "aaaa2222")
    with pytest.raises(IdPrefixNotFound):
        pick_by_prefix("cccc", ids)


def test_many_candidates_are_named_five_and_counted() -> None:
    ids = [f"abcd{n:02d}" for n in range(8)]
    with pytest.raises(AmbiguousIdPrefix) as refused:
        pick_by_prefix("abcd", ids)
    assert str(refused.value) == ("abcd is the start of 8 downloads' ids: abcd00, abcd01, "
                                  "abcd02, abcd03, abcd04 and 3 more; give more of it.")
