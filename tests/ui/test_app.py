"""Start-up problems, errors during use, detail, help, palette and store text."""

from __future__ import annotations

import httpx
import pytest
from textual.command import CommandList
from textual.widgets import DataTable

from tests.conftest import FIXED_NOW, SANDBOX_BASE, wait_until
from tests.ui.support import (
    cursor_id,
    help_rows,
    notes,
    one_unreadable_entry_then_abc123,
    paste,
    rows,
    screen_text,
    settle,
    started,
    status,
)
from tui.api.client import DownloadsClient
from tui.ui.app import EasyCartApp
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, create_app
from tui.ui.screens.connect_error import ConnectErrorScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.help import HelpScreen


def _app(client: DownloadsClient) -> EasyCartApp:
    return EasyCartApp(client, "shop.example", clock=lambda: FIXED_NOW, cursor_blink=False)


def _html(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, text="<html><body>Welcome to my shop</body></html>")


@pytest.mark.parametrize(
    ("client_for", "title"),
    [
        (lambda sb: DownloadsClient(SANDBOX_BASE, DEFAULT_TOKEN, "wrong-secret",
                                    transport=httpx.ASGITransport(app=sb.asgi)),
         "The store refused the credentials"),
        (lambda sb: DownloadsClient("http://127.0.0.1:9", "t", "s", timeout=2, backoff=0),
         "The store cannot be reached"),
        (lambda sb: DownloadsClient("http://shop.invalid", "t", "s",
                                    transport=httpx.MockTransport(_html)),
         "This does not look like the store's Downloads API"),
        (lambda sb: DownloadsClient(f"{SANDBOX_BASE}/?rest_route=/easycart/v2", DEFAULT_TOKEN,
                                    DEFAULT_SECRET, transport=httpx.ASGITransport(
                                        app=create_app(records=3, flavor="wordpress"))),
         "No Downloads API at this address"),
    ],
    ids=["bad-credentials", "unreachable", "not-this-api", "wrong-root"],
)
async def test_a_store_that_cannot_be_used_gets_a_clear_screen(sandbox, client_for, title) -> None:
    app = _app(client_for(sandbox))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConnectErrorScreen)
        text = screen_text(app)
        assert title in text and "Press r to try again, or q to quit." in text
        # What happened and what to do, whole: long lines wrap, none is cut.
        words = " ".join(text.split())
        for said in (app.screen.error.message, app.screen.error.hint):
            assert " ".join(said.split()) in words
        assert "Traceback" not in text and "wrong-secret" not in text
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ConnectErrorScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_retry_after_a_start_up_problem_shows_the_list(sandbox) -> None:
    def unavailable(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"code": "rest_forbidden", "message": "Sorry"})

    sandbox.transport.faults.append(unavailable)
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConnectErrorScreen)
        sandbox.transport.faults.clear()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert len(rows(pilot.app)) == 50


async def test_a_failed_request_later_is_a_notification_and_the_app_goes_on(sandbox) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"code": "db", "message": "Database gone away"})

    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        shown = rows(pilot.app)
        sandbox.transport.faults.append(broken)
        await pilot.press("n")
        await settle(pilot)
        assert any(n.startswith("Loading downloads failed:") and "Database gone away" in n
                   and "try again" in n for n in notes(pilot.app))
        assert rows(pilot.app) == shown and "page 1" in status(pilot.app)
        assert "loading" not in status(pilot.app)
        sandbox.transport.faults.clear()
        await pilot.press("n")
        await settle(pilot)
        assert "page 2" in status(pilot.app)


async def test_the_detail_screen_shows_every_field_and_how_old_it_is(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("2", "2")  # newest first
        await settle(pilot)
        record = await sandbox.holds(cursor_id(pilot.app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        text = screen_text(pilot.app)
        for label in ("Download id", "Created", "Product id", "Order id", "Download count",
                      "File name", "On Amazon S3", "Amazon S3 key"):
            assert label in text
        assert f"{record.date_created}  (3 days ago)" in text
        assert record.download_file_name in text and str(record.order_id) in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DownloadsScreen)


async def test_long_values_wrap_in_the_detail_screen(sandbox) -> None:
    name = "a" * 70 + "b" * 70 + ".zip"
    created = await sandbox.client(recorded=False).create(
        {"product_id": 1, "order_id": 2, "download_file_name": name})
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await paste(pilot, created.download_id)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "bbbb.zip" in text and "aaaa" in text
        assert "".join(line.strip() for line in text.splitlines()).count(name) == 1


@pytest.mark.parametrize("name", ["[b]x[/b]", "[@click=app.quit]x[/]", "evil\x1b[31mred"])
async def test_store_text_is_never_markup_or_terminal_codes(sandbox, name: str) -> None:
    created = await sandbox.client(recorded=False).create(
        {"product_id": 1, "order_id": 2, "download_file_name": name})
    shown = name.replace("\x1b", "\\x1b")
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await paste(pilot, created.download_id)
        await pilot.press("enter")
        await settle(pilot)
        assert rows(pilot.app)[0][5] == shown
        assert shown in screen_text(pilot.app)
        await pilot.click("#downloads", offset=(60, 1))
        await pilot.click("#downloads", offset=(60, 1))
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        assert shown in screen_text(pilot.app)
    assert pilot.app.return_code in (None, 0)


async def test_help_shows_binding_ids_whole_and_wraps_what_keys_do(sandbox) -> None:
    """The id is the name `[keys]` remaps a key by: at 80 columns it is not cut, and
    a long description wraps onto a second line instead; resizing lays it out again."""
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        grid = pilot.app.screen.query_one("#help-keys", DataTable)
        ids = [binding_id for _, _, binding_id in help_rows(pilot.app)]
        grid.move_cursor(row=ids.index("downloads.mark") + 1)  # the row after it in view
        await pilot.pause()
        lines = screen_text(pilot.app).splitlines()
        for binding_id in ("downloads.previous-page", "downloads.last-page", "downloads.mark"):
            assert any(binding_id in line for line in lines), binding_id
        marking = next(i for i, line in enumerate(lines) if "downloads.mark " in line)
        assert "Mark or unmark the row" in lines[marking]
        assert "go to the next)" in lines[marking + 1]
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert any("Mark or unmark the row (and go to the next)" in line
                   for line in screen_text(pilot.app).splitlines())


async def test_help_lists_every_key_of_the_screen(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        listed = {does for _, does, _ in help_rows(pilot.app)}
        # In full: a tooltip where the footer's description is short.
        wanted = {binding.tooltip or binding.description for binding in DownloadsScreen.BINDINGS}
        assert {"Next page", "Previous page"} <= wanted
        wanted |= {"Next row", "Previous row", "First row", "Last row", "Open detail", "Help"}
        assert wanted <= listed
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = {(key, does) for key, does, _ in help_rows(pilot.app)}
        assert {("q", "Back"), ("e", "Edit"), ("d", "Delete")} <= rows
        assert sum(does == "Back" for _, does in rows) == 2  # esc and q


async def test_the_palette_offers_the_screen_actions(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sort by count")
        commands = pilot.app.screen.query_one(CommandList)
        await wait_until(lambda: "Sort by count" in str(commands.get_option_at_index(0).prompt)
                         if commands.option_count else False, what="the palette's matches")
        await pilot.press("enter")
        await settle(pilot)
        assert sandbox.transport.list_params()[-1]["sortby"] == "download_count"
        assert "sort: count ▲" in status(pilot.app)


async def test_quit_ends_with_code_zero(sandbox) -> None:
    app = sandbox.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_read_only_profile_changes_nothing(sandbox) -> None:
    async with sandbox.app(read_only=True, perpage=25).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "sandbox (read-only)" in status(pilot.app) and "25 rows" in status(pilot.app)
        for key in ("e", "a", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, DownloadsScreen)
        assert sum("read-only" in note for note in notes(pilot.app)) == 3
        assert {request.method for request in sandbox.transport.requests} == {"GET"}


async def test_an_unreadable_entry_is_shown_as_such_and_the_rest_of_the_page_works(
    sandbox,
) -> None:
    sandbox.transport.faults.append(one_unreadable_entry_then_abc123)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        shown = rows(pilot.app)
        assert shown[0][5].startswith("(unreadable: ") and shown[1][0] == "abc123"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DownloadsScreen)
        assert any(note.startswith("This entry could not be read") for note in notes(pilot.app))
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)


async def test_everything_fits_in_80_by_24(sandbox) -> None:
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        lines = screen_text(pilot.app).splitlines()
        assert lines[1].split() == ["id", "created", "product", "order", "count", "file",
                                    "S3", "key"]
        assert "? Help" in lines[-1]
        grid = pilot.app.screen.query_one("#downloads")
        assert grid.virtual_size.width <= grid.scrollable_content_region.width
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(pilot.app)
        for label in ("Download id", "Created", "Product id", "Order id", "Download count",
                      "File name", "On Amazon S3", "Amazon S3 key", "Cancel", "Save"):
            assert label in text
