"""The line above the table that says what is on screen and what is loading."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.api.models import ListQuery, Page
from tui.columns import HEADERS
from tui.text import counted, visible

_SEPARATOR = ("  │  ", "dim")


class StatusLine(Widget):
    """Store, page (and "of N" when known), rows, marks, sort, search and loading
    state: each a reactive attribute, bound to the list screen's own, so the line
    follows the screen's state and is never told to redraw."""

    store: reactive[str] = reactive("")
    #: The query wanted (which may still be loading).
    wanted: reactive[ListQuery] = reactive(ListQuery)
    #: The page on screen when it answers `wanted`, else None.
    page: reactive[Page | None] = reactive(None)
    #: What is being fetched, said in words (e.g. "loading page 3…"); "" when nothing is.
    fetching: reactive[str] = reactive("")
    marked: reactive[int] = reactive(0)
    #: Once known, which page is the last.
    last_page: reactive[int | None] = reactive(None)
    #: The store does not sort by the field: only this page is sorted.
    page_sort: reactive[bool] = reactive(False)

    def render(self) -> Text:
        query, page = self.wanted, self.page
        where = f"page {query.page}"
        if self.last_page is not None:
            where += f" of {self.last_page}"
        rows = counted(len(page.items), "row") if page is not None else "no rows yet"
        if page is not None and page.total is not None:
            rows = f"{len(page.items):,} of {counted(page.total, 'row')}"
        if query.sortby is None:
            sort = "sort: store order"
        else:
            arrow = "▲" if query.sortdir == "ASC" else "▼"
            sort = f"sort: {HEADERS[query.sortby]} {arrow}"
            if self.page_sort:
                sort += " on this page only"
        parts: list[str | tuple[str, str]] = [(visible(self.store), "bold"), where, rows]
        if self.marked:
            parts.append((f"{self.marked} marked", "bold"))
        parts.append(sort)
        if query.search:
            parts.append(f"search: “{visible(query.search)}”")
        if self.fetching:
            parts.append((self.fetching, "italic"))
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, part in enumerate(parts):
            if index:
                text.append(*_SEPARATOR)
            text.append(*(part if isinstance(part, tuple) else (part,)))
        return text
