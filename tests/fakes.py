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
