"""Getting a profile's secret key from where the profile says it is.

`secret_env` and `secret_cmd` keep the secret out of the file (a password
manager, a keyring). The command runs without a shell, with no input and a time
limit, and whatever it prints is never repeated in a message: it may be the secret.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

from tui.config.errors import ConfigError
from tui.config.model import Profile

SECRET_CMD_TIMEOUT = 30.0
_REAP_TIMEOUT = 5.0


def describe_secret(profile: Profile) -> str | None:
    """Where the profile's secret comes from, in words safe to print."""
    if profile.secret is not None:
        return "secret"
    if profile.secret_env is not None:
        return f"secret_env={profile.secret_env}"
    if profile.secret_cmd is not None:
        return "secret_cmd"
    return None


def read_secret(
    name: str, profile: Profile, path: Path, environ: Mapping[str, str]
) -> str | None:
    """The secret of profile `name`; None when the profile gives none."""
    where = f"{path}: [profiles.{name}]"
    if profile.secret is not None:
        return profile.secret.get_secret_value()
    if profile.secret_env is not None:
        value = environ.get(profile.secret_env, "")
        if not value:
            raise ConfigError(
                f"{where} secret_env: the environment variable {profile.secret_env} is "
                f"not set or empty; export it, or change secret_env"
            )
        return value
    if profile.secret_cmd is not None:
        return run_secret_cmd(profile.command_line(), where)
    return None


def run_secret_cmd(argv: list[str], where: str) -> str:
    """The first line the command prints, stripped; `ConfigError` if it gives none."""
    fix = f"run `{argv[0]}` yourself to see why, or change secret_cmd"
    try:
        process = subprocess.Popen(
            argv, shell=False, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError as exc:
        raise ConfigError(
            f"{where} secret_cmd: cannot run {argv[0]!r} ({exc.strerror or exc}); "
            f"check the command's name and that it is installed"
        ) from None
    with process:
        try:
            output, _ = process.communicate(timeout=SECRET_CMD_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConfigError(
                f"{where} secret_cmd: {argv[0]!r} gave no answer within "
                f"{SECRET_CMD_TIMEOUT:g} s and was stopped; {fix}"
            ) from None
    if process.returncode != 0:
        raise ConfigError(
            f"{where} secret_cmd: {argv[0]!r} failed (exit status {process.returncode}); {fix}"
        )
    lines = output.decode("utf-8", errors="replace").splitlines()
    secret = lines[0].strip() if lines else ""
    if not secret:
        raise ConfigError(f"{where} secret_cmd: {argv[0]!r} printed no secret on its first line; "
                          f"{fix}")
    return secret


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the command and anything it started, so no pipe is left holding us up."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        process.communicate(timeout=_REAP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
