"""One small prompt for "go to page N" and "go to download ID", and what the list
does with each.

What was typed is looked up while the prompt stays open, so a bad number or an
unknown id is reported under the field with the text kept for correcting. A
download is found by its id or any unique start of it (at least 4 characters, as
the list shows them cut short); a start several ids share lists them there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from tui.api.client import DownloadsClient
from tui.api.errors import InputRejected, NotFound
from tui.api.models import Download
from tui.core.id_prefix import AmbiguousIdPrefix, IdPrefixNotFound, find_download
from tui.core.paging import PageStore, no_such_page
from tui.core.text import first_lines, shorten, visible
from tui.ui.screens.worker_errors import ReportsWorkerErrors
from tui.ui.widgets.field_input import show_input_error


class NotThere(ValueError):
    """What was typed leads nowhere; the message is shown at the field."""


#: Turns the typed text into what the prompt dismisses with, or raises `NotThere`.
Resolver = Callable[[str], Awaitable[Any]]
#: What the page prompt takes (besides a number) for the last page.
LAST = "last"
#: The prompt's width (as go_to.tcss sets it) less its border and padding, and its
#: lines besides the error under the field: border, title, field, hint, and a
#: second line for what was typed, when long.
_ROOM_ACROSS, _OTHER_LINES = 46, 10


class GoToDialog(ReportsWorkerErrors[Any], ModalScreen[Any]):
    """Asks for one value; dismisses with what `resolve` made of it (None: cancelled)."""

    TITLE = "Go to"
    CSS_PATH = "go_to.tcss"

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="go-to.cancel"),
    ]

    def __init__(self, title: str, placeholder: str, resolve: Resolver, value: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.prompt = title
        self.placeholder = placeholder
        self.resolve = resolve
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="go-to"):
            yield Label(self.prompt, classes="dialog-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="go-to-input")
            yield Static("", id="go-to-error", markup=False)
            yield Label("Enter goes there · Esc cancels", classes="dialog-hint")

    @property
    def input(self) -> Input:
        return self.query_one("#go-to-input", Input)

    def on_mount(self) -> None:
        self.input.focus()
        if self.value:
            self._look_up(self.value)

    @on(Input.Submitted, "#go-to-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._look_up(event.value)

    @on(Input.Changed, "#go-to-input")
    def _typed(self) -> None:
        self._show_error("")

    def _show_error(self, message: str) -> None:
        show_input_error(self.input, self.query_one("#go-to-error", Static), message)

    @work(exclusive=True, group="go-to", exit_on_error=False, description="Looking it up")
    async def _look_up(self, typed: str) -> None:
        try:
            found = await self.resolve(typed.strip())
        except NotThere as problem:
            self._show_error(str(problem))
            return
        if self.is_current:  # not while another screen (e.g. help) is over it
            self.dismiss(found)


def missing_page(pages: PageStore, page: int) -> str | None:
    """Why `page` cannot be shown, when the end of the list is known to be before it."""
    last = pages.last_page()
    if last is not None and page > last:
        return no_such_page(page, last)
    return None


def ask_for_page(screen: Screen[Any], pages: PageStore, *, go: Callable[[int], None],
                 last: Callable[[], None]) -> None:
    """Ask for a page number (or `last`), checked while the prompt is open."""

    async def page_number(typed: str) -> int | str:
        if typed.lower() in (LAST, "end", "$"):
            return LAST
        if not (typed.isascii() and typed.isdigit() and len(typed) <= 9 and int(typed) >= 1):
            raise NotThere("A page number is a whole number from 1, or last.")
        page = int(typed)
        if (problem := missing_page(pages, page)) is not None:
            raise NotThere(problem)
        return page

    def chosen(page: int | str | None) -> None:
        if page == LAST:
            last()
        elif isinstance(page, int):
            go(page)

    screen.app.push_screen(GoToDialog("Go to page", "page number, or last", page_number),
                           chosen)


def ask_for_download(screen: Screen[Any], client: DownloadsClient, typed: str, *,
                     found: Callable[[Download], None]) -> None:
    """Ask for a download id or a unique start of one (looking `typed` up at once
    when given); `found` gets the download (`GET /downloads/{id}`)."""

    async def download(typed: str) -> Download:
        try:
            return await find_download(client, typed)
        except AmbiguousIdPrefix as ambiguous:
            raise NotThere(_candidates(ambiguous, screen.app.size.height)) from None
        except IdPrefixNotFound as missing:
            raise NotThere(str(missing)) from None
        except NotFound:  # a whole id that no download has
            raise NotThere(f"No download with id {visible(typed)}") from None
        except InputRejected as refused:  # by the client (no store holds it) or the store
            raise NotThere(str(refused)) from None

    def chosen(record: Download | None) -> None:
        if record is not None:
            found(record)

    screen.app.push_screen(
        GoToDialog("Go to download", "download id, or its first characters", download, typed),
        chosen)


def _candidates(ambiguous: AmbiguousIdPrefix, height: int) -> str:
    """Which downloads' ids start with what was typed: as many as the prompt has
    room for on a terminal `height` lines high, one a line, then how many more."""
    found = ambiguous.candidates
    if len(found) < 2:  # the store's search had more results than are read
        return str(ambiguous)
    count = f"{len(found):,}" if ambiguous.complete else f"at least {len(found):,}"
    ids = first_lines(found, height - _OTHER_LINES,
                      lambda download_id: shorten(visible(download_id), _ROOM_ACROSS))
    return "\n".join([f"{count} downloads' ids start with {visible(ambiguous.text)}; "
                      "type more:", *ids])
