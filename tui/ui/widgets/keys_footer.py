"""The footer: the keys of the screen in front, as many as the width holds, whole.

A screen lists its bindings most used first. Textual's footer shows every binding
marked `show` and lets the line run off the edge, cutting a key in half. This one
shows the screen's own keys (`tui.ui.keys_in_force.in_force`), the always-shown ones
(`ALWAYS_SHOWN`: help, quit, the way back) and then the others in order while they
fit, and lays itself out again when the terminal is resized. Under a dialog that
has no footer of its own, the screen's footer shows the dialog's keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widgets import Footer

from tui.ui.keys_in_force import in_force
from tui.ui.textual_private import FooterKey

#: Binding ids the footer shows at any width: the way to help, out and back.
ALWAYS_SHOWN = frozenset({
    "app.help", "downloads.quit", "detail.back", "form.save", "form.cancel",
    "field-edit.save", "field-edit.cancel", "confirm.yes", "confirm.cancel", "help.close",
})
#: The command palette's key comes after this many of the screen's other keys.
PALETTE_RANK = 8
#: Each key's gap to the next; the palette's key also has a bar before it.
_GAP, _PALETTE_BAR = 1, 1


def key_width(key_display: str, description: str) -> int:
    """The cells a compact footer key takes: the key, a space, what it does, a gap."""
    return cell_len(key_display) + (1 + cell_len(description) if description else 0) + _GAP


class KeysFooter(Footer, inherit_bindings=False):
    """A compact footer that shows whole keys only, most used first. It never has the
    focus, so it binds no keys (a scrolling container's would clash in `[keys]`)."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        #: What the keys shown say, to lay them out again only when that changes:
        #: a new layout mounts every key anew, and bindings change at each focus move.
        self._shown: tuple[object, ...] = ()
        #: The keys that fit as last worked out, for the layout that follows.
        self._fitted: tuple[list[ActiveBinding], ActiveBinding | None] | None = None

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        self.call_after_refresh(self._refit)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if screen.app.app_focus:
            self.call_after_refresh(self._refit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self._bindings_ready and self.is_attached:
            self._fitted = self._fit()
            if _said(*self._fitted) != self._shown:
                self.refresh(recompose=True)

    @property
    def shown_screen(self) -> Screen[Any]:
        """The dialog in front of this footer's screen, if any, else its screen."""
        front = self.app.screen
        return front if front.is_modal and front is not self.screen else self.screen

    def _fit(self) -> tuple[list[ActiveBinding], ActiveBinding | None]:
        return fitting(self.shown_screen, self.size.width or self.app.size.width,
                       self.app.get_key_display)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self._fitted or self._fit()
        self._fitted = None
        self._shown = _said(keys, palette)
        for active in keys:
            yield self._key(active)
        if palette is not None:
            yield self._key(palette, classes="-command-palette")

    def _key(self, active: ActiveBinding, classes: str = "") -> FooterKey:
        binding = active.binding
        return FooterKey(binding.key, self.app.get_key_display(binding), binding.description,
                         binding.action, disabled=not active.enabled,
                         tooltip=active.tooltip or binding.tooltip, classes=classes,
                         ).data_bind(compact=Footer.compact)


def _said(keys: list[ActiveBinding], palette: ActiveBinding | None) -> tuple[object, ...]:
    """What a footer of `keys` and `palette` shows, as a value to compare."""
    return tuple((active.binding.key, active.binding.description, active.enabled)
                 for active in [*keys, *([palette] if palette else [])])


def fitting(screen: Screen[Any], width: int, display: Callable[[Binding], str],
            ) -> tuple[list[ActiveBinding], ActiveBinding | None]:
    """The keys of `screen` a footer `width` cells wide shows, in their order, and the
    command palette's key if it fits too; `display` names a binding's key."""
    shown: dict[str, ActiveBinding] = {}  # one key for each action, the first bound
    palette = None
    for active in in_force(screen):
        if active.binding.action == "command_palette":
            palette = palette or active
        elif active.binding.show:
            shown.setdefault(active.binding.action, active)
    keys = list(shown.values())
    kept = [active for active in keys if active.binding.id in ALWAYS_SHOWN]
    others = [active for active in keys if active not in kept]
    ranked = [*others[:PALETTE_RANK], *([palette] if palette else []), *others[PALETTE_RANK:]]

    def cells(active: ActiveBinding) -> int:
        bar = _PALETTE_BAR if active is palette else 0
        return bar + key_width(display(active.binding), active.binding.description)

    room = width - sum(cells(active) for active in kept)
    chosen = []
    for active in ranked:
        if cells(active) > room:
            break  # most used first: nothing after a key that does not fit
        room -= cells(active)
        chosen.append(active)
    return ([active for active in keys if active in kept or active in chosen],
            palette if palette in chosen else None)
