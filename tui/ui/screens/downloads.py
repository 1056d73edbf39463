"""The home screen: one page of downloads, and every way to move through them.

All the keys are bound here, in one list, as Textual dispatches them to the
screen; each hands its job to the part of the screen that owns it, and the
parts live beside it: the pages and the paging keys (`ListPaging`), what is
known of the store (`StoreFindings`), the sort and the columns (`ListLayout`),
the search box (`ListSearch`) and its filter (`ListFilter`), the detail screen
and its way through the rows (`DetailBrowsing`), the keys that act on downloads
(`ListRecords`) and the marks (`MarkedActions`). What is done to one download is
a `RecordActions`, shared with the detail screen. The table keeps the marks. The
status line is bound to this screen's reactive state, which the parts set.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Static

from tui.api.models import FIELDS, ListQuery, Page, SortField
from tui.core.columns import COLUMNS
from tui.core.dates import Clock
from tui.core.findings.model import Findings
from tui.core.journal import Journal
from tui.core.paging import PageStore
from tui.core.writes import Writes
from tui.ui.screens.list_browsing import DetailBrowsing
from tui.ui.screens.list_filter import SYNTAX, ListFilter
from tui.ui.screens.list_layout import ListLayout
from tui.ui.screens.list_paging import ListPaging
from tui.ui.screens.list_records import ListRecords
from tui.ui.screens.list_search import SEARCH_DEBOUNCE, ListSearch, search_hint
from tui.ui.screens.marked_actions import MarkedActions
from tui.ui.screens.record_actions import HidesWritesWhenReadOnly, RecordActions
from tui.ui.screens.store_findings import StoreFindings
from tui.ui.screens.worker_errors import ReportsWorkerErrors
from tui.ui.widgets.downloads_table import DownloadsTable
from tui.ui.widgets.keys_footer import KeysFooter
from tui.ui.widgets.status_line import StatusLine


def _sort_binding(number: int, header: str, field: str) -> Binding:
    return Binding(
        str(number), f"sort('{field}')", f"Sort by {header}", show=False,
        id=f"downloads.sort-{field}",
    )


class DownloadsScreen(HidesWritesWhenReadOnly[None], ReportsWorkerErrors[None]):
    """The list of downloads, a page at a time."""

    TITLE = "Downloads"

    # What the status line shows, bound to it (the filter's count is the filter's).
    store: reactive[str] = reactive("")
    wanted: reactive[ListQuery] = reactive(ListQuery)
    shown_page: reactive[Page | None] = reactive(None)
    fetching: reactive[str] = reactive("")
    marked: reactive[int] = reactive(0)
    last_page: reactive[int | None] = reactive(None)
    page_sort: reactive[bool] = reactive(False)

    BINDINGS = [
        # Most used first: the footer shows as many as the width holds, in this order,
        # with their short descriptions; the help and the palette show the tooltips.
        # A priority binding runs as the key arrives, so the focus is already on the
        # search box for keys typed right after it (as a burst over SSH often is).
        Binding("slash", "search", "Search", tooltip="Search, or filter with exact terms",
                priority=True, id="downloads.search"),
        Binding("e", "edit", "Edit", id="downloads.edit"),
        Binding("z", "reset_count", "Reset", tooltip="Reset download count to 0 (of the "
                "marked rows, if any)", id="downloads.reset-count"),
        Binding("n", "next_page", "Next", tooltip="Next page", id="downloads.next-page"),
        Binding("p", "previous_page", "Prev", tooltip="Previous page",
                id="downloads.previous-page"),
        Binding("greater_than_sign", "last_page", "Last page", show=False,
                id="downloads.last-page"),
        Binding("less_than_sign", "first_page", "First page", show=False,
                id="downloads.first-page"),
        Binding("a", "add", "Add", id="downloads.add"),
        Binding("d", "delete", "Delete", tooltip="Delete (the marked rows, if any)",
                id="downloads.delete"),
        Binding("u", "history", "Undo", tooltip="Undo: the history of changes (and restore "
                "a deleted download)", id="downloads.undo"),
        Binding("i", "edit_cell", "Field", tooltip="Edit one field (on the marked rows, if "
                "any)", id="downloads.edit-cell"),
        Binding("space", "mark", "Mark", tooltip="Mark or unmark the row (and go to the "
                "next)", id="downloads.mark"),
        Binding("x", "export", "Export", tooltip="Export to a CSV or JSON file",
                id="downloads.export"),
        Binding("number_sign", "go_to_id", "Go to", tooltip="Go to download by id",
                id="downloads.go-to-id"),
        Binding("M", "mark_page", "Mark all", tooltip="Mark every row on the page (with a "
                "filter: every match)", id="downloads.mark-page"),
        Binding("colon", "go_to_page", "Page", tooltip="Go to page", id="downloads.go-to-page"),
        Binding("y", "copy_id", "Copy id", id="downloads.copy-id"),
        Binding("v", "columns", "Columns", tooltip="Choose columns", id="downloads.columns"),
        Binding("P", "app.choose_profile", "Profile", tooltip="Switch to another profile "
                "(store)", id="downloads.switch-profile"),
        Binding("C", "clear_marks", "Unmark", tooltip="Clear all marks",
                id="downloads.clear-marks"),
        Binding("q", "app.quit", "Quit", id="downloads.quit"),
        Binding("Y", "copy_json", "Copy as JSON", show=False, id="downloads.copy-json"),
        Binding("plus", "perpage(1)", "More rows per page", show=False, id="downloads.more-rows"),
        Binding("minus", "perpage(-1)", "Fewer rows per page", show=False,
                id="downloads.fewer-rows"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="downloads.refresh"),
        Binding("escape", "clear_search", "Clear the search or filter", show=False,
                id="downloads.clear-search"),
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
        self.pages = pages
        self.client = pages.client
        self.set_reactive(DownloadsScreen.store, f"{store} (read-only)" if read_only else store)
        self.set_reactive(DownloadsScreen.wanted, pages.query)
        self.clock = clock
        self.read_only = read_only
        self.paging = ListPaging(self, pages)
        self.knowledge = StoreFindings(self)
        self.list_layout = ListLayout(self, columns)
        self.search = ListSearch(self, search_debounce)
        self.browsing = DetailBrowsing(self)
        self.records = ListRecords(self)
        self.actions = RecordActions(self, Writes(self.client, journal, profile),
                                     saved=self.records.saved, gone=self.paging.show_written,
                                     wrote=self.paging.forget, read_only=read_only)

    def compose(self) -> ComposeResult:
        screen = DownloadsScreen
        yield StatusLine(id="status").data_bind(
            store=screen.store, wanted=screen.wanted, page=screen.shown_page,
            fetching=screen.fetching, marked=screen.marked, last_page=screen.last_page,
            page_sort=screen.page_sort)
        yield DownloadsTable(id="downloads", columns=self.columns)
        with Vertical(id="search-box") as box:
            box.display = False
            yield Input(placeholder=search_hint(None), id="search")
            yield Static("", id="search-error", markup=False)
        yield KeysFooter()

    @property
    def table(self) -> DownloadsTable:
        return self.query_one(DownloadsTable)

    @property
    def search_input(self) -> Input:
        return self.search.input

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns shown."""
        return self.list_layout.columns

    def on_mount(self) -> None:
        self.filter = ListFilter(self, self.paging, self.table, self.query_one(StatusLine))
        self.marked_actions = MarkedActions(self, self.table, self.actions, self.filter,
                                            finished=self.paging.refresh)
        self.reload()

    class ViewChanged(Message):
        """The user changed how the list looks (columns, sort, rows per page):
        `changes` holds the new values, for the app to remember."""

        def __init__(self, **changes: Any) -> None:
            super().__init__()
            self.changes = changes

    class FindingsLearned(Message):
        """The list learned something of how the store pages or sorts, for the app
        to keep (see `tui.core.findings`)."""

        def __init__(self, findings: Findings) -> None:
            super().__init__()
            self.findings = findings

    # -- what the app and the palette ask of the list ---------------------

    def reload(self) -> None:
        """Show the wanted page (fetching it when it is not cached)."""
        self.paging.reload()

    def use_findings(self, findings: Findings, *, examine: bool = False) -> None:
        """Go by what is known of the store (see `StoreFindings.use`)."""
        self.knowledge.use(findings, examine=examine)

    def go_to_page(self, page: int) -> None:
        self.paging.go_to_page(page)

    def go_to_id(self, typed: str) -> None:
        self.browsing.go_to_id(typed)

    def toggle_column(self, field: str) -> None:
        self.list_layout.toggle_column(field)

    # -- what Textual hands the screen --------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Inside the search box, `/` is just a character of the search."""
        return not (action == "search" and self.focused is self.search.input)

    @on(DownloadsTable.MarksChanged)
    def _marks_changed(self, event: DownloadsTable.MarksChanged) -> None:
        self.marked = event.marked

    @on(DataTable.HeaderSelected)
    def _sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.list_layout.sort(event.column_key.value)  # type: ignore[arg-type]

    @on(DataTable.RowSelected, "#downloads")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.browsing.open()

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        self.search.typed(event.value)

    @on(Input.Submitted, "#search")
    def _search_now(self, event: Input.Submitted) -> None:
        self.search.submitted(event.value)

    # -- the keys -----------------------------------------------------------

    def action_search(self) -> None:
        self.search.open()

    def action_clear_search(self) -> None:
        self.search.clear()

    def action_next_page(self) -> None:
        self.paging.next_page()

    def action_previous_page(self) -> None:
        self.paging.previous_page()

    def action_first_page(self) -> None:
        self.paging.first_page()

    def action_last_page(self) -> None:
        self.paging.last_page()

    def action_go_to_page(self) -> None:
        self.paging.ask_for_page()

    def action_perpage(self, step: int) -> None:
        self.paging.step_perpage(step)

    def action_refresh(self) -> None:
        self.paging.refresh()

    def action_sort(self, field: SortField) -> None:
        self.list_layout.sort(field)

    def action_columns(self) -> None:
        self.list_layout.choose_columns()

    def action_open(self) -> None:
        self.browsing.open()

    def action_go_to_id(self) -> None:
        self.browsing.go_to_id("")

    def action_edit(self) -> None:
        self.records.edit()

    def action_add(self) -> None:
        self.records.add()

    def action_delete(self) -> None:
        self.records.delete()

    def action_reset_count(self) -> None:
        self.records.reset_count()

    def action_edit_cell(self) -> None:
        self.records.edit_field()

    def action_copy_id(self) -> None:
        self.records.copy_id()

    def action_copy_json(self) -> None:
        self.records.copy_json()

    def action_history(self) -> None:
        self.records.history()

    def action_export(self) -> None:
        self.records.export()

    def action_mark(self) -> None:
        self.marked_actions.mark_row()

    def action_mark_page(self) -> None:
        self.marked_actions.mark_page()

    def action_clear_marks(self) -> None:
        self.marked_actions.clear()
