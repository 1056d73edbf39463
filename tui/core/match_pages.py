"""A filter's matches as the list's pages: found by one scan in the background, shown
as soon as they are found, and kept within a bound however many there are.

The scan (`tui.core.matches`) reads the store's pages in order and cuts its matches
into pages of the list's size. It remembers where in the store each page's first
match was met, and keeps the pages themselves only up to a bound: a page that had
to go is read again from where it starts. So memory stays flat over a store of a
million records, and a filter matching thirteen of them costs no request after the
scan. Whoever waits for a page is woken as matches come in: a page is handed out as
soon as it holds a row, and the scan says how far it has got.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import AsyncGenerator

from tui.api.errors import ApiError
from tui.api.models import Download, Page
from tui.core.matches import MatchScan, Position

#: Pages of matches kept by default: the list's page cache keeps as many.
KEEP_PAGES = 32


class MatchPages:
    """The matches of `scan`, `perpage` to a page, at most `keep` pages held."""

    def __init__(self, scan: MatchScan, perpage: int, keep: int = KEEP_PAGES) -> None:
        self.scan = scan
        self.perpage = perpage
        #: Matches found so far; all of them once `done`.
        self.count = 0
        #: Entries of the store that could not be read, so could not be judged.
        self.unreadable = 0
        self.done = False
        #: What stopped the scan before the end, if anything did.
        self.error: ApiError | None = None
        self._keep = max(keep, 3)
        self._starts: list[Position] = []
        self._kept: OrderedDict[int, tuple[Download, ...]] = OrderedDict()
        self._filling: list[Download] = []
        #: Pages that will not grow any more.
        self._whole = 0
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        #: The page last handed out: it and its neighbours are not let go.
        self._near = 1

    # -- the scan ---------------------------------------------------------

    def start(self) -> None:
        """Begin the scan, unless it has begun."""
        if self._task is None:
            self._task = asyncio.create_task(self._scan())

    def cancel(self) -> None:
        """Stop the scan (a newer filter replaced this one)."""
        if self._task is not None:
            self._task.cancel()

    async def changed(self) -> None:
        """Wait until more is known: new matches, or the scan's end."""
        event = self._changed
        if not self.done:
            await event.wait()

    async def finished(self) -> None:
        """Wait for the end of the scan; raises what stopped it early."""
        self.start()
        while not self.done:
            await self.changed()
        if self.error is not None:
            raise self.error

    @property
    def page_count(self) -> int:
        """Pages of matches found so far (all of them once `done`)."""
        return len(self._starts)

    async def _scan(self) -> None:
        try:
            async with contextlib.aclosing(self.scan.pages()) as pages:
                async for found in pages:
                    for position, record in found.matches:
                        self._add(position, record)
                    self.unreadable += found.unreadable
                    self._signal()
        except ApiError as error:
            self.error = error
        finally:
            if self._filling:
                self._hold(len(self._starts), tuple(self._filling))
            self._whole = len(self._starts)
            self.done = True
            self._signal()

    def _add(self, position: Position, record: Download) -> None:
        if self.count % self.perpage == 0:
            self._starts.append(position)
            self._filling = []
        self._filling.append(record)
        self.count += 1
        if len(self._filling) == self.perpage:
            self._whole = len(self._starts)
            self._hold(self._whole, tuple(self._filling))
            self._filling = []

    def _signal(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # -- pages --------------------------------------------------------------

    def held(self, number: int) -> Page | None:
        """Page `number` as far as it is known without asking the store: whole, or
        while the scan fills it, what it holds so far (never an empty page, but
        the first once no match was found)."""
        if not self.holds(number):
            return None
        self._near = number
        if number in self._kept:
            self._kept.move_to_end(number)
            return self._page(number, self._kept[number])
        return self._page(number, tuple(self._filling))

    def holds(self, number: int) -> bool:
        """Whether page `number` can be shown without waiting (see `held`)."""
        return number in self._kept or (number == len(self._starts) and bool(self._filling)) or (
            self.done and number == 1 and not self.count)

    def is_whole(self, number: int) -> bool:
        """Whether page `number` will not grow: the scan went past it, or ended."""
        return self.done or number <= self._whole

    async def page(self, number: int) -> Page:
        """Page `number`, as soon as it holds a match (or is known to hold none);
        read again from the store when it was let go. Raises what stopped the scan
        when that was before the page."""
        self.start()
        while True:
            if (held := self.held(number)) is not None:
                return held
            if number <= len(self._starts) and self.is_whole(number):
                return await self._read_again(number)
            if self.done:
                if self.error is not None:
                    raise self.error
                return self._page(number, ())
            await self.changed()

    async def every_match(self) -> AsyncGenerator[list[Download], None]:
        """Every match, a store page's worth at a time, once the scan has ended: from
        memory when every page is still held, else by reading the store again."""
        await self.finished()
        if len(self._kept) == len(self._starts):
            for number in range(1, len(self._starts) + 1):
                yield list(self._kept[number])
            return
        async with contextlib.aclosing(self.scan.pages()) as pages:
            async for found in pages:
                yield found.records

    def _page(self, number: int, records: tuple[Download, ...]) -> Page:
        last = -(-self.count // self.perpage) if self.done else None
        return Page(items=records, page=number, perpage=self.perpage,
                    has_more=number < last if last is not None else True,
                    total=self.count if self.done else None,
                    total_pages=max(1, last) if last is not None else None)

    async def _read_again(self, number: int) -> Page:
        """Page `number`, from the store page where its first match was met on."""
        records: list[Download] = []
        pages = self.scan.pages(self._starts[number - 1], concurrency=1)
        async with contextlib.aclosing(pages):
            async for found in pages:
                records.extend(found.records[:self.perpage - len(records)])
                if len(records) >= self.perpage:
                    break
        self._hold(number, tuple(records))
        self._near = number
        return self._page(number, tuple(records))

    def _hold(self, number: int, records: tuple[Download, ...]) -> None:
        """Keep page `number`, letting the least recently used go beyond the bound,
        but never the page last handed out or its neighbours."""
        self._kept[number] = records
        self._kept.move_to_end(number)
        for old in list(self._kept):
            if len(self._kept) <= self._keep:
                break
            if abs(old - self._near) > 1:
                del self._kept[old]
