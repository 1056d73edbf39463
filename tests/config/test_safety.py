"""The safety rules: read-only profiles, plain http, TLS verification, readable secrets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.config.support import (
    clean_environ,
    default_config,
    isolate,
    one_line_error,
    write_config,
)
from tests.hostile_support import run_in_process
from tui.config import connection as connection_module
from tui.config import Flags
from tui.config.connection import ConnectionProblem, Profiles, is_loopback
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "safe-token", "safe-secret-1"


def profile(name: str, url: str, extra: str = "", secret: str = f'secret = "{SECRET}"') -> str:
    return f'[profiles.{name}]\nbase_url = "{url}"\ntoken = "{TOKEN}"\n{secret}\n{extra}\n'


@pytest.fixture(scope="module")
def store_url() -> Iterator[str]:
    with running_server(create_app(records=30, token=TOKEN, secret=SECRET)) as url:
        yield url


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST.", "127.0.0.1", "127.8.9.10", "::1",
                                  "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "0.0.0.0", "shop.example.com", "127.example.com",
                                  "localhost.example.com", "::2"])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_read_only_profile_refuses_every_write(tmp_path: Path, store_url: str) -> None:
    write_config(default_config(tmp_path),
                 profile("live", store_url, "read_only = true\nperpage = 7"))
    env = clean_environ(tmp_path, EASYCART_PROFILE="live")
    listed = run_in_process(env, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    records = json.loads(listed.stdout)
    assert len(records) == 7  # the profile's rows per page
    target = records[0]["download_id"]
    for args in (["create", "--set", "product_id=1"],
                 ["update", target, "--set", "download_count=0"],
                 ["delete", target, "--yes"]):
        message = one_line_error(run_in_process(env, *args))
        assert "profile 'live' is read-only" in message and "read_only = true" in message
    after = json.loads(run_in_process(env, "get", target, "--format", "json").stdout)
    assert after == records[0]


def test_plain_http_to_another_machine_is_refused(tmp_path: Path) -> None:
    env = clean_environ(tmp_path, EASYCART_URL="http://shop.example.com/api",
                        EASYCART_TOKEN="t", EASYCART_SECRET="s")
    message = one_line_error(run_in_process(env, "list"))
    assert "refusing plain http:// to shop.example.com" in message
    assert "allow_insecure_http = true" in message


def test_allow_insecure_http_lets_a_profile_use_http(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate(monkeypatch, tmp_path)
    write_config(default_config(tmp_path),
                 profile("lan", "http://192.168.1.20/api", "allow_insecure_http = true")
                 + profile("wan", "http://192.168.1.20/api"))
    assert Profiles(Flags(profile="lan"), {}).connect().url == "http://192.168.1.20/api"
    with pytest.raises(ConnectionProblem, match=r"\[profiles.wan\]"):
        Profiles(Flags(profile="wan"), {}).connect()


@pytest.mark.parametrize(("setting", "verify"), [("", True), ("verify_tls = false", False)])
def test_tls_verification_follows_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, verify: bool
) -> None:
    isolate(monkeypatch, tmp_path)
    write_config(default_config(tmp_path), profile("live", "https://live.example.com", setting))
    seen: dict[str, Any] = {}
    monkeypatch.setattr(connection_module, "DownloadsClient",
                        lambda *args, **kwargs: seen.update(kwargs))
    connection = Profiles(Flags(profile="live"), {}).connect()
    assert connection.verify_tls is verify
    connection.open()
    assert seen["verify"] is verify


@pytest.mark.parametrize(
    ("mode", "secret", "warned"),
    [(0o644, f'secret = "{SECRET}"', True), (0o640, f'secret = "{SECRET}"', True),
     (0o600, f'secret = "{SECRET}"', False), (0o644, 'secret_env = "LIVE_SECRET"', False)],
)
def test_a_readable_file_with_a_secret_gets_a_warning(
    tmp_path: Path, mode: int, secret: str, warned: bool
) -> None:
    path = write_config(default_config(tmp_path),
                        profile("live", "https://live.example.com", secret=secret), mode=mode)
    result = run_in_process(clean_environ(tmp_path, LIVE_SECRET="x"),
                            "config", "show", "--profile", "live")
    assert result.returncode == 0, result.stderr
    if warned:
        assert result.stderr == (f"warning: {path} holds a secret and other users can read it; "
                                 f"run: chmod 600 {path}\n")
    else:
        assert result.stderr == ""
