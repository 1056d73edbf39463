"""Choosing which columns the list shows.

Each toggle is applied at once, so the table behind the dialog shows the
result while the user is still choosing. The id column cannot be hidden: it is
what tells the rows apart.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from tui.api.models import FIELDS
from tui.core.columns import COLUMNS
from tui.core.fields import ALWAYS_SHOWN, LABELS
from tui.ui.widgets.toggles import CheckList


class ColumnsScreen(ModalScreen[None]):
    """A checklist of the columns; `apply` gets the shown fields after every toggle."""

    TITLE = "Columns"

    BINDINGS = [
        Binding("escape,v", "dismiss", "Close", id="columns.close"),
    ]

    def __init__(self, shown: tuple[str, ...], apply: Callable[[tuple[str, ...]], None]) -> None:
        super().__init__(classes="dialog-screen")
        self.shown = shown
        self.apply = apply

    def compose(self) -> ComposeResult:
        headers = {field: header for header, field, _ in COLUMNS}
        choices = [
            Selection(f"{headers[field]:<8} {LABELS[field]}"
                      + (" (always shown)" if field == ALWAYS_SHOWN else ""),
                      field, field in self.shown or field == ALWAYS_SHOWN,
                      disabled=field == ALWAYS_SHOWN)
            for field in FIELDS
        ]
        with Vertical(classes="dialog", id="columns"):
            yield Label("Columns to show", classes="dialog-title")
            yield CheckList[str](*choices, id="column-choices")
            yield Label("Space or Enter shows/hides a column · Esc closes",
                        classes="dialog-hint")

    def on_mount(self) -> None:
        choices = self.query_one(SelectionList)
        choices.highlighted = 1  # the first column that can be hidden
        choices.focus()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        chosen = set(event.selection_list.selected) | {ALWAYS_SHOWN}
        self.apply(tuple(field for field in FIELDS if field in chosen))
