"""Finding a filter's matches on the store: as few pages read as the store allows,
and every match found.

The store narrows where it can. Its search is sent with the filter's plain words,
or, when there are none, with the longest exact value of a term whose field the
store is known to search (`Findings.search`, from `doctor`): every match is among
its results. An `id=` term reads that one record. Otherwise every page is read.
Either way each record is judged here (`Filter.matches`), so nothing that does not
match is kept and nothing that matches is missed, whatever the store's page cap or
sort. Pages are read ahead as `list --all` reads them and handed over one at a
time, so memory stays flat however many records are read.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator
from dataclasses import dataclass

from tui.api.client import DownloadsClient
from tui.api.errors import InputRejected, NotFound
from tui.api.models import MAX_PERPAGE, Download, InvalidRecord, ListQuery, SortDir, SortField
from tui.core.filters import Filter
from tui.core.findings.model import Findings


@dataclass(frozen=True)
class Position:
    """Where a record was met in the store's list: row `row` of page `page`, asked
    for at `perpage` rows (so that reading from there again meets the same rows)."""

    page: int
    perpage: int
    row: int


@dataclass(frozen=True)
class Found:
    """One page of the store read: its matches, each with where it was met, and how
    many of its entries could not be read (so could not be judged)."""

    matches: tuple[tuple[Position, Download], ...]
    unreadable: int = 0

    @property
    def records(self) -> list[Download]:
        return [record for _, record in self.matches]


class MatchScan:
    """The matches of `where` in the store's list in the order `sortby`, `sortdir`.
    `findings` say which fields the store's search covers; `concurrency` is how
    many list requests may be in flight (by default the client's)."""

    def __init__(self, client: DownloadsClient, where: Filter, *,
                 sortby: SortField | None = None, sortdir: SortDir = "ASC",
                 findings: Findings | None = None, concurrency: int | None = None) -> None:
        self.client = client
        self.where = where
        self.concurrency = concurrency
        #: What is sent as the store's search (None: every page is read).
        self.search = where.narrowing(findings.search if findings is not None else {})
        self.query = ListQuery(perpage=MAX_PERPAGE, sortby=sortby, sortdir=sortdir,
                               search=self.search)

    @property
    def reads_every_page(self) -> bool:
        """Whether the store gives no help: each of its pages is read and judged."""
        return self.search is None and self.where.exact_id is None

    async def pages(self, start: Position | None = None,
                    concurrency: int | None = None) -> AsyncGenerator[Found, None]:
        """The matches page by page, in the store's order, from `start` on (the first
        row otherwise); `concurrency` overrides the scan's own."""
        download_id = self.where.exact_id
        if download_id is not None and not self.where.search:
            if start is None or start.row == 0:
                yield await self._only(download_id)
            return
        query = self.query
        if start is not None:
            query = query.model_copy(update={"page": start.page, "perpage": start.perpage})
        pages = self.client.iter_pages(
            query, concurrency if concurrency is not None else self.concurrency,
            few=self.search is not None)
        async with contextlib.aclosing(pages):
            async for page in pages:
                first = start.row if start is not None and page.page == start.page else 0
                yield Found(
                    tuple((Position(page.page, page.perpage, row), item)
                          for row, item in enumerate(page.items)
                          if row >= first and self.where.matches(item)),
                    sum(isinstance(item, InvalidRecord) for item in page.items[first:]))

    async def _only(self, download_id: str) -> Found:
        """The record an `id=` term names, when it exists and meets the other terms."""
        try:
            record = await self.client.get(download_id)
        except (NotFound, InputRejected):  # an id the store could not hold is no record
            return Found(())
        matches = ((Position(1, 1, 0), record),) if self.where.matches(record) else ()
        return Found(matches)
