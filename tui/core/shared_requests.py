"""List requests shared by everyone who asks for the same page, and cancelled once
nobody waits for them.

Over a slow link the page asked for next is often the one being prefetched: the
asker awaits that same request rather than sending another. Requests are asyncio
tasks owned here. One nobody waits for any more (a newer wish replaced it) is
cancelled, and a new one starts only once the cancelled ones have wound down, so
with one caller for the screen and one prefetching at most two list requests are
in flight.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from tui.api.client import DownloadsClient
from tui.api.models import ListQuery, Page

#: The longest a new request waits for a cancelled one to wind down.
_WIND_DOWN_SECONDS = 1.0

#: Told of each page the store answers (unless `SharedRequests.forget` came since
#: it was asked for), whether anyone still waits for it or not.
Answered = Callable[[ListQuery, Page], None]


@dataclass(eq=False)
class _Request:
    """One list request in flight, and how many callers still wait for it."""

    task: asyncio.Task[Page]
    generation: int
    waiting: int = 0


class SharedRequests:
    """The list requests in flight to `client`'s store, one per query."""

    def __init__(self, client: DownloadsClient, answered: Answered) -> None:
        self._client = client
        self._answered = answered
        self._requests: dict[ListQuery, _Request] = {}
        self._winding_down: set[asyncio.Task[Page]] = set()
        #: Bumped by `forget`: answers to requests sent before it are not passed on.
        self._generation = 0
        #: The request `start` sent, kept (whatever it answers) for the first asker.
        self._started: tuple[ListQuery, _Request] | None = None

    def start(self, query: ListQuery) -> None:
        """Ask for `query` now, before anyone waits for it. The next `page` call
        takes it over: if that call is for `query`, it gets this request's answer,
        or its failure, rather than asking again."""
        self._started = (query, self._send(query))

    async def page(self, query: ListQuery) -> Page:
        """The page from the store, sharing a request already in flight for it.
        Cancelling this cancels the request once nobody else waits for it."""
        started, self._started = self._started, None
        request = started[1] if started and started[0] == query else self._requests.get(query)
        if request is None:
            if self._winding_down:
                await asyncio.wait(set(self._winding_down), timeout=_WIND_DOWN_SECONDS)
            request = self._requests.get(query) or self._send(query)
        request.waiting += 1
        try:
            return await asyncio.shield(request.task)
        finally:
            request.waiting -= 1
            if request.waiting == 0 and not request.task.done():
                self._abandon(query, request)

    def forget(self) -> None:
        """The store has changed: requests already sent still answer whoever waits
        for them, but their pages are neither passed on nor shared."""
        self._generation += 1
        self._requests.clear()
        self._started = None

    def _send(self, query: ListQuery) -> _Request:
        request = _Request(asyncio.create_task(self._client.list(query)), self._generation)
        self._requests[query] = request
        request.task.add_done_callback(lambda task: self._done(query, request))
        return request

    def _done(self, query: ListQuery, request: _Request) -> None:
        if self._requests.get(query) is request:
            del self._requests[query]
        self._winding_down.discard(request.task)
        task = request.task
        if task.cancelled() or task.exception() is not None:
            return
        if request.generation == self._generation:
            self._answered(query, task.result())

    def _abandon(self, query: ListQuery, request: _Request) -> None:
        """Nobody waits for this answer any more (a newer wish replaced it)."""
        if self._requests.get(query) is request:
            del self._requests[query]
        self._winding_down.add(request.task)
        request.task.cancel()
