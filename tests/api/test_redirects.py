"""A redirect is never followed (the credentials would go with it); the message names
where it points, cleaned, and the API URL to use if that is the store's: another
host by name, a same-host move (http to https, another path) by its URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes import SECRET, TOKEN, ScriptedStore
from tests.hostile_support import assert_one_line_failure, isolated_env, run_in_process
from tui.api.client import DownloadsClient, credential_strings
from tui.api.errors import Redirected
from tui.sandbox.server import running_server

ROOT = "http://shop.example.com/wp-json/wp-easycart/v1"
QUERY_ROOT = "http://shop.example.com/?rest_route=/wp-easycart/v1"


def redirecting(location: str | None, status: int = 301) -> ScriptedStore:
    """A store answering every request with a redirect to `location` (sent as the
    bytes a server may send: any byte but a line's end)."""
    headers = {} if location is None else {"Location": location.encode("latin-1")}
    return ScriptedStore(lambda request: httpx.Response(status, headers=headers))


async def refusal(store: ScriptedStore, root: str = ROOT) -> str:
    """What the client says of `store`'s answer to `POST /authenticate/test`, after
    checking that it sent that request alone."""
    async with DownloadsClient(root, TOKEN, SECRET, retries=0,
                               transport=httpx.MockTransport(store.handler)) as client:
        with pytest.raises(Redirected) as caught:
            await client.test_auth()
    assert len(store.requests) == 1  # not followed
    return str(caught.value)


async def test_a_redirect_to_another_host_names_the_host_and_is_not_followed() -> None:
    said = await refusal(redirecting(
        "https://shop.example.net/wp-json/wp-easycart/v1/authenticate/test"))
    assert said == ("The store redirected to another host (shop.example.net); it is not "
                    "followed, so credentials stay with the store: if "
                    "https://shop.example.net/wp-json/wp-easycart/v1 is the store's, use it "
                    "as the API URL.")


@pytest.mark.parametrize(("root", "location", "shown", "root_there"), [
    (ROOT, "https://shop.example.com/wp-json/wp-easycart/v1/authenticate/test",
     "https://shop.example.com/wp-json/wp-easycart/v1/authenticate/test",
     "https://shop.example.com/wp-json/wp-easycart/v1"),
    (ROOT, "/shop/wp-json/wp-easycart/v1/authenticate/test",
     "http://shop.example.com/shop/wp-json/wp-easycart/v1/authenticate/test",
     "http://shop.example.com/shop/wp-json/wp-easycart/v1"),
    (QUERY_ROOT, ("https://shop.example.com/?rest_route=/wp-easycart/v1/authenticate/test"
                  "&token=abc&secret=def"),
     "https://shop.example.com/?rest_route=/wp-easycart/v1/authenticate/test",
     "https://shop.example.com/?rest_route=/wp-easycart/v1"),
], ids=["http-to-https", "another-path", "rest_route"])
async def test_a_same_host_redirect_names_where_and_the_api_url_there(
    root: str, location: str, shown: str, root_there: str
) -> None:
    said = await refusal(redirecting(location, 308), root)
    assert said == (f"The store redirected the request (308) to {shown}; it is not followed: "
                    f"if that is the store's, use {root_there} as the API URL.")


async def test_a_hostile_location_is_shown_cleaned_and_short() -> None:
    location = ("https://mallory:pw-Qq7@shop.example.com/" + "x" * 400
                + "\x9b31m?key=leak-Jj4#frag")
    said = await refusal(redirecting(location))
    assert said.isprintable() and len(said) < 400
    for leaked in ("pw-Qq7", "mallory", "leak-Jj4", "frag", "\x9b", *credential_strings(
            TOKEN, SECRET)):
        assert leaked not in said


async def test_a_redirect_without_a_location_says_so() -> None:
    said = await refusal(redirecting(None, 302))
    assert said == ("The store redirected the request (302) without saying where to; check "
                    "the API URL (https, trailing path).")


@pytest.fixture(scope="module")
def moved_store() -> Iterator[str]:
    """A site on 127.0.0.1 whose every URL redirects to the same path on another host."""

    async def moved(request: Request) -> Response:
        return Response(status_code=301, headers={
            "Location": f"https://shop.example.net{request.url.path}"})

    app = Starlette(routes=[Route("/{rest:path}", moved, methods=["GET", "POST"])])
    with running_server(app) as url:
        yield url


def test_the_commands_say_where_the_store_redirects(moved_store: str, tmp_path: Path) -> None:
    env = isolated_env(tmp_path, f"{moved_store}/wp-json/wp-easycart/v1", SECRET, TOKEN)
    for command in (["check"], ["list"]):
        result = run_in_process(env, *command)
        assert_one_line_failure(result, "The store redirected to another host "
                                "(shop.example.net); it is not followed, so credentials stay "
                                "with the store: if https://shop.example.net/wp-json/"
                                "wp-easycart/v1 is the store's, use it as the API URL.\n")
