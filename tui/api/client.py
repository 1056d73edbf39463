"""`DownloadsClient`: the one way the app and the commands talk to a store.

One `httpx.AsyncClient` per client (connections are reused), explicit timeouts,
credentials only in the Authorization header. Every failure becomes an
`ApiError` subclass with a message built here, so nothing secret leaks into it.

A store is not trusted to answer sensibly: answers are read up to a size cap,
parsed defensively, and reads (GET, which change nothing) are retried a few
times with growing pauses when the store is unreachable, slow or failing.
Writes are sent once: repeating a POST could create a record twice.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import math
import sys
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

import httpx
from pydantic import ValidationError

from tui.api.errors import (
    ApiError,
    AuthError,
    BadResponse,
    InputRejected,
    NotFound,
    ServerError,
    TimedOut,
    Unreachable,
)
from tui.api.models import (
    DOWNLOAD_ID_PATTERN,
    Download,
    DownloadChanges,
    ListQuery,
    Page,
    describe_validation_error,
    parse_download,
    parse_list_items,
)

AuthScheme = Literal["bearer", "basic"]
DEFAULT_TIMEOUT = 15.0
#: Reads are tried again this many times; each pause is `_BACKOFF_GROWTH` times the last.
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 0.3
_BACKOFF_GROWTH = 3
#: The most of one answer the client reads: a full page is a few hundred kilobytes.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
#: Integers longer than this are kept as text (no store id or count is this wide,
#: and Python refuses to convert very long digit strings).
_MAX_INT_DIGITS = 30
#: The most digits an integer read from JSON may have (Python's own limit, as
#: shipped): reading one is then quick, however hostile the answer.
_INT_DIGITS_READ = 4300
_MAX_SERVER_TEXT = 160
_AUTH_WORDS = ("auth", "forbidden", "credential", "token", "secret", "permission", "login")


def encode_credentials(token: str, secret: str) -> str:
    """`base64(token:secret)`, the credential string both schemes carry."""
    return base64.b64encode(f"{token}:{secret}".encode()).decode("ascii")


def credential_strings(token: str, secret: str) -> tuple[str, ...]:
    """Every form in which the credentials travel, for scrubbing them out of text."""
    return tuple(item for item in (token, secret, encode_credentials(token, secret)) if item)


def display_url(url: str | httpx.URL) -> str:
    """The URL without any user:password part, for messages."""
    parsed = httpx.URL(str(url))
    return str(parsed.copy_with(username=None, password=None, query=None))


class DownloadsClient:
    """Async client for the Downloads resource of one store.

    Reads (GET) use the chosen scheme, Bearer by default; everything else goes as
    Bearer, because the store accepts nothing else for POST, PATCH and DELETE.
    A read that fails for want of a connection, in time, or with a 5xx is tried
    `retries` more times, after `backoff`, then 3 x `backoff`, ... seconds.
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
    ) -> None:
        self._read_pauses = tuple(backoff * _BACKOFF_GROWTH**n for n in range(max(retries, 0)))
        self._max_answer_bytes = max_answer_bytes
        credentials = encode_credentials(token, secret)
        self._bearer = f"Bearer {credentials}"
        self._read_auth = f"Basic {credentials}" if auth == "basic" else self._bearer
        self.base_url = base_url.rstrip("/")
        #: The store as messages name it (parsed once: every request would otherwise).
        self._where = display_url(self.base_url)
        #: Whether requests report when they have been written out (httpcore's trace
        #: hook); any other transport, e.g. an in-process one, tells nothing.
        self._traced = transport is None or isinstance(transport, httpx.AsyncHTTPTransport)
        self._http = httpx.AsyncClient(
            base_url=self.base_url + "/",
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            # Plain http needs no TLS context, and building one costs start-up time.
            verify=verify if self.base_url.lower().startswith("https") else False,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "easycart-tui"},
            follow_redirects=False,
        )

    async def __aenter__(self) -> DownloadsClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the operations -------------------------------------------------

    async def list(self, query: ListQuery | None = None, **fields: Any) -> Page:
        """One page of downloads; `fields` build a `ListQuery` when none is given."""
        if query is None:
            query = ListQuery(**fields)
        return await self._list(query)

    async def _list(self, query: ListQuery, sent: asyncio.Event | None = None) -> Page:
        """One page; `sent` is set once the request is on its way to the store."""
        answer = await self._list_answer(query, sent)
        entries = _entries(answer)
        return _page(_page_facts(query, answer, len(entries)), entries)

    async def _list_answer(self, query: ListQuery, sent: asyncio.Event | None = None) -> _Answer:
        return await self._send("GET", "downloads", params=query.params(), sent=sent)

    async def iter_pages(self, query: ListQuery) -> AsyncIterator[Page]:
        """Every page from `query.page` to the last.

        As soon as an answer is in (and says more pages follow), the next page is
        requested; this one is read into records and handed over once that
        request has left. So the store works on the next page while this one is
        validated and handled, and never more than two pages are held.
        """
        pending = asyncio.ensure_future(self._list_answer(query))
        try:
            while True:
                answer = await pending
                entries = _entries(answer)
                facts = _page_facts(query, answer, len(entries))
                more = bool(entries) and facts["has_more"]
                if more:
                    query = query.model_copy(update={"page": query.page + 1})
                    sent = asyncio.Event()
                    pending = asyncio.ensure_future(self._list_answer(query, sent))
                    await _first_of(pending, sent)
                yield _page(facts, entries)
                if not more:
                    return
        finally:
            if not pending.done():
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, ApiError):
                    await pending

    async def get(self, download_id: str) -> Download:
        answer = await self._send("GET", _record_path(download_id))
        return _record(answer)

    async def create(self, changes: DownloadChanges | Mapping[str, Any]) -> Download:
        body = _changes(changes).body()
        answer = await self._send("POST", "downloads", json=body)
        return _record(answer)

    async def update(
        self, download_id: str, changes: DownloadChanges | Mapping[str, Any]
    ) -> Download:
        """Send only the fields given (a partial PATCH)."""
        path = _record_path(download_id)
        body = _changes(changes).body()
        answer = await self._send("PATCH", path, json=body)
        return _record(answer)

    async def delete(self, download_id: str) -> Download:
        """Delete a download; the store answers with the record it deleted."""
        answer = await self._send("DELETE", _record_path(download_id))
        return _record(answer)

    async def test_auth(self) -> None:
        """Verify the credentials (`POST /authenticate/test`); raises `AuthError`."""
        answer = await self._send("POST", "authenticate/test")
        data = _json(answer)
        if not (isinstance(data, dict) and data.get("authenticated") in (True, 1, "1", "true")):
            raise AuthError("The store did not confirm the token and secret key.")

    # -- plumbing -------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        sent: asyncio.Event | None = None,
    ) -> _Answer:
        """One request; a read is tried again on a failure that may pass.
        `sent` is set once a request has been written out, waiting for its answer."""
        pauses = self._read_pauses if method == "GET" else ()
        for pause in pauses:
            try:
                return await self._attempt(method, path, params, json, sent)
            except (TimedOut, Unreachable, ServerError) as exc:
                if isinstance(exc, ServerError) and exc.status < 500:
                    raise
            await asyncio.sleep(pause)
        return await self._attempt(method, path, params, json, sent)

    async def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, str | int] | None,
        json: Any,
        sent: asyncio.Event | None,
    ) -> _Answer:
        # The store takes Basic for reads only: every other method goes as Bearer.
        headers = {"Authorization": self._read_auth if method == "GET" else self._bearer}
        where = self._where
        request = self._http.build_request(
            method, path, params=params, json=json, headers=headers,
            extensions=None if sent is None else {"trace": _tracer(sent)},
        )
        if sent is not None and not self._traced:
            sent.set()  # handed over is all an untraced transport can tell
        try:
            response = await self._http.send(request, stream=True)
            try:
                body = await _read_capped(response, self._max_answer_bytes)
            finally:
                await response.aclose()
        except httpx.TimeoutException:
            raise TimedOut(f"The store at {where} did not answer in time.") from None
        except httpx.DecodingError:
            raise BadResponse("The store's answer could not be decoded.") from None
        except httpx.RequestError as exc:
            raise Unreachable(
                f"Could not connect to the store at {where} ({_transport_reason(exc)})."
            ) from None
        answer = _Answer(response.status_code, response.headers, body or b"")
        if not response.is_success:
            raise _status_error(answer)
        if body is None:
            raise BadResponse(
                f"The store's answer was too large (over {self._max_answer_bytes / 2**20:g} MiB)."
            )
        return answer


def _tracer(sent: asyncio.Event) -> Any:
    """An httpcore trace hook that sets `sent` once the request has been written
    and its answer is awaited (transports without httpcore never call it)."""

    async def trace(event: str, info: Any) -> None:
        if event.endswith(".receive_response_headers.started"):
            sent.set()

    return trace


async def _first_of(task: asyncio.Future[Any], event: asyncio.Event) -> None:
    """Wait until `event` is set or `task` is done, whichever comes first."""
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait((task, waiter), return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()


@dataclass(frozen=True)
class _Answer:
    """What the store answered, read in full (within the size cap)."""

    status_code: int
    headers: httpx.Headers
    content: bytes


async def _read_capped(response: httpx.Response, limit: int) -> bytes | None:
    """The body, or None as soon as it proves longer than `limit` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and (len(declared) > _MAX_INT_DIGITS or int(declared) > limit):
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _record_path(download_id: str) -> str:
    if not DOWNLOAD_ID_PATTERN.fullmatch(download_id):
        raise InputRejected(
            "A download id is letters and digits only.", field="download_id"
        )
    return f"downloads/{download_id}"


def _changes(changes: DownloadChanges | Mapping[str, Any]) -> DownloadChanges:
    if isinstance(changes, DownloadChanges):
        return changes
    try:
        return DownloadChanges.model_validate(dict(changes))
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else None
        raise InputRejected(describe_validation_error(exc), field=field) from None


def _finite_or_text(text: str) -> float | str:
    return value if math.isfinite(value := float(text)) else text


def _parse_json(content: bytes) -> Any:
    """JSON as Python data. Numbers no record could hold stay text, so they fail
    validation as one broken record instead of breaking the whole answer, and
    never reach JSON output as NaN: floats too large to be finite, the NaN and
    Infinity some encoders write, and integers longer than Python reads (4,300
    digits; such an answer is read again with every integer over 30 digits kept
    as text). Where that limit has been lifted, every integer is checked."""
    if 0 < sys.get_int_max_str_digits() <= _INT_DIGITS_READ:
        try:
            return json.loads(content, parse_float=_finite_or_text, parse_constant=str)
        except ValueError:
            pass
    return json.loads(
        content,
        parse_int=lambda text: int(text) if len(text) <= _MAX_INT_DIGITS else text,
        parse_float=_finite_or_text,
        parse_constant=str,
    )


def _json(answer: _Answer) -> Any:
    if not answer.content.strip():
        raise BadResponse("The store sent an empty answer.")
    try:
        return _parse_json(answer.content)
    except (ValueError, RecursionError):
        raise BadResponse(
            "The store's answer was not JSON; check that the URL points at its API."
        ) from None


def _record(answer: _Answer) -> Download:
    data = _json(answer)
    if not isinstance(data, dict):
        raise BadResponse(f"The store's answer was {_kind(data)}, not a download record.")
    try:
        return parse_download(data)
    except ValidationError as exc:
        raise BadResponse(
            f"The store sent a record this app cannot read ({describe_validation_error(exc)})."
        ) from None


def _kind(data: Any) -> str:
    if isinstance(data, bool):
        return "true or false"
    if isinstance(data, dict):
        return "an object"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a string"
    if data is None:
        return "null"
    return "a number" if isinstance(data, (int, float)) else "a value of another kind"


def _int_header(answer: _Answer, name: str) -> int | None:
    value = answer.headers.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) <= _MAX_INT_DIGITS else None


def _entries(answer: _Answer) -> list[Any]:
    """The list the store answered a list request with (not yet read into records)."""
    data = _json(answer)
    if not isinstance(data, list):
        raise BadResponse(
            f"The store's answer to the list request was {_kind(data)}, not a list of downloads."
        )
    return data


def _page_facts(query: ListQuery, answer: _Answer, count: int) -> dict[str, Any]:
    """What a list answer says of its page besides the records: the totals the
    store's headers give, if they do, and whether pages follow (the totals say
    so, or else the page is full)."""
    total = _int_header(answer, "X-WP-Total")
    total_pages = _int_header(answer, "X-WP-TotalPages")
    if total_pages is None and total is not None:
        total_pages = max(1, -(-total // query.perpage))
    has_more = query.page < total_pages if total_pages is not None else count >= query.perpage
    return {"page": query.page, "perpage": query.perpage, "has_more": has_more,
            "total": total, "total_pages": total_pages}


def _page(facts: dict[str, Any], entries: list[Any]) -> Page:
    # Made of records just validated: checking them all again would cost as much.
    return Page.model_construct(items=parse_list_items(entries), **facts)


def _transport_reason(exc: httpx.RequestError) -> str:
    """What went wrong, in a few words, from the exception and the ones behind it
    (the async stack wraps "connection refused" in "all attempts failed")."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 8:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(item) for item in chain).lower()
    if any(isinstance(item, ConnectionRefusedError) for item in chain) or "refused" in text:
        return "connection refused"
    if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
        return "unknown host"
    if "ssl" in text or "certificate" in text:
        return "TLS certificate problem"
    if any(isinstance(item, ConnectionResetError) for item in chain) or "reset" in text:
        return "connection reset"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection closed unexpectedly"
    return "network error"


def _server_text(data: Any) -> tuple[str, str, str | None]:
    """(code, message, field) out of a WordPress-style error body, if any."""
    if not isinstance(data, dict):
        return "", "", None
    code = str(data.get("code") or "")
    message = _clean(str(data.get("message") or ""))
    field = None
    details = data.get("data")
    params = details.get("params") if isinstance(details, dict) else None
    if isinstance(params, dict) and params:
        field, reason = next(iter(params.items()))
        field = _clean(str(field))
        if reason:
            message = _clean(str(reason))
    elif isinstance(data.get("field"), str):
        field = _clean(data["field"])
    return code, message, field


def _clean(text: str) -> str:
    """Server text made safe to show: printable, one line, short."""
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if len(text) > _MAX_SERVER_TEXT:
        text = text[: _MAX_SERVER_TEXT - 1] + "…"
    return text


def _status_error(answer: _Answer) -> ApiError:
    status = answer.status_code
    try:
        data = _parse_json(answer.content)
    except (ValueError, RecursionError):
        data = None
    code, message, field = _server_text(data)
    said = f": {message.rstrip('.')}" if message else ""
    if status in (401, 403):
        return AuthError(f"The store refused the token and secret key ({status}){said}.")
    if status == 404:
        return NotFound(f"Not found{said or ' (no download with that id, or a wrong API URL)'}.")
    if status == 400:
        if field is not None:
            return InputRejected(f"The store rejected {field}{said}.", field=field)
        lowered = f"{code} {message}".lower()
        if not message or any(word in lowered for word in _AUTH_WORDS):
            return AuthError(f"The store refused the token and secret key{said}.")
        return InputRejected(f"The store rejected the request{said}.")
    if status >= 500:
        return ServerError(f"The store had an internal error ({status}){said}.", status)
    if 300 <= status < 400:
        return BadResponse(
            f"The store redirected the request ({status}); check the API URL "
            "(https, trailing path)."
        )
    return ServerError(f"The store answered with status {status}{said}.", status)
