"""The private parts of Textual this app relies on, because Textual has no public way
to do the same.

Kept in this one module so that `tests/test_textual_private.py` checks each against
the installed Textual: a rename or a change of meaning fails there, by name, instead
of leaving the app to show tracebacks again or to misjudge which keys clash.

- `DOMNode._merged_bindings`: a class's bindings merged with its bases', as every
  instance starts with them. The keymap is checked before any screen exists.
- `App._fatal_error` and `App._exception`: what Textual does, and with which error,
  when no handler caught an exception. Textual prints a traceback that shows the
  local variables of each frame; this app prints one line instead.
- `textual.widgets._footer.FooterKey`: one key of the footer, as Textual's own footer
  draws it. The footer that fits the width lays out these, a few of them.
"""

from __future__ import annotations

from typing import TypeVar

from rich.console import RenderableType
from textual.app import App
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.widgets._footer import FooterKey

ReturnType = TypeVar("ReturnType")

__all__ = ["FooterKey", "ReportsCrashes", "class_bindings"]


def class_bindings(cls: type[DOMNode]) -> BindingsMap:
    """The bindings of `cls` and of its bases, merged as Textual merges them."""
    merged = cls._merged_bindings
    return BindingsMap() if merged is None else merged  # None on DOMNode itself


class ReportsCrashes(App[ReturnType]):
    """An app that says in its own words why it stopped after an unexpected error."""

    def report_crash(self, error: Exception | None) -> RenderableType:
        """Keep what is needed about `error`, the first one no handler caught, and
        return what to print once the app has gone."""
        raise NotImplementedError

    def _fatal_error(self) -> None:
        # Textual's own rings the bell, keeps its traceback for printing and closes.
        self.bell()
        self.panic(self.report_crash(self._exception))
