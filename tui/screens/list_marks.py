"""Marks on the list screen, and the bulk actions on the marked downloads.

A part of `DownloadsScreen`. Marks are kept by download id (`tui.marks`), so
they survive paging, sorting and searching; a bulk action (`tui.bulk`) runs one
record at a time behind a progress screen, and what it could not do stays
marked for another try.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Static

from tui.api.errors import ApiError, AuthError
from tui.api.models import Download, DownloadChanges
from tui.bulk import BulkRun
from tui.fields import LABELS
from tui.marks import Marks
from tui.recovery import Deletion, RecoveryError, RecoveryLog
from tui.screens.quick_edit import QuickEdits
from tui.text import shorten, visible

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from textual.screen import Screen

    from tui.bulk import BulkReport
    from tui.paging import PageStore
    from tui.screens.bulk import BulkAction
    from tui.widgets.downloads_table import DownloadsTable


class MarksAndBulk(QuickEdits[None]):
    """`space`, `M` and `C` mark; with marks, delete, reset and set act on them all."""

    # What the list screen provides.
    pages: PageStore
    marks: Marks
    recovery: RecoveryLog
    profile: str | None
    table: DownloadsTable
    reload: Callable[..., None]
    _forget_pages: Callable[[], None]
    _redraw_status: Callable[[], None]

    def action_mark(self) -> None:
        """Mark or unmark the row, and move on, so `space` held down marks a run."""
        current = self.table.current
        if current is None:
            self.notify("There is no download on this page.")
            return
        if not isinstance(current, Download):
            self.notify("This entry could not be read, so it cannot be marked: "
                        f"{visible(current.problem)}", severity="warning", markup=False)
            return
        self.marks.toggle(current)
        self._show_marks()
        self.table.action_cursor_down()

    def action_mark_page(self) -> None:
        records = self.pages.shown.page.records if self.pages.shown is not None else []
        self.marks.add(records)
        self._show_marks()
        unreadable = len(self.table.items) - len(records)
        if unreadable:
            entries = "entry" if unreadable == 1 else "entries"
            self.notify(f"{unreadable} unreadable {entries} on this page could not be marked.",
                        severity="warning")

    def action_clear_marks(self) -> None:
        if not self.marks:
            self.notify("Nothing is marked.")
            return
        self.notify(f"Cleared {len(self.marks)} marks.")
        self.marks.clear()
        self._show_marks()

    def _show_marks(self) -> None:
        self.table.show_marks(self.marks.ids)
        self._redraw_status()

    # -- bulk actions on the marked downloads -----------------------------

    def _bulk_delete(self) -> None:
        from tui.screens.bulk import BulkAction

        def delete(record: Download) -> Awaitable[Deletion]:
            return self.recovery.delete(self.client, record, self.profile)

        # A log that cannot be written refuses every record alike: stop at the first.
        self._confirm_bulk(
            f"Delete the {len(self.marks)} marked downloads?", "Delete",
            BulkRun(self.marks, delete, failures=(ApiError, RecoveryError),
                    stop_on=(AuthError, RecoveryError)),
            BulkAction("Deleting", "Deleted", after=" Press u to restore any of them."),
        )

    def _bulk_reset_count(self) -> None:
        from tui.screens.bulk import BulkAction

        def reset(record: Download) -> Awaitable[Download]:
            return self.client.update(record.download_id, {"download_count": 0})

        self._confirm_bulk(
            f"Reset the download count of the {len(self.marks)} marked downloads to 0?",
            "Reset",
            BulkRun(self.marks, reset),
            BulkAction("Resetting the download count of", "Reset the download count of"),
        )

    def _bulk_set_field(self) -> None:
        if not self._writable():
            return
        from tui.screens.bulk import BulkAction, listing
        from tui.screens.field_edit import BulkFieldDialog

        records = list(self.marks)

        def chosen(changes: DownloadChanges | None) -> None:
            if changes is None:
                return
            [(field, value)] = changes.body().items()
            shown = shorten(visible(str(value)), 30)

            def update(record: Download) -> Awaitable[Download]:
                return self.client.update(record.download_id, changes)

            self._run_bulk(BulkRun(records, update),
                           BulkAction(f"Setting {LABELS[field]} to “{shown}” on",
                                      f"Set {LABELS[field]} to “{shown}” on"))

        self.app.push_screen(BulkFieldDialog(records, listing(records)), chosen)

    def _confirm_bulk(
        self, question: str, confirm_label: str, run: BulkRun, action: BulkAction
    ) -> None:
        """One confirm for all the records of `run`, naming the first few."""
        if not self._writable():
            return
        from tui.screens.bulk import listing
        from tui.screens.confirm import ConfirmDialog

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._run_bulk(run, action)

        details = Static(listing(run.records), id="bulk-records", markup=False)
        self.app.push_screen(ConfirmDialog(question, confirm_label, details=details), answered)

    @work(exclusive=True, group="bulk", exit_on_error=False,
          description="Working on the marked downloads")
    async def _run_bulk(self, run: BulkRun, action: BulkAction) -> None:
        """Run `run` behind its progress screen, then show the outcome: the records
        done are unmarked, the failed and the not done stay marked."""
        from tui.screens.bulk import BulkProgressScreen, BulkSummaryScreen, done_message

        progress = BulkProgressScreen(action, run)
        await self.app.push_screen(progress)
        try:
            await run.run(progress.show_progress)
        except Exception:  # reported by the app; what was done is still shown
            self._after_bulk(progress, run.report())
            raise
        report = run.report()
        self._after_bulk(progress, report)
        if report.failed or report.stopped:
            self.app.push_screen(BulkSummaryScreen(action, report))
        else:
            self.notify(done_message(action, report) + action.after, markup=False)

    def _after_bulk(self, progress: Screen[None], report: BulkReport) -> None:
        """Close the progress screen, unmark what was done, show the store afresh."""
        self.marks.discard(record.download_id for record in report.succeeded)
        progress.pop_until_active()  # e.g. the help, opened meanwhile
        progress.dismiss()
        self._forget_pages()  # even a failed write may have reached the store
        self._show_marks()
        current = self.table.current
        self.reload(focus_id=current.download_id if current else None,
                    focus_row=self.table.cursor_row)
