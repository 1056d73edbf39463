"""`list --format json` writes a page at a time, and its text is exactly one
`json.dumps` of each record a line, whatever the pages hold; `list --all` asks
for the next page before handing this one over."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes import RECORD
from tests.hostile_support import SECRET, TOKEN, isolated_env, run_command
from tui.api import Download, DownloadsClient, InvalidRecord, ListQuery
from tui.api import answers as answers_module
from tui.api.models import parse_list_item
from tui.core.output import list_writer, record_json
from tui.sandbox.server import running_server

NON_ASCII = {**RECORD, "download_id": "def456", "download_file_name": "Käse – ünï 😀\u2028.pdf"}
#: A malformed row whose raw data has a bit of everything JSON can hold.
BROKEN = {"download_id": "ghi789", "product_id": None, "extra": [1, 2.5, -0.0, "é", {"k": None}],
          "flag": True}
PAGES = [
    [RECORD, BROKEN, NON_ASCII],
    [],
    [["not", "a", "record"], RECORD],
    [NON_ASCII],
]


def _reference(pages: list[list[Any]]) -> str:
    """The format as it has always been: element by element, `json.dumps` each."""
    items = [parse_list_item(raw) for page in pages for raw in page]
    if not items:
        return "[]\n"
    return "[\n  " + ",\n  ".join(json.dumps(record_json(item)) for item in items) + "\n]\n"


def _written(pages: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = list_writer("json", out)
    for page in pages:
        writer.write(tuple(parse_list_item(raw) for raw in page))
    writer.close()
    return out.getvalue()


def test_pages_with_broken_rows_come_out_as_one_element_a_line() -> None:
    text = _written(PAGES)
    assert text == _reference(PAGES)
    data = json.loads(text)
    assert [row.get("download_id") if isinstance(row, dict) else row for row in data] == [
        "abc123", "ghi789", "def456", ["not", "a", "record"], "abc123", "def456"]
    assert data[1] == BROKEN  # a broken row is written as the store sent it
    assert text.isascii()


def test_no_pages_or_empty_pages_are_an_empty_array() -> None:
    assert _written([]) == "[]\n"
    assert _written([[], []]) == "[]\n"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
rows = st.one_of(
    json_values,
    st.fixed_dictionaries({**{k: st.just(v) for k, v in RECORD.items()},
                           "download_file_name": st.text()}),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(rows, max_size=5), max_size=4))
def test_any_pages_come_out_as_json_dumps_of_each_row(pages: list[list[Any]]) -> None:
    assert _written(pages) == _reference(pages)


# -- over a real socket ---------------------------------------------------


#: Two pages of three rows, the first with a broken row in the middle.
STORE_PAGES = {1: [RECORD, BROKEN, NON_ASCII], 2: [{**RECORD, "download_id": "jkl012"}]}


class PagedStore:
    """Serves `STORE_PAGES`; keeps the page number of each list request, as it arrives."""

    def __init__(self) -> None:
        self.asked: list[int] = []
        self.app = Starlette(routes=[Route("/downloads", self._list)])

    async def _list(self, request: Request) -> JSONResponse:
        page = int(request.query_params["page"])
        self.asked.append(page)
        return JSONResponse(STORE_PAGES.get(page, []))


@pytest.fixture
def paged_store() -> Iterator[tuple[str, PagedStore]]:
    store = PagedStore()
    with running_server(store.app) as url:
        yield url, store


def test_list_all_json_with_a_broken_row_mid_page(tmp_path: Path, paged_store) -> None:
    url, store = paged_store
    # One page at a time, so the pages asked for are exactly those read.
    result = run_command(isolated_env(tmp_path, url), "list", "--all", "--perpage", "3",
                         "--concurrency", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == _reference(list(STORE_PAGES.values()))
    assert result.stderr == "warning: 1 record(s) could not be read\n"
    assert store.asked == [1, 2]


def _block_until(condition: Callable[[], bool], seconds: float = 5) -> None:
    """Wait without letting the event loop run (as a caller busy writing a page
    does): whatever reaches the store meanwhile had been sent before."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


async def test_the_next_page_is_asked_for_before_this_one_is_handed_over(paged_store) -> None:
    url, store = paged_store
    async with DownloadsClient(url, TOKEN, SECRET) as client:
        pages = client.iter_pages(ListQuery(perpage=3))
        first = await anext(pages)
        _block_until(lambda: 2 in store.asked)
        assert store.asked == [1, 2]
        assert [type(item) for item in first.items] == [Download, InvalidRecord, Download]
        second = await anext(pages)
        assert [item.download_id for item in second.items] == ["jkl012"]
        with pytest.raises(StopAsyncIteration):
            await anext(pages)


async def test_the_next_page_is_asked_for_before_this_one_is_read_into_records(
    paged_store, monkeypatch,
) -> None:
    url, store = paged_store
    asked_when_reading: list[list[int]] = []
    read = answers_module.parse_list_items

    def read_once_the_next_is_asked(entries):
        _block_until(lambda: 2 in store.asked)
        asked_when_reading.append(list(store.asked))
        return read(entries)

    monkeypatch.setattr(answers_module, "parse_list_items", read_once_the_next_is_asked)
    async with DownloadsClient(url, TOKEN, SECRET) as client:
        pages = [page async for page in client.iter_pages(ListQuery(perpage=3))]
    assert [len(page.items) for page in pages] == [3, 1]
    assert asked_when_reading[0] == [1, 2], "page 2 was asked for before page 1 was validated"
