"""A bad config file gives one clear line naming the file, the place and the fix; exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.support import (
    clean_environ,
    default_config,
    isolate,
    one_line_error,
    run_main,
    write_config,
)
from tests.hostile_support import run_in_process

GOOD = """default_profile = "live"

[profiles.live]
base_url = "https://live.example.com/api"
token = "t"
secret = "s"
"""


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (GOOD + "timeout = \n", ["line 7", "TOML syntax error"]),
        (GOOD.replace("[profiles.live]", "[profiles.live"), ["line 3", "TOML syntax error"]),
        (GOOD + "timout = 5\n", ["line 7", "unknown key 'timout'", "[profiles.live]",
                                 "known keys:", "timeout"]),
        ("colour = 'red'\n" + GOOD, ["line 1", "unknown key 'colour'", "the top level"]),
        (GOOD + 'timeout = "fast"\n', ["line 7", "timeout in [profiles.live] must be a number",
                                       "not a string"]),
        (GOOD + 'auth = "digest"\n', ["line 7", "auth", "'bearer' or 'basic'"]),
        (GOOD + "read_only = 1\n",
         ["line 7", "read_only in [profiles.live] must be true or false"]),
        (GOOD + 'perpage = 1000\n', ["line 7", "perpage", "100"]),
        (GOOD.replace('token = "t"\n', ""), ["[profiles.live] lacks 'token'"]),
        (GOOD + 'secret_env = "X"\n', ["line 3", "only one of", "secret and secret_env"]),
        (GOOD.replace('secret = "s"', 'secret_cmd = ""'), ["secret_cmd must name a command"]),
        (GOOD.replace("profiles.live", "profiles.'my live'").replace('"live"', '"x"'),
         ["profile name 'my live'"]),
        (GOOD.replace('default_profile = "live"', 'default_profile = "prod"'),
         ["no profile 'prod' (from file default_profile)", "profiles there: live",
          "config init --profile prod"]),
    ],
    ids=["syntax", "syntax-header", "unknown-key", "unknown-top-key", "wrong-type",
         "bad-auth", "bool-as-int", "perpage-range", "missing-token", "two-secrets",
         "empty-secret-cmd", "bad-name", "missing-default-profile"],
)
def test_bad_config_is_one_line_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    text: str, words: list[str],
) -> None:
    isolate(monkeypatch, tmp_path)
    path = write_config(default_config(tmp_path), text)
    message = one_line_error(run_main(capsys, "list"))
    assert message.startswith(f"easycart-tui: {path}") or str(path) in message
    for word in words:
        assert word in message, message


def test_a_wrong_type_never_repeats_the_value(tmp_path: Path) -> None:
    write_config(default_config(tmp_path), GOOD.replace('secret = "s"', "secret = 918273645"))
    message = one_line_error(run_in_process(clean_environ(tmp_path), "list"))
    assert "secret in [profiles.live]" in message and "918273645" not in message


def test_a_profile_that_is_not_there(tmp_path: Path) -> None:
    path = write_config(default_config(tmp_path), GOOD)
    message = one_line_error(run_in_process(clean_environ(tmp_path),
                                            "--profile", "staging", "list"))
    assert f"{path}: no profile 'staging' (from flag --profile)" in message
    message = one_line_error(run_in_process(clean_environ(tmp_path, EASYCART_PROFILE="stage"),
                                            "check"))
    assert "no profile 'stage' (from env EASYCART_PROFILE)" in message


def test_a_profile_without_any_config_file(tmp_path: Path) -> None:
    message = one_line_error(run_in_process(clean_environ(tmp_path), "list", "--profile", "live"))
    assert "does not exist" in message and "config init --profile live" in message


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_named_config_file_that_is_missing(tmp_path: Path, how: str) -> None:
    missing = tmp_path / "nowhere" / "config.toml"
    env = clean_environ(tmp_path)
    args = ["list"]
    if how == "flag":
        args += ["--config", str(missing)]
    else:
        env["EASYCART_TUI_CONFIG"] = str(missing)
    message = one_line_error(run_in_process(env, *args))
    assert f"config file {missing}" in message and "does not exist" in message


def test_a_missing_file_at_the_default_place_is_fine(tmp_path: Path) -> None:
    message = one_line_error(run_in_process(clean_environ(tmp_path), "list"))
    assert "no store given" in message and "--sandbox" in message


def test_a_profile_with_no_secret_says_where_to_add_one(tmp_path: Path) -> None:
    write_config(default_config(tmp_path), GOOD.replace('secret = "s"\n', ""))
    message = one_line_error(run_in_process(clean_environ(tmp_path), "list"))
    assert "profile 'live'" in message and "secret_env or secret_cmd" in message
