"""Add and edit, one form: typed inputs checked before anything is sent.

The form saves by itself (in a worker) so that a refused save leaves it open
with everything the user typed, the store's complaint shown at its field. It
dismisses with the saved record, or None when nothing was saved.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, Switch

from tui.api.client import DownloadsClient
from tui.api.errors import InputRejected, NotFound
from tui.api.models import INTEGER_FIELDS, READ_ONLY_FIELDS, WRITABLE_FIELDS, Download
from tui.fields import LABELS
from tui.output import cell
from tui.screens.confirm import ConfirmDialog
from tui.screens.conflict import ConflictDialog
from tui.screens.worker_errors import ReportsWorkerErrors
from tui.text import visible

_INTEGER_RULE = "Enter a whole number, 0 or more."
#: What a new record starts with.
_NEW_VALUES: dict[str, Any] = {
    "product_id": "",
    "order_id": "",
    "download_count": "0",
    "download_file_name": "",
    "is_amazon": False,
    "amazon_key": "",
}


class FormScreen(ReportsWorkerErrors[Download | None], ModalScreen[Download | None]):
    """Edit `record`, or add a new download when `record` is None."""

    TITLE = "Download form"
    CSS_PATH = "form.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # Priority bindings move the focus as the key arrives, so text typed right
        # after a Tab (a burst, over a slow link) lands in the next field.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True,
                id="form.next-field"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False,
                priority=True, id="form.previous-field"),
    ]

    def __init__(self, client: DownloadsClient, record: Download | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.client = client
        self.record = record
        self._initial: dict[str, Any] = {}

    # -- layout ---------------------------------------------------------

    def compose(self) -> ComposeResult:
        record = self.record
        title = "Add a download" if record is None else f"Edit download {record.download_id}"
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
            yield Label("ctrl+s saves · Esc cancels", classes="dialog-hint")

    def _row(self, field: str, editor: Widget) -> Horizontal:
        return Horizontal(Label(LABELS[field], classes="form-label"), editor, classes="form-row")

    def _editor(self, field: str) -> Widget:
        value = _NEW_VALUES[field] if self.record is None else _as_shown(self.record, field)
        if field == "is_amazon":
            return Switch(value=value, id=field)
        if field in INTEGER_FIELDS:
            return Input(
                str(value),
                id=field,
                type="integer",
                validators=[Integer(minimum=0, failure_description=_INTEGER_RULE)],
                validate_on=["submitted"],
            )
        return Input(value, id=field)

    def on_mount(self) -> None:
        self._initial = self._raw_values()
        self._sync_amazon_key()
        self.query_one(f"#{WRITABLE_FIELDS[0]}", Input).focus()

    # -- reacting to the user -------------------------------------------

    @on(Switch.Changed, "#is_amazon")
    def _sync_amazon_key(self) -> None:
        """The S3 key only means something for a download hosted on S3."""
        on_s3 = self.query_one("#is_amazon", Switch).value
        self.query_one("#amazon_key", Input).disabled = not on_s3

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        if event.input.id in WRITABLE_FIELDS:
            self._show_error(event.input.id, "")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

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
        values = self._validated()
        if values is None:
            return
        if self.record is None:
            self._save(values)
            return
        changes = {field: value for field, value in values.items()
                   if value != _as_shown(self.record, field)}
        if not changes:
            self.notify("Nothing changed, so nothing was sent.")
            self.dismiss(None)
            return
        self._save(changes)

    # -- values and errors ----------------------------------------------

    def _raw_values(self) -> dict[str, Any]:
        return {
            field: self.query_one(f"#{field}", Switch).value
            if field == "is_amazon"
            else self.query_one(f"#{field}", Input).value
            for field in WRITABLE_FIELDS
        }

    def _validated(self) -> dict[str, Any] | None:
        """The values to send, or None after showing every problem at its field."""
        values: dict[str, Any] = {}
        first_bad: str | None = None
        for field, raw in self._raw_values().items():
            if field in INTEGER_FIELDS:
                result = self.query_one(f"#{field}", Input).validate(raw)
                if result is not None and not result.is_valid:
                    self._show_error(field, _INTEGER_RULE)
                    first_bad = first_bad or field
                    continue
                raw = int(raw)
            values[field] = raw
        if first_bad is not None:
            self.query_one(f"#{first_bad}").focus()
            return None
        if not values["is_amazon"]:
            values.pop("amazon_key")
        return values

    def _show_error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(message)
        error.display = bool(message)
        self.query_one(f"#{field}").set_class(bool(message), "-invalid")

    # -- saving ---------------------------------------------------------

    @work(exclusive=True, group="form-save", exit_on_error=False, description="Saving the download")
    async def _save(self, changes: dict[str, Any]) -> None:
        save_button = self.query_one("#save", Button)
        save_button.disabled = True
        try:
            if self.record is None:
                saved = await self.client.create(changes)
            else:
                settled = await self._settle_conflicts(self.record, changes)
                if settled is None:
                    return
                changes, current = settled
                saved = (
                    await self.client.update(self.record.download_id, changes)
                    if changes
                    else current
                )
        except InputRejected as error:
            if error.field not in WRITABLE_FIELDS:
                raise
            self._show_error(error.field, error.message)
            self.query_one(f"#{error.field}").focus()
            return
        finally:
            save_button.disabled = False
        self.dismiss(saved)


    async def _settle_conflicts(
        self, opened: Download, changes: dict[str, Any]
    ) -> tuple[dict[str, Any], Download] | None:
        """Read the record again before writing over it.

        Returns the changes to send and the record as the store has it now, or
        None to stay in the form (the record is gone, or the user went back).
        A field both sides changed is the user's call; a field only the store
        changed is never sent, so it survives.
        """
        try:
            current = await self.client.get(opened.download_id)
        except NotFound:
            self.notify(
                f"Download {opened.download_id} was deleted in the store while you edited "
                "it. Nothing was saved; your values are still in the form.",
                title="Not saved", severity="error", markup=False, timeout=10,
            )
            return None
        conflicts = {
            field: (mine, getattr(current, field))
            for field, mine in changes.items()
            if getattr(current, field) not in (getattr(opened, field), mine)
        }
        if not conflicts:
            return changes, current
        resolution = await self.app.push_screen_wait(
            ConflictDialog(opened.download_id, conflicts)
        )
        if resolution == "back":
            return None
        if resolution == "theirs":
            changes = {f: v for f, v in changes.items() if f not in conflicts}
        return changes, current


def _as_shown(record: Download, field: str) -> Any:
    """A stored value as the form shows it: store text with control characters
    spelled out, so an untouched field compares equal and is not sent back."""
    value = getattr(record, field)
    return visible(value) if isinstance(value, str) else value
