"""`GET /downloads`: paging, sorting, searching and the optional total headers, in
both flavours; where they differ, what each does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.sandbox.support import (
    ONLY_PLAIN,
    ONLY_WORDPRESS,
    Site,
    all_records,
    assert_error,
    each_site,  # noqa: F401 (the `site` fixture)
    matches_search,
    open_client,
    open_site,
    typed,
)
from tui.api.models import FIELDS

RECORDS = 250


@pytest.fixture
async def client(site: Site) -> AsyncIterator[httpx.AsyncClient]:
    async with open_site(site, records=RECORDS) as client:
        yield client


@pytest.fixture
async def everything(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    return await all_records(client)


async def test_answer_is_a_bare_array_of_records_without_totals(
    client: httpx.AsyncClient, site: Site
) -> None:
    response = await client.get("/downloads")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list) and len(body) == 50  # the default perpage
    assert all(list(record) == list(site.fields) for record in body)
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


MALFORMED = [
    ("page", "0"),
    ("page", "-1"),
    ("page", "x"),
    ("page", "1.5"),
    ("page", ""),
    ("page", "1e3"),
    ("perpage", "0"),
    ("perpage", "-5"),
    ("perpage", "ten"),
    ("perpage", "10.0"),
    ("perpage", " 10"),
    ("perpage", "9" * 5000),
]
#: What the reference does not allow, and a WordPress store takes all the same.
BEYOND_THE_REFERENCE = [
    ("perpage", "101"),
    ("sortby", "price"),
    ("sortby", ""),
    ("sortby", "DOWNLOAD_ID"),
    ("sortdir", "UP"),
    ("sortdir", ""),
]


async def _assert_refused_naming(client: httpx.AsyncClient, name: str, value: str) -> None:
    response = await client.get("/downloads", params={name: value})
    body = assert_error(response, 400, "rest_invalid_param", name)
    assert body["message"] == f"Invalid parameter(s): {name}"


@pytest.mark.parametrize(("name", "value"), MALFORMED)
async def test_a_malformed_page_or_perpage_is_named(
    client: httpx.AsyncClient, name: str, value: str
) -> None:
    await _assert_refused_naming(client, name, value)


@ONLY_PLAIN
@pytest.mark.parametrize(("name", "value"), BEYOND_THE_REFERENCE)
async def test_plain_names_what_the_reference_does_not_allow(
    client: httpx.AsyncClient, name: str, value: str
) -> None:
    await _assert_refused_naming(client, name, value)


@ONLY_WORDPRESS
@pytest.mark.parametrize(("name", "value"), BEYOND_THE_REFERENCE)
async def test_wordpress_takes_what_the_reference_does_not_allow(
    client: httpx.AsyncClient, everything: list[dict[str, Any]], name: str, value: str
) -> None:
    response = await client.get("/downloads", params={"perpage": "100", name: value})
    assert response.status_code == 200, response.text
    assert response.json() == everything[:100]


@ONLY_PLAIN
async def test_every_bad_parameter_is_named_at_once(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/downloads", params={"page": 0, "perpage": 500, "sortby": "x", "sortdir": "y"}
    )
    body = assert_error(response, 400, "rest_invalid_param", "page", "perpage", "sortby", "sortdir")
    assert body["data"]["params"]["perpage"] == "perpage must be between 1 and 100"


@ONLY_WORDPRESS
async def test_wordpress_names_only_a_malformed_page_and_perpage(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(
        "/downloads", params={"page": 0, "perpage": "x", "sortby": "x", "sortdir": "y"}
    )
    body = assert_error(response, 400, "rest_invalid_param", "page", "perpage")
    assert body["data"]["params"]["perpage"] == "perpage must be an integer"


@ONLY_WORDPRESS
@pytest.mark.parametrize("perpage", [101, 500, 10**30])
async def test_wordpress_serves_a_perpage_over_the_cap_as_the_cap(
    client: httpx.AsyncClient, everything: list[dict[str, Any]], perpage: int
) -> None:
    for page in (1, 2):
        response = await client.get("/downloads", params={"perpage": perpage, "page": page})
        assert response.json() == everything[(page - 1) * 100 : page * 100]


async def test_unknown_query_parameters_are_ignored(client: httpx.AsyncClient) -> None:
    response = await client.get("/downloads", params={"perpage": 5, "orderby": "x", "_fields": "y"})
    assert response.status_code == 200 and len(response.json()) == 5


async def test_a_lower_cap_pages_through_every_record_once(site: Site) -> None:
    """A store that serves 30 a page, asked for 100: every page is 30 long (page 2 is
    rows 31-60), and asking on to the empty page gives each record exactly once."""
    async with open_site(site, records=240) as uncapped:
        rows = await all_records(uncapped)
    async with open_site(site, records=240, perpage_cap=30, totals=True) as capped:
        pages = []
        for page in range(1, 20):
            response = await capped.get("/downloads", params={"page": page, "perpage": 100})
            assert response.headers["x-wp-totalpages"] == "8"
            pages.append(response.json())
            if not pages[-1]:
                break
    assert [len(page) for page in pages] == [30] * 8 + [0]
    assert pages[1] == rows[30:60]
    assert [record for page in pages for record in page] == rows


@pytest.mark.parametrize("cap", [0, -1])
def test_a_cap_below_one_is_refused(site: Site, cap: int) -> None:
    with pytest.raises(ValueError, match="perpage_cap"):
        site.app(records=1, perpage_cap=cap)


def sort_key(field: str) -> Callable[[dict[str, Any]], tuple[Any, str]]:
    """The order the store must give: by the field (as the reference types it), then by
    download_id."""
    return lambda record: (typed(record)[field], record["download_id"])


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
        values = [typed(record)[field] for record in everything]
        assert len(set(values)) < len(values), field


async def test_numbers_sort_as_numbers_not_as_text(everything: list[dict[str, Any]]) -> None:
    """So sorting a WordPress store's strings ("673" before "4426") is really tested."""
    product_ids = [typed(record)["product_id"] for record in everything]
    assert sorted(product_ids) != sorted(product_ids, key=str)


async def test_sortdir_alone_flips_the_default_order(
    client: httpx.AsyncClient, everything: list[dict[str, Any]]
) -> None:
    assert await all_records(client, sortdir="DESC") == everything[::-1]


@ONLY_WORDPRESS
async def test_wordpress_ignores_an_unknown_sort_term_and_direction(
    client: httpx.AsyncClient, everything: list[dict[str, Any]]
) -> None:
    for sortdir in ("DESC", "ASC", "sideways"):
        assert await all_records(client, sortby="price", sortdir=sortdir) == everything
    by_order = sorted(everything, key=sort_key("order_id"))
    assert await all_records(client, sortby="order_id", sortdir="sideways") == by_order


def search_terms(everything: list[dict[str, Any]]) -> dict[str, str]:
    """Terms that hit each search rule, taken from the data itself."""
    some = typed(everything[17])
    return {
        "download_id": some["download_id"][2:9].upper(),
        "file_name": some["download_file_name"].split(".")[0][-8:].upper(),
        "file_name_only": "ALBUM-",  # amazon keys say products/music/, not album-
        "product_id": str(some["product_id"]),
        "order_id": str(some["order_id"]),
        "part_of_an_order_id": str(some["order_id"])[1:4],
    }


@pytest.mark.parametrize("rule", ["download_id", "file_name", "file_name_only", "product_id",
                                  "order_id", "part_of_an_order_id"])
async def test_search_follows_the_rule(
    client: httpx.AsyncClient, site: Site, everything: list[dict[str, Any]], rule: str
) -> None:
    term = search_terms(everything)[rule]
    found = await all_records(client, search=term)
    expected = [record for record in everything if matches_search(record, term, site.flavor)]
    assert found == expected
    assert found or (rule, site.flavor) == ("part_of_an_order_id", "plain"), term


async def test_only_plain_searches_the_amazon_key(
    client: httpx.AsyncClient, site: Site, everything: list[dict[str, Any]]
) -> None:
    on_amazon = [record for record in everything if typed(record)["is_amazon"]]
    found = await all_records(client, search="PRODUCTS/")
    assert found == (on_amazon if site.flavor == "plain" else [])
    assert on_amazon


async def test_a_number_matches_exactly_in_plain_and_as_a_substring_in_wordpress(
    client: httpx.AsyncClient, site: Site, everything: list[dict[str, Any]]
) -> None:
    order_id = typed(everything[0])["order_id"]
    found = await all_records(client, search=str(order_id)[:-1])
    has_the_order = any(typed(record)["order_id"] == order_id for record in found)
    assert has_the_order == (site.flavor == "wordpress")
    assert everything[0] in await all_records(client, search=str(order_id))


async def test_search_pages_and_sorts_like_the_full_list(
    client: httpx.AsyncClient, site: Site, everything: list[dict[str, Any]]
) -> None:
    term = "E"
    found = await all_records(client, search=term, sortby="date_created", sortdir="DESC")
    expected = sorted(
        (record for record in everything if matches_search(record, term, site.flavor)),
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


async def test_total_headers_only_when_asked_for(site: Site) -> None:
    app = site.app(records=123, totals=True)
    async with open_client(app, form=site.form) as client:
        response = await client.get("/downloads", params={"perpage": 50})
        assert response.headers["x-wp-total"] == "123"
        assert response.headers["x-wp-totalpages"] == "3"
        searched = await client.get("/downloads", params={"perpage": 7, "search": "album-"})
        total = int(searched.headers["x-wp-total"])
        assert total == len(await all_records(client, search="album-")) > 7
        assert searched.headers["x-wp-totalpages"] == str(-(-total // 7))
        nothing = await client.get("/downloads", params={"search": "no-such-thing"})
        assert (nothing.headers["x-wp-total"], nothing.headers["x-wp-totalpages"]) == ("0", "0")
        app.state.totals = False
        plain = await client.get("/downloads")
        assert "x-wp-total" not in plain.headers and "x-wp-totalpages" not in plain.headers
