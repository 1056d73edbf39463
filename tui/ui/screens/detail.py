"""One download, every field, long values wrapped.

Changes are made here, with the list's own kind of `RecordActions`: `e` edits in
the form, `z` and `i` change one field, and the record shown follows what was
saved, while the list, told of each write, reads the store again beneath.
Deleting is handed back to the list (the screen dismisses with "delete"), whose
delete flow also decides where its cursor lands. `j` and `k` show the next and
previous row of the list without going back to it, as they move its cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label

from tui.api.models import Download
from tui.core.writes import Writes
from tui.ui.screens.record_actions import HidesWritesWhenReadOnly, RecordActions
from tui.ui.screens.worker_errors import ReportsWorkerErrors
from tui.core.text import visible
from tui.ui.widgets.keys_footer import KeysFooter
from tui.ui.widgets.record_view import RecordView

DetailRequest = Literal["delete"] | None
#: Show in the detail screen the record `step` rows away in the list (1 next, -1 previous).
Browse = Callable[["DetailScreen", int], None]


class DetailScreen(HidesWritesWhenReadOnly[DetailRequest], ReportsWorkerErrors[DetailRequest]):
    """Shows a record; `e`, `z` and `i` change it in place; `d` returns to the list
    asking it to delete; `j` and `k` go to the next and previous row of the list;
    `y` and `Y` copy its id or JSON."""

    TITLE = "Download"

    # `j` and `k` move the list's cursor a row, here as on the list (and as in mutt's
    # pager); `n` and `p` would read as pages, which they are on the list.
    BINDINGS = [
        # Most used first: the footer shows as many as the width holds, in this order.
        Binding("escape", "dismiss(None)", "Back", id="detail.back"),
        Binding("e", "edit", "Edit", id="detail.edit"),
        Binding("z", "reset_count", "Reset", tooltip="Reset download count to 0",
                id="detail.reset-count"),
        Binding("i", "edit_cell", "Field", tooltip="Edit one field (count, file, S3 key)",
                id="detail.edit-cell"),
        Binding("j", "browse(1)", "Next", tooltip="Next download of the list",
                id="detail.next"),
        Binding("k", "browse(-1)", "Previous", tooltip="Previous download of the list",
                id="detail.previous"),
        Binding("d", "delete", "Delete", id="detail.delete"),
        Binding("y", "copy_id", "Copy id", id="detail.copy-id"),
        Binding("Y", "copy_json", "Copy as JSON", show=False, id="detail.copy-json"),
        # `q` closes this screen, as it does in less or VisiData; on the list it quits.
        Binding("q", "dismiss(None)", "Back", show=False, id="detail.close"),
    ]
    WRITES = frozenset({"edit", "delete", "reset_count", "edit_cell"})

    def __init__(self, record: Download, now: datetime, writes: Writes, *,
                 read_only: bool = False, wrote: Callable[[Download], None] = lambda _: None,
                 browse: Browse | None = None) -> None:
        """`wrote` is told of every write sent about the record shown, answered or
        not; `browse` (None: the record is not a row of the list) moves through the
        list's rows."""
        super().__init__()
        #: The record shown, as last read or saved.
        self.record = record
        self.now = now
        self.read_only = read_only
        self.browse = browse
        self.actions = RecordActions(self, writes, saved=self._show_saved, gone=wrote,
                                     wrote=lambda: wrote(self.record), read_only=read_only)

    def compose(self) -> ComposeResult:
        yield Label(self._title(), id="detail-title", classes="screen-title", markup=False)
        with VerticalScroll(id="detail-body", can_focus=True):
            yield RecordView(self.record, self.now, id="detail-record")
        yield KeysFooter()

    def _title(self) -> str:
        return f"Download {visible(self.record.download_id)}"

    def show_record(self, record: Download) -> None:
        """Show `record` instead, from its top."""
        self.record = record
        self.query_one("#detail-title", Label).update(self._title())
        self.query_one(RecordView).show(record)
        self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Next and previous only for a row of the list."""
        return action != "browse" or self.browse is not None

    def action_browse(self, step: int) -> None:
        if self.browse is not None:
            self.browse(self, step)

    def action_edit(self) -> None:
        self.actions.edit(self.record)

    def action_delete(self) -> None:
        if self.actions.writable():
            self.dismiss("delete")

    def action_copy_id(self) -> None:
        self.actions.copy_id(self.record)

    def action_copy_json(self) -> None:
        self.actions.copy_json(self.record)

    def action_reset_count(self) -> None:
        self.actions.reset_count(self.record)

    def action_edit_cell(self) -> None:
        self.actions.edit_field(self.record)

    def _show_saved(self, record: Download, message: str) -> None:
        """Say what was saved, and show it unless another record is shown by now."""
        if record.download_id == self.record.download_id:
            self.show_record(record)
        self.notify(message, markup=False)
