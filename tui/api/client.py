"""`DownloadsClient`: the one way the app and the commands talk to a store.

One `httpx.AsyncClient` per client (connections are reused), explicit timeouts,
credentials only in the Authorization header, and never through a proxy in clear
text (`tui.api.proxies` chooses the way); redirects are not followed, since the
credentials would follow them. Every failure becomes an
`ApiError` subclass with a message built in `tui.api.failures`, so nothing
secret leaks into it.

A store is not trusted to answer sensibly: answers are read up to a size cap
and parsed defensively (`tui.api.answers`), JSON found within text a plugin
printed around it (said once, in `remarks`); what is sent is checked before it
goes (`tui.api.outgoing`). Reads (GET, which change nothing)
are retried a few times with growing pauses when the store is unreachable,
slow or failing, all within the timeout: it is the most a read may take; PHP's
fatal error is not, for it fails alike every time. Writes are sent once:
repeating a POST could create a record twice. A refusal of the credentials is
compared with the store's answer to the same request without them, to tell it
from a web server that drops the header (`tui.api.authorization`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
from collections.abc import AsyncGenerator, Mapping
from functools import partial
from types import TracebackType
from typing import Any, Literal

import httpx

from tui.api.answers import (
    Answer,
    confirms_auth,
    int_header,
    list_of,
    page_of,
    read_capped,
    record_of,
)
from tui.api.authorization import probe_method, told_apart
from tui.api.errors import (
    ApiError,
    AuthError,
    CertificateRefused,
    InputRejected,
    PhpFatalError,
    ServerError,
    TimedOut,
    Unreachable,
)
from tui.api.failures import not_json, status_error, too_large, transport_error
from tui.api.models import Download, DownloadChanges, ListQuery, Page
from tui.api.outgoing import checked_changes, record_path
from tui.api.page_sizes import PageFacts, PageSizes
from tui.api.proxies import Route, route_to
from tui.api.read_ahead import read_ahead
from tui.api.remarks import TEXT_AROUND, Remarks
from tui.api.root import ApiRoot

AuthScheme = Literal["bearer", "basic"]
#: The most a request may take, in seconds; a read's retries included.
DEFAULT_TIMEOUT = 15.0
#: Reads are tried again this many times; each pause is `_BACKOFF_GROWTH` times the last.
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 0.3
_BACKOFF_GROWTH = 3
#: A retry is made only if at least this share of the timeout (at most a second)
#: is left for it after its pause: a try with no time to answer is no try.
_LEAST_LEFT_SHARE = 0.25
#: The most of one answer the client reads: a full page is a few hundred kilobytes.
MAX_ANSWER_BYTES = 8 * 1024 * 1024


def encode_credentials(token: str, secret: str) -> str:
    """`base64(token:secret)`, the credential string both schemes carry."""
    return base64.b64encode(f"{token}:{secret}".encode()).decode("ascii")


def credential_strings(token: str, secret: str) -> tuple[str, ...]:
    """Every form in which the credentials travel, for scrubbing them out of text."""
    return tuple(item for item in (token, secret, encode_credentials(token, secret)) if item)


class DownloadsClient:
    """Async client for the Downloads resource of one store.

    Reads (GET) use the chosen scheme, Bearer by default; everything else goes as
    Bearer, because the store accepts nothing else for POST, PATCH and DELETE.
    A read that fails for want of a connection, in time, or with a 5xx is tried
    `retries` more times, after `backoff`, then 3 x `backoff`, ... seconds, as
    long as `timeout` (the most the whole read may take) leaves time for it.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        secret: str,
        *,
        auth: AuthScheme = "bearer",
        timeout: float = DEFAULT_TIMEOUT,
        verify: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        concurrency: int = 1,
    ) -> None:
        self._read_pauses = tuple(backoff * _BACKOFF_GROWTH**n for n in range(max(retries, 0)))
        self._max_answer_bytes = max_answer_bytes
        self._timeout = timeout
        credentials = encode_credentials(token, secret)
        self._bearer = f"Bearer {credentials}"
        self._read_auth = f"Basic {credentials}" if auth == "basic" else self._bearer
        self.root = ApiRoot.parse(base_url)
        #: The store as messages (and the recovery log) name it.
        self.base_url = self.root.shown()
        #: What the store has shown of its page size (see `tui.api.page_sizes`).
        self.page_sizes = PageSizes()
        #: What was noticed of the store that its user should hear of.
        self.remarks = Remarks()
        #: Whether an answer has shown the API to be at this URL (its JSON, read).
        self._api_answered = False
        #: List requests `iter_pages` keeps in flight unless told otherwise (the
        #: app and the commands take the profile's, see `tui.config.connection`).
        self.concurrency = concurrency
        # Plain http needs no TLS context, and building one costs start-up time.
        verify = verify if self.root.site.scheme == "https" else False
        #: The way to the store: straight, or through the environment's proxy, as
        #: `tui.api.proxies` decides (a transport given is used as it is).
        self.route = route_to(self.root.site) if transport is None else Route()
        if transport is None:  # a transport of our own: httpx then reads no proxy itself
            transport = httpx.AsyncHTTPTransport(verify=verify, proxy=self.route.proxy)
        #: Whether requests report when they have been written out (httpcore's trace
        #: hook); any other transport, e.g. an in-process one, tells nothing.
        self._traced = isinstance(transport, httpx.AsyncHTTPTransport)
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "easycart-tui"},
            follow_redirects=False,
        )

    async def __aenter__(self) -> DownloadsClient:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the operations -------------------------------------------------

    async def list(self, query: ListQuery | None = None, **fields: Any) -> Page:
        """One page of downloads; `fields` build a `ListQuery` when none is given."""
        return (await self.list_answered(query or ListQuery(**fields)))[0]

    async def list_answered(self, query: ListQuery) -> tuple[Page, Answer]:
        """One page, and the answer it was read from: how the store wrote it."""
        perpage, answer = await self._list_answer(query, self.page_sizes.perpage_to_send(query))
        facts, entries = self._read_page(query, perpage, answer)
        return page_of(query, facts, entries), answer

    def reading_with(self, auth: AuthScheme) -> DownloadsClient:
        """This client with reads sent with `auth`, over the same connections (so it
        is closed with this one)."""
        sibling = copy.copy(self)
        sibling._read_auth = f"{auth.title()} {self._bearer.partition(' ')[2]}"
        return sibling

    async def _list_answer(
        self, query: ListQuery, perpage: int, sent: asyncio.Event | None = None
    ) -> tuple[int, Answer]:
        """`query` asked for at `perpage` rows (which the store's cap may lower), and
        the page size it was answered at: a store that refuses that many, naming its
        maximum, is asked once more at it. `sent` is set once the request is on its
        way to the store."""
        if query.where is not None:  # the store would answer every record, unfiltered
            raise ValueError("a query with filter terms is read through tui.core.matches")
        try:
            return perpage, await self._send("GET", ("downloads",), sent=sent,
                                             params=query.params() | {"perpage": perpage})
        except InputRejected as refused:
            lower = self.page_sizes.refused(refused.fields.get("perpage", ""), perpage)
            if lower is None:
                raise
        return lower, await self._send("GET", ("downloads",), sent=sent,
                                       params=query.params() | {"perpage": lower})

    def _read_page(self, query: ListQuery, perpage: int,
                   answer: Answer) -> tuple[PageFacts, list[Any]]:
        """What the answer says of its page, and its entries (not yet read into
        records), learning from it how the store pages."""
        listed = list_of(answer)
        facts = self.page_sizes.read(
            query, perpage, len(listed.entries), more=listed.more,
            total=int_header(answer, "X-WP-Total"),
            total_pages=int_header(answer, "X-WP-TotalPages"),
        )
        return facts, listed.entries

    async def iter_pages(
        self, query: ListQuery, concurrency: int | None = None, *, few: bool = False
    ) -> AsyncGenerator[Page, None]:
        """Every page from `query.page` to the last, in order, with up to
        `concurrency` list requests in flight (by default the client's own; see
        `tui.api.read_ahead`). A page is read into records only once the requests
        after it have left, so the store works on them meanwhile.

        `few`: the query is expected to give less than a page (a narrow search). A
        short page is the last only where the store is seen to serve more in one
        page; unless it has been, the list's first page is read beside the first
        request to see it, so that the end is known without one more round trip."""
        unproven = few and self.page_sizes.most_served < self.page_sizes.perpage_to_send(query)
        answers = read_ahead(
            query, fetch=self._list_answer, read=self._read_page,
            perpage_for=self.page_sizes.perpage_to_send,
            concurrency=self.concurrency if concurrency is None else concurrency,
            learn_first=partial(self._see_page_size, query.perpage) if unproven else None,
        )
        async with contextlib.aclosing(answers):
            async for asked, facts, entries in answers:
                yield page_of(asked, facts, entries)

    async def _see_page_size(self, perpage: int) -> None:
        """Read the list's first page at `perpage`, only to learn how many rows the
        store serves in one page (a failure teaches nothing, and hides nothing: the
        pages themselves are read as ever)."""
        with contextlib.suppress(ApiError):
            await self.list(ListQuery(perpage=perpage))

    async def get(self, download_id: str) -> Download:
        answer = await self._send("GET", record_path(download_id))
        return record_of(answer)

    async def create(self, changes: DownloadChanges | Mapping[str, Any]) -> Download:
        body = checked_changes(changes).body()
        answer = await self._send("POST", ("downloads",), json=body)
        return record_of(answer)

    async def update(
        self, download_id: str, changes: DownloadChanges | Mapping[str, Any]
    ) -> Download:
        """Send only the fields given (a partial PATCH)."""
        path = record_path(download_id)
        body = checked_changes(changes).body()
        answer = await self._send("PATCH", path, json=body)
        return record_of(answer)

    async def delete(self, download_id: str) -> Download:
        """Delete a download; the store answers with the record it deleted."""
        answer = await self._send("DELETE", record_path(download_id))
        return record_of(answer)

    async def test_auth(self) -> str:
        """Verify the credentials (`POST /authenticate/test`); raises `AuthError`.
        Returns the URL that answered, as people write it."""
        if not confirms_auth(await self._send("POST", _AUTH_TEST)):
            raise AuthError("The store did not confirm the token and secret key.")
        return self.root.shown(*_AUTH_TEST)

    # -- plumbing -------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: tuple[str, ...],
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        sent: asyncio.Event | None = None,
    ) -> Answer:
        """One request to the resource `path`, all within the timeout; a read is
        tried again on a failure that may pass, while there is time left for it.
        `sent` is set once a request has been written out, waiting for its answer."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._timeout
        least_left = min(1.0, self._timeout * _LEAST_LEFT_SHARE)
        pauses = self._read_pauses if method == "GET" else ()
        for pause in pauses:
            try:
                return await self._attempt(method, path, params, json, sent, deadline)
            except (TimedOut, Unreachable, ServerError) as exc:
                if isinstance(exc, ServerError) and exc.status < 500:
                    raise
                if isinstance(exc, (CertificateRefused, PhpFatalError)):  # the same again
                    raise
                if loop.time() + pause + least_left > deadline:
                    raise
            await asyncio.sleep(pause)
        return await self._attempt(method, path, params, json, sent, deadline)

    async def _attempt(self, method: str, path: tuple[str, ...],
                       params: Mapping[str, str | int] | None, json: Any,
                       sent: asyncio.Event | None, deadline: float) -> Answer:
        # The store takes Basic for reads only: every other method goes as Bearer.
        headers = {"Authorization": self._read_auth if method == "GET" else self._bearer}
        request = self._http.build_request(
            method, self.root.url(*path, params=params), json=json, headers=headers,
            extensions=None if sent is None else {"trace": _tracer(sent)},
        )
        if sent is not None and not self._traced:
            sent.set()  # handed over is all an untraced transport can tell
        try:
            answer, whole = await self._exchange(request, deadline)
        except (httpx.RequestError, TimeoutError) as exc:
            raise transport_error(exc, self.base_url, self._timeout,
                                  self.route.shown_proxy) from None
        if answer.read.skipped:
            self.remarks.say(TEXT_AROUND)
        self._api_answered |= answer.read.found and answer.status_code != 404
        if not 200 <= answer.status_code < 300:
            error = status_error(answer, self.root, about_a_record=len(path) > 1
                                 and path != _AUTH_TEST, asked=request.url)
            if type(error) is AuthError:
                error = told_apart(error, answer, await self._without_credentials(
                    method, path, params, deadline))
            raise error
        if not whole:
            raise too_large(self._max_answer_bytes)
        if not answer.read.found:
            raise not_json(answer, api_answered=self._api_answered, write=method != "GET")
        return answer

    async def _exchange(self, request: httpx.Request, deadline: float) -> tuple[Answer, bool]:
        """Send `request` and read its answer, and whether it was read whole (an
        answer over the size cap is read as empty)."""
        async with asyncio.timeout_at(deadline):
            response = await self._http.send(request, stream=True)
            try:
                body = await read_capped(response, self._max_answer_bytes)
            finally:
                await response.aclose()
        return Answer(response.status_code, response.headers, body or b""), body is not None

    async def _without_credentials(
        self, method: str, path: tuple[str, ...], params: Mapping[str, str | int] | None,
        deadline: float,
    ) -> Answer | None:
        """The store's answer to a refused request sent again without credentials (a
        write as a read of the same resource); None when it did not come in time."""
        probe = probe_method(method, path, _AUTH_TEST)
        request = self._http.build_request(
            probe, self.root.url(*path, params=params if probe == method else None))
        try:
            return (await self._exchange(request, deadline))[0]
        except (httpx.RequestError, TimeoutError):
            return None


_AUTH_TEST = ("authenticate", "test")


def _tracer(sent: asyncio.Event) -> Any:
    """An httpcore trace hook that sets `sent` once the request has been written
    and its answer is awaited (transports without httpcore never call it)."""

    async def trace(event: str, info: Any) -> None:
        if event.endswith(".receive_response_headers.started"):
            sent.set()

    return trace

