"""Quick edits: `z` resets the download count, `i` changes one field, from the list
and from the detail screen, sending only that field."""

from __future__ import annotations

import httpx
from textual.widgets import Input, RadioButton

from tests.conftest import Sandbox, wait_until
from tests.ui.support import (
    cursor_id,
    field_error,
    help_rows,
    notes,
    paste,
    question,
    rows,
    screen_text,
    settle,
    started,
)
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.field_edit import FieldEditDialog

NEGATIVE_COUNT = "Download count cannot be negative."

COUNT = 4  # the count column


async def to_row_with_count(pilot, minimum: int = 1) -> int:
    """Move to the first row whose count is at least `minimum`; its index."""
    await started(pilot)
    counts = [int(row[COUNT]) for row in rows(pilot.app)]
    index = next(i for i, count in enumerate(counts) if count >= minimum and i > 0)
    for _ in range(index):
        await pilot.press("j")
    return index




async def open_field_edit(pilot, field: str) -> Input:
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FieldEditDialog)
    if field != "download_count":
        pilot.app.screen.query_one(f"#choose-{field}", RadioButton).value = True
        await pilot.pause()
    editor = pilot.app.screen.query_one(f"#{field}", Input)
    assert pilot.app.focused is editor
    return editor


async def test_z_asks_naming_the_record_and_its_count_then_resets_it(make_sandbox) -> None:
    sandbox = make_sandbox()
    async with sandbox.app(cache_pages=8).run_test(size=(100, 30)) as pilot:
        index = await to_row_with_count(pilot)
        download_id = cursor_id(pilot.app)
        held = await sandbox.holds(download_id)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert pilot.app.focused.id == "cancel"
        assert question(pilot.app) == (
            f"Reset the download count of {download_id} ({held.download_file_name}) "
            f"from {held.download_count} to 0?")
        await pilot.press("y")
        await settle(pilot)
        assert sandbox.transport.bodies("PATCH") == [{"download_count": 0}]
        assert (await sandbox.holds(download_id)).download_count == 0
        assert rows(pilot.app)[index][COUNT] == "0"
        assert cursor_id(pilot.app) == download_id
        assert any(n.startswith(f"Reset the download count of {download_id}")
                   for n in notes(pilot.app))


async def test_z_then_cancel_or_enter_changes_nothing(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await to_row_with_count(pilot)
        download_id = cursor_id(pilot.app)
        before = await sandbox.holds(download_id)
        for answer in ("escape", "enter", "n"):
            await pilot.press("z")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmDialog)
            await pilot.press(answer)
            await settle(pilot)
            assert isinstance(pilot.app.screen, DownloadsScreen)
        assert sandbox.transport.count("PATCH") == 0
        assert await sandbox.holds(download_id) == before


async def test_z_on_a_count_already_0_just_says_so(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        async with sandbox.client(recorded=False) as other:
            await other.update(download_id, {"download_count": 0})
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert any(f"download count of {download_id}" in n and "already 0" in n
                   for n in notes(pilot.app))
        assert sandbox.transport.count("PATCH") == 0


async def test_z_on_the_detail_screen_updates_the_record_shown_and_the_list(
    sandbox: Sandbox,
) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        index = await to_row_with_count(pilot, minimum=2)
        download_id = cursor_id(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        count_line = next(line for line in screen_text(pilot.app).splitlines()
                          if "Download count" in line)
        assert count_line.split("Download count")[1].split()[0] == "0"
        assert (await sandbox.holds(download_id)).download_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert rows(pilot.app)[index][COUNT] == "0"
        assert cursor_id(pilot.app) == download_id


async def test_i_saves_only_the_file_name(sandbox: Sandbox) -> None:
    async with sandbox.app(cache_pages=8).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("j", "j")
        download_id = cursor_id(pilot.app)
        before = await sandbox.holds(download_id)
        editor = await open_field_edit(pilot, "download_file_name")
        assert editor.value == before.download_file_name
        editor.value = ""
        await paste(pilot, "renamed.zip")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert sandbox.transport.bodies("PATCH") == [{"download_file_name": "renamed.zip"}]
        after = await sandbox.holds(download_id)
        assert after == before.model_copy(update={"download_file_name": "renamed.zip"})
        assert rows(pilot.app)[2][5] == "renamed.zip"
        assert cursor_id(pilot.app) == download_id


async def test_i_chooses_the_field_with_the_keyboard_and_starts_on_the_count(
    sandbox: Sandbox,
) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        before = await sandbox.holds(download_id)
        editor = await open_field_edit(pilot, "download_count")
        assert editor.value == str(before.download_count)
        # down chooses the file name at once: its box has the focus, the count's is gone
        await pilot.press("down")
        assert pilot.app.focused.id == "download_file_name"
        assert not editor.display
        assert pilot.app.screen.query_one("#choose-download_file_name", RadioButton).value
        await pilot.press("up", "up")  # and up, round to the last one
        assert pilot.app.focused.id == "amazon_key"
        assert "↑/↓ chooses the field" in screen_text(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert sandbox.transport.count("PATCH") == 0


async def test_i_checks_a_number_before_sending_and_keeps_the_input(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        editor = await open_field_edit(pilot, "download_count")
        editor.value = ""
        await pilot.press(*"-3", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FieldEditDialog)
        assert field_error(pilot.app) == NEGATIVE_COUNT
        assert editor.value == "-3" and editor.has_class("-invalid")
        assert sandbox.transport.count("PATCH") == 0
        await pilot.press("backspace", "backspace", "7")
        assert field_error(pilot.app) == ""
        await pilot.press("enter")
        await settle(pilot)
        assert sandbox.transport.bodies("PATCH") == [{"download_count": 7}]


async def test_a_value_the_store_rejects_is_shown_at_the_field_and_kept(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        before = await sandbox.holds(download_id)
        editor = await open_field_edit(pilot, "download_file_name")
        too_long = "x" * 300 + ".zip"
        editor.value = too_long
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FieldEditDialog)
        assert "download_file_name" in field_error(pilot.app)
        assert editor.value == too_long
        assert pilot.app.focused is editor
        assert await sandbox.holds(download_id) == before


async def test_a_failed_save_keeps_the_input_and_says_why_at_the_field(sandbox: Sandbox) -> None:
    def store_down(request: httpx.Request) -> httpx.Response | None:
        if request.method == "PATCH":
            return httpx.Response(503, text="<html>Service Unavailable</html>")
        return None

    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        editor = await open_field_edit(pilot, "download_count")
        sandbox.transport.faults.append(store_down)
        editor.value = "9"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FieldEditDialog)
        assert "503" in field_error(pilot.app) and editor.value == "9"
        sandbox.transport.faults.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert (await sandbox.holds(download_id)).download_count == 9


async def test_a_record_deleted_meanwhile_is_said_and_the_input_kept(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        editor = await open_field_edit(pilot, "download_file_name")
        async with sandbox.client(recorded=False) as other:
            await other.delete(download_id)
        editor.value = "gone.zip"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FieldEditDialog)
        assert editor.value == "gone.zip"
        assert any(f"Download {download_id} was deleted in the store" in n
                   for n in notes(pilot.app))
        assert sandbox.transport.count("PATCH") == 0


async def test_a_field_changed_in_the_store_meanwhile_asks_first(sandbox: Sandbox) -> None:
    from tui.ui.screens.conflict import ConflictDialog

    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        editor = await open_field_edit(pilot, "download_count")
        async with sandbox.client(recorded=False) as other:
            await other.update(download_id, {"download_count": 77})
        editor.value = "5"
        await pilot.press("enter")
        await wait_until(lambda: isinstance(pilot.app.screen, ConflictDialog),
                         what="the conflict dialog")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FieldEditDialog) and editor.value == "5"
        assert (await sandbox.holds(download_id)).download_count == 77
        await pilot.press("enter")
        await wait_until(lambda: isinstance(pilot.app.screen, ConflictDialog),
                         what="the conflict dialog")
        await pilot.press("k")
        await settle(pilot)
        assert (await sandbox.holds(download_id)).download_count == 5


async def test_an_s3_key_on_a_download_not_on_s3_is_allowed_with_a_note(
    sandbox: Sandbox,
) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        s3 = [row[6] for row in rows(pilot.app)]
        index = s3.index("no")
        for _ in range(index):
            await pilot.press("j")
        download_id = cursor_id(pilot.app)
        editor = await open_field_edit(pilot, "amazon_key")
        assert "not on Amazon S3" in screen_text(pilot.app)
        editor.value = "bucket/file.zip"
        await pilot.press("enter")
        await settle(pilot)
        held = await sandbox.holds(download_id)
        assert (held.amazon_key, held.is_amazon) == ("bucket/file.zip", False)
        assert sandbox.transport.bodies("PATCH") == [{"amazon_key": "bucket/file.zip"}]


async def test_i_on_the_detail_screen_updates_the_record_shown(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        editor = await open_field_edit(pilot, "download_file_name")
        editor.value = "from-detail.pdf"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        assert "from-detail.pdf" in screen_text(pilot.app)
        assert (await sandbox.holds(download_id)).download_file_name == "from-detail.pdf"
        await pilot.press("e")  # the full form opens on the record as saved
        await settle(pilot)
        assert pilot.app.screen.query_one("#download_file_name", Input).value == (
            "from-detail.pdf")


async def test_a_read_only_profile_refuses_quick_edits(sandbox: Sandbox) -> None:
    async with sandbox.app(read_only=True).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("z", "i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DownloadsScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("z", "i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        assert sum("read-only" in note for note in notes(pilot.app)) == 4
        assert {request.method for request in sandbox.transport.requests} == {"GET"}


async def test_the_help_lists_the_new_keys(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        listed = help_rows(pilot.app)
        for row in [("space", "Mark or unmark the row (and go to the next)", "downloads.mark"),
                    ("M", "Mark every row on the page (with a filter: every match)",
                     "downloads.mark-page"),
                    ("C", "Clear all marks", "downloads.clear-marks"),
                    ("z", "Reset download count to 0 (of the marked rows, if any)",
                     "downloads.reset-count"),
                    ("i", "Edit one field (on the marked rows, if any)", "downloads.edit-cell")]:
            assert row in listed
        await pilot.press("escape", "enter")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        listed = help_rows(pilot.app)
        assert ("z", "Reset download count to 0", "detail.reset-count") in listed
        assert ("i", "Edit one field (count, file, S3 key)", "detail.edit-cell") in listed
