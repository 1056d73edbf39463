"""Reads are retried with a bounded backoff; writes are sent exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from tests.fakes import RECORD, ScriptedStore
from tests.hostile_support import raw_server
from tui.api import AuthError, DownloadsClient, NotFound, ServerError, TimedOut, Unreachable
from tui.api.client import DEFAULT_BACKOFF, DEFAULT_RETRIES
from tui.api.errors import PhpFatalError

Failure = Callable[[httpx.Request], httpx.Response]


def _unavailable(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, text="<html>Service Unavailable</html>")


def _reset(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadError("Connection reset by peer")


def _refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused")


def _slow(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out")


def _failing_first(times: int, failure: Failure) -> ScriptedStore:
    """A store that fails `times` requests, then answers normally."""
    def answer(request: httpx.Request) -> httpx.Response:
        if len(store.requests) <= times:
            return failure(request)
        return httpx.Response(200, json=[RECORD] if request.url.path.endswith("s") else RECORD)

    store = ScriptedStore(answer)
    return store


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the client takes between tries (not actually waited)."""
    taken: list[float] = []

    async def record(seconds: float) -> None:
        taken.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", record)
    return taken


def test_the_defaults_are_two_retries_after_0_3_then_0_9_seconds() -> None:
    assert (DEFAULT_RETRIES, DEFAULT_BACKOFF) == (2, 0.3)


@pytest.mark.parametrize("failure", [_unavailable, _reset, _refused, _slow],
                         ids=["503", "reset", "refused", "timeout"])
async def test_a_read_that_fails_once_succeeds_on_retry(failure: Failure,
                                                        pauses: list[float]) -> None:
    store = _failing_first(1, failure)
    async with store.client() as client:
        page = await client.list()
        store.requests.clear()
        record = await client.get("abc123")
    assert len(page.items) == 1 and record.download_id == "abc123"
    assert len(store.requests) == 2
    assert pauses == [0.3, 0.3]


@pytest.mark.parametrize(("failure", "error"),
                         [(_unavailable, ServerError), (_reset, Unreachable), (_slow, TimedOut)])
async def test_a_read_gives_up_after_the_retries(failure: Failure, error: type,
                                                 pauses: list[float]) -> None:
    store = ScriptedStore(failure)
    async with store.client() as client:
        with pytest.raises(error):
            await client.get("abc123")
    assert len(store.requests) == 1 + DEFAULT_RETRIES
    assert pauses == pytest.approx([0.3, 0.9])


async def test_retries_and_backoff_are_configurable() -> None:
    store = ScriptedStore(_unavailable)
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with store.client(retries=4, backoff=0.001) as client:
        with pytest.raises(ServerError):
            await client.list()
    assert len(store.requests) == 5
    assert loop.time() - started < 2


#: WordPress's answer to a PHP fatal error, to a request that accepts JSON.
CRITICAL_ERROR = {
    "code": "internal_server_error",
    "message": "<p>There has been a critical error on this website.</p><p><a href=\""
               "https://wordpress.org/documentation/article/faq-troubleshooting/\">Learn more "
               "about troubleshooting WordPress.</a></p>",
    "data": {"status": 500}, "additional_errors": []}


@pytest.mark.parametrize(("status", "body", "error"), [
    (404, {"code": "x"}, NotFound), (401, {"code": "x"}, AuthError),
    (400, {"code": "x"}, AuthError), (500, CRITICAL_ERROR, PhpFatalError),
], ids=["404", "401", "400", "php-fatal-error"])
async def test_answers_that_will_not_change_are_not_retried(
    status: int, body: dict[str, object], error: type, pauses: list[float]
) -> None:
    store = ScriptedStore(lambda request: httpx.Response(status, json=body))
    async with store.client() as client:
        with pytest.raises(error):
            await client.get("abc123")
    # (A refusal of the credentials is compared with the request sent without them.)
    sent_with_credentials = [r for r in store.requests if "authorization" in r.headers]
    assert len(sent_with_credentials) == 1 and pauses == []


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_a_gateway_that_fails_for_a_moment_is_asked_again(status: int,
                                                                pauses: list[float]) -> None:
    answers = iter([httpx.Response(status, text="<html><body><h1>Bad</h1></body></html>"),
                    httpx.Response(200, json=RECORD)])
    store = ScriptedStore(lambda request: next(answers))
    async with store.client() as client:
        assert (await client.get("abc123")).download_id == "abc123"
    assert len(store.requests) == 2 and pauses == [DEFAULT_BACKOFF]


@pytest.mark.parametrize("failure", [_unavailable, _reset, _refused, _slow],
                         ids=["503", "reset", "refused", "timeout"])
@pytest.mark.parametrize(
    "write",
    [lambda c: c.create({"product_id": 1}), lambda c: c.update("abc123", {"order_id": 2}),
     lambda c: c.delete("abc123"), lambda c: c.test_auth()],
    ids=["POST", "PATCH", "DELETE", "POST-auth"],
)
async def test_a_write_is_sent_exactly_once(failure: Failure, write, pauses: list[float]) -> None:
    store = ScriptedStore(failure)
    async with store.client(retries=5) as client:
        with pytest.raises((ServerError, Unreachable, TimedOut)):
            await write(client)
    assert len(store.requests) == 1 and pauses == []


async def test_a_write_to_a_server_that_resets_opens_one_connection() -> None:
    with raw_server("reset") as (url, accepted):
        async with DownloadsClient(url, "t", "s", timeout=2, retries=3, backoff=0.01) as client:
            with pytest.raises(Unreachable):
                await client.create({"product_id": 1})
    assert len(accepted) == 1


@pytest.mark.parametrize(("timeout", "tries", "paused"), [
    (15.0, 3, [0.3, 0.9]), (1.0, 2, [0.3]), (0.3, 1, []),
])
async def test_the_retries_fit_inside_the_timeout(timeout: float, tries: int, paused: list[float],
                                                  pauses: list[float]) -> None:
    """The timeout is the most a read may take: a retry is made only when its pause
    leaves time for it (a quarter of the timeout, at most a second)."""
    store = ScriptedStore(_unavailable)
    async with store.client(timeout=timeout) as client:
        with pytest.raises(ServerError):
            await client.list()
    assert len(store.requests) == tries
    assert pauses == pytest.approx(paused)


async def test_a_read_of_a_slow_store_ends_at_the_timeout_retries_included() -> None:
    """Each try is slow to fail: the whole read still ends within its timeout."""
    async def slow_failure(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.2)
        return httpx.Response(503)

    requests: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return await slow_failure(request)

    loop = asyncio.get_running_loop()
    started = loop.time()
    async with DownloadsClient("https://shop.example.com/wp-json/wp-easycart/v1", "t", "s",
                               timeout=1.0, backoff=0.3,
                               transport=httpx.MockTransport(handler)) as client:
        with pytest.raises((ServerError, TimedOut)):
            await client.list()
    assert loop.time() - started < 1.0 * 1.5
    assert len(requests) == 2  # 0.2 s, a pause of 0.3 s, 0.2 s; no time for a 0.9 s pause
