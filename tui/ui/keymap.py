"""The `[keys]` table of the config file: binding ids remapped to other keys.

Textual applies a keymap one namespace (widget, screen, app) at a time, so it
cannot see that a remapped key is also bound by another namespace active on the
same screen, where one of the two would silently never run. This module checks
that first: it collects every binding of this app from its classes (every
screen in `tui.ui.screens`, the widgets each screen's module uses, and the app),
and leaves out, with a warning, each remap that names no binding or that would
share a key with another binding on one screen. Importing every screen costs a
little, so this only runs when the config file remaps something.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from tui.ui.textual_private import class_bindings

_OWN_PACKAGE = "tui."


@dataclass(frozen=True)
class Bound:
    """One key of one binding, and the class that declares it."""

    key: str
    binding: Binding
    owner: type[DOMNode]

    @property
    def name(self) -> str:
        """The binding id, or what the binding does (Textual's own have no id)."""
        if self.binding.id:
            return self.binding.id
        what = self.binding.description or self.binding.action
        return f"{what!r} ({self.owner.__name__}, built in)"


#: Each screen class, with every binding active on it.
Places = list[tuple[type[Screen[object]], list[Bound]]]


@dataclass(frozen=True)
class KeymapCheck:
    """The remaps that can be applied, and a sentence for each that cannot."""

    applied: dict[str, str]
    problems: tuple[str, ...]


def screen_classes() -> list[type[Screen[object]]]:
    """Every screen class of this app, found by importing each module of `tui.ui.screens`
    (and of `tui.ui.widgets`, so a widget only imported where it is used is known too)."""
    import tui.ui.screens
    import tui.ui.widgets

    for package in (tui.ui.screens, tui.ui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    return [cls for cls in _subclasses(Screen) if cls.__module__.startswith(_OWN_PACKAGE)]


def _subclasses(base: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for cls in base.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def widgets_of(screen: type[Screen[object]]) -> list[type[Widget]]:
    """This app's widgets (with keys of their own) that a screen's module uses."""
    found = vars(sys.modules[screen.__module__]).values()
    return [
        cls for cls in found
        if isinstance(cls, type) and issubclass(cls, Widget) and not issubclass(cls, Screen)
        and cls.__module__.startswith(_OWN_PACKAGE) and _bindings_of(cls)
    ]


def _bindings_of(cls: type[DOMNode]) -> list[Bound]:
    """Every key bound by `cls`, its base classes' (Textual's own) included."""
    return [Bound(key, binding, cls)
            for key, bindings in class_bindings(cls).key_to_bindings.items()
            for binding in bindings]


def _app_bindings(app: type[App[object]]) -> list[Bound]:
    found = _bindings_of(app)
    declared = any(item.binding.action == "command_palette" for item in found)
    if app.ENABLE_COMMAND_PALETTE and not declared:  # then App adds one itself
        palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Command palette")
        found.append(Bound(app.COMMAND_PALETTE_BINDING, palette, app))
    return found


def screens_and_bindings(app: type[App[object]]) -> Places:
    """Each screen with every binding active on it: its widgets', its own and the
    app's (under a modal dialog, only the app's priority ones: it stops the others)."""
    places = []
    for screen in screen_classes():
        nodes: list[type[DOMNode]] = [*widgets_of(screen), screen]
        bound = [item for node in nodes for item in _bindings_of(node)]
        modal = issubclass(screen, ModalScreen)
        bound += [item for item in _app_bindings(app) if item.binding.priority or not modal]
        places.append((screen, bound))
    return places


def binding_ids(places: Places) -> set[str]:
    """Every binding id of the app: on its screens, and of every widget it defines."""
    widgets = [cls for cls in _subclasses(Widget)
               if cls.__module__.startswith(_OWN_PACKAGE) and not issubclass(cls, Screen)]
    bound = [item for _, on_screen in places for item in on_screen]
    bound += [item for cls in widgets for item in _bindings_of(cls)]
    return {item.binding.id for item in bound if item.binding.id}


#: Binding ids of earlier versions, and what they are called now.
RENAMED = {"downloads.restore": "downloads.undo"}


def check_keymap(keymap: Mapping[str, str], app: type[App[object]]) -> KeymapCheck:
    """Which remaps of `keymap` (id -> key string) to apply, and what is wrong with
    the others: an unknown id, or a key another binding on the same screen keeps."""
    places = screens_and_bindings(app)
    known = binding_ids(places)
    problems = []
    applied = {}
    for binding_id, keys in keymap.items():
        if binding_id in RENAMED:
            problems.append(f"[keys] {binding_id!r} is now called {RENAMED[binding_id]!r}; "
                            "applied, but write the new name")
            binding_id = RENAMED[binding_id]
        if binding_id in known:
            applied[binding_id] = _key_names(keys)
            continue
        close = difflib.get_close_matches(binding_id, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        problems.append(f"[keys] {binding_id!r} is not a binding id; {hint}"
                        f"the help screen (?) lists every id")
    while clash := _first_clash(applied, places):
        key, screen, names, remapped = clash
        for binding_id in remapped:
            del applied[binding_id]
        problems.append(
            f"[keys] {' and '.join(names)} would share the key {key!r} on the "
            f"{screen.TITLE or screen.__name__} screen; not applied: {', '.join(remapped)} "
            f"(its default key stays)"
        )
    return KeymapCheck(applied, tuple(problems))


def _key_names(keys: str) -> str:
    """`keys` as Textual binds them, a single character by its name ("question_mark"
    for "?"), so that a remap is compared with the keys bindings have."""
    return ",".join(binding.key for binding in Binding.make_bindings([Binding(keys, "")]))


def _first_clash(
    keymap: Mapping[str, str], places: Places
) -> tuple[str, type[Screen[object]], list[str], list[str]] | None:
    """(key, screen, what is on the key, the remapped ids among them) for the first
    key that two bindings would share because of a remap."""
    for screen, bound in places:
        on_key: dict[str, dict[str, Bound]] = {}
        for item in bound:
            binding_id = item.binding.id
            keys = keymap[binding_id].split(",") if binding_id in keymap else [item.key]
            for key in keys:
                on_key.setdefault(key, {})[item.name] = item
        for key, items in on_key.items():
            remapped = [item for item in items.values() if item.binding.id in keymap]
            others = [item for item in items.values()
                      if item not in remapped and not _replaced(item, remapped)]
            if remapped and len(remapped) + len(others) > 1:
                return (key, screen, [item.name for item in remapped + others],
                        [item.name for item in remapped])
    return None


def _replaced(item: Bound, remapped: list[Bound]) -> bool:
    """Whether a remap takes `item`'s key over without loss: Textual drops an unnamed
    binding (e.g. the table's own `down`) for a remap onto its key in the same class."""
    return item.binding.id is None and any(other.owner is item.owner for other in remapped)
