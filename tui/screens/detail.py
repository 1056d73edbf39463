"""One download, every field, long values wrapped.

Editing and deleting are handed back to the list (the screen dismisses with
what was asked), so there is one edit flow and one delete flow in the app. The
quick edits (`z`, `i`) and copying are done here, with the list's own
`RecordActions`, and the record shown follows them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Label

from tui.api.client import DownloadsClient
from tui.api.models import Download
from tui.screens.record_actions import RecordActions
from tui.screens.worker_errors import ReportsWorkerErrors
from tui.text import visible
from tui.widgets.record_view import RecordView

DetailRequest = Literal["edit", "delete"] | None


class DetailScreen(ReportsWorkerErrors[DetailRequest]):
    """Shows a record; `e` and `d` return to the list asking it to edit or delete;
    `z` and `i` change it in place; `y` and `Y` copy its id or JSON."""

    TITLE = "Download"

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", id="detail.back"),
        Binding("e", "dismiss('edit')", "Edit", id="detail.edit"),
        Binding("d", "dismiss('delete')", "Delete", id="detail.delete"),
        Binding("y", "copy_id", "Copy id", show=False, id="detail.copy-id"),
        Binding("Y", "copy_json", "Copy as JSON", show=False, id="detail.copy-json"),
        Binding("z", "reset_count", "Reset download count to 0", show=False,
                id="detail.reset-count"),
        Binding("i", "edit_cell", "Edit one field (count, file, S3 key)", show=False,
                id="detail.edit-cell"),
        # `q` closes this screen, as it does in less or VisiData; on the list it quits.
        Binding("q", "dismiss(None)", "Back", show=False, id="detail.close"),
    ]

    def __init__(self, record: Download, now: datetime, client: DownloadsClient, *,
                 read_only: bool = False) -> None:
        super().__init__()
        #: The record as last read or saved; the list picks up a change from here.
        self.record = record
        self.now = now
        self.actions = RecordActions(self, client, saved=self._show_saved, read_only=read_only)

    def compose(self) -> ComposeResult:
        yield Label(f"Download {visible(self.record.download_id)}", classes="screen-title",
                    markup=False)
        with VerticalScroll(id="detail-body", can_focus=True):
            yield RecordView(self.record, self.now, id="detail-record")
        yield Footer(compact=True)

    def action_copy_id(self) -> None:
        self.actions.copy_id(self.record)

    def action_copy_json(self) -> None:
        self.actions.copy_json(self.record)

    def action_reset_count(self) -> None:
        self.actions.reset_count(self.record)

    def action_edit_cell(self) -> None:
        self.actions.edit_field(self.record)

    def _show_saved(self, record: Download, message: str) -> None:
        self.record = record
        self.query_one(RecordView).show(record)
        self.notify(message, markup=False)
