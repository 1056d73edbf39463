"""Add and edit, one form: typed inputs checked before anything is sent.

The form saves by itself (in a worker) so that a refused save leaves it open
with everything the user typed, the store's complaint shown at its field. It
dismisses with how the save ended (`Edited`), or None when nothing was saved.

Enter moves on to the next field, as Tab does, and from the last one to the Save
button: a user who presses Enter to move on does not save a half-finished edit.
ctrl+s, or Enter on the Save button, saves.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

from tui.api.errors import InputRejected
from tui.api.models import READ_ONLY_FIELDS, WRITABLE_FIELDS, Download
from tui.core.columns import cell
from tui.core.writes import Writes
from tui.core.fields import LABELS
from tui.core.rules import Refused, change_problems, parse_value
from tui.ui.screens.confirm import ConfirmDialog
from tui.ui.screens.conflict import Edited, save_edit
from tui.ui.screens.worker_errors import ReportsWorkerErrors
from tui.core.text import visible
from tui.ui.widgets.field_input import field_input, problem_as_typed, show_input_error, shown_value
from tui.ui.widgets.keys_footer import KeysFooter
from tui.ui.widgets.own_keys import FocusInTurn, TypedAheadYesNo, focus_keys

#: What a new record starts with.
_NEW_VALUES: dict[str, Any] = {
    "product_id": "",
    "order_id": "",
    "download_count": "0",
    "download_file_name": "",
    "is_amazon": False,
    "amazon_key": "",
}


class FormScreen(FocusInTurn, ReportsWorkerErrors[Edited | None], ModalScreen[Edited | None]):
    """Edit `record`, or add a new download when `record` is None."""

    TITLE = "Download form"
    CSS_PATH = "form.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        # A priority binding: a text box would take Enter as "submit", and keys typed
        # after it land in the next field (see `FocusInTurn`).
        Binding("enter", "next_field", "Next field", tooltip="Next field (from the last "
                "one, the Save button)", priority=True, id="form.enter-next"),
        Binding("escape", "cancel", "Cancel", tooltip="Cancel (asks first if anything "
                "changed)", id="form.cancel"),
        *focus_keys("form"),
    ]

    def __init__(self, writes: Writes, record: Download | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.writes = writes
        self.record = record
        self._initial: dict[str, Any] = {}

    # -- layout ---------------------------------------------------------

    def compose(self) -> ComposeResult:
        record = self.record
        title = ("Add a download" if record is None
                 else f"Edit download {visible(record.download_id)}")
        with Vertical(classes="dialog", id="form"):
            yield Label(title, classes="dialog-title", markup=False)
            with VerticalScroll(id="form-fields", can_focus=False):
                for field in READ_ONLY_FIELDS:
                    shown = cell(record, field) if record else "assigned by the store"
                    yield self._row(field, Static(shown, classes="read-only", markup=False))
                for field in WRITABLE_FIELDS:
                    yield self._row(field, self._editor(field))
                    yield Static("", id=f"{field}-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
            yield Label("Enter or Tab: next field · ctrl+s saves · Esc cancels",
                        classes="dialog-hint")
        yield KeysFooter()

    def _row(self, field: str, editor: Widget) -> Horizontal:
        return Horizontal(Label(LABELS[field], classes="form-label"), editor, classes="form-row")

    def _editor(self, field: str) -> Widget:
        value = _NEW_VALUES[field] if self.record is None else shown_value(self.record, field)
        if field == "is_amazon":
            return TypedAheadYesNo(value=value, id=field)
        return field_input(str(value), id=field)

    def on_mount(self) -> None:
        self._initial = self._raw_values()
        # Watched, not messaged: the key box opens as S3 is switched on, so a Tab
        # typed right after the Space lands in it.
        self.watch(self.query_one("#is_amazon", Checkbox), "value", self._sync_amazon_key)
        self.query_one(f"#{WRITABLE_FIELDS[0]}", Input).focus()

    # -- reacting to the user -------------------------------------------

    def _sync_amazon_key(self, on_s3: bool) -> None:
        """The S3 key only means something for a download hosted on S3."""
        self.query_one("#amazon_key", Input).disabled = not on_s3

    @on(Input.Changed)
    def _check_as_typed(self, event: Input.Changed) -> None:
        field = event.input.id
        if field in WRITABLE_FIELDS:
            self._show_error(field, problem_as_typed(field, event.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On a button, Enter presses it."""
        return action != "next_field" or not isinstance(self.focused, Button)

    async def action_next_field(self) -> None:
        await self.action_focus_in_turn(1)
        if isinstance(self.focused, Button):  # past the last field
            self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    @property
    def changed(self) -> bool:
        """True when anything differs from what the form opened with."""
        return self._raw_values() != self._initial

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard your changes?", "Discard"), answered)

    def action_save(self) -> None:
        changes = self._validated()
        if changes is None:
            return
        if not changes:
            self.notify("Nothing changed, so nothing was sent.")
            self.dismiss(None)
            return
        self._save(changes)

    # -- values and errors ----------------------------------------------

    def _raw_values(self) -> dict[str, Any]:
        return {
            field: self.query_one(f"#{field}", Checkbox).value
            if field == "is_amazon"
            else self.query_one(f"#{field}", Input).value
            for field in WRITABLE_FIELDS
        }

    def _validated(self) -> dict[str, Any] | None:
        """What to send (every field for a new download, what changed for an edit),
        or None after showing every problem at its field."""
        raw = self._raw_values()
        values: dict[str, Any] = {"is_amazon": raw["is_amazon"]}
        problems: dict[str, str] = {}
        for field in WRITABLE_FIELDS:
            if field == "is_amazon" or (field == "amazon_key" and not raw["is_amazon"]):
                continue  # a key is only sent, and only checked, for a download on S3
            try:
                values[field] = parse_value(field, raw[field])
            except Refused as refusal:
                problems[field] = str(refusal)
        changes = values if self.record is None else {
            field: value for field, value in values.items()
            if value != shown_value(self.record, field)}
        problems = change_problems(changes, self.record, adding=self.record is None) | problems
        for field in WRITABLE_FIELDS:
            if field != "is_amazon":
                self._show_error(field, problems.get(field, ""))
        if problems:
            self.query_one(f"#{next(f for f in WRITABLE_FIELDS if f in problems)}").focus()
            return None
        return changes

    def _show_error(self, field: str, message: str) -> None:
        show_input_error(self.query_one(f"#{field}", Input),
                         self.query_one(f"#{field}-error", Static), message)

    # -- saving ---------------------------------------------------------

    @work(exclusive=True, group="form-save", exit_on_error=False, description="Saving the download")
    async def _save(self, changes: dict[str, Any]) -> None:
        save_button = self.query_one("#save", Button)
        save_button.disabled = True
        try:
            if self.record is None:
                saved: Edited | None = Edited(await self.writes.create(changes))
            else:
                saved = await save_edit(self, self.writes, self.record, changes)
                if saved is None:
                    return
        except InputRejected as error:
            at_fields = {field: reason for field, reason in error.fields.items()
                         if field in WRITABLE_FIELDS}
            if not at_fields:
                raise
            for field, reason in at_fields.items():
                said = f"The store rejected {field}: {reason.rstrip('.')}." if reason else ""
                self._show_error(field, said or error.message)
            first = next(field for field in WRITABLE_FIELDS if field in at_fields)
            self.query_one(f"#{first}").focus()
            return
        finally:
            save_button.disabled = False
        self.dismiss(saved)
