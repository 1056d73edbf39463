"""Programs on a real terminal (a pty), and a sandbox store on a loopback port that
notes what it is sent.

Keys are written as a terminal writes them; keys typed ahead over a slow link
arrive in one `write`, which is what Pilot cannot reproduce.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyte

from tests.hostile_support import COMMAND
from tui.sandbox import create_app
from tui.sandbox.server import running_server

COLUMNS, LINES = 100, 30
#: The longest any one wait here lasts, in seconds.
WAIT = 20.0
TOKEN, SECRET = "pty-token", "pty-secret"


class Terminal:
    """A process on a pty, with what it draws kept in a pyte screen."""

    def __init__(self, argv: list[str], home: Path, size: tuple[int, int] = (COLUMNS, LINES),
                 *, as_a_job: bool = False) -> None:
        """`as_a_job`: started as a job-control shell starts a command (a process group
        of its own in this session, so this process could resume it); else in a
        session of its own, as `ssh -t host COMMAND` runs it."""
        columns, lines = size
        self.raw = bytearray()  # every byte the program wrote, escape sequences and all
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        # Only the flags say which store: no config file, no EASYCART_* settings.
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("EASYCART", "TEXTUAL"))}
        env |= {"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines),
                "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_DATA_HOME": str(home / ".local" / "share")}
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env,
            start_new_session=not as_a_job, process_group=0 if as_a_job else None,
            close_fds=True,
        )
        os.close(slave)
        self.master = master

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def read(self, seconds: float) -> None:
        """Take in what the program draws within `seconds` (one read at most)."""
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
            self.read(0.05)
        raise AssertionError(f"{pattern!r} never {'appeared' if present else 'went'}; "
                             f"the screen:\n{self.text}")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_exit(self, timeout: float = WAIT) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read(0.05)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise AssertionError(f"the app did not exit; the screen:\n{self.text}")
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=WAIT)
        os.close(self.master)


class NotingWrites:
    """An ASGI app in front of a store: keeps each POST/PUT/PATCH body it passes on
    (the credentials check aside)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.writes: list[tuple[str, dict[str, Any]]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        chunks: list[bytes] = []

        async def noting() -> Any:
            message = await receive()
            chunks.append(message.get("body", b""))
            return message

        await self.app(scope, noting, send)
        if "authenticate" not in scope["path"]:
            body = b"".join(chunks)
            self.writes.append((scope["method"], json.loads(body) if body else {}))

    def wait_for_write(self) -> tuple[str, dict[str, Any]]:
        """The first write, once the store has it."""
        deadline = time.monotonic() + WAIT
        while not self.writes:
            assert time.monotonic() < deadline, "the store was sent nothing"
            time.sleep(0.02)
        return self.writes[0]


@contextmanager
def app_on_terminal(home: Path, store: NotingWrites) -> Iterator[Terminal]:
    """The app on a pty, open on `store`'s first page."""
    with running_server(store) as url:
        terminal = Terminal([COMMAND, "--url", url, "--token", TOKEN, "--secret", SECRET],
                            home=home)
        try:
            terminal.wait_for(r"page 1 ")
            yield terminal
        finally:
            terminal.close()


def sandbox_store(records: int = 5) -> NotingWrites:
    return NotingWrites(create_app(records=records, token=TOKEN, secret=SECRET))
