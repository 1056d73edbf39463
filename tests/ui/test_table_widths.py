"""The list table spends the terminal's width where the page's values need it: the
file name first, then the S3 key, then the id; no column is left blank at the right
while anything is cut; at narrow widths the id column stays put as the rest scrolls."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.support import screen_text, settle, started, table, toggle_columns
from tui.api.models import Download

#: The least the id column keeps while the file name or key is cut.
ID_LEAST = 12


def table_lines(app: Any) -> list[str]:
    """The table as on screen, header first: its lines up to the vertical scrollbar."""
    region = table(app).scrollable_content_region
    lines = screen_text(app).splitlines()[region.y:region.bottom]
    return [line[region.x:region.right] for line in lines]


def blank_at_right(app: Any) -> int:
    """How many columns at the table's right edge are blank on every line."""
    return min(len(line) - len(line.rstrip()) for line in table_lines(app))


def column_spans(app: Any) -> dict[str, tuple[int, int]]:
    """Where each column is drawn, by header, padding included: read off the header
    line, where a label starts one cell (the padding) into its column."""
    header = table_lines(app)[0]
    labels = [str(column.label) for column in table(app).ordered_columns]
    starts: list[int] = []
    for label in labels:
        starts.append(header.index(f" {label}", starts[-1] + 1 if starts else 0))
    ends = [*starts[1:], len(header)]
    return {label.split()[0]: (start, end)
            for label, start, end in zip(labels, starts, ends, strict=True)}


def column_widths(app: Any) -> dict[str, int]:
    return {name: end - start - 2 for name, (start, end) in column_spans(app).items()}


def shown_rows(app: Any) -> list[tuple[Download, dict[str, str]]]:
    """The readable downloads in view, each with its cells as shown, by header."""
    spans = column_spans(app)
    lines = table_lines(app)[1:]
    items = table(app).items[round(table(app).scroll_y):]
    return [(item, {name: line[start:end].strip() for name, (start, end) in spans.items()})
            for item, line in zip(items, lines, strict=False) if isinstance(item, Download)]


def cut(app: Any, field: str, header: str) -> list[str]:
    """The values of `field` in view shown cut short: their start, then "…"
    (none while its column, under `header`, is hidden)."""
    shortened = []
    for record, cells in shown_rows(app):
        value, shown = getattr(record, field), cells.get(header, getattr(record, field))
        if shown != value:
            assert shown.endswith("…") and value.startswith(shown[:-1]), (value, shown)
            shortened.append(value)
    return shortened


def assert_width_goes_to_file_then_key_then_id(app: Any) -> None:
    """A file name is cut only while the key and id columns are at their least; a key
    only while the id column is; and then no column at the table's right edge is
    blank (but the last one's padding)."""
    widths = column_widths(app)
    if cut(app, "download_file_name", "file"):
        assert widths.get("key", 3) == 3 and widths["id"] == ID_LEAST, widths
    if cut(app, "amazon_key", "key"):
        assert widths["id"] == ID_LEAST, widths
    if cut(app, "download_file_name", "file") or cut(app, "amazon_key", "key"):
        assert blank_at_right(app) == 1, table_lines(app)


async def test_a_long_file_name_shows_whole_at_100_columns(both_sandboxes) -> None:
    async with both_sandboxes.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        names = [record.download_file_name for record, cells in shown_rows(pilot.app)
                 if cells["file"] == record.download_file_name]
        assert any(len(name) > 26 for name in names), table_lines(pilot.app)
        assert_width_goes_to_file_then_key_then_id(pilot.app)


async def test_no_blank_columns_at_the_right_while_names_are_cut(both_sandboxes) -> None:
    async with both_sandboxes.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("minus")  # 25 rows: all in view, no scrollbar
        await settle(pilot)
        assert len(shown_rows(pilot.app)) == len(table(pilot.app).items) == 25
        assert cut(pilot.app, "download_file_name", "file")
        assert blank_at_right(pilot.app) == 1
        assert_width_goes_to_file_then_key_then_id(pilot.app)


@pytest.mark.parametrize("width", [80, 100, 160])
async def test_the_table_fits_and_gives_its_width_where_it_is_needed(
        both_sandboxes, width: int) -> None:
    async with both_sandboxes.app().run_test(size=(width, 30)) as pilot:
        await started(pilot)
        grid = table(pilot.app)
        assert grid.virtual_size.width <= grid.scrollable_content_region.width
        assert_width_goes_to_file_then_key_then_id(pilot.app)
        if width == 160:
            assert not cut(pilot.app, "download_file_name", "file")


async def test_widths_follow_resizing_and_the_columns_shown(both_sandboxes) -> None:
    async with both_sandboxes.app().run_test(size=(160, 30)) as pilot:
        await started(pilot)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert cut(pilot.app, "download_file_name", "file")
        assert_width_goes_to_file_then_key_then_id(pilot.app)
        await toggle_columns(pilot, "key", "S3", "product")
        await settle(pilot)
        assert not cut(pilot.app, "download_file_name", "file"), table_lines(pilot.app)
        await pilot.resize_terminal(80, 30)
        await settle(pilot)
        assert cut(pilot.app, "download_file_name", "file")
        assert_width_goes_to_file_then_key_then_id(pilot.app)


async def test_the_id_stays_first_while_the_table_scrolls_right(both_sandboxes) -> None:
    async with both_sandboxes.app().run_test(size=(60, 24)) as pilot:
        await started(pilot)
        assert table_lines(pilot.app)[0].split()[:2] == ["id", "created"]
        await pilot.press(*["right"] * 12)
        await settle(pilot)
        grid = table(pilot.app)
        header, *lines = table_lines(pilot.app)
        assert header.split()[0] == "id" and "created" not in header and "file" in header
        ids = [item.download_id or "" for item in grid.items]
        assert all(line.startswith(f" {download_id[:ID_LEAST - 1]}…")
                   for download_id, line in zip(ids, lines, strict=False))

        await pilot.press("space")  # a mark: a label column before the pinned id
        await settle(pilot)
        assert grid.cursor_row == 1
        header, first, second, *_ = table_lines(pilot.app)
        assert first.startswith(f" ●  {ids[0][:ID_LEAST - 1]}…")
        assert second.startswith(f"    {ids[1][:ID_LEAST - 1]}…")
        assert "created" not in header and "file" in header


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_long_order_and_product_ids_show_whole(make_sandbox, store_kind: str,
                                                    size: tuple[int, int]) -> None:
    store = make_sandbox(records=5, store=store_kind)
    async with store.client(recorded=False) as client:
        await client.create({"product_id": 9876543, "order_id": 123456789,
                             "download_file_name": "big-order.zip"})
    async with store.app().run_test(size=size) as pilot:
        await started(pilot)
        shown = {cells["order"]: cells["product"] for _, cells in shown_rows(pilot.app)}
        assert shown.get("123456789") == "9876543", table_lines(pilot.app)
