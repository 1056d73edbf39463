"""The add/edit form: what is sent, what is refused, and what is kept."""

from __future__ import annotations

import httpx
from textual.widgets import Checkbox, Input

from tests.ui.support import (
    cursor_id,
    field_error,
    notes,
    open_edit,
    paste,
    replace,
    rows,
    screen_text,
    settle,
    started,
    value,
)
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.form import FormScreen









async def test_edit_sends_only_the_changed_field_and_keeps_the_cursor(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id = await open_edit(pilot, row=3)
        await pilot.press("tab", "tab")  # to download_count, its text selected
        assert pilot.app.focused.id == "download_count"
        await pilot.press(*"42", "ctrl+s")
        await settle(pilot)
        assert sandbox.transport.bodies("PATCH") == [{"download_count": 42}]
        assert not isinstance(pilot.app.screen, FormScreen)
        assert cursor_id(pilot.app) == download_id
        assert rows(pilot.app)[3][4] == "42"
        assert f"Saved download {download_id}." in notes(pilot.app)
        assert (await sandbox.holds(download_id)).download_count == 42


async def test_saving_an_unchanged_form_sends_nothing(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_edit(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sandbox.transport.count("PATCH") == 0
        assert "Nothing changed, so nothing was sent." in notes(pilot.app)
        assert not isinstance(pilot.app.screen, FormScreen)


async def test_add_creates_a_record_with_every_field(both_sandboxes) -> None:
    sandbox = both_sandboxes
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert pilot.app.screen.query_one("#amazon_key", Input).disabled
        await pilot.press(*"123", "tab", *"456", "tab", "tab")
        await paste(pilot, "new.pdf")
        await pilot.press("tab", "space")
        assert not pilot.app.screen.query_one("#amazon_key", Input).disabled
        await pilot.press("tab")
        await paste(pilot, "s3/new.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot)
        body = {"product_id": 123, "order_id": 456, "download_count": 0,
                "download_file_name": "new.pdf", "is_amazon": True,
                "amazon_key": "s3/new.pdf"}
        assert sandbox.transport.bodies("POST") == [body]
        assert not isinstance(pilot.app.screen, FormScreen)
        saved = [note for note in notes(pilot.app) if note.startswith("Saved download ")]
        new_id = saved[-1].removeprefix("Saved download ").rstrip(".")
        held = await sandbox.holds(new_id)
        assert held is not None
        assert held.model_dump(include=set(body)) == body


async def test_a_bad_number_is_shown_at_its_field_and_nothing_is_sent(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("a")
        await pilot.pause()
        await replace(pilot, "order_id", "-3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(pilot.app, "product_id") == (
            "Product id is needed: a whole number, 0 or more.")
        assert field_error(pilot.app, "order_id") == (
            "Order id cannot be negative.")
        assert field_error(pilot.app, "download_count") == ""
        assert pilot.app.focused.id == "product_id"
        assert sandbox.transport.count("POST") == 0
        await pilot.press(*"7")
        assert field_error(pilot.app, "product_id") == ""


async def test_a_field_the_store_rejects_is_shown_at_that_field(both_sandboxes) -> None:
    sandbox = both_sandboxes
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id = await open_edit(pilot)
        before = await sandbox.holds(download_id)
        too_long = "x" * 300 + ".zip"
        pilot.app.screen.query_one("#download_file_name", Input).value = too_long
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert field_error(pilot.app, "download_file_name")
        assert value(pilot.app, "download_file_name") == too_long
        assert pilot.app.focused.id == "download_file_name"
        assert await sandbox.holds(download_id) == before


async def test_every_field_a_wordpress_error_names_is_shown_at_its_field(sandbox) -> None:
    def two_fields_refused(request: httpx.Request) -> httpx.Response | None:
        if request.method != "POST":
            return None
        return httpx.Response(400, json={
            "code": "rest_invalid_param", "message": "Invalid parameter(s): order_id, product_id",
            "data": {"status": 400, "params": {
                "order_id": "order_id is not an existing order.",
                "product_id": "product_id is not a downloadable product."}}})

    sandbox.transport.faults.append(two_fields_refused)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"123", "tab", *"456", "tab", "tab", *"new.pdf", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        assert field_error(pilot.app, "order_id") == (
            "The store rejected order_id: order_id is not an existing order.")
        assert field_error(pilot.app, "product_id") == (
            "The store rejected product_id: product_id is not a downloadable product.")
        assert field_error(pilot.app, "download_file_name") == ""
        assert (value(pilot.app, "product_id"), value(pilot.app, "order_id")) == ("123", "456")
        assert pilot.app.focused.id == "product_id"


async def test_a_failed_save_keeps_everything_typed(sandbox) -> None:
    def store_down(request: httpx.Request) -> httpx.Response | None:
        if request.method == "PATCH":
            return httpx.Response(503, text="<html>Service Unavailable</html>")
        return None

    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id = await open_edit(pilot)
        sandbox.transport.faults.append(store_down)
        await replace(pilot, "download_count", "0")
        await replace(pilot, "order_id", "999")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)
        failure = [n for n in notes(pilot.app) if n.startswith("Saving the download failed")]
        assert failure and "503" in failure[0] and "try again" in failure[0]
        assert (value(pilot.app, "order_id"), value(pilot.app, "download_count")) == ("999", "0")
        sandbox.transport.faults.clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, FormScreen)
        held = await sandbox.holds(download_id)
        assert (held.order_id, held.download_count) == (999, 0)


async def test_escape_on_a_changed_form_asks_first(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        download_id = await open_edit(pilot)
        before = await sandbox.holds(download_id)
        await replace(pilot, "product_id", "31337")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert pilot.app.focused.id == "cancel"
        await pilot.press("enter")  # the default answer keeps the form
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
        assert value(pilot.app, "product_id") == "31337"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, (FormScreen, ConfirmDialog))
        assert sandbox.transport.count("PATCH") == 0
        assert await sandbox.holds(download_id) == before


async def test_escape_on_an_unchanged_form_just_closes(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_edit(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, (FormScreen, ConfirmDialog))


async def test_the_s3_key_follows_the_switch(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await open_edit(pilot)
        switch = pilot.app.screen.query_one("#is_amazon", Checkbox)
        key = pilot.app.screen.query_one("#amazon_key", Input)
        assert key.disabled is (not switch.value)
        shown = "[x] yes" if switch.value else "[ ] no"
        assert shown in screen_text(pilot.app)  # said in characters, not by colour alone
        switch.value = not switch.value
        await pilot.pause()
        assert key.disabled is (not switch.value)
        assert ("[ ] no" if shown == "[x] yes" else "[x] yes") in screen_text(pilot.app)


async def test_store_text_with_control_characters_is_shown_escaped_and_not_sent_back(
    sandbox,
) -> None:
    created = await sandbox.client(recorded=False).create(
        {"product_id": 1, "order_id": 2, "download_count": 5,
         "download_file_name": "evil\x1b[31mred.zip"})
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await paste(pilot, created.download_id)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert value(pilot.app, "download_file_name") == "evil\\x1b[31mred.zip"
        await replace(pilot, "download_count", "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert sandbox.transport.bodies("PATCH") == [{"download_count": 0}]
        assert (await sandbox.holds(created.download_id)).download_file_name == (
            "evil\x1b[31mred.zip")
