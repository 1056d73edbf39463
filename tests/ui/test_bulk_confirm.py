"""The confirm of a bulk action names the first marked downloads, as many as the
terminal has room for, each with its order, its product and the value the action
changes; then how many more. Marks on pages not on screen are listed as they were
read: the confirm sends no request."""

from __future__ import annotations

import pytest

from tests.conftest import route
from tests.fakes import RECORD
from tests.ui.support import paste, question, screen_text, settle, started
from tui.api.models import Download, ListQuery
from tui.ui.screens.bulk import DIALOG_FRAME, DIALOG_WIDTH, as_listed
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.field_edit import BulkFieldDialog


def listed(app) -> list[str]:
    return str(app.screen.query_one("#bulk-records").content).splitlines()


def record_reads(sandbox) -> int:
    """How many single downloads were asked for."""
    return sum(1 for request in sandbox.transport.requests
               if request.method == "GET" and not route(request).endswith("/downloads"))


async def every_match(sandbox, where) -> list[Download]:
    """The store's downloads (in its order) for which `where` holds."""
    async with sandbox.client(recorded=False) as client:
        return [record async for page in client.iter_pages(ListQuery(perpage=100))
                for record in page.records if where(record)]


@pytest.mark.parametrize("size, shown", [((80, 24), 11), ((100, 30), 17)])
async def test_a_filter_marked_across_pages_is_listed_as_read_with_the_count_reset(
        both_sandboxes, size: tuple[int, int], shown: int) -> None:
    matches = await every_match(both_sandboxes, lambda record: record.download_count > 0)
    async with both_sandboxes.app(perpage=10).run_test(size=size) as pilot:
        await started(pilot)
        await pilot.press("slash")
        await paste(pilot, "count>0")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        reads = record_reads(both_sandboxes)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert record_reads(both_sandboxes) == reads  # no request for the confirm
        assert question(pilot.app) == (
            f"Reset the download count of the {len(matches)} marked downloads to 0?")
        lines = listed(pilot.app)
        assert len(lines) == shown + 1 and lines[-1] == f"… and {len(matches) - shown} more"
        for record, line in zip(matches, lines[:-1], strict=False):  # of pages 1 and 2
            assert line == (f"{record.download_id[:8]}…  order {record.order_id} · product "
                            f"{record.product_id} · count {record.download_count} → 0")
        text = screen_text(pilot.app)  # the whole dialog is in view
        for said in (question(pilot.app), lines[0], lines[-1], "y resets", "Cancel", "Reset"):
            assert said in text, said
        assert pilot.app.focused.id == "cancel"
        await pilot.press("enter")
        await settle(pilot)
        assert {request.method for request in both_sandboxes.transport.requests} == {"GET"}


def test_what_a_delete_lists_of_a_record_is_its_count_file_and_s3_key() -> None:
    plain = Download.model_validate(RECORD)
    on_s3 = plain.model_copy(update={"is_amazon": True, "amazon_key": "s3/ebook.pdf"})
    assert as_listed(plain) == "count 3 · ebook.pdf"
    assert as_listed(on_s3) == "count 3 · ebook.pdf · S3 key s3/ebook.pdf"


async def test_a_bulk_delete_lists_each_cut_to_the_dialog(both_sandboxes) -> None:
    async with both_sandboxes.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        records = [item for item in pilot.app.screen.table.items if isinstance(item, Download)]
        await pilot.press("M", "d")
        await pilot.pause()
        lines = listed(pilot.app)
        assert len(lines) == len(records) == 10
        for record, line in zip(records, lines, strict=True):
            said = (f"{record.download_id[:8]}…  order {record.order_id} · product "
                    f"{record.product_id} · count {record.download_count} · "
                    f"{record.download_file_name}")
            if record.is_amazon:
                said += f" · S3 key {record.amazon_key}"
            # A dialog's line has room for its width less its frame: the rest is cut.
            room = DIALOG_WIDTH - DIALOG_FRAME
            assert line == (said if len(said) <= room else said[:room - 1] + "…"), (line, said)


async def test_the_dialog_for_one_field_lists_what_it_may_change(both_sandboxes) -> None:
    async with both_sandboxes.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        first = pilot.app.screen.table.items[0]
        await pilot.press("M", "i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, BulkFieldDialog)
        about = str(pilot.app.screen.query_one("#field-edit-about").content).splitlines()
        assert about[0].startswith(f"{first.download_id[:8]}…  order {first.order_id} · "
                                   f"product {first.product_id} · count "
                                   f"{first.download_count} · ")
        assert about[-1] == f"… and {50 - len(about) + 1} more"
        text = screen_text(pilot.app)
        for said in (about[0], about[-1], "Enter saves · Esc cancels"):
            assert said in text, said
