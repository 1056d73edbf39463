"""The keys a screen answers to, as its footer, its help and the palette show them.

Apart from `tui.ui.keymap` (the `[keys]` check, which imports every screen), so the
footer on the first screen loads none of that.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import ActiveBinding, Binding, BindingsMap
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget

from tui.ui.textual_private import class_bindings


def said(binding: Binding) -> str:
    """What a binding does, in full: its tooltip where the footer's description is
    short, for the help and the palette."""
    return binding.tooltip or binding.description or binding.action


def in_force(screen: Screen[Any]) -> list[ActiveBinding]:
    """This app's own keys on `screen`, for its footer and help: Textual's generic ones
    (they have no id: "Cursor left", an input's editing keys) are left out.

    In order: the bindings active there (the focused widget's, then the screen's); the
    keys of the screen's other fields, which answer once the field has the focus (the
    S3 switch's `space` in the form); then the app's. Textual leaves the app's out on
    a dialog, though its priority keys (help, quit) answer there too.
    """
    app = screen.app
    active = [item for item in screen.active_bindings.values() if item.binding.id]
    keys = {item.binding.key for item in active}
    chain = [*screen.focused.ancestors_with_self] if screen.focused else [screen]

    def declared(item: ActiveBinding) -> tuple[int, int]:
        """The item's node's place in the chain, and its binding's in the node's class:
        a dialog's priority Enter replaces its text box's at the box's place, and a
        remapped key moves to the end of its node's map."""
        order = [binding.id for _, binding in class_bindings(type(item.node))]
        place = order.index(item.binding.id) if item.binding.id in order else len(order)
        return chain.index(item.node) if item.node in chain else 0, place

    own = sorted((item for item in active if item.node is not app), key=declared)
    for widget in screen.query(Widget):
        if widget is not screen.focused and widget.focusable:
            own += _not_yet(keys, [ActiveBinding(widget, binding, True, binding.tooltip)
                                   for binding in _remapped(type(widget), app)])
    on_app = [item for item in active if item.node is app]
    if screen.is_modal:
        on_app += _not_yet(keys, [ActiveBinding(app, binding, True, binding.tooltip)
                                  for binding in _remapped(type(app), app) if binding.priority
                                  and not _consumed(screen, binding.key)])
    return own + on_app


def _remapped(cls: type[DOMNode], app: App[Any]) -> list[Binding]:
    """The bindings of `cls` that have an id, with the keys the app remapped them to."""
    bindings = BindingsMap([binding for _, binding in class_bindings(cls)])
    bindings.apply_keymap(getattr(app, "remapped", {}))
    return [binding for _, binding in bindings if binding.id]


def _not_yet(keys: set[str], found: list[ActiveBinding]) -> list[ActiveBinding]:
    """Those of `found` on a key not in `keys`, which then holds theirs too."""
    new = [item for item in found if item.binding.key not in keys]
    keys.update(item.binding.key for item in new)
    return new


def _consumed(screen: Screen[Any], key: str) -> bool:
    """Whether the focused widget takes `key` for itself (a text box types `?`)."""
    focused = screen.focused
    return focused is not None and focused.check_consume_key(key, key_to_character(key))
