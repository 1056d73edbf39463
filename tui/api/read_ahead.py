"""Reading a list's pages ahead: up to N requests in flight, pages handed over in order.

Over a slow link, following a list to its end (`list --all`, an export) is mostly
waiting for round trips; with N requests in flight, N of them overlap. Answers
are still read, learned from (`tui.api.page_sizes`) and handed over in page
order, so the records and the requests' page sizes are those of one page at a
time. Pages ahead are asked for only at a page size the store is known to serve,
that is after a full page: after a short page whose end is still open, only the
next page can tell a cap from the end, so it goes alone. With totals no page past
the last is asked for; otherwise requests sent past the end are cancelled, their
answers never read.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

from tui.api.answers import Answer
from tui.api.errors import BadResponse
from tui.api.models import ListQuery
from tui.api.page_sizes import PageFacts

#: List requests in flight by default: a few, to stay polite to the store. At 150 ms
#: per round trip, 10,000 records then take 0.36 of the time of one page at a time
#: (measured).
DEFAULT_CONCURRENCY = 3
#: The most a profile or `--concurrency` may ask for.
MAX_CONCURRENCY = 16

#: Sends the list request for a query at a page size; sets the event once it has left.
#: Gives the answer, and the page size it answers at (a store may refuse the one
#: asked for, naming a smaller one, and be asked again at it).
Fetch = Callable[[ListQuery, int, asyncio.Event], Awaitable[tuple[int, Answer]]]
#: What an answer (asked for at a page size) says of its page, and its entries;
#: learns from it how the store pages.
Read = Callable[[ListQuery, int, Answer], tuple[PageFacts, list[Any]]]
#: The page size to ask for a query at, as far as the store is known yet.
PerpageFor = Callable[[ListQuery], int]


async def read_ahead(
    first: ListQuery, *, fetch: Fetch, read: Read, perpage_for: PerpageFor, concurrency: int,
    learn_first: Callable[[], Awaitable[None]] | None = None,
) -> AsyncGenerator[tuple[ListQuery, PageFacts, list[Any]], None]:
    """Each page from `first.page` to the last, in order, as (query, facts, entries):
    at most `concurrency` requests in flight, and `concurrency + 1` pages held.

    A page is handed over once the requests after it have left, so the store works
    on them while it is handled. A store that answers two pages in a row alike (it
    ignores `page`) is an error, not a list without end. `learn_first` runs beside
    the first request and ends before its answer is read: what it learns of the
    store (a page size served) can then tell a short first page for the last.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    requests = _Requests(first, fetch, perpage_for)
    previous: int | None = None
    learning: asyncio.Future[None] | None = None
    try:
        await requests.fill(1)  # nothing is known of the store's pages yet
        if learn_first is not None:
            learning = asyncio.ensure_future(learn_first())
        while True:
            query, perpage, answer = await requests.next_answer()
            if learning is not None:
                await learning
                learning = None
            if hash(answer.content) == previous:
                raise BadResponse(
                    f"The store answered page {query.page} with the same downloads as "
                    f"page {query.page - 1}: it does not page its list, so reading on "
                    f"would never end.")
            previous = hash(answer.content)  # not the page itself: it would be one more held
            facts, entries = read(query, perpage, answer)
            if not entries or not facts.has_more:
                await requests.cancel()  # asked for past the end: never read
                yield query, facts, entries
                return
            # A full page shows the store serves this size; after a short one (whose
            # end is open, or it would have ended the list) the next page goes alone.
            ahead = concurrency if len(entries) >= facts.perpage else 1
            if facts.total_pages is not None:  # never past the last page
                ahead = min(ahead, max(1, facts.total_pages - query.page))
            await requests.fill(ahead)
            yield query, facts, entries
    finally:
        if learning is not None:
            learning.cancel()
            await asyncio.gather(learning, return_exceptions=True)
        await requests.cancel()


class _Requests:
    """The list requests in flight, in page order, each with the page size it asked for."""

    def __init__(self, first: ListQuery, fetch: Fetch, perpage_for: PerpageFor) -> None:
        self._upcoming = first
        self._fetch = fetch
        self._perpage_for = perpage_for
        self._in_flight: deque[tuple[ListQuery, asyncio.Task[tuple[int, Answer]]]] = deque()

    async def fill(self, size: int) -> None:
        """Ask for the following pages until `size` requests are in flight; return
        once each new one has left (or failed already)."""
        started: list[tuple[asyncio.Task[tuple[int, Answer]], asyncio.Event]] = []
        while len(self._in_flight) < size:
            query = self._upcoming
            sent = asyncio.Event()
            task = asyncio.ensure_future(self._fetch(query, self._perpage_for(query), sent))
            self._in_flight.append((query, task))
            started.append((task, sent))
            self._upcoming = query.model_copy(update={"page": query.page + 1})
        for task, sent in started:
            await _first_of(task, sent)

    async def next_answer(self) -> tuple[ListQuery, int, Answer]:
        """The answer to the earliest request, and the page size it answers at; it
        counts as in flight until it is in."""
        query, task = self._in_flight[0]
        perpage, answer = await task
        self._in_flight.popleft()
        return query, perpage, answer

    async def cancel(self) -> None:
        """Cancel every request in flight and wait until each has stopped (so none
        is left running, and no failure of one goes unread)."""
        tasks = [task for _, task in self._in_flight]
        self._in_flight.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _first_of(task: asyncio.Future[Any], event: asyncio.Event) -> None:
    """Wait until `event` is set or `task` is done, whichever comes first."""
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait((task, waiter), return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
