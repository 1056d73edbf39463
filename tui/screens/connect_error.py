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
    NotFound,
    TimedOut,
    Unreachable,
)

#: The errors that mean "this store cannot be used", with a title and what to do.
BLOCKING: dict[type[ApiError], tuple[str, str]] = {
    AuthError: ("The store refused the credentials", AuthError.hint),
    Unreachable: ("The store cannot be reached", Unreachable.hint),
    TimedOut: ("The store did not answer", TimedOut.hint),
    BadResponse: ("This does not look like the store's Downloads API", BadResponse.hint),
    NotFound: (
        "No Downloads API at this address",
        "Check that the URL is the store's API root (it ends before /downloads).",
    ),
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
        title, what_to_do = next(
            text for kind, text in BLOCKING.items() if isinstance(self.error, kind)
        )
        with Vertical(id="connect-error"):
            yield Label(title, classes="dialog-title", markup=False)
            yield Label(f"Store: {self.store}", markup=False)
            yield Label(self.error.message, id="connect-error-message", markup=False)
            yield Label(what_to_do, classes="dialog-hint", markup=False)
            yield Label("Press r to try again, or q to quit.")
        yield Footer(compact=True)
