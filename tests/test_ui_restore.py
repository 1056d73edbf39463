"""Deleting from the app keeps the record in the recovery log; `u` brings it back."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.conftest import Sandbox
from tests.test_ui_delete import open_dialog
from tests.ui_support import notes, screen_text, settle
from tui.recovery import RecoveryLog
from tui.screens.restore import RestoreScreen

WRITABLE = ("product_id", "order_id", "download_count", "download_file_name", "is_amazon",
            "amazon_key")


async def test_delete_then_restore_round_trip(sandbox: Sandbox, private_data_dir: Path) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id, _ = await open_dialog(pilot, row=2)
        before = await sandbox.holds(download_id)
        await pilot.press("y")
        await settle(pilot)
        assert await sandbox.holds(download_id) is None

        log = private_data_dir / "recovery.jsonl"
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        entry = RecoveryLog(log).find(download_id)
        assert entry is not None and entry.record == before and entry.state == "deleted"

        await pilot.press("u")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RestoreScreen)
        row = next(line for line in screen_text(pilot.app).splitlines()
                   if download_id[:11] in line)
        # The state first, and the file name whole beside the id's start, however
        # long the id.
        assert f"deleted  {download_id[:11]}…  {before.download_file_name}" in row
        await pilot.press("enter")
        await settle(pilot)
        restored = [n for n in notes(pilot.app) if n.startswith(f"Restored download {download_id}")]
        assert restored
        new_id = restored[0].rsplit(" as ", 1)[1].rstrip(".")
        again = await sandbox.holds(new_id)
        assert again is not None
        assert [getattr(again, f) for f in WRITABLE] == [getattr(before, f) for f in WRITABLE]
        assert sandbox.transport.bodies("POST")[-1] == {f: getattr(before, f) for f in WRITABLE}
        assert RecoveryLog(log).find(download_id).restored_as == new_id  # type: ignore[union-attr]


async def test_nothing_to_restore_says_so(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing deleted from this store to restore." in notes(pilot.app)
