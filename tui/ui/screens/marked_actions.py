"""The list's marks, and bulk actions on them: delete, reset the count, set one field.

Marks outlive the page they were made on, so a bulk action can reach across
pages; with a filter in use, `M` marks every match, on every page (the list's
`ListFilter` finds them). A bulk action (`tui.core.bulk`) runs one record at a
time behind a progress screen, after one confirm stating how many and listing
the first of them with what changes. The values listed are those last read (on
a page shown, or by a filter's scan), so the confirm comes at once, without a
request for each record. What it could not do stays marked for another try. The
list screen holds one `MarkedActions` and is told, through `finished`, when the
store may have changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sized
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.widgets import Static

from tui.api.errors import ApiError, AuthError, InputRejected
from tui.api.models import Download, DownloadChanges
from tui.core.bulk import BulkRun
from tui.core.fields import LABELS
from tui.core.journal import JournalError
from tui.core.rules import change_problems
from tui.ui.screens.record_actions import RecordActions
from tui.core.text import counted, shorten, visible
from tui.ui.widgets.downloads_table import DownloadsTable

if TYPE_CHECKING:
    from tui.ui.screens.bulk import BulkAction
    from tui.ui.screens.list_filter import ListFilter


class MarkedActions:
    """The marks of the list `screen`'s `table`, and the bulk actions on them; with
    `list_filter` in use, every match is marked at once. `finished` runs once a bulk
    action has ended, done or not (the store may have changed)."""

    def __init__(self, screen: Screen[Any], table: DownloadsTable, records: RecordActions,
                 list_filter: ListFilter, finished: Callable[[], None]) -> None:
        self.screen = screen
        self.table = table
        self.records = records
        self.filter = list_filter
        self._finished = finished

    def mark_row(self) -> None:
        """Mark or unmark the row under the cursor, when it can be read."""
        current = self.table.current
        if current is None:
            self.screen.notify("There is no download on this page.")
        elif not isinstance(current, Download):
            self.screen.notify("This entry could not be read, so it cannot be marked: "
                               f"{visible(current.problem)}", severity="warning", markup=False)
        else:
            self.table.toggle_mark(current)

    def mark_page(self) -> None:
        """Mark every row on the page; with a filter, every match, on every page."""
        if self.filter.in_use:
            self.filter.mark_every_match()
            return
        unreadable = self.table.mark_all()
        if unreadable:
            self.screen.notify(f"{counted(unreadable, 'unreadable entry', 'unreadable entries')}"
                               " on this page could not be marked.", severity="warning")

    def clear(self) -> None:
        if not self.table.marks:
            self.screen.notify("Nothing is marked.")
            return
        self.screen.notify(f"Cleared {counted(len(self.table.marks), 'mark')}.")
        self.table.unmark()

    def delete(self) -> None:
        from tui.ui.screens.bulk import BulkAction, as_listed

        # A journal that cannot be written refuses every record alike: stop at the first.
        self._confirm(
            f"Delete the {_marked(self.table.marks)}?", "Delete",
            BulkRun(self.table.marks, self.records.writes.grouped().delete,
                    failures=(ApiError, JournalError), stop_on=(AuthError, JournalError)),
            BulkAction("Deleting", "Deleted", after=" Press u to undo."), as_listed,
        )

    def reset_count(self) -> None:
        from tui.ui.screens.bulk import BulkAction, count_reset

        writes = self.records.writes.grouped()

        async def reset(record: Download) -> Download:
            # The journal keeps the count the store holds now, not the one listed.
            current = await writes.client.get(record.download_id)
            return await writes.update(current, {"download_count": 0})

        self._confirm(
            f"Reset the download count of the {_marked(self.table.marks)} to 0?",
            "Reset",
            BulkRun(self.table.marks, reset, failures=(ApiError, JournalError),
                    stop_on=(AuthError, JournalError)),
            BulkAction("Resetting the download count of", "Reset the download count of",
                       after=" Press u to undo."), count_reset,
        )

    def set_field(self) -> None:
        if not self.records.writable():
            return
        from tui.ui.screens.bulk import FIELD_DIALOG_LINES, BulkAction, as_listed, listing
        from tui.ui.screens.field_edit import BulkFieldDialog

        marked = list(self.table.marks)
        writes = self.records.writes.grouped()

        def chosen(changes: DownloadChanges | None) -> None:
            if changes is None:
                return
            [(field, value)] = changes.body().items()
            shown = shorten(visible(str(value)), 30)

            async def update(record: Download) -> Download:
                # Judged on the record as the store holds it now, not as listed.
                current = await writes.client.get(record.download_id)
                if problem := change_problems({field: value}, current).get(field):
                    raise InputRejected(problem, field=field)
                return await writes.update(current, changes.body())

            self._run(BulkRun(marked, update, failures=(ApiError, JournalError),
                              stop_on=(AuthError, JournalError)),
                      BulkAction(f"Setting {LABELS[field]} to “{shown}” on",
                                 f"Set {LABELS[field]} to “{shown}” on", after=" Press u to undo."))

        about = listing(marked, as_listed, self.screen.app.size, FIELD_DIALOG_LINES)
        self.screen.app.push_screen(BulkFieldDialog(marked, about), chosen)

    def _confirm(self, question: str, confirm_label: str, run: BulkRun,
                 action: BulkAction, what: Callable[[Download], str]) -> None:
        """One confirm for all the records of `run`, listing as many as fit with
        `what` changes of each."""
        if not self.records.writable():
            return
        from tui.ui.screens.bulk import CONFIRM_LINES, listing
        from tui.ui.screens.confirm import ConfirmDialog

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._run(run, action)

        listed = listing(run.records, what, self.screen.app.size, CONFIRM_LINES)
        details = Static(listed, id="bulk-records", markup=False)
        self.screen.app.push_screen(ConfirmDialog(question, confirm_label, details=details),
                                    answered)

    def _run(self, run: BulkRun, action: BulkAction) -> None:
        self.screen.run_worker(self._bulk(run, action), group="bulk", exclusive=True,
                               exit_on_error=False,
                               description="Working on the marked downloads")

    async def _bulk(self, run: BulkRun, action: BulkAction) -> None:
        """Run `run` behind its progress screen, then show the outcome: the records
        done are unmarked, the failed and the not done stay marked."""
        from tui.ui.screens.bulk import BulkProgressScreen, BulkSummaryScreen, done_message

        progress = BulkProgressScreen(action, run)
        await self.screen.app.push_screen(progress)
        try:
            await run.run(progress.show_progress)
        finally:  # what was done is shown even when the run failed (the app reports it)
            report = run.report()
            progress.pop_until_active()  # e.g. the help, opened meanwhile
            progress.dismiss()
            self.table.unmark(record.download_id for record in report.succeeded)
            self._finished()
        if report.failed or report.stopped:
            self.screen.app.push_screen(BulkSummaryScreen(action, report))
        else:
            self.screen.notify(done_message(action, report) + action.after, markup=False)


def _marked(marks: Sized) -> str:
    """"3 marked downloads", or "marked download" for one."""
    return "marked download" if len(marks) == 1 else f"{len(marks)} marked downloads"
