"""`u` opens this store's history; `Enter` undoes a line, after a look at the store:
a change made meanwhile shows field by field and is kept unless the user insists."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import Sandbox
from tests.ui.support import notes, open_dialog, paste, screen_text, settle, started
from tui.core.journal import Journal
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.form import FormScreen
from tui.ui.screens.history import HistoryScreen, UndoConflictDialog

WRITABLE = ("product_id", "order_id", "download_count", "download_file_name", "is_amazon",
            "amazon_key")
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)])


def history_line(app, words: str) -> str:
    return next(line for line in screen_text(app).splitlines() if words in line)


@SIZES
async def test_delete_then_undo_from_the_history(both_sandboxes: Sandbox, private_data_dir: Path,
                                                 size) -> None:
    sandbox = both_sandboxes
    async with sandbox.app().run_test(size=size) as pilot:
        download_id, _ = await open_dialog(pilot, row=2)
        before = await sandbox.holds(download_id)
        await pilot.press("y")
        await settle(pilot)
        assert await sandbox.holds(download_id) is None
        journal = private_data_dir / "journal.jsonl"
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600

        await pilot.press("u")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HistoryScreen)
        line = history_line(pilot.app, "delete")
        assert "done" in line and download_id[:11] in line
        await pilot.press("enter")
        await settle(pilot)
        assert f"Undo delete of {download_id}?" in screen_text(pilot.app)
        await pilot.press("y")
        await settle(pilot)
        assert "Undone: 1 write. Enter on the new line takes the undo back." in notes(pilot.app)
        again = Journal(journal).read().newest_first()[0]
        assert again.action == "undo" and again.download_id is not None
        restored = await sandbox.holds(again.download_id)
        assert [getattr(restored, f) for f in WRITABLE] == [getattr(before, f) for f in WRITABLE]
        # The history shows both lines now, the delete undone.
        assert "undone" in history_line(pilot.app, "delete")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)


@SIZES
async def test_a_change_made_since_is_shown_and_kept_unless_forced(sandbox: Sandbox,
                                                                  size) -> None:
    async with sandbox.app().run_test(size=size) as pilot:
        await started(pilot)
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        record_id = (Journal.default().read().newest_first()[0]).download_id
        await pilot.press("j")
        assert record_id is not None
        async with sandbox.client(recorded=False) as other:
            await other.update(record_id, {"download_count": 4})  # someone else, meanwhile

        await pilot.press("z")  # a newer change, on another download
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("j", "enter")  # the older one
        await settle(pilot)
        assert isinstance(pilot.app.screen, UndoConflictDialog)
        shown = screen_text(pilot.app)
        assert "Download count" in shown and "4" in shown and "the change left" in shown
        assert "f undoes anyway · Esc goes back" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert (await sandbox.holds(record_id)).download_count == 4  # kept
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        was = Journal.default().read().newest_first()[2].before
        assert was is not None
        assert (await sandbox.holds(record_id)).download_count == was["download_count"]


async def test_nothing_changed_yet_says_so(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing has been changed in this store from here yet." in screen_text(pilot.app)


async def test_the_delete_dialog_shows_the_record_as_it_is_now(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = (await sandbox.client(recorded=False).list(perpage=1)).records[0].download_id
        async with sandbox.client(recorded=False) as other:
            await other.update(download_id, {"download_file_name": "renamed-meanwhile.zip"})
        await pilot.press("d")
        await settle(pilot)
        assert "renamed-meanwhile.zip" in screen_text(pilot.app)
        await pilot.press("y")
        await settle(pilot)
        [entry] = Journal.default().read().entries
        assert entry.before is not None
        assert entry.before["download_file_name"] == "renamed-meanwhile.zip"


async def test_a_journal_that_cannot_be_written_sends_nothing_and_keeps_the_form(
        sandbox: Sandbox, private_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = private_data_dir / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("EASYCART_TUI_DATA", str(blocker))
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"123", "tab", *"456", "tab", "tab")
        await paste(pilot, "kept.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sandbox.transport.count("POST") == 0
        assert isinstance(pilot.app.screen, FormScreen)  # what was typed is still there
        assert pilot.app.screen.query_one("#download_file_name", Input).value == "kept.pdf"
        said = " ".join(notes(pilot.app))
        assert "cannot write the journal" in said and "the change was not sent" in said
