"""Shared helpers for the sandbox tests: credentials, a raw HTTP client, an oracle.

The sandbox is driven with plain httpx (not the project's client) so it is tested on
its own terms: the wire format the API reference describes.
"""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN

BASE_URL = "http://sandbox"
SOME_ID = "zzzzzzzzzzzz"  # fits the id pattern, never produced by the seed


def credentials(token: str = DEFAULT_TOKEN, secret: str = DEFAULT_SECRET) -> str:
    return base64.b64encode(f"{token}:{secret}".encode()).decode()


BEARER = f"Bearer {credentials()}"
BASIC = f"Basic {credentials()}"


@asynccontextmanager
async def open_client(
    app: Starlette, auth: str | None = BEARER
) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client for `app`; closes the app's store afterwards."""
    headers = {"Authorization": auth} if auth else {}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url=BASE_URL, headers=headers, timeout=10
        ) as client:
            yield client
    finally:
        await app.state.store.close()


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


def matches_search(record: dict[str, Any], term: str) -> bool:
    """The search rule, independently stated: a case-insensitive substring of the text
    fields, or an exact product or order id when the term is all digits."""
    lowered = term.lower()
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
