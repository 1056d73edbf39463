"""One small prompt for "go to page N" and "go to download ID".

What was typed is looked up while the prompt stays open, so a bad number or an
unknown id is reported under the field with the text kept for correcting.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.screens.worker_errors import ReportsWorkerErrors
from tui.widgets.field_input import show_input_error


class NotThere(ValueError):
    """What was typed leads nowhere; the message is shown at the field."""


#: Turns the typed text into what the prompt dismisses with, or raises `NotThere`.
Resolver = Callable[[str], Awaitable[Any]]


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
