"""Toggles whose state is read from their characters, not only from their colour.

Textual draws the box of a radio button, a checkbox and a selection list's
option as a coloured block with the same mark whether on or off: without colour
(`NO_COLOR`), or in a theme where the two colours are close, on and off look
alike. These draw `(*)` and `( )`, `[x]` and `[ ]` instead: ASCII, so that each
takes one cell in any terminal font. The mark keeps Textual's colours for its
state as a second cue; keys, messages and focus are Textual's.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import widgets
from textual.content import Content
from textual.strip import Strip
from textual.widgets.option_list import OptionDoesNotExist

SelectionType = TypeVar("SelectionType")


def _mark(on: bool, left: str, inner: str, right: str) -> tuple[str, str, str]:
    """A box's three cells: its sides, and between them `inner` when on, else a blank."""
    return left, inner if on else " ", right


def _with_box(button: widgets.RadioButton | widgets.Checkbox) -> Content:
    """The button's box, then its label: the box's sides in the text's colour, its
    inside in the colours Textual gives the button for its state."""
    left, inside, right = _mark(button.value, button.BUTTON_LEFT, button.BUTTON_INNER,
                                button.BUTTON_RIGHT)
    label = button.label.pad(1, 1).stylize_before(button.get_visual_style("toggle--label"))
    return Content.assemble(left, (inside, button.get_visual_style("toggle--button")), right,
                            label)


class RadioButton(widgets.RadioButton):
    """A radio button drawn `(*)` when chosen and `( )` when not; the box comes first."""

    BUTTON_LEFT = "("
    BUTTON_INNER = "*"
    BUTTON_RIGHT = ")"

    def render(self) -> Content:
        return _with_box(self)


class Checkbox(widgets.Checkbox):
    """A checkbox drawn `[x]` when ticked and `[ ]` when not; the box comes first."""

    BUTTON_LEFT = "["
    BUTTON_INNER = "x"
    BUTTON_RIGHT = "]"

    def render(self) -> Content:
        return _with_box(self)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


class YesNoCheckbox(Checkbox):
    """A yes/no setting, in place of a `Switch`, that says its state in words too:
    `[x] yes` or `[ ] no`. `value` is the bool; a change posts `Checkbox.Changed`."""

    def __init__(self, value: bool = False, *, id: str | None = None,
                 classes: str | None = None, disabled: bool = False) -> None:
        super().__init__(_yes_no(value), value, id=id, classes=classes, disabled=disabled)

    def watch_value(self) -> None:
        super().watch_value()
        self.label = _yes_no(self.value)


class CheckList(widgets.SelectionList[SelectionType]):
    """A selection list whose boxes read `[x]` when selected and `[ ]` when not."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        # The list draws its box in the line's first three cells, then a gap in
        # the option's colours; the box's styles say which option a click is on.
        side, text = _style_at(line, 0), _style_at(line, 3)
        sides = side + Style(color=text.color)
        left, mark, right = _mark(selection.value in self.selected, Checkbox.BUTTON_LEFT,
                                  Checkbox.BUTTON_INNER, Checkbox.BUTTON_RIGHT)
        box = Strip([Segment(left, sides), Segment(mark, _style_at(line, 1)),
                     Segment(right, sides)])
        return Strip.join([box, line.crop(3)])


def _style_at(line: Strip, cell: int) -> Style:
    segment = next(iter(line.crop(cell, cell + 1)), None)
    return Style() if segment is None or segment.style is None else segment.style
