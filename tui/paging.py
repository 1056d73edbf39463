"""The list's page store: which query is wanted, and which answer is on screen.

Kept free of any UI so the rules are plain to test: every request gets a ticket,
and only the answer to the newest ticket may be shown, so a slow answer to an
older query never replaces a newer one. A page cache and prefetching belong
here too, behind `fetch`, without the screens noticing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tui.api.client import DownloadsClient
from tui.api.models import ListQuery, Page, SortField

#: The rows-per-page steps offered by `+` / `-`.
PERPAGE_STEPS: tuple[int, ...] = (10, 25, 50, 100)


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
    """Owns the wanted `ListQuery` and the page on screen."""

    def __init__(self, client: DownloadsClient, query: ListQuery | None = None) -> None:
        self.client = client
        self.query = query or ListQuery()
        self.shown: Loaded | None = None
        self._issued = 0

    # -- changing what is wanted ----------------------------------------

    def want(self, **changes: object) -> ListQuery:
        """Replace parts of the wanted query (validated like any `ListQuery`)."""
        self.query = ListQuery.model_validate(self.query.model_dump() | changes)
        return self.query

    def next_page(self) -> bool:
        """Want the next page; False when the page on screen is known to be the last."""
        if self.shown is not None and not self.shown.page.has_more:
            return False
        self.want(page=self.query.page + 1)
        return True

    def previous_page(self) -> bool:
        """Want the previous page; False on the first."""
        if self.query.page <= 1:
            return False
        self.want(page=self.query.page - 1)
        return True

    def sort_by(self, field: SortField) -> ListQuery:
        """Sort by `field`; asking for the current sort again flips its direction."""
        if self.query.sortby == field:
            direction = "DESC" if self.query.sortdir == "ASC" else "ASC"
        else:
            direction = "ASC"
        return self.want(sortby=field, sortdir=direction, page=1)

    def search(self, term: str) -> ListQuery:
        """Filter by `term` (blank clears it), from the first page."""
        return self.want(search=term.strip() or None, page=1)

    def step_perpage(self, step: int) -> ListQuery:
        """Move `step` places along `PERPAGE_STEPS`, keeping the first row in view."""
        current = self.query.perpage
        index = min(range(len(PERPAGE_STEPS)), key=lambda i: abs(PERPAGE_STEPS[i] - current))
        index = max(0, min(len(PERPAGE_STEPS) - 1, index + step))
        perpage = PERPAGE_STEPS[index]
        first_row = (self.query.page - 1) * current
        return self.want(perpage=perpage, page=first_row // perpage + 1)

    # -- asking and answering -------------------------------------------

    async def fetch(self) -> Loaded:
        """Ask the store for the wanted page; the answer carries its ticket."""
        self._issued += 1
        ticket, query = self._issued, self.query
        page = await self.client.list(query)
        return Loaded(query=query, page=page, ticket=ticket)

    def accept(self, loaded: Loaded) -> Outcome:
        """Decide what becomes of an answer, updating what is shown."""
        if loaded.ticket != self._issued:
            return Outcome.STALE
        if loaded.page.items or loaded.query.page == 1:
            self.shown = loaded
            return Outcome.SHOW
        before = loaded.query.model_copy(update={"page": loaded.query.page - 1})
        self.query = before
        if self.shown is not None and self.shown.query == before:
            self.shown = Loaded(
                query=before,
                page=self.shown.page.model_copy(update={"has_more": False}),
                ticket=self.shown.ticket,
            )
            return Outcome.PAST_END
        return Outcome.STEP_BACK
