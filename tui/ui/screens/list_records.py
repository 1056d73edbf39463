"""The list's keys that act on downloads, and where the list lands after them.

What is done to one download is the screen's `RecordActions`, shared with the
detail screen, and to the marked ones its `MarkedActions`; this part picks which
(the marks when there are any, else the row under the cursor, when it can be
read) and shows the list afresh after, the cursor where the change was; `x`
exports the whole list, or the marked downloads.

A download added is shown selected: where the sort puts it when that is known
(sorted by creation date, the newest is first or last), else on the page read
again if it is there, else pinned at the top of the page with a note saying it
belongs elsewhere (a store's ids, its default order, are random).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from tui.api.models import Download, ListQuery
from tui.core.columns import HEADERS
from tui.core.filters import parse_where
from tui.core.paging import Loaded
from tui.core.text import visible

if TYPE_CHECKING:
    from tui.ui.screens.conflict import Edited
    from tui.ui.screens.downloads import DownloadsScreen


class ListRecords:
    """The record keys of the list `screen`."""

    def __init__(self, screen: DownloadsScreen) -> None:
        self.screen = screen

    def current(self) -> Download | None:
        """The download under the cursor; None, said why, when there is none to act on."""
        current = self.screen.table.current
        if current is None:
            self.screen.notify("There is no download on this page.")
            return None
        if not isinstance(current, Download):
            self.screen.notify(f"This entry could not be read: {visible(current.problem)}",
                               severity="warning", markup=False)
            return None
        return current

    def edit(self) -> None:
        if (record := self.current()) is not None:
            self.screen.actions.edit(record)

    def add(self) -> None:
        self.screen.actions.add(self._show_added)

    def delete(self) -> None:
        if self.screen.table.marks:
            self.screen.marked_actions.delete()
        elif (record := self.current()) is not None:
            self.delete_record(record)

    def delete_record(self, record: Download) -> None:
        """Delete `record`, the cursor staying on its row."""
        row = self.screen.table.cursor_row
        self.screen.actions.delete(record, self.screen.clock,
                                   deleted=lambda: self.screen.paging.reload(focus_row=row))

    def reset_count(self) -> None:
        if self.screen.table.marks:
            self.screen.marked_actions.reset_count()
        elif (record := self.current()) is not None:
            self.screen.actions.reset_count(record)

    def edit_field(self) -> None:
        if self.screen.table.marks:
            self.screen.marked_actions.set_field()
        elif (record := self.current()) is not None:
            self.screen.actions.edit_field(record)

    def copy_id(self) -> None:
        if (record := self.current()) is not None:
            self.screen.actions.copy_id(record)

    def copy_json(self) -> None:
        if (record := self.current()) is not None:
            self.screen.actions.copy_json(record)

    def export(self) -> None:
        """Export the list (every page of it) or the marked downloads, once it loaded."""
        shown = self.screen.pages.shown
        if shown is None:
            self.screen.notify("Nothing to export yet: the list has not loaded.")
            return
        from tui.ui.screens.export import export_list  # not needed for the first frame

        export_list(self.screen, self.screen.pages.every_page(shown.query), shown,
                    self.screen.clock, marked=list(self.screen.table.marks))

    def saved(self, record: Download, message: str) -> None:
        """Say what was saved, and show the list afresh with the cursor on `record`."""
        self.screen.notify(message, markup=False)
        self.screen.paging.reload_at_cursor(record.download_id)

    def history(self) -> None:
        """This store's changes made here, newest first, to undo one."""
        if self.screen.actions.writable():
            from tui.ui.screens.history import HistoryScreen  # not needed for the first frame

            self.screen.app.push_screen(HistoryScreen(self.screen.actions.writes,
                                                      self._after_undo))

    def _after_undo(self) -> None:
        self.screen.paging.forget()
        self.screen.paging.reload_at_cursor()

    # -- a download added -------------------------------------------------

    def _show_added(self, added: Edited) -> None:
        """Say so, and show the list afresh with the download just made selected: from
        the first page when the sort puts it first, else from this page (see
        `place_added`)."""
        self.screen.notify(added.said, markup=False)
        pages = self.screen.pages
        if self._end_of_added(pages.query) == "first":
            pages.want(page=1)
        self.screen.paging.reload_at_cursor(added=added.record)

    def _end_of_added(self, query: ListQuery) -> Literal["first", "last"] | None:
        """Where a download just made is in `query`'s list, when its sort tells: the
        newest download comes first or last by creation date (if the store sorts)."""
        if query.sortby != "date_created" or self.screen.knowledge.sorted_here(query):
            return None
        return "first" if query.sortdir == "DESC" else "last"

    def place_added(self, added: Download, loaded: Loaded, rows: list[Any]) -> None:
        """Make `rows`, the page just read, show `added`: it is among them; or it is
        on the last page, looked for next; or it is on a page that cannot be told
        (a search may leave it out, the store's own order is by random id), so it is
        pinned at the top of these rows, with a note."""
        here = any(item.download_id == added.download_id for item in rows)
        where = loaded.query.where
        if not here and where is not None and not parse_where(where).matches(added):
            self.screen.notify(f"The new download does not meet the filter {where}, so this "
                               "list does not show it.", markup=False, timeout=10)
            return
        if not here and loaded.page.has_more and self._end_of_added(loaded.query) == "last":
            self.screen.paging.find_last_page(added)
            return
        if not here:
            rows.insert(0, added)
            self.screen.notify(f"The new download is not on this page of the list "
                               f"({_describe_list(loaded.query)}): it is shown at the top "
                               f"until the list is read again.", markup=False, timeout=10)


def _describe_list(query: ListQuery) -> str:
    """The order of `query`'s list, its filter and search: "sorted by count ▼,
    filter product=14, search “x”"."""
    said = ("in store order" if query.sortby is None
            else f"sorted by {HEADERS[query.sortby]} {'▲' if query.sortdir == 'ASC' else '▼'}")
    if query.where:
        said += f", filter {visible(query.where)}"
    return f"{said}, search “{visible(query.search)}”" if query.search else said
