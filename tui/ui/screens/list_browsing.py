"""The detail screen opened from the list, and its way through the list's rows.

`j` and `k` on the detail screen show the next and previous row without going
back to the list, the list's cursor following; past either end of the page the
list turns the page and the detail screen goes on from its first (or last)
readable row. Only one such turn is on its way at a time. The detail screen's
`d` is handed back to the list, whose delete decides where its cursor lands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.api.models import Download
from tui.core.paging import Outcome

if TYPE_CHECKING:
    from tui.ui.screens.detail import DetailRequest, DetailScreen
    from tui.ui.screens.downloads import DownloadsScreen


class DetailBrowsing:
    """The detail screens of the list `screen`, and the page turn one waits for."""

    def __init__(self, screen: DownloadsScreen) -> None:
        self.screen = screen
        #: The detail screen waiting for the page it browsed onto, and which way it went.
        self._browsing: tuple[DetailScreen, int] | None = None

    def open(self) -> None:
        """The detail screen of the row under the cursor, browsing the list."""
        if (record := self.screen.records.current()) is not None:
            self.open_detail(record, browse=True)

    def open_detail(self, record: Download, *, browse: bool = False) -> None:
        """The detail screen; `browse`: `record` is the row under the cursor, and
        the detail screen may move through the rows. Its `d` deletes from here."""
        from tui.ui.screens.detail import DetailScreen  # not needed for the first frame

        screen = self.screen
        detail = DetailScreen(record, screen.clock(), screen.actions.writes,
                              read_only=screen.read_only, wrote=screen.paging.show_written,
                              browse=self._browse if browse else None)

        def follow_up(request: DetailRequest) -> None:
            self._browsing = None
            if request == "delete":
                screen.records.delete_record(detail.record)

        screen.app.push_screen(detail, follow_up)

    def go_to_id(self, typed: str) -> None:
        """Ask for a download id (looking `typed` up at once when given) and open it."""
        from tui.ui.screens.go_to import ask_for_download  # not needed for the first frame

        ask_for_download(self.screen, self.screen.client, typed, found=self.open_detail)

    def settled(self, outcome: Outcome) -> None:
        """The list settled on a page (`outcome`): a detail screen waiting for it goes
        on from its first row (or last, going back)."""
        if self._browsing is None or outcome not in (Outcome.SHOW, Outcome.PAST_END):
            return
        detail, step = self._browsing
        self._browsing = None
        start = 0 if step > 0 else len(self.screen.table.items) - 1
        if outcome is Outcome.SHOW and not self._browse_on(detail, step, start):
            self.screen.notify("No download on this page could be read.", severity="warning")

    def stop(self) -> None:
        """The page waited for did not come: the detail screen may browse again."""
        self._browsing = None

    def _browse(self, detail: DetailScreen, step: int) -> None:
        """Show in `detail` the download `step` rows from the cursor, which follows;
        past either end of the page, from the page next to it."""
        if self._browsing is not None:
            return  # still on the way to the page next to this one
        screen = self.screen
        if self._browse_on(detail, step, screen.table.cursor_row + step):
            return
        if not (screen.pages.next_page() if step > 0 else screen.pages.previous_page()):
            screen.paging.say_once("This is the last download of the list." if step > 0
                                   else "This is the first download of the list.")
            return
        self._browsing = (detail, step)
        screen.paging.reload(focus_row=0 if step > 0 else screen.pages.query.perpage)

    def _browse_on(self, detail: DetailScreen, step: int, row: int) -> bool:
        """Put the cursor on the first readable row from `row` on, going `step` by
        `step`, and show it in `detail`; False when there is none on this page."""
        table = self.screen.table
        items = table.items
        for index in range(row, len(items) if step > 0 else -1, step):
            if isinstance(record := items[index], Download):
                table.move_cursor(row=index, animate=False)
                detail.show_record(record)
                return True
        return False
