"""At 80 columns and less the status line gives way, the search and the filter last:
they are what the next key acts on. A term too long for the line on its own is cut,
with "…"."""

from __future__ import annotations

import pytest

from tests.ui.support import paste, screen_text, settle, started


def status_on_screen(app) -> str:
    """The status line as the terminal shows it: the screen's first line."""
    return screen_text(app).splitlines()[0].strip()


async def search_for(pilot, term: str) -> None:
    await pilot.press("slash")
    await paste(pilot, term)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (60, 24)])
@pytest.mark.parametrize("keys", [("5",), ("M", "5")], ids=["sorted", "sorted-and-marked"])
async def test_the_search_and_the_filter_stay_whole_as_the_rest_gives_way(
        make_sandbox, store_kind: str, size: tuple[int, int], keys: tuple[str, ...]) -> None:
    sandbox = make_sandbox(store=store_kind)
    async with sandbox.app(read_only=True, perpage=10).run_test(size=size) as pilot:
        await started(pilot)
        await search_for(pilot, "count>0 workbook")
        await pilot.press(*keys)
        await settle(pilot)
        line = status_on_screen(pilot.app)
        assert "filter: count>0" in line and "search: “workbook”" in line, line
        assert ("6 marked" in line) is ("M" in keys), line
        # The store's name gave way instead: cut short, and at 60 columns with the marks
        # shown too, gone.
        kept = size[0] == 80 or "M" not in keys
        assert line.startswith("sandbox (re…") is kept, line


async def test_a_search_too_long_for_the_line_alone_is_cut_with_an_ellipsis(
        make_sandbox, store_kind: str) -> None:
    sandbox = make_sandbox(store=store_kind)
    term = "workbook " * 12
    async with sandbox.app().run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await search_for(pilot, term)
        line = status_on_screen(pilot.app)
        assert line.startswith("“workbook workbook") and line.endswith("…"), line
        assert len(line) <= 78
