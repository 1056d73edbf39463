"""What a failed request means, as one `ApiError` with a message a store admin
can act on.

Messages are built from facts we chose (status, field, the store's root) and
from the store's own words made printable and short, never from the request,
so no credential can end up in one.
"""

from __future__ import annotations

import httpx

from tui.api.answers import Answer, parse_json
from tui.api.errors import (
    ApiError,
    AuthError,
    BadResponse,
    Forbidden,
    InputRejected,
    NotFound,
    ServerError,
    TimedOut,
    Unreachable,
    WrongApiRoot,
)
from tui.api.root import ApiRoot

_MAX_SERVER_TEXT = 160
_AUTH_WORDS = ("auth", "forbidden", "credential", "token", "secret", "permission", "login")
#: WordPress's code for a path that matches none of its routes.
NO_ROUTE = "rest_no_route"


def clean(text: str) -> str:
    """Server text made safe to show: printable, one line, short."""
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if len(text) > _MAX_SERVER_TEXT:
        text = text[: _MAX_SERVER_TEXT - 1] + "…"
    return text


def _said(message: str) -> str:
    return f": {message.rstrip('.')}" if message else ""


class _ServerWords:
    """What a WordPress-style error body says: `{code, message, data: {status,
    params: {field: reason}}}` (or `field` beside `message`)."""

    def __init__(self, content: bytes) -> None:
        try:
            data = parse_json(content)
        except (ValueError, RecursionError):
            data = None
        self.is_json_object = isinstance(data, dict)
        if not isinstance(data, dict):
            data = {}
        self.code = clean(str(data.get("code") or ""))
        self.message = clean(str(data.get("message") or ""))
        details = data.get("data")
        params = details.get("params") if isinstance(details, dict) else None
        self.fields: dict[str, str] = {}
        if isinstance(params, dict):
            self.fields = {clean(str(name)): clean(str(reason or ""))
                           for name, reason in params.items()}
        elif isinstance(data.get("field"), str):
            self.fields = {clean(data["field"]): ""}


def status_error(answer: Answer, root: ApiRoot, *, about_a_record: bool) -> ApiError:
    """The error for a non-2xx answer. `about_a_record`: the request named one
    download, so a 404 may mean that download is gone; any other 404 (and
    WordPress's "no route" anywhere) means the URL is not the API root."""
    status = answer.status_code
    words = _ServerWords(answer.content)
    said = _said(words.message)
    if status == 401:
        return AuthError(f"The store refused the token and secret key (401){said}.")
    if status == 403:
        return Forbidden(f"The store does not allow this request with this token (403){said}.")
    if status == 404:
        if words.code == NO_ROUTE or not about_a_record or not words.is_json_object:
            return wrong_root(root, words.code or "404")
        return NotFound(f"Not found{said or ' (no download with that id)'}.")
    if status == 400:
        return _bad_request(words)
    if status >= 500:
        return ServerError(f"The store had an internal error ({status}){said}.", status)
    if 300 <= status < 400:
        return BadResponse(
            f"The store redirected the request ({status}); check the API URL "
            "(https, trailing path)."
        )
    return ServerError(f"The store answered with status {status}{said}.", status)


def _bad_request(words: _ServerWords) -> ApiError:
    """400: a value the store rejected, or (as the API reference documents it) a
    refusal of the credentials."""
    if words.fields:
        names = list(words.fields)
        reasons = [reason.rstrip(".") for reason in words.fields.values() if reason]
        named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        said = _said("; ".join(reasons) if reasons else words.message)
        return InputRejected(f"The store rejected {named}{said}.",
                             fields={name: reason or words.message
                                     for name, reason in words.fields.items()})
    lowered = f"{words.code} {words.message}".lower()
    if not words.message or any(word in lowered for word in _AUTH_WORDS):
        return AuthError(f"The store refused the token and secret key{_said(words.message)}.")
    return InputRejected(f"The store rejected the request{_said(words.message)}.")


def wrong_root(root: ApiRoot, why: str) -> WrongApiRoot:
    pretty, plain = root.suggestions()
    message = (f"There is no Downloads API at {root.shown()} ({why}): the URL is not the "
               f"store's API root.")
    if root.shown() not in (pretty, plain):
        return WrongApiRoot(message, f"Try {pretty} (pretty permalinks) or {plain} (plain "
                                     f"permalinks, always works); the root is the URL before "
                                     f"/downloads.")
    other = plain if root.shown() == pretty else pretty
    index = plain.partition("?")[0] + "?rest_route=/"
    return WrongApiRoot(message, f"The site answers, but not with this API: open {index} to "
                                 f"see the namespaces it serves (the store's Downloads API "
                                 f"add-on must be active), or try {other}.")


def transport_error(exc: httpx.RequestError | TimeoutError, store: str,
                    timeout: float) -> ApiError:
    """The error for a request that got no usable answer from `store` (as shown)."""
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return TimedOut(f"The store at {store} did not answer within {timeout:g} s.")
    if isinstance(exc, httpx.DecodingError):
        return BadResponse("The store's answer could not be decoded.")
    return Unreachable(f"Could not connect to the store at {store} ({_transport_reason(exc)}).")


def too_large(limit: int) -> BadResponse:
    """The error for an answer longer than the client reads (`limit` bytes)."""
    return BadResponse(f"The store's answer was too large (over {limit / 2**20:g} MiB).")


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
