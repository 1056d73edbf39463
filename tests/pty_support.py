"""The app in its own process on a real terminal (a pty), in front of a sandbox
store on a loopback port that notes every write it is sent.

Keys are written as a terminal writes them; keys typed ahead over a slow link
arrive in one `write`, which is what Pilot cannot reproduce.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui.sandbox import create_app
from tui.sandbox.server import running_server

COMMAND = str(Path(sys.executable).parent / "easycart-tui")
TOKEN, SECRET = "pty-token", "pty-secret"
#: The longest any one wait here lasts, in seconds.
WAIT = 20.0


class NotingWrites:
    """An ASGI app in front of a store: keeps each POST/PUT/PATCH body it passes on."""

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


class Terminal:
    """A pty with the app on its other side."""

    def __init__(self, process: subprocess.Popen[bytes], master: int) -> None:
        self.process = process
        self.master = master
        self.seen = b""

    def write(self, keys: str) -> None:
        """Send `keys` in one write, as a burst."""
        os.write(self.master, keys.encode())

    def wait_for(self, text: str) -> None:
        """Read what the app draws until `text` appears in it."""
        wanted = text.encode()
        deadline = time.monotonic() + WAIT
        while wanted not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never appeared; last drawn: {self.seen[-400:]!r}"
            ready, _, _ = select.select([self.master], [], [], min(left, 0.1))
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:  # the app has gone
                    break
        assert wanted in self.seen, (f"{text!r} never appeared; the app ended: "
                                     f"{self.seen[-600:]!r}")

    def drain(self) -> None:
        """Forget what was drawn so far (so `wait_for` sees only what comes next)."""
        self.seen = b""


@contextmanager
def app_on_terminal(tmp_path: Path, store: NotingWrites, size: tuple[int, int] = (100, 30),
                    ) -> Iterator[Terminal]:
    """The app on a pty of `size` (columns, rows), open on `store`'s first page."""
    with running_server(store) as url:
        master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("EASYCART_", "NO_COLOR"))} | {
            "EASYCART_URL": url, "EASYCART_TOKEN": TOKEN, "EASYCART_SECRET": SECRET,
            "EASYCART_TUI_DATA": str(tmp_path / "data"),
            "EASYCART_TUI_STATE": str(tmp_path / "state"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "HOME": str(tmp_path), "TERM": "xterm-256color"}
        process = subprocess.Popen([COMMAND], stdin=slave, stdout=slave, stderr=slave,
                                   env=env, close_fds=True, start_new_session=True)
        os.close(slave)
        terminal = Terminal(process, master)
        try:
            terminal.wait_for("rows")
            yield terminal
        finally:
            process.kill()
            process.wait(WAIT)
            os.close(master)


def sandbox_store(records: int = 5) -> NotingWrites:
    return NotingWrites(create_app(records=records, token=TOKEN, secret=SECRET))
