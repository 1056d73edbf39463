"""Widgets whose own keys act on them the moment a key arrives, so keys typed ahead
in one burst (as they arrive over SSH) land where the user meant them.

Textual hands each key to the focused widget's queue and looks the widget's
bindings up only once the key has bubbled to the app, against whatever has the
focus by then. When a Tab later in the burst has already moved the focus on, a
Backspace meant for one box deletes in the next. These widgets run the bindings
of their own class on the key they were given, before it bubbles; and a dialog's
Tab (`FocusInTurn`) waits until the focused widget has dealt with the keys typed
before it, then moves the focus before any key after it is handed out.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, cast

from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, RadioSet

from tui.ui.textual_private import class_bindings
from tui.ui.widgets.toggles import YesNoCheckbox


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


#: The longest a Tab waits for the keys before it, in seconds; they take microseconds.
_IN_TURN_WAIT = 1.0


class FocusInTurn:
    """Mixed into a dialog screen: Tab and shift+Tab move the focus in the order the
    keys were typed. A Space that switches S3 on, typed just before a Tab, has
    opened the key's box by the time the Tab looks for the next field."""

    async def action_focus_in_turn(self, step: int) -> None:
        screen = cast(Screen[Any], self)
        focused = screen.focused
        if focused is not None:
            handled = asyncio.Event()
            if focused.call_later(handled.set):  # queued behind the keys it was given
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(handled.wait(), _IN_TURN_WAIT)
        if step > 0:
            screen.focus_next()
        else:
            screen.focus_previous()


def focus_keys(screen: str) -> list[Binding]:
    """Tab and shift+Tab for a `FocusInTurn` dialog (`screen`: its bindings' id
    prefix). Priority bindings: the app runs them as the key arrives, before the
    keys typed after them are handed out."""
    return [
        Binding("tab", "focus_in_turn(1)", "Next field", show=False, priority=True,
                id=f"{screen}.next-field"),
        Binding("shift+tab", "focus_in_turn(-1)", "Previous field", show=False,
                priority=True, id=f"{screen}.previous-field"),
    ]
