"""Exact filters in the search box: `product=14` shows exactly product 14's downloads,
on a store that caps its pages and searches by substring; the status line counts
them; `M` marks every match and `z` resets them all; a term that cannot be used is
refused under the box, its text kept."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from tests.conftest import Sandbox, route, wait_until
from tests.ui.support import add_download, column, notes, paste, rows, settle, started, status
from tui.api.models import Download, ListQuery

#: Product 14's downloads, among decoys that a substring search for "14" also finds.
PRODUCT, OWN = 14, 13
DECOYS = ((140, 10414, "file-0014.zip"), (214, 11400, "ebook-14.pdf"), (1400, 10014, "x.zip"))


async def _with_product(sandbox: Sandbox) -> set[str]:
    """Add product 14's downloads and the decoys; the ids of product 14's."""
    own = set()
    async with sandbox.client(recorded=False) as client:
        for number in range(OWN):
            made = await client.create({"product_id": PRODUCT, "order_id": 10600 + number,
                                        "download_count": 1 + number % 3,
                                        "download_file_name": f"ebook-v1-{number:04}.pdf"})
            own.add(made.download_id)
        for product, order, name in DECOYS:
            await client.create({"product_id": product, "order_id": order,
                                 "download_file_name": name})
    return own


async def _every_record(sandbox: Sandbox) -> list[Download]:
    async with sandbox.client(recorded=False) as client:
        return [record async for page in client.iter_pages(ListQuery(perpage=100))
                for record in page.records]


def _hold_the_scan_s_second_page(sandbox: Sandbox) -> asyncio.Event:
    """Hold back the scan's request for the store's second page until the event is set."""
    held = asyncio.Event()
    sandbox.transport.gates.append(
        (lambda request: request.url.params.get("page") == "2"
         and "perpage=100" in str(request.url), held))
    return held


async def _start_filtering(pilot: Any, text: str) -> None:
    """Open the list and apply the filter `text`, without waiting for its scan."""
    await started(pilot)
    await pilot.press("slash")
    await paste(pilot, text)
    await pilot.press("enter")


async def _filter(pilot: Any, text: str) -> None:
    await pilot.press("slash")
    await paste(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_product_n_shows_exactly_its_downloads_on_a_capped_substring_store(
        make_sandbox, store_kind) -> None:
    sandbox = make_sandbox(records=150, store=store_kind, perpage_cap=30)
    own = await _with_product(sandbox)
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await _filter(pilot, "product=14")
        shown = set(column(pilot.app, 0))
        await pilot.press("n")
        await settle(pilot)
        shown |= set(column(pilot.app, 0))
        assert len(shown) == OWN
        assert all(row[2] == "14" for row in rows(pilot.app))
        line = status(pilot.app)
        assert "filter: product=14" in line and "13 matches" in line and "page 2 of 2" in line
        # The table cuts ids: each shown prefix is one of product 14's, and only one.
        assert all(sum(i.startswith(p.rstrip("…")) for i in own) == 1 for p in shown)


async def test_m_z_y_resets_exactly_the_matches_on_every_page(make_sandbox, store_kind) -> None:
    sandbox = make_sandbox(records=150, store=store_kind, perpage_cap=30)
    own = await _with_product(sandbox)
    before = {record.download_id: record for record in await _every_record(sandbox)}
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await _filter(pilot, "product=14")
        await pilot.press("M")
        await settle(pilot)
        assert "13 marked" in status(pilot.app)
        assert any("Marked 13 downloads: every match of product=14" in note
                   for note in notes(pilot.app))
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, timeout=10)
    after = {record.download_id: record for record in await _every_record(sandbox)}
    assert after.keys() == before.keys()
    for download_id, record in after.items():
        if download_id in own:
            assert record.download_count == 0
        else:
            assert record == before[download_id]
    patched = [request for request in sandbox.transport.requests if request.method == "PATCH"]
    assert sorted(route(request).rsplit("/", 1)[1] for request in patched) == sorted(own)


async def test_a_term_that_cannot_be_used_is_refused_under_the_box(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        first = column(pilot.app, 0)
        sent = len(sandbox.transport.requests)
        await pilot.press("slash")
        await paste(pilot, "s3>yes")
        await pilot.press("enter")
        await settle(pilot)
        error = pilot.app.screen.query_one("#search-error")
        assert error.display
        assert str(error.content) == "s3 is yes or no: use = or != (e.g. s3=yes), not >."
        box = pilot.app.screen.search_input
        assert box.value == "s3>yes" and pilot.app.focused is box
        assert len(sandbox.transport.requests) == sent and column(pilot.app, 0) == first
        await paste(pilot, "")  # typing on mends it
        box.value = "s3=yes"
        await settle(pilot)
        assert not error.display
        await pilot.press("enter")
        await settle(pilot)
        # Closed up at 80 columns, a cell holds the space that sets it off.
        assert all(row[6].strip() == "yes" for row in rows(pilot.app)) and rows(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert column(pilot.app, 0) == first and "filter" not in status(pilot.app)


async def test_matches_show_as_they_are_found_and_the_count_follows(make_sandbox) -> None:
    sandbox = make_sandbox(records=120)
    held = _hold_the_scan_s_second_page(sandbox)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await _start_filtering(pilot, "count>=0")
        await wait_until(lambda: len(rows(pilot.app)) == 50, what="the first matches")
        await wait_until(lambda: "counting… 100 so far" in status(pilot.app),
                         what="the count so far")
        held.set()
        await settle(pilot)
        assert "120 matches" in status(pilot.app) and "page 1 of 3" in status(pilot.app)


async def test_a_new_filter_stops_the_scan_of_the_last_one(make_sandbox) -> None:
    sandbox = make_sandbox(records=400)
    held = _hold_the_scan_s_second_page(sandbox)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await _start_filtering(pilot, "count>=0")
        await wait_until(lambda: "counting…" in status(pilot.app), what="the scan under way")
        await pilot.press("slash")
        pilot.app.screen.search_input.value = "count>=5"
        await pilot.press("enter")
        held.set()
        await settle(pilot)
        assert "filter: count>=5" in status(pilot.app)
        assert sandbox.transport.cancelled >= 1
        assert all(int(row[4]) >= 5 for row in rows(pilot.app))


async def test_exporting_a_filter_writes_exactly_its_matches(make_sandbox,
                                                             tmp_path: Path) -> None:
    from tui.ui.screens.export import ExportDialog

    sandbox = make_sandbox(records=150)
    own = await _with_product(sandbox)
    target = tmp_path / "product-14.json"
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await _filter(pilot, "product=14")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        assert "Every match of product=14" in str(
            pilot.app.screen.query_one("#scope-all").label)
        pilot.app.screen.path_input.value = str(target)
        await pilot.click("#format-json")
        await pilot.click("#export-start")
        await settle(pilot)
    assert {record["download_id"] for record in json.loads(target.read_text())} == own


async def test_a_download_added_that_fails_the_filter_is_not_shown(both_sandboxes) -> None:
    async with both_sandboxes.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await _filter(pilot, "product=6801")
        shown = rows(pilot.app)
        await add_download(pilot, "new-elsewhere.pdf")  # product 123
        assert rows(pilot.app) == shown
        assert "The new download does not meet the filter product=6801, so this list does " \
               "not show it." in notes(pilot.app)
