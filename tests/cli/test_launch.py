"""Opening the app: the first page is asked for while the UI is still loading,
and the list shows it from the start, with no second request for it."""

from __future__ import annotations

import asyncio
import functools
import threading
from types import ModuleType
from typing import Any

import pytest

import tui.cli.launch
from tests.conftest import Sandbox
from tests.ui.support import rows
from tui.ui.app import EasyCartApp
from tui.config.connection import Connection
from tui.core.page_cache import PageCache


def _headless(monkeypatch: pytest.MonkeyPatch, seen: dict[str, Any]) -> None:
    """The app runs headless; at its first moment it notes the rows it shows, and quits."""
    run_async = EasyCartApp.run_async

    async def note_and_quit(pilot: Any) -> None:
        seen["rows at start"] = rows(pilot.app)
        pilot.app.exit(0)

    monkeypatch.setattr(EasyCartApp, "run_async", functools.partialmethod(
        run_async, headless=True, size=(100, 30), auto_pilot=note_and_quit))


def test_the_first_page_comes_while_the_ui_loads_and_is_shown_from_the_start(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Connection, "open", lambda self: sandbox.client())
    kept = threading.Event()
    keep = PageCache.put

    def keep_and_tell(cache: PageCache, query: Any, page: Any) -> None:
        keep(cache, query, page)
        kept.set()

    load_ui = tui.cli.launch._load_ui

    def load_ui_once_answered() -> ModuleType:
        # Runs beside the event loop: returns only once the first page is in.
        seen["answered while loading"] = kept.wait(5)
        return load_ui()

    monkeypatch.setattr(PageCache, "put", keep_and_tell)
    monkeypatch.setattr(tui.cli.launch, "_load_ui", load_ui_once_answered)
    seen: dict[str, Any] = {}
    _headless(monkeypatch, seen)

    async def first_page_ids() -> list[str]:
        async with sandbox.client(recorded=False) as client:
            return [record.download_id for record in (await client.list()).records]

    expected = asyncio.run(first_page_ids())
    assert tui.cli.launch.run_app(Connection("http://store.invalid", "t", "s")) == 0

    assert seen["answered while loading"] is True
    assert [row[0] for row in seen["rows at start"]] == expected
    # (The store, met for the first time, is also examined: its page 1 at 100 rows.)
    first_page = [p for p in sandbox.transport.list_params()
                  if p == {"page": "1", "perpage": "50"}]
    assert len(first_page) == 1, "the list used the answer to the request sent at start"
