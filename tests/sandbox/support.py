"""Shared helpers for the sandbox tests: credentials, a raw HTTP client for either
flavour and either form of a WordPress API root, oracles.

The sandbox is driven with plain httpx (not the project's client) so it is tested on
its own terms: the wire format the API reference describes, or a real store sends.
"""

from __future__ import annotations

import base64
import sqlite3
import subprocess
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode

import httpx
import pytest
from starlette.applications import Starlette

from tests.hostile_support import COMMAND
from tui.api.models import FIELDS, INTEGER_FIELDS
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN, FlavorName, create_app

BASE_URL = "http://sandbox"
SOME_ID = "zzzzzzzzzzzz"  # fits the id pattern, never produced by the seed
#: The plugin's REST namespace, and where WordPress serves it with pretty permalinks.
NAMESPACE = "/wp-easycart/v1"
PRETTY_ROOT = f"/wp-json{NAMESPACE}"
#: The keys of a record as a WordPress store sends it.
WORDPRESS_FIELDS = tuple("is_amazon_download" if name == "is_amazon" else name for name in FIELDS)

UrlForm = Literal["root", "pretty", "query"]


@dataclass(frozen=True)
class Site:
    """A sandbox store of one flavour, reached through one form of its API root: the
    site's root (plain), `/wp-json/...` or `/?rest_route=/...` (WordPress)."""

    flavor: FlavorName
    form: UrlForm

    def __str__(self) -> str:
        names = {"root": "plain", "pretty": "wordpress", "query": "wordpress-rest_route"}
        return names[self.form]

    @property
    def fields(self) -> tuple[str, ...]:
        return WORDPRESS_FIELDS if self.flavor == "wordpress" else FIELDS

    @property
    def refusal(self) -> dict[str, Any]:
        """The body that refuses bad credentials (its status is `data.status`)."""
        if self.flavor == "wordpress":
            message, status = "Sorry, you are not allowed to do that.", 401
        else:
            message, status = "Unauthorized", 400
        return {"code": "rest_forbidden", "message": message, "data": {"status": status}}

    @property
    def no_such_download(self) -> dict[str, Any]:
        """The body that answers an id the store does not hold."""
        if self.flavor == "wordpress":
            code, message = "rest_download_invalid_id", "Invalid download ID."
        else:
            code, message = "rest_not_found", "No download with that id."
        return {"code": code, "message": message, "data": {"status": 404}}

    def app(self, **options: Any) -> Starlette:
        return create_app(flavor=self.flavor, **options)


PLAIN = Site("plain", "root")
WORDPRESS = Site("wordpress", "pretty")
WORDPRESS_REST_ROUTE = Site("wordpress", "query")
SITES = (PLAIN, WORDPRESS, WORDPRESS_REST_ROUTE)
#: Marks a test that takes the `site` fixture as one for a single flavour.
ONLY_PLAIN = pytest.mark.parametrize("site", [PLAIN], ids=str)
ONLY_WORDPRESS = pytest.mark.parametrize("site", [WORDPRESS, WORDPRESS_REST_ROUTE], ids=str)


@pytest.fixture(name="site", params=SITES, ids=str)
def each_site(request: pytest.FixtureRequest) -> Site:
    """`site`: each flavour in turn, WordPress through both forms of its API root."""
    return request.param


def credentials(token: str = DEFAULT_TOKEN, secret: str = DEFAULT_SECRET) -> str:
    return base64.b64encode(f"{token}:{secret}".encode()).decode()


BEARER = f"Bearer {credentials()}"
BASIC = f"Basic {credentials()}"


class RestRouteTransport(httpx.AsyncBaseTransport):
    """Sends each request as a client of a WordPress site with plain permalinks does:
    to the site's root, the resource path (still percent-encoded) in `rest_route`, the
    request's own parameters beside it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path.split(b"?")[0].decode("ascii")
        params = [("rest_route", NAMESPACE + path), *request.url.params.multi_items()]
        request.url = request.url.copy_with(path="/", query=urlencode(params).encode())
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@asynccontextmanager
async def open_client(
    app: Starlette, auth: str | None = BEARER, form: UrlForm = "root"
) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client for `app` whose paths are relative to the API root in the
    given form; closes the app's store afterwards."""
    headers = {"Authorization": auth} if auth else {}
    transport: httpx.AsyncBaseTransport = httpx.ASGITransport(app=app)
    if form == "query":
        transport = RestRouteTransport(transport)
    base_url = BASE_URL + PRETTY_ROOT if form == "pretty" else BASE_URL
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url=base_url, headers=headers, timeout=10
        ) as client:
            yield client
    finally:
        await app.state.store.close()


def open_site(
    site: Site, auth: str | None = BEARER, **options: Any
) -> AbstractAsyncContextManager[httpx.AsyncClient]:
    """A client for a new store of `site`'s flavour, made with `options`."""
    return open_client(site.app(**options), auth, site.form)


def record_path(download_id: str) -> str:
    """A record's path, its id quoted as one path segment (as a client must)."""
    return f"/downloads/{quote(download_id, safe='')}"


def typed(record: dict[str, Any]) -> dict[str, Any]:
    """A record typed as the reference types it, whichever flavour sent it."""
    if "is_amazon_download" not in record:
        return record
    values = {**record, "is_amazon": {"0": False, "1": True}[record["is_amazon_download"]]}
    values |= {name: int(record[name]) for name in INTEGER_FIELDS}
    return {name: values[name] for name in FIELDS}


async def all_records(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    """Every record the list gives for `params`, page by page (bounded)."""
    records: list[dict[str, Any]] = []
    for page in range(1, 10_000):
        response = await client.get("/downloads", params={**params, "page": page, "perpage": 100})
        assert response.status_code == 200, response.text
        batch = response.json()
        records += batch
        if len(batch) < 100:
            return records
    raise AssertionError("the list did not end")


def matches_search(record: dict[str, Any], term: str, flavor: FlavorName = "plain") -> bool:
    """The search rule, independently stated. Plain: a case-insensitive substring of
    the text fields, or an exact product or order id when the term is all digits.
    WordPress: a case-insensitive substring of the id, the order and product ids
    (as text) or the file name."""
    record = typed(record)
    lowered = term.lower()
    if flavor == "wordpress":
        fields = ("download_id", "order_id", "product_id", "download_file_name")
        return any(lowered in str(record[field]).lower() for field in fields)
    if any(
        lowered in record[field].lower()
        for field in ("download_id", "download_file_name", "amazon_key")
    ):
        return True
    return term.isdigit() and int(term) in (record["product_id"], record["order_id"])


def assert_error(response: httpx.Response, status: int, code: str, *names: str) -> dict[str, Any]:
    """The WordPress-style error body, naming exactly `names` when given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert body["data"]["status"] == status
    if names:
        assert set(body["data"]["params"]) == set(names)
        for name in names:
            assert name in body["message"]
    return body


def make_foreign_database(path: Path) -> None:
    """An SQLite file that belongs to something else than the sandbox."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE posts (id INTEGER)")
        connection.commit()


def add_download(db: Path, download_id: str) -> dict[str, Any]:
    """Write a record straight into a sandbox store's database file, under any id (as
    code other than the API may), and return it as the plain flavour sends it."""
    record = {
        "download_id": download_id,
        "date_created": "2025-01-02 03:04:05",
        "product_id": 77,
        "order_id": 88,
        "download_count": 1,
        "download_file_name": "written-directly.pdf",
        "is_amazon": False,
        "amazon_key": "",
    }
    sql = f"INSERT INTO downloads ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})"
    with closing(sqlite3.connect(db)) as connection:
        connection.execute(sql, list(record.values()))
        connection.commit()
    return record


#: The most a sandbox in a process of its own takes to say where it listens.
BANNER_SECONDS = 30


def _read_banner(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if "EASYCART_URL=" in line:
            return


@contextmanager
def serving_sandbox(*flags: str) -> Iterator[str]:
    """`easycart-tui sandbox --port 0 FLAGS` running; yields its banner up to the
    example command line (waiting at most BANNER_SECONDS), stops it afterwards."""
    process = subprocess.Popen(
        [COMMAND, "sandbox", "--port", "0", *flags],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        lines: list[str] = []
        reader = threading.Thread(target=_read_banner, args=(process, lines), daemon=True)
        reader.start()
        reader.join(timeout=BANNER_SECONDS)
        yield "".join(lines)
    finally:
        process.terminate()
        process.wait(timeout=15)


def listening_url(banner: str) -> str:
    """The API root a sandbox's banner says it listens on."""
    return next(line for line in banner.splitlines()
                if line.startswith("Sandbox store listening on ")).split()[-1]
