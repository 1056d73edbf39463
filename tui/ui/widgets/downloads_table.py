"""The table of one page of downloads.

Cells are `rich.text.Text` built from escaped store text, so nothing a store
sends is read as markup. Only the columns the user chose are laid out: narrow
columns at their own width, and what the width leaves goes where the page's
values need it, the file name first (it is how a user knows a download), then
the S3 key, then the id, which needs no more than enough of each id to tell the
page's apart (and to type back). When the file name would get less than 30
characters, the columns close up to one space apart, and then the S3 columns
give way. The table always fills the width; a value cut short ends in "…".
Where even the narrowest layout is too wide, the id column stays pinned as the
rest scrolls. While any download is marked, a narrow label column shows which
rows are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.console import JustifyMethod
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui.api.models import FIELDS, Download, InvalidRecord, ListQuery
from tui.core.columns import HEADERS, cell, unique_prefix_length
from tui.core.marks import Marks
from tui.core.text import visible

Item = Download | InvalidRecord

#: The least width of every column that does not stretch (created shows the date
#: part only); one grows to its page's widest value (an order id of 7 digits).
_FIXED_WIDTHS = {
    "date_created": 10,
    "product_id": 7,
    "order_id": 5,
    "download_count": 5,
    "is_amazon": 3,
}
#: The columns that stretch to their page's widest value, in the order they get
#: the spare width, with the least each keeps (the id's is worked out per page).
_STRETCH_LEAST = {"download_file_name": 12, "amazon_key": 3, "download_id": 0}
#: The file name is how a user knows a download: below this many characters the
#: columns close up, and then those in `_GIVE_WAY` make room for it.
_FILE_ROOM = 30
#: The columns left out, in turn, while the file name is short of `_FILE_ROOM`: an
#: S3 key cut to 3 characters tells nothing, and the detail screen shows both.
_GIVE_WAY = ("amazon_key", "is_amazon")
_NUMERIC = {"product_id", "order_id", "download_count"}
_SORT_ARROWS = {"ASC": "▲", "DESC": "▼"}
#: A sort of the page on screen only (the store does not sort by the field).
_PAGE_SORT_ARROWS = {"ASC": "△", "DESC": "▽"}
_MARK = "●"


@dataclass(frozen=True)
class _Layout:
    """The columns laid out, each with the width of its values; `compact`: one
    space between columns, where Textual's padding puts two."""

    widths: dict[str, int]
    compact: bool


class DownloadsTable(DataTable[Text]):
    """A DataTable of downloads; keys for rows and pages are bound here. It keeps
    the marks (by id, so they survive paging, sorting and searching) and says when
    they change."""

    class MarksChanged(Message):
        """The marks changed; `marked` downloads are marked now."""

        def __init__(self, marked: int) -> None:
            super().__init__()
            self.marked = marked

    DEFAULT_CSS = """
    DownloadsTable {
        scrollbar-size-vertical: 1;
    }
    """

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
        #: The widest cell of each column on this page.
        self._widest: dict[str, int] = {}
        #: How many characters of each id tell this page's apart.
        self._id_prefix = 0
        self._laid_out: _Layout | None = None

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
        layout = self._layout()
        self.fixed_columns = self._pinned(layout)
        if layout != self._laid_out:
            self._rebuild(self.cursor_row)

    def _rebuild(self, cursor_row: int) -> None:
        """Columns (labels, widths) and rows afresh: a page is at most 100 rows."""
        rows = [self._cells(item) for item in self.items]
        # What is wrong with an unreadable entry is cut to the columns, not the reverse.
        readable = [row for row, item in zip(rows, self.items, strict=True)
                    if isinstance(item, Download)]
        self._widest = {field: max((row[field].cell_len for row in readable), default=0)
                        for field in self.column_fields}
        ids = [item.download_id for item in self.items if item.download_id]
        self._id_prefix = unique_prefix_length(ids)
        layout = self._laid_out = self._layout()
        self.clear(columns=True)
        self.cell_padding = 0 if layout.compact else 1
        self.fixed_columns = self._pinned(layout)
        gaps = [int(layout.compact and index > 0) for index in range(len(layout.widths))]
        for (field, width), gap in zip(layout.widths.items(), gaps, strict=True):
            self.add_column(_spaced(Text(self._label(field)), gap), key=field, width=width + gap)
        for item, cells in zip(self.items, rows, strict=True):
            self.add_row(*(_spaced(cells[field], gap) for field, gap in zip(
                layout.widths, gaps, strict=True)), label=self._mark_label(item, layout))
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

    def _mark_label(self, item: Item, layout: _Layout) -> Text | None:
        """No label at all while nothing is marked, so the table looks as ever;
        closed up, the label holds the space before the id."""
        if not self.marks:
            return None
        mark = _MARK if item.download_id in self.marks else " "
        return Text(mark + (" " if layout.compact else ""), style="bold")

    # -- cell and column text -------------------------------------------

    def _label(self, field: str) -> str:
        header = HEADERS[field]
        sortby, sortdir = self._sort
        arrows = _PAGE_SORT_ARROWS if self._page_sort else _SORT_ARROWS
        return f"{header} {arrows[sortdir]}" if sortby == field else header

    def _layout(self) -> _Layout:
        """Two spaces between columns when the file name gets its room (or all it
        needs) that way; else one, and then the S3 columns give way while the file
        name is still short of it."""
        roomy = self._fit(self.column_fields, compact=False)
        if self._file_has_room(roomy) and not self._pinned(roomy):
            return roomy
        layout = self._fit(self.column_fields, compact=True)
        for field in _GIVE_WAY:
            if self._file_has_room(layout):
                break
            if field in layout.widths:
                layout = self._fit(tuple(name for name in layout.widths if name != field),
                                   compact=True)
        return layout

    def _natural(self, field: str) -> int:
        """How wide `field`'s column is to show its header and every value whole."""
        return max(len(self._label(field)), self._widest.get(field, 0))

    def _least(self, field: str) -> int:
        """The least a stretching column keeps (never less than its header): of an
        id, enough to tell the page's apart, and its "…"."""
        least = self._id_prefix + 1 if field == "download_id" else _STRETCH_LEAST[field]
        return min(self._natural(field), max(len(self._label(field)), least))

    def _fit(self, shown: tuple[str, ...], *, compact: bool) -> _Layout:
        """Narrow columns as wide as their header (and sort arrow); each stretching
        column at its least, then, in turn, as wide as its widest cell as far as
        the width allows; what is left over widens the last column."""
        widths = {field: self._least(field) if field in _STRETCH_LEAST
                  else max(_FIXED_WIDTHS[field], self._natural(field)) for field in shown}
        padding = _padding(len(shown), bool(self.marks), compact)
        spare = self._room() - padding - sum(widths.values())
        for field in _STRETCH_LEAST:
            if field in shown and spare > 0:
                grown = min(spare, self._natural(field) - widths[field])
                widths[field] += grown
                spare -= grown
        widths[shown[-1]] += max(0, spare)
        return _Layout(widths, compact)

    def _file_has_room(self, layout: _Layout) -> bool:
        field = "download_file_name"
        return (field not in layout.widths
                or layout.widths[field] >= min(_FILE_ROOM, self._natural(field)))

    def _room(self) -> int:
        """The width the columns may take: all but the vertical scrollbar, when the
        rows are too many to show at once."""
        height = len(self.items) + (self.header_height if self.show_header else 0)
        scrollbar = self.styles.scrollbar_size_vertical if height > self.size.height else 0
        return self.size.width - scrollbar

    def _pinned(self, layout: _Layout) -> int:
        """How many columns stay put as the table scrolls sideways: the id, when the
        columns are wider than the room there is."""
        padding = _padding(len(layout.widths), bool(self.marks), layout.compact)
        return int(sum(layout.widths.values()) + padding > self._room())

    def _cells(self, item: Item) -> dict[str, Text]:
        """Each shown field's cell, by field."""
        if isinstance(item, InvalidRecord):
            return self._unreadable_cells(item)
        cells = {}
        for field in self.column_fields:
            text = cell(item, field)
            if field == "date_created":
                text = text[:10]
            cells[field] = _cut(text, "right" if field in _NUMERIC else "left")
        return cells

    def _unreadable_cells(self, item: InvalidRecord) -> dict[str, Text]:
        """The id (when it has one), and what is wrong where the file name would be,
        or in the last column when the file column is hidden."""
        problem = _cut(f"(unreadable: {visible(item.problem)})", style="italic")
        cells = {field: Text() for field in self.column_fields}
        cells["download_id"] = _cut(visible(item.download_id or "?"))
        where = "download_file_name" if "download_file_name" in cells else self.column_fields[-1]
        if where == "download_id":
            cells[where].append_text(Text(" ").append_text(problem))
        else:
            cells[where] = problem
        return cells


def _cut(text: str, justify: JustifyMethod = "left", style: str = "") -> Text:
    """A cell's text: on one line, cut short with "…" when its column is narrower."""
    return Text(text, style=style, justify=justify, no_wrap=True, overflow="ellipsis")


def _spaced(text: Text, gap: int) -> Text:
    """`text` with `gap` spaces before it: what separates closed-up columns."""
    if not gap:
        return text
    spaced = text.copy()
    spaced.pad_left(gap)
    return spaced


def _padding(columns: int, marked: bool, compact: bool) -> int:
    """The width `columns` columns take besides their values: the spaces between
    them, and the label column while any row is marked ("●", and its space)."""
    if compact:
        return columns - 1 + 2 * marked
    return 2 * columns + 3 * marked
