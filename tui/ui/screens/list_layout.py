"""How the list is laid out: its sort and its columns, beside the list screen.

Each change is posted to the app (`DownloadsScreen.ViewChanged`) to be
remembered for the store. A sort the store is known to ignore still applies, to
the rows of each page only, and the list says so once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.api.models import FIELDS, SortField
from tui.core.fields import ALWAYS_SHOWN

if TYPE_CHECKING:
    from tui.ui.screens.downloads import DownloadsScreen


class ListLayout:
    """The sort and the `columns` shown of the list `screen`."""

    def __init__(self, screen: DownloadsScreen, columns: tuple[str, ...]) -> None:
        self.screen = screen
        self.columns = columns

    def sort(self, field: SortField) -> None:
        """Sort by `field` (again: the other way)."""
        screen = self.screen
        query = screen.pages.sort_by(field)
        screen.post_message(screen.ViewChanged(sortby=query.sortby, sortdir=query.sortdir))
        if screen.knowledge.sorted_here(query):
            screen.knowledge.say_page_sort(field)
        screen.paging.reload()

    def choose_columns(self) -> None:
        from tui.ui.screens.columns import ColumnsScreen  # not needed for the first frame

        self.screen.app.push_screen(ColumnsScreen(self.columns, self.show_columns))

    def show_columns(self, columns: tuple[str, ...]) -> None:
        """Show only `columns` (the id column always stays) and remember them."""
        if columns == self.columns:
            return
        self.columns = columns
        self.screen.table.show_columns(columns)
        self.screen.post_message(self.screen.ViewChanged(columns=list(columns)))

    def toggle_column(self, field: str) -> None:
        """Show `field`'s column if hidden, hide it if shown."""
        if field == ALWAYS_SHOWN:
            self.screen.notify("The id column is always shown.")
            return
        shown = set(self.columns) ^ {field}
        self.show_columns(tuple(name for name in FIELDS if name in shown))
