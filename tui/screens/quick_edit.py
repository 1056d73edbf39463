"""Quick edits of one download, for the screens that show downloads (list, detail).

`z` resets the download count to 0, the most common fix (a customer used up
their downloads), after a confirm naming the record and the count it had; `i`
changes one field in a small dialog. Both send only the field changed. A
read-only profile gets the same answer to every write, from here.
"""

from __future__ import annotations

from typing import TypeVar

from textual import work

from tui.api.client import DownloadsClient
from tui.api.errors import NotFound
from tui.api.models import Download
from tui.fields import named
from tui.screens.worker_errors import ReportsWorkerErrors
from tui.text import visible

ResultType = TypeVar("ResultType")


class QuickEdits(ReportsWorkerErrors[ResultType]):
    """Base of a screen that shows downloads and may change them."""

    client: DownloadsClient
    read_only: bool = False

    def _writable(self) -> bool:
        if self.read_only:
            self.notify("This profile is read-only: nothing can be added, changed or deleted.",
                        severity="warning")
        return not self.read_only

    def show_saved(self, record: Download, message: str) -> None:
        """Show `record` as the store now has it, and say what was done."""
        raise NotImplementedError

    def reset_count(self, record: Download) -> None:
        """Ask, then set the download count of `record` to 0."""
        if not self._writable():
            return
        if record.download_count == 0:
            self.notify(f"The download count of {named(record)} is already 0.", markup=False)
            return
        from tui.screens.confirm import ConfirmDialog  # not needed for the first frame

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._reset_count(record)

        question = (f"Reset the download count of {named(record)} "
                    f"from {record.download_count} to 0?")
        self.app.push_screen(ConfirmDialog(question, "Reset"), answered)

    @work(group="write", exit_on_error=False, description="Resetting the download count")
    async def _reset_count(self, record: Download) -> None:
        try:
            saved = await self.client.update(record.download_id, {"download_count": 0})
        except NotFound:
            self.notify(f"Download {visible(record.download_id)} is no longer in the store "
                        "(deleted meanwhile?); nothing was reset.", title="Not reset",
                        severity="error", markup=False, timeout=8)
            return
        self.show_saved(saved, f"Reset the download count of {named(saved)} to 0.")

    def edit_field(self, record: Download) -> None:
        """Change one field of `record` in a small dialog."""
        if not self._writable():
            return
        from tui.screens.field_edit import FieldEditDialog  # not needed at start-up

        def saved(result: Download | None) -> None:
            if result is not None:
                self.show_saved(result, f"Saved download {visible(result.download_id)}.")

        self.app.push_screen(FieldEditDialog(self.client, record), saved)
