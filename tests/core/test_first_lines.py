"""A listing cut to the lines a dialog has room for ends saying how many more."""

from __future__ import annotations

from tui.core.text import first_lines


def test_what_fits_is_listed_whole_and_the_rest_counted() -> None:
    assert first_lines(["a", "b", "c"], 3) == ["a", "b", "c"]
    assert first_lines(["a", "b", "c", "d"], 3) == ["a", "b", "… and 2 more"]
    assert first_lines([1, 2, 3], 0, lambda n: f"#{n}") == ["#1", "… and 2 more"]


def test_only_the_lines_shown_are_made() -> None:
    made: list[int] = []
    first_lines(range(100_000), 5, lambda n: made.append(n) or str(n))
    assert made == [0, 1, 2, 3]
