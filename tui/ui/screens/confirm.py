"""Yes/no dialogs where the safe answer is the default.

`Cancel` has the focus, so `Enter` (which presses the focused button) never
confirms by accident; only `y` or the confirm button does. The arrow keys (and
`h`/`l`) move between the two buttons, as in most terminal tools.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.api.models import Download
from tui.core.text import visible
from tui.ui.widgets.keys_footer import KeysFooter
from tui.ui.widgets.record_view import RecordView


class ConfirmDialog(ModalScreen[bool]):
    """Ask before changing the store; dismisses with the answer.

    `confirm_label` is a verb ("Delete"): the key hint says what `y` does with it.
    """

    TITLE = "Confirm"
    #: The keys that confirm, as the hint names them.
    CONFIRM_KEYS = "y"

    BINDINGS = [
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("n", "answer(False)", "No", show=False, id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("left,h", "choose('cancel')", "Cancel button", show=False,
                id="confirm.cancel-button"),
        Binding("right,l", "choose('confirm')", "Confirm button", show=False,
                id="confirm.confirm-button"),
    ]

    def __init__(self, question: str, confirm_label: str, *, details: Static | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.confirm_label = confirm_label
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            if self.details is not None:
                yield self.details
            yield Label(f"{self.CONFIRM_KEYS} {_does(self.confirm_label)} · n or Esc cancels · "
                        "←/→ choose a button", id="confirm-hint", classes="dialog-hint",
                        markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="error")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_choose(self, button_id: str) -> None:
        """Put the focus on a button; `Enter` then presses it."""
        self.query_one(f"#{button_id}", Button).focus()


def _does(verb: str) -> str:
    """"Delete" as the hint says what a key does: "deletes" ("undoes", "resets")."""
    verb = verb.lower()
    return verb + ("es" if verb.endswith(("o", "s", "sh", "ch", "x", "z")) else "s")


class DeleteDialog(ConfirmDialog):
    """Shows the whole record that would be deleted; `d` also confirms."""

    TITLE = "Delete download"
    CONFIRM_KEYS = "y or d"

    BINDINGS = [Binding("d", "answer(True)", "Delete", show=False, id="confirm.delete")]

    def __init__(self, record: Download, now: datetime) -> None:
        super().__init__(
            f"Delete download {visible(record.download_id)}?",
            "Delete",
            details=RecordView(record, now, id="delete-record"),
        )
