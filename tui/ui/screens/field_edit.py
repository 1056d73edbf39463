"""Change one field without opening the whole form.

The fields offered are the ones support changes most: the download count, the
file name and the S3 key. Values are checked as the form checks them, and the
change is built as a `DownloadChanges` (the strict model of what may be sent).

For one record the dialog saves by itself, through the form's `save_edit` (the
record is read again first, and a field changed in the store meanwhile is the
user's call), so a refused save leaves the dialog open with what was typed and
the reason under it. For marked records it hands the change back and the list
runs it on each of them.

An S3 key may be set on a download that is not on S3: the store keeps it, and
it is used once "On Amazon S3" is switched on (in the form). The dialog says so
rather than refusing, since setting the key first is a normal way to move a
file to S3.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioSet, Static

from tui.api.errors import ApiError, AuthError, InputRejected
from tui.api.models import Download, DownloadChanges
from tui.core.writes import Writes
from tui.core.fields import LABELS
from tui.core.rules import Refused, change_problems, parse_value
from tui.ui.screens.conflict import Edited, save_edit
from tui.ui.screens.worker_errors import ReportsWorkerErrors
from tui.core.text import visible
from tui.ui.widgets.field_input import (
    field_input,
    problem_as_typed,
    show_input_error,
    shown_value,
)
from tui.ui.widgets.keys_footer import KeysFooter
from tui.ui.widgets.own_keys import FocusInTurn, TypedAheadRadioSet, focus_keys
from tui.ui.widgets.toggles import RadioButton

#: The fields offered, the first chosen when the dialog opens.
QUICK_FIELDS: tuple[str, ...] = ("download_count", "download_file_name", "amazon_key")

ResultType = TypeVar("ResultType")


class _FieldDialog(FocusInTurn, ReportsWorkerErrors[ResultType], ModalScreen[ResultType]):
    """A choice of field and one box for its value; Enter applies (there is no other
    field to move on to), Esc cancels."""

    CSS_PATH = "field_edit.tcss"

    BINDINGS = [
        # A priority binding, so it is the footer's too; it waits for the keys typed
        # before it (see `FocusInTurn`), as the box's own Enter would.
        Binding("enter", "save", "Save", priority=True, id="field-edit.save"),
        Binding("escape", "dismiss(None)", "Cancel", id="field-edit.cancel"),
        # Priority: the choice is made as the key arrives, before the keys after it.
        Binding("up", "choose(-1)", "Previous field", show=False, priority=True,
                id="field-edit.previous"),
        Binding("down", "choose(1)", "Next field", show=False, priority=True,
                id="field-edit.next"),
        *focus_keys("field-edit"),
    ]

    def __init__(self, title: str, values: dict[str, str], *, about: str = "",
                 s3_note: str = "") -> None:
        """`values`: what each field's box starts with; `about`: what the change
        applies to; `s3_note`: shown while the S3 key is chosen."""
        super().__init__(classes="dialog-screen")
        self.dialog_title = title
        self.values = values
        self.about = about
        self.s3_note = s3_note
        self.field = QUICK_FIELDS[0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="field-edit"):
            yield Label(self.dialog_title, classes="dialog-title", markup=False)
            if self.about:
                yield Static(self.about, id="field-edit-about", markup=False)
            with TypedAheadRadioSet(id="field-choice"):
                for field in QUICK_FIELDS:
                    yield RadioButton(LABELS[field], value=field == self.field,
                                      id=f"choose-{field}")
            for field in QUICK_FIELDS:
                editor = field_input(self.values[field], id=field)
                editor.display = field == self.field
                yield editor
            yield Static("", id="field-error", markup=False)
            yield Static(self.s3_note, id="field-note", markup=False)
            yield Label("↑/↓ chooses the field · Enter saves · Esc cancels",
                        classes="dialog-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show_note()
        self.editor.focus()

    @property
    def editor(self) -> Input:
        """The box of the chosen field."""
        return self.query_one(f"#{self.field}", Input)

    @on(RadioSet.Changed, "#field-choice")
    def _chosen(self, event: RadioSet.Changed) -> None:
        self._select(str(event.pressed.id).removeprefix("choose-"))

    def action_choose(self, step: int) -> None:
        """Choose the field `step` places down the list (up when negative)."""
        index = (QUICK_FIELDS.index(self.field) + step) % len(QUICK_FIELDS)
        self._select(QUICK_FIELDS[index])
        self.query_one(f"#choose-{self.field}", RadioButton).value = True

    def _select(self, field: str) -> None:
        """Show `field`'s box and put the focus in it, at once: keys typed right
        after the choice go there."""
        if field == self.field:
            return
        self._show_error("")
        self.editor.display = False
        self.field = field
        self.editor.display = True
        self._show_note()
        self.set_focus(self.editor)  # now, not after the keys already on their way

    def _show_note(self) -> None:
        self.query_one("#field-note").display = bool(self.s3_note) and self.field == "amazon_key"

    @on(Input.Changed)
    def _check_as_typed(self, event: Input.Changed) -> None:
        if event.input.id == self.field:
            self._show_error(problem_as_typed(self.field, event.value))

    def _show_error(self, message: str) -> None:
        show_input_error(self.editor, self.query_one("#field-error", Static), message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter saves from the box; on the choice of field it chooses."""
        return action != "save" or isinstance(self.focused, Input)

    async def action_save(self) -> None:
        await self.keys_typed_before()
        try:
            change = {self.field: parse_value(self.field, self.editor.value)}
        except Refused as refusal:
            self._show_error(str(refusal))
            return
        problem = self.problem(change)
        if problem:
            self._show_error(problem)
            return
        self.apply(DownloadChanges.model_validate(change))

    def problem(self, change: dict[str, int | str | bool]) -> str:
        """What is wrong with making `change` (its value already checked), or ""."""
        raise NotImplementedError

    def apply(self, changes: DownloadChanges) -> None:
        """Do what the dialog is for with a checked change."""
        raise NotImplementedError


class FieldEditDialog(_FieldDialog[Edited | None]):
    """One field of one record; dismisses with how the save ended, or None."""

    TITLE = "Edit one field"

    def __init__(self, writes: Writes, record: Download) -> None:
        super().__init__(
            f"Edit one field of download {visible(record.download_id)}",
            {field: str(shown_value(record, field)) for field in QUICK_FIELDS},
            s3_note="" if record.is_amazon else (
                "This download is not on Amazon S3: the key is saved, but only used once "
                "“On Amazon S3” is switched on (e opens the full form)."),
        )
        self.writes = writes
        self.record = record

    def problem(self, change: dict[str, int | str | bool]) -> str:
        return change_problems(change, self.record).get(self.field, "")

    def apply(self, changes: DownloadChanges) -> None:
        value = changes.body()[self.field]
        if value == shown_value(self.record, self.field):
            self.notify("Nothing changed, so nothing was sent.")
            self.dismiss(None)
            return
        self._save(self.field, value)

    @work(exclusive=True, group="field-save", exit_on_error=False,
          description="Saving the download")
    async def _save(self, field: str, value: int | str) -> None:
        try:
            saved = await save_edit(self, self.writes, self.record, {field: value})
        except AuthError:
            raise  # the app offers what to do about the credentials
        except ApiError as error:
            if isinstance(error, InputRejected) and error.field not in (None, field):
                raise
            self._show_error(f"Not saved: {error} {error.hint}".strip())
            self.query_one(f"#{field}").focus()
            return
        if saved is not None:
            self.dismiss(saved)


class BulkFieldDialog(_FieldDialog[DownloadChanges | None]):
    """One field for every marked record; dismisses with the change to make, or None."""

    TITLE = "Set one field on the marked downloads"

    def __init__(self, records: Sequence[Download], listing: str) -> None:
        not_on_s3 = sum(1 for record in records if not record.is_amazon)
        super().__init__(
            f"Set one field on {len(records)} marked downloads",
            {field: _common_value(records, field) for field in QUICK_FIELDS},
            about=listing,
            s3_note=f"{not_on_s3} of them are not on Amazon S3: the key is saved, but only "
                    "used once “On Amazon S3” is switched on." if not_on_s3 else "",
        )
        self.records = records

    def problem(self, change: dict[str, int | str | bool]) -> str:
        refused = [record for record in self.records
                   if change_problems(change, record).get(self.field)]
        if not refused:
            return ""
        if self.field == "amazon_key":
            are, need = ("is", "needs") if len(refused) == 1 else ("are", "need")
            return (f"{len(refused)} of the marked downloads {are} on Amazon S3 and {need} "
                    "an S3 key: leave the key as it is, or type one.")
        return change_problems(change, refused[0])[self.field]

    def apply(self, changes: DownloadChanges) -> None:
        self.dismiss(changes)


def _common_value(records: Sequence[Download], field: str) -> str:
    """The value every record has, or nothing when they differ."""
    values = {visible(str(getattr(record, field))) for record in records}
    return values.pop() if len(values) == 1 else ""
