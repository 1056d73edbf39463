"""The text box for one writable field, the rule its value must meet, and how a
problem with what was typed is shown under the box.

Shared by the form and the dialogs, so a value is checked, and a problem shown,
the same way wherever it is typed, before anything is sent.
"""

from __future__ import annotations

from textual.validation import Integer
from textual.widgets import Input, Static

from tui.api.models import INTEGER_FIELDS, Download
from tui.text import visible

INTEGER_RULE = "Enter a whole number, 0 or more."


def field_input(field: str, value: str, *, id: str) -> Input:
    """An Input for `field`: digits only (0 or more) for a number, any text otherwise."""
    if field in INTEGER_FIELDS:
        return Input(
            value,
            id=id,
            type="integer",
            validators=[Integer(minimum=0, failure_description=INTEGER_RULE)],
            validate_on=["submitted"],
        )
    return Input(value, id=id)


def typed_value(field: str, editor: Input) -> int | str:
    """What `editor` holds, as the value of `field` to send.

    Raises `ValueError` with the rule (to show at the field) when it breaks it.
    """
    raw = editor.value
    if field not in INTEGER_FIELDS:
        return raw
    result = editor.validate(raw)
    if result is not None and not result.is_valid:
        raise ValueError(INTEGER_RULE)
    return int(raw)


def shown_value(record: Download, field: str) -> int | str | bool:
    """A stored value as an editor shows it: store text with control characters
    spelled out, so an untouched field compares equal and is not sent back."""
    value = getattr(record, field)
    return visible(value) if isinstance(value, str) else value


def show_input_error(editor: Input, error: Static, message: str) -> None:
    """Show `message` in `error` under `editor` and mark the box invalid; an empty
    message hides both."""
    error.update(message)
    error.display = bool(message)
    editor.set_class(bool(message), "-invalid")
