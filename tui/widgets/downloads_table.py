"""The table of one page of downloads.

Cells are `rich.text.Text` built from escaped store text, so nothing a store
sends is read as markup. Only the columns the user chose are laid out; the
file and key columns (when shown) share whatever width the fixed columns
leave, so a page reads well from 80 columns up and always fills the width.
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
from tui.columns import COLUMNS, cell
from tui.marks import Marks
from tui.text import visible

Item = Download | InvalidRecord

#: Width of every column that does not stretch (created shows the date part only).
_FIXED_WIDTHS = {
    "date_created": 10,
    "product_id": 7,
    "order_id": 6,
    "download_count": 5,
    "is_amazon": 3,
}
#: The columns that share the spare width, with the least each may get.
_STRETCH_MINIMUM = {"download_file_name": 12, "amazon_key": 3}
#: The id column is as wide as the longest id on the page (a real store's are 45
#: characters), as long as the file and key columns keep this much; never narrower
#: than `_ID_LEAST`.
_STRETCH_KEPT = {"download_file_name": 24, "amazon_key": 12}
_ID_LEAST = 12
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
        widths = {str(key.value): column.width for key, column in self.columns.items()}
        if widths != self._widths():
            self._rebuild(self.cursor_row)

    def _rebuild(self, cursor_row: int) -> None:
        """Columns (labels, widths) and rows afresh: a page is at most 100 rows."""
        self.clear(columns=True)
        for field, width in self._widths().items():
            self.add_column(Text(self._label(field)), key=field, width=width)
        for item in self.items:
            self.add_row(*self._cells(item), label=self._mark_label(item))
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
        self.marks.add(records)
        self._marks_changed()
        return len(self.items) - len(records)

    def unmark(self, download_ids: Iterable[str] | None = None) -> None:
        """Unmark `download_ids`, or everything."""
        if download_ids is None:
            self.marks.clear()
        else:
            self.marks.discard(download_ids)
        self._marks_changed()

    def _marks_changed(self) -> None:
        """Label the marked rows, keeping the cursor and the rows in view, and say so."""
        scroll_y = self.scroll_y
        self._rebuild(self.cursor_row)
        self.scroll_y = scroll_y
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
        """Fixed columns as wide as their header (and sort arrow); the id as wide as
        the longest id while the file and key columns keep room; the spare width
        goes to the file and key columns, two thirds and one third, or to whichever
        of them is shown, or else to the last column shown."""
        shown = self.column_fields
        stretch = [field for field in _STRETCH_MINIMUM if field in shown]
        widths = dict.fromkeys(shown, 0) | {
            field: max(_FIXED_WIDTHS[field], len(self._label(field)))
            for field in shown if field not in stretch and field != "download_id"
        }
        padding = 2 * self.cell_padding * len(shown) + self._mark_width()
        spare = self.size.width - sum(widths.values()) - padding - 2
        if "download_id" in shown:
            longest = max([len(self._label("download_id")), _ID_LEAST,
                           *(len(visible(item.download_id or "")) for item in self.items)])
            kept = sum(_STRETCH_KEPT[field] for field in stretch)
            widths["download_id"] = min(longest, max(_ID_LEAST, spare - kept))
            spare -= widths["download_id"]
        if len(stretch) == 2:
            file_width = max(12, spare * 2 // 3)
            widths |= {"download_file_name": file_width, "amazon_key": max(3, spare - file_width)}
        elif stretch:
            widths[stretch[0]] = max(_STRETCH_MINIMUM[stretch[0]], spare)
        else:
            widths[shown[-1]] += max(0, spare)
        return widths

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
