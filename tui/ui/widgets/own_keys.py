"""Widgets whose own keys act on them the moment a key arrives, so keys typed ahead
in one burst (as they arrive over SSH) land where the user meant them.

Textual hands each key to the focused widget's queue and looks the widget's
bindings up only once the key has bubbled to the app, against whatever has the
focus by then. When a Tab later in the burst has already moved the focus on, a
Backspace meant for one box deletes in the next. These widgets run the bindings
of their own class on the key they were given, before it bubbles; and a dialog's
Tab (`FocusInTurn`) waits until the focused widget has dealt with the keys typed
before it, then moves the focus before any key after it is handed out.

An Esc glued to the key after it in one read ("\x1bq") is read by the terminal
parser as alt+q, which nothing here binds: `UnglueEscape` makes it Esc, then q.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, cast

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.keys import key_to_character
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
    """A yes/no box whose Space acts on it at once (Enter is the dialog's: next field)."""

    BINDINGS = [Binding("space", "toggle_button", "Switch", tooltip="Switch the yes/no "
                        "field (On Amazon S3) on or off", id="switch.toggle")]


#: The longest a Tab waits for the keys before it, in seconds; they take microseconds.
_IN_TURN_WAIT = 1.0


class FocusInTurn:
    """Mixed into a dialog screen: Tab and shift+Tab move the focus in the order the
    keys were typed. A Space that switches S3 on, typed just before a Tab, has
    opened the key's box by the time the Tab looks for the next field."""

    async def keys_typed_before(self) -> None:
        """Return once the focused widget has dealt with the keys it was given."""
        focused = cast(Screen[Any], self).focused
        if focused is not None:
            handled = asyncio.Event()
            if focused.call_later(handled.set):  # queued behind the keys it was given
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(handled.wait(), _IN_TURN_WAIT)

    async def action_focus_in_turn(self, step: int) -> None:
        screen = cast(Screen[Any], self)
        await self.keys_typed_before()
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


class UnglueEscape(App[Any]):
    """Mixed into the app: a key that came glued to an Esc, which no binding takes as
    alt+key, acts as Esc and then that key, each as if pressed on its own.

    The Esc runs where it means back or close (a binding of the screen in front), so
    the key after it goes to the screen that is in front then.
    """

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            after = unglued(event)
            if after is not None and event.key not in self.screen.active_bindings:
                await self._escape()
                event = after
        await super().on_event(event)

    async def _escape(self) -> None:
        """Run Esc's binding on the screen in front; with none, hand the key on."""
        active = self.screen.active_bindings.get("escape")
        if active is None or not await self.run_action(active.binding.action, active.node):
            await super().on_event(events.Key("escape", "\x1b"))


def unglued(key: events.Key) -> events.Key | None:
    """The key typed after an Esc that came in the same read as it ("\x1bq" is read as
    alt+q, "\x1bQ" as alt+shift+q), or None for any other key."""
    typed = key.key.removeprefix("alt+")
    if typed == key.key:
        return None
    if typed.startswith("shift+") and len(typed) == 7 and typed[-1].isalpha():
        typed = typed[-1].upper()
    character = key_to_character(typed)
    if character is None or len(character) != 1 or not character.isprintable():
        return None
    return events.Key(typed, character)
