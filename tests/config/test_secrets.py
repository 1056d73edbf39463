"""Each place a secret can come from, and each way `secret_cmd` can fail."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from tests.config.support import (
    clean_environ,
    default_config,
    isolate,
    one_line_error,
    run,
    write_config,
)
from tui.config import ConfigError, Flags, secrets, settings_for

PY = sys.executable.replace("\\", "/")


def profile(secret_line: str) -> str:
    return ('default_profile = "live"\n[profiles.live]\n'
            'base_url = "https://live.example.com"\ntoken = "t"\n' + secret_line + "\n")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


def secret_of(tmp_path: Path, secret_line: str, environ: dict[str, str] | None = None) -> str:
    write_config(default_config(tmp_path), profile(secret_line))
    value = settings_for(Flags(), environ or {}).secret()
    assert value is not None
    return value


def test_a_plain_secret(tmp_path: Path) -> None:
    assert secret_of(tmp_path, 'secret = "plain-secret"') == "plain-secret"


def test_secret_env_reads_the_named_variable(tmp_path: Path) -> None:
    assert secret_of(tmp_path, 'secret_env = "LIVE_SECRET"', {"LIVE_SECRET": "from-env"}) \
        == "from-env"


def test_secret_env_unset_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="LIVE_SECRET is not set") as caught:
        secret_of(tmp_path, 'secret_env = "LIVE_SECRET"')
    assert str(default_config(tmp_path)) in str(caught.value)


def test_secret_cmd_as_a_string_takes_the_first_line(tmp_path: Path) -> None:
    line = f"secret_cmd = \"'{PY}' -c 'print(\\\"  cmd-secret  \\\"); print(\\\"more\\\")'\""
    assert secret_of(tmp_path, line) == "cmd-secret"


def test_secret_cmd_as_a_list_runs_without_a_shell(tmp_path: Path) -> None:
    line = f'secret_cmd = ["{PY}", "-c", "import sys; print(sys.argv[1])", "$HOME;*"]'
    assert secret_of(tmp_path, line) == "$HOME;*"


@pytest.mark.parametrize(
    ("code", "words"),
    [("import sys; print('leaked-output'); sys.exit(3)", "failed (exit status 3)"),
     ("print('')", "printed no secret"),
     ("pass", "printed no secret")],
)
def test_a_failing_secret_cmd_is_one_clear_error(tmp_path: Path, code: str, words: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(words)) as caught:
        secret_of(tmp_path, f'secret_cmd = ["{PY}", "-c", "{code}"]')
    assert "[profiles.live] secret_cmd" in str(caught.value)
    assert "leaked-output" not in str(caught.value)


def test_a_missing_executable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot run 'no-such-secret-tool'"):
        secret_of(tmp_path, 'secret_cmd = "no-such-secret-tool get live"')


def test_a_hanging_secret_cmd_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets, "SECRET_CMD_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(ConfigError, match="gave no answer within 0.5 s"):
        secret_of(tmp_path, f'secret_cmd = ["{PY}", "-c", "import time; time.sleep(30)"]')
    assert time.monotonic() - started < 10


def test_a_hanging_command_that_started_children_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(secrets, "SECRET_CMD_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(ConfigError, match="gave no answer"):
        secret_of(tmp_path, 'secret_cmd = ["sh", "-c", "sleep 30 & sleep 30; echo x"]')
    assert time.monotonic() - started < 10


def test_the_secret_cmd_gets_no_input(tmp_path: Path) -> None:
    code = "import sys; print(repr(sys.stdin.read()) or 'x')"
    assert secret_of(tmp_path, f'secret_cmd = ["{PY}", "-c", "{code}"]') == "''"


def test_a_failing_secret_cmd_exits_2_from_the_command_line(tmp_path: Path) -> None:
    env = clean_environ(tmp_path)
    write_config(default_config(tmp_path),
                 profile(f'secret_cmd = ["{PY}", "-c", "import sys; sys.exit(1)"]'))
    message = one_line_error(run(env, "list"))
    assert "secret_cmd" in message and str(default_config(tmp_path)) in message
