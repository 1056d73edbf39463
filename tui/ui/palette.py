"""Command palette entries: whatever the current screen can do, store profiles,
which columns the list shows, and "go to" a page or download typed as
"page 12" or "id 5a3k9x".

Screen actions are built from the screen's active bindings, so every action with
a key is also reachable by name ("Sort by count", "Refresh", "Add", …) and stays
in step with the keys.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Iterator
from functools import partial

from textual.app import App
from textual.binding import ActiveBinding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.core.text import visible
from tui.ui.keys_in_force import said

#: An entry of the palette: its title, its help line, and what picking it runs.
Entry = tuple[str, str, Callable[[], object]]


class EntriesProvider(Provider):
    """A provider whose entries are all known as the palette opens: each is
    listed before anything is typed, and matched by its title after."""

    def entries(self) -> Iterable[Entry]:
        """The entries offered from the current screen."""
        raise NotImplementedError

    async def startup(self) -> None:
        # Once per opening, not per key typed: the profiles' come from the config file.
        self._entries = list(self.entries())

    async def discover(self) -> Hits:
        for title, help_text, run in self._entries:
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._entries:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)


class ScreenActionsProvider(EntriesProvider):
    """Offers the bound actions of the screen the palette was opened from."""

    def entries(self) -> Iterator[Entry]:
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            description = said(active.binding) if active.binding.description else ""
            # Only this app's own bindings (they have ids), not Textual's built-in ones.
            if active.binding.id is None or not description or description in seen:
                continue
            seen.add(description)
            yield (description, f"key: {self.app.get_key_display(active.binding)}",
                   self._run(active))

    def _run(self, active: ActiveBinding) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.app.run_action(active.binding.action, active.node)

        return run


class ProfilesProvider(EntriesProvider):
    """Offers "Switch to profile NAME" for every other profile in the config file.

    Only from the list screen: switching replaces it, and a half-filled form
    elsewhere must not be thrown away by a palette pick.
    """

    def entries(self) -> list[Entry]:
        from tui.ui.screens.downloads import DownloadsScreen

        if not isinstance(self.screen, DownloadsScreen):
            return []
        return [
            (f"Switch to profile {name}", "reconnect to that store",
             partial(self.app.switch_profile, name))  # type: ignore[attr-defined]
            for name in other_profiles(self.app)
        ]


def other_profiles(app: App[object]) -> list[str]:
    """The profiles of the config file but the one in use; none when it cannot be read."""
    from tui.config import ConfigError

    profiles = getattr(app, "profiles", None)
    if profiles is None:
        return []
    try:
        names = profiles.names()
    except ConfigError:
        return []
    return [name for name in names if name != getattr(app, "profile_name", None)]


def choose_profile(app: App[object]) -> None:
    """The other profiles, in a palette of their own (`P` on the list)."""
    from textual.command import CommandPalette

    if not other_profiles(app):
        app.notify("There is no other profile to switch to: a profile is a store in the "
                   "config file (easycart-tui config init adds one).", markup=False)
        return
    app.push_screen(CommandPalette(providers=[ProfilesProvider],
                                   placeholder="Switch to profile…"))


class ColumnsProvider(EntriesProvider):
    """Offers "Toggle column NAME" for every column but the id, on the list screen."""

    def entries(self) -> list[Entry]:
        from tui.core.fields import ALWAYS_SHOWN, LABELS
        from tui.ui.screens.downloads import DownloadsScreen

        screen = self.screen
        if not isinstance(screen, DownloadsScreen):
            return []
        return [
            (f"Toggle column {label}", "shown; hide it" if field in screen.columns
             else "hidden; show it", partial(screen.toggle_column, field))
            for field, label in LABELS.items()
            if field != ALWAYS_SHOWN
        ]


_PAGE_QUERY = re.compile(r"(?:go\s*to\s+)?page\s*(\d{1,9})", re.IGNORECASE | re.ASCII)
_ID_QUERY = re.compile(r"(?:go\s*to\s+)?(?:id|download)\s+(\S{1,191})",
                       re.IGNORECASE | re.ASCII)


class GoToProvider(Provider):
    """Turns a typed "page 12" into "Go to page 12", and "id 5a3" (or "download
    5a3") into "Go to download 5a3", on the list screen."""

    async def search(self, query: str) -> Hits:
        from tui.ui.screens.downloads import DownloadsScreen

        screen = self.screen
        if not isinstance(screen, DownloadsScreen):
            return
        typed = query.strip()
        if (page := _PAGE_QUERY.fullmatch(typed)) and int(page.group(1)) >= 1:
            number = int(page.group(1))
            title = f"Go to page {number}"
            yield Hit(1.0, title, partial(screen.go_to_page, number), text=title,
                      help="show that page of the list")
        if download := _ID_QUERY.fullmatch(typed):
            download_id = download.group(1)
            title = f"Go to download {visible(download_id)}"
            yield Hit(1.0, title, partial(screen.go_to_id, download_id), text=title,
                      help="open that download")
