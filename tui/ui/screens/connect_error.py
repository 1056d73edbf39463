"""What to do when the store cannot be used at all: a screen, not a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label

from tui.api.errors import (
    ApiError,
    AuthError,
    BadResponse,
    Forbidden,
    HeaderOrCredentials,
    TimedOut,
    Unreachable,
    WrongApiRoot,
)

#: The errors that mean "this store cannot be used", each with its title (what to
#: do is the error's own hint), the more particular kinds first.
BLOCKING: dict[type[ApiError], str] = {
    Forbidden: "The store does not allow this token to list downloads",
    HeaderOrCredentials: "The store refused the credentials, or never received them",
    AuthError: "The store refused the credentials",
    Unreachable: "The store cannot be reached",
    TimedOut: "The store did not answer",
    WrongApiRoot: "No Downloads API at this address",
    BadResponse: "This does not look like the store's Downloads API",
}


def is_blocking(error: BaseException) -> bool:
    """True for errors that stop the app from working with this store at all."""
    return isinstance(error, tuple(BLOCKING))


class ConnectErrorScreen(Screen[bool]):
    """Says what happened and what to do; dismisses with True to retry."""

    TITLE = "Connection problem"

    BINDINGS = [
        Binding("r", "dismiss(True)", "Retry", id="connect-error.retry"),
        Binding("q", "app.quit", "Quit", id="connect-error.quit"),
    ]

    def __init__(self, error: ApiError, store: str) -> None:
        super().__init__()
        self.error = error
        self.store = store

    def compose(self) -> ComposeResult:
        title = next(text for kind, text in BLOCKING.items() if isinstance(self.error, kind))
        with Vertical(id="connect-error"):
            yield Label(title, classes="dialog-title", markup=False)
            yield Label(f"Store: {self.store}", markup=False)
            yield Label(self.error.message, id="connect-error-message", markup=False)
            yield Label(self.error.hint, classes="dialog-hint", markup=False)
            yield Label("Press r to try again, or q to quit.")
        yield Footer(compact=True)
