"""Generated pages and records, hostile text included, through the client and the
writers: only `ApiError` ever escapes, and no raw control character is written."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fakes import RECORD, ScriptedStore
from tui.api import ApiError, Download, InvalidRecord, ListQuery, Page
from tui.core.output import list_writer, write_record

NASTY_TEXT = [
    "[b]x[/b]", "[@click=app.quit]x[/]", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07",
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\", "\x9b2J", "\u202eevil\u202c",
    "\u2066\u2067\u2068\u2069", "\u200b\u200f\ufeff", "a\rb\nc\td\x00e\x7f", "\ud800",
    "", "x" * 5000,
]
text = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=60),
                 st.text(st.characters(max_codepoint=0x9F), max_size=30))
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text)
anything = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(text, inner, max_size=3), max_leaves=8)
field_value = st.one_of(anything, st.integers(min_value=0, max_value=10**6).map(str),
                        st.sampled_from(["1", "0", "true", 1, 0]))
number = st.one_of(st.integers(min_value=0, max_value=2**40),
                   st.integers(min_value=0, max_value=10**6).map(str))
good_record = st.fixed_dictionaries({
    "download_id": st.from_regex(r"[0-9a-zA-Z]{1,12}", fullmatch=True),
    "date_created": text, "product_id": number, "order_id": number, "download_count": number,
    "download_file_name": text, "is_amazon": st.sampled_from([True, False, "1", "0", 1, None]),
    "amazon_key": st.one_of(text, st.none()),
})
broken_record = st.fixed_dictionaries(
    {},
    optional={name: st.one_of(st.just(value), field_value, text)
              for name, value in RECORD.items()},
)
record = st.one_of(good_record, broken_record)
row = st.one_of(record, anything)
page = st.one_of(st.lists(row, max_size=6), anything)
SAFE = {"\n"}

PROPERTY = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


async def _list(body: Any) -> Page | ApiError:
    content = json.dumps(body).encode()
    store = ScriptedStore(lambda request: httpx.Response(200, content=content))
    async with store.client(retries=0) as client:
        try:
            return await client.list(ListQuery(perpage=6))
        except ApiError as exc:
            return exc


def _assert_terminal_safe(out: str) -> None:
    raw = {ch for ch in out if not ch.isprintable() and ch not in SAFE}
    assert not raw, f"raw characters written: {sorted(raw)!r}"


def _written(items: tuple[Download | InvalidRecord, ...], fmt: str) -> str:
    out = io.StringIO()
    writer = list_writer(fmt, out)
    writer.write(items)
    writer.close()
    return out.getvalue()


@PROPERTY
@given(page)
async def test_any_page_parses_or_fails_as_an_api_error(body: Any) -> None:
    result = await _list(body)
    if isinstance(result, ApiError):
        _assert_terminal_safe(str(result))
        assert len(str(result)) < 300
        return
    assert all(isinstance(item, (Download, InvalidRecord)) for item in result.items)
    for item in result.items:
        if isinstance(item, InvalidRecord):
            assert len(item.problem) < 400


@PROPERTY
@given(st.lists(record, min_size=1, max_size=6))
async def test_the_writers_never_emit_a_raw_control_character(rows: list[Any]) -> None:
    result = await _list(rows)
    assert isinstance(result, Page)
    for fmt in ("table", "csv"):
        _assert_terminal_safe(_written(result.items, fmt))
    as_json = _written(result.items, "json")
    assert as_json.isascii()
    assert len(json.loads(as_json)) == len(rows)
    for item in result.records:
        for fmt in ("table", "csv", "json"):
            out = io.StringIO()
            write_record(item, fmt, out)
            _assert_terminal_safe(out.getvalue())


@PROPERTY
@given(st.lists(good_record, min_size=1, max_size=6))
async def test_a_well_formed_record_with_any_text_is_read(rows: list[Any]) -> None:
    result = await _list(rows)
    assert isinstance(result, Page)
    assert [item.download_id for item in result.records] == [r["download_id"] for r in rows]


@PROPERTY
@given(st.dictionaries(st.sampled_from(list(RECORD)), text, min_size=1))
async def test_store_text_round_trips_through_json_output(strings: dict[str, str]) -> None:
    result = await _list([{**RECORD, **strings}])
    assert isinstance(result, Page)
    (item,) = result.items
    as_json = _written(result.items, "json")
    assert as_json.isascii()
    expected = item.raw if isinstance(item, InvalidRecord) else item.model_dump(mode="json")
    assert json.loads(as_json) == [expected]


@PROPERTY
@given(st.one_of(record, anything))
async def test_any_single_record_answer_is_a_download_or_an_api_error(body: Any) -> None:
    content = json.dumps(body).encode()
    store = ScriptedStore(lambda request: httpx.Response(200, content=content))
    async with store.client(retries=0) as client:
        try:
            got = await client.get("abc123")
        except ApiError as exc:
            _assert_terminal_safe(str(exc))
            return
    assert isinstance(got, Download)
    out = io.StringIO()
    write_record(got, "table", out)
    _assert_terminal_safe(out.getvalue())


def _expected_number(text: str, any_too_long: bool) -> Any:
    """What a number of the store's answer must read as (see `parse_json`)."""
    import math

    if text in ("NaN", "Infinity", "-Infinity"):
        return text
    if any(mark in text for mark in ".eE"):
        return value if math.isfinite(value := float(text)) else text
    return text if any_too_long and len(text) > 30 else int(text)


number_text = st.one_of(
    st.integers().map(str), st.integers(min_value=10**29, max_value=10**40).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e400", "-1E400", "1.5e3", "NaN", "Infinity", "-Infinity", "0.0",
                     "123456789012345678901234567890", "-" + "1" * 30, "1" * 5000]),
)


@settings(max_examples=300, deadline=None)
@given(numbers=st.lists(number_text, max_size=6), name=text,
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-32", "utf-16-le"]))
def test_numbers_of_an_answer_read_as_the_rules_say(numbers: list[str], name: str,
                                                     encoding: str) -> None:
    from tui.api.json_reading import parse_json

    body = ('[{"download_file_name": %s, "numbers": [%s]}]'
            % (json.dumps(name), ", ".join(numbers))).encode(encoding, "surrogatepass")
    too_long = any(len(number.lstrip("-")) > 4300 for number in numbers)
    got = parse_json(body)
    assert got == [{"download_file_name": name,
                    "numbers": [_expected_number(n, too_long) for n in numbers]}]
    json.dumps(got, allow_nan=False)  # nothing that would be NaN or Infinity in output


def test_where_pythons_digit_limit_is_lifted_every_integer_is_checked(monkeypatch) -> None:
    import sys

    from tui.api.json_reading import parse_json

    monkeypatch.setattr(sys, "get_int_max_str_digits", lambda: 0)
    assert parse_json(b"[12, " + b"9" * 40 + b"]") == [12, "9" * 40]
