"""The list's view (columns, sort, rows per page, theme) is remembered per profile
in the config file, and comes back at the next start and after a profile switch."""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import FIXED_NOW, wait_until
from tests.ui_support import (
    headers,
    notes,
    pick_in_palette,
    rows,
    settle,
    started,
    status,
    toggle_columns,
)
from tui.app import EasyCartApp, app_for
from tui.config import Flags
from tui.config.model import View
from tui.config.views import ViewMemory
from tui.connection import Connection, Profiles
from tui.sandbox import create_app
from tui.sandbox.server import running_server

CONFIG = """default_profile = "live"
# written by hand

[profiles.live]
base_url = "{live}"
token = "live-token"
secret = "live-secret"
timeout = 7.5

[profiles.other]
base_url = "{other}"
token = "other-token"
secret = "other-secret"
perpage = 10

[keys]
"downloads.refresh" = "ctrl+r,f5"
"""
WITHOUT_COUNT = ["id", "created", "product", "order", "file", "S3", "key"]


@pytest.fixture
def config(tmp_path: Path) -> Iterator[Path]:
    """A config file with two profiles, each a sandbox store on a loopback port."""
    live = create_app(records=120, token="live-token", secret="live-secret")
    other = create_app(records=40, token="other-token", secret="other-secret")
    with running_server(live) as live_url, running_server(other) as other_url:
        path = tmp_path / "config.toml"
        path.write_text(CONFIG.format(live=live_url, other=other_url), encoding="utf-8")
        path.chmod(0o600)
        yield path


def _start(config: Path) -> EasyCartApp:
    """The app as `easycart-tui --config PATH` opens it."""
    profiles = Profiles(Flags(config=str(config)), environ={})
    return app_for(profiles.connect(), profiles, clock=lambda: FIXED_NOW, cursor_blink=False,
                   cache_pages=0)


def _saved(config: Path) -> dict[str, Any]:
    return tomllib.loads(config.read_text(encoding="utf-8"))


async def _choose_theme(pilot: Pilot[Any], name: str) -> None:
    await pick_in_palette(pilot, "Theme")
    await pick_in_palette(pilot, name, opened=True)
    await wait_until(lambda: pilot.app.theme == name, what=f"the {name} theme")


async def test_columns_sort_perpage_and_theme_survive_a_restart(config: Path) -> None:
    app = _start(config)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await toggle_columns(pilot, "count")
        await pilot.press("3", "3", "plus")
        await settle(pilot)
        await _choose_theme(pilot, "nord")
        await pilot.press("q")
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600
    saved = _saved(config)
    assert saved["profiles"]["live"]["view"] == {
        "columns": ["download_id", "date_created", "product_id", "order_id",
                    "download_file_name", "is_amazon", "amazon_key"],
        "sortby": "product_id", "sortdir": "DESC", "perpage": 100, "theme": "nord",
    }
    # Everything written by hand is still there.
    assert saved["default_profile"] == "live"
    assert saved["profiles"]["live"]["timeout"] == 7.5
    assert saved["profiles"]["other"]["perpage"] == 10 and "view" not in saved["profiles"]["other"]
    assert saved["keys"] == {"downloads.refresh": "ctrl+r,f5"}

    again = _start(config)
    async with again.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert headers(again) == ["id", "created", "product ▼", "order", "file", "S3", "key"]
        assert len(rows(again)) == 100
        assert "sort: product ▼" in status(again) and again.pages.query.perpage == 100
        assert again.theme == "nord"
        assert not notes(again)


async def test_a_profile_switch_applies_that_profiles_view(config: Path) -> None:
    app = _start(config)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await toggle_columns(pilot, "count")
        await pick_in_palette(pilot, "Switch to profile other")
        await wait_until(lambda: "other" in status(app), what="the other store")
        await settle(pilot)
        assert headers(app) == WITHOUT_COUNT[:4] + ["count"] + WITHOUT_COUNT[4:]
        assert len(rows(app)) == 10  # the profile's own perpage: nothing saved for it
        await pilot.press("plus")
        await settle(pilot)
        await pick_in_palette(pilot, "Switch to profile live")
        await wait_until(lambda: status(app).startswith("live"), what="the live store")
        await settle(pilot)
        assert headers(app) == WITHOUT_COUNT and len(rows(app)) == 50
        await pilot.press("q")
    saved = _saved(config)["profiles"]
    assert saved["other"]["view"] == {"perpage": 25}
    assert "download_count" not in saved["live"]["view"]["columns"]


class CountingMemory(ViewMemory):
    """A view memory that counts its writes."""

    writes = 0

    def save(self, changes: dict[str, Any], number: int) -> None:
        super().save(changes, number)
        self.writes += 1


async def test_quick_changes_are_written_once_and_the_last_one_wins(sandbox,
                                                                    tmp_path: Path) -> None:
    memory = CountingMemory.for_profile(tmp_path / "config.toml", "live")
    async with sandbox.app(view_memory=memory).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("minus", "minus", "3", "3", "3", "plus")
        await settle(pilot)
        await wait_until(lambda: memory.writes > 0, what="the view to be written")
        assert memory.writes <= 2
        assert _saved(memory.path)["profiles"]["live"]["view"] == {
            "perpage": 25, "sortby": "product_id", "sortdir": "ASC"}
        assert stat.S_IMODE(os.stat(memory.path).st_mode) == 0o600


async def test_a_view_that_cannot_be_written_is_said_once(sandbox, tmp_path: Path) -> None:
    (tmp_path / "not-a-dir").write_text("")
    memory = ViewMemory.for_sandbox(tmp_path / "not-a-dir" / "config.toml")
    async with sandbox.app(view_memory=memory).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        for key in ("plus", "3", "minus"):
            await pilot.press(key)
            await settle(pilot)
        warnings = [note for note in notes(pilot.app) if "not remembered" in note]
        assert len(warnings) == 1 and "cannot write" in warnings[0]
        assert len(rows(pilot.app)) == 50  # the app goes on as usual


async def test_a_saved_perpage_wins_over_the_profiles(sandbox) -> None:
    async with sandbox.app(perpage=10, view=View(perpage=25)).run_test() as pilot:
        await started(pilot)
        assert sandbox.transport.list_params()[0]["perpage"] == "25"
    async with sandbox.app(perpage=10, view=View(sortby="order_id")).run_test() as pilot:
        await started(pilot)
        assert sandbox.transport.list_params()[-1] == {
            "page": "1", "perpage": "10", "sortby": "order_id", "sortdir": "ASC"}


async def test_a_saved_theme_that_is_gone_is_warned_about(sandbox) -> None:
    async with sandbox.app(view=View(theme="no-such-theme")).run_test() as pilot:
        await started(pilot)
        assert any("theme 'no-such-theme' is not available" in note for note in notes(pilot.app))
        assert pilot.app.theme == "textual-dark"


def test_a_store_given_only_by_flags_is_not_remembered(tmp_path: Path) -> None:
    profiles = Profiles(Flags(config=str(tmp_path / "config.toml")), environ={})
    app = app_for(Connection("http://127.0.0.1:9", "t", "s"), profiles)
    assert app.view_memory is None
    named = app_for(Connection("http://127.0.0.1:9", "t", "s", profile="live"), profiles)
    assert named.view_memory is not None and named.view_memory.table == ("profiles", "live",
                                                                         "view")


async def test_a_session_without_a_profile_remembers_once_switched_to_one(config: Path) -> None:
    profiles = Profiles(Flags(config=str(config)), environ={})
    live = profiles.connect()
    flags_only = Connection(live.url, "live-token", "live-secret")
    app = app_for(flags_only, profiles, clock=lambda: FIXED_NOW, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("minus")
        await settle(pilot)
        assert "view" not in _saved(config)["profiles"]["live"]  # no profile: not remembered
        await pick_in_palette(pilot, "Switch to profile other")
        await wait_until(lambda: status(app).startswith("other"), what="the other store")
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        await pilot.press("q")
    saved = _saved(config)["profiles"]
    assert saved["other"]["view"] == {"perpage": 25} and "view" not in saved["live"]
