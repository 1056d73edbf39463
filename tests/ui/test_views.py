"""The list's view (columns, sort, rows per page, theme) is remembered per profile
in the state file, comes back at the next start and after a profile switch, and
the config file is never written for it: not a byte of it changes."""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import EXAMPLE_CONFIG, FIXED_NOW, wait_until
from tests.ui.support import (
    headers,
    notes,
    pick_in_palette,
    rows,
    settle,
    started,
    status,
    toggle_columns,
)
from tui.ui.app import EasyCartApp, app_for
from tui.cli.main import main
from tui.config.model import View
from tui.sandbox import create_app
from tui.sandbox.server import running_server
from tui.config.state import FILE_NAME, StateFile, ViewMemory

CONFIG = """default_profile = "live"
# written by hand

[profiles.live]
base_url = "{live}"
token = "live-token"
secret = "live-secret"
timeout = 7.5

[profiles.other]
base_url = "{other}"   # the second store
token = "other-token"
secret = "other-secret"
perpage = 10

[keys]
"downloads.refresh" = "ctrl+r,f5"
"""
LEGACY_VIEW = """
# How the list looked, as an older version saved it.
[profiles.live.view]
columns = ["download_id", "date_created", "product_id", "order_id", "download_file_name",
           "is_amazon", "amazon_key"]
perpage = 25
"""
WITHOUT_COUNT = ["id", "created", "product", "order", "file", "S3", "key"]
Start = Callable[..., EasyCartApp]


@pytest.fixture
def urls() -> Iterator[dict[str, str]]:
    """Two sandbox stores on loopback ports, with the credentials of `CONFIG`."""
    live = create_app(records=120, token="live-token", secret="live-secret")
    other = create_app(records=40, token="other-token", secret="other-secret")
    with running_server(live) as live_url, running_server(other) as other_url:
        yield {"live": live_url, "other": other_url}


@pytest.fixture
def config(tmp_path: Path, urls: dict[str, str]) -> Path:
    """A config file with two profiles, each a sandbox store on a loopback port."""
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(**urls), encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def start(monkeypatch: pytest.MonkeyPatch) -> Start:
    """`start(ARGS)`: the app as `easycart-tui ARGS` opens it, through the command
    line's own start-up (run here under Pilot instead of on the terminal)."""
    for name in ("EASYCART_URL", "EASYCART_TOKEN", "EASYCART_SECRET", "EASYCART_AUTH",
                 "EASYCART_PROFILE", "EASYCART_TUI_CONFIG"):
        monkeypatch.delenv(name, raising=False)

    def opened(*args: str) -> EasyCartApp:
        handed: dict[str, Any] = {}

        def run_app(connection: Any, profiles: Any, **options: Any) -> int:
            handed.update(options, connection=connection, profiles=profiles)
            return 0

        monkeypatch.setattr("tui.cli.launch.run_app", run_app)
        assert main(list(args)) == 0
        return app_for(handed.pop("connection"), handed.pop("profiles"), clock=lambda: FIXED_NOW,
                       cursor_blink=False, cache_pages=0, **handed)

    return opened


def _remembered(key: str) -> View | None:
    return StateFile.default().view(key)


async def _choose_theme(pilot: Pilot[Any], name: str) -> None:
    await pick_in_palette(pilot, "Theme")
    await pick_in_palette(pilot, name, opened=True)
    await wait_until(lambda: pilot.app.theme == name, what=f"the {name} theme")


async def _change_everything(pilot: Pilot[Any]) -> None:
    """Hide the count column, sort by product (descending), show 100 rows, pick nord."""
    await started(pilot)
    await toggle_columns(pilot, "count")
    await pilot.press("3", "3", "plus")
    await settle(pilot)
    await _choose_theme(pilot, "nord")
    await pilot.press("q")


ALL_CHANGED = View(columns=["download_id", "date_created", "product_id", "order_id",
                            "download_file_name", "is_amazon", "amazon_key"],
                   sortby="product_id", sortdir="DESC", perpage=100, theme="nord")


async def test_columns_sort_perpage_and_theme_survive_a_restart(start: Start,
                                                                config: Path) -> None:
    before = config.read_bytes()
    async with start("--config", str(config)).run_test(size=(100, 30)) as pilot:
        await _change_everything(pilot)
    assert config.read_bytes() == before  # the config file is the user's: not touched
    state = StateFile.default()
    assert stat.S_IMODE(os.stat(state.path).st_mode) == 0o600
    assert state.path.name == FILE_NAME and _remembered("profile:live") == ALL_CHANGED
    assert _remembered("profile:other") is None

    again = start("--config", str(config))
    async with again.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert headers(again) == ["id", "created", "product ▼", "order", "file", "S3", "key"]
        assert len(rows(again)) == 100
        assert "sort: product ▼" in status(again) and again.pages.query.perpage == 100
        assert again.theme == "nord"
        assert not notes(again)


async def test_the_shipped_example_keeps_every_comment(start: Start, tmp_path: Path,
                                                       urls: dict[str, str]) -> None:
    example = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    assert example.count('base_url = "http://127.0.0.1:8765"') == 1
    config = tmp_path / "config.toml"
    config.write_text(example.replace("http://127.0.0.1:8765", urls["live"])
                      .replace('"sandbox-token"', '"live-token"')
                      .replace('"sandbox-secret"', '"live-secret"'), encoding="utf-8")
    config.chmod(0o600)
    before = config.read_bytes()
    async with start("--config", str(config), "--profile", "local").run_test(
            size=(100, 30)) as pilot:
        await _change_everything(pilot)
    assert config.read_bytes() == before
    assert _remembered("profile:local") == ALL_CHANGED


async def test_a_legacy_view_is_read_until_the_state_file_has_one(start: Start,
                                                                 config: Path) -> None:
    with config.open("a", encoding="utf-8") as stream:
        stream.write(LEGACY_VIEW)
    before = config.read_bytes()
    app = start("--config", str(config))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert headers(app) == WITHOUT_COUNT and len(rows(app)) == 25
        await pilot.press("4")  # sort by order
        await settle(pilot)
        await pilot.press("q")
    assert config.read_bytes() == before
    # The change went on top of the legacy view: its columns and rows per page stay.
    assert _remembered("profile:live") == View(
        columns=["download_id", "date_created", "product_id", "order_id",
                 "download_file_name", "is_amazon", "amazon_key"],
        perpage=25, sortby="order_id", sortdir="ASC")

    # The state file wins from now on, even once the legacy table says otherwise.
    config.write_text(config.read_text(encoding="utf-8").replace("perpage = 25", "perpage = 10"),
                      encoding="utf-8")
    again = start("--config", str(config))
    async with again.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert len(rows(again)) == 25 and "sort: order ▲" in status(again)


async def test_a_profile_switch_applies_that_profiles_view(start: Start, config: Path) -> None:
    before = config.read_bytes()
    app = start("--config", str(config))
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
    assert _remembered("profile:other") == View(perpage=25)
    live = _remembered("profile:live")
    assert live is not None and live.columns is not None
    assert "download_count" not in live.columns and live.perpage is None
    assert config.read_bytes() == before


async def test_the_sandbox_view_is_remembered_per_flavour(start: Start, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# the sandbox, sorted\n[sandbox.view]\nsortby = "order_id"\n',
                      encoding="utf-8")
    before = config.read_bytes()
    app = start("--config", str(config), "--sandbox")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert "sort: order ▲" in status(app)
        await pilot.press("plus")
        await settle(pilot)
        await pilot.press("q")
    assert config.read_bytes() == before
    assert _remembered("sandbox:plain") == View(sortby="order_id", perpage=100)
    other = start("--config", str(config), "--sandbox", "--sandbox-flavor", "wordpress")
    async with other.run_test(size=(100, 30)) as pilot:
        await started(pilot)  # the legacy table, and nothing remembered for this flavour
        assert "sort: order ▲" in status(other) and len(rows(other)) == 50
        await pilot.press("q")
    assert _remembered("sandbox:wordpress") is None


class CountingMemory(ViewMemory):
    """A view memory that counts its writes."""

    writes = 0

    def save(self, changes: dict[str, Any], number: int) -> None:
        super().save(changes, number)
        self.writes += 1


async def test_quick_changes_are_written_once_and_the_last_one_wins(sandbox,
                                                                    tmp_path: Path) -> None:
    memory = CountingMemory(StateFile(tmp_path / "state" / FILE_NAME), "profile:live")
    async with sandbox.app(view_memory=memory).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("minus", "minus", "3", "3", "3", "plus")
        await settle(pilot)
        await wait_until(lambda: memory.writes > 0, what="the view to be written")
        assert memory.writes <= 2
        assert memory.view() == View(perpage=25, sortby="product_id", sortdir="ASC")
        assert stat.S_IMODE(os.stat(memory.state.path).st_mode) == 0o600


async def test_a_view_that_cannot_be_written_is_said_once(sandbox, tmp_path: Path) -> None:
    (tmp_path / "not-a-dir").write_text("")
    memory = ViewMemory(StateFile(tmp_path / "not-a-dir" / FILE_NAME), "sandbox:plain")
    async with sandbox.app(view_memory=memory).run_test(size=(100, 30)) as pilot:
        await started(pilot)
        for key in ("plus", "3", "minus"):
            await pilot.press(key)
            await settle(pilot)
        warnings = [note for note in notes(pilot.app) if "not remembered" in note]
        assert len(warnings) == 1 and str(memory.state.path) in warnings[0]
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


async def test_a_session_without_a_profile_remembers_once_switched_to_one(
        start: Start, config: Path, urls: dict[str, str]) -> None:
    app = start("--config", str(config), "--url", urls["live"], "--token", "live-token",
                "--secret", "live-secret")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert app.view_memory is None  # no profile: not remembered
        await pilot.press("minus")
        await settle(pilot)
        await pick_in_palette(pilot, "Switch to profile other")
        await wait_until(lambda: status(app).startswith("other"), what="the other store")
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        await pilot.press("q")
    assert _remembered("profile:other") == View(perpage=25)
    stores = tomllib.loads(StateFile.default().path.read_text(encoding="utf-8"))["stores"]
    assert {key for key, entry in stores.items() if "view" in entry} == {"profile:other"}
