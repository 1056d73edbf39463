"""The text box for one writable field, and how a problem with what was typed is
shown under the box.

Shared by the form and the dialogs, so a value is checked (by `tui.core.rules`), and a
problem shown, the same way wherever it is typed, before anything is sent. A
number box takes any character, so a letter typed or pasted by mistake is shown
and named under the box instead of vanishing without a word.
"""

from __future__ import annotations

from textual.widgets import Input, Static

from tui.api.models import INTEGER_FIELDS, Download
from tui.core.rules import Refused, parse_value
from tui.core.text import visible
from tui.ui.widgets.own_keys import TypedAheadInput


def field_input(value: str, *, id: str) -> Input:
    """A text box for a field, starting with `value`."""
    return TypedAheadInput(value, id=id)


def problem_as_typed(field: str, text: str) -> str:
    """What is wrong with `text` so far, to show while typing: a number box that
    holds something other than digits; nothing for a box still empty."""
    if field not in INTEGER_FIELDS or not text.strip():
        return ""
    try:
        parse_value(field, text)
    except Refused as problem:
        return str(problem)
    return ""


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
