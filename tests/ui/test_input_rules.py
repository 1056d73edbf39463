"""One set of rules for what may be written, the same in the form, the one-field
edit and bulk set as in `create`/`update`: each refusal a plain sentence at its
field, nothing sent, nothing typed lost."""

from __future__ import annotations

from textual.widgets import Input, RadioButton

from tests.conftest import Sandbox
from tests.ui.support import cursor_id, field_error, replace, screen_text, settle, started
from tui.ui.screens.field_edit import BulkFieldDialog, FieldEditDialog
from tui.ui.screens.form import FormScreen



def box(app, field: str) -> Input:
    return app.screen.query_one(f"#{field}", Input)


async def two_records(sandbox: Sandbox) -> tuple[str, str]:
    """A download on S3 with its key and one off S3 without a key, alone in the store."""
    client = sandbox.client(recorded=False)
    on_s3 = await client.create({"product_id": 1, "order_id": 1, "download_file_name": "a.zip",
                                 "is_amazon": True, "amazon_key": "files/a.zip"})
    off_s3 = await client.create({"product_id": 2, "order_id": 2,
                                  "download_file_name": "b.zip", "is_amazon": False,
                                  "amazon_key": ""})
    return on_s3.download_id, off_s3.download_id


async def go_to(pilot, download_id: str) -> None:
    """Put the cursor on `download_id`'s row (the store's order is its own)."""
    await pilot.press("g")
    for _ in range(2):
        if cursor_id(pilot.app) == download_id:
            return
        await pilot.press("j")
    assert cursor_id(pilot.app) == download_id


async def test_a_letter_in_a_number_box_is_named_at_once_and_kept(both_sandboxes) -> None:
    sandbox = both_sandboxes
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("a")
        await pilot.pause()
        await replace(pilot, "product_id", "12a")
        assert box(pilot.app, "product_id").value == "12a"
        assert field_error(pilot.app, "product_id") == (
            "Product id takes digits only: “12a” has “a” in it.")
        await pilot.press("backspace")
        assert field_error(pilot.app, "product_id") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FormScreen)
        assert sandbox.transport.count("POST") == 0


async def test_a_new_download_needs_a_file_name(both_sandboxes) -> None:
    sandbox = both_sandboxes
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("a")
        await pilot.pause()
        await replace(pilot, "product_id", "7")
        await replace(pilot, "order_id", "8")
        await replace(pilot, "download_file_name", "   ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(pilot.app, "download_file_name") == "A download needs a file name."
        assert pilot.app.focused.id == "download_file_name"
        assert sandbox.transport.count("POST") == 0


async def test_s3_switched_on_needs_a_key(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(records=0, store=store_kind)
    _, off_s3 = await two_records(sandbox)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await go_to(pilot, off_s3)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#is_amazon").focus()
        await pilot.pause()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert field_error(pilot.app, "amazon_key") == (
            "A download on Amazon S3 needs its S3 key.")
        assert sandbox.transport.count("PATCH") + sandbox.transport.count("PUT") == 0
        await replace(pilot, "amazon_key", "files/b.zip")
        await pilot.press("ctrl+s")
        await settle(pilot)
        held = await sandbox.holds(off_s3)
        assert (held.is_amazon, held.amazon_key) == (True, "files/b.zip")


async def test_the_one_field_edit_keeps_the_same_rules(make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(records=0, store=store_kind)
    on_s3, _ = await two_records(sandbox)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await go_to(pilot, on_s3)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FieldEditDialog)
        await pilot.press("down", "ctrl+u", "enter")  # the file name, emptied
        assert field_error(pilot.app) == "A download needs a file name."
        await pilot.press("down", "ctrl+u", "enter")  # the S3 key of a download on S3
        assert field_error(pilot.app) == (
            "A download on Amazon S3 needs its S3 key.")
        await pilot.press("down", "ctrl+u", *"1x", "enter")  # the count
        assert field_error(pilot.app) == (
            "Download count takes digits only: “1x” has “x” in it.")
        assert box(pilot.app, "download_count").value == "1x"
        assert sandbox.transport.count("PATCH") + sandbox.transport.count("PUT") == 0
        assert (await sandbox.holds(on_s3)).amazon_key == "files/a.zip"


async def test_bulk_set_refuses_an_empty_key_for_marked_downloads_on_s3(
    make_sandbox, store_kind: str,
) -> None:
    sandbox = make_sandbox(records=0, store=store_kind)
    await two_records(sandbox)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("space", "space", "i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BulkFieldDialog)
        pilot.app.screen.query_one("#choose-amazon_key", RadioButton).value = True
        await pilot.pause()
        await pilot.press("enter")  # the keys differ, so the box starts empty
        assert field_error(pilot.app) == (
            "1 of the marked downloads is on Amazon S3 and needs an S3 key: leave the key "
            "as it is, or type one.")
        assert sandbox.transport.count("PATCH") + sandbox.transport.count("PUT") == 0


async def test_bulk_set_judges_each_download_as_the_store_holds_it_now(
    make_sandbox, store_kind: str,
) -> None:
    sandbox = make_sandbox(records=0, store=store_kind)
    client = sandbox.client(recorded=False)
    first, second = [(await client.create({
        "product_id": 1, "order_id": 1, "download_file_name": f"{name}.zip",
        "is_amazon": False, "amazon_key": f"old/{name}"})).download_id for name in "ab"]
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("space", "space")
        # As listed, neither is on S3; meanwhile the store moves the second to S3.
        await client.update(second, {"is_amazon": True})
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("up", "ctrl+u", "enter")  # clear the S3 key of both
        await settle(pilot)
        summary = screen_text(pilot.app)
        assert "Set Amazon S3 key to “” on 1 download; 1 failed." in summary
        assert "needs its S3 key" in summary
        held = {download_id: (await sandbox.holds(download_id)).amazon_key
                for download_id in (first, second)}
        assert held == {first: "", second: "old/b"}
