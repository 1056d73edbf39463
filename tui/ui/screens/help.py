"""A list of every key of this app the screen underneath answers to, and the id of
each binding, the name the config file's `[keys]` table remaps it by (Textual's
generic keys, such as a text box's cursor keys, are left out: see
`tui.ui.keys_in_force.in_force`).

The keys and the ids are always shown whole, at any width: the id is what the
config file needs. What a key does takes the width left, wrapping when long.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from tui.ui.keys_in_force import said
from tui.ui.widgets.keys_footer import KeysFooter

_KEY, _DOES, _ID = "Key", "Does", "Id in [keys]"
#: What a key does wraps rather than go narrower than this.
_LEAST_DOES_WIDTH = 16


class HelpScreen(ModalScreen[None]):
    """Built from the bindings active where `?` (or F1) was pressed, so it is always complete
    and shows the keys in force (remapped ones included)."""

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, bindings: Iterable[ActiveBinding], title: str,
                 notes: tuple[tuple[str, str], ...] = ()) -> None:
        """`bindings` in the order to list them; `notes`: more rows (a name, what it
        says) for what is typed, not pressed."""
        super().__init__(classes="dialog-screen")
        self.bindings = list(bindings)
        self.help_title = title
        self.notes = notes
        #: Key(s), what they do, binding id: one row per binding id.
        self.rows: list[tuple[str, str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Label(f"Keys: {self.help_title}" if self.help_title else "Keys",
                        classes="dialog-title", markup=False)
            yield DataTable(id="help-keys", cursor_type="row", show_header=True)
            yield Label("Esc closes this list.", classes="dialog-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        # One row per binding id (the name to remap it by), so two bindings that do
        # the same (the table's pgdn, the screen's n) each show their own keys.
        rows: dict[str, tuple[list[str], str, str]] = {}
        for active in self.bindings:
            binding = active.binding
            keys, _, _ = rows.setdefault(binding.id, ([], said(binding), binding.id))
            keys.append(self.app.get_key_display(binding))
        self.rows = [(" ".join(keys), does, binding_id) for keys, does, binding_id in rows.values()]
        self.rows += [(name, said, "") for name, said in self.notes]
        self.query_one("#help-keys", DataTable).focus()

    def on_resize(self) -> None:
        # The screen is resized when first laid out too, so this also fills the table.
        self.call_after_refresh(self._lay_out)

    def _lay_out(self) -> None:
        """The columns for the table's width now, and the rows in them."""
        table = self.query_one("#help-keys", DataTable)
        key_width = max([cell_len(_KEY), *(cell_len(keys) for keys, _, _ in self.rows)])
        id_width = max([cell_len(_ID), *(cell_len(binding_id) for _, _, binding_id in self.rows)])
        # Each column is padded on both sides; a vertical scrollbar may take its share.
        padding = 3 * 2 * table.cell_padding + table.styles.scrollbar_size_vertical
        does_width = max(_LEAST_DOES_WIDTH, table.size.width - key_width - id_width - padding)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(_KEY, width=key_width)
        table.add_column(_DOES, width=does_width)
        table.add_column(Text(_ID), width=id_width)  # Text: no markup
        for keys, does, binding_id in self.rows:
            table.add_row(Text(keys), Text(does), Text(binding_id), height=None)
        table.move_cursor(row=row, animate=False)
