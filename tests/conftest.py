"""Shared fixtures for the app's tests: a sandbox store in-process, and a record
of every request it received."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

#: The moment every UI test runs at, so "3 days ago" never changes.
FIXED_NOW = datetime(2025, 7, 3, 12, 0, 0, tzinfo=timezone.utc)
SANDBOX_BASE = "http://sandbox.invalid"

Fault = Callable[[httpx.Request], httpx.Response | None]


class RecordingTransport(httpx.AsyncBaseTransport):
    """Records each request, can hold some back or fail them, then asks the store."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []
        self.delays: list[tuple[Callable[[httpx.Request], bool], float]] = []
        self.faults: list[Fault] = []
        #: Requests started but not yet answered, and the most there ever were.
        self.in_flight = 0
        self.most_in_flight = 0
        self.cancelled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            for matches, seconds in self.delays:
                if matches(request):
                    await asyncio.sleep(seconds)
            for fault in self.faults:
                if (response := fault(request)) is not None:
                    return response
            return await self.inner.handle_async_request(request)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1

    def list_params(self) -> list[dict[str, str]]:
        """The query parameters of every `GET /downloads`, in order."""
        return [
            dict(request.url.params)
            for request in self.requests
            if request.method == "GET" and request.url.path.endswith("/downloads")
        ]

    def bodies(self, method: str) -> list[dict[str, Any]]:
        """The JSON bodies sent with `method`, in order."""
        return [json.loads(r.content) for r in self.requests if r.method == method]

    def count(self, method: str) -> int:
        return sum(1 for request in self.requests if request.method == method)


@dataclass
class Sandbox:
    """An in-process sandbox store, the recording transport in front of it, and a
    separate client to check what the store holds afterwards."""

    asgi: Any
    transport: RecordingTransport

    def client(self, *, recorded: bool = True) -> Any:
        from tui.api.client import DownloadsClient
        from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN

        transport = self.transport if recorded else httpx.ASGITransport(app=self.asgi)
        return DownloadsClient(SANDBOX_BASE, DEFAULT_TOKEN, DEFAULT_SECRET, transport=transport)

    async def holds(self, download_id: str) -> Any:
        """The record as the store now has it (None when it is gone)."""
        from tui.api.errors import NotFound

        async with self.client(recorded=False) as client:
            try:
                return await client.get(download_id)
            except NotFound:
                return None

    def app(self, **options: Any) -> Any:
        """The app, on this store, at the fixed clock, with a steady cursor.

        No page cache unless asked for (`cache_pages=N`): most UI tests pin the
        exact requests each key sends; the cache's own tests turn it on."""
        from tui.app import EasyCartApp

        options.setdefault("cache_pages", 0)
        options.setdefault("clock", lambda: FIXED_NOW)
        options.setdefault("cursor_blink", False)
        return EasyCartApp(self.client(), "sandbox", **options)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recovery and crash logs of every test go to a fresh directory, never the
    user's own."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("EASYCART_TUI_DATA", str(data))
    return data


@pytest.fixture
def make_sandbox() -> Callable[..., Sandbox]:
    """`make_sandbox(records=120, totals=False)`: a fresh store per call."""
    from tui.sandbox import create_app

    def make(records: int = 120, **options: Any) -> Sandbox:
        asgi = create_app(records=records, **options)
        return Sandbox(asgi, RecordingTransport(httpx.ASGITransport(app=asgi)))

    return make


@pytest.fixture
def sandbox(make_sandbox: Callable[..., Sandbox]) -> Sandbox:
    return make_sandbox()


async def wait_until(
    condition: Callable[[], bool | Awaitable[bool]], timeout: float = 5.0, what: str = ""
) -> None:
    """Poll `condition` every 20 ms for at most `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = condition()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.02)
