"""How the list looks (columns, sort, rows per page, theme), remembered per store.

It goes to the state file through a `ViewMemory`, when the app is given one (never
to the config file, which is the user's). Each change is written a moment later,
from a thread (the event loop never waits on the disk), several quick changes in
one write; a failure to write is said once. Apart from the app, which only hands
it changes, flushes it on quitting and points it elsewhere on switching store.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import App

if TYPE_CHECKING:
    from textual.theme import Theme

    from tui.config.model import View
    from tui.config.state import ViewMemory
    from tui.ui.screens.downloads import DownloadsScreen

ReturnType = TypeVar("ReturnType")

#: How long a change of view waits for the next one before it is written.
VIEW_SAVE_DELAY = 0.5


class RemembersView(App[ReturnType]):
    """An app that opens in the theme of `view` (how the list looked last time) and
    saves each change of view to `view_memory` (None: nowhere)."""

    view: View | None
    view_memory: ViewMemory | None

    def __init__(self) -> None:
        super().__init__()
        #: Every change of view this session, merged into the saved view at each write.
        self._view_changes: dict[str, object] = {}
        self._view_saves = 0
        self._view_save_failed = False

    def _apply_theme(self) -> None:
        """The saved theme, or Textual's default when none is saved (or it is gone)."""
        from textual.constants import DEFAULT_THEME

        wanted = self.view.theme if self.view else None
        if wanted and wanted not in self.available_themes:
            self.notify(f"The saved theme {wanted!r} is not available; using {DEFAULT_THEME!r}.",
                        severity="warning", markup=False)
            wanted = None
        self._theme_shown = wanted or DEFAULT_THEME
        self.theme = self._theme_shown

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self._theme_shown:
            self._theme_shown = theme.name
            self.remember_view(theme=theme.name)

    def on_downloads_screen_view_changed(self, event: DownloadsScreen.ViewChanged) -> None:
        self.remember_view(**event.changes)

    def remember_view(self, **changes: object) -> None:
        """Save `changes` to the view (soon, with any that follow them at once)."""
        if self.view_memory is None:
            return
        self._view_changes.update(changes)
        self._view_saves += 1
        self._save_view(self.view_memory)

    @work(exclusive=True, group="remember-view", exit_on_error=False,
          description="Remembering the view")
    async def _save_view(self, memory: ViewMemory) -> None:
        await asyncio.sleep(VIEW_SAVE_DELAY)  # a newer change cancels this one here
        await self._write_view(memory)

    async def _write_view(self, memory: ViewMemory) -> None:
        """Write every change so far, in a thread; a failure is said once."""
        try:
            await asyncio.to_thread(memory.save, dict(self._view_changes), self._view_saves)
        except OSError as problem:
            if not self._view_save_failed:
                self._view_save_failed = True
                self.notify(f"The view is not remembered: {problem.strerror or problem} "
                            f"({memory.state.path})", severity="warning", markup=False,
                            timeout=10)

    async def _flush_view(self) -> None:
        """Write what a waiting save would have written (on quitting or switching)."""
        memory = self.view_memory
        if memory is not None and self._view_changes:
            self.workers.cancel_group(self, "remember-view")
            await self._write_view(memory)

    async def _forget_view(self) -> None:
        """Write what is waiting, then remember no change until `view_memory` is set
        again (for the store switched to)."""
        await self._flush_view()
        self._view_changes = {}
        self.view_memory = None
