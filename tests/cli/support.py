"""What the command tests share: the environment that points a command at a store,
and the command run in a process of its own."""

from __future__ import annotations

import os
import subprocess

from tests.hostile_support import COMMAND, TERMINAL_SIZE


def store_env(url: str, token: str, secret: str, **extra: str) -> dict[str, str]:
    """The outer environment, pointed at the store, without a terminal size (which
    would narrow a table)."""
    outer = {key: value for key, value in os.environ.items() if key not in TERMINAL_SIZE}
    return outer | {"EASYCART_URL": url, "EASYCART_TOKEN": token, "EASYCART_SECRET": secret,
                    **extra}


def run_process(env: dict[str, str] | None, *args: str) -> subprocess.CompletedProcess[str]:
    """`easycart-tui ARGS` in a process of its own, standard input not a terminal."""
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, env=env,
                          input="", timeout=60, check=False)
