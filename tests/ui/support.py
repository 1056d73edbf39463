"""What the UI tests read off the screen, and how they wait for it."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx
from rich.cells import cell_len
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label
from textual.worker import WorkerState

from tests.conftest import NOTIFIED, Sandbox, wait_until
from tui.ui.screens.confirm import DeleteDialog
from tui.ui.screens.conflict import ConflictDialog
from tui.ui.screens.downloads import DownloadsScreen
from tui.ui.screens.form import FormScreen
from tui.ui.widgets.downloads_table import DownloadsTable
from tui.ui.widgets.status_line import StatusLine


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
    return str(line.render())


def notes(app: App[Any]) -> list[str]:
    """Every notification raised so far, as "title: message"."""
    return list(NOTIFIED.get(app, []))


def headers(app: App[Any]) -> list[str]:
    return [str(column.label) for column in table(app).ordered_columns]


_SVG_TEXT = re.compile(r"<text ([^>]*)>([^<]*)</text>")
_SVG_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_SVG_LINE = re.compile(r"url\(#[\w-]*-line-(\d+)\)")


def screen_text(app: App[Any]) -> str:
    """The whole terminal as plain text, dialogs over the screens beneath them.

    Read off the app's SVG screenshot: each run of text there is clipped to its line,
    starts `x` from the left and is `textLength` long, both in character widths. A
    space is written there as a no-break space, so the two read alike."""
    width, height = app.size
    runs: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for found in _SVG_TEXT.finditer(app.export_screenshot(simplify=True)):
        attributes = dict(_SVG_ATTRIBUTE.findall(found[1]))
        line = _SVG_LINE.fullmatch(attributes.get("clip-path", ""))
        if line is None:  # the window's title, not the terminal
            continue
        text = html.unescape(found[2]).replace("\xa0", " ")
        cell = float(attributes["textLength"]) / len(text)
        if text := text.rstrip("\n"):  # a line's end is a run of its own
            runs[int(line[1])].append((round(float(attributes["x"]) / cell), text))
    lines = []
    for on_line in runs:
        shown, end = "", 0
        for start, text in sorted(on_line):
            shown += " " * (start - end) + text
            end = start + cell_len(text)
        lines.append(shown + " " * (width - end))
    return "\n".join(lines)


def palette_offers(app: App[Any], title: str) -> bool:
    """Whether the open command palette lists `title`."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return False
    options = app.screen.query_one(CommandList)
    return any(title == str(options.get_option_at_index(i).prompt).split("\n")[0]
               for i in range(options.option_count))


async def paste(pilot: Pilot[Any], text: str) -> None:
    """Paste `text` into the input that has the focus: in one go, as a terminal hands
    over a paste (for tests not about typing key by key; each pressed key waits for
    the app to go idle)."""
    app = pilot.app
    await wait_until(lambda: isinstance(app.focused, Input) and app.focused.screen is app.screen,
                     what="an input on the screen to have the focus")
    field = app.focused
    assert isinstance(field, Input)
    field.post_message(events.Paste(text))
    await pilot.pause()  # the input takes the paste before this returns
    assert text in field.value, (text, field.value)


async def pick_in_palette(pilot: Pilot[Any], title: str, *, opened: bool = False) -> None:
    """Type `title` into the command palette (opening it unless `opened`) and run it."""
    if not opened:
        await pilot.press("ctrl+p")
    await paste(pilot, title.lower())
    await wait_until(lambda: palette_offers(pilot.app, title), what=f"the palette to offer {title}")
    await pilot.press("enter")


async def toggle_columns(pilot: Pilot[Any], *names: str, key: str = "space") -> None:
    """Open the columns dialog with `v`, show or hide the columns with headers
    `names` (pressing `key` on each), and close it."""
    from textual.widgets import SelectionList

    from tui.core.output import COLUMNS
    from tui.ui.screens.columns import ColumnsScreen

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


async def add_download(pilot: Pilot[Any], file_name: str) -> str:
    """Add a download through the form; its id, as the app said it saved it."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    await pilot.press(*"123", "tab", *"456", "tab", "tab")
    await paste(pilot, file_name)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DownloadsScreen)
    saved = [note for note in notes(pilot.app) if note.startswith("Saved download ")]
    return saved[-1].removeprefix("Saved download ").rstrip(".")


def field_error(app: App[Any], field: str | None = None) -> str:
    """The problem shown under `field` in a dialog (`#FIELD-error`), or under the
    one-field box; "" when none is shown."""
    error = app.screen.query_one(f"#{field}-error" if field else "#field-error")
    return str(error.content) if error.display else ""


def question(app: App[Any]) -> str:
    """The question a dialog asks."""
    return str(app.screen.query_one(".dialog-title", Label).content)


def footer(app: App[Any]) -> str:
    """The footer: the last line on screen."""
    return screen_text(app).splitlines()[-1]


async def open_dialog(pilot, row: int) -> tuple[str, list[str]]:
    await started(pilot)
    for _ in range(row):
        await pilot.press("j")
    ids = column(pilot.app, 0)
    await pilot.press("d")
    await settle(pilot)  # the record is read again first
    assert isinstance(pilot.app.screen, DeleteDialog)
    return ids[row], ids


async def open_edit(pilot, row: int = 2) -> str:
    """Open the form on the `row`th record; its id."""
    await started(pilot)
    for _ in range(row):
        await pilot.press("j")
    download_id = cursor_id(pilot.app)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    return download_id


async def replace(pilot, field: str, text: str) -> None:
    """Focus `field` and paste `text` over what it holds (typing into the form key by
    key has tests of its own)."""
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    await wait_until(lambda: widget.has_focus, what=f"{field} to have the focus")
    await paste(pilot, text)


def value(app, field: str) -> str:
    return app.screen.query_one(f"#{field}", Input).value


def labels(app) -> list[str]:
    """Each row's label ("" for none): "●" on the marked rows."""
    return [str(row.label) if row.label is not None else "" for row in table(app).ordered_rows]


def marked_on_screen(app) -> set[str]:
    ids = column(app, 0)
    return {ids[i] for i, label in enumerate(labels(app)) if label == "●"}


async def mark_six_and_fail_one(pilot: Pilot[Any], sandbox: Sandbox) -> None:
    """Mark six rows and let another client delete the third: the bulk delete's confirm."""
    await settle(pilot)
    gone = column(pilot.app, 0)[2]
    await pilot.press(*["space"] * 6)
    async with sandbox.client(recorded=False) as other:
        await other.delete(gone)
    await pilot.press("d")
    await pilot.pause()


async def edit_while_another_client_changes(
    pilot: Pilot[Any], sandbox: Sandbox
) -> tuple[str, dict[str, Any]]:
    """Open the form, let another client change `download_count` and `order_id`,
    then type a new `download_count` and file name here and press save."""
    download_id = await open_edit(pilot, row=1)
    opened = await sandbox.holds(download_id)
    async with sandbox.client(recorded=False) as other:
        await other.update(download_id, {"download_count": 7, "order_id": 99999})
    await replace(pilot, "download_count", "3")
    await replace(pilot, "download_file_name", "renamed.pdf")
    await pilot.press("ctrl+s")
    await wait_until(lambda: isinstance(pilot.app.screen, ConflictDialog),
                     what="the conflict dialog")
    return download_id, opened.model_dump()
