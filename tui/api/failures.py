"""What a failed request means, as one `ApiError` with a message a store admin
can act on.

Messages are built from facts we chose (status, field, the store's root) and
from the store's own words made printable and short, never from the request,
so no credential can end up in one.
"""

from __future__ import annotations

import ssl

import httpx

from tui.api.answers import Answer
from tui.api.certificates import certificate_refused
from tui.api.error_pages import is_fatal_error, page_text
from tui.api.errors import (
    ApiError,
    AuthError,
    BadResponse,
    Forbidden,
    InputRejected,
    NotFound,
    NotJson,
    PhpFatalError,
    ProxyFailed,
    Redirected,
    ServerError,
    TimedOut,
    Unreachable,
    WrongApiRoot,
)
from tui.api.root import ROUTE_PARAM, ApiRoot

_MAX_SERVER_TEXT = 160
#: The most of a page that was not JSON a message quotes.
_MAX_QUOTED = 60
_AUTH_WORDS = ("auth", "forbidden", "credential", "token", "secret", "permission", "login")
#: WordPress's code for a path that matches none of its routes.
NO_ROUTE = "rest_no_route"


def clean(text: str, limit: int = _MAX_SERVER_TEXT) -> str:
    """Server text made safe to show: printable, one line, at most `limit` characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def ending(message: str) -> str:
    """`message` as the end of a sentence that names its status: ": the message"."""
    return f": {message.rstrip('.')}" if message else ""


class ServerWords:
    """What a WordPress-style error body says: `{code, message, data: {status,
    params: {field: reason}}}` (or `field` beside `message`); a message in HTML, as
    its words."""

    def __init__(self, answer: Answer) -> None:
        data = answer.read.value
        self.is_json_object = isinstance(data, dict)
        if not isinstance(data, dict):
            data = {}
        self.code = clean(str(data.get("code") or ""))
        self.message = clean(page_text(str(data.get("message") or "")))
        details = data.get("data")
        params = details.get("params") if isinstance(details, dict) else None
        self.fields: dict[str, str] = {}
        if isinstance(params, dict):
            self.fields = {clean(str(name)): clean(str(reason or ""))
                           for name, reason in params.items()}
        elif isinstance(data.get("field"), str):
            self.fields = {clean(data["field"]): ""}


def status_error(answer: Answer, root: ApiRoot, *, about_a_record: bool,
                 asked: httpx.URL | None = None) -> ApiError:
    """The error for a non-2xx answer to the request for `asked`. `about_a_record`:
    the request named one download, so a 404 may mean that download is gone; any
    other 404 (and WordPress's "no route" anywhere) means the URL is not the API root."""
    status = answer.status_code
    words = ServerWords(answer)
    said = ending(words.message)
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
        return _server_failed(answer, words)
    if 300 <= status < 400:
        return redirected(answer, root, asked or root.site)
    return ServerError(f"The store answered with status {status}{said}.", status)


def _page_words(answer: Answer, limit: int = _MAX_SERVER_TEXT) -> str:
    """What a body that is no JSON says, as words on one line (a page without its tags)."""
    return clean(page_text(answer.content.decode("utf-8", errors="replace")), limit)


def _server_failed(answer: Answer, words: ServerWords) -> ServerError:
    """5xx: the store's words (its JSON's message, else its page's text), and PHP's
    fatal error named as such."""
    status = answer.status_code
    text = words.message
    if not words.is_json_object:
        text = _page_words(answer)
    if status == 500 and is_fatal_error(words.code, text):
        return PhpFatalError(f"The store's PHP code stopped with a fatal error ({status})"
                             f"{ending(text)}.", status)
    return ServerError(f"The store had an internal error ({status}){ending(text)}.", status)


def not_json(answer: Answer, *, api_answered: bool, write: bool) -> NotJson:
    """The error for a successful answer that holds no JSON at all. Only while no
    answer has shown the API to be at the URL (`api_answered`) is the URL the likely
    cause; after one, a plugin or the web server answered in the API's place, and
    after a `write`, the change may have been made all the same."""
    quoted = _page_words(answer, _MAX_QUOTED)
    what = (f"The store's answer was not JSON (it read “{quoted}”)" if quoted
            else "The store sent an empty answer")
    if not api_answered:
        return NotJson(f"{what}: check that the URL points at the store's API root.")
    made = "; the change may have been made, so look before making it again" if write else ""
    return NotJson(f"{what}, though its API has answered: a plugin or the web server sent "
                   f"this answer in its place{made}.")


def _bad_request(words: ServerWords) -> ApiError:
    """400: a value the store rejected, or (as the API reference documents it) a
    refusal of the credentials."""
    if words.fields:
        names = list(words.fields)
        reasons = [reason.rstrip(".") for reason in words.fields.values() if reason]
        named = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        said = ending("; ".join(reasons) if reasons else words.message)
        return InputRejected(f"The store rejected {named}{said}.",
                             fields={name: reason or words.message
                                     for name, reason in words.fields.items()})
    lowered = f"{words.code} {words.message}".lower()
    if not words.message or any(word in lowered for word in _AUTH_WORDS):
        return AuthError(f"The store refused the token and secret key{ending(words.message)}.")
    return InputRejected(f"The store rejected the request{ending(words.message)}.")


def redirected(answer: Answer, root: ApiRoot, asked: httpx.URL) -> Redirected:
    """A redirect, which is never followed (the credentials would go with it): where
    it points, and the API root that would be there, to use if it is the store's."""
    status = answer.status_code
    target = _location(answer.headers.get("location", ""), asked)
    if target is None:
        return Redirected(f"The store redirected the request ({status}) without saying "
                          "where to; check the API URL (https, trailing path).")
    moved = _moved_root(target, root, asked)
    if target.host != asked.host:
        return Redirected(f"The store redirected to another host ({clean(target.host)}); it "
                          f"is not followed, so credentials stay with the store: if {moved} "
                          f"is the store's, use it as the API URL.")
    shown = _shown(target)
    use = "it" if moved == shown else moved
    return Redirected(f"The store redirected the request ({status}) to {shown}; it is not "
                      f"followed: if that is the store's, use {use} as the API URL.")


def _location(location: str, asked: httpx.URL) -> httpx.URL | None:
    """Where a `Location` header points, resolved against the request; None unless
    it is an http(s) URL with a host."""
    try:
        target = asked.join(location.strip()) if location.strip() else None
    except (httpx.InvalidURL, ValueError):
        return None
    if target is None or target.scheme not in ("http", "https") or not target.host:
        return None
    return target


def _shown(url: httpx.URL) -> str:
    """`url` as a message may show it: no user, password or fragment, and of its query
    only the API route (a query may hold anything, credentials too), made printable."""
    route = url.params.get(ROUTE_PARAM)
    bare = url.copy_with(query=None, fragment=None)
    if route is not None:
        bare = bare.copy_merge_params({ROUTE_PARAM: route})
    return clean(ApiRoot.parse(str(bare)).shown())


def _moved_root(target: httpx.URL, root: ApiRoot, asked: httpx.URL) -> str:
    """The API root at `target`, as shown: `target` less the resource the request
    asked for (e.g. /authenticate/test), when it ends with it; else `target`."""
    if root.route is None:
        base, whole, there = root.site.path.rstrip("/"), asked.path, target.path
    else:
        base = root.route.rstrip("/")
        whole = asked.params.get(ROUTE_PARAM, "")
        there = target.params.get(ROUTE_PARAM, "")
    resource = whole.removeprefix(base)
    if not (whole.startswith(base) and resource and there.endswith(resource)):
        return _shown(target)
    kept = there.removesuffix(resource) or "/"
    if root.route is None:
        return _shown(target.copy_with(path=kept, query=None))
    return _shown(target.copy_with(query=None).copy_merge_params({ROUTE_PARAM: kept}))


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


def transport_error(exc: httpx.RequestError | TimeoutError, store: str, timeout: float,
                    proxy: str | None = None) -> ApiError:
    """The error for a request that got no usable answer from `store` (as shown),
    sent through `proxy` (as shown) when one is named: a proxy that could not be
    reached, or would not open the way, is the proxy's problem, not the store's."""
    through = f" (through the proxy at {proxy})" if proxy else ""
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return TimedOut(f"The store at {store} did not answer within {timeout:g} s{through}.")
    if isinstance(exc, httpx.DecodingError):
        return BadResponse("The store's answer could not be decoded.")
    chain = _chain(exc)
    refused = certificate_refused(chain, httpx.URL(store).host)
    if refused is not None:
        return refused
    if proxy is not None and isinstance(exc, httpx.ProxyError):
        return _proxy_refused(exc, proxy)
    tls = any(isinstance(item, ssl.SSLError) for item in chain)
    if proxy is not None and isinstance(exc, httpx.ConnectError) and not tls:
        return ProxyFailed(f"Could not connect through the proxy at {proxy} "
                           f"({_transport_reason(exc, chain)}).")
    return Unreachable(f"Could not connect to the store at {store}{through} "
                       f"({_transport_reason(exc, chain)}).")


def _proxy_refused(exc: httpx.ProxyError, proxy: str) -> ProxyFailed:
    """The proxy answered the request for a tunnel with a refusal ("407 Proxy
    Authentication Required"): its status is said, its words are not."""
    status = str(exc).split(" ", 1)[0]
    if status == "407":
        return ProxyFailed(f"The proxy at {proxy} asks for a user and password (407).",
                           hint="Give them in the proxy's URL (http://USER:PASSWORD@HOST:PORT "
                           "in HTTPS_PROXY or ALL_PROXY), or name the store's host in "
                           "NO_PROXY to reach it directly.")
    if status.isdigit():
        return ProxyFailed(f"The proxy at {proxy} refused to open a connection to the store "
                           f"({status}).")
    return ProxyFailed(f"Could not connect through the proxy at {proxy} "
                       f"({_transport_reason(exc, _chain(exc))}).")


def too_large(limit: int) -> BadResponse:
    """The error for an answer longer than the client reads (`limit` bytes)."""
    return BadResponse(f"The store's answer was too large (over {limit / 2**20:g} MiB).")


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and the exceptions behind it (the async stack wraps "connection
    refused" in "all attempts failed", and httpx wraps the ssl error)."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 8:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    return chain


def _transport_reason(exc: httpx.RequestError, chain: list[BaseException]) -> str:
    """What went wrong, in a few words, from the exception and the ones behind it."""
    text = " ".join(str(item) for item in chain).lower()
    if any(isinstance(item, ConnectionRefusedError) for item in chain) or "refused" in text:
        return "connection refused"
    if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
        return "unknown host"
    if any(isinstance(item, ssl.SSLError) for item in chain) or "ssl" in text:
        return "the TLS handshake failed"
    if any(isinstance(item, ConnectionResetError) for item in chain) or "reset" in text:
        return "connection reset"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection closed unexpectedly"
    return "network error"
