"""Shared fixtures for the app's tests: a sandbox store in-process, and a record
of every request it received."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import httpx
import pytest

#: The moment every UI test runs at, so "3 days ago" never changes.
FIXED_NOW = datetime(2025, 7, 3, 12, 0, 0, tzinfo=timezone.utc)
#: The project's folder, and the example config file it ships.
PROJECT = Path(__file__).resolve().parents[1]
EXAMPLE_CONFIG = PROJECT / "config.example.toml"
SANDBOX_BASE = "http://sandbox.invalid"
#: The stores the tests that read, write or page run against: the plain sandbox at
#: its root, and the WordPress-like one under each form of its API root (what is
#: added to the site's URL to make the root).
STORE_ROOTS = {
    "plain": ("plain", ""),
    "wordpress": ("wordpress", "/wp-json/wp-easycart/v1"),
    "wordpress-query": ("wordpress", "/?rest_route=/wp-easycart/v1"),
}


def pytest_configure(config: pytest.Config) -> None:
    """Compile the package once, before any test starts a command of its own: a
    checkout has no bytecode, and where `PYTHONDONTWRITEBYTECODE` is set, every
    process a test starts would compile afresh each module it imports (as pip would
    have compiled them at install)."""
    if not hasattr(config, "workerinput"):  # once, in the process that starts the rest
        import compileall

        compileall.compile_dir(PROJECT / "tui", quiet=1)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers a CPU. Most UI tests spend half their time waiting on
    the app's timers and the event loop, so one worker a CPU leaves the CPUs idle."""
    return 2 * (os.cpu_count() or 1)


def api_root(site: str, store: str) -> str:
    """The API root of a sandbox of kind `store` served at `site`."""
    return site + STORE_ROOTS[store][1]

Fault = Callable[[httpx.Request], httpx.Response | None]


def route(request: httpx.Request) -> str:
    """The resource a request is for (`/…/downloads/ID`), in either form of API root."""
    return request.url.params.get("rest_route") or request.url.path


class RecordingTransport(httpx.AsyncBaseTransport):
    """Records each request, can hold some back or fail them, then asks the store."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []
        self.delays: list[tuple[Callable[[httpx.Request], bool], float]] = []
        #: Requests a test holds back until it sets the event (no guessing how long).
        self.gates: list[tuple[Callable[[httpx.Request], bool], asyncio.Event]] = []
        self.faults: list[Fault] = []
        #: Answers lost on the way back: the store has done the request, the client
        #: is given what the fault returns instead.
        self.after: list[Fault] = []
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
            for matches, gate in self.gates:
                if matches(request):
                    await gate.wait()
            for fault in self.faults:
                if (response := fault(request)) is not None:
                    return response
            response = await self.inner.handle_async_request(request)
            for fault in self.after:
                if (lost := fault(request)) is not None:
                    await response.aread()
                    return lost
            return response
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1

    def list_params(self) -> list[dict[str, str]]:
        """The query parameters of every `GET /downloads`, in order."""
        return [
            {name: value for name, value in request.url.params.items() if name != "rest_route"}
            for request in self.requests
            if request.method == "GET" and route(request).endswith("/downloads")
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
    #: The API root the app and its clients are given.
    base_url: str = SANDBOX_BASE

    def client(self, *, recorded: bool = True, **options: Any) -> Any:
        """A client of this store. A failed read is tried again at once (`backoff=0`):
        the pauses between tries have their own tests, with clients of their own."""
        from tui.api.client import DownloadsClient
        from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN

        transport = self.transport if recorded else httpx.ASGITransport(app=self.asgi)
        options.setdefault("backoff", 0)
        return DownloadsClient(self.base_url, DEFAULT_TOKEN, DEFAULT_SECRET,
                               transport=transport, **options)

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
        from tui.ui.app import EasyCartApp

        options.setdefault("cache_pages", 0)
        options.setdefault("clock", lambda: FIXED_NOW)
        options.setdefault("cursor_blink", False)
        return EasyCartApp(self.client(), "sandbox", **options)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recovery and crash logs and the state file of every test go to a fresh
    directory, never the user's own."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("EASYCART_TUI_DATA", str(data))
    monkeypatch.setenv("EASYCART_TUI_STATE", str(data / "state"))
    return data


#: The variables that name a proxy (or none), as httpx and urllib read them.
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_outer_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the environment the tests run in: the stores are on 127.0.0.1,
    and the tests that are about proxies name their own."""
    for name in (*PROXY_VARIABLES, *(name.lower() for name in PROXY_VARIABLES)):
        monkeypatch.delenv(name, raising=False)


#: Every notification each app raised, as "title: message", in order (`ui_support.notes`).
NOTIFIED: WeakKeyDictionary[Any, list[str]] = WeakKeyDictionary()


@pytest.fixture(autouse=True)
def notifications_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app keeps the notifications it raises, expired ones too: all of them, a
    screen's or a widget's as well, go through `App.notify`."""
    from textual.app import App

    notify = App.notify

    def keep(app: App[Any], message: str, *, title: str = "", **options: Any) -> None:
        NOTIFIED.setdefault(app, []).append(f"{title}: {message}" if title else message)
        notify(app, message, title=title, **options)

    monkeypatch.setattr(App, "notify", keep)


@pytest.fixture
def make_sandbox() -> Callable[..., Sandbox]:
    """`make_sandbox(records=120, store="plain", totals=False, …)`: a fresh store per
    call; `store` is one of `STORE_ROOTS`."""
    from tui.sandbox import create_app

    def make(records: int = 120, store: str = "plain", **options: Any) -> Sandbox:
        asgi = create_app(records=records, flavor=STORE_ROOTS[store][0], **options)
        transport = RecordingTransport(httpx.ASGITransport(app=asgi))
        return Sandbox(asgi, transport, api_root(SANDBOX_BASE, store))

    return make


@pytest.fixture
def sandbox(make_sandbox: Callable[..., Sandbox]) -> Sandbox:
    return make_sandbox()


@pytest.fixture(params=["plain", "wordpress-query"])
def store_kind(request: pytest.FixtureRequest) -> str:
    """Both kinds of store, for the tests that read, write or page: the plain sandbox,
    and the WordPress-like one (through its plain-permalink root, the harder form)."""
    return request.param


@pytest.fixture
def both_sandboxes(make_sandbox: Callable[..., Sandbox], store_kind: str) -> Sandbox:
    """The default sandbox (120 records), of each kind in turn."""
    return make_sandbox(store=store_kind)


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
