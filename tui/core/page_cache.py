"""The last pages the store answered, kept so that paging back and forth over a
slow link costs no round trip.

A small LRU: the least recently used page goes once `size` are kept, so memory
stays flat however far the list is paged.
"""

from __future__ import annotations

from collections import OrderedDict

from tui.api.models import ListQuery, Page


class PageCache:
    """Up to `size` pages by the query that asked for them; `size=0` keeps none."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[ListQuery, Page] = OrderedDict()

    def __contains__(self, query: ListQuery) -> bool:
        return query in self._pages

    def get(self, query: ListQuery) -> Page | None:
        """The page of `query`, now the most recently used, or None."""
        page = self._pages.get(query)
        if page is not None:
            self._pages.move_to_end(query)
        return page

    def peek(self, query: ListQuery) -> Page | None:
        """The page of `query` without counting it as used: a look that must not
        keep it from going."""
        return self._pages.get(query)

    def put(self, query: ListQuery, page: Page) -> None:
        """Keep `page`, dropping the least recently used beyond `size`."""
        self._pages[query] = page
        self._pages.move_to_end(query)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)

    def clear(self) -> None:
        self._pages.clear()
