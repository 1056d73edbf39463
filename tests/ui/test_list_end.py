"""Where the list ends, whatever the store: totals or none, a page-size cap, keys
pressed faster than the store answers. Against both kinds of store."""

from __future__ import annotations

import asyncio
import json

import pytest
from textual import events

from tests.conftest import wait_until
from tests.ui.support import column, notes, pick_in_palette, settle, started, status
from tui.core.paging import CACHE_PAGES
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.export import ExportDialog


async def ids_of_page(sandbox, page: int, perpage: int = 50) -> list[str]:
    async with sandbox.client(recorded=False) as client:
        return [item.download_id for item in (await client.list(page=page, perpage=perpage)).items]


async def every_id(sandbox) -> list[str]:
    """Every id the store holds, in its order, read from its database, not through
    the client under test."""
    records = await sandbox.asgi.state.store.list(1, 10_000)
    return [record["download_id"] for record in records]


@pytest.mark.parametrize(("records", "cache_pages"), [(1000, 0), (985, CACHE_PAGES)],
                         ids=["full-last-page-no-cache", "short-last-page-cache"])
async def test_thirty_fast_n_on_a_store_without_totals_land_on_its_last_page(
        make_sandbox, store_kind: str, records: int, cache_pages: int) -> None:
    sandbox = make_sandbox(records=records, store=store_kind, latency_ms=15)
    async with sandbox.app(cache_pages=cache_pages).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        for _ in range(30):  # a key every 10 ms: faster than the store answers
            pilot.app.post_message(events.Key("n", "n"))
            await asyncio.sleep(0.01)
        await settle(pilot, timeout=30)
        assert "page 20 of 20" in status(pilot.app)
        assert column(pilot.app, 0) == await ids_of_page(sandbox, 20)
        assert notes(pilot.app)[-1] == "Page 20 is the last page."
        sent = len(sandbox.transport.list_params())
        await pilot.press("n")
        await settle(pilot)
        assert notes(pilot.app)[-1] == "Page 20 is the last page."
        assert "page 20 of 20" in status(pilot.app)
        assert len(sandbox.transport.list_params()) == sent


async def test_the_last_page_key_and_the_first_page_key(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(records=985, store=store_kind)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert "page 20 of 20" in status(pilot.app) and "35 rows" in status(pilot.app)
        assert column(pilot.app, 0) == await ids_of_page(sandbox, 20)
        # Doubling from page 1 to an empty page 32, then halving: not 20 requests.
        assert len(sandbox.transport.list_params()) <= 1 + 8
        await pilot.press("greater_than_sign")
        assert notes(pilot.app)[-1] == "Page 20 is the last page."
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert "page 1 of 20" in status(pilot.app)
        assert column(pilot.app, 0) == await ids_of_page(sandbox, 1)


async def test_the_palette_goes_to_the_last_page(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(records=230, store=store_kind)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pick_in_palette(pilot, "Last page")
        await settle(pilot)
        assert "page 5 of 5" in status(pilot.app) and "30 rows" in status(pilot.app)


async def test_totals_give_the_last_page_at_once(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(records=985, store=store_kind, totals=True)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "page 1 of 20" in status(pilot.app)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert "page 20 of 20" in status(pilot.app)
        assert [p["page"] for p in sandbox.transport.list_params()] == ["1", "20"]


async def test_a_store_capping_its_pages_is_paged_through_at_its_own_size(
        make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(records=240, store=store_kind, perpage_cap=30)
    every = await every_id(sandbox)
    assert len(set(every)) == 240
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "page 1" in status(pilot.app) and "30 rows" in status(pilot.app)
        assert not [note for note in notes(pilot.app) if "last" in note]
        seen = list(column(pilot.app, 0))
        for _ in range(7):
            await pilot.press("n")
            await settle(pilot)
            seen += column(pilot.app, 0)
        assert seen == every
        # A full page: where the list ends is not known yet.
        assert status(pilot.app).split("│")[1].strip() == "page 8"
        await pilot.press("n")
        await settle(pilot)
        assert notes(pilot.app)[-1] == "Page 8 is the last page."
        assert "page 8 of 8" in status(pilot.app)
        await pilot.press("plus")
        assert notes(pilot.app)[-1] == "The store sends at most 30 rows per page."


async def test_a_store_smaller_than_a_page_shows_page_1_of_1(make_sandbox, store_kind) -> None:
    sandbox = make_sandbox(records=30, store=store_kind)
    async with sandbox.app(cache_pages=CACHE_PAGES).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        # 30 rows where 50 were asked, on first sight of the store: page 2 is asked for
        # (in the background) to tell a cap of 30 from the end.
        assert "page 1 of 1" in status(pilot.app) and "30 rows" in status(pilot.app)
        assert sandbox.transport.list_params() == [{"page": "1", "perpage": "50"},
                                                   {"page": "2", "perpage": "30"}]
        await pilot.press("n")
        assert notes(pilot.app)[-1] == "Page 1 is the last page."


async def test_exporting_a_store_capping_at_30_writes_every_record(
        make_sandbox, store_kind: str, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    sandbox = make_sandbox(records=240, store=store_kind, perpage_cap=30)
    every = await every_id(sandbox)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        await pilot.click("#format-json")
        await pilot.click("#scope-all")
        await pilot.click("#export-start")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
    written = json.loads(next(tmp_path.glob("downloads-*.json")).read_text())
    assert [record["download_id"] for record in written] == every
    assert len(every) == 240


async def test_a_silent_store_is_reported_within_the_timeout() -> None:
    from tests.hostile_support import raw_server
    from tui.api.client import DownloadsClient
    from tui.ui.app import EasyCartApp
    from tui.ui.screens.connect_error import ConnectErrorScreen

    timeout = 1.0
    with raw_server("silent") as (url, _):
        client = DownloadsClient(url, "t", "s", timeout=timeout)
        app = EasyCartApp(client, "silent store", cache_pages=0, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            loop = asyncio.get_running_loop()
            started_at = loop.time()
            await wait_until(lambda: isinstance(pilot.app.screen, ConnectErrorScreen)
                             and bool(pilot.app.screen.query("#connect-error-message")),
                             timeout=timeout * 1.5 + 1, what="the connection problem screen")
            assert loop.time() - started_at < timeout * 1.5 + 1
            message = pilot.app.screen.query_one("#connect-error-message").content
            assert f"did not answer within {timeout:g} s" in str(message)
