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

A store may instead refuse a page over its maximum, as WordPress's own routes do:
400 `rest_invalid_param`, "perpage must be between 1 (inclusive) and 30
(inclusive)". The maximum it names is then its cap, and the page is asked for
again at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.api.models import MAX_PERPAGE, ListQuery

#: Short first pages whose end is still open, kept at most (one per search or sort).
_OPEN_ENDS_KEPT = 32
#: How a refusal names the most a number may be: WordPress's words for a range
#: ("between 1 (inclusive) and 30 (inclusive)", or "(exclusive)"), for a maximum
#: alone ("less than or equal to 30", "less than 31"), and other stores' "at most 30"
#: (compiled on first use, by `re`'s cache: start-up needs none of it).
_MAXIMUM = (
    r"between\s+-?\d+(?:\s*\((?:in|ex)clusive\))?\s+and\s+(?P<range>\d{1,9})(?!\d)"
    r"(?:\s*\((?P<range_kind>in|ex)clusive\))?"
    r"|less\s+than\s+(?P<or_equal>or\s+equal\s+to\s+)?(?P<less>\d{1,9})(?!\d)"
    r"|(?:at\s+most|no\s+more\s+than|maximum(?:\s+is|\s+of)?)\s+(?P<most>\d{1,9})(?!\d)"
)


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
    #: The store's proven cap: it served this many when asked for more, and more
    #: followed; or it refused more, naming this maximum.
    cap: int | None = None
    #: The maximum the store named in refusing a larger page (None: never refused).
    refused_over: int | None = None
    #: First pages (page=1 queries) that came back short with the end unknown, and
    #: how many rows they held: their next page is asked for at that size.
    _open_ends: dict[ListQuery, int] = field(default_factory=dict)

    def know_cap(self, cap: int) -> None:
        """Take `cap` as the store's, as found before (e.g. by `doctor`): pages are
        asked for at most at it from the first one. Only what this store serves now
        makes a short page the end: a store may have changed since."""
        if cap < MAX_PERPAGE:
            self.cap = cap

    def refused(self, reason: str, sent: int) -> int | None:
        """Learn from a refusal of `sent` rows per page for `reason` (what the store
        said of `perpage`): the maximum it names, now the cap, to ask again at;
        None when it names none below `sent`."""
        most = maximum_named(reason)
        if most is None or not 1 <= most < sent:
            return None
        self.refused_over = most
        self.cap = most if self.cap is None else min(self.cap, most)
        return most

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


def maximum_named(reason: str) -> int | None:
    """The most a number may be, as `reason` (a store's refusal of it) says; None
    when it says no maximum."""
    found = re.search(_MAXIMUM, reason, re.IGNORECASE)
    if found is None:
        return None
    if found["range"] is not None:
        return int(found["range"]) - (found["range_kind"] == "ex")
    if found["less"] is not None:
        return int(found["less"]) - (found["or_equal"] is None)
    return int(found["most"])


def _first_page(query: ListQuery) -> ListQuery:
    return query if query.page == 1 else query.model_copy(update={"page": 1})
