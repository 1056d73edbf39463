"""What the UI tests read off the screen, and how they wait for it."""

from __future__ import annotations

import io
from typing import Any

import httpx
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerState

from tests.conftest import wait_until
from tui.screens.downloads import DownloadsScreen
from tui.widgets.downloads_table import DownloadsTable
from tui.widgets.status_line import StatusLine


def busy(app: App[Any]) -> bool:
    """True while any worker is waiting to run or running."""
    return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


async def settle(pilot: Pilot[Any], timeout: float = 5.0) -> None:
    """Wait until no worker is busy and the screen has caught up."""
    await pilot.pause()
    await wait_until(lambda: not busy(pilot.app), timeout, "the app to go idle")
    await pilot.pause()


async def started(pilot: Pilot[Any]) -> DownloadsScreen:
    """Wait for the first page; the list screen."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DownloadsScreen), f"expected the list, got {screen!r}"
    return screen


def table(app: App[Any]) -> DownloadsTable:
    return app.screen.query_one(DownloadsTable)


def rows(app: App[Any]) -> list[list[str]]:
    """The table's cells as text, row by row."""
    grid = table(app)
    return [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


def column(app: App[Any], index: int) -> list[str]:
    return [row[index] for row in rows(app)]


def cursor_id(app: App[Any]) -> str:
    current = table(app).current
    assert current is not None
    return str(current.download_id)


def status(app: App[Any]) -> str:
    line = app.screen.query_one(StatusLine)
    return str(line.content)


def notes(app: App[Any]) -> list[str]:
    """Every notification shown so far, as "title: message"."""
    return [f"{n.title}: {n.message}" if n.title else n.message for n in app._notifications]


def headers(app: App[Any]) -> list[str]:
    return [str(column.label) for column in table(app).ordered_columns]


def screen_text(app: App[Any]) -> str:
    """The whole terminal as plain text, dialogs over the screens beneath them."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, color_system="truecolor", legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True))
    return console.export_text(styles=False)


def palette_offers(app: App[Any], title: str) -> bool:
    """Whether the open command palette lists `title`."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return False
    options = app.screen.query_one(CommandList)
    return any(title == str(options.get_option_at_index(i).prompt).split("\n")[0]
               for i in range(options.option_count))


async def pick_in_palette(pilot: Pilot[Any], title: str, *, opened: bool = False) -> None:
    """Type `title` into the command palette (opening it unless `opened`) and run it."""
    if not opened:
        await pilot.press("ctrl+p")
    await pilot.press(*title.lower())
    await wait_until(lambda: palette_offers(pilot.app, title), what=f"the palette to offer {title}")
    await pilot.press("enter")


async def toggle_columns(pilot: Pilot[Any], *names: str, key: str = "space") -> None:
    """Open the columns dialog with `v`, show or hide the columns with headers
    `names` (pressing `key` on each), and close it."""
    from textual.widgets import SelectionList

    from tui.output import COLUMNS
    from tui.screens.columns import ColumnsScreen

    await pilot.press("v")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ColumnsScreen)
    choices = pilot.app.screen.query_one(SelectionList)
    for name in names:
        choices.highlighted = [header for header, _, _ in COLUMNS].index(name)
        await pilot.press(key)
        await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()


def one_unreadable_entry_then_abc123(request: httpx.Request) -> httpx.Response | None:
    """A transport fault: every list answer is an unreadable entry, then one good
    record with id abc123 (with numbers and booleans as PHP sends them)."""
    good = {"download_id": "abc123", "date_created": "2025-07-01 09:00:00", "product_id": "7",
            "order_id": 8, "download_count": "2", "download_file_name": "ok.zip",
            "is_amazon": "0", "amazon_key": None}
    if request.method == "GET" and request.url.path.endswith("/downloads"):
        return httpx.Response(200, json=[{"download_id": "no good!"}, good])
    return None


def help_rows(app: App[Any]) -> list[tuple[str, str, str]]:
    """The help screen's rows as shown: key, what it does, binding id."""
    grid = app.screen.query_one("#help-keys", DataTable)
    return [(str(key), str(does), str(binding_id))
            for key, does, binding_id in (grid.get_row_at(i) for i in range(grid.row_count))]
