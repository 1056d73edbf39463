"""The home screen: one page of downloads, and every way to move through them.

The page store decides what is wanted and which answer may be shown; this
screen only turns keys into wishes, runs the requests in workers and draws the
answers. A page the store already holds is drawn at once, without a worker;
any other is fetched in one exclusive worker group, so a newer wish cancels an
older one, and the page store still drops any late stale answer. Every page
shown starts the prefetch of its neighbours, and every write clears the cache.

All the keys are bound here, in one list. The table keeps the marks; what is
done to one download is a `RecordActions`, shared with the detail screen, and
to the marked ones a `MarkedActions`. The status line is bound to this screen's
reactive state.

A download added is shown selected: where the sort puts it when that is known
(sorted by creation date, the newest is first or last), else on the page read
again if it is there, else pinned at the top of the page with a note saying it
belongs elsewhere (a store's ids, its default order, are random). The detail
screen moves through the rows of this list (`j`, `k`), the cursor following it.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import Worker, get_current_worker

from tui.api.errors import ApiError
from tui.api.models import (
    FIELDS,
    Download,
    ListQuery,
    Page,
    SortField,
)
from tui.core.columns import COLUMNS, HEADERS
from tui.core.filters import parse_where
from tui.core.journal import Journal
from tui.core.writes import Writes
from tui.core.dates import Clock
from tui.core.fields import ALWAYS_SHOWN, IN_TEXT
from tui.core.findings.model import Findings
from tui.core.findings.order import page_sort, sorted_on_screen
from tui.core.paging import Loaded, Outcome, PageStore, no_such_page
from tui.ui.screens.list_filter import SYNTAX, ListFilter
from tui.ui.screens.marked_actions import MarkedActions
from tui.ui.screens.record_actions import HidesWritesWhenReadOnly, RecordActions
from tui.ui.screens.worker_errors import ReportsWorkerErrors
from tui.core.text import counted, visible
from tui.ui.widgets.downloads_table import DownloadsTable
from tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.ui.screens.conflict import Edited
    from tui.ui.screens.detail import DetailRequest, DetailScreen

SEARCH_DEBOUNCE = 0.3
#: When page keys arrive faster than the store answers, a flip waits this long for
#: the next key before asking, so a held key sends a few requests, not one per key.
FLIP_COALESCE = 0.1
LIST_GROUP = "list-page"
PREFETCH_GROUP = "list-prefetch"
FINDINGS_GROUP = "store-findings"


def _sort_binding(number: int, header: str, field: str) -> Binding:
    return Binding(
        str(number), f"sort('{field}')", f"Sort by {header}", show=False,
        id=f"downloads.sort-{field}",
    )


class DownloadsScreen(HidesWritesWhenReadOnly[None], ReportsWorkerErrors[None]):
    """The list of downloads, a page at a time."""

    TITLE = "Downloads"

    # What the status line shows, bound to it.
    store: reactive[str] = reactive("")
    wanted: reactive[ListQuery] = reactive(ListQuery)
    shown_page: reactive[Page | None] = reactive(None)
    fetching: reactive[str] = reactive("")
    marked: reactive[int] = reactive(0)
    last_page: reactive[int | None] = reactive(None)
    page_sort: reactive[bool] = reactive(False)
    matching: reactive[str] = reactive("")

    BINDINGS = [
        # A priority binding runs as the key arrives, so the focus is already on the
        # search box for keys typed right after it (as a burst over SSH often is).
        Binding("slash", "search", "Search", priority=True, id="downloads.search"),
        # The footer shows the short descriptions; the help and the palette the tooltips.
        Binding("n", "next_page", "Next", tooltip="Next page", id="downloads.next-page"),
        Binding("p", "previous_page", "Prev", tooltip="Previous page",
                id="downloads.previous-page"),
        Binding("greater_than_sign", "last_page", "Last page", show=False,
                id="downloads.last-page"),
        Binding("less_than_sign", "first_page", "First page", show=False,
                id="downloads.first-page"),
        Binding("e", "edit", "Edit", id="downloads.edit"),
        Binding("a", "add", "Add", id="downloads.add"),
        Binding("d", "delete", "Delete", id="downloads.delete"),
        Binding("u", "history", "Undo", tooltip="Undo: the history of changes (and restore "
                "a deleted download)", id="downloads.undo"),
        Binding("space", "mark", "Mark or unmark the row (and go to the next)", show=False,
                id="downloads.mark"),
        Binding("M", "mark_page", "Mark every row on the page (with a filter: every match)",
                show=False, id="downloads.mark-page"),
        Binding("C", "clear_marks", "Clear all marks", show=False, id="downloads.clear-marks"),
        Binding("z", "reset_count", "Reset download count to 0 (of the marked rows, if any)",
                show=False, id="downloads.reset-count"),
        Binding("i", "edit_cell", "Edit one field (on the marked rows, if any)", show=False,
                id="downloads.edit-cell"),
        Binding("x", "export", "Export to a CSV or JSON file", show=False, id="downloads.export"),
        Binding("colon", "go_to_page", "Go to page", show=False, id="downloads.go-to-page"),
        Binding("number_sign", "go_to_id", "Go to download by id", show=False,
                id="downloads.go-to-id"),
        Binding("y", "copy_id", "Copy id", show=False, id="downloads.copy-id"),
        Binding("Y", "copy_json", "Copy as JSON", show=False, id="downloads.copy-json"),
        Binding("plus", "perpage(1)", "More rows per page", show=False, id="downloads.more-rows"),
        Binding("minus", "perpage(-1)", "Fewer rows per page", show=False,
                id="downloads.fewer-rows"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="downloads.refresh"),
        Binding("escape", "clear_search", "Clear the search or filter", show=False,
                id="downloads.clear-search"),
        Binding("q", "app.quit", "Quit", id="downloads.quit"),
        Binding("v", "columns", "Choose columns", show=False, id="downloads.columns"),
        *(_sort_binding(number, header, field)
          for number, (header, field, _) in enumerate(COLUMNS, start=1)),
    ]
    WRITES = frozenset({"edit", "add", "delete", "history", "reset_count", "edit_cell"})
    #: What the search box takes, for the help screen.
    HELP_NOTES = SYNTAX

    def __init__(
        self,
        pages: PageStore,
        store: str,
        clock: Clock,
        *,
        read_only: bool = False,
        search_debounce: float = SEARCH_DEBOUNCE,
        journal: Journal | None = None,
        profile: str | None = None,
        columns: tuple[str, ...] = FIELDS,
    ) -> None:
        super().__init__()
        self.columns = columns
        self.pages = pages
        self.client = pages.client
        self.set_reactive(DownloadsScreen.store, f"{store} (read-only)" if read_only else store)
        self.set_reactive(DownloadsScreen.wanted, pages.query)
        self.clock = clock
        self.read_only = read_only
        self.search_debounce = search_debounce
        self.actions = RecordActions(self, Writes(self.client, journal, profile),
                                     saved=self.show_saved, gone=self._show_written,
                                     wrote=self._forget_pages, read_only=read_only)
        self._loading_worker: Worker[None] | None = None
        #: The page number last typed to go to, so landing elsewhere can say why.
        self._page_typed: int | None = None
        #: The last notice said with `_say_once`, and until when it is on screen.
        self._last_notice: tuple[str, float] = ("", 0.0)
        #: What is known of how the store pages and sorts (None: nothing is kept).
        self.findings: Findings | None = None
        #: Whether the store is to be examined once the first page is shown.
        self._examine_pending = False
        #: The fields whose sort the user has been told is of the page only.
        self._told_page_sort: set[str] = set()
        #: The detail screen waiting for the page it browsed onto, and which way it went.
        self._browsing: tuple[DetailScreen, int] | None = None

    def compose(self) -> ComposeResult:
        screen = DownloadsScreen
        yield StatusLine(id="status").data_bind(
            store=screen.store, wanted=screen.wanted, page=screen.shown_page,
            fetching=screen.fetching, marked=screen.marked, last_page=screen.last_page,
            page_sort=screen.page_sort, matching=screen.matching)
        yield DownloadsTable(id="downloads", columns=self.columns)
        with Vertical(id="search-box") as box:
            box.display = False
            yield Input(placeholder=_search_hint(None), id="search")
            yield Static("", id="search-error", markup=False)
        yield Footer(compact=True)

    @property
    def table(self) -> DownloadsTable:
        return self.query_one(DownloadsTable)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    @property
    def search_error(self) -> Static:
        return self.query_one("#search-error", Static)

    def on_mount(self) -> None:
        self.marked_actions = MarkedActions(self, self.table, self.actions,
                                            finished=self.action_refresh)
        self.filter = ListFilter(self, self.pages, self.table, said=self._say_matching,
                                 grew=self._show_matches)
        self.reload()

    class ViewChanged(Message):
        """The user changed how the list looks (columns, sort, rows per page):
        `changes` holds the new values, for the app to remember."""

        def __init__(self, **changes: Any) -> None:
            super().__init__()
            self.changes = changes

    # -- loading --------------------------------------------------------

    def reload(self, *, focus_id: str | None = None, focus_row: int = 0, delay: float = 0,
               added: Download | None = None) -> None:
        """Show the wanted page: at once when it is cached, else fetch it (after
        `delay`) in a worker. `added`: a download just made, to select (see
        `_show_added`)."""
        loaded = None if delay else self.pages.cached()
        if loaded is not None and not self.pages.is_beyond_end(loaded):
            self.workers.cancel_group(self, LIST_GROUP)
            self._loading_worker = None
            self.fetching = ""
            self._settle(loaded, focus_id, focus_row, added=added)
            return
        self.fetching = _describe_loading(self.pages.query)
        self._follow_pages()
        self._loading_worker = self._load(focus_id, focus_row, delay, added=added)

    @work(exclusive=True, group=LIST_GROUP, exit_on_error=False, description="Loading downloads")
    async def _load(self, focus_id: str | None, focus_row: int, delay: float,
                    last: bool = False, added: Download | None = None) -> None:
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
                    self.fetching = "finding the last page…"
                    loaded = await self.pages.find_last_page(loaded)
        except Exception:
            self.pages.query = self._shown_query()
            self._browsing = None  # the detail screen may browse again
            raise
        finally:
            if get_current_worker() is self._loading_worker:
                self.fetching = ""
                self._follow_pages()
        self._settle(loaded, focus_id, focus_row, beyond=beyond, added=added)

    def _settle(self, loaded: Loaded, focus_id: str | None, focus_row: int,
                beyond: int | None = None, added: Download | None = None) -> None:
        """Show an answer if it is still wanted, and start fetching its neighbours.
        `beyond`: the page that was asked for, past the end, when `loaded` is the
        last page found in its place."""
        outcome = self.pages.accept(loaded)
        if outcome is Outcome.SHOW:
            rows = self._rows(loaded)
            if added is not None:
                focus_id = added.download_id
                self._place_added(added, loaded, rows)
            self.table.show(rows, loaded.query, focus_id=focus_id,
                            focus_row=focus_row, page_sort=self._sorted_here(loaded.query))
            self._prefetch(loaded)
            self._check_store(loaded)
            if self._examine_pending:
                self._examine_store()
            if beyond is not None:
                self._say_last_page(asked=beyond)
        elif outcome is Outcome.PAST_END:
            self._say_last_page()
        elif outcome is Outcome.STEP_BACK:  # e.g. the last row of the last page was deleted
            self.reload(focus_row=self.pages.query.perpage)
        if self._browsing is not None and outcome in (Outcome.SHOW, Outcome.PAST_END):
            detail, step = self._browsing
            self._browsing = None
            start = 0 if step > 0 else len(self.table.items) - 1
            if outcome is Outcome.SHOW and not self._browse_on(detail, step, start):
                self.notify("No download on this page could be read.", severity="warning")
        self._follow_pages()

    def _say_last_page(self, asked: int | None = None) -> None:
        """Which page is the last; with `asked`, a page typed past it."""
        last = self.pages.last_page() or self.pages.query.page
        if asked is not None and asked == self._page_typed:
            self.notify(no_such_page(asked, last))
        else:
            self._say_once(f"Page {last} is the last page.")

    def _say_once(self, message: str) -> None:
        """Notify `message` unless it is still on screen: a key held at either end
        of the list would stack the same notice up."""
        now = time.monotonic()
        said, until = self._last_notice
        if message != said or now >= until:
            self.notify(message)
            self._last_notice = (message, now + self.app.NOTIFICATION_TIMEOUT)

    @work(exclusive=True, group=PREFETCH_GROUP, exit_on_error=False,
          description="Fetching the pages around")
    async def _prefetch(self, loaded: Loaded) -> None:
        await self.pages.prefetch_around(loaded)
        self._follow_pages()  # the pages around may have shown where the list ends

    def _forget_pages(self) -> None:
        """After a write or on refresh: nothing cached or being prefetched is current."""
        self.pages.invalidate()
        self.workers.cancel_group(self, PREFETCH_GROUP)

    def _shown_query(self) -> ListQuery:
        shown = self.pages.shown
        return shown.query if shown is not None else self.pages.query

    def _follow_pages(self) -> None:
        """Take the page store's state into this screen's (and so the status line)."""
        shown = self.pages.shown
        self.wanted = self.pages.query
        self.shown_page = (shown.page if shown is not None and shown.query == self.pages.query
                           else None)
        self.last_page = self.pages.last_page()
        self.page_sort = self._sorted_here(self.pages.query)
        self.filter.follow()

    def _say_matching(self, said: str) -> None:
        self.matching = said

    def _show_matches(self) -> None:
        """The filter's scan went on: draw the page on screen again when it holds more
        matches now, and take in where its list ends, once known."""
        shown, matches = self.pages.shown, self.pages.matches()
        if (matches is not None and shown is not None and shown.query == self.pages.query
                and not self.fetching):
            held = matches.held(shown.query.page)
            if held is not None and held != shown.page:
                current = self.table.current
                self.reload(focus_id=current.download_id if current else None,
                            focus_row=self.table.cursor_row)
                return
        self._follow_pages()

    @on(DownloadsTable.MarksChanged)
    def _marks_changed(self, event: DownloadsTable.MarksChanged) -> None:
        self.marked = event.marked

    # -- what the store supports ------------------------------------------

    class FindingsLearned(Message):
        """The list learned something of how the store pages or sorts, for the app
        to keep (see `tui.core.findings`)."""

        def __init__(self, findings: Findings) -> None:
            super().__init__()
            self.findings = findings

    def use_findings(self, findings: Findings, *, examine: bool = False) -> None:
        """Go by what is known of the store. `examine`: little is, so the cheap
        checks run once the first page is shown (never before it)."""
        self._go_by(findings)
        self._examine_pending = examine
        if examine and self.pages.shown is not None:
            self._examine_store()
        self._show_again()

    def _sorted_here(self, query: ListQuery) -> bool:
        """Whether `query`'s sort is one the store does not do, so only the rows
        on screen are sorted, here."""
        findings = self.findings
        return (query.sortby is not None and findings is not None
                and findings.sorts_on_screen(query.sortby))

    def _rows(self, loaded: Loaded) -> list[Any]:
        query = loaded.query
        if query.sortby is not None and self._sorted_here(query):
            return sorted_on_screen(loaded.page.items, query.sortby, query.sortdir)
        return list(loaded.page.items)

    def _show_again(self) -> None:
        """Draw the page on screen again when its sort is now known to be done here,
        or no longer (the table is not rebuilt for nothing at start)."""
        shown = self.pages.shown
        if (shown is None or shown.query != self.pages.query or not self.is_mounted
                or self.table.sorted_here == self._sorted_here(shown.query)):
            return
        current = self.table.current
        self.table.show(self._rows(shown), shown.query,
                        focus_id=current.download_id if current else None,
                        focus_row=self.table.cursor_row, page_sort=self._sorted_here(shown.query))
        self._follow_pages()

    @work(exclusive=True, group=FINDINGS_GROUP, exit_on_error=False,
          description="Checking how the store pages")
    async def _examine_store(self) -> None:
        from tui.core.findings.probes import examine_cheaply  # not needed for the first frame

        self._examine_pending = False
        assert self.findings is not None
        try:
            found = await examine_cheaply(self.client, self.findings)
        except ApiError:
            return  # the list's own requests say what is wrong with the store
        self._learn(found)

    def _go_by(self, findings: Findings) -> None:
        """Take `findings` as what is known of the store: its cap, its search."""
        self.findings = findings
        self.pages.findings = findings
        self.search_input.placeholder = _search_hint(findings)
        if findings.perpage_cap is not None:
            self.client.page_sizes.know_cap(findings.perpage_cap)

    def _learn(self, findings: Findings) -> None:
        """What the list found out: go by it, and have the app keep it."""
        self._go_by(findings)
        self.post_message(self.FindingsLearned(findings))
        self._follow_pages()

    def _check_store(self, loaded: Loaded) -> None:
        """Learn from a page shown: the cap its answer proved, and, from the rows of a
        sorted page, whether the store sorted them."""
        if self.findings is None:
            return
        cap = self.client.page_sizes.cap
        if cap is not None and cap != self.findings.perpage_cap:
            self._learn(self.findings.model_copy(update={"perpage_cap": cap}))
        query = loaded.query
        if query.sortby is None:
            return
        records = [item for item in loaded.page.items if isinstance(item, Download)]
        seen = page_sort(records, query.sortby, query.sortdir)
        known = self.findings.sort_of(query.sortby)
        if seen == "unknown" or seen == known or known == "refused":
            return
        self._learn(self.findings.with_sort(query.sortby, seen))
        if seen == "ignored":
            self._say_page_sort(query.sortby)
            self._show_again()

    def _say_page_sort(self, field: str) -> None:
        """Tell, once per field, that the store does not sort by it."""
        if field in self._told_page_sort:
            return
        self._told_page_sort.add(field)
        self.notify(f"This store does not sort by {IN_TEXT[field]}: the rows come in "
                    f"its own order, so only the rows on each page are sorted, here.",
                    title="Sorted on this page only", markup=False, timeout=10)

    # -- paging, sorting, rows per page ----------------------------------

    def action_next_page(self) -> None:
        if self.pages.next_page():
            self._flip()
        else:
            self._say_last_page()

    def action_previous_page(self) -> None:
        if self.pages.previous_page():
            self._flip()
        else:
            self._say_once("This is the first page.")

    def action_first_page(self) -> None:
        if self.pages.query.page == 1:
            self._say_once("This is the first page.")
            return
        self.pages.want(page=1)
        self._flip()

    def action_last_page(self) -> None:
        """Go to the last page: known, or looked for from the page on screen."""
        last = self.pages.last_page()
        if last is not None:
            if self.pages.query.page == last:
                self._say_last_page()
            else:
                self.pages.want(page=last)
                self._flip()
            return
        shown = self.pages.shown
        if shown is None or shown.query != self.pages.query:
            self.notify("The page is still loading; try again once it is shown.")
            return
        self.fetching = "finding the last page…"
        self._loading_worker = self._load(None, 0, 0, last=True)

    def _flip(self) -> None:
        """Show the wanted page; while a load is still on its way, wait for more keys."""
        self._page_typed = None
        outrun = bool(self.fetching) and not self.pages.is_cached(self.pages.query)
        self.reload(delay=FLIP_COALESCE if outrun else 0)

    def action_sort(self, field: SortField) -> None:
        query = self.pages.sort_by(field)
        self.post_message(self.ViewChanged(sortby=query.sortby, sortdir=query.sortdir))
        if self._sorted_here(query):
            self._say_page_sort(field)
        self.reload()

    @on(DataTable.HeaderSelected)
    def _sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.action_sort(event.column_key.value)  # type: ignore[arg-type]

    def action_perpage(self, step: int) -> None:
        before = self.pages.query.perpage
        cap = self.client.page_sizes.cap
        if step > 0 and cap is not None and cap <= before:
            self.notify(f"The store sends at most {cap} rows per page.")
            return
        if self.pages.step_perpage(step).perpage == before:
            self.notify(f"{before} rows per page is the {'most' if step > 0 else 'fewest'}.")
            return
        self.post_message(self.ViewChanged(perpage=self.pages.query.perpage))
        self.reload()

    # -- columns ----------------------------------------------------------

    def action_columns(self) -> None:
        from tui.ui.screens.columns import ColumnsScreen  # not needed for the first frame

        self.app.push_screen(ColumnsScreen(self.columns, self.show_columns))

    def show_columns(self, columns: tuple[str, ...]) -> None:
        """Show only `columns` (the id column always stays) and remember them."""
        if columns == self.columns:
            return
        self.columns = columns
        self.table.show_columns(columns)
        self.post_message(self.ViewChanged(columns=list(columns)))

    def toggle_column(self, field: str) -> None:
        """Show `field`'s column if hidden, hide it if shown."""
        if field == ALWAYS_SHOWN:
            self.notify("The id column is always shown.")
            return
        shown = set(self.columns) ^ {field}
        self.show_columns(tuple(name for name in FIELDS if name in shown))

    def action_refresh(self) -> None:
        self._forget_pages()
        current = self.table.current
        self.reload(focus_id=current.download_id if current else None,
                    focus_row=self.table.cursor_row)

    # -- search ---------------------------------------------------------

    def _show_search(self, show: bool) -> None:
        """Show or hide the search box, moving the focus at once."""
        self.query_one("#search-box").display = show
        self.set_focus(self.search_input if show else self.table)

    def action_search(self) -> None:
        self._show_search(True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Inside the search box, `/` is just a character of the search."""
        return not (action == "search" and self.focused is self.search_input)

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        if not self.filter.check(event.value, self.search_input, self.search_error):
            return  # said under the box; the list stays as it is
        before = self.pages.query
        wanted = self.pages.search(event.value)
        if (wanted.search, wanted.where) != (before.search, before.where):
            self.reload(delay=self.search_debounce)
        else:
            self.pages.query = before  # the same list: stay on its page

    @on(Input.Submitted, "#search")
    def _search_now(self, event: Input.Submitted) -> None:
        if not self.filter.check(event.value, self.search_input, self.search_error):
            return
        self._show_search(False)
        self._apply_search(event.value)

    def action_clear_search(self) -> None:
        self.search_input.value = ""
        self._show_search(False)
        self._apply_search("")

    def _apply_search(self, term: str) -> None:
        """Search for `term` now, unless its results are already on screen."""
        self.pages.search(term)
        shown = self.pages.shown
        if shown is not None and shown.query == self.pages.query:
            self.workers.cancel_group(self, LIST_GROUP)  # a debounced search may wait
        else:
            self.reload()

    # -- a record: detail, add, edit, delete ----------------------------

    def _current_record(self) -> Download | None:
        current = self.table.current
        if current is None:
            self.notify("There is no download on this page.")
            return None
        if not isinstance(current, Download):
            self.notify(f"This entry could not be read: {visible(current.problem)}",
                        severity="warning", markup=False)
            return None
        return current

    @on(DataTable.RowSelected, "#downloads")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        if (record := self._current_record()) is not None:
            self._open_detail(record, browse=True)

    def _open_detail(self, record: Download, *, browse: bool = False) -> None:
        """The detail screen; `browse`: `record` is the row under the cursor, and
        the detail screen may move through the rows. Its `d` deletes from here."""
        from tui.ui.screens.detail import DetailScreen  # not needed for the first frame

        detail = DetailScreen(record, self.clock(), self.actions.writes,
                              read_only=self.read_only,
                              wrote=self._show_written, browse=self._browse if browse else None)

        def follow_up(request: DetailRequest) -> None:
            self._browsing = None
            if request == "delete":
                self._delete(detail.record)

        self.app.push_screen(detail, follow_up)

    def _show_written(self, record: Download) -> None:
        """The store changed at `record` (written from another screen, or gone from
        the store): read it again, the cursor on it."""
        self._forget_pages()
        self.reload(focus_id=record.download_id, focus_row=self.table.cursor_row)

    def _browse(self, detail: DetailScreen, step: int) -> None:
        """Show in `detail` the download `step` rows from the cursor, which follows;
        past either end of the page, from the page next to it."""
        if self._browsing is not None:
            return  # still on the way to the page next to this one
        if self._browse_on(detail, step, self.table.cursor_row + step):
            return
        if not (self.pages.next_page() if step > 0 else self.pages.previous_page()):
            self._say_once("This is the last download of the list." if step > 0
                           else "This is the first download of the list.")
            return
        self._browsing = (detail, step)
        self.reload(focus_row=0 if step > 0 else self.pages.query.perpage)

    def _browse_on(self, detail: DetailScreen, step: int, row: int) -> bool:
        """Put the cursor on the first readable row from `row` on, going `step` by
        `step`, and show it in `detail`; False when there is none on this page."""
        items = self.table.items
        for index in range(row, len(items) if step > 0 else -1, step):
            if isinstance(record := items[index], Download):
                self.table.move_cursor(row=index, animate=False)
                detail.show_record(record)
                return True
        return False

    def action_edit(self) -> None:
        if (record := self._current_record()) is not None:
            self.actions.edit(record)

    def action_add(self) -> None:
        self.actions.add(self._show_added)

    def _show_added(self, added: Edited) -> None:
        """Say so, and show the list afresh with the download just made selected: from
        the first page when the sort puts it first, else from this page (see
        `_place_added`)."""
        self.notify(added.said, markup=False)
        if self._end_of_added(self.pages.query) == "first":
            self.pages.want(page=1)
        self.reload(focus_row=self.table.cursor_row, added=added.record)

    def _end_of_added(self, query: ListQuery) -> Literal["first", "last"] | None:
        """Where a download just made is in `query`'s list, when its sort tells: the
        newest download comes first or last by creation date (if the store sorts)."""
        if query.sortby != "date_created" or self._sorted_here(query):
            return None
        return "first" if query.sortdir == "DESC" else "last"

    def _place_added(self, added: Download, loaded: Loaded, rows: list[Any]) -> None:
        """Make `rows`, the page just read, show `added`: it is among them; or it is
        on the last page, looked for next; or it is on a page that cannot be told
        (a search may leave it out, the store's own order is by random id), so it is
        pinned at the top of these rows, with a note."""
        here = any(item.download_id == added.download_id for item in rows)
        where = loaded.query.where
        if not here and where is not None and not parse_where(where).matches(added):
            self.notify(f"The new download does not meet the filter {where}, so this list "
                        "does not show it.", markup=False, timeout=10)
            return
        if not here and loaded.page.has_more and self._end_of_added(loaded.query) == "last":
            self.fetching = "finding the last page…"
            self._loading_worker = self._load(added.download_id, 0, 0, last=True, added=added)
            return
        if not here:
            rows.insert(0, added)
            self.notify(f"The new download is not on this page of the list "
                        f"({_describe_list(loaded.query)}): it is shown at the top until the "
                        f"list is read again.", markup=False, timeout=10)

    def action_delete(self) -> None:
        if self.table.marks:
            self.marked_actions.delete()
        elif (record := self._current_record()) is not None:
            self._delete(record)

    def action_reset_count(self) -> None:
        if self.table.marks:
            self.marked_actions.reset_count()
        elif (record := self._current_record()) is not None:
            self.actions.reset_count(record)

    def action_edit_cell(self) -> None:
        if self.table.marks:
            self.marked_actions.set_field()
        elif (record := self._current_record()) is not None:
            self.actions.edit_field(record)

    def action_copy_id(self) -> None:
        if (record := self._current_record()) is not None:
            self.actions.copy_id(record)

    def action_copy_json(self) -> None:
        if (record := self._current_record()) is not None:
            self.actions.copy_json(record)

    def show_saved(self, record: Download, message: str) -> None:
        """Say what was saved, and show the list afresh with the cursor on `record`."""
        self.notify(message, markup=False)
        self.reload(focus_id=record.download_id, focus_row=self.table.cursor_row)

    def _delete(self, record: Download) -> None:
        row = self.table.cursor_row
        self.actions.delete(record, self.clock, deleted=lambda: self.reload(focus_row=row))

    def action_history(self) -> None:
        """This store's changes made here, newest first, to undo one."""
        if self.actions.writable():
            from tui.ui.screens.history import HistoryScreen  # not needed for the first frame

            self.app.push_screen(HistoryScreen(self.actions.writes, self._after_undo))

    def _after_undo(self) -> None:
        self._forget_pages()
        self.reload(focus_row=self.table.cursor_row)

    # -- marks ------------------------------------------------------------

    def action_mark(self) -> None:
        current = self.table.current
        if current is None:
            self.notify("There is no download on this page.")
        elif not isinstance(current, Download):
            self.notify("This entry could not be read, so it cannot be marked: "
                        f"{visible(current.problem)}", severity="warning", markup=False)
        else:
            self.table.toggle_mark(current)

    def action_mark_page(self) -> None:
        if self.pages.query.where is not None:
            self.filter.mark_every_match()
            return
        unreadable = self.table.mark_all()
        if unreadable:
            self.notify(f"{counted(unreadable, 'unreadable entry', 'unreadable entries')} on "
                        "this page could not be marked.",
                        severity="warning")

    def action_clear_marks(self) -> None:
        if not self.table.marks:
            self.notify("Nothing is marked.")
            return
        self.notify(f"Cleared {counted(len(self.table.marks), 'mark')}.")
        self.table.unmark()

    # -- go to a page or a download ---------------------------------------

    def action_go_to_page(self) -> None:
        from tui.ui.screens.go_to import ask_for_page  # not needed for the first frame

        ask_for_page(self, self.pages, go=self.go_to_page, last=self.action_last_page)

    def go_to_page(self, page: int) -> None:
        """Show page `page`, staying where we are when it is known not to exist
        (a page found past the end leads to the last one)."""
        from tui.ui.screens.go_to import missing_page  # not needed for the first frame

        if not self.pages.go_to_page(page):
            self.notify(missing_page(self.pages, page) or f"There is no page {page}.")
            return
        self._page_typed = page
        self.reload()

    def action_go_to_id(self) -> None:
        self.go_to_id("")

    def go_to_id(self, typed: str) -> None:
        """Ask for a download id (looking `typed` up at once when given) and open it."""
        from tui.ui.screens.go_to import ask_for_download  # not needed for the first frame

        ask_for_download(self, self.client, typed, found=self._open_detail)

    # -- export -----------------------------------------------------------

    def action_export(self) -> None:
        shown = self.pages.shown
        if shown is None:
            self.notify("Nothing to export yet: the list has not loaded.")
            return
        from tui.ui.screens.export import export_list  # not needed for the first frame

        export_list(self, self.pages.every_page(shown.query), shown, self.clock,
                    marked=list(self.table.marks))


def _search_hint(findings: Findings | None) -> str:
    """The search box's placeholder: what the store is known to search, when it is."""
    searched = [IN_TEXT[field] for field, match in (findings.search if findings else {}).items()
                if match == "yes"]
    if not searched:
        return "Search, or filter: product=14 count>0 · Enter applies · Esc clears"
    return f"Search {', '.join(searched)} · filter: product=14 · Esc clears"


def _describe_list(query: ListQuery) -> str:
    """The order of `query`'s list, its filter and search: "sorted by count ▼,
    filter product=14, search “x”"."""
    said = ("in store order" if query.sortby is None
            else f"sorted by {HEADERS[query.sortby]} {'▲' if query.sortdir == 'ASC' else '▼'}")
    if query.where:
        said += f", filter {visible(query.where)}"
    return f"{said}, search “{visible(query.search)}”" if query.search else said


def _describe_loading(query: ListQuery) -> str:
    if query.search:
        return "searching…"
    return f"loading page {query.page}…"
