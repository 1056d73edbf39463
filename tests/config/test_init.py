"""`config init` end to end: asks, verifies against a live sandbox, then writes (or not)."""

from __future__ import annotations

import os
import pty
import select
import signal
import stat
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CONFIG
from tests.config.support import (
    COMMAND,
    clean_environ,
    default_config,
    one_line_error,
    run,
    write_config,
)
from tui.config import ConfigError
from tui.config.write import save_profile
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "init-token", "init-secret-value-7"

OTHERS = """# My stores.
default_profile = "staging"
future_setting = "kept"   # for a later version

[profiles.staging]
base_url = "https://staging.example.com/api"
token = "staging-token"
secret_env = "STAGING_SECRET"
verify_tls = false
colour = "blue"


# The live shop: careful.
[profiles.live]
base_url = "https://old.example.com"  # moved since
token = "old"
# from the password manager
secret_cmd = "pass show live"
timeout = 5
read_only = true
"""


@pytest.fixture(scope="module")
def store_url() -> Iterator[str]:
    with running_server(create_app(records=5, token=TOKEN, secret=SECRET)) as url:
        yield url


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def read(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_init_writes_a_new_private_file(tmp_path: Path, store_url: str) -> None:
    env = clean_environ(tmp_path)
    result = run(env, "config", "init", stdin=f"\n{store_url}\n{TOKEN}\n{SECRET}\n")
    assert result.returncode == 0, result.stderr
    path = default_config(tmp_path)
    assert read(path) == {
        "default_profile": "default",
        "profiles": {"default": {"base_url": store_url, "token": TOKEN, "secret": SECRET}},
    }
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert SECRET not in result.stdout + result.stderr
    assert str(path) in result.stdout
    listed = run(env, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert list(path.parent.iterdir()) == [path]


@pytest.mark.parametrize("form", ["/wp-json/wp-easycart/v1", "/?rest_route=/wp-easycart/v1"])
def test_init_takes_either_form_of_a_wordpress_root(tmp_path: Path, form: str) -> None:
    app = create_app(records=5, token=TOKEN, secret=SECRET, flavor="wordpress")
    with running_server(app) as site:
        env = clean_environ(tmp_path)
        root = site + form
        result = run(env, "config", "init", stdin=f"shop\n{root}\n{TOKEN}\n{SECRET}\n")
        assert result.returncode == 0, result.stderr
        profiles = read(default_config(tmp_path))["profiles"]
        assert profiles["shop"]["base_url"] == root  # type: ignore[index]
        checked = run(env, "check")
        assert checked.stdout.splitlines()[1] == f"reached: POST {root}/authenticate/test"
        wrong = run(env, "config", "init", "--profile", "other",
                    stdin=f"{site}/wp-json/other/v1\n{TOKEN}\n{SECRET}\n")
    message = one_line_error(wrong, 1)
    assert message.startswith(f"easycart-tui: There is no Downloads API at {site}/wp-json/other/v1")
    assert "Nothing was written" in message
    assert "other" not in read(default_config(tmp_path))["profiles"]  # type: ignore[operator]


def test_init_updates_one_profile_and_keeps_the_others(tmp_path: Path, store_url: str) -> None:
    path = write_config(tmp_path / "conf" / "easycart.toml", OTHERS, mode=0o644)
    before = read(path)
    env = clean_environ(tmp_path, EASYCART_TUI_CONFIG=str(path))
    result = run(env, "config", "init", "--profile", "live", "--url", store_url,
                 "--token", TOKEN, stdin=f"{SECRET}\n")
    assert result.returncode == 0, result.stderr
    after = read(path)
    assert after["profiles"]["staging"] == before["profiles"]["staging"]  # type: ignore[index]
    assert after["default_profile"] == "staging" and after["future_setting"] == "kept"
    assert after["profiles"]["live"] == {  # type: ignore[index]
        "base_url": store_url, "token": TOKEN, "secret": SECRET, "timeout": 5, "read_only": True,
    }
    assert mode(path) == 0o600
    text = path.read_text(encoding="utf-8")
    assert f'base_url = "{store_url}"  # moved since\n' in text  # a value changed in place
    kept = [line for line in OTHERS.splitlines() if line.lstrip().startswith("#") or not line]
    assert [line for line in text.splitlines() if line in kept] == kept  # in order
    assert text.startswith(OTHERS.split("[profiles.live]")[0])


def test_init_adds_a_profile_to_the_example_without_touching_the_rest(
    tmp_path: Path, store_url: str
) -> None:
    before = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    path = write_config(tmp_path / "config.toml", before)
    result = run(clean_environ(tmp_path), "config", "init", "--config", str(path),
                 "--profile", "other", "--url", store_url, "--token", TOKEN, "--secret", SECRET)
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # every comment, blank line and key, byte for byte
    assert tomllib.loads(after[len(before):]) == {"profiles": {"other": {
        "base_url": store_url, "token": TOKEN, "secret": SECRET}}}
    assert mode(path) == 0o600


def test_init_updates_a_profile_of_the_example_in_place(tmp_path: Path, store_url: str) -> None:
    before = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    path = write_config(tmp_path / "config.toml", before)
    result = run(clean_environ(tmp_path), "config", "init", "--config", str(path),
                 "--profile", "local", "--url", store_url, "--token", TOKEN, "--secret", SECRET)
    assert result.returncode == 0, result.stderr
    expected = (before.replace('base_url = "http://127.0.0.1:8765"', f'base_url = "{store_url}"')
                .replace('token = "sandbox-token"', f'token = "{TOKEN}"')
                .replace('secret = "sandbox-secret"', f'secret = "{SECRET}"'))
    assert path.read_text(encoding="utf-8") == expected


def test_a_layout_that_cannot_take_a_profile_is_left_alone(tmp_path: Path) -> None:
    text = '# inline\nprofiles = { live = { base_url = "https://a.example.com", token = "t" } }\n'
    path = write_config(tmp_path / "config.toml", text)
    with pytest.raises(ConfigError, match="add it by hand; nothing was written"):
        save_profile(path, "other", {"base_url": "https://b.example.com"})
    assert path.read_text(encoding="utf-8") == text


def test_nothing_is_written_when_the_credentials_fail(tmp_path: Path, store_url: str) -> None:
    env = clean_environ(tmp_path)
    result = run(env, "config", "init", stdin=f"live\n{store_url}\n{TOKEN}\nwrong-secret-x\n")
    message = one_line_error(result, 1)
    assert "refused the token and secret" in message and "Nothing was written" in message
    assert "wrong-secret-x" not in message + result.stdout
    assert not default_config(tmp_path).exists()

    path = write_config(default_config(tmp_path), OTHERS)
    before = path.read_bytes()
    result = run(env, "config", "init", "--profile", "live", "--url", store_url,
                 "--token", TOKEN, "--secret", "wrong-secret-x")
    one_line_error(result, 1)
    assert path.read_bytes() == before


def test_flags_answer_every_question(tmp_path: Path, store_url: str) -> None:
    path = tmp_path / "new" / "dir" / "c.toml"
    result = run(clean_environ(tmp_path), "config", "init", "--config", str(path),
                 "--profile", "shop", "--url", store_url, "--token", TOKEN, "--secret", SECRET,
                 "--auth", "basic")
    assert result.returncode == 0, result.stderr
    assert read(path)["profiles"]["shop"]["auth"] == "basic"  # type: ignore[index]
    assert mode(path) == 0o600


def test_answers_missing_from_stdin(tmp_path: Path, store_url: str) -> None:
    message = one_line_error(run(clean_environ(tmp_path), "config", "init",
                                 stdin=f"live\n{store_url}\n"))
    assert "no token given on standard input" in message
    assert not default_config(tmp_path).exists()


def test_plain_http_to_another_machine_is_refused_before_asking_it(tmp_path: Path) -> None:
    result = run(clean_environ(tmp_path), "config", "init",
                 stdin="live\nhttp://shop.example.com/api\nt\ns\n")
    assert "refusing plain http://" in one_line_error(result)
    assert not default_config(tmp_path).exists()


def test_a_bad_profile_name(tmp_path: Path) -> None:
    result = run(clean_environ(tmp_path), "config", "init", stdin="my shop\n")
    assert "profile name 'my shop'" in one_line_error(result)


def read_until(fd: int, wanted: bytes, seconds: float = 20) -> bytes:
    """What the terminal shows until `wanted` appears (or it closes); bounded in time."""
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"timed out waiting for {wanted!r}; got {seen!r}"
        if select.select([fd], [], [], remaining)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the other side closed
                chunk = b""
            if not chunk:
                return seen
            seen += chunk
    return seen


def test_on_a_terminal_the_secret_is_asked_without_echo(tmp_path: Path, store_url: str) -> None:
    env = clean_environ(tmp_path)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, on the new terminal
        os.execve(COMMAND, [COMMAND, "config", "init", "--profile", "tty"], env)
    transcript, status = b"", None
    try:
        for prompt, answer in ((b"Store API URL", store_url), (b"Token", TOKEN),
                               (b"Secret key", SECRET)):
            transcript += read_until(fd, prompt)  # getpass turns echo off before its prompt
            os.write(fd, answer.encode() + b"\n")
        transcript += read_until(fd, b"<closed>")
        status = os.waitpid(pid, 0)[1]
    finally:
        os.close(fd)
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, transcript
    assert TOKEN.encode() in transcript and SECRET.encode() not in transcript
    saved = read(default_config(tmp_path))["profiles"]["tty"]  # type: ignore[index]
    assert saved["secret"] == SECRET
