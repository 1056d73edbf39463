"""The sandbox store as an ASGI application: the Downloads API of a WP EasyCart store.

Routes are relative to the API root; where that root is on the site, and everything
else that differs between a plain and a WordPress store, is the flavour's
(`tui.sandbox.flavors`); what real hosts do to it, their own (`tui.sandbox.hosts`).
Settings a test or a demo may change while it runs (latency, total headers) live on
`app.state` and are read on every request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from tui.api.models import MAX_PERPAGE
from tui.sandbox.auth import Credentials, refusal
from tui.sandbox.errors import (
    ApiFailure,
    failure_response,
    internal_error_response,
    no_route_response,
)
from tui.sandbox.flavors import FLAVORS, Flavor
from tui.sandbox.hosts import host_middleware
from tui.sandbox.options import SandboxOptions
from tui.sandbox.store import DownloadStore, Record
from tui.sandbox.validation import ListParams, parse_list_params, read_changes

Handler = Callable[[Request], Awaitable[Response]]


def create_app(options: SandboxOptions | None = None, /, **fields: Any) -> Starlette:
    """A sandbox store made with `options` (`SandboxOptions`; `fields` change some).

    The store opens here, not at startup: an in-process transport runs no lifespan.
    Raises `ValueError` for an option no store can have.
    """
    options = SandboxOptions.given(options, fields)
    kind = FLAVORS[options.flavor]
    app = Starlette(
        routes=[
            _route("/downloads", "GET", list_downloads, writes=False),
            _route("/downloads", "POST", create_download, writes=True),
            _route("/downloads/{download_id}", "GET", get_download, writes=False),
            _route("/downloads/{download_id}", "PATCH", update_download, writes=True),
            _route("/downloads/{download_id}", "DELETE", delete_download, writes=True),
            _route("/authenticate/test", "POST", authenticate_test, writes=False),
        ],
        middleware=[*host_middleware(options), Middleware(LatencyMiddleware),
                    *kind.middleware],
        exception_handlers={
            ApiFailure: failure_response,
            404: no_route_response,
            405: no_route_response,
            Exception: internal_error_response,
        },
        lifespan=_lifespan,
    )
    app.router.redirect_slashes = False  # a store answers 404, not a redirect
    app.state.flavor = kind
    app.state.store = DownloadStore(options.db or ":memory:", options.records, kind.search_rule)
    app.state.credentials = Credentials(options.token, options.secret)
    app.state.perpage_cap = MAX_PERPAGE if options.perpage_cap is None else options.perpage_cap
    app.state.refuse_perpage_over = options.refuse_perpage_over
    app.state.latency_ms = options.latency_ms
    app.state.totals = options.totals
    app.state.unsorted = frozenset(options.unsorted)
    return app


@asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    yield
    await app.state.store.close()


class LatencyMiddleware:
    """Delay every answer by `app.state.latency_ms`, to feel a slow link."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["app"].state.latency_ms > 0:
            await asyncio.sleep(scope["app"].state.latency_ms / 1000)
        await self.app(scope, receive, send)


def _route(path: str, method: str, handler: Handler, *, writes: bool) -> Route:
    """A route whose credentials are checked before anything else the handler looks at;
    writes take Bearer authorization only."""

    async def endpoint(request: Request) -> Response:
        reason = refusal(
            request.headers.get("authorization"),
            request.app.state.credentials,
            bearer_only=writes,
        )
        if reason is not None:
            raise _flavor(request).refused(reason)
        return await handler(request)

    return Route(path, endpoint, methods=[method], name=handler.__name__)


def _store(request: Request) -> DownloadStore:
    return request.app.state.store


def _flavor(request: Request) -> Flavor:
    return request.app.state.flavor


def _found(request: Request, record: Record | None) -> JSONResponse:
    if record is None:
        raise _flavor(request).no_such_download()
    return JSONResponse(_flavor(request).present(record))


async def list_downloads(request: Request) -> Response:
    state = request.app.state
    params = parse_list_params(
        request.query_params,
        strict=state.flavor.strict_list_query,
        perpage_cap=state.perpage_cap,
        perpage_max=state.refuse_perpage_over,
    )
    store = _store(request)
    sortby, sortdir = params.sortby, params.sortdir
    if sortby in state.unsorted:
        sortby, sortdir = ListParams.sortby, ListParams.sortdir
    records = await store.list(params.page, params.perpage, sortby, sortdir, params.search)
    headers: dict[str, str] = {}
    if state.totals:
        total = await store.count(params.search)
        headers["X-WP-Total"] = str(total)
        headers["X-WP-TotalPages"] = str(-(-total // params.perpage))
    return JSONResponse([state.flavor.present(record) for record in records], headers=headers)


async def create_download(request: Request) -> Response:
    return _found(request, await _store(request).create(await read_changes(request)))


async def get_download(request: Request) -> Response:
    return _found(request, await _store(request).get(_path_id(request)))


async def update_download(request: Request) -> Response:
    download_id = _path_id(request)
    changes = await read_changes(request)
    return _found(request, await _store(request).update(download_id, changes))


async def delete_download(request: Request) -> Response:
    return _found(request, await _store(request).delete(_path_id(request)))


async def authenticate_test(request: Request) -> Response:
    return JSONResponse({"authenticated": True})


def _path_id(request: Request) -> str:
    return _flavor(request).read_id(request.path_params["download_id"])
