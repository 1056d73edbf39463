"""Recently deleted downloads, from the local recovery log, to bring one back.

Lists only this store's deletions, newest first. Picking one dismisses with it;
the list screen does the restoring, so the request runs in its worker.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from tui.recovery import Deletion
from tui.text import shorten, visible

_STATES = {"pending": "may still exist", "deleted": "deleted", "restored": "restored"}
#: As much of an id as the list's column shows at 100 columns: a real store's 45
#: characters would leave the file name, how a download is recognised, no room.
_ID_SHOWN = 12


class RestoreScreen(ModalScreen[Deletion | None]):
    """Pick a deleted download to re-create (the store gives it a new id)."""

    TITLE = "Restore a deleted download"

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", id="restore.close"),
    ]

    def __init__(self, entries: list[Deletion]) -> None:
        super().__init__(classes="dialog-screen")
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="restore"):
            yield Label("Restore a deleted download", classes="dialog-title")
            yield DataTable(id="restore-entries", cursor_type="row")
            yield Label("Enter restores the selected download · Esc closes",
                        classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The state comes before the file: on a narrow terminal, what is cut (and
        # reached by scrolling) is the end of a long file name, not whether it can
        # still be restored.
        table.add_columns("deleted", "state", "id", "file", "order")
        for index, entry in enumerate(self.entries):
            record = entry.record
            state = _STATES[entry.state]
            if entry.restored_as:
                state += f" as {shorten(visible(entry.restored_as), _ID_SHOWN)}"
            cells = (
                entry.when.astimezone().strftime("%Y-%m-%d %H:%M"),
                state,
                shorten(visible(record.download_id), _ID_SHOWN),
                shorten(visible(record.download_file_name), 32),
                str(record.order_id),
            )
            # Text, not str: a DataTable reads a plain string as markup.
            table.add_row(*(Text(value) for value in cells), key=str(index))
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(self.entries[int(str(event.row_key.value))])
