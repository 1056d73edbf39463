"""Which source wins for every setting: flags > environment > file > defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.support import default_config, isolate, write_config
from tui.config import ConfigError, Flags, settings_for
from tui.config.connection import ConnectionProblem, Profiles, connect

FILE = """
default_profile = "live"

[profiles.live]
base_url = "https://live.example.com/api"
token = "live-token"
secret = "live-secret"
auth = "basic"
timeout = 7
perpage = 20
read_only = true

[profiles.staging]
base_url = "https://staging.example.com/api"
token = "staging-token"
secret_env = "STAGING_SECRET"
verify_tls = false
"""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(default_config(tmp_path), FILE)


def test_defaults_without_any_file_or_setting() -> None:
    settings = settings_for(Flags(), {})
    assert not settings.loaded.exists
    assert settings.profile.value is None and settings.base_url.value is None
    assert settings.secret_from is None
    for item, value in ((settings.auth, "bearer"), (settings.timeout, 15.0),
                        (settings.perpage, 50), (settings.verify_tls, True),
                        (settings.read_only, False), (settings.allow_insecure_http, False)):
        assert (item.value, item.source) == (value, "default")


def test_the_default_profile_fills_everything_from_the_file(config: Path) -> None:
    settings = settings_for(Flags(), {})
    assert (settings.profile.value, settings.profile.source) == ("live", "file default_profile")
    source = "file [profiles.live]"
    assert (settings.base_url.value, settings.base_url.source) == (
        "https://live.example.com/api", source)
    assert (settings.token.value, settings.token.source) == ("live-token", source)
    assert settings.secret_from == "file [profiles.live] secret"
    assert settings.secret() == "live-secret"
    assert (settings.auth.value, settings.timeout.value, settings.perpage.value,
            settings.read_only.value) == ("basic", 7.0, 20, True)
    assert {settings.auth.source, settings.timeout.source, settings.perpage.source,
            settings.read_only.source} == {source}
    assert settings.verify_tls.source == "default"


def test_the_environment_beats_the_file(config: Path) -> None:
    env = {"EASYCART_TOKEN": "env-token", "EASYCART_SECRET": "env-secret",
           "EASYCART_AUTH": "bearer"}
    settings = settings_for(Flags(), env)
    assert (settings.token.value, settings.token.source) == ("env-token", "env EASYCART_TOKEN")
    assert settings.secret_from == "env EASYCART_SECRET" and settings.secret() == "env-secret"
    assert (settings.auth.value, settings.auth.source) == ("bearer", "env EASYCART_AUTH")
    assert settings.base_url.source == "file [profiles.live]"


def test_flags_beat_the_environment(config: Path) -> None:
    env = {"EASYCART_TOKEN": "env-token", "EASYCART_SECRET": "env-secret",
           "EASYCART_AUTH": "bearer", "EASYCART_URL": "https://env.example.com"}
    flags = Flags(url="https://flag.example.com", token="flag-token", secret="flag-secret",
                  auth="basic", timeout=3)
    settings = settings_for(flags, env)
    assert (settings.base_url.value, settings.base_url.source) == (
        "https://flag.example.com", "flag --url")
    assert (settings.token.value, settings.token.source) == ("flag-token", "flag --token")
    assert settings.secret_from == "flag --secret" and settings.secret() == "flag-secret"
    assert (settings.auth.value, settings.auth.source) == ("basic", "flag --auth")
    assert (settings.timeout.value, settings.timeout.source) == (3.0, "flag --timeout")


def test_the_url_from_the_environment_beats_the_file(config: Path) -> None:
    env = {"EASYCART_PROFILE": "live", "EASYCART_URL": "https://live.example.com/api"}
    settings = settings_for(Flags(), env)
    assert settings.base_url.source == "env EASYCART_URL"
    assert settings.secret() == "live-secret"


def test_profile_choice_flag_then_environment_then_default(config: Path) -> None:
    env = {"EASYCART_PROFILE": "staging", "STAGING_SECRET": "s"}
    assert settings_for(Flags(), {}).profile.value == "live"
    chosen = settings_for(Flags(), env).profile
    assert (chosen.value, chosen.source) == ("staging", "env EASYCART_PROFILE")
    chosen = settings_for(Flags(profile="live"), env).profile
    assert (chosen.value, chosen.source) == ("live", "flag --profile")


def test_a_url_without_a_profile_leaves_the_default_profile_out(config: Path) -> None:
    env = {"EASYCART_URL": "http://127.0.0.1:9", "EASYCART_TOKEN": "t",
           "EASYCART_SECRET": "s"}
    connection = connect(settings_for(Flags(), env))
    assert connection.profile is None and not connection.read_only
    assert connection.perpage == 50 and connection.auth == "bearer"


def test_a_profile_secret_never_goes_to_another_url(config: Path) -> None:
    settings = settings_for(Flags(profile="live", url="https://evil.example.com"), {})
    assert settings.token.value is None and settings.secret_from is None
    with pytest.raises(ConnectionProblem, match="credentials are only sent to its own store"):
        connect(settings)


def test_config_location_flag_then_environment_then_default(
    tmp_path: Path, config: Path
) -> None:
    by_env = write_config(tmp_path / "env.toml", 'default_profile = "x"\n[profiles.x]\n'
                          'base_url = "https://x.example.com"\ntoken = "t"\n')
    by_flag = write_config(tmp_path / "flag.toml", "")
    env = {"EASYCART_TUI_CONFIG": str(by_env)}
    assert settings_for(Flags(), {}).loaded.path == config
    loaded = settings_for(Flags(), env).loaded
    assert (loaded.path, loaded.location.origin) == (by_env, "env EASYCART_TUI_CONFIG")
    loaded = settings_for(Flags(config=str(by_flag)), env).loaded
    assert (loaded.path, loaded.location.origin) == (by_flag, "--config")


def test_the_connection_carries_the_profile_settings(config: Path) -> None:
    profiles = Profiles(Flags(secret="flag-secret"), {})
    connection = Profiles(Flags(), {}).connect()
    assert (connection.profile, connection.read_only, connection.perpage,
            connection.timeout, connection.auth) == ("live", True, 20, 7.0, "basic")
    for shown in (repr(connection), repr(Profiles(Flags(), {}).settings()),
                  repr(profiles.settings()), repr(profiles.flags)):
        assert "live-secret" not in shown and "flag-secret" not in shown


def test_switching_profile_lists_names_and_drops_store_flags(config: Path) -> None:
    profiles = Profiles(
        Flags(url="https://flag.example.com", token="ft", secret="fs", timeout=4),
        {"EASYCART_URL": "https://env.example.com", "EASYCART_SECRET": "es",
         "STAGING_SECRET": "staging-secret"},
    )
    assert profiles.names() == ["live", "staging"]
    staging = profiles.switch("staging")
    assert (staging.url, staging.token, staging.secret) == (
        "https://staging.example.com/api", "staging-token", "staging-secret")
    assert staging.profile == "staging" and staging.verify_tls is False
    assert staging.timeout == 4.0
    with pytest.raises(ConfigError, match="no profile 'nope'"):
        profiles.switch("nope")
