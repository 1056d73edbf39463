"""A scripted in-process store: answers what a test says and records what it got."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from tui.api.client import DownloadsClient, encode_credentials

TOKEN, SECRET = "tok-123", "s3cr3t-value"
BASE = "https://shop.example.com/wp-json/easycart/v1"
BEARER = f"Bearer {encode_credentials(TOKEN, SECRET)}"
BASIC = f"Basic {encode_credentials(TOKEN, SECRET)}"

RECORD: dict[str, Any] = {
    "download_id": "abc123",
    "date_created": "2025-01-02 03:04:05",
    "product_id": 7,
    "order_id": 42,
    "download_count": 3,
    "download_file_name": "ebook.pdf",
    "is_amazon": False,
    "amazon_key": "",
}


class ScriptedStore:
    """Answers every request with `answer(request)`; keeps each request it saw."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self._answer = answer

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._answer(request)

    def client(self, **kwargs: Any) -> DownloadsClient:
        return DownloadsClient(
            BASE, TOKEN, SECRET, transport=httpx.MockTransport(self.handler), **kwargs
        )

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def last_body(self) -> Any:
        return json.loads(self.last.content)


def answering(status: int = 200, body: Any = None, *, text: str | None = None,
              headers: dict[str, str] | None = None) -> ScriptedStore:
    """A store that always gives the same answer."""

    def answer(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return ScriptedStore(answer)


def record_number(number: int) -> dict[str, Any]:
    """A record with a real store's kind of id: 45 lowercase hex characters."""
    return {**RECORD, "download_id": f"{number:045x}", "order_id": number}


class PagedStore(ScriptedStore):
    """A store of `rows` records that serves at most `cap` of them per page.

    A WordPress route clamps `perpage` and counts its pages in the clamped size
    (`offsets="capped"`); a plugin may also count them in the size asked for
    (`offsets="asked"`). `totals` adds WordPress's total headers, `wrapped` sends
    EasyCart's `{"results", "pagination": {"more"}}` instead of a bare array."""

    def __init__(self, rows: int, cap: int = 100, *, offsets: str = "capped",
                 totals: bool = False, wrapped: bool = False) -> None:
        self.records = [record_number(n) for n in range(1, rows + 1)]
        self.cap, self.offsets, self.totals, self.wrapped = cap, offsets, totals, wrapped
        super().__init__(self._page)

    def _page(self, request: httpx.Request) -> httpx.Response:
        page, asked = int(request.url.params["page"]), int(request.url.params["perpage"])
        size = min(asked, self.cap)
        start = (page - 1) * (size if self.offsets == "capped" else asked)
        found = self.searched(request.url.params.get("search"))
        items = found[start:start + size]
        headers = {}
        if self.totals:
            headers = {"X-WP-Total": str(len(found)),
                       "X-WP-TotalPages": str(max(1, -(-len(found) // size)))}
        if self.wrapped:
            more = start + size < len(found)
            return httpx.Response(200, json={"results": items, "pagination": {"more": more}},
                                  headers=headers)
        return httpx.Response(200, json=items, headers=headers)

    def searched(self, search: str | None) -> list[dict[str, Any]]:
        """The records a search finds: those whose id holds it."""
        return [r for r in self.records if search is None or search in r["download_id"]]

    def asked(self) -> list[tuple[int, int]]:
        """(page, perpage) of every list request, in order."""
        return [(int(r.url.params["page"]), int(r.url.params["perpage"])) for r in self.requests]
