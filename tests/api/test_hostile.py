"""Broken and hostile answers: each becomes one specific, short `ApiError`."""

from __future__ import annotations

import io
import json
import time

import httpx
import pytest

from tests.fakes import RECORD, SECRET, TOKEN, ScriptedStore, answering
from tests.hostile_support import MIB, raw_server, unused_port
from tui.api import (
    ApiError,
    BadResponse,
    Download,
    DownloadsClient,
    InvalidRecord,
    ListQuery,
    ServerError,
    TimedOut,
    Unreachable,
)
from tui.core.output import list_writer


def _raw(status: int, content: bytes, **headers: str) -> ScriptedStore:
    return ScriptedStore(lambda request: httpx.Response(status, content=content, headers=headers))


async def _list_error(store: ScriptedStore) -> ApiError:
    async with store.client(retries=0) as client:
        with pytest.raises(ApiError) as caught:
            await client.list()
    return caught.value


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (b"<html><body>Internal Server Error</body></html>", ServerError, "internal error (500)"),
        (b"", ServerError, "(500)"),
        (b"\xff\xfe\x00garbage", ServerError, "(500)"),
    ],
)
async def test_a_500_page_of_any_kind(content: bytes, error: type, words: str) -> None:
    caught = await _list_error(_raw(500, content, **{"content-type": "text/html"}))
    assert isinstance(caught, error) and words in str(caught)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty answer"),
        (b"   \n", "empty answer"),
        (b'[{"download_id": "abc"', "not JSON"),
        (b"\xff\xfe\xfd", "not JSON"),
        (b"[" * 100_000, "not JSON"),  # nested past any sane depth
        (b'{"data": [{"download_id": "abc123"}]}', "an object"),
        (b'"downloads"', "a string"),
        (b"true", "true or false"), (b"1.5", "a number"),
    ],
)
async def test_a_list_answer_that_is_not_a_list(content: bytes, words: str) -> None:
    caught = await _list_error(_raw(200, content))
    assert isinstance(caught, BadResponse) and words in str(caught)


async def test_a_null_record() -> None:
    async with answering(200, text="null").client(retries=0) as client:
        with pytest.raises(BadResponse, match="was null, not a download record"):
            await client.get("abc123")


@pytest.mark.parametrize(
    ("body", "words"),
    [([RECORD], "a list"), ("abc123", "a string"), ({}, "cannot read"),
     ({**RECORD, "product_id": None}, "product_id"),
     ({**RECORD, "download_id": ""}, "download_id"),
     ({**RECORD, "download_id": "x" * 192}, "download_id"),
     ({**RECORD, "order_id": 10**40}, "order_id")],
)
async def test_a_record_answer_that_is_not_a_record(body: object, words: str) -> None:
    async with answering(200, body).client(retries=0) as client:
        with pytest.raises(BadResponse, match=words):
            await client.get("abc123")


async def test_an_answer_over_the_cap_is_refused_while_streaming() -> None:
    chunks_sent = 0

    async def endless():
        nonlocal chunks_sent
        for _ in range(1000):  # 1000 x 64 KiB = 62.5 MiB if nothing stopped it
            chunks_sent += 1
            yield b" " * 65536

    store = ScriptedStore(lambda request: httpx.Response(200, content=endless()))
    async with store.client(retries=0, max_answer_bytes=MIB) as client:
        with pytest.raises(BadResponse, match="too large"):
            await client.list()
    assert chunks_sent <= 17


async def test_a_declared_length_over_the_cap_is_refused_unread() -> None:
    store = _raw(200, b"[]", **{"content-length": str(9 * MIB)})
    async with store.client(retries=0) as client:
        with pytest.raises(BadResponse, match=r"too large \(over 8 MiB\)"):
            await client.list()


async def test_an_error_page_over_the_cap_still_reports_the_status() -> None:
    store = _raw(502, b"x" * (2 * MIB))
    async with store.client(retries=0, max_answer_bytes=MIB) as client:
        with pytest.raises(ServerError, match="502"):
            await client.get("abc123")


async def test_a_multi_megabyte_value_still_parses() -> None:
    huge = ("é\x1b" + "a" * 14) * (128 * 1024)  # 2 M characters, 2.75 MiB as JSON
    page = [{**RECORD, "download_file_name": huge}, {**RECORD, "order_id": huge}]
    async with answering(200, page).client(retries=0) as client:
        got = await client.list(ListQuery(perpage=2))
    async with answering(200, page[0]).client(retries=0) as client:
        record = await client.get("abc123")
    assert isinstance(got.items[0], Download) and got.items[0].download_file_name == huge
    assert isinstance(got.items[1], InvalidRecord) and "order_id" in got.items[1].problem
    assert len(got.items[1].problem) < 300
    assert record.download_file_name == huge


async def test_a_record_too_large_for_the_cap_is_a_bad_response() -> None:
    async with answering(200, {**RECORD, "amazon_key": "k" * (9 * MIB)}).client() as client:
        with pytest.raises(BadResponse, match="too large"):
            await client.get("abc123")


@pytest.mark.parametrize(
    "row",
    [None, 42, "x", [], {}, {**RECORD, "download_count": None}, {**RECORD, "is_amazon": [1]},
     {**RECORD, "download_file_name": {"a": 1}}, {**RECORD, "product_id": 1.5},
     {**RECORD, "product_id": "OVERFLOW"}, {**RECORD, "product_id": "DIGITS"},
     {**RECORD, "download_count": float("nan")}, {**RECORD, "order_id": float("-inf")}],
    ids=["null", "number", "string", "list", "empty", "null-count", "list-bool", "object-name",
         "fraction", "infinite", "5000-digits", "NaN", "-Infinity"],
)
async def test_a_broken_row_becomes_an_invalid_record(row: object) -> None:
    # Written by hand: numbers json.dumps cannot produce (NaN comes out bare).
    text = json.dumps([RECORD, row]).replace('"DIGITS"', "9" * 5000)
    text = text.replace('"OVERFLOW"', "1e400")
    store = _raw(200, text.encode())
    async with store.client(retries=0) as client:
        page = await client.list(ListQuery(perpage=2))
    assert isinstance(page.items[0], Download)
    assert isinstance(page.items[1], InvalidRecord)
    out = io.StringIO()
    writer = list_writer("json", out)
    writer.write(page.items)
    writer.close()
    assert len(json.loads(out.getvalue(), parse_constant=_not_json)) == 2


def _not_json(name: str) -> None:
    raise AssertionError(f"{name} written into JSON output")


async def test_absurd_total_headers_are_ignored() -> None:
    store = answering(200, [RECORD], headers={"X-WP-Total": "9" * 5000, "X-WP-TotalPages": "-1"})
    async with store.client() as client:
        page = await client.list(ListQuery(perpage=1))
    # A full page: more may follow, whatever the headers claim.
    assert (page.total, page.total_pages, page.has_more) == (None, None, True)


async def test_a_bad_gzip_body_is_a_bad_response() -> None:
    store = _raw(200, b"not gzip at all", **{"content-encoding": "gzip"})
    async with store.client(retries=0) as client:
        with pytest.raises(BadResponse, match="could not be decoded"):
            await client.list()


async def test_a_server_that_never_answers_times_out_within_the_timeout() -> None:
    with raw_server("silent") as (url, accepted):
        started = time.monotonic()
        async with DownloadsClient(url, TOKEN, SECRET, timeout=0.5, retries=2,
                                   backoff=0.01) as client:
            with pytest.raises(TimedOut, match=r"did not answer within 0\.5 s"):
                await client.list()
        elapsed = time.monotonic() - started
    assert 0.5 <= elapsed < 0.5 * 1.5 + 1
    assert len(accepted) == 1  # the first try took all the time there was


async def test_a_connection_reset_is_unreachable() -> None:
    with raw_server("reset") as (url, accepted):
        async with DownloadsClient(url, TOKEN, SECRET, timeout=2, retries=0) as client:
            with pytest.raises(Unreachable):
                await client.get("abc123")
    assert len(accepted) == 1


async def test_a_refused_connection_is_unreachable() -> None:
    url = f"http://127.0.0.1:{unused_port()}"
    async with DownloadsClient(url, TOKEN, SECRET, timeout=2, retries=0) as client:
        with pytest.raises(Unreachable, match="connection refused"):
            await client.list()

