"""What the client does with what real hosts do to the API, against the sandbox's
switches for each (in-process, and over a loopback socket where the wire matters):
a dropped Authorization header, a page-size maximum enforced with 400, a plugin
printing around the JSON, HTML error pages and PHP's fatal error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.conftest import STORE_ROOTS, Sandbox, api_root, route
from tests.fakes import RECORD, ScriptedStore, answering
from tui.api import DownloadsClient, ListQuery
from tui.api.errors import (
    AuthError,
    HeaderOrCredentials,
    KeysRefused,
    NotJson,
    PhpFatalError,
    ServerError,
)
from tui.api.json_reading import read_json
from tui.api.page_sizes import maximum_named
from tui.api.remarks import TEXT_AROUND
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, create_app
from tui.sandbox.hosts import FATAL_PAGE
from tui.sandbox.server import running_server

FIXES = ("CGIPassAuth On", "RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]",
         "fastcgi_param HTTP_AUTHORIZATION $http_authorization;")


def sent(sandbox: Sandbox) -> list[tuple[str, str, bool]]:
    """Each request as (method, resource, whether it carried credentials)."""
    return [(request.method, route(request).rsplit("/v1", 1)[-1],
             "authorization" in request.headers) for request in sandbox.transport.requests]


# -- a dropped Authorization header ---------------------------------------------


async def test_a_dropped_header_is_named_beside_wrong_keys_with_the_fix(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=5, store=store_kind, drop_authorization=True)
    async with sandbox.client() as client:
        with pytest.raises(HeaderOrCredentials) as refused:
            await client.list()
    message = str(refused.value)
    status = "401" if store_kind != "plain" else "400"
    assert message.startswith(f"The store refused the token and secret key ({status}")
    assert ("exactly as it refuses a request without them: either they are wrong, or the web "
            "server drops the Authorization header before the store sees it.") in message
    assert refused.value.hint.startswith("Check the token and secret key in the store's admin")
    assert all(fix in refused.value.hint for fix in FIXES)
    assert sent(sandbox) == [("GET", "/downloads", True), ("GET", "/downloads", False)]


async def test_a_refused_write_is_compared_with_a_read_never_sent_again(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=5, store=store_kind, drop_authorization=True)
    async with sandbox.client() as client:
        with pytest.raises(HeaderOrCredentials):
            await client.update("abc123", {"download_count": 0})
    assert sent(sandbox) == [("PATCH", "/downloads/abc123", True),
                             ("GET", "/downloads/abc123", False)]


async def test_the_keys_are_named_alone_where_the_store_shows_it_reads_the_header() -> None:
    def store(request: httpx.Request) -> httpx.Response:
        if "authorization" not in request.headers:
            return httpx.Response(401, json={"code": "rest_not_logged_in",
                                             "message": "You are not currently logged in."})
        return httpx.Response(401, json={"code": "rest_forbidden", "message": "Bad key."})

    async with ScriptedStore(store).client() as client:
        with pytest.raises(AuthError) as refused:
            await client.test_auth()
    assert type(refused.value) is KeysRefused
    assert str(refused.value) == "The store refused the token and secret key (401): Bad key."
    assert not any(fix in refused.value.hint for fix in FIXES)


@pytest.mark.parametrize("failing", ["refused", "503"])
async def test_when_the_answer_without_credentials_tells_nothing_both_causes_are_named(
    failing: str,
) -> None:
    def store(request: httpx.Request) -> httpx.Response:
        if "authorization" in request.headers:
            return httpx.Response(401, json={"code": "rest_forbidden"})
        if failing == "refused":
            raise httpx.ConnectError("connection refused")
        return httpx.Response(503, text="Service Unavailable")

    async with ScriptedStore(store).client(retries=0) as client:
        with pytest.raises(HeaderOrCredentials) as refused:
            await client.list()
    assert str(refused.value) == (
        "The store refused the token and secret key (401): either they are wrong, or the web "
        "server drops the Authorization header before the store sees it.")


# -- a page-size maximum, enforced with 400 ---------------------------------------


async def test_a_refused_page_size_is_lowered_to_the_maximum_named_and_asked_again(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=95, store=store_kind, refuse_perpage_over=30)
    async with sandbox.client() as client:
        page = await client.list(ListQuery(perpage=50))
        assert (client.page_sizes.cap, client.page_sizes.refused_over) == (30, 30)
        second = await client.list(ListQuery(page=2, perpage=50))
    held = await sandbox.asgi.state.store.list(1, 100)
    assert [record.download_id for record in page.records] == [
        record["download_id"] for record in held[:30]]
    assert (page.perpage, page.has_more) == (30, True)
    assert second.records[0].download_id == held[30]["download_id"]
    assert [params["perpage"] for params in sandbox.transport.list_params()] == ["50", "30", "30"]


async def test_every_page_of_a_store_refusing_over_30_is_read_once(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=95, store=store_kind, refuse_perpage_over=30)
    async with sandbox.client(concurrency=3) as client:
        ids = [record.download_id async for page in client.iter_pages(ListQuery(perpage=100))
               for record in page.records]
    held = await sandbox.asgi.state.store.list(1, 100)
    assert ids == [record["download_id"] for record in held]
    asked = [(params["page"], params["perpage"]) for params in sandbox.transport.list_params()]
    assert asked[:2] == [("1", "100"), ("1", "30")]
    # Refused once: every page after it is asked for at the maximum (some past the end,
    # read ahead and cancelled).
    assert {perpage for _, perpage in asked[2:]} == {"30"}
    assert len(asked[2:]) == len(set(asked[2:]))  # and each page once
    assert {page for page, _ in asked[2:]} >= {"2", "3", "4"}


@pytest.mark.parametrize(("reason", "most"), [
    ("perpage must be between 1 (inclusive) and 30 (inclusive)", 30),
    ("perpage must be between 0 (exclusive) and 31 (exclusive)", 30),
    ("perpage must be between 1 and 100", 100),
    ("perpage must be less than or equal to 25", 25),
    ("perpage must be less than 26", 25),
    ("perpage is at most 40", 40),
    ("perpage is not of type integer.", None),
    ("perpage must be between 1 (inclusive) and " + "9" * 5000 + " (inclusive)", None),
])
def test_the_maximum_a_refusal_names(reason: str, most: int | None) -> None:
    assert maximum_named(reason) == most


async def test_a_refusal_that_names_no_smaller_maximum_is_the_refusal() -> None:
    body = {"code": "rest_invalid_param", "message": "Invalid parameter(s): perpage",
            "data": {"status": 400, "params": {"perpage": "perpage is not of type integer."}}}
    store = answering(400, body)
    async with store.client() as client:
        with pytest.raises(Exception, match="rejected perpage"):
            await client.list(ListQuery(perpage=50))
    assert len(store.requests) == 1


# -- text printed around the JSON ---------------------------------------------------


@pytest.mark.parametrize("where", ["before", "after", "both"])
async def test_text_around_the_json_is_skipped_and_said_once(
    make_sandbox: Callable[..., Sandbox], store_kind: str, where: str
) -> None:
    sandbox = make_sandbox(records=12, store=store_kind, print_around_json=where)
    heard: list[str] = []
    async with sandbox.client() as client:
        client.remarks.listen(heard.append)
        page = await client.list(ListQuery(perpage=5))
        first = page.records[0]
        assert (await client.get(first.download_id)).download_id == first.download_id
        created = await client.create({"order_id": 77, "download_file_name": "new.zip"})
        edited = await client.update(created.download_id, {"download_count": 4})
        deleted = await client.delete(first.download_id)
        assert await client.test_auth()
    assert len(page.records) == 5 and edited.download_count == 4
    assert deleted.download_id == first.download_id
    assert heard == client.remarks.said == [TEXT_AROUND]
    assert (await sandbox.holds(created.download_id)).download_count == 4
    assert await sandbox.holds(first.download_id) is None


@pytest.mark.parametrize(("body", "value"), [
    (b'<!-- cache -->\n[{"a": 1}]', [{"a": 1}]),
    (b'[{"a": 1}]\n<!-- Page cached by X on [2025] -->', [{"a": 1}]),
    (b'<b>Notice</b>: key [1] in x.php<br />\n{"code": "rest_forbidden"}\n',
     {"code": "rest_forbidden"}),
    (b'[{"a": 1}, {"b": 2}, {"c"', None),  # cut off: its records are not the answer
    (b'<!DOCTYPE html><html><script>{"page": "settings"}</script></html>', None),
    (b"[" * 50_000, None),
])
def test_json_is_found_within_printed_text_only(body: bytes, value: Any) -> None:
    read = read_json(body)
    assert (read.found, read.value, read.skipped) == (value is not None, value, value is not None)


async def test_an_answer_without_json_blames_the_url_only_while_nothing_showed_the_api() -> None:
    page = "<html><body><h1>Please log in</h1><p>Members only.</p></body></html>"
    answers = iter([httpx.Response(200, text=page), httpx.Response(200, json=[RECORD]),
                    httpx.Response(200, text=page), httpx.Response(200, text=page)])
    async with ScriptedStore(lambda request: next(answers)).client(retries=0) as client:
        with pytest.raises(NotJson) as first:
            await client.list()
        await client.list()
        with pytest.raises(NotJson) as later:
            await client.list()
        with pytest.raises(NotJson) as write:
            await client.update("abc123", {"download_count": 0})
    said = [f"{error.value} {error.value.hint}".strip() for error in (first, later, write)]
    assert said[0] == ("The store's answer was not JSON (it read “Please log in Members "
                       "only.”): check that the URL points at the store's API root.")
    assert said[1] == ("The store's answer was not JSON (it read “Please log in Members "
                       "only.”), though its API has answered: a plugin or the web server sent "
                       "this answer in its place.")
    assert said[2].endswith("; the change may have been made, so look before making it again.")
    assert all(text.count("not JSON") == 1 and "URL" not in text for text in said[1:])


# -- error pages and PHP's fatal error ----------------------------------------------


@pytest.mark.parametrize(("answer", "words"), [
    (httpx.Response(500, text="<html><head><title>500 Internal Server Error</title><style>"
                              "p {}</style></head><body><h1>Internal Server Error</h1><p>The "
                              "server encountered an internal error.</p></body></html>"),
     "The store had an internal error (500): Internal Server Error The server encountered "
     "an internal error."),
    (httpx.Response(500, json={"code": "db", "message": "<p>Database <b>is</b>\n locked</p>"}),
     "The store had an internal error (500): Database is locked."),
    (httpx.Response(503, text="<p>" + "Down for maintenance. " * 20 + "</p>"),
     "The store had an internal error (503): " + ("Down for maintenance. " * 8)[:159 - 39]),
], ids=["apache-page", "json-html-message", "long-page"])
async def test_an_html_error_is_shown_as_its_text_on_one_line(answer: httpx.Response,
                                                              words: str) -> None:
    async with ScriptedStore(lambda request: answer).client(retries=0) as client:
        with pytest.raises(ServerError) as failed:
            await client.get("abc123")
    message = str(failed.value)
    assert message.startswith(words.rstrip())
    assert "<" not in message and "\n" not in message and len(message) <= 200


async def test_wordpress_critical_error_is_a_php_fatal_error_asked_once(
    make_sandbox: Callable[..., Sandbox], store_kind: str
) -> None:
    sandbox = make_sandbox(records=5, store=store_kind, fatal_error=True)
    async with sandbox.client() as client:
        with pytest.raises(PhpFatalError) as failed:
            await client.list()
    assert str(failed.value) == ("The store's PHP code stopped with a fatal error (500): There "
                                 "has been a critical error on this website. Learn more about "
                                 "troubleshooting WordPress.")
    assert "error log" in failed.value.hint and "try again" not in failed.value.hint.lower()
    assert len(sandbox.transport.requests) == 1


async def test_the_critical_error_page_is_a_php_fatal_error_too() -> None:
    store = answering(500, text=FATAL_PAGE, headers={"Content-Type": "text/html"})
    async with store.client() as client:
        with pytest.raises(PhpFatalError, match="There has been a critical error on this "
                                                "website. Learn more about troubleshooting"):
            await client.list()
    assert len(store.requests) == 1


# -- the same, over a loopback socket -----------------------------------------------


@pytest.mark.parametrize("store", ["wordpress", "wordpress-query"])
def test_over_a_socket_a_real_host_costs_only_a_warning(store: str) -> None:
    import asyncio

    app = create_app(records=70, flavor=STORE_ROOTS[store][0], refuse_perpage_over=30,
                     print_around_json="both")
    dropping = create_app(records=3, flavor=STORE_ROOTS[store][0], drop_authorization=True)

    async def use(root: str, dropped_root: str) -> dict[str, Any]:
        async with DownloadsClient(root, DEFAULT_TOKEN, DEFAULT_SECRET, backoff=0) as client:
            ids = [record.download_id async for page in client.iter_pages(ListQuery())
                   for record in page.records]
            created = await client.create({"order_id": 5})
            said = list(client.remarks.said)
        async with DownloadsClient(dropped_root, DEFAULT_TOKEN, DEFAULT_SECRET) as client:
            try:
                await client.test_auth()
            except HeaderOrCredentials as refused:
                dropped = str(refused)
        return {"ids": ids, "created": created.download_id, "said": said, "dropped": dropped}

    with running_server(app) as site, running_server(dropping) as other:
        seen = asyncio.run(use(api_root(site, store), api_root(other, store)))
        held = asyncio.run(app.state.store.list(1, 100))
    assert seen["ids"] == [record["download_id"] for record in held if
                           record["download_id"] != seen["created"]]
    assert seen["created"] in {record["download_id"] for record in held}
    assert seen["said"] == [TEXT_AROUND]
    assert "(401: Sorry, you are not allowed to do that) exactly as" in seen["dropped"]
