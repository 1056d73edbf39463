"""The private parts of Textual that `tui.ui.textual_private` relies on are still there
and still mean the same: when Textual changes one, this fails and says which."""

from __future__ import annotations

import inspect

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

from tui.ui.textual_private import FooterKey, ReportsCrashes, class_bindings

CHANGED = "Textual changed {what}; tui/textual_private.py needs another way to {why}."


class Base(Widget):
    BINDINGS = [Binding("a", "one"), Binding("b", "two")]


class Child(Base, can_focus=True):
    BINDINGS = [Binding("b", "three"), Binding("c", "four")]


class Alone(Base, inherit_bindings=False):
    BINDINGS = [Binding("c", "four")]


def _actions(cls: type[DOMNode]) -> dict[str, list[str]]:
    bound = class_bindings(cls).key_to_bindings
    return {key: [binding.action for binding in bindings] for key, bindings in bound.items()}


def test_a_class_bindings_are_merged_along_its_bases() -> None:
    why = "read a class's bindings (the keymap check uses them)"
    assert "_merged_bindings" in vars(DOMNode), CHANGED.format(what="DOMNode._merged_bindings",
                                                                 why=why)
    assert _actions(Widget) == {}, CHANGED.format(what="the bindings of Widget", why=why)
    assert _actions(Child) == {"a": ["one"], "b": ["three"], "c": ["four"]}, CHANGED.format(
        what="how bindings are merged along base classes", why=why)
    assert _actions(Alone) == {"c": ["four"]}, CHANGED.format(what="inherit_bindings=False",
                                                              why=why)


async def test_the_merged_bindings_are_those_an_instance_has() -> None:
    class Showing(App[None]):
        def compose(self) -> ComposeResult:
            yield Child()

    app = Showing()
    async with app.run_test() as pilot:
        child = app.query_one(Child)
        child.focus()
        await pilot.pause()
        active = {key: binding.binding.action for key, binding in app.active_bindings.items()
                  if binding.node is child}
    assert active == {"a": "one", "b": "three", "c": "four"}, CHANGED.format(
        what="which bindings an instance starts with", why="read a class's bindings")


class Crashing(ReportsCrashes[None]):
    def __init__(self) -> None:
        super().__init__()
        self.reported: list[Exception | None] = []

    def report_crash(self, error: Exception | None) -> Text:
        self.reported.append(error)
        return Text("Crashing stopped.")


def test_an_unhandled_error_still_ends_the_app_through_fatal_error() -> None:
    why = "replace Textual's traceback after an unhandled error"
    fatal_error = vars(App).get("_fatal_error")
    assert callable(fatal_error), CHANGED.format(what="App._fatal_error", why=why)
    assert list(inspect.signature(fatal_error).parameters) == ["self"], CHANGED.format(
        what="the parameters of App._fatal_error", why=why)
    assert Crashing()._exception is None, CHANGED.format(what="App._exception", why=why)


async def test_an_unhandled_error_is_reported_in_the_app_s_words(
    capfd: pytest.CaptureFixture[str],
) -> None:
    app = Crashing()
    error = RuntimeError("boom")

    def explode() -> None:
        raise error

    with pytest.raises(RuntimeError):  # a test run hands the error back after the app ends
        async with app.run_test() as pilot:
            app.call_later(explode)
            await pilot.pause()
    printed = capfd.readouterr()
    shown = printed.out + printed.err
    why = "replace Textual's traceback after an unhandled error"
    assert app.reported == [error], CHANGED.format(
        what="which error App._exception holds when App._fatal_error runs", why=why)
    assert "Crashing stopped." in shown, CHANGED.format(what="App.panic", why=why)
    assert "Traceback" not in shown, CHANGED.format(what="what follows App._fatal_error", why=why)
    assert app.return_code == 1


def test_a_footer_key_is_made_as_the_footer_makes_it() -> None:
    why = "draw the footer's keys (the footer that fits the width uses them)"
    wanted = ["key", "key_display", "description", "action", "disabled", "tooltip", "classes"]
    names = list(inspect.signature(FooterKey.__init__).parameters)
    assert all(name in names for name in wanted), CHANGED.format(
        what="FooterKey's parameters", why=why)
