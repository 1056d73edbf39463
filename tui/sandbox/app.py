"""The sandbox store as an ASGI application: the Downloads API of a WP EasyCart store.

Routes are relative to the API root, which is the application's root. Settings a test
or a demo may change while it runs (latency, total headers) live on `app.state` and
are read on every request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from tui.sandbox.auth import DEFAULT_SECRET, DEFAULT_TOKEN, Credentials, authorize
from tui.sandbox.errors import (
    ApiFailure,
    failure_response,
    internal_error_response,
    no_route_response,
    not_found,
)
from tui.sandbox.store import DownloadStore, Record
from tui.sandbox.validation import check_download_id, parse_list_params, read_changes

Handler = Callable[[Request], Awaitable[Response]]


def create_app(
    records: int = 1000,
    db: str | None = None,
    latency_ms: int = 0,
    token: str = DEFAULT_TOKEN,
    secret: str = DEFAULT_SECRET,
    totals: bool = False,
) -> Starlette:
    """A sandbox store with `records` sample downloads, in memory or in the file `db`.

    The store opens here, not at startup: an in-process transport runs no lifespan.
    With `totals`, list answers carry `X-WP-Total` and `X-WP-TotalPages`, as some
    stores' do; without, they are bare arrays like the reference's.
    """
    app = Starlette(
        routes=[
            _route("/downloads", "GET", list_downloads, writes=False),
            _route("/downloads", "POST", create_download, writes=True),
            _route("/downloads/{download_id}", "GET", get_download, writes=False),
            _route("/downloads/{download_id}", "PATCH", update_download, writes=True),
            _route("/downloads/{download_id}", "DELETE", delete_download, writes=True),
            _route("/authenticate/test", "POST", authenticate_test, writes=False),
        ],
        middleware=[Middleware(LatencyMiddleware)],
        exception_handlers={
            ApiFailure: failure_response,
            404: no_route_response,
            405: no_route_response,
            Exception: internal_error_response,
        },
        lifespan=_lifespan,
    )
    app.router.redirect_slashes = False  # a store answers 404, not a redirect
    app.state.store = DownloadStore(db or ":memory:", records)
    app.state.credentials = Credentials(token, secret)
    app.state.latency_ms = latency_ms
    app.state.totals = totals
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
        authorize(
            request.headers.get("authorization"),
            request.app.state.credentials,
            bearer_only=writes,
        )
        return await handler(request)

    return Route(path, endpoint, methods=[method], name=handler.__name__)


def _store(request: Request) -> DownloadStore:
    return request.app.state.store


def _found(record: Record | None) -> JSONResponse:
    if record is None:
        raise not_found()
    return JSONResponse(record)


async def list_downloads(request: Request) -> Response:
    params = parse_list_params(request.query_params)
    store = _store(request)
    records = await store.list(
        params.page, params.perpage, params.sortby, params.sortdir, params.search
    )
    headers: dict[str, str] = {}
    if request.app.state.totals:
        total = await store.count(params.search)
        headers["X-WP-Total"] = str(total)
        headers["X-WP-TotalPages"] = str(-(-total // params.perpage))
    return JSONResponse(records, headers=headers)


async def create_download(request: Request) -> Response:
    return JSONResponse(await _store(request).create(await read_changes(request)))


async def get_download(request: Request) -> Response:
    return _found(await _store(request).get(_path_id(request)))


async def update_download(request: Request) -> Response:
    download_id = _path_id(request)
    return _found(await _store(request).update(download_id, await read_changes(request)))


async def delete_download(request: Request) -> Response:
    return _found(await _store(request).delete(_path_id(request)))


async def authenticate_test(request: Request) -> Response:
    return JSONResponse({"authenticated": True})


def _path_id(request: Request) -> str:
    return check_download_id(request.path_params["download_id"])
