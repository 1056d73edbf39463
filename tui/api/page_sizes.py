"""How a store pages its list, learned as it answers, so that the end of the
list is found whatever the store's cap on the page size.

A store may serve fewer rows than asked for (WordPress routes commonly cap
`perpage` at 100, a store may cap lower), so a page shorter than asked is not
proof of the end. It is the end only once the store has been seen to serve more
rows per page than that; otherwise the next page is asked for to be sure, and
at the short page's size: a capping store then gives the rows after it
whichever size it counts its pages in, and a non-empty answer proves the cap.
From then on every page is asked for at the cap, so the page numbers shown are
the store's own pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.api.models import MAX_PERPAGE, ListQuery

#: Short first pages whose end is still open, kept at most (one per search or sort).
_OPEN_ENDS_KEPT = 32


@dataclass(frozen=True)
class PageFacts:
    """What one list answer says of its page besides the records."""

    perpage: int
    has_more: bool
    total: int | None = None
    total_pages: int | None = None


def _ceil_div(total: int, size: int) -> int:
    return max(1, -(-total // size))


@dataclass
class PageSizes:
    """What one client has learned of its store's page size."""

    #: The most rows the store has served in one page, for any query.
    most_served: int = 0
    #: The store's proven cap: it served this many when asked for more, and more followed.
    cap: int | None = None
    #: First pages (page=1 queries) that came back short with the end unknown, and
    #: how many rows they held: their next page is asked for at that size.
    _open_ends: dict[ListQuery, int] = field(default_factory=dict)

    def know_cap(self, cap: int) -> None:
        """Take `cap` as the store's, as found before (e.g. by `doctor`): pages are
        asked for at most at it from the first one. Only what this store serves now
        makes a short page the end: a store may have changed since."""
        if cap < MAX_PERPAGE:
            self.cap = cap

    def perpage_to_send(self, query: ListQuery) -> int:
        """The page size to ask the store for: never above its cap, and after a short
        first page whose end is open, that page's size."""
        perpage = query.perpage if self.cap is None else min(query.perpage, self.cap)
        if query.page > 1 and (rows := self._open_ends.get(_first_page(query))) is not None:
            perpage = min(perpage, rows)
        return perpage

    def read(
        self, query: ListQuery, sent: int, count: int, *,
        more: bool | None = None, total: int | None = None, total_pages: int | None = None,
    ) -> PageFacts:
        """Learn from a page of `count` rows asked for at `sent` per page, and say
        whether pages follow: as the store says (EasyCart's `more`, or its totals),
        else by the rules above."""
        first = _first_page(query)
        if query.page > 1 and (open_rows := self._open_ends.pop(first, None)) is not None:
            if count and sent == open_rows:
                self.cap = open_rows
        if total is not None and total_pages is None:
            total_pages = _ceil_div(total, sent)
        said_more = more if more is not None else (
            query.page < total_pages if total_pages is not None else None)
        if said_more and 0 < count < sent:
            self.cap = sent = count
            if total is not None:
                total_pages = _ceil_div(total, count)
        if said_more is not None:
            has_more = said_more
        elif count == 0:
            has_more = False
        elif count >= sent:
            has_more = True
        else:
            has_more = self.most_served <= count
            if has_more and query.page == 1:
                self._keep_open(first, count)
        self.most_served = max(self.most_served, count)
        return PageFacts(perpage=sent, has_more=has_more, total=total, total_pages=total_pages)

    def _keep_open(self, first: ListQuery, rows: int) -> None:
        if len(self._open_ends) >= _OPEN_ENDS_KEPT:
            self._open_ends.pop(next(iter(self._open_ends)))
        self._open_ends[first] = rows


def _first_page(query: ListQuery) -> ListQuery:
    return query if query.page == 1 else query.model_copy(update={"page": 1})
