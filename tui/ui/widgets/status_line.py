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
#: The least of the store's name kept while the line must give way.
_LEAST_STORE = 12
#: The order the parts give way when the line is too long, each step taking the
#: next of one part's shorter forms: what loading and the sort say first, the store's
#: name and the marks late, the search and the filter last (they are what the next
#: key acts on).
_GIVING_WAY = ("fetching", "sort", "where", "rows", "store", "sort", "rows", "matching",
               "where", "store", "marked", "term")


@dataclass(frozen=True)
class _Part:
    """One part of the line: `forms` runs from the whole to the shortest it may be
    ("" leaves it out); `kind` names it in `_GIVING_WAY`; `style` is Rich's."""

    kind: str
    forms: tuple[str, ...]
    style: str = ""


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
        shown = [part.forms[0] for part in parts]
        if not width or _length(shown, _WIDE) <= width:
            return _line(parts, shown, _WIDE)
        taken = dict.fromkeys(_GIVING_WAY, 0)
        for kind in _GIVING_WAY:
            if _length(shown, _NARROW) <= width:
                break
            taken[kind] += 1
            for index, part in enumerate(parts):
                if part.kind == kind:
                    shown[index] = part.forms[min(taken[kind], len(part.forms) - 1)]
        return _line(parts, _cut_terms(parts, shown, width), _NARROW)

    def _parts(self) -> list[_Part]:
        query, page = self.wanted, self.page
        where, short_where = f"page {query.page}", f"p. {query.page}"
        if self.last_page is not None:
            where += f" of {self.last_page}"
            short_where += f"/{self.last_page}"
        rows = short_rows = counted(len(page.items), "row") if page is not None else "no rows yet"
        if page is not None and page.total is not None and query.where is None:
            rows = f"{len(page.items):,} of {counted(page.total, 'row')}"
        store = visible(self.store)
        parts = [_Part("store", (store, shorten(store, _LEAST_STORE), ""), "bold"),
                 _Part("where", (where, short_where, "")), _Part("rows", (rows, short_rows, ""))]
        if self.marked:
            parts.append(_Part("marked", (f"{self.marked:,} marked", ""), "bold"))
        if query.sortby is None:
            parts.append(_Part("sort", ("sort: store order", "")))
        else:
            arrow = "▲" if query.sortdir == "ASC" else "▼"
            sort = f"sort: {HEADERS[query.sortby]} {arrow}"
            page_only = " on this page only" if self.page_sort else ""
            short = sort.removeprefix("sort: ") + (" (page)" if page_only else "")
            parts.append(_Part("sort", (sort + page_only, short, "")))
        if query.where:
            term = visible(query.where)
            parts.append(_Part("term", (f"filter: {term}", term), "bold"))
        if query.search:
            term = f"“{visible(query.search)}”"
            parts.append(_Part("term", (f"search: {term}", term)))
        if self.matching:
            parts.append(_Part("matching", (self.matching, ""), "bold"))
        if self.fetching:
            parts.append(_Part("fetching", (self.fetching, ""), "italic"))
        return parts


def _length(shown: list[str], separator: str) -> int:
    kept = [text for text in shown if text]
    return sum(len(text) for text in kept) + len(separator) * (len(kept) - 1)


def _cut_terms(parts: list[_Part], shown: list[str], width: int) -> list[str]:
    """`shown` with the search and filter cut short (with "…"), the last first, as
    far as the line needs: only once everything else has given way."""
    cut = list(shown)
    for index in reversed(range(len(parts))):
        over = _length(cut, _NARROW) - width
        if over <= 0:
            break
        if parts[index].kind == "term":
            cut[index] = shorten(cut[index], max(1, len(cut[index]) - over))
    return cut


def _line(parts: list[_Part], shown: list[str], separator: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for part, said in zip(parts, shown, strict=True):
        if not said:
            continue
        if text:
            text.append(separator, "dim")
        text.append(said, part.style)
    return text
