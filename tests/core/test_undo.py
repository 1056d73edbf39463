"""Undo: the inverse of each write, sent only after the store was looked at; a change
made meanwhile refuses it field by field; a write whose outcome was lost is settled
by the store, and a re-creation is never made twice. Both kinds of store."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SANDBOX_BASE, STORE_ROOTS, Sandbox, api_root, route
from tui.api import DownloadsClient
from tui.api.models import WRITABLE_FIELDS, Download, ListQuery
from tui.core.journal import Entry, Journal, now, store_key
from tui.core.undo import UndoRefused, choose, plan, run
from tui.core.writes import Writes
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, create_app


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal.jsonl")


async def undo(client: DownloadsClient, journal: Journal, named: str | None = None, *,
               force: bool = False) -> Any:
    """Undo as the command does: choose, look, refuse on conflicts unless forced, write."""
    reading = journal.read()
    planned = await plan(client, reading, choose(reading, store_key(client.base_url), named))
    if planned.conflicts and not force:
        return planned
    await run(Writes(client, journal), planned)
    return planned


async def first(client: DownloadsClient, count: int = 1) -> list[Download]:
    return (await client.list(perpage=count)).records


async def test_undo_of_an_update_sends_the_changed_fields_back(both_sandboxes: Sandbox,
                                                              journal: Journal) -> None:
    async with both_sandboxes.client() as client:
        [record] = await first(client)
        await Writes(client, journal).update(record, {"download_count": 7,
                                                      "download_file_name": "new.zip"})
        await undo(client, journal)
        assert await client.get(record.download_id) == record
    assert both_sandboxes.transport.bodies("PATCH")[-1] == {
        "download_count": record.download_count, "download_file_name": record.download_file_name}
    reading = journal.read()
    assert [(e.action, e.state) for e in reading.newest_first()] == [
        ("undo", "done"), ("update", "undone")]


async def test_a_change_made_since_refuses_the_undo_naming_field_and_values(
        both_sandboxes: Sandbox, journal: Journal) -> None:
    async with both_sandboxes.client() as client:
        [record] = await first(client)
        await Writes(client, journal).update(record, {"download_count": 7})
        await client.update(record.download_id, {"download_count": 9})  # someone else
        patches = both_sandboxes.transport.count("PATCH")
        planned = await undo(client, journal)
        [conflict] = planned.conflicts
        assert str(conflict) == (f"download {record.download_id}: its download count is 9 in "
                                 "the store, but the change left 7")
        assert both_sandboxes.transport.count("PATCH") == patches  # nothing written
        await undo(client, journal, force=True)
        assert (await client.get(record.download_id)).download_count == record.download_count


async def test_undo_of_a_create_deletes_and_of_a_delete_re_creates(both_sandboxes: Sandbox,
                                                                   journal: Journal) -> None:
    async with both_sandboxes.client() as client:
        writes = Writes(client, journal)
        made = await writes.create({"product_id": 14, "order_id": 10604,
                                    "download_file_name": "made.zip"})
        [record] = await first(client)
        await writes.delete(record)
        await undo(client, journal)  # the delete: re-created with a new id
        body = both_sandboxes.transport.bodies("POST")[-1]
        assert body == {field: getattr(record, field) for field in WRITABLE_FIELDS}
        await undo(client, journal)  # then the create
        with pytest.raises(Exception, match="Not found"):
            await client.get(made.download_id)
        with pytest.raises(UndoRefused, match="nothing to undo"):
            await undo(client, journal)


async def test_an_undo_is_itself_undone_by_naming_it(both_sandboxes: Sandbox,
                                                     journal: Journal) -> None:
    async with both_sandboxes.client() as client:
        [record] = await first(client)
        await Writes(client, journal).update(record, {"download_count": 5})
        await undo(client, journal)
        taken = journal.read().newest_first()[0]
        assert taken.action == "undo"
        await undo(client, journal, taken.entry[:6])  # its first characters will do
        assert (await client.get(record.download_id)).download_count == 5
        states = [(e.action, e.state) for e in journal.read().newest_first()]
        assert states == [("undo", "done"), ("undo", "undone"), ("update", "done")]


async def test_a_group_is_one_action_and_undo_goes_further_back(both_sandboxes: Sandbox,
                                                               journal: Journal) -> None:
    async with both_sandboxes.client() as client:
        records = await first(client, 4)
        alone = Writes(client, journal)
        await alone.update(records[0], {"download_count": 11})
        bulk = Writes(client, journal).grouped()
        for record in records[1:]:
            await bulk.update(record, {"download_count": 0})
        reading = journal.read()
        chosen = choose(reading, store_key(client.base_url))
        assert len(chosen) == 3 and {e.group for e in chosen} == {bulk.group}
        await undo(client, journal)
        await undo(client, journal)  # not the undo just made: the change before it
        assert [await client.get(r.download_id) for r in records] == records


def test_an_entry_is_named_by_its_start_or_refused(journal: Journal) -> None:
    def entry(entry_id: str, group: str | None = None) -> Entry:
        return Entry(entry=entry_id, time=now(), store="store", action="update",
                     effect="update", download_id=f"d-{entry_id}", before={}, after={},
                     group=group, state="done")

    for made in (entry("abc111"), entry("abc222"), entry("fff111", "9g1"),
                 entry("fff222", "9g1")):
        journal.begin(made)
        journal.mark(made, "done")
    reading = journal.read()
    assert [e.entry for e in choose(reading, "store", "abc1")] == ["abc111"]
    # A group by its id is the whole of it; one of its entries by its own, alone.
    assert {e.entry for e in choose(reading, "store", "9g")} == {"fff111", "fff222"}
    assert [e.entry for e in choose(reading, "store", "fff222")] == ["fff222"]
    with pytest.raises(UndoRefused, match="abc is the start of more than one entry"):
        choose(reading, "store", "abc")
    with pytest.raises(UndoRefused, match="holds no entry zz9"):
        choose(reading, "store", "zz9")
    with pytest.raises(UndoRefused, match="holds no entry abc1"):
        choose(reading, "another store", "abc1")


async def test_a_pending_update_is_settled_by_the_store(both_sandboxes: Sandbox,
                                                        journal: Journal) -> None:
    async with both_sandboxes.client() as client:
        made, not_made = await first(client, 2)

        def lose_answers(request: httpx.Request) -> httpx.Response | None:
            if request.method == "PATCH" and route(request).endswith(not_made.download_id):
                return httpx.Response(502, text="<h1>Bad gateway</h1>")
            return None

        writes = Writes(client, journal)
        await writes.update(made, {"download_count": 3})
        both_sandboxes.transport.faults.append(lose_answers)
        with pytest.raises(Exception, match="502"):
            await writes.update(not_made, {"download_count": 3})
        both_sandboxes.transport.faults.clear()
        newest = journal.read().newest_first()[0]
        assert newest.state == "pending"
        patches = both_sandboxes.transport.count("PATCH")
        planned = await undo(client, journal, newest.entry)
        assert planned.skipped[0][1] == "it never reached the store"
        assert both_sandboxes.transport.count("PATCH") == patches
        assert journal.read().newest_first()[0].state == "failed"  # noted, once seen


async def test_a_restore_whose_answer_was_lost_is_never_made_twice(
        both_sandboxes: Sandbox, journal: Journal) -> None:
    async with both_sandboxes.client() as client:
        [record] = await first(client)
        await Writes(client, journal).delete(record)

        def lose_answer(request: httpx.Request) -> httpx.Response | None:
            return httpx.Response(504, text="timeout") if request.method == "POST" else None

        reading = journal.read()
        planned = await plan(client, reading, choose(reading, store_key(client.base_url)))
        # The store makes the record, but its answer is lost on the way back.
        both_sandboxes.transport.after.append(lose_answer)
        outcome = await run(Writes(client, journal), planned, action="restore")
        both_sandboxes.transport.after.clear()
        assert outcome.failed and journal.read().newest_first()[0].state == "pending"
        # Restore it again, as `restore ID` does: the store is looked at first.
        posts = both_sandboxes.transport.count("POST")
        reading = journal.read()
        [deletion] = [entry for entry in reading.entries if entry.action == "delete"]
        again = await plan(client, reading, [deletion])
        await run(Writes(client, journal), again, action="restore")
        assert both_sandboxes.transport.count("POST") == posts  # not made twice
        assert not again.steps and "re-created already, as" in again.skipped[0][1]
        settled = journal.read().newest_first()[0]
        assert settled.action == "restore" and settled.state == "done"
        assert settled.download_id is not None
        assert await both_sandboxes.holds(settled.download_id) is not None


# -- any writes, all undone, leave the store as it was ----------------------------------

OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("create"), st.integers(0, 99)),
    st.tuples(st.just("update"), st.integers(0, 50), st.sampled_from(WRITABLE_FIELDS[:4])),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("bulk"), st.integers(0, 9)),
), min_size=1, max_size=8)


def contents(records: list[Download]) -> list[tuple[Any, ...]]:
    """What a store holds, ids aside: a re-created record has a new one."""
    return sorted(tuple(getattr(r, f) for f in WRITABLE_FIELDS) for r in records)


async def all_records(client: DownloadsClient) -> list[Download]:
    pages = client.iter_pages(ListQuery(perpage=100))
    return [record async for page in pages for record in page.records]


async def apply_and_undo_all(kind: str, operations: list[tuple[Any, ...]], folder: Path) -> None:
    app = create_app(records=6, flavor=STORE_ROOTS[kind][0])
    client = DownloadsClient(api_root(SANDBOX_BASE, kind), DEFAULT_TOKEN, DEFAULT_SECRET,
                             transport=httpx.ASGITransport(app=app), retries=0)
    journal = Journal(folder / f"{kind}-{id(operations)}.jsonl")
    try:
        start = await all_records(client)
        writes = Writes(client, journal)
        for operation in operations:
            held = await all_records(client)
            name, number = operation[0], operation[1]
            pick = held[number % len(held)] if held else None
            if name == "create":
                await writes.create({"product_id": number, "order_id": 7,
                                     "download_file_name": f"new-{number}.zip"})
            elif name == "update" and pick is not None:
                field = operation[2]
                value = f"f{number}.zip" if field == "download_file_name" else number
                await writes.update(pick, {field: value})
            elif name == "delete" and pick is not None:
                await writes.delete(pick)
            elif name == "bulk":
                group = writes.grouped()
                for record in held[:3]:
                    await group.update(record, {"download_count": number})
        for _ in range(len(operations) + 1):
            try:
                planned = await undo(client, journal)
            except UndoRefused:
                break
            assert not planned.conflicts
        assert contents(await all_records(client)) == contents(start)
    finally:
        await client.aclose()
        await app.state.store.close()


@pytest.mark.parametrize("kind", ["plain", "wordpress-query"])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_writes_then_undoing_them_all_bring_the_store_back(
        kind: str, operations: list[tuple[Any, ...]], tmp_path: Path) -> None:
    asyncio.run(apply_and_undo_all(kind, operations, tmp_path))
