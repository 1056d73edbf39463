"""Which page of the list is on screen, and the keys that move through the pages.

The page store decides what is wanted and which answer may be shown; this part
turns keys into wishes and runs the requests in workers of the list screen. A
page the store already holds is drawn at once, without a worker; any other is
fetched in one exclusive worker group, so a newer wish cancels an older one, and
the page store still drops any late stale answer. Every page shown starts the
prefetch of its neighbours, and every write clears the cache. The list screen
holds one `ListPaging`; the other parts of the screen ask it to show the list
again after they changed it.
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from typing import TYPE_CHECKING

from textual.worker import Worker, get_current_worker

from tui.api.models import Download, ListQuery
from tui.core.paging import Loaded, Outcome, PageStore, no_such_page

if TYPE_CHECKING:
    from tui.ui.screens.downloads import DownloadsScreen

#: When page keys arrive faster than the store answers, a flip waits this long for
#: the next key before asking, so a held key sends a few requests, not one per key.
FLIP_COALESCE = 0.1
LIST_GROUP = "list-page"
PREFETCH_GROUP = "list-prefetch"


class ListPaging:
    """The pages of the list `screen`, from `pages`, and what the status line says
    of them (through the screen's reactive state)."""

    def __init__(self, screen: DownloadsScreen, pages: PageStore) -> None:
        self.screen = screen
        self.pages = pages
        self._loading_worker: Worker[None] | None = None
        #: The page number last typed to go to, so landing elsewhere can say why.
        self._page_typed: int | None = None
        #: The last notice said with `say_once`, and until when it is on screen.
        self._last_notice: tuple[str, float] = ("", 0.0)

    @property
    def loading(self) -> bool:
        """Whether a page is on its way."""
        return bool(self.screen.fetching)

    # -- loading --------------------------------------------------------

    def reload(self, *, focus_id: str | None = None, focus_row: int = 0, delay: float = 0,
               added: Download | None = None) -> None:
        """Show the wanted page: at once when it is cached, else fetch it (after
        `delay`) in a worker. `added`: a download just made, to select (see
        `ListRecords.place_added`)."""
        loaded = None if delay else self.pages.cached()
        if loaded is not None and not self.pages.is_beyond_end(loaded):
            self._drop_load()
            self._settle(loaded, focus_id, focus_row, added=added)
            return
        self.screen.fetching = _describe_loading(self.pages.query)
        self.follow()
        self._start(focus_id, focus_row, delay, added=added)

    def show_wanted(self, *, focus_id: str | None = None, focus_row: int = 0) -> None:
        """Show the wanted page; when it is the one on screen already, only drop any
        load on its way (a debounced search's)."""
        shown = self.pages.shown
        if shown is None or shown.query != self.pages.query:
            self.reload(focus_id=focus_id, focus_row=focus_row)
            return
        self._drop_load()
        self.follow()

    def _drop_load(self) -> None:
        self.screen.workers.cancel_group(self.screen, LIST_GROUP)
        self._loading_worker = None
        self.screen.fetching = ""

    def reload_at_cursor(self, focus_id: str | None = None, *,
                         added: Download | None = None) -> None:
        """Show the wanted page with the cursor on `focus_id`, else on the row it is on."""
        self.reload(focus_id=focus_id, focus_row=self.screen.table.cursor_row, added=added)

    def reload_here(self) -> None:
        """Show the wanted page again, the cursor staying on its download."""
        current = self.screen.table.current
        self.reload_at_cursor(current.download_id if current else None)

    def find_last_page(self, added: Download | None = None) -> None:
        """Look for the last page and show it (with `added` selected, when given)."""
        self.screen.fetching = "finding the last page…"
        self._start(added.download_id if added else None, 0, 0, last=True, added=added)

    def _start(self, focus_id: str | None, focus_row: int, delay: float, *,
               last: bool = False, added: Download | None = None) -> None:
        # a callable, not a coroutine: a worker cancelled before it starts leaves none
        self._loading_worker = self.screen.run_worker(
            partial(self._load, focus_id, focus_row, delay, last, added), group=LIST_GROUP,
            exclusive=True, exit_on_error=False, description="Loading downloads")

    async def _load(self, focus_id: str | None, focus_row: int, delay: float,
                    last: bool, added: Download | None) -> None:
        """Fetch the wanted page; `last`: look for the last page instead. A page
        asked for beyond the end leads to the last page, looked for here too."""
        beyond: int | None = None
        try:
            if delay:
                await asyncio.sleep(delay)
            if last:
                loaded = await self.pages.find_last_page()
            else:
                loaded = await self.pages.fetch()
                if self.pages.is_beyond_end(loaded):
                    beyond = loaded.query.page
                    self.screen.fetching = "finding the last page…"
                    loaded = await self.pages.find_last_page(loaded)
        except Exception:
            shown = self.pages.shown
            self.pages.query = shown.query if shown is not None else self.pages.query
            self.screen.browsing.stop()  # the detail screen may browse again
            raise
        finally:
            if get_current_worker() is self._loading_worker:
                self.screen.fetching = ""
                self.follow()
        self._settle(loaded, focus_id, focus_row, beyond=beyond, added=added)

    def _settle(self, loaded: Loaded, focus_id: str | None, focus_row: int,
                beyond: int | None = None, added: Download | None = None) -> None:
        """Show an answer if it is still wanted, and start fetching its neighbours.
        `beyond`: the page that was asked for, past the end, when `loaded` is the
        last page found in its place."""
        screen = self.screen
        outcome = self.pages.accept(loaded)
        if outcome is Outcome.SHOW:
            rows = screen.knowledge.rows(loaded)
            if added is not None:
                focus_id = added.download_id
                screen.records.place_added(added, loaded, rows)
            screen.table.show(rows, loaded.query, focus_id=focus_id, focus_row=focus_row,
                              page_sort=screen.knowledge.sorted_here(loaded.query))
            self._prefetch(loaded)
            screen.knowledge.page_shown(loaded)
            if beyond is not None:
                self.say_last_page(asked=beyond)
        elif outcome is Outcome.PAST_END:
            self.say_last_page()
        elif outcome is Outcome.STEP_BACK:  # e.g. the last row of the last page was deleted
            self.reload(focus_row=self.pages.query.perpage)
        screen.browsing.settled(outcome)
        self.follow()

    def _prefetch(self, loaded: Loaded) -> None:
        self.screen.run_worker(partial(self._prefetch_around, loaded), group=PREFETCH_GROUP,
                               exclusive=True, exit_on_error=False,
                               description="Fetching the pages around")

    async def _prefetch_around(self, loaded: Loaded) -> None:
        await self.pages.prefetch_around(loaded)
        self.follow()  # the pages around may have shown where the list ends

    def forget(self) -> None:
        """After a write or on refresh: nothing cached or being prefetched is current."""
        self.pages.invalidate()
        self.screen.workers.cancel_group(self.screen, PREFETCH_GROUP)

    def refresh(self) -> None:
        """Read the page on screen again from the store, the cursor staying put."""
        self.forget()
        self.reload_here()

    def show_written(self, record: Download) -> None:
        """The store changed at `record` (written from another screen, or gone from
        the store): read it again, the cursor on it."""
        self.forget()
        self.reload_at_cursor(record.download_id)

    def follow(self) -> None:
        """Take the page store's state into the screen's (and so the status line)."""
        screen, pages = self.screen, self.pages
        shown = pages.shown
        screen.wanted = pages.query
        screen.shown_page = (shown.page if shown is not None and shown.query == pages.query
                             else None)
        screen.last_page = pages.last_page()
        screen.page_sort = screen.knowledge.sorted_here(pages.query)
        screen.filter.follow()

    # -- what is said at either end ---------------------------------------

    def say_last_page(self, asked: int | None = None) -> None:
        """Which page is the last; with `asked`, a page typed past it."""
        last = self.pages.last_page() or self.pages.query.page
        if asked is not None and asked == self._page_typed:
            self.screen.notify(no_such_page(asked, last))
        else:
            self.say_once(f"Page {last} is the last page.")

    def say_once(self, message: str) -> None:
        """Notify `message` unless it is still on screen: a key held at either end
        of the list would stack the same notice up."""
        now = time.monotonic()
        said, until = self._last_notice
        if message != said or now >= until:
            self.screen.notify(message)
            self._last_notice = (message, now + self.screen.app.NOTIFICATION_TIMEOUT)

    # -- the keys -------------------------------------------------------

    def next_page(self) -> None:
        if self.pages.next_page():
            self._flip()
        else:
            self.say_last_page()

    def previous_page(self) -> None:
        if self.pages.previous_page():
            self._flip()
        else:
            self.say_once("This is the first page.")

    def first_page(self) -> None:
        if self.pages.query.page == 1:
            self.say_once("This is the first page.")
            return
        self.pages.want(page=1)
        self._flip()

    def last_page(self) -> None:
        """Go to the last page: known, or looked for from the page on screen."""
        last = self.pages.last_page()
        if last is not None:
            if self.pages.query.page == last:
                self.say_last_page()
            else:
                self.pages.want(page=last)
                self._flip()
            return
        shown = self.pages.shown
        if shown is None or shown.query != self.pages.query:
            self.screen.notify("The page is still loading; try again once it is shown.")
            return
        self.find_last_page()

    def _flip(self) -> None:
        """Show the wanted page; while a load is still on its way, wait for more keys."""
        self._page_typed = None
        outrun = self.loading and not self.pages.is_cached(self.pages.query)
        self.reload(delay=FLIP_COALESCE if outrun else 0)

    def ask_for_page(self) -> None:
        from tui.ui.screens.go_to import ask_for_page  # not needed for the first frame

        ask_for_page(self.screen, self.pages, go=self.go_to_page, last=self.last_page)

    def go_to_page(self, page: int) -> None:
        """Show page `page`, staying where we are when it is known not to exist
        (a page found past the end leads to the last one)."""
        from tui.ui.screens.go_to import missing_page  # not needed for the first frame

        if not self.pages.go_to_page(page):
            self.screen.notify(missing_page(self.pages, page) or f"There is no page {page}.")
            return
        self._page_typed = page
        self.reload()

    def step_perpage(self, step: int) -> None:
        """More rows per page (`step` 1) or fewer (-1), within what the store sends."""
        before = self.pages.query.perpage
        cap = self.screen.client.page_sizes.cap
        if step > 0 and cap is not None and cap <= before:
            self.screen.notify(f"The store sends at most {cap} rows per page.")
            return
        if self.pages.step_perpage(step).perpage == before:
            self.screen.notify(
                f"{before} rows per page is the {'most' if step > 0 else 'fewest'}.")
            return
        self.screen.post_message(self.screen.ViewChanged(perpage=self.pages.query.perpage))
        self.reload()


def _describe_loading(query: ListQuery) -> str:
    if query.search:
        return "searching…"
    return f"loading page {query.page}…"
