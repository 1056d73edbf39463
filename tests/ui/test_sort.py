"""Sorting by every column, from the keyboard and by clicking headers."""

from __future__ import annotations

import pytest

from tests.ui.support import headers, rows, screen_text, settle, started, status
from tui.api.models import FIELDS
from tui.core.columns import COLUMNS

HEADERS = [header for header, _, _ in COLUMNS]


def _values(app, index: int) -> list[str]:
    return [row[index] for row in rows(app)]


@pytest.mark.parametrize("index", range(len(FIELDS)))
async def test_each_column_sorts_both_ways_from_its_number_key(sandbox, index: int) -> None:
    field, header = FIELDS[index], HEADERS[index]
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press(str(index + 1))
        await settle(pilot)
        assert sandbox.transport.list_params()[-1] == {
            "page": "1", "perpage": "50", "sortby": field, "sortdir": "ASC"}
        assert headers(pilot.app)[index] == f"{header} ▲"
        assert f"sort: {header} ▲" in status(pilot.app)
        ascending = _values(pilot.app, index)
        await pilot.press(str(index + 1))
        await settle(pilot)
        assert sandbox.transport.list_params()[-1]["sortdir"] == "DESC"
        assert headers(pilot.app)[index] == f"{header} ▼"
        assert f"sort: {header} ▼" in status(pilot.app)
        descending = _values(pilot.app, index)
        if field in ("product_id", "order_id", "download_count"):
            assert [int(v) for v in ascending] == sorted(int(v) for v in ascending)
            assert [int(v) for v in descending] == sorted((int(v) for v in descending),
                                                          reverse=True)
        elif field != "is_amazon":
            assert ascending == sorted(ascending) and descending == sorted(descending,
                                                                           reverse=True)


async def test_clicking_a_header_sorts_and_clicking_again_flips(sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        table = pilot.app.screen.query_one("#downloads")
        # The "count" header: x offset of the fifth column, first line of the table.
        x = sum(column.get_render_width(table) for column in table.ordered_columns[:4]) + 1
        await pilot.click("#downloads", offset=(x, 0))
        await settle(pilot)
        assert sandbox.transport.list_params()[-1]["sortby"] == "download_count"
        assert headers(pilot.app)[4] == "count ▲"
        await pilot.click("#downloads", offset=(x, 0))
        await settle(pilot)
        assert sandbox.transport.list_params()[-1]["sortdir"] == "DESC"
        assert headers(pilot.app)[4] == "count ▼"
        assert [h for h in headers(pilot.app) if "▲" in h or "▼" in h] == ["count ▼"]
        assert "count ▼" in screen_text(pilot.app).splitlines()[1]
