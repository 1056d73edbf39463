"""Copying a download's id (`y`) or JSON (`Y`) to the terminal's clipboard (OSC 52)."""

from __future__ import annotations

import argparse
import base64
import json

import pytest
from textual.drivers.headless_driver import HeadlessDriver

from tests.ui.support import cursor_id, notes, paste, settle, started
from tui.cli.commands import run_get
from tui.core.output import record_json
from tui.ui.screens.detail import DetailScreen


async def get_json_output(sandbox, download_id: str, capsys: pytest.CaptureFixture[str]) -> str:
    """What `easycart-tui get ID --format json` prints for the record."""
    capsys.readouterr()
    async with sandbox.client(recorded=False) as client:
        assert await run_get(client, argparse.Namespace(id=download_id, format="json")) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("on_detail", [False, True])
async def test_y_copies_the_id_and_shift_y_the_record_as_json(
    sandbox, capsys: pytest.CaptureFixture[str], on_detail: bool
) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("j", "j")
        download_id = cursor_id(pilot.app)
        if on_detail:
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.clipboard == download_id
        assert f"Copied id {download_id}" in notes(pilot.app)
        await pilot.press("Y")
        await pilot.pause()
        copied = pilot.app.clipboard
        assert f"Copied download {download_id} as JSON" in notes(pilot.app)
        assert isinstance(pilot.app.screen, DetailScreen) is on_detail
    assert copied + "\n" == await get_json_output(sandbox, download_id, capsys)
    assert json.loads(copied) == record_json(await sandbox.holds(download_id))


async def test_the_copy_reaches_the_terminal_as_an_osc_52_sequence(
    sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        download_id = cursor_id(pilot.app)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)
        copied_json = pilot.app.clipboard
    sequences = [data for data in written if data.startswith("\x1b]52;")]
    assert sequences == [
        f"\x1b]52;c;{base64.b64encode(text.encode()).decode()}\a"
        for text in (download_id, copied_json)
    ]


async def test_an_empty_page_has_nothing_to_copy(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await paste(pilot, "no such thing")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y", "Y")
        await pilot.pause()
        assert pilot.app.clipboard == ""
        assert "There is no download on this page." in notes(pilot.app)
