"""`GET /downloads`: paging, sorting, searching and the optional total headers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.sandbox_support import all_records, assert_error, matches_search, open_client
from tui.api.models import FIELDS
from tui.sandbox import create_app

RECORDS = 250


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with open_client(create_app(records=RECORDS)) as client:
        yield client


@pytest.fixture
async def everything(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    return await all_records(client)


async def test_answer_is_a_bare_array_of_records_without_totals(client: httpx.AsyncClient) -> None:
    response = await client.get("/downloads")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list) and len(body) == 50  # the default perpage
    assert all(list(record) == list(FIELDS) for record in body)
    assert "x-wp-total" not in response.headers
    assert "x-wp-totalpages" not in response.headers


async def test_default_order_is_download_id_ascending(everything: list[dict[str, Any]]) -> None:
    ids = [record["download_id"] for record in everything]
    assert len(ids) == RECORDS == len(set(ids))
    assert ids == sorted(ids)


async def test_pages_split_the_list_and_the_last_is_short(
    client: httpx.AsyncClient, everything: list[dict[str, Any]]
) -> None:
    pages = [
        (await client.get("/downloads", params={"page": page, "perpage": 60})).json()
        for page in range(1, 7)
    ]
    assert [len(page) for page in pages] == [60, 60, 60, 60, 10, 0]
    assert [record for page in pages for record in page] == everything


@pytest.mark.parametrize("perpage", [1, 100])
async def test_perpage_bounds_are_inclusive(client: httpx.AsyncClient, perpage: int) -> None:
    response = await client.get("/downloads", params={"perpage": perpage})
    assert len(response.json()) == perpage


async def test_a_page_far_past_the_end_is_empty(client: httpx.AsyncClient) -> None:
    for page in (10**6, 10**30):
        response = await client.get("/downloads", params={"page": page, "perpage": 100})
        assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page", "0"),
        ("page", "-1"),
        ("page", "x"),
        ("page", "1.5"),
        ("page", ""),
        ("page", "1e3"),
        ("perpage", "0"),
        ("perpage", "101"),
        ("perpage", "-5"),
        ("perpage", "ten"),
        ("perpage", "10.0"),
        ("perpage", " 10"),
        ("perpage", "9" * 5000),
        ("sortby", "price"),
        ("sortby", ""),
        ("sortby", "DOWNLOAD_ID"),
        ("sortdir", "UP"),
        ("sortdir", ""),
    ],
)
async def test_bad_query_parameters_are_named(
    client: httpx.AsyncClient, name: str, value: str
) -> None:
    response = await client.get("/downloads", params={name: value})
    body = assert_error(response, 400, "rest_invalid_param", name)
    assert body["message"] == f"Invalid parameter(s): {name}"


async def test_every_bad_parameter_is_named_at_once(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/downloads", params={"page": 0, "perpage": 500, "sortby": "x", "sortdir": "y"}
    )
    body = assert_error(response, 400, "rest_invalid_param", "page", "perpage", "sortby", "sortdir")
    assert body["data"]["params"]["perpage"] == "perpage must be between 1 and 100"


async def test_unknown_query_parameters_are_ignored(client: httpx.AsyncClient) -> None:
    response = await client.get("/downloads", params={"perpage": 5, "orderby": "x", "_fields": "y"})
    assert response.status_code == 200 and len(response.json()) == 5


def sort_key(field: str) -> Callable[[dict[str, Any]], tuple[Any, str]]:
    """The order the store must give: by the field, then by download_id."""
    return lambda record: (record[field], record["download_id"])


@pytest.mark.parametrize("sortdir", ["ASC", "DESC", "asc", "Desc"])
@pytest.mark.parametrize("sortby", FIELDS)
async def test_sorting_orders_every_field_with_download_id_breaking_ties(
    client: httpx.AsyncClient, everything: list[dict[str, Any]], sortby: str, sortdir: str
) -> None:
    listed = await all_records(client, sortby=sortby, sortdir=sortdir)
    expected = sorted(everything, key=sort_key(sortby), reverse=sortdir.upper() == "DESC")
    assert listed == expected


async def test_ties_exist_so_the_tie_break_is_really_tested(
    everything: list[dict[str, Any]],
) -> None:
    for field in ("product_id", "download_count", "is_amazon", "download_file_name"):
        values = [record[field] for record in everything]
        assert len(set(values)) < len(values), field


async def test_sortdir_alone_flips_the_default_order(
    client: httpx.AsyncClient, everything: list[dict[str, Any]]
) -> None:
    assert await all_records(client, sortdir="DESC") == everything[::-1]


def search_terms(everything: list[dict[str, Any]]) -> dict[str, str]:
    """Terms that hit each search rule, taken from the data itself."""
    some = everything[17]
    on_amazon = next(record for record in everything if record["is_amazon"])
    return {
        "download_id": some["download_id"][2:9].upper(),
        "file_name": some["download_file_name"].split(".")[0][-8:].upper(),
        "file_name_only": "ALBUM-",  # amazon keys say products/music/, not album-
        "amazon_key": on_amazon["amazon_key"].rsplit("/", 1)[0].upper(),
        "product_id": str(some["product_id"]),
        "order_id": str(some["order_id"]),
    }


@pytest.mark.parametrize(
    "rule", ["download_id", "file_name", "file_name_only", "amazon_key", "product_id", "order_id"]
)
async def test_search_follows_the_rule(
    client: httpx.AsyncClient, everything: list[dict[str, Any]], rule: str
) -> None:
    term = search_terms(everything)[rule]
    found = await all_records(client, search=term)
    expected = [record for record in everything if matches_search(record, term)]
    assert found == expected
    assert found, f"{rule}: {term!r} found nothing"


async def test_search_on_amazon_key_finds_what_the_file_name_does_not(
    client: httpx.AsyncClient, everything: list[dict[str, Any]]
) -> None:
    found = await all_records(client, search="PRODUCTS/")
    assert found == [record for record in everything if record["is_amazon"]]


async def test_numeric_search_is_exact_not_a_substring(
    client: httpx.AsyncClient, everything: list[dict[str, Any]]
) -> None:
    order_id = everything[0]["order_id"]
    prefix = str(order_id)[:-1]
    found = await all_records(client, search=prefix)
    assert all(record["order_id"] != order_id for record in found)
    assert await all_records(client, search=str(order_id))


async def test_search_pages_and_sorts_like_the_full_list(
    client: httpx.AsyncClient, everything: list[dict[str, Any]]
) -> None:
    term = "E"
    found = await all_records(client, search=term, sortby="date_created", sortdir="DESC")
    expected = sorted(
        (record for record in everything if matches_search(record, term)),
        key=sort_key("date_created"),
        reverse=True,
    )
    assert found == expected and len(found) > 100


@pytest.mark.parametrize("term", ["no-such-thing", "x" * 300, "9" * 40])
async def test_search_without_matches_is_empty(client: httpx.AsyncClient, term: str) -> None:
    response = await client.get("/downloads", params={"search": term})
    assert response.status_code == 200 and response.json() == []


async def test_search_wildcards_match_literally(client: httpx.AsyncClient) -> None:
    names = ["100%_off.pdf", "100x_off.pdf", "100%aoff.pdf", "back\\slash.pdf", "plain.pdf"]
    for name in names:
        created = await client.post("/downloads", json={"download_file_name": name})
        assert created.status_code == 200
    expectations = {
        "%": {"100%_off.pdf", "100%aoff.pdf"},
        "_": {"100%_off.pdf", "100x_off.pdf"},
        "0%_O": {"100%_off.pdf"},
        "\\": {"back\\slash.pdf"},
        "100_": set(),
    }
    for term, expected in expectations.items():
        found = await all_records(client, search=term)
        assert {record["download_file_name"] for record in found} == expected, term


async def test_empty_search_is_no_filter(
    client: httpx.AsyncClient, everything: list[dict[str, Any]]
) -> None:
    assert await all_records(client, search="") == everything


async def test_total_headers_only_when_asked_for() -> None:
    app = create_app(records=123, totals=True)
    async with open_client(app) as client:
        response = await client.get("/downloads", params={"perpage": 50})
        assert response.headers["x-wp-total"] == "123"
        assert response.headers["x-wp-totalpages"] == "3"
        searched = await client.get("/downloads", params={"perpage": 7, "search": "products/"})
        total = int(searched.headers["x-wp-total"])
        assert total == len(await all_records(client, search="products/"))
        assert searched.headers["x-wp-totalpages"] == str(-(-total // 7))
        nothing = await client.get("/downloads", params={"search": "no-such-thing"})
        assert (nothing.headers["x-wp-total"], nothing.headers["x-wp-totalpages"]) == ("0", "0")
        app.state.totals = False
        plain = await client.get("/downloads")
        assert "x-wp-total" not in plain.headers and "x-wp-totalpages" not in plain.headers
