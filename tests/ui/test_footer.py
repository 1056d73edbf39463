"""The footer shows each screen's own keys, most used first, as many as the width holds
and each whole; the help lists the screen's keys and the app's, not Textual's generic
ones; notices cover no row of the list."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.widgets._toast import Toast

from tests.conftest import wait_until
from tests.ui.support import (
    add_download,
    footer,
    help_rows,
    open_edit,
    screen_text,
    settle,
    started,
)
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.go_to import GoToDialog
from tui.ui.screens.help import HelpScreen
from tui.ui.textual_private import FooterKey
from tui.ui.widgets.keys_footer import KeysFooter

#: What the list's footer shows at 80 columns at least, whole.
AT_80 = ["/ Search", "n Next", "p Prev", "e Edit", "a Add", "d Delete", "u Undo", "q Quit",
         "? Help"]
#: Keys the footer once left out at any width.
ONCE_HIDDEN = ["z Reset", "i Field", "space Mark", "x Export"]


def footer_keys(app: App[Any]) -> list[FooterKey]:
    """The keys the footer of the screen in front shows."""
    return list(app.screen.query_one(KeysFooter).query(FooterKey))


def assert_whole(app: App[Any]) -> None:
    """Every key of the footer lies within the terminal, its text on the last line."""
    line = footer(app)
    for key in footer_keys(app):
        assert key.region.right <= app.size.width, (key.key, key.region, app.size)
        shown = f"{key.key_display} {key.description}"
        assert shown in line, (shown, line)


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
async def test_the_list_footer_shows_whole_keys_at_any_width(sandbox, width: int) -> None:
    async with sandbox.app().run_test(size=(width, 24)) as pilot:
        await started(pilot)
        assert_whole(pilot.app)
        line = footer(pilot.app)
        assert "? Help" in line and "q Quit" in line
        if width >= 80:
            assert all(key in line for key in AT_80), line


async def test_at_120_columns_the_list_footer_shows_the_keys_once_hidden(sandbox) -> None:
    async with sandbox.app().run_test(size=(120, 40)) as pilot:
        await started(pilot)
        line = footer(pilot.app)
        assert all(key in line for key in [*AT_80, *ONCE_HIDDEN]), line
        # Most used first: the search and the edit lead, help and quit close the line.
        assert line.index("/ Search") < line.index("e Edit") < line.index("z Reset")
        assert line.index("x Export") < line.index("q Quit") < line.index("? Help")


async def test_the_footer_fits_itself_again_when_the_terminal_is_resized(sandbox) -> None:
    async with sandbox.app().run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert "x Export" in footer(pilot.app)
        await pilot.resize_terminal(80, 24)
        await wait_until(lambda: "x Export" not in footer(pilot.app), what="a narrower footer")
        assert_whole(pilot.app)
        await pilot.resize_terminal(120, 40)
        await wait_until(lambda: "x Export" in footer(pilot.app), what="a wider footer again")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_detail_footer_shows_its_quick_edits(sandbox, size) -> None:
    async with sandbox.app().run_test(size=size) as pilot:
        await started(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        line = footer(pilot.app)
        for key in ["esc Back", "e Edit", "z Reset", "i Field", "j Next", "k Previous",
                    "d Delete", "y Copy id", "? Help"]:
            assert key in line, line
        assert_whole(pilot.app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_form_footer_shows_the_form_s_keys_not_the_list_s(sandbox, size) -> None:
    async with sandbox.app().run_test(size=size) as pilot:
        await open_edit(pilot)
        line = footer(pilot.app)
        for key in ["^s Save", "⏎ Next field", "esc Cancel", "space Switch", "f1 Help"]:
            assert key in line, line
        assert "Quit" not in line and "Search" not in line
        assert_whole(pilot.app)


async def test_the_form_s_help_lists_its_keys_and_no_generic_ones(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_edit(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        listed = help_rows(pilot.app)
        keys = {binding_id: key for key, _, binding_id in listed}
        assert keys["switch.toggle"] == "space"
        assert keys["form.enter-next"] == "⏎" and keys["form.save"] == "^s"
        assert keys["app.help"] == "f1"  # a text box has the focus: `?` types there
        assert all(binding_id for _, _, binding_id in listed), listed
        shown = screen_text(pilot.app)
        assert "Move cursor left" not in shown and "Page Left" not in shown


async def test_the_list_s_help_leaves_textual_s_generic_keys_out(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        listed = help_rows(pilot.app)
        does = [what for _, what, _ in listed]
        assert "Cursor left" not in does and "Page Left" not in does
        keys = {binding_id: key for key, _, binding_id in listed}
        assert keys["app.quit"] == "^c ^q" and keys["app.palette"] == "^p"
        assert keys["downloads.reset-count"] == "z"
        assert "Reset download count to 0 (of the marked rows, if any)" in does


async def test_under_a_dialog_the_footer_shows_the_dialog_s_keys(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("number_sign")
        await wait_until(lambda: isinstance(pilot.app.screen, GoToDialog), what="go to")
        await wait_until(lambda: "Search" not in footer(pilot.app), what="the dialog's keys")
        assert "esc Cancel" in footer(pilot.app)
        await pilot.press("escape")
        await wait_until(lambda: "/ Search" in footer(pilot.app), what="the list's keys")


async def test_after_an_add_the_notices_cover_no_row(both_sandboxes) -> None:
    app = both_sandboxes.app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await started(pilot)
        await add_download(pilot, "report.pdf")
        await wait_until(lambda: bool(app.screen.query(Toast)), what="a notice")
        await pilot.pause()
        table = app.screen.query_one("#downloads")
        rows = table.content_region.shrink((1, 0, 0, 0))  # below the header
        notices = list(app.screen.query(Toast))
        assert notices and all(not notice.region.overlaps(rows) for notice in notices), (
            [notice.region for notice in notices], rows)
        assert any("Saved download" in str(notice.render()) for notice in notices)
