"""The list table spends the terminal's width where the page's values need it: the
file name first, then the S3 key, then the id, which keeps enough of each id to tell
the page's apart; no column is left blank at the right while anything is cut; a value
cut short ends in "…"; where the file name would be short of 30 characters the
columns close up and the S3 columns give way; where even that is too wide the id
column stays put as the rest scrolls."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Sandbox
from tests.ui.support import screen_text, settle, started, table, toggle_columns
from tui.api.models import Download
from tui.core.columns import COLUMNS, cell

#: The least the id column keeps while the file name or key is cut: 8 characters
#: (enough to tell a page of the sandbox's ids apart) and the "…".
ID_LEAST = 9
#: What the file name column gets at 80 columns, sorted or marked or not.
FILE_ROOM = 30


def table_lines(app: Any) -> list[str]:
    """The table as on screen, header first: its lines up to the vertical scrollbar."""
    region = table(app).scrollable_content_region
    lines = screen_text(app).splitlines()[region.y:region.bottom]
    return [line[region.x:region.right] for line in lines]


def blank_at_right(app: Any) -> int:
    """How many columns at the table's right edge are blank on every line."""
    return min(len(line) - len(line.rstrip()) for line in table_lines(app))


def closed_up(app: Any) -> bool:
    """Whether the columns are one space apart (their text holds it) rather than two
    (Textual's padding on either side)."""
    return not table(app).cell_padding


def column_spans(app: Any) -> dict[str, tuple[int, int]]:
    """Where each column is drawn, by header, the space that sets it off included:
    read off the header line, where a label starts one cell into its column (but
    the first column's, when the columns are closed up)."""
    header = table_lines(app)[0]
    labels = [str(column.label).strip() for column in table(app).ordered_columns]
    starts: list[int] = []
    for index, label in enumerate(labels):
        at = header.index(label, starts[-1] + len(labels[index - 1]) + 1 if starts else 0)
        starts.append(at if closed_up(app) and index == 0 else at - 1)
    ends = [*starts[1:], len(header)]
    return {label.split()[0]: (start, end)
            for label, start, end in zip(labels, starts, ends, strict=True)}


def column_widths(app: Any) -> dict[str, int]:
    """Each column's width, by header, without the spaces that set it off."""
    spans = column_spans(app)
    if not closed_up(app):
        return {name: end - start - 2 for name, (start, end) in spans.items()}
    return {name: end - start - (index > 0)
            for index, (name, (start, end)) in enumerate(spans.items())}


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
        assert blank_at_right(app) == padding_at_right(app), table_lines(app)


def padding_at_right(app: Any) -> int:
    """The blank the last column ends with: its padding, unless closed up."""
    return 0 if closed_up(app) else 1


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
        assert blank_at_right(pilot.app) == padding_at_right(pilot.app)
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


def sharing_a_start(sandbox: Sandbox, db: Path, length: int) -> Callable[[], Awaitable[None]]:
    """A change of the store's table (in `db`) giving its ids a common start of
    `length` characters, as ids from another source may have."""

    async def rename() -> None:
        await sandbox.asgi.state.store.ready()
        with sqlite3.connect(db) as connection:
            connection.execute("UPDATE downloads SET download_id = ? || substr(download_id, ?)",
                               ("c" * length, length + 1))

    return rename


async def test_the_id_column_keeps_enough_of_each_id_to_tell_the_page_apart(
        make_sandbox, store_kind: str, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    sandbox = make_sandbox(records=60, store=store_kind, db=str(db))
    await sharing_a_start(sandbox, db, 12)()
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        shown = [cells["id"] for _, cells in shown_rows(pilot.app)]
        assert all(len(cell) > 12 + 1 and cell.endswith("…") for cell in shown), shown
        assert len(set(shown)) == len(shown)  # 12 alike, then enough to differ
        assert column_widths(pilot.app)["file"] >= FILE_ROOM
        whole = table(pilot.app).current.download_id
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.clipboard == whole and len(whole) == 45
        await pilot.press("enter")
        await pilot.pause()
        assert whole in screen_text(pilot.app)


async def test_the_id_stays_first_while_the_table_scrolls_right(
        make_sandbox, store_kind: str, tmp_path: Path) -> None:
    """Ids alike for 40 characters leave no room even closed up: the id stays put."""
    db = tmp_path / "store.db"
    sandbox = make_sandbox(records=60, store=store_kind, db=str(db))
    await sharing_a_start(sandbox, db, 40)()
    async with sandbox.app().run_test(size=(60, 24)) as pilot:
        await started(pilot)
        assert table_lines(pilot.app)[0].split()[:2] == ["id", "created"]
        await pilot.press(*["right"] * 30)
        await settle(pilot)
        grid = table(pilot.app)
        header, *lines = table_lines(pilot.app)
        assert header.split()[0] == "id" and "created" not in header and "file" in header
        ids = [item.download_id or "" for item in grid.items]
        assert all(line.startswith(download_id) for download_id, line in zip(
            ids, lines, strict=False)), lines[:3]

        await pilot.press("space")  # a mark: a label column before the pinned id
        await settle(pilot)
        assert grid.cursor_row == 1
        header, first, second, *_ = table_lines(pilot.app)
        assert first.startswith(f"● {ids[0]}") and second.startswith(f"  {ids[1]}")
        assert "created" not in header and "file" in header


#: What the list is asked to show at 80 columns before its widths are looked at.
SITUATIONS = {
    "as it opens": (),
    "sorted by count": ("5",),
    "sorted by product, descending": ("3", "3"),
    "sorted by S3": ("7",),
    "marked": ("space", "space"),
    "sorted and marked": ("4", "space", "space"),
}


@pytest.mark.parametrize("keys", SITUATIONS.values(), ids=SITUATIONS.keys())
async def test_at_80_columns_the_file_name_gets_30_characters(
        both_sandboxes, keys: tuple[str, ...]) -> None:
    async with both_sandboxes.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        grid = table(pilot.app)
        assert grid.virtual_size.width <= grid.scrollable_content_region.width
        widths = column_widths(pilot.app)
        assert widths["file"] >= FILE_ROOM and widths["id"] == ID_LEAST, table_lines(pilot.app)
        shown = [header for header, _, _ in COLUMNS if header in widths]
        assert shown[:7] == ["id", "created", "product", "order", "count", "file", "S3"]
        if not keys:  # nothing sorted or marked: every column still fits
            assert shown == [header for header, _, _ in COLUMNS]
        assert_every_cut_ends_in_an_ellipsis(pilot.app)


@pytest.mark.parametrize("size", [(60, 24), (80, 24), (100, 30), (120, 40)])
@pytest.mark.parametrize("keys", [(), ("5", "space")], ids=["plain", "sorted-and-marked"])
async def test_every_value_cut_short_ends_in_an_ellipsis(
        both_sandboxes, size: tuple[int, int], keys: tuple[str, ...]) -> None:
    async with both_sandboxes.app().run_test(size=size) as pilot:
        await started(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        grid = table(pilot.app)
        assert grid.virtual_size.width <= grid.scrollable_content_region.width  # none hidden
        assert_every_cut_ends_in_an_ellipsis(pilot.app)


def assert_every_cut_ends_in_an_ellipsis(app: Any) -> None:
    """Every header in view whole (its sort arrow too), and every value whole or its
    start and "…"; the ids shown cut to 8 characters and the "…" at the least."""
    header = table_lines(app)[0]
    for column in table(app).ordered_columns:
        assert str(column.label).strip() in header, (str(column.label), header)
    fields = {header: field for header, field, _ in COLUMNS}
    for record, cells in shown_rows(app):
        for name, shown in cells.items():
            value = cell(record, fields[name])[:10 if name == "created" else None]
            assert shown == value or (
                shown.endswith("…") and value.startswith(shown[:-1])), (name, value, shown)
            if name == "id":
                assert len(shown) >= ID_LEAST


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
