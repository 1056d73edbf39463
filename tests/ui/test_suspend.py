"""ctrl+z suspends the app as it does any terminal program, giving the terminal back,
and `fg` (SIGCONT) brings it back, drawn afresh and answering keys."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.pty_support import COMMAND, WAIT, Terminal

pytestmark = pytest.mark.slow

#: Leaving the alternate screen: the terminal is the shell's again.
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


def _state(pid: int) -> str:
    """The process state letter from /proc ("T": stopped)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0]


def _wait_for_state(terminal: Terminal, state: str) -> None:
    deadline = time.monotonic() + WAIT
    while _state(terminal.process.pid) != state:
        assert time.monotonic() < deadline, f"the app never reached state {state!r}"
        terminal.read(0.05)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_z_suspends_and_sigcont_resumes(tmp_path: Path) -> None:
    terminal = Terminal([COMMAND, "--sandbox"], home=tmp_path, as_a_job=True)
    try:
        terminal.wait_for(r"page 1 .*50 rows")
        terminal.type("a")  # a dialog stops the app's other keys, not this one
        terminal.wait_for(r"Add a download")
        suspended_from = len(terminal.raw)
        terminal.type("\x1a")  # ctrl+z
        _wait_for_state(terminal, "T")
        terminal.read(0.2)
        assert LEAVE_ALTERNATE_SCREEN in terminal.raw[suspended_from:]
        terminal.screen.reset()  # forget what was drawn: it must be drawn again
        os.kill(terminal.process.pid, signal.SIGCONT)
        terminal.wait_for(r"Add a download")
        assert _state(terminal.process.pid) != "T"
        terminal.type("\x1b")  # Esc closes the form, unchanged
        terminal.wait_for(r"Add a download", present=False)
        terminal.type("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_without_a_shell_to_resume_it_ctrl_z_says_so_and_keeps_running(tmp_path: Path) -> None:
    # As `ssh -t host easycart-tui` runs it: stopped, nothing could ever resume it.
    terminal = Terminal([COMMAND, "--sandbox"], home=tmp_path)
    try:
        terminal.wait_for(r"page 1 .*50 rows")
        terminal.type("\x1a")  # ctrl+z
        terminal.wait_for(r"Not suspended: no shell started this app")
        assert _state(terminal.process.pid) != "T"
        terminal.type("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()
