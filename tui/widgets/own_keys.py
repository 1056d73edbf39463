"""Widgets whose own keys act on them the moment a key arrives, so keys typed ahead
in one burst (as they arrive over SSH) land where the user meant them.

Textual looks a widget's bindings up only once the key has bubbled to the app,
and then along whatever has the focus by then. When a Tab later in the burst has
already moved the focus on, a Backspace meant for one box deletes in the next.
These widgets run the bindings of their own class on the key they were given,
before it bubbles; and the dialogs move the focus on Tab as the key arrives
(`focus_keys`), so the keys after it go to the next field.
"""

from __future__ import annotations

from typing import cast

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, RadioSet

from tui.textual_private import class_bindings
from tui.widgets.toggles import YesNoCheckbox


class OwnKeysFirst:
    """Mixed in before a Textual widget class: the bindings of the widget's class act
    on it as a key arrives, before the key bubbles."""

    async def handle_key(self, event: events.Key) -> bool:
        widget = cast(Widget, self)
        for binding in class_bindings(type(widget)).key_to_bindings.get(event.key, ()):
            if not binding.priority and await widget.app.run_action(binding.action, widget):
                event.stop()
                return True
        return cast(bool, await super().handle_key(event))  # type: ignore[misc]


class TypedAheadInput(OwnKeysFirst, Input):
    """A text box whose editing keys (Backspace, arrows, …) act on it at once."""


class TypedAheadRadioSet(OwnKeysFirst, RadioSet):
    """A choice whose arrows and Space act on it at once."""


class TypedAheadYesNo(OwnKeysFirst, YesNoCheckbox):
    """A yes/no box whose Space and Enter act on it at once."""


def focus_keys(screen: str) -> list[Binding]:
    """Tab and shift+Tab for a dialog `screen` (its bindings' id prefix), moving the
    focus as the key arrives, before the keys typed after it are handed out."""
    return [
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True,
                id=f"{screen}.next-field"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False,
                priority=True, id=f"{screen}.previous-field"),
    ]
