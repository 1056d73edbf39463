"""When a record changed in the store while it was being edited here.

Before an edit is written, the record is read again. For each field both sides
changed, the dialog shows the value typed here and the store's new one, and lets
the user decide. Going back to editing is the default, so `Enter` never
overwrites anybody's work by accident. The form and the one-field edit both save
through `save_edit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, Static

from tui.api.errors import NotFound
from tui.api.models import Download
from tui.core.writes import Writes
from tui.core.fields import LABELS
from tui.core.text import visible

Resolution = Literal["mine", "theirs", "back"]


@dataclass(frozen=True)
class Edited:
    """How an edit ended: the record as the store now has it, and whether anything
    was sent (taking the store's version of every field sends nothing)."""

    record: Download
    sent: bool = True

    @property
    def said(self) -> str:
        """What to tell the user."""
        if self.sent:
            return f"Saved download {visible(self.record.download_id)}."
        return (f"Nothing was sent: download {visible(self.record.download_id)} keeps the "
                "store's values.")
#: field -> (the value typed here, the value now in the store)
Conflicts = dict[str, tuple[Any, Any]]


def _shown(value: Any) -> Text:
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    return Text(visible(str(value)) or "—")


class ConflictDialog(ModalScreen[Resolution]):
    """Keep mine, take the store's, or go back to editing."""

    TITLE = "Changed in the store"

    BINDINGS = [
        Binding("escape", "resolve('back')", "Back to editing", id="conflict.back"),
        Binding("k", "resolve('mine')", "Keep mine", id="conflict.keep-mine"),
        Binding("t", "resolve('theirs')", "Take the store's", id="conflict.take-theirs"),
    ]

    def __init__(self, download_id: str, conflicts: Conflicts) -> None:
        super().__init__(classes="dialog-screen")
        self.download_id = download_id
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        grid = Table(box=None, padding=(0, 2), expand=False)
        grid.add_column("field", style="bold", no_wrap=True)
        grid.add_column("yours", overflow="fold")
        grid.add_column("the store's now", overflow="fold")
        for field, (mine, theirs) in self.conflicts.items():
            grid.add_row(LABELS[field], _shown(mine), _shown(theirs))
        with Vertical(classes="dialog", id="conflict"):
            yield Label(
                f"Download {visible(self.download_id)} was changed in the store while you "
                "edited it.",
                classes="dialog-title", markup=False,
            )
            yield Static(grid, id="conflict-fields")
            yield Label("Fields only the store changed are kept either way.\n"
                        "k keeps yours · t takes the store's · Esc goes back",
                        id="conflict-hint", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Back to editing", id="back")
                yield Button("Keep mine", id="mine", variant="warning")
                yield Button("Take the store's", id="theirs", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(cast(Resolution, event.button.id))

    def action_resolve(self, resolution: Resolution) -> None:
        self.dismiss(resolution)


async def save_edit(
    screen: Screen[Any], writes: Writes, opened: Download, changes: dict[str, Any]
) -> Edited | None:
    """Write `changes` to the record `opened` showed, never over newer values unasked.

    The record is read again first. A field both sides changed is the user's
    call; a field only the store changed is never sent, so it survives. Returns
    how it ended, or None to stay in the editor with what was typed (the
    record is gone, or the user went back). Must run in a worker: it may wait
    for the user's answer. The store's refusals (`InputRejected`, …) are raised.
    """
    try:
        current = await writes.client.get(opened.download_id)
    except NotFound:
        screen.notify(
            f"Download {visible(opened.download_id)} was deleted in the store while you edited "
            "it. Nothing was saved; what you typed is still there.",
            title="Not saved", severity="error", markup=False, timeout=10,
        )
        return None
    conflicts = {
        field: (mine, getattr(current, field))
        for field, mine in changes.items()
        if getattr(current, field) not in (getattr(opened, field), mine)
    }
    if conflicts:
        resolution = await screen.app.push_screen_wait(
            ConflictDialog(opened.download_id, conflicts)
        )
        if resolution == "back":
            return None
        if resolution == "theirs":
            changes = {f: v for f, v in changes.items() if f not in conflicts}
    if not changes:
        return Edited(current, sent=False)
    return Edited(await writes.update(current, changes))
