"""The history of this store's changes made here, newest first, to undo one.

A bulk or filtered action is one line with its count; each line shows its state.
`Enter` undoes the selected line: the records are read again first, and where the
store no longer holds what the change left, a dialog shows each field (the store's
value now, and the one the change left) before anything is written; going back
is the default there. Otherwise one confirm names what will be written. Restoring
a deleted download is undoing its delete.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from tui.core.history import Line, fold, local_time
from tui.core.journal import JournalError, Reading
from tui.core.undo import UndoRefused, plan, run
from tui.core.undo_plan import Conflict, Plan, shown_value
from tui.core.writes import Writes
from tui.core.fields import LABELS
from tui.ui.screens.worker_errors import ReportsWorkerErrors
from tui.core.text import counted, first_lines, shorten, visible

#: As much of an id as the list's column shows at 100 columns.
_ID_SHOWN = 12
#: The lines of steps a confirm shows, "… and N more" among them.
_STEPS_ROOM = 9


class HistoryScreen(ReportsWorkerErrors[None], ModalScreen[None]):
    """This store's journal, one action a line; `changed` runs after an undo wrote."""

    TITLE = "History"

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", id="history.close"),
        Binding("j", "move(1)", "Next line", show=False, id="history.down"),
        Binding("k", "move(-1)", "Previous line", show=False, id="history.up"),
    ]

    def __init__(self, writes: Writes, changed: Callable[[], None]) -> None:
        super().__init__(classes="dialog-screen")
        self.writes = writes
        self.changed = changed
        self.reading = Reading()
        self.lines: list[Line] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="history"):
            yield Label("History of this store's changes made here", classes="dialog-title")
            yield DataTable(id="history-lines", cursor_type="row")
            yield Label("", id="history-note", markup=False)
            yield Label("Enter undoes the selected change · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The state before the change: on a narrow terminal what is cut (and reached
        # by scrolling) is the end of a long description, not what became of it.
        table.add_columns("time", "action", "state", "download", "change")
        self.show()
        table.focus()

    def show(self) -> None:
        """Read the journal again and list its lines."""
        table = self.query_one(DataTable)
        try:
            self.reading = self.writes.journal.read()
        except JournalError as problem:
            self.query_one("#history-note", Label).update(str(problem))
            return
        self.lines = fold(self.reading.newest_first(self.writes.store))
        table.clear()
        for index, line in enumerate(self.lines):
            cells = (local_time(line.newest), line.action, line.state,
                     shorten(visible(line.downloads), _ID_SHOWN), visible(line.change))
            # Text, not str: a DataTable reads a plain string as markup.
            table.add_row(*(Text(value) for value in cells), key=str(index))
        note = "" if self.lines else "Nothing has been changed in this store from here yet."
        if self.reading.unreadable:
            note += (f" {counted(self.reading.unreadable, 'line')} of the journal could not "
                     "be read and were left out.")
        self.query_one("#history-note", Label).update(note.strip())

    def action_move(self, rows: int) -> None:
        """j and k, as on the list."""
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + rows)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.undo(self.lines[int(str(event.row_key.value))])

    @work(exclusive=True, group="undo", exit_on_error=False,
          description="Reading the downloads to undo")
    async def undo(self, line: Line) -> None:
        """Look at the store, then ask (showing any field changed since)."""
        planned = await plan(self.writes.client, self.reading, list(line.entries))

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.run_worker(self._write(planned), group="undo", exclusive=True,
                                exit_on_error=False, description="Undoing the change")

        if planned.conflicts:
            self.app.push_screen(UndoConflictDialog(planned.conflicts), answered)
        elif not planned.steps:
            why = planned.skipped[0][1] if planned.skipped else "nothing would change"
            self.notify(f"Nothing to undo: {why}.", markup=False)
        else:
            from tui.ui.screens.confirm import ConfirmDialog

            steps = "\n".join(first_lines(planned.steps, _STEPS_ROOM))
            self.app.push_screen(ConfirmDialog(f"Undo {line.action} of {line.downloads}?",
                                               "Undo", details=Static(steps, id="undo-steps",
                                                                      markup=False)),
                                 answered)

    async def _write(self, planned: Plan) -> None:
        try:
            outcome = await run(self.writes, planned)
        except (JournalError, UndoRefused) as problem:
            self.notify(f"Not undone: {problem}", severity="error", markup=False, timeout=8)
            return
        finally:
            self.changed()
            self.show()
        said = f"Undone: {counted(len(outcome.written), 'write')}"
        if outcome.failed:
            step, why = outcome.failed[0]
            self.notify(f"{said}; {len(outcome.failed)} failed ({step}: {why}).",
                        severity="error", markup=False, timeout=10)
        else:
            self.notify(f"{said}. Enter on the new line takes the undo back.", markup=False)


class UndoConflictDialog(ModalScreen[bool]):
    """The fields changed in the store since: undo anyway, or go back (the default)."""

    TITLE = "Changed in the store since"

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Back", id="undo-conflict.back"),
        Binding("f", "dismiss(True)", "Undo anyway", id="undo-conflict.force"),
    ]

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__(classes="dialog-screen")
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        grid = Table(box=None, padding=(0, 2), expand=False)
        grid.add_column("download", no_wrap=True)
        grid.add_column("field", style="bold", no_wrap=True)
        grid.add_column("the store's now", overflow="fold")
        grid.add_column("the change left", overflow="fold")
        for conflict in self.conflicts:
            where = shorten(visible(conflict.download_id), _ID_SHOWN)
            if conflict.field is None:
                grid.add_row(where, "", Text(conflict.why), "")
            else:
                grid.add_row(where, LABELS[conflict.field], Text(shown_value(conflict.held)),
                             Text(shown_value(conflict.expected)))
        with Vertical(classes="dialog", id="undo-conflict"):
            yield Label("The store no longer holds what this change left: undoing it would "
                        "overwrite what was changed since.", classes="dialog-title")
            yield Static(grid, id="undo-conflict-fields")
            yield Label("f undoes anyway · Esc goes back", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Back", id="back")
                yield Button("Undo anyway", id="force", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "force")
