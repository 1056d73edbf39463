"""The `wordpress` flavour as a site: the API under both forms of a WordPress REST root,
what the rest of the site answers, and ids of any characters a real store may hold.

(What it shares with the plain flavour, or does differently within the API, is tested
for both flavours in the other test_sandbox_* files.)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.sandbox.support import (
    BEARER,
    NAMESPACE,
    ONLY_WORDPRESS,
    PRETTY_ROOT,
    SOME_ID,
    Site,
    add_download,
    assert_error,
    open_client,
    record_path,
)
from tui.sandbox import WP_NAMESPACE, create_app
from tui.sandbox.server import running_server

NO_ROUTE = {
    "code": "rest_no_route",
    "message": "No route was found matching the URL and request method.",
    "data": {"status": 404},
}


@pytest.fixture
async def site_client() -> AsyncIterator[httpx.AsyncClient]:
    """A client at the site's root, to write every URL out in full."""
    async with open_client(create_app(records=100, flavor="wordpress")) as client:
        yield client


def test_the_namespace_is_the_plugins() -> None:
    assert WP_NAMESPACE == NAMESPACE == "/wp-easycart/v1"


def test_an_unknown_flavour_is_refused() -> None:
    with pytest.raises(ValueError, match="wordpress"):
        create_app(records=1, flavor="shopify")  # type: ignore[arg-type]


async def test_both_forms_of_the_api_root_give_the_same_records(
    site_client: httpx.AsyncClient,
) -> None:
    query = {"page": "2", "perpage": "30", "sortby": "date_created", "sortdir": "DESC"}
    pretty = await site_client.get(f"{PRETTY_ROOT}/downloads", params=query)
    assert pretty.status_code == 200 and len(pretty.json()) == 30
    for root in ("/", "/index.php"):
        plain_permalinks = await site_client.get(
            root, params={"rest_route": f"{NAMESPACE}/downloads", **query}
        )
        assert plain_permalinks.json() == pretty.json(), root
    some_id = pretty.json()[3]["download_id"]
    one = await site_client.get(f"{PRETTY_ROOT}/downloads/{some_id}")
    same = await site_client.get(f"/?rest_route={NAMESPACE}/downloads/{some_id}")
    assert one.json() == same.json() == pretty.json()[3]


async def test_the_requests_own_parameters_sit_beside_rest_route(
    site_client: httpx.AsyncClient,
) -> None:
    expected = (await site_client.get(f"{PRETTY_ROOT}/downloads?page=2&perpage=30")).json()
    for url in (
        f"/?rest_route={NAMESPACE}/downloads&page=2&perpage=30",
        f"/?page=2&rest_route={NAMESPACE}/downloads&perpage=30",
        "/index.php?perpage=30&page=2&rest_route=%2Fwp-easycart%2Fv1%2Fdownloads",
    ):
        response = await site_client.get(url)
        assert response.status_code == 200 and response.json() == expected, url
    first = (await site_client.get(f"{PRETTY_ROOT}/downloads?perpage=30")).json()
    assert first != expected


async def test_a_write_through_rest_route_takes_its_body(site_client: httpx.AsyncClient) -> None:
    created = await site_client.post(
        f"/?rest_route={NAMESPACE}/downloads", json={"order_id": 31337}
    )
    assert created.status_code == 200 and created.json()["order_id"] == "31337"
    download_id = created.json()["download_id"]
    fetched = await site_client.get(f"{PRETTY_ROOT}/downloads/{download_id}")
    assert fetched.json() == created.json()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/wp-json/wp/v2/posts"),
        ("GET", "/wp-json/wp-easycart/v2/downloads"),
        ("GET", "/wp-json/wp-easycart/v1"),
        ("GET", "/wp-json/wp-easycart/v1/nope"),
        ("GET", "/wp-json/wp-easycart/v1/downloads/abc/extra"),
        ("GET", "/wp-json/"),
        ("GET", "/wp-json"),
        ("PUT", "/wp-json/wp-easycart/v1/downloads/abc"),
        ("DELETE", "/wp-json/wp-easycart/v1/downloads"),
        ("GET", "/wp-json/wp-easycart/v1/authenticate/test"),
        ("GET", "/?rest_route=/wp/v2/posts"),
        ("GET", "/?rest_route="),
        ("GET", "/?rest_route=/wp-easycart/v1x/downloads"),
        ("GET", "/index.php?rest_route=/wp-easycart/v1/nope"),
        ("PATCH", "/?rest_route=/wp-easycart/v1/downloads"),
    ],
)
async def test_a_rest_route_that_is_not_the_stores_is_rest_no_route(
    site_client: httpx.AsyncClient, method: str, url: str
) -> None:
    response = await site_client.request(method, url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == NO_ROUTE


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/downloads"),
        ("POST", "/downloads"),
        ("GET", f"/downloads/{SOME_ID}"),
        ("POST", "/authenticate/test"),
        ("GET", "/"),
        ("GET", "/index.php"),
        ("GET", "/shop"),
        ("GET", "/wp-easycart/v1/downloads"),
        ("GET", "/wp-jsonx/wp-easycart/v1/downloads"),
        ("GET", "/shop?rest_route=/wp-easycart/v1/downloads"),
        ("GET", "/?route=/wp-easycart/v1/downloads"),
    ],
)
async def test_any_other_page_is_the_themes_html_404(
    site_client: httpx.AsyncClient, method: str, url: str
) -> None:
    response = await site_client.request(method, url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text and "Page not found" in response.text


async def test_the_plain_flavour_has_no_wordpress_paths() -> None:
    async with open_client(create_app(records=5)) as client:
        for url in (f"{PRETTY_ROOT}/downloads", f"/?rest_route={NAMESPACE}/downloads"):
            assert_error(await client.get(url), 404, "rest_no_route")


#: Ids a real store may hold (its column is a varchar(191)), whatever the reference's
#: pattern says; each must reach the handler whole, whichever form the root takes.
ODD_IDS = {
    "one character": "a",
    "191 characters": "x" * 191,
    "slash": "a/b",
    "slashes at the ends": "/ab/",
    "question mark": "what?now",
    "percent": "100%",
    "percent-encoded text": "a%2Fb",
    "spaces": " with  spaces ",
    "plus": "a+b",
    "hash": "#tag",
    "ampersand and equals": "a&page=9",
    "unicode": "über-文件",
    "dash, dot, underscore": "abc-def.ghi_jkl",
}


@ONLY_WORDPRESS
@pytest.mark.parametrize("download_id", ODD_IDS.values(), ids=ODD_IDS.keys())
async def test_any_id_of_1_to_191_characters_is_reachable(
    tmp_path: Path, site: Site, download_id: str
) -> None:
    app = site.app(records=3, db=str(tmp_path / "store.db"))
    await app.state.store.ready()
    add_download(tmp_path / "store.db", download_id)
    async with open_client(app, form=site.form) as client:
        path = record_path(download_id)
        fetched = await client.get(path)
        assert fetched.status_code == 200, fetched.text
        assert fetched.json()["download_id"] == download_id
        patched = await client.patch(path, json={"download_count": 0})
        assert patched.json()["download_id"] == download_id
        assert patched.json()["download_count"] == "0"
        deleted = await client.delete(path)
        assert deleted.json() == patched.json()
        gone = await client.get(path)
        assert gone.status_code == 404 and gone.json()["code"] == "rest_download_invalid_id"


@ONLY_WORDPRESS
@pytest.mark.parametrize("download_id", ["x" * 192, "abc-def", "a/b", "%C3%BCber", SOME_ID])
async def test_an_id_not_in_the_store_is_an_invalid_id_whatever_it_looks_like(
    site: Site, download_id: str
) -> None:
    async with open_client(site.app(records=3), form=site.form) as client:
        response = await client.get(record_path(download_id))
    assert response.status_code == 404
    assert response.json() == site.no_such_download


def test_over_a_real_socket_both_forms_reach_any_id(tmp_path: Path) -> None:
    """uvicorn hands the path over as the client sent it, as a web server does WordPress."""
    db = tmp_path / "store.db"
    app = create_app(records=3, db=str(db), flavor="wordpress")
    asyncio.run(app.state.store.ready())
    download_id = add_download(db, "a/b?c=%20 d")["download_id"]
    with running_server(app) as site_url, httpx.Client(
        base_url=site_url, headers={"Authorization": BEARER}, timeout=5, trust_env=False
    ) as client:
        pretty = client.get(f"{PRETTY_ROOT}{record_path(download_id)}")
        assert pretty.status_code == 200, pretty.text
        assert pretty.json()["download_id"] == download_id
        query = client.get("/", params={"rest_route": NAMESPACE + record_path(download_id)})
        assert query.json() == pretty.json()
        listed = client.get("/", params={"rest_route": f"{NAMESPACE}/downloads", "perpage": 2})
        assert listed.status_code == 200 and len(listed.json()) == 2
        assert client.get("/shop").headers["content-type"].startswith("text/html")
