"""Bulk actions on the marked downloads: one confirm, a progress screen that can stop
them, every record tried past failures, and what the store holds afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from textual.widgets import Input, Label, ProgressBar, RadioButton

from tests.conftest import Sandbox, wait_until
from tests.ui.support import (
    column,
    marked_on_screen,
    notes,
    paste,
    question,
    screen_text,
    settle,
    started,
    status,
)
from tui.core.journal import Journal
from tui.ui.screens.bulk import BulkProgressScreen, BulkSummaryScreen
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.field_edit import BulkFieldDialog
from tui.ui.screens.history import HistoryScreen

NEGATIVE_COUNT = "Download count cannot be negative."



async def mark_two_on_two_pages(pilot) -> list[str]:
    """Mark the first two rows of pages 1 and 2 (10 rows a page); their ids."""
    await started(pilot)
    marked = column(pilot.app, 0)[:2]
    await pilot.press("space", "space", "n")
    await settle(pilot)
    marked += column(pilot.app, 0)[:2]
    await pilot.press("g", "space", "space")
    assert "4 marked" in status(pilot.app)
    return marked


async def test_bulk_reset_resets_every_marked_record_across_two_pages(
    sandbox: Sandbox,
) -> None:
    async with sandbox.client(recorded=False) as other:
        for page in (1, 2):
            for record in (await other.list(page=page, perpage=10)).items[:2]:
                await other.update(record.download_id, {"download_count": 5})
    async with sandbox.app(perpage=10, cache_pages=8).run_test(size=(100, 30)) as pilot:
        marked = await mark_two_on_two_pages(pilot)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert question(pilot.app) == "Reset the download count of the 4 marked downloads to 0?"
        assert pilot.app.focused.id == "cancel"
        listed = str(pilot.app.screen.query_one("#bulk-records").content).splitlines()
        for download_id, line in zip(marked, listed, strict=True):
            record = await sandbox.holds(download_id)
            assert line == (f"{download_id[:8]}…  order {record.order_id} · product "
                            f"{record.product_id} · count 5 → 0")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert sandbox.transport.bodies("PATCH") == [{"download_count": 0}] * 4
        for download_id in marked:
            assert (await sandbox.holds(download_id)).download_count == 0
        assert "marked" not in status(pilot.app)
        assert "Reset the download count of 4 downloads. Press u to undo." in notes(pilot.app)
        assert [row for row in column(pilot.app, 4)[:2]] == ["0", "0"]  # page 2, reloaded


async def test_bulk_delete_goes_past_a_failure_reports_it_and_keeps_it_marked(
    sandbox: Sandbox, private_data_dir: Path,
) -> None:
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        ids = column(pilot.app, 0)
        refused = ids[3]

        def locked(request: httpx.Request) -> httpx.Response | None:
            if request.method == "DELETE" and request.url.path.endswith(f"/{refused}"):
                return httpx.Response(500, json={"code": "db_error",
                                                 "message": "Database is locked"})
            return None

        sandbox.transport.faults.append(locked)
        before = {download_id: await sandbox.holds(download_id) for download_id in ids}
        await pilot.press("M", "d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert question(pilot.app) == "Delete the 10 marked downloads?"
        listed = str(pilot.app.screen.query_one("#bulk-records").content)
        assert all(f"{download_id[:8]}…  order " in listed for download_id in ids)
        assert "more" not in listed  # 30 rows have room for all ten
        await pilot.press("y")
        await settle(pilot)

        assert sandbox.transport.count("DELETE") == 10
        for download_id in ids:
            assert (await sandbox.holds(download_id) is None) is (download_id != refused)
        assert isinstance(pilot.app.screen, BulkSummaryScreen)
        text = screen_text(pilot.app)
        assert "Deleted 9 downloads; 1 failed." in text
        failures = pilot.app.screen.query_one("#bulk-failures-list")
        assert str(failures.content) == (
            f"{refused} ({(await sandbox.holds(refused)).download_file_name})\n"
            "  The store had an internal error (500): Database is locked.")
        assert "The failed ones stay marked" in text

        entries = Journal(private_data_dir / "journal.jsonl").read().entries
        assert {e.download_id for e in entries if e.state == "done"} == set(ids) - {refused}
        assert len({e.group for e in entries}) == 1  # one action, to undo at once

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert "1 marked" in status(pilot.app)
        assert marked_on_screen(pilot.app) == {refused}
        assert column(pilot.app, 0)[0] == refused

        await pilot.press("u")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HistoryScreen)
        # The bulk delete is one line, with its count and what became of its records.
        [line] = [row for row in screen_text(pilot.app).splitlines() if "delete ×10" in row]
        # The refused one answered 500: whether it was deleted is not known yet.
        assert "9 done, 1 outcome unknown" in line and "10 downloads" in line
        await pilot.press("enter")
        await settle(pilot)
        assert "re-create download" in screen_text(pilot.app)
        await pilot.press("y")
        await settle(pilot)
        assert "Undone: 9 writes. Enter on the new line takes the undo back." in notes(pilot.app)
        # Undo looked: the refused one is still there, so only the nine are re-created.
        written = sandbox.transport.bodies("POST")[-9:]
        assert sorted(body["download_file_name"] for body in written) == sorted(
            record.download_file_name for download_id, record in before.items()
            if download_id != refused)


async def test_escape_stops_a_bulk_action_after_the_record_in_flight(sandbox: Sandbox) -> None:
    patches: list[httpx.Request] = []
    third_answered = asyncio.Event()

    def third_patch(request: httpx.Request) -> bool:
        """The third record's PATCH: held back until the test lets it through."""
        if request.method == "PATCH":
            patches.append(request)
        return len(patches) == 3 and request is patches[2]

    sandbox.transport.gates.append((third_patch, third_answered))
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        ids = column(pilot.app, 0)
        async with sandbox.client(recorded=False) as other:
            for download_id in ids:
                await other.update(download_id, {"download_count": 5})
        await pilot.press("M", "z")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(lambda: isinstance(pilot.app.screen, BulkProgressScreen)
                         and pilot.app.screen.run.finished == 2 and len(patches) == 3,
                         what="two records done, the third in flight")
        progress = pilot.app.screen
        assert str(progress.query_one("#bulk-count", Label).content) == "2 / 10"
        assert progress.query_one(ProgressBar).progress == 2
        assert ids[2] in str(progress.query_one("#bulk-current", Label).content)
        await pilot.press("escape")
        await pilot.pause()
        third_answered.set()
        await settle(pilot)

        assert sandbox.transport.count("PATCH") == 3
        counts = [(await sandbox.holds(download_id)).download_count for download_id in ids]
        assert counts == [0, 0, 0] + [5] * 7
        assert isinstance(pilot.app.screen, BulkSummaryScreen)
        assert ("Reset the download count of 3 downloads; 7 not done (stopped)."
                in screen_text(pilot.app))
        await pilot.press("escape")
        await settle(pilot)
        assert "7 marked" in status(pilot.app)
        assert marked_on_screen(pilot.app) == set(ids[3:])


async def test_bulk_i_sets_one_field_on_every_marked_record(sandbox: Sandbox) -> None:
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        marked = await mark_two_on_two_pages(pilot)
        before = {download_id: await sandbox.holds(download_id) for download_id in marked}
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BulkFieldDialog)
        assert "Set one field on 4 marked downloads" in question(pilot.app)
        editor = pilot.app.screen.query_one("#download_count", Input)
        editor.value = "-1"
        await pilot.press("enter")
        await pilot.pause()
        assert NEGATIVE_COUNT in str(pilot.app.screen.query_one("#field-error").content)
        assert sandbox.transport.count("PATCH") == 0
        pilot.app.screen.query_one("#choose-download_file_name", RadioButton).value = True
        await pilot.pause()
        await paste(pilot, "bundle.zip")
        await pilot.press("enter")
        await settle(pilot)
        assert sandbox.transport.bodies("PATCH") == [{"download_file_name": "bundle.zip"}] * 4
        for download_id, record in before.items():
            assert await sandbox.holds(download_id) == record.model_copy(
                update={"download_file_name": "bundle.zip"})
        assert "marked" not in status(pilot.app)
        assert any(n.startswith("Set File name to “bundle.zip” on 4 downloads")
                   for n in notes(pilot.app))


async def test_cancelling_the_confirm_changes_nothing_and_keeps_the_marks(
    sandbox: Sandbox,
) -> None:
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("space", "space", "d")
        await pilot.pause()
        await pilot.press("enter")  # the default answer is Cancel
        await settle(pilot)
        await pilot.press("z", "escape", "i", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert {r.method for r in sandbox.transport.requests} == {"GET"}
        assert "2 marked" in status(pilot.app)


async def test_a_read_only_profile_marks_but_refuses_bulk_actions(sandbox: Sandbox) -> None:
    async with sandbox.app(read_only=True).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("M", "d", "z", "i")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert sum("read-only" in note for note in notes(pilot.app)) == 3
        assert {r.method for r in sandbox.transport.requests} == {"GET"}
