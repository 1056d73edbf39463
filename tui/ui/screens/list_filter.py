"""The list's exact filter (`product=14` in the search box), beside the list screen.

A term the box cannot use is refused under the box, the text kept as typed; the
scan of a filter in use is followed, its count said in the status line and its
matches drawn on the page as they come; `M` marks every match, on every page. The
list screen holds one `ListFilter`, which says the count in the status line
itself and has the list's `ListPaging` draw the page again as matches come.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.filters import FilterError, parse_box
from tui.core.match_pages import MatchPages
from tui.core.text import counted
from tui.ui.widgets.downloads_table import DownloadsTable
from tui.ui.widgets.field_input import show_input_error
from tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.ui.screens.list_paging import ListPaging

FOLLOW_GROUP = "filter-scan"
MARK_GROUP = "mark-matches"
#: While matches come in, the page on screen is drawn again at most this often.
REDRAW_EVERY = 0.15

#: The filter syntax, as rows of the help screen (the README says the same).
SYNTAX: tuple[tuple[str, str], ...] = (
    ("filter", "In the search box (/), FIELD OP VALUE shows exactly the downloads that "
     "meet it. FIELD: id, created, product, order, count, file, s3, key (or the API "
     "names). OP: = != < <= > >= and ~ (contains, any case). Terms must all hold; other "
     "words go to the store's own search. The status line counts the matches; M marks "
     "them all, on every page; Esc clears the filter."),
    ("examples", "product=14 · order=10604 count>0 · created>=2025-01-01 · s3=yes · "
     "file~\"spring sale\" (quotes keep spaces)"),
)


def progress(matches: MatchPages) -> str:
    """How many match, as far as the scan has got."""
    if not matches.done:
        return f"counting… {matches.count:,} so far"
    if matches.error is not None:
        return f"{matches.count:,} found before the store failed"
    return counted(matches.count, "match", "matches")


class ListFilter:
    """The filter of the list `screen`, whose pages `paging` shows and whose marks
    are `table`'s; `status` shows how many match."""

    def __init__(self, screen: Screen[Any], paging: ListPaging, table: DownloadsTable,
                 status: StatusLine) -> None:
        self.screen = screen
        self.paging = paging
        self.pages = paging.pages
        self.table = table
        self.status = status
        self._followed: MatchPages | None = None

    @property
    def in_use(self) -> bool:
        """Whether the list wanted now is filtered."""
        return self.pages.query.where is not None

    def check(self, text: str, box: Input, error: Static) -> bool:
        """Whether `text`, typed in `box`, can be used; if not, why, said in `error`."""
        try:
            parse_box(text)
        except FilterError as problem:
            show_input_error(box, error, str(problem))
            return False
        show_input_error(box, error, "")
        return True

    def follow(self) -> None:
        """Follow the scan of the filter wanted now (from its first page shown), or
        stop following when no filter is."""
        matches = self.pages.matches()
        if matches is self._followed:
            return
        self._followed = matches
        self.screen.workers.cancel_group(self.screen, FOLLOW_GROUP)
        self.status.matching = "" if matches is None else progress(matches)
        if matches is not None and not matches.done:
            # a callable, not a coroutine: a worker cancelled before it starts leaves none
            self.screen.run_worker(partial(self._follow, matches), group=FOLLOW_GROUP,
                                   exclusive=True, exit_on_error=False,
                                   description="Counting the matches")

    async def _follow(self, matches: MatchPages) -> None:
        while not matches.done:
            await matches.changed()
            await asyncio.sleep(REDRAW_EVERY)  # many store pages of matches, one redraw
            self.status.matching = progress(matches)
            self._show_more()
        if matches.error is not None:
            error = matches.error
            self.screen.notify(f"{error.message} {error.hint}".strip(),
                               title="Counting the matches stopped", severity="error",
                               markup=False, timeout=8)

    def _show_more(self) -> None:
        """The scan went on: draw the page on screen again when it holds more matches
        now, and take in where its list ends, once known."""
        shown, matches = self.pages.shown, self.pages.matches()
        if (matches is not None and shown is not None and shown.query == self.pages.query
                and not self.paging.loading):
            held = matches.held(shown.query.page)
            if held is not None and held != shown.page:
                self.paging.reload_here()
                return
        self.paging.follow()

    def mark_every_match(self) -> None:
        """Mark every download the filter matches, on every page (once the scan has
        found them all), and say how many."""
        matches = self.pages.matches()
        where = self.pages.query.where
        if matches is None or where is None:
            return
        if not matches.done:
            self.screen.notify("Marking every match once they are all found…", markup=False)
        self.screen.run_worker(partial(self._mark, matches, where), group=MARK_GROUP,
                               exclusive=True, exit_on_error=False,
                               description="Marking every match")

    async def _mark(self, matches: MatchPages, where: str) -> None:
        found = [record async for records in matches.every_match() for record in records]
        if not found:
            self.screen.notify(f"No download matches {where}: nothing was marked.",
                               markup=False)
            return
        self.table.mark(found)
        self.screen.notify(f"Marked {counted(len(found), 'download')}: every match of {where}, "
                           "on every page.", markup=False)
