"""Every failure becomes one error class with a message an admin can act on."""

from __future__ import annotations

import httpx
import pytest

from tests.fakes import SECRET, TOKEN, ScriptedStore, answering
from tui.api import (
    ApiError,
    AuthError,
    BadResponse,
    InputRejected,
    NotFound,
    ServerError,
    TimedOut,
    Unreachable,
    encode_credentials,
)
from tui.api.errors import Forbidden, HeaderOrCredentials, KeysRefused

WP_PARAM_ERROR = {
    "code": "rest_invalid_param",
    "message": "Invalid parameter(s): download_count",
    "data": {"status": 400, "params": {"download_count": "download_count must be >= 0"}},
}


@pytest.mark.parametrize(
    ("status", "body", "error", "words"),
    [
        (400, {"code": "rest_forbidden", "message": "Unauthorized", "data": {"status": 400}},
         AuthError, "refused the token and secret key"),
        (400, None, AuthError, "refused the token"),
        (401, {"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.",
               "data": {"status": 401}},
         HeaderOrCredentials, "The store refused the token and secret key (401: Sorry, you "
                              "are not allowed to do that) exactly as it refuses a request "
                              "without them"),
        (403, {"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.",
               "data": {"status": 403}},
         Forbidden, "The store does not allow this request with this token (403): Sorry, you "
                    "are not allowed to do that."),
        (403, None, Forbidden, "(403)"),
        (404, {"code": "rest_not_found", "message": "No download with that id."},
         NotFound, "No download with that id"),
        (400, WP_PARAM_ERROR, InputRejected, "rejected download_count"),
        (400, {"code": "bad_thing", "message": "Sort term is not supported"},
         InputRejected, "Sort term is not supported"),
        (500, None, ServerError, "internal error (500)"),
        (503, {"code": "down", "message": "Maintenance"}, ServerError, "Maintenance"),
        (302, None, BadResponse, "redirected"),
    ],
)
async def test_status_maps_to_error(status: int, body: object, error: type[ApiError],
                                    words: str) -> None:
    store = answering(status, body) if body is not None else answering(status, text="")
    async with store.client(retries=0) as client:
        with pytest.raises(error) as caught:
            await client.get("abc123")
    assert words in str(caught.value)


async def test_rejected_field_is_named() -> None:
    async with answering(400, WP_PARAM_ERROR).client(retries=0) as client:
        with pytest.raises(InputRejected) as caught:
            await client.update("abc123", {"download_count": 5})
    assert caught.value.field == "download_count"
    # One sentence, so the hint that follows it reads as the next one.
    assert str(caught.value) == "The store rejected download_count: download_count must be >= 0."


async def test_refused_and_forbidden_credentials_say_which_and_what_to_do() -> None:
    def refusing(request: httpx.Request) -> httpx.Response:
        if "authorization" not in request.headers:  # this store says so
            return httpx.Response(401, json={"code": "rest_not_logged_in"})
        return httpx.Response(401, json={"code": "rest_forbidden"})

    async with ScriptedStore(refusing).client() as client:
        with pytest.raises(AuthError) as refused:
            await client.list()
    async with answering(403, {"code": "rest_forbidden"}).client() as client:
        with pytest.raises(Forbidden) as forbidden:
            await client.delete("abc123")
    assert type(refused.value) is KeysRefused
    assert refused.value.hint == ("Check the token and secret key in the store's admin: they "
                                  "reach the store, and it refuses them.")
    assert "limited to some requests" in forbidden.value.hint


async def test_every_field_a_wordpress_error_names_is_kept_with_its_reason() -> None:
    body = {"code": "rest_invalid_param", "message": "Invalid parameter(s): order_id, product_id",
            "data": {"status": 400, "params": {
                "order_id": "order_id is not of type integer.",
                "product_id": "product_id must be between 0 (inclusive) and 2147483647."}}}
    async with answering(400, body).client(retries=0) as client:
        with pytest.raises(InputRejected) as caught:
            await client.create({"order_id": 1, "product_id": 2})
    assert caught.value.fields == {
        "order_id": "order_id is not of type integer.",
        "product_id": "product_id must be between 0 (inclusive) and 2147483647.",
    }
    assert caught.value.field == "order_id"
    assert str(caught.value) == (
        "The store rejected order_id and product_id: order_id is not of type integer; "
        "product_id must be between 0 (inclusive) and 2147483647.")


@pytest.mark.parametrize(
    ("text", "words"),
    [("<html><body>Fatal error</body></html>", "not JSON"), ("", "empty answer")],
)
async def test_unreadable_answers(text: str, words: str) -> None:
    async with answering(200, text=text).client(retries=0) as client:
        with pytest.raises(BadResponse, match=words):
            await client.list()


@pytest.mark.parametrize(
    ("body", "words"),
    [('{"data": []}', "an object"), ('"downloads"', "a string"), ("null", "null"),
     ("42", "a number")],
)
async def test_list_of_the_wrong_shape(body: str, words: str) -> None:
    async with answering(200, text=body).client(retries=0) as client:
        with pytest.raises(BadResponse, match=words):
            await client.list()


async def test_record_that_cannot_be_read() -> None:
    async with answering(200, {"download_id": "abc"}).client(retries=0) as client:
        with pytest.raises(BadResponse, match="cannot read"):
            await client.get("abc")


def _raising(exc: Exception) -> ScriptedStore:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc

    return ScriptedStore(answer)


@pytest.mark.parametrize(
    ("exc", "error", "words"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), Unreachable, "connection refused"),
        (httpx.ReadError("Connection reset by peer"), Unreachable, "connection reset"),
        (httpx.ConnectError("[Errno -2] Name or service not known"), Unreachable, "unknown host"),
        (httpx.ReadTimeout("timed out"), TimedOut, "did not answer within 15 s"),
        (httpx.ConnectTimeout("timed out"), TimedOut, "did not answer within 15 s"),
    ],
)
async def test_network_failures(exc: Exception, error: type[ApiError], words: str) -> None:
    async with _raising(exc).client(retries=0) as client:
        with pytest.raises(error, match=words):
            await client.list()


async def test_unconfirmed_authentication_is_an_auth_error() -> None:
    async with answering(200, {"authenticated": False}).client(retries=0) as client:
        with pytest.raises(AuthError):
            await client.test_auth()


async def test_no_credential_in_any_message() -> None:
    encoded = encode_credentials(TOKEN, SECRET)
    stores = [answering(400, None), answering(500, text="<h1>boom</h1>"),
              _raising(httpx.ConnectError("refused")), answering(200, text="nope")]
    for store in stores:
        async with store.client(retries=0) as client:
            with pytest.raises(ApiError) as caught:
                await client.list()
        text = f"{caught.value} {caught.value!r} {caught.value.hint}"
        for secret in (TOKEN, SECRET, encoded):
            assert secret not in text


async def test_server_text_in_messages_is_made_printable_and_short() -> None:
    body = {"code": "x", "message": "\x1b]0;pwned\x07" + "A" * 500}
    async with answering(503, body).client(retries=0) as client:
        with pytest.raises(ServerError) as caught:
            await client.list()
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message
    assert len(message) < 250
