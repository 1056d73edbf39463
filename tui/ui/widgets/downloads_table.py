"""The table of one page of downloads.

Cells are `rich.text.Text` built from escaped store text, so nothing a store
sends is read as markup. Only the columns the user chose are laid out: narrow
columns at their own width, and what the width leaves goes where the page's
values need it, the file name first (it is how a user knows a download), then
the S3 key, then the id; the table always fills the width. Where even the
narrowest layout is too wide, the id column stays pinned as the rest scrolls.
While any download is marked, a narrow label column shows which rows are.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import JustifyMethod
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui.api.models import FIELDS, Download, InvalidRecord, ListQuery
from tui.core.columns import COLUMNS, cell
from tui.core.marks import Marks
from tui.core.text import visible

Item = Download | InvalidRecord

#: The least width of every column that does not stretch (created shows the date
#: part only); one grows to its page's widest value (an order id of 7 digits).
_FIXED_WIDTHS = {
    "date_created": 10,
    "product_id": 7,
    "order_id": 6,
    "download_count": 5,
    "is_amazon": 3,
}
#: The columns that stretch to their page's widest value, in the order they get
#: the spare width, with the least each keeps (a real store's ids are 45 characters).
_STRETCH_LEAST = {"download_file_name": 12, "amazon_key": 3, "download_id": 12}
_NUMERIC = {"product_id", "order_id", "download_count"}
_SORT_ARROWS = {"ASC": "▲", "DESC": "▼"}
#: A sort of the page on screen only (the store does not sort by the field).
_PAGE_SORT_ARROWS = {"ASC": "△", "DESC": "▽"}
_MARK = "●"


class DownloadsTable(DataTable[Text]):
    """A DataTable of downloads; keys for rows and pages are bound here. It keeps
    the marks (by id, so they survive paging, sorting and searching) and says when
    they change."""

    class MarksChanged(Message):
        """The marks changed; `marked` downloads are marked now."""

        def __init__(self, marked: int) -> None:
            super().__init__()
            self.marked = marked

    BINDINGS = [
        Binding("enter", "screen.open", "Open detail", show=False, id="table.open"),
        Binding("j", "cursor_down", "Next row", show=False, id="table.down"),
        Binding("k", "cursor_up", "Previous row", show=False, id="table.up"),
        Binding("g", "scroll_top", "First row", show=False, id="table.first-row"),
        Binding("G", "scroll_bottom", "Last row", show=False, id="table.last-row"),
        Binding("pagedown", "screen.next_page", "Next page", show=False,
                id="table.next-page"),
        Binding("pageup", "screen.previous_page", "Prev page", show=False,
                id="table.previous-page"),
    ]

    def __init__(self, *, id: str | None = None, columns: tuple[str, ...] = FIELDS) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[Item] = []
        self._sort: tuple[str | None, str] = (None, "ASC")
        self._page_sort = False
        #: The fields shown, in the table's order.
        self.column_fields: tuple[str, ...] = columns
        #: The marked downloads (on this page or not).
        self.marks = Marks()
        #: The widest cell of each stretching column on this page.
        self._widest: dict[str, int] = {}

    @property
    def sorted_here(self) -> bool:
        """Whether the rows shown are sorted here, the store not sorting them."""
        return self._page_sort

    def show_columns(self, columns: tuple[str, ...]) -> None:
        """Lay out only `columns` (fields, in the table's order), keeping the cursor."""
        self.column_fields = columns
        self._rebuild(self.cursor_row)

    @property
    def current(self) -> Item | None:
        """The item under the cursor."""
        if not self.items or not 0 <= self.cursor_row < len(self.items):
            return None
        return self.items[self.cursor_row]

    def show(
        self,
        items: list[Item] | tuple[Item, ...],
        query: ListQuery,
        *,
        focus_id: str | None = None,
        focus_row: int = 0,
        page_sort: bool = False,
    ) -> None:
        """Fill the table with a page, its sort marked in the header with ▲ or ▼
        (△ or ▽ when `page_sort`: the rows of this page only are sorted); put the
        cursor on `focus_id` if it is there."""
        self.items = list(items)
        self.marks.refresh(self.items)
        self._sort = (query.sortby, query.sortdir)
        self._page_sort = page_sort
        ids = [item.download_id for item in self.items]
        found = focus_id is not None and focus_id in ids  # unreadable rows have no id
        self._rebuild(ids.index(focus_id) if found else focus_row)

    def on_resize(self, event: events.Resize) -> None:
        widths = self._widths()
        self.fixed_columns = self._pinned(widths)
        if widths != {str(key.value): column.width for key, column in self.columns.items()}:
            self._rebuild(self.cursor_row)

    def _rebuild(self, cursor_row: int) -> None:
        """Columns (labels, widths) and rows afresh: a page is at most 100 rows."""
        rows = [self._cells(item) for item in self.items]
        self._widest = {
            field: max((row[index].cell_len for row in rows), default=0)
            for index, field in enumerate(self.column_fields)
        }
        widths = self._widths()
        self.clear(columns=True)
        self.fixed_columns = self._pinned(widths)
        for field, width in widths.items():
            self.add_column(Text(self._label(field)), key=field, width=width)
        for item, cells in zip(self.items, rows, strict=True):
            self.add_row(*cells, label=self._mark_label(item))
        if self.items:
            self.move_cursor(row=max(0, min(cursor_row, len(self.items) - 1)), animate=False)

    # -- marks ----------------------------------------------------------

    def toggle_mark(self, record: Download) -> None:
        """Mark or unmark `record`, and move on, so `space` held down marks a run."""
        self.marks.toggle(record)
        self._marks_changed()
        self.action_cursor_down()

    def mark_all(self) -> int:
        """Mark every readable row; how many rows could not be marked (unreadable)."""
        records = [item for item in self.items if isinstance(item, Download)]
        self.mark(records)
        return len(self.items) - len(records)

    def mark(self, records: Iterable[Download]) -> None:
        """Mark `records`, on this page or not (e.g. every match of a filter)."""
        self.marks.add(records)
        self._marks_changed()

    def unmark(self, download_ids: Iterable[str] | None = None) -> None:
        """Unmark `download_ids`, or everything."""
        if download_ids is None:
            self.marks.clear()
        else:
            self.marks.discard(download_ids)
        self._marks_changed()

    def _marks_changed(self) -> None:
        """Label the marked rows, keeping the cursor and the rows in view, and say so."""
        scroll_x, scroll_y = self.scroll_x, self.scroll_y
        self._rebuild(self.cursor_row)
        self.scroll_x, self.scroll_y = scroll_x, scroll_y
        self.post_message(self.MarksChanged(len(self.marks)))

    def _mark_label(self, item: Item) -> Text | None:
        """No label at all while nothing is marked, so the table looks as ever."""
        if not self.marks:
            return None
        return Text(_MARK if item.download_id in self.marks else " ", style="bold")

    def _mark_width(self) -> int:
        return 1 + 2 * self.cell_padding if self.marks else 0

    # -- cell and column text -------------------------------------------

    def _label(self, field: str) -> str:
        header = next(header for header, name, _ in COLUMNS if name == field)
        sortby, sortdir = self._sort
        arrows = _PAGE_SORT_ARROWS if self._page_sort else _SORT_ARROWS
        return f"{header} {arrows[sortdir]}" if sortby == field else header

    def _widths(self) -> dict[str, int]:
        """Narrow columns as wide as their header (and sort arrow); each stretching
        column at its least (or its widest cell, if narrower), then, in turn, as
        wide as its widest cell as far as the width allows; what is left over
        widens the last column."""
        shown = self.column_fields
        natural = {field: max(len(self._label(field)), self._widest.get(field, 0))
                   for field in shown}
        widths = {field: min(_STRETCH_LEAST[field], natural[field]) if field in _STRETCH_LEAST
                  else max(_FIXED_WIDTHS[field], natural[field]) for field in shown}
        spare = self._room() - self._padding() - sum(widths.values())
        for field in _STRETCH_LEAST:
            if field in shown and spare > 0:
                grown = min(spare, natural[field] - widths[field])
                widths[field] += grown
                spare -= grown
        widths[shown[-1]] += max(0, spare)
        return widths

    def _room(self) -> int:
        """The width the columns may take: all but the vertical scrollbar, when the
        rows are too many to show at once."""
        height = len(self.items) + (self.header_height if self.show_header else 0)
        scrollbar = self.styles.scrollbar_size_vertical if height > self.size.height else 0
        return self.size.width - scrollbar

    def _padding(self) -> int:
        return 2 * self.cell_padding * len(self.column_fields) + self._mark_width()

    def _pinned(self, widths: dict[str, int]) -> int:
        """How many columns stay put as the table scrolls sideways: the id, when the
        columns are wider than the room there is."""
        return int(sum(widths.values()) + self._padding() > self._room())

    def _cells(self, item: Item) -> list[Text]:
        if isinstance(item, InvalidRecord):
            return self._unreadable_cells(item)
        cells = []
        for field in self.column_fields:
            text = cell(item, field)
            if field == "date_created":
                text = text[:10]
            justify: JustifyMethod = "right" if field in _NUMERIC else "left"
            cells.append(Text(text, justify=justify, no_wrap=True, overflow="ellipsis"))
        return cells

    def _unreadable_cells(self, item: InvalidRecord) -> list[Text]:
        """The id (when it has one), and what is wrong where the file name would be,
        or in the last column when the file column is hidden."""
        problem = Text(f"(unreadable: {visible(item.problem)})", style="italic")
        cells = {field: Text() for field in self.column_fields}
        cells["download_id"] = Text(visible(item.download_id or "?"))
        where = "download_file_name" if "download_file_name" in cells else self.column_fields[-1]
        if where == "download_id":
            cells[where].append(Text(" ").append_text(problem))
        else:
            cells[where] = problem
        return list(cells.values())
