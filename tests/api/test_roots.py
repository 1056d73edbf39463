"""Both forms of a WordPress API root: the path form (pretty permalinks) and the
query form (`?rest_route=`, plain permalinks), for every request the client makes."""

from __future__ import annotations

import httpx
import pytest

from tests.fakes import RECORD, SECRET, TOKEN, ScriptedStore
from tui.api import DownloadsClient, ListQuery, NotFound
from tui.api.errors import WrongApiRoot
from tui.api.root import ApiRoot, display_url

QUERY_ROOT = "https://shop.example.com/?rest_route=/wp-easycart/v1"
PATH_ROOT = "https://shop.example.com/wp-json/wp-easycart/v1"
ODD_ID = "a/b c?%"


def _store() -> ScriptedStore:
    def answer(request: httpx.Request) -> httpx.Response:
        route = request.url.params.get("rest_route", request.url.path)
        if route.endswith("/authenticate/test"):
            return httpx.Response(200, json={"authenticated": True})
        listing = request.method == "GET" and route.endswith("/downloads")
        return httpx.Response(200, json=[RECORD] if listing else RECORD)

    return ScriptedStore(answer)


async def _every_request(root: str) -> tuple[ScriptedStore, str]:
    store = _store()
    async with DownloadsClient(root, TOKEN, SECRET,
                               transport=httpx.MockTransport(store.handler)) as client:
        await client.list(ListQuery(page=2, perpage=30, sortby="order_id", search="a b&c"))
        await client.get(ODD_ID)
        await client.create({"product_id": 1})
        await client.update(ODD_ID, {"download_count": 0})
        await client.delete(ODD_ID)
        reached = await client.test_auth()
    return store, reached


async def test_the_query_form_puts_the_resource_in_rest_route_and_parameters_beside_it() -> None:
    store, reached = await _every_request(QUERY_ROOT)
    seen = [(r.method, r.url.path, dict(r.url.params)) for r in store.requests]
    record_route = "/wp-easycart/v1/downloads/a%2Fb%20c%3F%25"
    assert seen == [
        ("GET", "/", {"rest_route": "/wp-easycart/v1/downloads", "page": "2", "perpage": "30",
                      "sortby": "order_id", "sortdir": "ASC", "search": "a b&c"}),
        ("GET", "/", {"rest_route": record_route}),
        ("POST", "/", {"rest_route": "/wp-easycart/v1/downloads"}),
        ("PATCH", "/", {"rest_route": record_route}),
        ("DELETE", "/", {"rest_route": record_route}),
        ("POST", "/", {"rest_route": "/wp-easycart/v1/authenticate/test"}),
    ]
    assert reached == f"{QUERY_ROOT}/authenticate/test"


async def test_the_path_form_adds_the_resource_to_the_path() -> None:
    store, reached = await _every_request(PATH_ROOT)
    seen = [(r.method, r.url.raw_path.decode().split("?")[0]) for r in store.requests]
    record = "/wp-json/wp-easycart/v1/downloads/a%2Fb%20c%3F%25"
    assert seen == [
        ("GET", "/wp-json/wp-easycart/v1/downloads"), ("GET", record),
        ("POST", "/wp-json/wp-easycart/v1/downloads"), ("PATCH", record), ("DELETE", record),
        ("POST", "/wp-json/wp-easycart/v1/authenticate/test"),
    ]
    assert dict(store.requests[0].url.params)["search"] == "a b&c"
    assert reached == f"{PATH_ROOT}/authenticate/test"


@pytest.mark.parametrize(("given", "route", "shown"), [
    (QUERY_ROOT, "/wp-easycart/v1", QUERY_ROOT),
    (QUERY_ROOT + "/", "/wp-easycart/v1", QUERY_ROOT),
    ("https://shop.example.com/index.php?rest_route=%2Fwp-easycart%2Fv1%2F&lang=en",
     "/wp-easycart/v1", "https://shop.example.com/index.php?rest_route=/wp-easycart/v1&lang=en"),
    (PATH_ROOT + "/", None, PATH_ROOT),
    ("https://user:pw@shop.example.com/wp-json/wp-easycart/v1", None, PATH_ROOT),
])
def test_a_root_is_read_in_either_form_and_shown_as_people_write_it(
        given: str, route: str | None, shown: str) -> None:
    root = ApiRoot.parse(given)
    assert (root.route, root.shown(), display_url(given)) == (route, shown, shown)


def test_other_parameters_of_a_query_root_stay_beside_rest_route() -> None:
    root = ApiRoot.parse("https://shop.example.com/index.php?rest_route=/wp-easycart/v1&lang=en")
    url = root.url("downloads", params={"page": 1})
    assert url.path == "/index.php"
    assert dict(url.params) == {"rest_route": "/wp-easycart/v1/downloads", "lang": "en",
                                "page": "1"}


@pytest.mark.parametrize(("given", "pretty", "plain"), [
    (PATH_ROOT, PATH_ROOT, QUERY_ROOT),
    (QUERY_ROOT, PATH_ROOT, QUERY_ROOT),
    ("https://shop.example.com/wp-json/wp-easycart/v1/downloads", PATH_ROOT, QUERY_ROOT),
    ("https://example.com/shop/index.php?rest_route=/wp-easycart/v1",
     "https://example.com/shop/wp-json/wp-easycart/v1",
     "https://example.com/shop/?rest_route=/wp-easycart/v1"),
    ("https://shop.example.com", PATH_ROOT, QUERY_ROOT),
])
def test_a_wrong_root_suggests_both_forms_for_its_site(given: str, pretty: str, plain: str) -> None:
    assert ApiRoot.parse(given).suggestions() == (pretty, plain)


NO_ROUTE = {"code": "rest_no_route",
            "message": "No route was found matching the URL and request method.",
            "data": {"status": 404}}


@pytest.mark.parametrize("call", [
    lambda c: c.list(), lambda c: c.test_auth(), lambda c: c.create({"product_id": 1}),
], ids=["list", "check", "create"])
@pytest.mark.parametrize("body", [NO_ROUTE, {"code": "anything"}, "<html>Not Found</html>"],
                         ids=["rest_no_route", "other-404", "html-404"])
async def test_a_404_on_the_collection_says_the_url_is_not_the_api_root(call, body) -> None:
    store = ScriptedStore(lambda request: httpx.Response(404, json=body) if isinstance(body, dict)
                          else httpx.Response(404, text=body))
    async with DownloadsClient("https://shop.example.com/downloads-api", TOKEN, SECRET,
                               transport=httpx.MockTransport(store.handler)) as client:
        with pytest.raises(WrongApiRoot) as caught:
            await call(client)
    assert str(caught.value).startswith(
        "There is no Downloads API at https://shop.example.com/downloads-api (")
    assert caught.value.hint == (
        "Try https://shop.example.com/downloads-api/wp-json/wp-easycart/v1 (pretty permalinks)"
        " or https://shop.example.com/downloads-api/?rest_route=/wp-easycart/v1 (plain "
        "permalinks, always works); the root is the URL before /downloads.")
    assert "deleted" not in f"{caught.value} {caught.value.hint}"


async def test_a_404_for_one_record_is_a_record_gone_unless_there_is_no_route() -> None:
    gone = ScriptedStore(lambda r: httpx.Response(404, json={
        "code": "rest_download_invalid_id", "message": "Invalid download ID.",
        "data": {"status": 404}}))
    no_route = ScriptedStore(lambda r: httpx.Response(404, json=NO_ROUTE))
    async with gone.client() as client:
        with pytest.raises(NotFound) as caught:
            await client.get("abc123")
    assert str(caught.value) == "Not found: Invalid download ID."
    assert caught.value.hint == ("It may have been deleted (deleting an order deletes its "
                                 "downloads too).")
    async with no_route.client() as client:
        with pytest.raises(WrongApiRoot):
            await client.delete("abc123")
