"""Output that cannot be written ends a command with one line and exit 1 (a full
disk: `> /dev/full`), or quietly with exit 0 (a reader that went away: `| head -1`);
never a traceback, nor Python's complaint about a list left half read.

Each command runs in a process of its own, against a live sandbox of each kind."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import api_root
from tests.hostile_support import COMMAND, isolated_env
from tui.sandbox import create_app
from tui.sandbox.server import running_server

TOKEN, SECRET = "output-token-Mm1", "output-secret-Nn2-value"
#: Enough records for `list --all` to write more than a pipe holds (64 KiB).
RECORDS = 600
FULL = Path("/dev/full")
DISK_FULL = "easycart-tui: cannot write the output: No space left on device\n"
pytestmark = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")


@pytest.fixture(scope="module", params=["plain", "wordpress-query"])
def store_url(request: pytest.FixtureRequest) -> Iterator[str]:
    flavor = "plain" if request.param == "plain" else "wordpress"
    app = create_app(records=RECORDS, token=TOKEN, secret=SECRET, flavor=flavor)
    with running_server(app) as site:
        yield api_root(site, request.param)


def run_into_full_disk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    with FULL.open("w") as full:
        return subprocess.run([COMMAND, *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, env=env, input="", timeout=60, check=False)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_list_all_onto_a_full_disk_is_one_line(store_url: str, tmp_path: Path,
                                               fmt: str) -> None:
    result = run_into_full_disk(isolated_env(tmp_path, store_url, SECRET, TOKEN),
                                "list", "--all", "--format", fmt)
    assert (result.returncode, result.stderr) == (1, DISK_FULL)


@pytest.mark.parametrize("command", [["list"], ["list", "--perpage", "1"], ["check"],
                                     ["list", "--where", "count>=0", "--format", "ids"]],
                         ids=["page", "one-row", "check", "where"])
def test_any_command_onto_a_full_disk_is_one_line(store_url: str, tmp_path: Path,
                                                  command: list[str]) -> None:
    """Short output is still in the buffer when the command ends: the last flush
    fails, not a write."""
    result = run_into_full_disk(isolated_env(tmp_path, store_url, SECRET, TOKEN), *command)
    assert (result.returncode, result.stderr) == (1, DISK_FULL)


def test_a_reader_that_goes_away_ends_the_list_quietly(store_url: str, tmp_path: Path) -> None:
    process = subprocess.Popen([COMMAND, "list", "--all"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                               env=isolated_env(tmp_path, store_url, SECRET, TOKEN))
    assert process.stdout is not None and process.stderr is not None
    try:
        assert process.stdout.readline().startswith("id ")
        process.stdout.close()  # as `| head -1` does, with most of the list unwritten
        assert process.wait(timeout=60) == 0
        assert process.stderr.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        process.stderr.close()


def test_no_crash_log_is_left_by_a_full_disk(store_url: str, tmp_path: Path) -> None:
    env = isolated_env(tmp_path, store_url, SECRET, TOKEN)
    run_into_full_disk(env, "list", "--all")
    crashes = Path(env["EASYCART_TUI_DATA"]) / "crashes"
    assert not crashes.exists() or os.listdir(crashes) == []
