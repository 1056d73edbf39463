"""Everyday details a store admin meets: `q` closes the detail screen (it quits only
from the list), and counts are said in the number they take."""

from __future__ import annotations

from tests.ui.support import notes, question, settle, started, status
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.downloads import DownloadsScreen


async def test_q_closes_the_detail_screen_and_quits_only_from_the_list(make_sandbox,
                                                                       store_kind: str) -> None:
    sandbox = make_sandbox(records=20, store=store_kind)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert pilot.app.is_running
        await pilot.press("q")
        await settle(pilot)
        assert not pilot.app.is_running


async def test_one_of_a_kind_is_said_as_one(make_sandbox) -> None:
    sandbox = make_sandbox(records=1)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "1 row  │" in status(pilot.app)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert question(pilot.app) == "Delete the marked download?"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert question(pilot.app) == "Reset the download count of the marked download to 0?"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert "Cleared 1 mark." in notes(pilot.app)


async def test_totals_of_one_are_one_row(make_sandbox) -> None:
    sandbox = make_sandbox(records=1, totals=True)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "1 of 1 row  │" in status(pilot.app)


async def test_a_key_held_at_either_end_says_so_once(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(records=20, store=store_kind)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press(*"pppp")
        await settle(pilot)
        assert notes(pilot.app).count("This is the first page.") == 1
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"nnnn")
        await settle(pilot)
        assert notes(pilot.app).count("Page 1 is the last page.") == 1


async def test_the_palette_keeps_only_textuals_theme_and_quit(make_sandbox) -> None:
    sandbox = make_sandbox(records=5)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        titles = [command.title for command in pilot.app.get_system_commands(pilot.app.screen)]
        assert titles == ["Theme", "Quit"]


async def test_z_asks_with_the_count_the_store_has_now(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(records=5, store=store_kind)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        record = pilot.app.screen.table.current
        async with sandbox.client(recorded=False) as other:  # another admin, meanwhile
            await other.update(record.download_id, {"download_count": record.download_count + 7})
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert f"from {record.download_count + 7} to 0?" in question(pilot.app)


async def test_z_on_a_download_gone_meanwhile_says_so_and_shows_the_store_as_it_is(
    make_sandbox, store_kind: str,
) -> None:
    sandbox = make_sandbox(records=5, store=store_kind)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        gone = pilot.app.screen.table.current.download_id
        async with sandbox.client(recorded=False) as other:  # another admin, meanwhile
            await other.delete(gone)
        await pilot.press("z")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        assert any(f"Download {gone} is no longer in the store" in note
                   for note in notes(pilot.app))
        shown = [item.download_id for item in pilot.app.screen.table.items]
        assert len(shown) == 4 and gone not in shown
