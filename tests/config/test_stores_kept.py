"""The state file keeps the findings of the stores used last, and only theirs: a
read or a save is a use; a view the user chose outlives its store's findings."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.config.support import URL, found
from tui.config.model import View
from tui.config.state import FILE_NAME, MOST_STORES, USE_NOTED_AFTER, StateFile

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """The time the state file notes a use at, moved on by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def later(self, by: timedelta = timedelta(minutes=1)) -> None:
        self.now += by


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def state(tmp_path: Path, clock: Clock) -> StateFile:
    return StateFile(tmp_path / "state" / FILE_NAME, clock=clock)


def _stores(state: StateFile) -> dict[str, dict[str, object]]:
    return tomllib.loads(state.path.read_text(encoding="utf-8"))["stores"]


def _key(number: int) -> str:
    return f"url:https://shop{number}.example.com/api"


def _save_stores(state: StateFile, clock: Clock, numbers: range) -> None:
    for number in numbers:
        state.save_findings(_key(number), found())
        clock.later()


def test_only_the_stores_used_last_keep_their_findings(state: StateFile, clock: Clock) -> None:
    _save_stores(state, clock, range(MOST_STORES + 5))
    kept = [number for number in range(MOST_STORES + 5)
            if state.findings(_key(number), URL) is not None]
    assert kept == list(range(5, MOST_STORES + 5))
    assert set(_stores(state)) == {_key(number) for number in kept}  # the others are gone


def test_each_store_notes_when_it_was_last_used(state: StateFile, clock: Clock) -> None:
    state.save_findings("profile:shop", found())
    assert _stores(state)["profile:shop"]["used"] == START


def test_reading_findings_is_a_use(state: StateFile, clock: Clock) -> None:
    _save_stores(state, clock, range(MOST_STORES))
    clock.later(USE_NOTED_AFTER)
    assert state.findings(_key(0), URL) is not None  # the oldest, used again
    state.save_findings(_key(MOST_STORES), found())
    assert state.findings(_key(0), URL) is not None
    assert state.findings(_key(1), URL) is None  # now the one used least


def test_reading_a_view_is_a_use(state: StateFile, clock: Clock) -> None:
    state.save_view("profile:old", {"perpage": 10})
    clock.later(USE_NOTED_AFTER)
    assert state.view("profile:old") == View(perpage=10)
    assert _stores(state)["profile:old"]["used"] == clock.now


def test_a_read_soon_after_a_use_writes_nothing(state: StateFile, clock: Clock) -> None:
    state.save_findings("profile:shop", found())
    before = state.path.read_bytes()
    clock.later(USE_NOTED_AFTER - timedelta(seconds=1))
    assert state.findings("profile:shop", URL) == found()
    assert state.path.read_bytes() == before


def test_a_store_used_long_ago_keeps_its_view(state: StateFile, clock: Clock) -> None:
    state.save_findings("profile:old", found())
    state.save_view("profile:old", {"sortby": "order_id"})
    clock.later()
    _save_stores(state, clock, range(MOST_STORES))
    assert state.findings("profile:old", URL) is None
    assert state.view("profile:old") == View(sortby="order_id")


def test_a_file_of_an_older_version_is_trimmed_at_the_next_save(
    state: StateFile, clock: Clock
) -> None:
    state.path.parent.mkdir(mode=0o700)
    tables = "".join(f"[stores.'{_key(number)}'.findings]\nurl = \"{URL}\"\n"
                     for number in range(MOST_STORES + 3))
    state.path.write_text(tables, encoding="utf-8")
    state.save_findings("profile:new", found())
    stores = _stores(state)
    assert len(stores) == MOST_STORES and "profile:new" in stores


def test_findings_are_read_when_the_use_cannot_be_noted(
    state: StateFile, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.config.state

    state.save_findings("profile:shop", found())
    clock.later(USE_NOTED_AFTER)

    def full_disk(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tui.config.state, "replace_private", full_disk)
    assert state.findings("profile:shop", URL) == found()
