"""The line above the table that says what is on screen and what is loading."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.api.models import ListQuery, Page
from tui.output import HEADERS
from tui.text import visible

_SEPARATOR = ("  │  ", "dim")


class StatusLine(Static):
    """Store, page (and "of N" when known), rows, marks, sort, search and loading state."""

    def show_state(
        self, store: str, query: ListQuery, page: Page | None, loading: str = "",
        marked: int = 0, last_page: int | None = None, page_sort: bool = False,
    ) -> None:
        """Redraw from the wanted query, the page on screen, what is loading, how
        many downloads are marked and, once known, which page is the last.
        `page_sort`: the store does not sort by the field, only this page is."""
        where = f"page {query.page}"
        if last_page is not None:
            where += f" of {last_page}"
        rows = f"{len(page.items)} rows" if page is not None else "no rows yet"
        if page is not None and page.total is not None:
            rows = f"{len(page.items)} of {page.total:,} rows"
        if query.sortby is None:
            sort = "sort: store order"
        else:
            arrow = "▲" if query.sortdir == "ASC" else "▼"
            sort = f"sort: {HEADERS[query.sortby]} {arrow}"
            if page_sort:
                sort += " on this page only"
        parts: list[str | tuple[str, str]] = [(visible(store), "bold"), where, rows]
        if marked:
            parts.append((f"{marked} marked", "bold"))
        parts.append(sort)
        if query.search:
            parts.append(f"search: “{visible(query.search)}”")
        if loading:
            parts.append((loading, "italic"))
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, part in enumerate(parts):
            if index:
                text.append(*_SEPARATOR)
            text.append(*(part if isinstance(part, tuple) else (part,)))
        self.update(text)
