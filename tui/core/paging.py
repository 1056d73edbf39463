"""The list's page store: which query is wanted, and which answer is on screen.

Kept free of any UI so the rules are plain to test: every request gets a ticket,
and only the answer to the newest ticket may be shown, so a slow answer to an
older query never replaces a newer one.

Without totals from the store, the end of the list is found as it is met: the
last page is remembered (until a write) once one comes back with no more after
it, and a page asked for beyond the end (a held key, a typed number) leads to
the real last page, looked for by halving between a page known to hold rows and
the empty one.

Over a slow link every request costs a round trip, so the store also keeps the
last pages it saw (`tui.core.page_cache`) and fetches the pages next to the one on
screen before they are asked for, through requests shared by whoever asks for
the same page (`tui.core.shared_requests`).

A query with filter terms (`ListQuery.where`) is not the store's to answer: its
pages are the matches of one scan of the store (`tui.core.match_pages`), begun
when it is first wanted and stopped when another filter, sort or page size is.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncGenerator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui.api.client import DownloadsClient
from tui.api.errors import ApiError, BadResponse
from tui.api.models import MAX_PERPAGE, ListQuery, Page, SortField
from tui.core.filters import parse_box, parse_where
from tui.core.match_pages import MatchPages
from tui.core.matches import MatchScan
from tui.core.page_cache import PageCache
from tui.core.shared_requests import SharedRequests

if TYPE_CHECKING:
    from tui.core.findings.model import Findings

#: The rows-per-page steps offered by `+` / `-`.
PERPAGE_STEPS: tuple[int, ...] = (10, 25, 50, 100)
#: Pages kept in memory: 32 pages of 50 rows take about 2 MiB (measured), of 100 rows 4.
CACHE_PAGES = 32
#: Past this page number no store's list goes on (MySQL's offsets end there for any
#: page size): a store that answers beyond it does not page its list.
_MOST_PAGES = 2**31


def _first_page(query: ListQuery) -> ListQuery:
    """The first page of `query`'s list: what its pages have in common."""
    return query if query.page == 1 else query.model_copy(update={"page": 1})


def perpage_choices(cap: int | None) -> tuple[int, ...]:
    """What `+` and `-` step through: `PERPAGE_STEPS` up to the store's cap, then the cap."""
    if cap is None:
        return PERPAGE_STEPS
    return (*(size for size in PERPAGE_STEPS if size < cap), cap)


@dataclass(frozen=True)
class Loaded:
    """One answer, tagged with the query and the ticket it was asked with."""

    query: ListQuery
    page: Page
    ticket: int


class Outcome(enum.Enum):
    """What the screen should do with an answer."""

    SHOW = "show"
    #: An answer to a query that was replaced while it was on its way.
    STALE = "stale"
    #: An empty page after a full one: the page before it was the last.
    PAST_END = "past-end"
    #: An empty page where rows were expected (e.g. after a delete): load the one before.
    STEP_BACK = "step-back"


class PageStore:
    """Owns the wanted `ListQuery`, the page on screen, and the pages around it."""

    def __init__(
        self,
        client: DownloadsClient,
        query: ListQuery | None = None,
        *,
        cache_pages: int = CACHE_PAGES,
    ) -> None:
        """`cache_pages=0` keeps no pages and prefetches none: every wish asks the store."""
        self.client = client
        self.query = query or ListQuery()
        self.shown: Loaded | None = None
        self._issued = 0
        self._cache = PageCache(cache_pages)
        self._requests = SharedRequests(client, self._answered)
        #: The last page of each list met since the last write, by its first page.
        self._last_pages: dict[ListQuery, int] = {}
        #: What is known of the store: which fields its search covers narrows a scan.
        self.findings: Findings | None = None
        #: The scan for the filter last wanted, by the first page of its list.
        self._scan: tuple[ListQuery, MatchPages] | None = None

    # -- changing what is wanted ----------------------------------------

    def want(self, **changes: object) -> ListQuery:
        """Replace parts of the wanted query (validated like any `ListQuery`)."""
        self.query = ListQuery.model_validate(self.query.model_dump() | changes)
        return self.query

    def next_page(self) -> bool:
        """Want the next page; False when the wanted page is known to be the last."""
        last = self.last_page()
        if last is not None and self.query.page >= last:
            return False
        self.want(page=self.query.page + 1)
        return True

    def previous_page(self) -> bool:
        """Want the previous page; False on the first."""
        if self.query.page <= 1:
            return False
        self.want(page=self.query.page - 1)
        return True

    def last_page(self) -> int | None:
        """The last page of the wanted list (this search, sort and size), when
        known: from the store's totals, or met since the last write; of a filter,
        once its scan has ended."""
        matches = self.matches()
        if matches is not None:
            return max(1, matches.page_count) if matches.done else None
        return self._last_pages.get(_first_page(self.query))


    def go_to_page(self, page: int) -> bool:
        """Want `page`; False (nothing changes) when it is known not to exist."""
        last = self.last_page()
        if page < 1 or (last is not None and page > last):
            return False
        self.want(page=page)
        return True

    def sort_by(self, field: SortField) -> ListQuery:
        """Sort by `field`; asking for the current sort again flips its direction."""
        if self.query.sortby == field:
            direction = "DESC" if self.query.sortdir == "ASC" else "ASC"
        else:
            direction = "ASC"
        return self.want(sortby=field, sortdir=direction, page=1)

    def search(self, text: str) -> ListQuery:
        """What the search box holds (blank clears it), from the first page: its plain
        text for the store's search, its terms as an exact filter. Raises
        `FilterError`, changing nothing, for a term that cannot be used."""
        box = parse_box(text)
        return self.want(search=box.search, where=box.where, page=1)

    def matches(self, query: ListQuery | None = None) -> MatchPages | None:
        """The matches of the wanted query's filter (or `query`'s), None without one.
        The scan of the last filter wanted is kept; asking for another stops it."""
        query = query or self.query
        if query.where is None:
            return None
        first = _first_page(query)
        if self._scan is not None and self._scan[0] == first:
            return self._scan[1]
        if self._scan is not None:
            self._scan[1].cancel()
        where = replace(parse_where(query.where), search=query.search)
        scan = MatchScan(self.client, where, sortby=query.sortby, sortdir=query.sortdir,
                         findings=self.findings)
        matches = MatchPages(scan, query.perpage, keep=self._cache.size)
        self._scan = (first, matches)
        return matches

    def every_page(self, query: ListQuery) -> AsyncGenerator[Page, None]:
        """Every page of `query`'s list from the first, as the store serves them (of a
        filter: its matches), for an export."""
        matches = self.matches(query)
        if matches is None:
            return self.client.iter_pages(_first_page(query))
        return _pages_of(matches)

    def step_perpage(self, step: int) -> ListQuery:
        """Move `step` places along the rows-per-page choices, keeping the first row
        in view. Choices above the store's cap give way to the cap itself."""
        current = self.query.perpage
        choices = perpage_choices(self.client.page_sizes.cap)
        index = min(range(len(choices)), key=lambda i: abs(choices[i] - current))
        index = max(0, min(len(choices) - 1, index + step))
        perpage = choices[index]
        served = self.client.page_sizes.perpage_to_send  # at most the store's cap
        first_row = (self.query.page - 1) * served(_first_page(self.query))
        wanted = _first_page(self.query).model_copy(update={"perpage": perpage})
        return self.want(perpage=perpage, page=first_row // served(wanted) + 1)

    # -- asking and answering -------------------------------------------

    def cached(self) -> Loaded | None:
        """The wanted page from the cache, ticketed, or None (no ticket) if not there.
        Of a filter: the page as far as its scan has found it."""
        matches = self.matches()
        page = self._cache.get(self.query) if matches is None else matches.held(self.query.page)
        if page is None:
            return None
        self._issued += 1
        return Loaded(query=self.query, page=page, ticket=self._issued)

    def is_cached(self, query: ListQuery) -> bool:
        matches = self.matches(query) if query == self.query else None
        if matches is not None:
            return matches.holds(query.page)
        return query in self._cache

    def start(self) -> None:
        """Ask for the wanted page now, before anyone waits for it (while the app
        loads). A page it brings is cached; the first `fetch` of that page also
        gets its failure, rather than asking again."""
        self._requests.start(self.query)

    async def fetch(self) -> Loaded:
        """Ask the store for the wanted page (joining a prefetch of it already on its
        way); the answer carries its ticket. `cached` is the way to skip the store."""
        self._issued += 1
        ticket, query = self._issued, self.query
        matches = self.matches()
        page = await (self._requests.page(query) if matches is None
                      else matches.page(query.page))
        return Loaded(query=query, page=page, ticket=ticket)

    def invalidate(self) -> None:
        """Forget every cached page: the store has changed (a write) or the user
        asked to see it afresh. Requests already sent still answer whoever waits
        for them, but their pages are neither kept nor shared."""
        self._requests.forget()
        self._cache.clear()
        self._last_pages.clear()
        if self._scan is not None:
            self._scan[1].cancel()
            self._scan = None

    async def prefetch_around(self, loaded: Loaded) -> None:
        """Fetch the pages next to `loaded` into the cache (next first, then previous).

        Failures are left for the on-screen request to report, if the page is ever
        asked for; cancelling this cancels the request it waits for."""
        if not self._cache.size or loaded.query.where is not None:
            return  # a filter's pages come from its scan
        query = loaded.query
        near = []
        if loaded.page.has_more and loaded.page.items:
            near.append(query.model_copy(update={"page": query.page + 1}))
        if query.page > 1:
            near.append(query.model_copy(update={"page": query.page - 1}))
        for wanted in near:
            if wanted in self._cache:
                continue
            try:
                await self._requests.page(wanted)
            except ApiError:
                return

    def accept(self, loaded: Loaded) -> Outcome:
        """Decide what becomes of an answer, updating what is shown and wanted."""
        if loaded.ticket != self._issued:
            return Outcome.STALE
        if loaded.page.items or loaded.query.page == 1:
            self.shown, self.query = loaded, loaded.query
            return Outcome.SHOW
        before = loaded.query.model_copy(update={"page": loaded.query.page - 1})
        self.query = before
        if self.shown is not None and self.shown.query == before:
            self._last_pages[_first_page(before)] = before.page
            return Outcome.PAST_END
        return Outcome.STEP_BACK

    def is_beyond_end(self, loaded: Loaded) -> bool:
        """Whether `loaded` is an empty page of the list on screen, further on than
        the page after it: the last page lies between, to be found."""
        shown = self.shown
        return (not loaded.page.items and shown is not None
                and shown.query.page < loaded.query.page - 1
                and _first_page(shown.query) == _first_page(loaded.query))

    async def find_last_page(self, beyond: Loaded | None = None) -> Loaded:
        """The last page of the list on screen: from the page on screen (it has
        rows), by doubling the page number until a page is empty (unless `beyond`,
        an empty page of this list, already is one), then halving between. About
        log2 of the distance in requests, fewer when the store's totals or a short
        page tell on the way. The answer carries `beyond`'s ticket, or a new one,
        so a newer wish still wins."""
        assert self.shown is not None
        if beyond is None:
            self._issued += 1
        ticket = self._issued if beyond is None else beyond.ticket
        matches = self.matches(self.shown.query)
        if matches is not None:
            await matches.finished()
            last = self.shown.query.model_copy(update={"page": max(1, matches.page_count)})
            return Loaded(query=last, page=await matches.page(last.page), ticket=ticket)
        low, low_page = self.shown.query.page, self.shown.page
        high = None if beyond is None else beyond.query.page
        while low_page.has_more and (high is None or high - low > 1):
            total_pages = low_page.total_pages
            if total_pages is not None and low < total_pages < (high or total_pages + 1):
                middle = total_pages
            else:
                middle = low * 2 if high is None else (low + high) // 2
            if middle > _MOST_PAGES:
                raise BadResponse(f"The store answers pages up to {low:,} and beyond: it "
                                  f"does not page its list, so its last page cannot be found.")
            query = self.shown.query.model_copy(update={"page": middle})
            page = self._cache.get(query) or await self._requests.page(query)
            if page.items == low_page.items:
                raise BadResponse(f"The store answered page {middle} with the same downloads "
                                  f"as page {low}: it does not page its list.")
            if page.items:
                low, low_page = middle, page
            else:
                high = middle
        last = self.shown.query.model_copy(update={"page": low})
        self._last_pages[_first_page(last)] = low
        return Loaded(query=last, page=low_page, ticket=ticket)

    # -- answers --------------------------------------------------------

    def _answered(self, query: ListQuery, page: Page) -> None:
        """A page the store answered since the last write: kept, and what it says
        of where its list ends remembered."""
        self._cache.put(query, page)
        self._learn_end(query, page)

    def _learn_end(self, query: ListQuery, page: Page) -> None:
        """Remember where `query`'s list ends, when its answer tells: the store's
        totals, a page with rows and none after it, or an empty page after one
        known to hold rows."""
        first = _first_page(query)
        if page.total_pages is not None:
            self._last_pages[first] = page.total_pages
        elif page.items and not page.has_more:
            self._last_pages[first] = query.page
        elif not page.items and query.page > 1:
            before = self._cache.peek(query.model_copy(update={"page": query.page - 1}))
            if before is not None and before.items:
                self._last_pages[first] = query.page - 1


async def _pages_of(matches: MatchPages) -> AsyncGenerator[Page, None]:
    """Every match, as pages numbered from 1 (an export counts what they hold)."""
    number = 0
    async for records in matches.every_match():
        number += 1
        yield Page(items=tuple(records), page=number, perpage=MAX_PERPAGE, has_more=True)


def no_such_page(asked: int, last: int) -> str:
    """What to say of a page asked for past the last one."""
    return f"There is no page {asked}: page {last} is the last."
