"""Stores that misbehave, on 127.0.0.1: an ASGI app with scripted answers, and raw
TCP servers that never answer or reset the connection; the command run against a
store, in a process of its own or in this one."""

from __future__ import annotations

import io
import os
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout, suppress
from pathlib import Path
from typing import Literal
from unittest import mock

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

COMMAND = str(Path(sys.executable).parent / "easycart-tui")
TOKEN, SECRET = "hostile-token", "hostile-secret-Zq81"
MIB = 1024 * 1024
#: How long a raw server waits for a connection before looking whether to stop,
#: for one to join when stopping, and for a socket's reads and writes.
_ACCEPT_SECONDS, _JOIN_SECONDS, _IO_SECONDS = 0.05, 5, 5
#: The variables that tell a command the terminal's size.
TERMINAL_SIZE = ("COLUMNS", "LINES")


def _json(body: str, status: int = 200) -> Callable[[], Response]:
    return lambda: Response(body, status, media_type="application/json")


#: Scenario name -> the answer every request in it gets.
ANSWERS: dict[str, Callable[[], Response]] = {
    "html500": lambda: Response("<html><body><h1>Fatal error</h1></body></html>", 500,
                                media_type="text/html"),
    "unavailable": _json('{"code": "down", "message": "Maintenance"}', 503),
    "empty": _json(""),
    "invalid": _json('{"download_id": "abc123", '),
    "envelope": _json('{"data": [{"download_id": "abc123"}]}'),
    "string": _json('"downloads"'),
    "null": _json("null"),
    "huge": _json("[" + ",".join([f'"{"x" * 1000}"'] * (9 * 1024)) + "]"),
    "missing": _json('{"download_id": "abc123"}'),
    "types": _json('{"download_id": ["abc"], "product_id": {"a": 1}, "order_id": true,'
                   ' "download_count": "many"}'),
    "nan": _json('{"download_id": "abc1", "product_id": NaN}'),
    "evil": _json('{"code": "x\\u001b[2J", "message": "bad \\u001b]0;pwned\\u0007'
                  ' \\u202eevil \\u009b31m"}', 400),
}


class HostileStore:
    """One ASGI app serving every scenario under its own path prefix
    (`/<scenario>/downloads`); keeps (scenario, method) of each request."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.app = Starlette(routes=[Route(
            "/{scenario}/{rest:path}", self._answer,
            methods=["GET", "POST", "PATCH", "DELETE"],
        )])

    async def _answer(self, request: Request) -> Response:
        """`/<scenario>/…`; `/<scenario>-writes/…` answers reads with a record and
        only the writes as the scenario says."""
        scenario = request.path_params["scenario"]
        self.seen.append((scenario, request.method))
        answered, writes_only = scenario.removesuffix("-writes"), scenario.endswith("-writes")
        if writes_only and request.method == "GET":
            return _json('{"download_id": "abc123", "product_id": 1, "order_id": 1, '
                         '"download_count": 0, "download_file_name": "a.zip"}')()
        return ANSWERS[answered]()

    def count(self, scenario: str, method: str) -> int:
        return self.seen.count((scenario, method))


@contextmanager
def serving(handle: Callable[[socket.socket], None]) -> Iterator[int]:
    """A TCP server on 127.0.0.1 calling `handle` for each connection (in a thread of
    its own); yields its port, and stops (bounded) afterwards."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(_ACCEPT_SECONDS)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(_IO_SECONDS)
            worker = threading.Thread(target=_closing(handle, conn), daemon=True)
            workers.append(worker)
            worker.start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(_JOIN_SECONDS)
        listener.close()
        for worker in workers:
            worker.join(_JOIN_SECONDS)


def _closing(handle: Callable[[socket.socket], None], conn: socket.socket) -> Callable[[], None]:
    def run() -> None:
        with conn, suppress(OSError):
            handle(conn)
    return run


@contextmanager
def raw_server(behaviour: Literal["silent", "reset"]) -> Iterator[tuple[str, list[socket.socket]]]:
    """A TCP server on 127.0.0.1 that accepts and then never answers (`silent`) or
    reads the request and resets the connection (`reset`). Yields its URL and the
    connections it accepted."""
    accepted: list[socket.socket] = []
    released = threading.Event()

    def handle(conn: socket.socket) -> None:
        accepted.append(conn)
        if behaviour == "silent":
            released.wait(_JOIN_SECONDS)  # held open, unanswered, until the test ends
            return
        with suppress(OSError):
            conn.recv(65536)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    with serving(handle) as port:
        try:
            yield f"http://127.0.0.1:{port}", accepted
        finally:
            released.set()


def unused_port() -> int:
    """A loopback port nothing listens on (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(tmp_path: Path, url: str, secret: str = SECRET,
                 token: str = TOKEN) -> dict[str, str]:
    """The environment for a command: this store, and data, config and home in `tmp_path`;
    no terminal size (what runs the tests may set one: a table would fit it)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("EASYCART_", "XDG_")) and k not in TERMINAL_SIZE}
    env.update(
        HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "share"), XDG_STATE_HOME=str(tmp_path / "state"),
        EASYCART_TUI_DATA=str(tmp_path / "data"), EASYCART_URL=url,
        EASYCART_TOKEN=token, EASYCART_SECRET=secret,
    )
    return env


def run_command(env: dict[str, str], *args: str,
                timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, env=env, input="",
                          timeout=timeout)


def run_in_process(env: dict[str, str], *args: str, stdin: str = "",
                   backoff: float | None = 0) -> subprocess.CompletedProcess[str]:
    """`easycart-tui ARGS` as `run_command` runs it, but by its `main` in this process:
    exactly `env` as the environment, `stdin` as standard input (not a terminal), both
    outputs captured, the exit code as the process would end with it. For what a
    command does, where a process of its own adds nothing (start-up, signals, pipes and
    exit codes are tested with real processes).

    A failed read is tried again as often as ever, but at once: the clients the
    command opens pause `backoff` seconds between tries (None: the usual pauses,
    which have tests of their own)."""
    from tui.api.client import DownloadsClient
    from tui.cli.main import main

    defaults = dict(DownloadsClient.__init__.__kwdefaults__ or {})
    if backoff is not None:
        defaults["backoff"] = backoff
    out, err = io.StringIO(), io.StringIO()
    outer, outer_stdin = dict(os.environ), sys.stdin
    os.environ.clear()
    os.environ.update(env)
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err), \
                mock.patch.object(DownloadsClient.__init__, "__kwdefaults__", defaults):
            try:
                code = main(list(args))
            except SystemExit as stop:  # argparse's refusals: its message is on stderr
                code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
                if isinstance(stop.code, str):
                    print(stop.code, file=sys.stderr)
    finally:
        sys.stdin = outer_stdin
        os.environ.clear()
        os.environ.update(outer)
    return subprocess.CompletedProcess([COMMAND, *args], code, out.getvalue(), err.getvalue())


def assert_one_line_failure(result: subprocess.CompletedProcess[str], words: str,
                            code: int = 1) -> None:
    """Exit `code`, nothing on stdout, exactly one line on stderr that says `words`."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("easycart-tui: ") and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr

