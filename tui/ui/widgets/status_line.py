"""The line above the table that says what is on screen and what is loading."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.api.models import ListQuery, Page
from tui.core.columns import HEADERS
from tui.core.text import counted, shorten, visible

_WIDE, _NARROW = "  │  ", " │ "
#: The least of the store's name kept when the line must give way.
_LEAST_STORE = 12


@dataclass(frozen=True)
class _Part:
    """One part of the line, and what it may shrink to when the line is too long
    ("" leaves it out); `style` is Rich's."""

    text: str
    style: str = ""
    shorter: str | None = None


class StatusLine(Widget):
    """Store, page (and "of N" when known), rows, marks, sort, search or filter (with
    how many match) and loading state: each a reactive attribute, bound to the list
    screen's own (the count is set by the list's filter), so the line follows the
    screen's state and is never told to redraw. When it is too long for the
    terminal, the other parts give way before the search and the filter: they are
    what the next key acts on."""

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
    #: How many downloads meet the filter ("counting… 12 so far" until it is known).
    matching: reactive[str] = reactive("")

    def render(self) -> Text:
        parts = self._parts()
        width = self.content_size.width
        for separator, shrink in ((_WIDE, False), (_NARROW, False), (_NARROW, True)):
            shown = [part.shorter if shrink and part.shorter is not None else part.text
                     for part in parts]
            if not width or _length(shown, separator) <= width:
                return _line(parts, shown, separator)
        store = shown[0]
        room = width - _length(shown, _NARROW) + len(store)
        shown[0] = shorten(store, max(_LEAST_STORE, room))
        return _line(parts, shown, _NARROW)

    def _parts(self) -> list[_Part]:
        query, page = self.wanted, self.page
        where, short_where = f"page {query.page}", f"p. {query.page}"
        if self.last_page is not None:
            where += f" of {self.last_page}"
            short_where += f"/{self.last_page}"
        rows = counted(len(page.items), "row") if page is not None else "no rows yet"
        if page is not None and page.total is not None and query.where is None:
            rows = f"{len(page.items):,} of {counted(page.total, 'row')}"
        parts = [_Part(visible(self.store), "bold"), _Part(where, shorter=short_where),
                 _Part(rows)]
        if self.marked:
            parts.append(_Part(f"{self.marked:,} marked", "bold"))
        if query.sortby is None:
            parts.append(_Part("sort: store order", shorter=""))
        else:
            arrow = "▲" if query.sortdir == "ASC" else "▼"
            sort = f"sort: {HEADERS[query.sortby]} {arrow}"
            page_only = " on this page only" if self.page_sort else ""
            parts.append(_Part(sort + page_only, shorter=sort.removeprefix("sort: ")
                               + (" (page)" if page_only else "")))
        if query.where:
            parts.append(_Part(f"filter: {visible(query.where)}", "bold",
                               shorter=visible(query.where)))
        if query.search:
            parts.append(_Part(f"search: “{visible(query.search)}”"))
        if self.matching:
            parts.append(_Part(self.matching, "bold"))
        if self.fetching:
            parts.append(_Part(self.fetching, "italic", shorter=""))
        return parts


def _length(shown: list[str], separator: str) -> int:
    kept = [text for text in shown if text]
    return sum(len(text) for text in kept) + len(separator) * (len(kept) - 1)


def _line(parts: list[_Part], shown: list[str], separator: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for part, said in zip(parts, shown, strict=True):
        if not said:
            continue
        if text:
            text.append(separator, "dim")
        text.append(said, part.style)
    return text
