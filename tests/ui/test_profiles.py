"""Store profiles in the app: the profile is shown, the palette switches it, and a
read-only profile or an unverified TLS connection says so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tests.conftest import FIXED_NOW, wait_until
from tests.ui.support import notes, paste, rows, screen_text, settle, started, status
from tui.ui.app import app_for, store_label
from tui.config import Flags
from tui.config.connection import Connection, Profiles
from tui.sandbox import create_app
from tui.sandbox.server import running_server


@pytest.fixture
def two_stores(tmp_path: Path) -> Iterator[Profiles]:
    """A config file with a `live` store (30 records) and a read-only `staging` one
    (12 records), each a real sandbox on a loopback port, plus a broken profile."""
    live = create_app(records=30, token="live-token", secret="live-secret")
    staging = create_app(records=12, token="staging-token", secret="staging-secret")
    with running_server(live) as live_url, running_server(staging) as staging_url:
        config = tmp_path / "config.toml"
        config.write_text(
            'default_profile = "live"\n'
            f'[profiles.live]\nbase_url = "{live_url}"\ntoken = "live-token"\n'
            'secret = "live-secret"\n'
            f'[profiles.staging]\nbase_url = "{staging_url}"\ntoken = "staging-token"\n'
            'secret_env = "STAGING_SECRET"\nread_only = true\nperpage = 10\n'
            f'[profiles.broken]\nbase_url = "{staging_url}"\ntoken = "x"\n'
            'secret_cmd = ["false"]\n'
        )
        os.chmod(config, 0o600)
        yield Profiles(Flags(config=str(config)), environ={"STAGING_SECRET": "staging-secret"})


def _palette_offers(app: App[Any], title: str) -> bool:
    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return False
    options = screen.query_one(CommandList)
    return any(
        title == str(options.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(options.option_count)
    )


async def _switch(pilot: Pilot[Any], name: str) -> None:
    """Pick "Switch to profile NAME" in the command palette."""
    await pilot.press("ctrl+p")
    await paste(pilot, f"switch to profile {name}")
    await wait_until(lambda: _palette_offers(pilot.app, f"Switch to profile {name}"),
                     what="the palette to offer the profile")
    await pilot.press("enter")


async def test_palette_switches_to_another_profile(two_stores: Profiles) -> None:
    app = app_for(two_stores.connect(), two_stores, clock=lambda: FIXED_NOW, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert status(app).startswith("live · 127.0.0.1")
        assert len(rows(app)) == 30
        await _switch(pilot, "staging")
        await wait_until(lambda: "staging" in status(app), what="the staging store")
        await settle(pilot)
        assert status(app).startswith("staging · 127.0.0.1") and "(read-only)" in status(app)
        assert len(rows(app)) == 10
        footer = screen_text(app).splitlines()[-1]
        assert "q Quit" in footer and not {"Edit", "Add", "Delete"} & set(footer.split())
        await pilot.press("d")
        await pilot.pause()
        assert any("read-only" in note for note in notes(app))
    assert app.profile_name == "staging"
    assert "staging-secret" in app.secrets  # a crash log would scrub the new secret too


async def test_a_profile_that_cannot_connect_leaves_the_current_one(two_stores: Profiles) -> None:
    app = app_for(two_stores.connect(), two_stores, clock=lambda: FIXED_NOW, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await _switch(pilot, "broken")
        await wait_until(lambda: any("Cannot switch to profile broken" in n for n in notes(app)),
                         what="the switch to fail")
        assert status(app).startswith("live · ")
        assert len(rows(app)) == 30


async def test_a_config_file_others_can_read_is_warned_about(two_stores: Profiles) -> None:
    assert two_stores.flags.config is not None
    os.chmod(two_stores.flags.config, 0o644)
    warnings = two_stores.settings().loaded.warnings
    assert warnings  # what the command line prints, and hands to the app
    app = app_for(two_stores.connect(), two_stores, notices=warnings,
                  clock=lambda: FIXED_NOW, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert any("chmod 600" in note for note in notes(app))


def test_status_names_profile_and_unverified_tls() -> None:
    connection = Connection("https://shop.example.com/wp-json/x", "t", "s", profile="live",
                            verify_tls=False)
    assert store_label(connection) == "live · shop.example.com (TLS not verified)"
    assert store_label(Connection("https://shop.example.com", "t", "s")) == "shop.example.com"
