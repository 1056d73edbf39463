"""`[keys]`: binding ids remapped to other keys; what cannot be remapped is said at start."""

from __future__ import annotations


import pytest
from textual.widgets import DataTable

from tests.conftest import EXAMPLE_CONFIG
from tests.ui.support import help_rows, notes, screen_text, settle, started
from tui.ui.app import EasyCartApp
from tui.config import ConfigLocation, load
from tui.ui.keymap import binding_ids, check_keymap, screens_and_bindings
from tui.ui.screens.help import HelpScreen



def _pages(sandbox) -> list[str]:
    return [params["page"] for params in sandbox.transport.list_params()]


async def test_a_remapped_key_works_and_its_default_no_longer_does(sandbox) -> None:
    app = sandbox.app(keymap={"downloads.next-page": "l"})
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert _pages(sandbox) == ["1"]
        await pilot.press("l")
        await settle(pilot)
        assert _pages(sandbox) == ["1", "2"]
        assert not notes(app)


async def test_two_bindings_may_swap_keys(sandbox) -> None:
    app = sandbox.app(keymap={"downloads.next-page": "p", "downloads.previous-page": "n"})
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("p", "p", "n")
        await settle(pilot)
        assert _pages(sandbox)[-1] == "2" and "3" in _pages(sandbox)
        assert not notes(app)


async def test_help_shows_the_keys_in_force_and_their_ids(sandbox) -> None:
    app = sandbox.app(keymap={"downloads.next-page": "l", "table.down": "down,ctrl+j"})
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        grid = app.screen.query_one("#help-keys", DataTable)
        assert [str(column.label) for column in grid.ordered_columns] == [
            "Key", "Does", "Id in [keys]"]
        listed = {binding_id or does: key for key, does, binding_id in help_rows(app)}
        assert listed["downloads.next-page"] == "l"
        assert listed["table.next-page"] == "pgdn"
        assert listed["table.down"] == "↓ ^j"
        assert listed["downloads.columns"] == "v"
        await pilot.press("escape")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "l Next" in footer and "n Next" not in footer


async def test_an_unknown_id_is_reported_at_start(sandbox) -> None:
    app = sandbox.app(keymap={"downloads.nxt-page": "l", "downloads.add": "plus_sign"})
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        warning = next(note for note in notes(app) if "nxt-page" in note)
        assert "is not a binding id" in warning and "did you mean 'downloads.next-page'" in warning
        await pilot.press("n")  # nothing else changed
        await settle(pilot)
        assert _pages(sandbox) == ["1", "2"]


async def test_a_renamed_id_still_applies_and_says_its_new_name(sandbox) -> None:
    app = sandbox.app(keymap={"downloads.restore": "U"})
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert ("[keys] 'downloads.restore' is now called 'downloads.undo'; applied, but "
                "write the new name") in " ".join(notes(app))
        await pilot.press("U")
        await settle(pilot)
        assert type(app.screen).__name__ == "HistoryScreen"


@pytest.mark.parametrize(
    ("keymap", "words"),
    [
        # The screen's own bindings.
        ({"downloads.next-page": "p"}, ["downloads.next-page and downloads.previous-page",
                                        "'p'", "on the Downloads screen"]),
        # The table's (the focused widget) and the screen's.
        ({"downloads.next-page": "j"}, ["downloads.next-page", "table.down", "'j'"]),
        # The app's and the screen's.
        ({"downloads.add": "question_mark"}, ["downloads.add", "app.help", "'question_mark'"]),
        # A key Textual's table keeps for itself.
        ({"downloads.next-page": "right"}, ["downloads.next-page", "'Cursor right'",
                                            "built in", "'right'"]),
    ],
)
async def test_a_conflict_is_reported_at_start_and_not_applied(sandbox, keymap, words) -> None:
    app = sandbox.app(keymap=keymap)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        warning = next(note for note in notes(app) if "would share the key" in note)
        assert all(word in warning for word in words), warning
        assert "not applied" in warning
        await pilot.press("n")  # the default key still works
        await settle(pilot)
        assert _pages(sandbox) == ["1", "2"]


def test_every_binding_id_is_collected_from_the_classes() -> None:
    ids = binding_ids(screens_and_bindings(EasyCartApp))
    assert {"app.help", "downloads.next-page", "downloads.columns", "table.down", "detail.edit",
            "form.save", "help.close", "columns.close", "confirm.yes"} <= set(ids)
    assert all(identifier.count(".") == 1 for identifier in ids)


def test_the_example_config_remaps_cleanly() -> None:
    keys = load(ConfigLocation(EXAMPLE_CONFIG, "--config", explicit=True)).config.keys
    assert keys
    checked = check_keymap(keys, EasyCartApp)
    assert checked.problems == () and checked.applied == keys


def test_a_key_given_as_its_character_is_checked_under_its_name() -> None:
    checked = check_keymap({"downloads.add": "?", "downloads.next-page": "l, ;"}, EasyCartApp)
    assert checked.applied == {"downloads.next-page": "l,semicolon"}
    assert checked.problems == (
        "[keys] downloads.add and app.help would share the key 'question_mark' on the "
        "Downloads screen; not applied: downloads.add (its default key stays)",)


@pytest.mark.parametrize(("keymap", "screen"), [
    ({"confirm.yes": "?"}, "Confirm"),  # the help answers `?` in a dialog too
    ({"app.help": "t"}, "Changed in the store"),  # t takes the store's version there
    ({"conflict.keep-mine": "ctrl+z"}, "Changed in the store"),  # ctrl+z suspends anywhere
])
def test_the_app_s_priority_keys_count_in_dialogs(keymap: dict[str, str], screen: str) -> None:
    checked = check_keymap(keymap, EasyCartApp)
    assert checked.applied == {}
    [problem] = checked.problems
    assert f"on the {screen} screen" in problem, problem
