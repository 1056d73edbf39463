"""Choosing the list's columns: `v` and the command palette; the table still fills
the width, and a hidden column can still be sorted by its number key."""

from __future__ import annotations

from typing import Any

import httpx
from textual.widgets import SelectionList

from tests.conftest import wait_until
from tests.ui.support import (
    headers,
    notes,
    palette_offers,
    paste,
    pick_in_palette,
    rows,
    settle,
    started,
    status,
    table,
    toggle_columns,
)
from tui.core.columns import COLUMNS
from tui.config.model import View

ALL = [header for header, _, _ in COLUMNS]


def _filled(app: Any) -> bool:
    """The columns (and their padding) take the table's whole width, but the
    vertical scrollbar's."""
    grid = table(app)
    used = sum(column.get_render_width(grid) for column in grid.ordered_columns)
    return used == grid.size.width - grid.styles.scrollbar_size_vertical


async def test_v_hides_a_column_and_the_table_still_fills_the_width(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert headers(pilot.app) == ALL and _filled(pilot.app)
        await toggle_columns(pilot, "count", "S3")
        assert headers(pilot.app) == ["id", "created", "product", "order", "file", "key"]
        assert all(len(row) == 6 for row in rows(pilot.app))
        assert _filled(pilot.app)
        assert "count" not in pilot.app.screen.query_one("#downloads").render_line(0).text
        await toggle_columns(pilot, "count", key="enter")  # again: shown again, in its place
        assert headers(pilot.app) == ["id", "created", "product", "order", "count", "file", "key"]


async def test_the_id_column_cannot_be_hidden(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("v")
        await pilot.pause()
        choices = pilot.app.screen.query_one(SelectionList)
        first = choices.get_option_at_index(0)
        assert first.disabled and "always shown" in str(first.prompt)
        choices.highlighted = 0
        await pilot.press("space", "enter")
        await pilot.pause()
        assert "download_id" in choices.selected
        await pilot.press("escape")
        await pilot.pause()
        assert headers(pilot.app)[0] == "id"


async def test_hiding_every_stretching_column_stretches_the_last_one(sandbox) -> None:
    async with sandbox.app().run_test(size=(90, 30)) as pilot:
        await started(pilot)
        await toggle_columns(pilot, "file", "key", "S3")
        assert headers(pilot.app) == ["id", "created", "product", "order", "count"]
        assert _filled(pilot.app)
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert _filled(pilot.app)


async def test_the_palette_toggles_a_column(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pick_in_palette(pilot, "Toggle column Amazon S3 key")
        await pilot.pause()
        assert headers(pilot.app) == ALL[:-1]
        await pilot.press("ctrl+p")
        await paste(pilot, "toggle column download")
        await wait_until(lambda: palette_offers(pilot.app, "Toggle column Download count"),
                         what="the palette's columns")
        assert not palette_offers(pilot.app, "Toggle column Download id")
        await pilot.press("escape")
        await pilot.pause()
        await pick_in_palette(pilot, "Toggle column Amazon S3 key")
        await pilot.pause()
        assert headers(pilot.app) == ALL


async def test_a_hidden_column_still_sorts_from_its_number_key(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await toggle_columns(pilot, "count")
        await pilot.press("5")
        await settle(pilot)
        assert sandbox.transport.list_params()[-1]["sortby"] == "download_count"
        assert "sort: count ▲" in status(pilot.app)
        assert not any("▲" in header for header in headers(pilot.app))
        assert not notes(pilot.app)


async def test_an_unreadable_entry_says_so_in_a_column_still_shown(sandbox) -> None:
    def one_bad_entry(request: httpx.Request) -> httpx.Response | None:
        if request.method == "GET" and request.url.path.endswith("/downloads"):
            return httpx.Response(200, json=[{"download_id": "abc1", "product_id": "x"}])
        return None

    sandbox.transport.faults.append(one_bad_entry)
    view = View(columns=["download_id", "order_id"])
    async with sandbox.app(view=view).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert headers(pilot.app) == ["id", "order"]
        assert rows(pilot.app)[0][0] == "abc1" and rows(pilot.app)[0][1].startswith("(unreadable:")
        await toggle_columns(pilot, "order")
        assert rows(pilot.app)[0][0].startswith("abc1 (unreadable:")
