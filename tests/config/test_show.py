"""`config show` explains every setting and never prints any part of the secret."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.support import (
    clean_environ,
    default_config,
    one_line_error,
    write_config,
)
from tests.hostile_support import run_in_process

SECRET = "Sup3rS3cretValue"
FILE = f"""default_profile = "live"

[profiles.live]
base_url = "https://live.example.com/api"
token = "live-token"
secret = "{SECRET}"
perpage = 25

[profiles.vault]
base_url = "https://vault.example.com/api"
token = "vault-token"
secret_cmd = ["{sys.executable}", "-c", "print('{SECRET}')"]

[profiles.envy]
base_url = "https://envy.example.com/api"
token = "envy-token"
secret_env = "ENVY_SECRET"
"""


def settings(stdout: str) -> dict[str, str]:
    rows = [line.split(None, 1) for line in stdout.splitlines()]
    return {name: rest for name, rest in rows}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    write_config(default_config(tmp_path), FILE)
    return clean_environ(tmp_path)


def test_show_lists_each_setting_with_its_source(env: dict[str, str], tmp_path: Path) -> None:
    result = run_in_process({**env, "EASYCART_TOKEN": "env-token-0123456789"}, "config", "show",
                 "--timeout", "9")
    assert result.returncode == 0, result.stderr
    shown = settings(result.stdout)
    assert shown["config_file"] == f"{default_config(tmp_path)} (default location)"
    assert shown["profile"] == "live (file default_profile)"
    assert shown["base_url"] == "https://live.example.com/api (file [profiles.live])"
    assert shown["token"] == "********6789 (env EASYCART_TOKEN)"
    assert "env-token-0123456789" not in result.stdout + result.stderr
    assert shown["secret"] == "******** (file [profiles.live] secret)"
    assert shown["timeout"] == "9.0 (flag --timeout)"
    assert shown["perpage"] == "25 (file [profiles.live])"
    assert shown["auth"] == "bearer (default)"
    assert set(shown) >= {"verify_tls", "read_only", "allow_insecure_http"}


@pytest.mark.parametrize(
    ("args", "extra", "source"),
    [
        (["--profile", "vault"], {}, "file [profiles.vault] secret_cmd"),
        (["--profile", "envy"], {"ENVY_SECRET": SECRET},
         "file [profiles.envy] secret_env=ENVY_SECRET"),
        ([], {"EASYCART_SECRET": SECRET}, "env EASYCART_SECRET"),
        (["--secret", SECRET], {}, "flag --secret"),
    ],
)
def test_show_never_prints_the_secret(
    env: dict[str, str], args: list[str], extra: dict[str, str], source: str
) -> None:
    result = run_in_process({**env, **extra}, "config", "show", *args)
    assert result.returncode == 0, result.stderr
    assert settings(result.stdout)["secret"] == f"******** ({source})"
    for part in (SECRET, SECRET[:4], SECRET[-4:]):
        assert part not in result.stdout + result.stderr


def test_show_says_when_the_secret_env_variable_is_unset(env: dict[str, str]) -> None:
    result = run_in_process({**env, "ENVY_SECRET": ""}, "config", "show", "--profile", "envy")
    assert result.returncode == 0, result.stderr
    assert settings(result.stdout)["secret"] == (
        "(not set) (file [profiles.envy] secret_env=ENVY_SECRET; ENVY_SECRET is not set or "
        "empty: export it, or change secret_env)")


def test_show_does_not_run_the_secret_command(env: dict[str, str], tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    write_config(default_config(tmp_path), FILE + f"""
[profiles.probe]
base_url = "https://probe.example.com"
token = "t"
secret_cmd = ["{sys.executable}", "-c", "open(r'{marker}', 'w').write('x'); print('s')"]
""")
    result = run_in_process(env, "config", "show", "--profile", "probe")
    assert result.returncode == 0 and not marker.exists()


def test_show_without_a_file(tmp_path: Path) -> None:
    result = run_in_process(clean_environ(tmp_path), "config", "show")
    assert result.returncode == 0, result.stderr
    shown = settings(result.stdout)
    assert shown["config_file"].endswith("(default location; the file does not exist)")
    assert shown["secret"] == "(none) (not set)"


def test_show_reports_a_bad_file(env: dict[str, str], tmp_path: Path) -> None:
    write_config(default_config(tmp_path), FILE + "oops\n")
    assert "TOML syntax error" in one_line_error(run_in_process(env, "config", "show"))


def test_path_follows_flag_env_and_default(tmp_path: Path) -> None:
    env = clean_environ(tmp_path)
    assert run_in_process(env, "config", "path").stdout == f"{default_config(tmp_path)}\n"
    env["EASYCART_TUI_CONFIG"] = str(tmp_path / "by-env.toml")
    assert run_in_process(env, "config", "path").stdout == f"{tmp_path / 'by-env.toml'}\n"
    flag = run_in_process(env, "config", "path", "--config", str(tmp_path / "by-flag.toml"))
    assert flag.stdout == f"{tmp_path / 'by-flag.toml'}\n"


def test_the_config_commands_load_no_textual(env: dict[str, str]) -> None:
    probe = ("import sys\nfrom tui.cli.main import main\n"
             "assert main(['config', 'show']) == 0 and main(['config', 'path']) == 0\n"
             "print(any(m.split('.')[0] == 'textual' for m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"
