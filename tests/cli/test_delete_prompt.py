"""`delete`, and `update` and `delete` of a set, ask first on a terminal, naming the
count; "no" is the user's choice, not a failure."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import time
from pathlib import Path

import pytest

from tests.hostile_support import COMMAND

pytestmark = pytest.mark.slow

WAIT = 30.0


def _on_a_terminal(args: list[str], answer: str, tmp_path: Path) -> tuple[int, str]:
    """Run the command with a pty as its terminal, answer its question, and return
    its exit code and everything it wrote."""
    master, slave = pty.openpty()
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("EASYCART_")} | {
        "EASYCART_TUI_DATA": str(tmp_path / "data"),
        "EASYCART_TUI_STATE": str(tmp_path / "state"), "HOME": str(tmp_path)}
    process = subprocess.Popen([COMMAND, *args], stdin=slave, stdout=slave, stderr=slave,
                               env=env, close_fds=True)
    os.close(slave)
    written = b""
    answered = False
    deadline = time.monotonic() + WAIT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                written += chunk
            if not answered and b"[y/N]" in written:
                os.write(master, answer.encode() + b"\n")
                answered = True
            if process.poll() is not None and not ready:
                break
        return process.wait(timeout=WAIT), written.decode(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)


def _first_id(tmp_path: Path) -> str:
    listed = subprocess.run([COMMAND, "--sandbox", "list", "--perpage", "1", "--format", "csv"],
                            capture_output=True, text=True, timeout=WAIT,
                            env=os.environ | {"EASYCART_TUI_STATE": str(tmp_path / "state")})
    return listed.stdout.splitlines()[1].split(",")[0]


@pytest.mark.parametrize(("answer", "said"), [("n", "Not deleted."), ("", "Not deleted."),
                                              ("y", "deleted; `easycart-tui undo`")])
def test_the_answer_at_the_prompt_is_the_users_choice(tmp_path: Path, answer: str,
                                                      said: str) -> None:
    download_id = _first_id(tmp_path)
    code, written = _on_a_terminal(["--sandbox", "delete", download_id], answer, tmp_path)
    assert f"Delete download {download_id}" in written
    assert said in written
    assert code == 0


@pytest.mark.parametrize(("answer", "said"), [("n", "Nothing was updated."),
                                              ("y", " skipped, 0 failed")])
def test_a_set_is_written_only_when_the_user_says_yes(tmp_path: Path, answer: str,
                                                     said: str) -> None:
    code, written = _on_a_terminal(
        ["--sandbox", "update", "--where", "product=5725", "--set", "count=1"], answer, tmp_path)
    asked = re.search(r"Update (\d+) downloads meeting product=5725 \(set download_count=1\)\? "
                      r"\[y/N\]", written)
    assert asked, written
    assert said in written and code == 0
    if answer == "y":  # some have a count of 1 already: skipped, and said so
        done = re.search(r"(\d+) changed, (\d+) skipped, 0 failed", written)
        assert done and int(done[1]) + int(done[2]) == int(asked[1]), written
