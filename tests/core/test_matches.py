"""A filter's matches on the store: exactly the records a reference filter picks from
all of them, on both kinds of store, capped at 30 a page, under a sort the store
ignores, narrowed by the store's search or not."""

from __future__ import annotations

import asyncio
import contextlib
from functools import cache
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import STORE_ROOTS, RecordingTransport, api_root
from tui.api.client import DownloadsClient
from tui.api.models import Download, ListQuery
from tui.core.filters import parse_box, parse_terms
from tui.core.matches import MatchScan
from tui.core.findings.model import Findings
from tui.core.findings.probes import Examination, examine_list, examine_search
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, create_app

RECORDS = 150
CAP = 30
BASE = "http://store.invalid"
#: The store pretends to sort by count and keeps its own order.
IGNORED_SORT = "download_count"

#: Each field's kind and the names a term may give it, stated apart from the parser.
KINDS = {"download_id": "text", "date_created": "date", "product_id": "number",
         "order_id": "number", "download_count": "number", "download_file_name": "text",
         "is_amazon": "flag", "amazon_key": "text"}
NAMES = {"download_id": "id", "date_created": "created", "product_id": "product",
         "order_id": "order", "download_count": "count", "download_file_name": "file",
         "is_amazon": "s3", "amazon_key": "key"}
OPS = {"number": ["=", "!=", "<", "<=", ">", ">="], "date": ["=", "!=", "<", "<=", ">", ">="],
       "flag": ["=", "!="], "text": ["=", "!=", "~"]}


def store(store_kind: str) -> tuple[Any, str]:
    flavor, _ = STORE_ROOTS[store_kind]
    return (create_app(records=RECORDS, flavor=flavor, perpage_cap=CAP,
                       unsorted=(IGNORED_SORT,)), api_root(BASE, store_kind))


def client_of(asgi: Any, base: str, transport: httpx.AsyncBaseTransport | None = None
              ) -> DownloadsClient:
    return DownloadsClient(base, DEFAULT_TOKEN, DEFAULT_SECRET, backoff=0,
                           transport=transport or httpx.ASGITransport(app=asgi))


async def _read_every_record(store_kind: str) -> tuple[dict[str, Any], ...]:
    flavor, _ = STORE_ROOTS[store_kind]
    asgi = create_app(records=RECORDS, flavor=flavor)
    async with client_of(asgi, api_root(BASE, store_kind)) as client:
        records = tuple([item.model_dump() async for page in client.iter_pages(ListQuery())
                         for item in page.items if isinstance(item, Download)])
    assert len(records) == RECORDS
    return records


@cache
def every_record(store_kind: str) -> tuple[dict[str, Any], ...]:
    """All the store's records, as typed values, read from an uncapped store."""
    return asyncio.run(_read_every_record(store_kind))


async def _probe(store_kind: str) -> Findings:
    asgi, base = store(store_kind)
    exam = Examination(Findings(url=base))
    async with client_of(asgi, base) as client:
        await examine_list(client, exam)
        await examine_search(client, exam)
    assert exam.findings.search.get("product_id") == "yes"
    return exam.findings


@cache
def findings_of(store_kind: str) -> Findings:
    """What `doctor`'s list and search probes find of the store."""
    return asyncio.run(_probe(store_kind))


def reference(record: dict[str, Any], field: str, op: str, typed_value: str) -> bool:
    """Whether `record` meets the term, judged on its values as the store holds them."""
    held = record[field]
    kind = KINDS[field]
    if kind == "number":
        order = (held > int(typed_value)) - (held < int(typed_value))
    elif kind == "flag":
        return (held == (typed_value == "yes")) == (op == "=")
    elif kind == "text":
        low, wanted = held.casefold(), typed_value.casefold()
        if field == "download_id" and op != "~":  # an id names one record exactly
            low, wanted = held, typed_value
        return {"~": wanted in low, "=": low == wanted, "!=": low != wanted}[op]
    else:  # dates as written: a prefix names its span, and sorts before what follows it
        held = held.replace("T", " ")
        wanted = typed_value.replace("T", " ")
        inside = held.startswith(wanted)
        order = 0 if inside else (1 if held > wanted else -1)
    return {"=": order == 0, "!=": order != 0, "<": order < 0, "<=": order <= 0,
            ">": order > 0, ">=": order >= 0}[op]


@st.composite
def terms(draw: st.DrawFn, records: tuple[dict[str, Any], ...]) -> tuple[str, str, str, str]:
    """A term on one field with a value near one a record holds: the field, the
    operator, the value, and the term as written (the field by either name, any case)."""
    field = draw(st.sampled_from(list(KINDS)))
    kind, op = KINDS[field], draw(st.sampled_from(OPS[KINDS[field]]))
    held = draw(st.sampled_from(records))[field]
    if kind == "number":
        value = str(max(0, held + draw(st.integers(-2, 2))))
    elif kind == "flag":
        value = draw(st.sampled_from(["yes", "no"]))
    elif kind == "date":
        value = held[:draw(st.sampled_from([4, 7, 10, 16, 19]))]
        value = value.replace(" ", "T") if draw(st.booleans()) and len(value) > 10 else value
    else:
        start = draw(st.integers(0, len(held)))
        value = held[start:start + draw(st.integers(1, 8))] if op == "~" else held
        value = value.upper() if draw(st.booleans()) else value
    name = draw(st.sampled_from([NAMES[field], field, NAMES[field].upper()]))
    return field, op, value, name + op + (value or '""')




async def found_ids(store_kind: str, texts: list[str], *, box: bool, sortby: str | None,
                    findings: Findings | None) -> list[str]:
    asgi, base = store(store_kind)
    where = parse_box(" ".join(texts)) if box else parse_terms(texts)
    ids: list[str] = []
    async with client_of(asgi, base) as client:
        scan = MatchScan(client, where, sortby=sortby,  # type: ignore[arg-type]
                         findings=findings)
        pages = scan.pages()
        async with contextlib.aclosing(pages):
            async for found in pages:
                assert found.unreadable == 0
                ids += [record.download_id for record in found.records]
    return ids


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), store_kind=st.sampled_from(["plain", "wordpress-query"]),
       sortby=st.sampled_from([None, "product_id", IGNORED_SORT]), narrowed=st.booleans(),
       box=st.booleans())
def test_the_matches_are_exactly_what_the_reference_picks(
        data: st.DataObject, store_kind: str, sortby: str | None, narrowed: bool,
        box: bool) -> None:
    records = every_record(store_kind)
    chosen = data.draw(st.lists(terms(records), min_size=1, max_size=3), label="terms")
    texts = [term[3] for term in chosen]
    expected = {record["download_id"] for record in records
                if all(reference(record, *term[:3]) for term in chosen)}
    findings = findings_of(store_kind) if narrowed else None
    ids = asyncio.run(found_ids(store_kind, texts, box=box, sortby=sortby, findings=findings))
    assert len(ids) == len(set(ids)), "a match was given twice"
    assert set(ids) == expected


async def _scan(store_kind: str, text: str, findings: Findings | None
                ) -> tuple[list[Download], RecordingTransport]:
    asgi, base = store(store_kind)
    transport = RecordingTransport(httpx.ASGITransport(app=asgi))
    async with client_of(asgi, base, transport) as client:
        scan = MatchScan(client, parse_box(text), findings=findings)
        records = [record async for found in scan.pages() for record in found.records]
    return records, transport


async def test_the_stores_search_narrows_when_findings_say_it_covers_the_field(
        store_kind: str) -> None:
    narrowed, asked = await _scan(store_kind, "product=5725", await _probe(store_kind))
    every, read_all = await _scan(store_kind, "product=5725", None)
    assert {r.download_id for r in narrowed} == {r.download_id for r in every}
    assert narrowed and all(r.product_id == 5725 for r in narrowed)
    # The search, and the list's first page beside it to see the store's page size.
    assert sorted(str(p.get("search")) for p in asked.list_params()) == ["5725", "None"]
    assert {p.get("search") for p in read_all.list_params()} == {None}
    assert len(read_all.list_params()) > RECORDS // CAP


async def test_an_id_term_reads_that_one_record(store_kind: str) -> None:
    wanted = (await _read_every_record(store_kind))[7]["download_id"]
    records, transport = await _scan(store_kind, f"id={wanted}", None)
    assert [record.download_id for record in records] == [wanted]
    assert transport.list_params() == [] and transport.count("GET") == 1
    records, _ = await _scan(store_kind, f"id={wanted} count>999", None)
    assert records == []
    records, _ = await _scan(store_kind, "id=nosuchdownload", None)
    assert records == []
