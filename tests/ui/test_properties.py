"""Generated pages from a hostile store, through the client, into the list and the
detail: nothing escapes as an exception, and every string is shown literally —
markup unparsed, control and bidi characters spelled out, never raw."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.table import Table

from tests.conftest import FIXED_NOW
from tests.ui.support import rows, settle, started, table
from tui.api.client import DownloadsClient
from tui.api.models import Download, parse_list_item
from tui.ui.app import EasyCartApp
from tui.ui.screens.detail import DetailScreen
from tui.core.text import visible
from tui.ui.widgets.record_view import RecordView

HOSTILE = st.sampled_from([
    "[b]bold[/b]", "[@click=app.quit]quit[/]", "[red", "\x1b[31mred\x1b[0m",
    "\x1b]0;pwned\x07", "\x1b]8;;http://x\x1b\\link", "\u202eevil.exe", "\u2066iso\u2069",
    "\x00\x08\x7f", "line\nbreak\r", "", "x" * 3000, "é漢字🙂",
])
TEXT = st.one_of(HOSTILE, st.text(max_size=40), st.lists(HOSTILE, max_size=3).map("".join))
ANY_VALUE = st.one_of(TEXT, st.integers(-5, 10**12), st.none(), st.booleans(), st.just([1]),
                      st.just({"a": 1}), st.floats(allow_nan=False, allow_infinity=False))
ID = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)


@st.composite
def records(draw: st.DrawFn) -> Any:
    record: dict[str, Any] = {
        "download_id": draw(st.one_of(ID, ID, ANY_VALUE)),
        "date_created": draw(st.one_of(st.just("2025-06-01 10:00:00"), TEXT)),
        "product_id": draw(st.one_of(st.integers(0, 10**6), st.integers(0, 99).map(str),
                                     ANY_VALUE)),
        "order_id": draw(st.integers(0, 10**6)),
        "download_count": draw(st.one_of(st.integers(0, 9), st.just("3"))),
        "download_file_name": draw(TEXT),
        "is_amazon": draw(st.sampled_from([True, False, "1", "0", 1, 0, None, "maybe"])),
        "amazon_key": draw(st.one_of(TEXT, st.none())),
    }
    for field in draw(st.lists(st.sampled_from(list(record)), max_size=2, unique=True)):
        del record[field]
    return draw(st.one_of(st.just(record), st.just(record), ANY_VALUE))


def _literal(shown: str, value: str) -> bool:
    """`shown` is `value` spelled out visibly, whole or cut with an ellipsis."""
    expected = visible(value)
    return shown == expected or (shown.endswith("…") and expected.startswith(shown[:-1]))


def _raw_characters(text: str) -> list[str]:
    return [ch for ch in text if not ch.isprintable()]


async def _scenario(page: list[Any]) -> None:
    body = json.dumps(page).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    client = DownloadsClient("http://hostile.invalid", "t", "s", transport=transport)
    app = EasyCartApp(client, "hostile", clock=lambda: FIXED_NOW, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        shown = rows(app)
        assert len(shown) == len(page)
        items = [parse_list_item(raw) for raw in page]
        for row, item in zip(shown, items, strict=True):
            assert not [c for cell in row for c in _raw_characters(cell)]
            if isinstance(item, Download):
                assert _literal(row[5], item.download_file_name)
                assert _literal(row[0], item.download_id)
        downloads = [i for i, item in enumerate(items) if isinstance(item, Download)]
        # The detail of the first and the last record on the page.
        for index in sorted({downloads[0], downloads[-1]}) if downloads else []:
            for _ in range(index - table(app).cursor_row):
                await pilot.press("j")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DetailScreen)
            grid = app.screen.query_one(RecordView).content
            assert isinstance(grid, Table)
            values = [str(cell) for cell in grid.columns[1].cells]
            record = items[index]
            assert isinstance(record, Download)
            assert values[5] == (visible(record.download_file_name) or "—")
            assert values[7] == (visible(record.amazon_key) or "—")
            assert not [c for value in values for c in _raw_characters(value)]
            await pilot.press("escape")
            await settle(pilot)


#: Each example starts an app of its own (examples stay independent, so a failure
#: shrinks and replays as itself); fewer of them than pages of up to 6 records would
#: take, each with more records and two details looked at, check as many records.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=10))
def test_hostile_pages_are_shown_literally(page: list[Any]) -> None:
    asyncio.run(_scenario(page))
