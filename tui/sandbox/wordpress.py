"""What a WordPress site does around the Downloads API (DESIGN §1, "What a real store
sends"): where the API is on the site, what the rest of the site answers, and how
WordPress's database layer hands a record over.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from tui.sandbox.errors import no_route

#: The plugin's REST namespace: every route of the API is under it.
WP_NAMESPACE = "/wp-easycart/v1"
#: Where WordPress serves its REST API with pretty permalinks.
REST_PREFIX = "/wp-json"
#: Where a request may name its route in `rest_route` (WordPress with plain permalinks).
_REST_ROUTE_PATHS = ("/", "/index.php")

NOT_FOUND_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Page not found – Sandbox Store</title></head>"
    "<body><h1>Oops! That page can’t be found.</h1></body></html>\n"
)


class WordPressSite:
    """The site the API lives in: the API at `/wp-json/wp-easycart/v1/...` (pretty
    permalinks) and at `/?rest_route=/wp-easycart/v1/...` (plain permalinks), with the
    request's own parameters beside `rest_route`. Another REST route gets WordPress's
    `rest_no_route`; any other page, the theme's 404 page.

    The route is handed on relative to the namespace and still percent-encoded, so that
    an id holding an encoded `/` stays one segment; the handler decodes the id once
    more, as WordPress does (`WordPressFlavor.read_id`).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route, query = _requested_route(scope)
        path = None if route is None else _path_in_namespace(route)
        if path is not None:
            api_scope = {**scope, "path": path, "raw_path": path.encode(), "query_string": query}
            await self.app(api_scope, receive, send)
            return
        answer: Response = (
            HTMLResponse(NOT_FOUND_PAGE, status_code=404)
            if route is None
            else no_route().response()
        )
        await answer(scope, receive, send)


def _requested_route(scope: Scope) -> tuple[str | None, bytes]:
    """The REST route asked for (percent-encoded) and the query without `rest_route`;
    None for a request that is not for the REST API."""
    raw_path = scope.get("raw_path")
    path = raw_path.decode("latin-1") if raw_path else quote(scope["path"])
    if path == REST_PREFIX or path.startswith(f"{REST_PREFIX}/"):
        return path.removeprefix(REST_PREFIX), scope["query_string"]
    if path in _REST_ROUTE_PATHS:
        pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        routes = [value for name, value in pairs if name == "rest_route"]
        if routes:  # PHP keeps the last of repeated parameters
            others = [(name, value) for name, value in pairs if name != "rest_route"]
            return routes[-1], urlencode(others).encode()
    return None, b""


def _path_in_namespace(route: str) -> str | None:
    """`route` relative to the plugin's namespace, or None if it is not in it. WordPress
    drops a trailing slash from the route."""
    route = route.rstrip("/")
    if route != WP_NAMESPACE and not route.startswith(f"{WP_NAMESPACE}/"):
        return None
    return route.removeprefix(WP_NAMESPACE) or "/"


def database_row(record: Mapping[str, Any]) -> dict[str, str]:
    """A record as WordPress's database layer returns its row: every column a string,
    and the S3 flag under its column's name, `is_amazon_download`, as "0" or "1"."""
    row: dict[str, str] = {}
    for name, value in record.items():
        if name == "is_amazon":
            row["is_amazon_download"] = "1" if value else "0"
        else:
            row[name] = str(value)
    return row
