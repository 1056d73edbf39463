"""The real `easycart-tui` command in a pseudo-terminal, against a sandbox served
on a loopback port: find a download, fix its count, quit, and check the store."""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyte
import pytest

from tui.api.client import DownloadsClient
from tui.sandbox import DEFAULT_SECRET, DEFAULT_TOKEN

COMMAND = str(Path(sys.executable).parent / "easycart-tui")
COLUMNS, LINES = 100, 30
WAIT = 20.0


@pytest.fixture
def served_sandbox() -> Iterator[str]:
    """`easycart-tui sandbox` on a free port; its base URL."""
    process = subprocess.Popen(
        [COMMAND, "sandbox", "--port", "0", "--records", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    found: list[str] = []

    def read_banner() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if match := re.search(r"http://127\.0\.0\.1:\d+", line):
                found.append(match.group(0))
                return

    reader = threading.Thread(target=read_banner, daemon=True)
    reader.start()
    reader.join(timeout=WAIT)
    try:
        assert found, "the sandbox did not print its URL"
        yield found[0]
    finally:
        process.terminate()
        process.wait(timeout=WAIT)


class Terminal:
    """A process on a pty, with what it draws kept in a pyte screen."""

    def __init__(self, argv: list[str], home: Path) -> None:
        self.raw = bytearray()  # every byte the program wrote, escape sequences and all
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        # Only the flags say which store: no config file, no EASYCART_* settings.
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("EASYCART", "TEXTUAL"))}
        env |= {"TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES),
                "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_DATA_HOME": str(home / ".local" / "share")}
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def _read(self, seconds: float) -> None:
        ready, _, _ = select.select([self.master], [], [], seconds)
        if ready:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # the process closed the terminal
                time.sleep(seconds)
                return
            self.raw += data
            self.stream.feed(data)

    def wait_for(
        self, pattern: str, timeout: float = WAIT, present: bool = True
    ) -> re.Match[str] | None:
        """Read output until `pattern` (a regex) is on screen (or, not `present`, gone)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.text)
            if bool(match) is present:
                return match
            self._read(0.05)
        raise AssertionError(f"{pattern!r} never {'appeared' if present else 'went'}; "
                             f"the screen:\n{self.text}")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_exit(self, timeout: float = WAIT) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise AssertionError(f"the app did not exit; the screen:\n{self.text}")
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=WAIT)
        os.close(self.master)


def test_find_fix_and_quit_in_a_real_terminal(served_sandbox: str, tmp_path: Path) -> None:
    terminal = Terminal([COMMAND, "--url", served_sandbox, "--token", DEFAULT_TOKEN,
                         "--secret", DEFAULT_SECRET], home=tmp_path)
    try:
        terminal.wait_for(r"page 1 .*50 rows")
        terminal.type("n")
        terminal.wait_for(r"page 2 .*50 rows")
        terminal.type("/seo")
        terminal.wait_for(r"page 1 of 1  │  \d+ rows  │  sort: store order  │  search: “seo” *\n")
        terminal.type("\r")  # apply now, back to the table
        terminal.wait_for(r"▁{20}", present=False)  # the search box has gone
        terminal.type("\r")  # open the record under the cursor
        title = terminal.wait_for(r"Download ([0-9a-z]+)\s")
        assert title is not None
        download_id = title.group(1)
        terminal.wait_for(r"Download count")
        terminal.type("e")
        terminal.wait_for(rf"Edit download {download_id}")
        terminal.type("\t\t77")  # to download_count, replacing its text
        terminal.wait_for(r"Download count\s+77")
        terminal.type("\x13")  # ctrl+s
        terminal.wait_for(rf"Saved download\s.*\n.*{download_id[:20]}")  # a long id wraps
        terminal.type("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()

    async def held() -> int:
        async with DownloadsClient(served_sandbox, DEFAULT_TOKEN, DEFAULT_SECRET) as client:
            return (await client.get(download_id)).download_count

    assert asyncio.run(held()) == 77
