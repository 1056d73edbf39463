"""The list's search box (`/`), beside the list screen.

Typing searches as it goes, after a short pause, so a word typed fast sends one
request, not one a key; Enter searches at once and gives the keys back to the
list. Esc clears the search and goes back to the page and the row the list was
on before it began, as a search is mostly a look at something else; never
applied, Esc only closes the box. A term the box cannot use (a filter that does
not parse) is said under the box by the list's `ListFilter`, and the list stays
as it is. The placeholder says what the store is known to search, once that is
known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widgets import Input, Static

from tui.api.models import ListQuery
from tui.core.fields import IN_TEXT
from tui.core.findings.model import Findings

if TYPE_CHECKING:
    from tui.ui.screens.downloads import DownloadsScreen

SEARCH_DEBOUNCE = 0.3


@dataclass(frozen=True)
class _Place:
    """Where the list was when a search began: its query, and the download under
    the cursor (and its row, should the download be gone by then)."""

    query: ListQuery
    download_id: str | None
    row: int


class ListSearch:
    """The search box of the list `screen` (`#search-box`, holding `#search` and
    `#search-error`); what is typed waits `debounce` seconds before it is searched."""

    def __init__(self, screen: DownloadsScreen, debounce: float) -> None:
        self.screen = screen
        self.debounce = debounce
        #: Where Esc goes back to, from the moment a search begins.
        self._before: _Place | None = None

    @property
    def input(self) -> Input:
        return self.screen.query_one("#search", Input)

    @property
    def error(self) -> Static:
        return self.screen.query_one("#search-error", Static)

    def open(self) -> None:
        query, table = self.screen.pages.query, self.screen.table
        if self._before is None and not (query.search or query.where):
            current = table.current
            self._before = _Place(query, current.download_id if current else None,
                                  table.cursor_row)
        self._show(True)

    def typed(self, text: str) -> None:
        """Search for `text` once typing pauses, unless it is the list shown already."""
        if not self.screen.filter.check(text, self.input, self.error):
            return  # said under the box; the list stays as it is
        pages = self.screen.pages
        before = pages.query
        wanted = pages.search(text)
        if (wanted.search, wanted.where) != (before.search, before.where):
            self.screen.paging.reload(delay=self.debounce)
        else:
            pages.query = before  # the same list: stay on its page

    def submitted(self, text: str) -> None:
        if not text.strip():
            self.clear()  # nothing to search for: as Esc
            return
        if not self.screen.filter.check(text, self.input, self.error):
            return
        self._show(False)
        self._apply(text)

    def clear(self) -> None:
        """Close the box and clear the search, the list back where it was before
        the search began (on its first page, if sorted otherwise since)."""
        self.input.value = ""
        self._show(False)
        before, self._before = self._before, None
        pages = self.screen.pages
        if before is None:
            if pages.query.search or pages.query.where:  # not searched from the box
                self._apply("")
            return
        query = pages.query
        same_order = ((query.sortby, query.sortdir, query.perpage)
                      == (before.query.sortby, before.query.sortdir, before.query.perpage))
        pages.want(search=None, where=None, page=before.query.page if same_order else 1)
        self.screen.paging.show_wanted(focus_id=before.download_id, focus_row=before.row)

    def know(self, findings: Findings) -> None:
        """Say in the placeholder what the store is known to search."""
        self.input.placeholder = search_hint(findings)

    def _show(self, show: bool) -> None:
        """Show or hide the search box, moving the focus at once."""
        self.screen.query_one("#search-box").display = show
        self.screen.set_focus(self.input if show else self.screen.table)

    def _apply(self, term: str) -> None:
        """Search for `term` now, unless its results are already on screen."""
        self.screen.pages.search(term)
        self.screen.paging.show_wanted()


def search_hint(findings: Findings | None) -> str:
    """The search box's placeholder: what the store is known to search, when it is."""
    searched = [IN_TEXT[field] for field, match in (findings.search if findings else {}).items()
                if match == "yes"]
    if not searched:
        return "Search, or filter: product=14 count>0 · Enter applies · Esc clears"
    return f"Search {', '.join(searched)} · filter: product=14 · Esc clears"
