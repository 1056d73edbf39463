"""Marks: kept by id across pages, sorts and searches, shown in the table and the
status line, and absent from the look of the table while nothing is marked."""

from __future__ import annotations

from tests.conftest import Sandbox
from tests.ui.support import (
    column,
    labels,
    marked_on_screen,
    notes,
    one_unreadable_entry_then_abc123,
    paste,
    settle,
    started,
    status,
    table,
)






async def test_space_marks_moves_down_and_unmarks(sandbox: Sandbox) -> None:
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        ids = column(pilot.app, 0)
        assert labels(pilot.app) == [""] * len(ids)
        await pilot.press("space", "space")
        assert table(pilot.app).cursor_row == 2
        assert marked_on_screen(pilot.app) == {ids[0], ids[1]}
        assert labels(pilot.app)[2] == " "
        assert "2 marked" in status(pilot.app)
        await pilot.press("k", "space")
        assert marked_on_screen(pilot.app) == {ids[0]}
        assert "1 marked" in status(pilot.app)
        assert not sandbox.transport.count("PATCH")


async def test_marks_survive_paging_sorting_and_searching(sandbox: Sandbox) -> None:
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        first = column(pilot.app, 0)
        await pilot.press("space", "j", "space")
        await pilot.press("n")
        await settle(pilot)
        second = column(pilot.app, 0)
        assert marked_on_screen(pilot.app) == set()
        await pilot.press("G", "space")
        assert marked_on_screen(pilot.app) == {second[-1]}
        await pilot.press("p")
        await settle(pilot)
        assert marked_on_screen(pilot.app) == {first[0], first[2]}
        assert "3 marked" in status(pilot.app)

        await pilot.press("1")  # sort by id, descending after a second press
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, second[-1])
        await pilot.press("enter")
        await settle(pilot)
        assert column(pilot.app, 0) == [second[-1]]
        assert marked_on_screen(pilot.app) == {second[-1]}
        assert "3 marked" in status(pilot.app)


async def test_shift_m_marks_the_page_and_shift_c_clears_every_mark(sandbox: Sandbox) -> None:
    async with sandbox.app(perpage=10).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("M")
        assert marked_on_screen(pilot.app) == set(column(pilot.app, 0))
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("space")
        assert "11 marked" in status(pilot.app)
        await pilot.press("C")
        assert "marked" not in status(pilot.app)
        assert labels(pilot.app) == [""] * 10
        assert "Cleared 11 marks." in notes(pilot.app)
        await pilot.press("p")
        await settle(pilot)
        assert labels(pilot.app) == [""] * 10
        await pilot.press("C")
        assert "Nothing is marked." in notes(pilot.app)


async def test_an_unreadable_row_cannot_be_marked(sandbox: Sandbox) -> None:
    sandbox.transport.faults.append(one_unreadable_entry_then_abc123)
    async with sandbox.app().run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("k", "space")  # the cursor starts on the readable row
        assert table(pilot.app).cursor_row == 0
        assert any(n.startswith("This entry could not be read, so it cannot be marked")
                   for n in notes(pilot.app))
        assert "marked" not in status(pilot.app)
        await pilot.press("M")
        assert "1 unreadable entry on this page could not be marked." in notes(pilot.app)
        assert marked_on_screen(pilot.app) == {"abc123"}
