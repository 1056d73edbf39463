"""Serving the sandbox store over HTTP on a real socket, with uvicorn.

`serve` is the standalone server a person starts and points the app at; the
`running_server` context manager hosts an app in a background thread, for tests
that need a real socket between client and store.
"""

from __future__ import annotations

import asyncio
import shlex
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO

import uvicorn
from starlette.applications import Starlette

from tui.sandbox.app import create_app
from tui.sandbox.options import SandboxOptions

_POLL_SECONDS = 0.01


def serve(
    options: SandboxOptions | None = None,
    /,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    out: TextIO | None = None,
    **fields: Any,
) -> None:
    """Serve a sandbox store made with `options` (`fields` change some) until
    interrupted, printing how to reach it once it listens.

    The port is bound first (so "address in use" fails at once, as `OSError`) and the
    data seeded before listening (so the printed URL answers at once). Port 0 picks
    a free port, and the real one is printed. A database that cannot be used raises
    `tui.sandbox.store.StoreError`.
    """
    options = SandboxOptions.given(options, fields)
    with _bind(host, port) as sock, suppress(KeyboardInterrupt):
        app = create_app(options)
        asyncio.run(_serve(app, sock, options.token, options.secret, out or sys.stdout))


async def _serve(app: Starlette, sock: socket.socket, token: str, secret: str, out: TextIO) -> None:
    try:
        await app.state.store.ready()
    except BaseException:
        await app.state.store.close()
        raise
    server = uvicorn.Server(_config(app))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not serving.done():
        await asyncio.sleep(_POLL_SECONDS)
    if server.started:
        _print_banner(app.state.flavor.api_roots(_base_url(sock)), token, secret, out)
    await serving


def _print_banner(api_roots: tuple[str, ...], token: str, secret: str, out: TextIO) -> None:
    """The API root to use, then the form it takes on a WordPress site with plain
    permalinks (if the store is one), and the credentials."""
    url, *other_forms = api_roots
    settings = {"EASYCART_URL": url, "EASYCART_TOKEN": token, "EASYCART_SECRET": secret}
    example = " ".join(f"{name}={shlex.quote(value)}" for name, value in settings.items())
    also = "".join(f"  with plain permalinks: {other}\n" for other in other_forms)
    print(
        f"Sandbox store listening on {url}\n"
        f"{also}"
        f"  token:  {token}\n"
        f"  secret: {secret}\n"
        f"Try:\n"
        f"  {example} easycart-tui list\n"
        f"Press Ctrl+C to stop.",
        file=out,
        flush=True,
    )


@contextmanager
def running_server(
    app: Starlette, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0
) -> Iterator[str]:
    """Serve `app` from a background thread; yields its base URL, e.g. `http://127.0.0.1:PORT`.

    Startup and shutdown each wait at most `timeout` seconds.
    """
    with _bind(host, port) as sock:
        server = uvicorn.Server(_config(app))
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="sandbox-server", daemon=True
        )
        thread.start()
        try:
            deadline = time.monotonic() + timeout
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the sandbox server did not start")
                time.sleep(_POLL_SECONDS)
            yield _base_url(sock)
        finally:
            server.should_exit = True
            thread.join(timeout)


def _config(app: Starlette) -> uvicorn.Config:
    return uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=5)


def _bind(host: str, port: int) -> socket.socket:
    """A bound (not yet listening) TCP socket; uvicorn starts listening on it."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def _base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
