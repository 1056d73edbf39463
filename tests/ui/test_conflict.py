"""Two people, one record: an edit never silently overwrites the store's newer values."""

from __future__ import annotations


import pytest

from tests.conftest import Sandbox, wait_until
from tests.ui.support import (
    edit_while_another_client_changes,
    notes,
    open_edit,
    replace,
    screen_text,
    settle,
    value,
)
from tui.ui.screens.conflict import ConflictDialog
from tui.ui.screens.form import FormScreen




async def test_the_conflict_shows_both_values_of_the_field_both_changed(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await edit_while_another_client_changes(pilot, sandbox)
        text = screen_text(pilot.app)
        # A real store's 45-character id makes the sentence wrap.
        assert "was changed in" in text and "the store while you edited it." in text
        count_line = next(line for line in text.splitlines() if "Download count" in line)
        assert count_line.split("Download count")[1].split()[:2] == ["3", "7"]  # yours, store's
        assert "renamed.pdf" not in text  # the store did not touch the file name
        assert sandbox.transport.count("PATCH") == 0


async def test_keep_mine_sends_mine_and_keeps_the_store_only_change(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id, _ = await edit_while_another_client_changes(pilot, sandbox)
        await pilot.press("k")
        await settle(pilot)
        assert sandbox.transport.bodies("PATCH") == [
            {"download_count": 3, "download_file_name": "renamed.pdf"}]
        held = await sandbox.holds(download_id)
        assert (held.download_count, held.download_file_name, held.order_id) == (
            3, "renamed.pdf", 99999)
        assert not isinstance(pilot.app.screen, FormScreen)


async def test_take_theirs_sends_only_the_unopposed_change(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id, _ = await edit_while_another_client_changes(pilot, sandbox)
        await pilot.press("t")
        await settle(pilot)
        assert sandbox.transport.bodies("PATCH") == [{"download_file_name": "renamed.pdf"}]
        held = await sandbox.holds(download_id)
        assert (held.download_count, held.download_file_name, held.order_id) == (
            7, "renamed.pdf", 99999)
        assert f"Saved download {download_id}." in notes(pilot.app)


async def test_taking_the_store_s_version_of_everything_sends_nothing_and_says_so(
    sandbox: Sandbox,
) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id = await open_edit(pilot, row=1)
        async with sandbox.client(recorded=False) as other:
            await other.update(download_id, {"download_count": 7})
        await replace(pilot, "download_count", "3")
        await pilot.press("ctrl+s")
        await wait_until(lambda: isinstance(pilot.app.screen, ConflictDialog),
                         what="the conflict dialog")
        await pilot.press("t")
        await settle(pilot)
        assert sandbox.transport.count("PATCH") == 0
        said = notes(pilot.app)
        assert f"Nothing was sent: download {download_id} keeps the store's values." in said
        assert not any(note.startswith("Saved download") for note in said)
        assert not isinstance(pilot.app.screen, FormScreen)
        assert (await sandbox.holds(download_id)).download_count == 7


@pytest.mark.parametrize("key", ["escape", "enter"])
async def test_back_to_the_form_sends_nothing_and_keeps_the_input(sandbox: Sandbox,
                                                                  key: str) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id, opened = await edit_while_another_client_changes(pilot, sandbox)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert (value(pilot.app, "download_count"),
                value(pilot.app, "download_file_name")) == ("3", "renamed.pdf")
        assert sandbox.transport.count("PATCH") == 0
        held = await sandbox.holds(download_id)
        assert (held.download_count, held.download_file_name) == (
            7, opened["download_file_name"])


async def test_a_record_deleted_meanwhile_is_reported_and_the_input_kept(
    sandbox: Sandbox,
) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id = await open_edit(pilot, row=1)
        async with sandbox.client(recorded=False) as other:
            await other.delete(download_id)
        await replace(pilot, "download_count", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert value(pilot.app, "download_count") == "5"
        assert any(f"Download {download_id} was deleted in the store" in note
                   for note in notes(pilot.app))
        assert sandbox.transport.count("PATCH") == 0
