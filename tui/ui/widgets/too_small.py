"""A note that covers a screen while the terminal is too small for it.

Textual lays a screen out in whatever room it gets, so below the size a screen
is made for, a dialog is cut off, its Save button out of sight, without a word.
The note says how large the terminal must be instead, and goes away by itself
once it is: the screen beneath is only hidden, never closed, so nothing on it
(a half-filled form) is lost. While shown, the note takes the keys, so that none
acts on what cannot be seen; Esc goes through, to close a dialog, and the
app-wide keys (ctrl+q quits) still work.

The note is mounted into a screen the first time that screen is too small: the
screens are not this module's, and a screen of its own, pushed on top, would
take the place of the screen beneath whenever that one is dismissed.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.geometry import Size
from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.widgets.input import Selection

#: The list and the detail screen still read well at this size (the table keeps
#: its id column; the detail wraps and scrolls).
SCREEN_LEAST = Size(60, 10)
#: A dialog needs this: the add/edit form with an error under each field, the
#: delete confirm and the export dialog are each about 21 rows high, 60 wide.
DIALOG_LEAST = Size(60, 24)


def is_dialog(screen: Screen[Any]) -> bool:
    """Whether `screen` is one of this app's dialogs (Textual's own, such as the
    command palette, fit any size)."""
    return isinstance(screen, ModalScreen) and not isinstance(screen, SystemModalScreen)


class TooSmall(Static, can_focus=True):
    """Covers its screen, saying how large the terminal must be."""

    DEFAULT_CSS = """
    TooSmall {
        overlay: screen;
        position: absolute;
        width: 100vw;
        height: 100vh;
        padding: 1 2;
        content-align: center middle;
        text-align: center;
        background: $background;
        color: $text;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="too-small", markup=False)
        #: What had the focus on the screen before the note took it.
        self._focused_before: Widget | None = None
        #: Where the cursor was in that text box, if it is one.
        self._selection: Selection | None = None

    def cover(self, screen: Screen[Any], least: Size, size: Size) -> None:
        """Cover `screen`, saying it needs `least` where the terminal is `size`."""
        if is_dialog(screen):
            what, keys = "this dialog needs", "What it holds is kept. Esc closes it; ctrl+q quits."
        else:
            what, keys = "the app needs", "ctrl+q quits."
        self.update(f"Make the terminal larger: {what} at least {least.width}×{least.height} "
                    f"(now {size.width}×{size.height}).\n\n{keys}")
        if self.display and screen.focused is self:
            return
        self._focused_before = before = screen.focused
        self._selection = before.selection if isinstance(before, Input) else None
        self.display = True
        self.focus()

    def uncover(self, screen: Screen[Any]) -> None:
        """Show `screen` again, the focus back where it was."""
        if not self.display:
            return
        self.display = False
        before = self._focused_before
        if before is None or not before.is_attached:
            return
        screen.set_focus(before)
        if isinstance(before, Input) and self._selection is not None:
            # A text box selects all it holds as it gets the focus, for the next key
            # to replace; put its cursor back where it was instead, once it has it.
            before.call_later(setattr, before, "selection", self._selection)

    def on_key(self, event: events.Key) -> None:
        if event.key != "escape":
            event.stop()
            event.prevent_default()

    def on_blur(self) -> None:
        # A key bound before any widget sees it (Tab in a form) moved the focus to
        # what is covered: take it back.
        if self.display:
            self.focus()


def fit_to_terminal(app: App[Any], size: Size) -> None:
    """Cover each screen of `app` that a terminal of `size` is too small for, and
    uncover the others."""
    for screen in app.screen_stack:
        if not screen.is_mounted:
            continue  # covered, if need be, once it is the current screen (see the app)
        least = DIALOG_LEAST if is_dialog(screen) else SCREEN_LEAST
        note = next(iter(screen.query_children(TooSmall)), None)
        if size.width >= least.width and size.height >= least.height:
            if note is not None:
                note.uncover(screen)
            continue
        if note is None:
            note = TooSmall()
            screen.mount(note)
        note.cover(screen, least, size)
