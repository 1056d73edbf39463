"""Opening the app with its first page already on the way.

Loading the UI (Textual and the screens) takes a few hundred milliseconds, and
over a slow link so does a request. So the store's client comes first, the
first page is asked for, and the UI is loaded in a thread meanwhile: the list
usually has its rows from its first frame, and a slow link's round trip has
cost no waiting.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tui.core.collector import paused_collector
from tui.config.model import opening_query
from tui.core.paging import PageStore

if TYPE_CHECKING:
    from tui.config.connection import Connection, Profiles


def run_app(connection: Connection, profiles: Profiles | None = None, **options: Any) -> int:
    """Open the app on `connection`'s store until the user quits; the exit code.
    `options` go to the app (notices, keymap, view_memory)."""
    return asyncio.run(_run(connection, profiles, options))


async def _run(connection: Connection, profiles: Profiles | None, options: dict[str, Any]) -> int:
    pages = PageStore(connection.open(), opening_query(connection.perpage, connection.view))
    pages.start()
    try:
        ui = await asyncio.to_thread(_load_ui)
        app = ui.app_for(connection, profiles, pages=pages, **options)
    except BaseException:  # the app, which would close the client, never ran
        await pages.client.aclose()
        raise
    await app.run_async()
    if app.crash_log is not None:
        # Printed plainly after the app has gone, so the whole path can be copied.
        print(f"Crash log: {app.crash_log}", file=sys.stderr)
    return app.return_code or 0


def _load_ui() -> ModuleType:
    with paused_collector():
        return importlib.import_module("tui.ui.app")
