"""Helpers for the config tests: an isolated home, a config file, the command run for real.

Every test gets its own `HOME` and `XDG_CONFIG_HOME` under `tmp_path`, and no
`EASYCART_*` variable from the outer environment, so the user's real config is
never read or touched. The test's own data and state directories (set for every
test in `conftest.py`) are kept, so the user's state file is not touched either.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.hostile_support import COMMAND
from tui.config.state import ENV_STATE
from tui.core.findings.model import Findings
from tui.core.userdata import ENV_DATA

#: A store's API root, for the findings kept of it.
URL = "https://shop.example.com/wp-json/wp-easycart/v1"



def clean_environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The outer environment minus `EASYCART_*`, with a private home under `tmp_path`."""
    env = {key: value for key, value in os.environ.items() if not _outer(key)}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "xdg"), **extra)
    return env


def isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The same isolation for code run in this process."""
    for key in list(os.environ):
        if _outer(key):
            monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def _outer(key: str) -> bool:
    """Whether `key` is an `EASYCART_*` variable from outside the test."""
    return key.startswith("EASYCART_") and key not in (ENV_DATA, ENV_STATE)


def default_config(tmp_path: Path) -> Path:
    """Where the app looks by default inside the isolated home."""
    return tmp_path / "xdg" / "easycart-tui" / "config.toml"


def write_config(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def run(env: dict[str, str], *args: str, stdin: str = "",
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`easycart-tui ARGS` in a subprocess, standard input not a terminal."""
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=timeout)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    """`easycart-tui ARGS` in this process (faster; isolate the environment first)."""
    from tui.cli.main import main

    code = main(list(args))
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), code, captured.out, captured.err)


def one_line_error(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The single stderr line of a failed run (no traceback), checked and returned."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def found(url: str = URL, **values: object) -> Findings:
    """Findings of the store at `url`, as `doctor` would keep them; `values` change some."""
    fields: dict[str, object] = {
        "url": url, "by": "doctor", "checked": datetime(2025, 7, 3, 12, 0, tzinfo=UTC),
        "perpage_cap": 30, "totals": False, "list_shape": "array", "typing": "strings",
        "sorts": {"order_id": "honoured", "amazon_key": "ignored"},
        "search": {"download_id": "yes", "date_created": "no"}, "basic_reads": True,
    }
    return Findings.model_validate(fields | values)
