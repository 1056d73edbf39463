"""A list of every key the screen underneath answers to, and the id of each
binding, the name the config file's `[keys]` table remaps it by."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label


class HelpScreen(ModalScreen[None]):
    """Built from the bindings active where `?` was pressed, so it is always complete
    and shows the keys in force (remapped ones included)."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, bindings: dict[str, ActiveBinding], title: str) -> None:
        super().__init__(classes="dialog-screen")
        self.bindings = bindings
        self.help_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Label(f"Keys: {self.help_title}", classes="dialog-title", markup=False)
            yield DataTable(id="help-keys", cursor_type="row", show_header=True)
            yield Label("Esc closes this list.", classes="dialog-hint")

    def _rank(self, active: ActiveBinding) -> tuple[bool, int]:
        """This app's keys before Textual's own; the widget's, the screen's, the app's."""
        if isinstance(active.node, Screen):
            return active.binding.id is None, 1
        return active.binding.id is None, 2 if isinstance(active.node, App) else 0

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns("Key", "Does", Text("Id in [keys]"))  # Text: no markup
        # One row per binding id (the name to remap it by), so two bindings that do
        # the same (the table's pgdn, the screen's n) each show their own keys.
        rows: dict[str, tuple[list[str], str, str]] = {}
        for active in sorted(self.bindings.values(), key=self._rank):
            binding = active.binding
            description = binding.description or binding.action
            keys, _, _ = rows.setdefault(binding.id or description,
                                         ([], description, binding.id or ""))
            keys.append(self.app.get_key_display(binding))
        for keys, description, binding_id in rows.values():
            table.add_row(" ".join(keys), description, binding_id)
        table.focus()
