"""One download, every field, long values wrapped.

Editing and deleting are handed back to the list (the screen dismisses with
what was asked), so there is one edit flow and one delete flow in the app.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label

from tui.api.models import Download
from tui.clipboard import copy_id, copy_json
from tui.widgets.record_view import RecordView

DetailRequest = Literal["edit", "delete"] | None


class DetailScreen(Screen[DetailRequest]):
    """Shows a record; `e` and `d` return to the list asking it to edit or delete;
    `y` and `Y` copy its id or JSON."""

    TITLE = "Download"

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", id="detail.back"),
        Binding("e", "dismiss('edit')", "Edit", id="detail.edit"),
        Binding("d", "dismiss('delete')", "Delete", id="detail.delete"),
        Binding("y", "copy_id", "Copy id", show=False, id="detail.copy-id"),
        Binding("Y", "copy_json", "Copy as JSON", show=False, id="detail.copy-json"),
        Binding("q", "app.quit", "Quit", id="detail.quit"),
    ]

    def __init__(self, record: Download, now: datetime) -> None:
        super().__init__()
        self.record = record
        self.now = now

    def compose(self) -> ComposeResult:
        yield Label(f"Download {self.record.download_id}", classes="screen-title", markup=False)
        with VerticalScroll(id="detail-body", can_focus=True):
            yield RecordView(self.record, self.now, id="detail-record")
        yield Footer(compact=True)

    def action_copy_id(self) -> None:
        copy_id(self.app, self.record)

    def action_copy_json(self) -> None:
        copy_json(self.app, self.record)
